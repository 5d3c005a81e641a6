"""Settings for the designation registry, read from the environment.

One module serves development, tests and production; they differ only in environment variables
(docs/operations.md lists them). With debug off there is no default secret key: the process refuses
to start rather than run with a guessable one.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# --- Secret key (ops) -------------------------------------------------------------------------
# DJANGO_SECRET_KEY, or else the key `make run` generated into var/secret_key (so that every
# management command run after it, in the same checkout, signs with the server's key). Never a
# key made up here: with debug off and neither, the process refuses to start.
SECRET_KEY_FILE = Path(os.environ.get("DJANGO_SECRET_KEY_FILE") or BASE_DIR / "var" / "secret_key")


def read_secret_key() -> str:
    if os.environ.get("DJANGO_SECRET_KEY"):
        return os.environ["DJANGO_SECRET_KEY"]
    try:
        return SECRET_KEY_FILE.read_text().strip()
    except FileNotFoundError:
        return ""


SECRET_KEY = read_secret_key()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off, and {SECRET_KEY_FILE} "
            "(written by `make run`) holds none (set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG=1"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",  # login lockout (ops: "Login throttling" below)
    "csp",  # Content-Security-Policy (ops: below)
    "registry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "registry" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in var/ is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'registry.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction mode server-side cursors (used by the streamed CSV) break.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server settings for each connection. random_page_cost 1.1 (PostgreSQL's default of 4
    # prices a disk seek; the registry's tables sit in memory or on SSD): without it the planner
    # joins a search's few hundred matches to every organization by a sequential scan, 15-40 ms
    # instead of 2 (docs/benchmarks.md, scenario 2). Behind a pooler that refuses the `options`
    # startup parameter (PgBouncer), set DATABASE_PG_OPTIONS= and the setting on the server.
    pg_options = os.environ.get("DATABASE_PG_OPTIONS", "-c random_page_cost=1.1")
    if pg_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options
    # Prepared statements: a query run again on a connection (an organization by id, its
    # designations) is planned once, not on every request: a quarter of a detail's time
    # in-process. psycopg prepares a query on its 5th run; that needs the parameters bound by
    # the server. Off behind a transaction-mode pooler that does not keep prepared statements
    # (PgBouncer before 1.21, or without max_prepared_statements).
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (gunicorn workers) run while the importer writes. SQLite has one writer at
    # a time: the others wait for it, up to DATABASE_SQLITE_TIMEOUT seconds (the busy timeout;
    # Python's default of 5 s turned an admin save made during a long import into a 500
    # "database is locked"). IMMEDIATE takes the write lock when a transaction begins, where the
    # busy timeout applies; a DEFERRED transaction that reads first and then writes is refused at
    # once instead of waiting.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("DATABASE_SQLITE_TIMEOUT", "60")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- Background jobs (docs/operations.md, "Background jobs") ------------------------------------
# Work too long for a web request (the admin's official-list import) runs as a task of Django's
# task framework (the django-tasks backport; Django 6's django.tasks later). The default backend
# keeps the queue in the registry's own database (django-tasks-db), worked by
# `manage.py db_worker`, which `make run` starts beside gunicorn: no other service needed.
# REGISTRY_TASKS_BACKEND=rq queues on Redis instead (django-tasks-rq, `pip install .[rq]`),
# at REGISTRY_TASKS_REDIS_URL (default REDIS_URL), worked by
# `manage.py rqworker --job-class django_tasks_rq.Job default`.
TASKS_BACKEND = os.environ.get("REGISTRY_TASKS_BACKEND", "database")
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS: dict[str, dict[str, Any]]
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    tasks_redis = os.environ.get("REGISTRY_TASKS_REDIS_URL") or os.environ.get("REDIS_URL")
    if not tasks_redis:
        raise ImproperlyConfigured(
            "REGISTRY_TASKS_BACKEND=rq needs REGISTRY_TASKS_REDIS_URL (or REDIS_URL)"
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": tasks_redis, "DEFAULT_TIMEOUT": 3600}}
elif TASKS_BACKEND == "immediate":  # runs each task inside the request: tests and debugging only
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"REGISTRY_TASKS_BACKEND={TASKS_BACKEND!r}: use database, rq or immediate"
    )
# Uploads waiting for an import, each job in a directory of its own; files left by a crash are
# removed by `manage.py cleanup_imports` (run by `make run` at start, and by the worker).
REGISTRY_IMPORT_DIR = Path(os.environ.get("REGISTRY_IMPORT_DIR", BASE_DIR / "var" / "imports"))
# The largest upload accepted, checked while it arrives.
REGISTRY_IMPORT_MAX_BYTES = int(os.environ.get("REGISTRY_IMPORT_MAX_BYTES", 256 * 1024 * 1024))
# A dry run not confirmed within this many hours is discarded with its files.
REGISTRY_IMPORT_KEEP_HOURS = float(os.environ.get("REGISTRY_IMPORT_KEEP_HOURS", "24"))


# --- Cache (ops) -------------------------------------------------------------------------------
# The API throttle's counters live here, so every worker must see the same cache: one worker's
# own memory would let N workers each grant the full rate. Redis when REDIS_URL is set (several
# hosts); otherwise files under REGISTRY_CACHE_DIR (default var/cache/), which every worker on
# the machine shares. Not the database cache: on SQLite each throttled request would be a write,
# queued behind an import's long transaction.
CACHES: dict[str, dict[str, Any]]
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("REGISTRY_CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
            # One entry per client address (and rate): culled past this many files.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# --- Login throttling (ops) ---------------------------------------------------------------------
# django-axes: after REGISTRY_LOGIN_FAILURE_LIMIT failed logins for one username, or from one
# client address (registry.proxies.client_address, as the API throttle reads it), further
# attempts are refused, the right password included, for REGISTRY_LOGIN_COOLOFF_MINUTES. Each
# failure is logged (logger "axes") and kept in the database; superusers see the attempts in the
# admin (Axes › Access attempts, Access failures) and unlock with `manage.py axes_reset`
# (or axes_reset_username / axes_reset_ip). Its backend must stay first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("REGISTRY_LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("REGISTRY_LOGIN_COOLOFF_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks: per account, per address
AXES_CLIENT_IP_CALLABLE = "registry.proxies.client_address"
AXES_LOCKOUT_CALLABLE = "registry.admin.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure, not only the counters per key
# A success does not clear the count (AXES_RESET_ON_SUCCESS off): a guesser who also holds an
# account could otherwise wipe its address's failures by logging in as itself.

# --- Content-Security-Policy (ops) ----------------------------------------------------------------
# On every response (django-csp 4). Everything from this origin and nothing else: no inline script
# anywhere (the admin has none; Swagger UI's start-up script is served as a file,
# SpectacularSwaggerSplitView in config/urls.py). Inline styles stay allowed: the admin's and
# Swagger UI's widgets set style attributes. data: images are the icons both inline in CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Security headers on by default; DJANGO_SECURE_HTTPS=0 relaxes the HTTPS-only ones for plain HTTP
# on localhost (make run).
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Reverse proxies (ops) ---------------------------------------------------------------------
# X-Forwarded-Proto and X-Forwarded-For are believed only when the operator says how many
# proxies stand in front (REGISTRY_TRUSTED_PROXIES=N, each appending the address it was reached
# from to X-Forwarded-For, the outermost one setting X-Forwarded-Proto). With 0, the default, any
# client could send them: https links and request.is_secure() would be its choice, and so would
# its throttle and lockout keys. registry/proxies.py reads the client address for the API
# throttle and the login lockout alike; config/gunicorn.py leaves the scheme to Django.
try:
    REGISTRY_TRUSTED_PROXIES = int(os.environ.get("REGISTRY_TRUSTED_PROXIES") or 0)
except ValueError:
    REGISTRY_TRUSTED_PROXIES = -1
if REGISTRY_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(
        f"REGISTRY_TRUSTED_PROXIES={os.environ['REGISTRY_TRUSTED_PROXIES']!r} is not a number of "
        "proxies (0 when clients reach gunicorn directly)"
    )
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if REGISTRY_TRUSTED_PROXIES else None

# The registry's own switches.
REGISTRY_API_PUBLIC = env_bool("REGISTRY_API_PUBLIC", True)
REGISTRY_MAX_PAGE_SIZE = 500


def env_rate(name: str, default: str) -> str | None:
    """A DRF throttle rate such as "120/min"; "off" disables that throttle."""
    value = os.environ.get(name, default).strip()
    return None if value.lower() in {"off", "none", "0"} else value


# The read-only API (registry/api, docs/api.md). Public: anyone may read; with
# REGISTRY_API_PUBLIC=0 every request needs a DRF token (Authorization: Token <key>). The API
# views read REGISTRY_API_PUBLIC on each request; the default below covers every other DRF view.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["registry.api.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PARSER_CLASSES": ["registry.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.AllowAny"
        if REGISTRY_API_PUBLIC
        else "rest_framework.permissions.IsAuthenticated"
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "registry.api.renderers.StrictContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.RegistryPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "registry.api.errors.exception_handler",
    # Throttle state lives in the cache: set REDIS_URL when more than one worker serves.
    "DEFAULT_THROTTLE_CLASSES": [
        "registry.api.throttling.AnonymousThrottle",
        "registry.api.throttling.TokenUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("REGISTRY_THROTTLE_ANON", "120/min"),
        "user": env_rate("REGISTRY_THROTTLE_USER", "1200/min"),
    },
    # The client address (the throttle's key) is registry.proxies.client_address: the same
    # reading as the login lockout's, set by REGISTRY_TRUSTED_PROXIES.
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Designation registry API",
    "DESCRIPTION": (
        "Read-only access to terrorist-organization designations: who designated whom, under "
        "which law, since when, with what consequences. Every list answers CSV too "
        "(`?format=csv`). Guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from local static files (drf-spectacular-sidecar): no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"PrecisionEnum": "registry.dates.Precision"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.closed_summaries",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
