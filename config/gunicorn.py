"""gunicorn settings for serving the registry (`gunicorn -c config/gunicorn.py config.wsgi`).

The application and its URLconf (DRF, the schema, the admin) are imported once, in the master,
and the workers fork from it sharing those pages (docs/operations.md, "Memory"). `gc.freeze()`
before each fork keeps the workers' garbage collector off the shared objects: a collection
touching them would copy every page they sit on into each worker.
Workers, address and timeout stay on the command line (`make run`).

gunicorn believes X-Forwarded-Proto from 127.0.0.1 by default (`forwarded_allow_ips`), which
would make every local client's `https` claim the request's scheme. It reads no proxy header
here: Django decides, from REGISTRY_TRUSTED_PROXIES (config/settings.py, "Reverse proxies").
"""

import gc

preload_app = True
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""


def when_ready(server):
    # Django reads the URLconf on the first request; read it here, before the workers fork.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (loading is the point)


def pre_fork(server, worker):
    from django.db import connections

    connections.close_all()  # no connection opened in the master is shared by a worker
    gc.freeze()
