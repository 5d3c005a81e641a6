"""Test settings: the real settings module with test-only environment defaults.

Tests run with debug off, as production does; only the secret key and the HTTPS redirect (the test
client speaks plain HTTP) get defaults here.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_SECURE_HTTPS", "0")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test users

# In-process tests run in one process: a cache of their own, emptied between tests
# (tests/conftest.py), rather than var/cache/ beside `make run`'s. Servers the tests start use
# the production default in a directory of their own (tests/e2e/servers.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# -- Background jobs and SQLite writers (the jobs work) -----------------------------------------
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production: SQLite's in-memory test database shares one page cache between
    # connections, where a second writer is refused at once instead of waiting its busy timeout.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-registry.sqlite3")}  # noqa: F405
    # A test database need not survive a power cut: no fsync.
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
if "REGISTRY_IMPORT_DIR" not in os.environ:
    # One directory per pytest-xdist worker (`make test` runs two): a test that cleans up stale
    # uploads must not remove another worker's.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    REGISTRY_IMPORT_DIR = BASE_DIR / "var" / f"test-imports{'-' + worker if worker else ''}"  # noqa: F405
