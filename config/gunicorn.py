"""gunicorn settings for serving the registry (`gunicorn -c config/gunicorn.py config.wsgi`).

The application and its URLconf (DRF, the schema, the admin) are imported once, in the master,
and the workers fork from it sharing those pages (docs/operations.md, "Memory"). `gc.freeze()`
before each fork keeps the workers' garbage collector off the shared objects: a collection
touching them would copy every page they sit on into each worker.
Workers, address and timeout stay on the command line (`make run`).
"""

import gc

preload_app = True


def when_ready(server):
    # Django reads the URLconf on the first request; read it here, before the workers fork.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (loading is the point)


def pre_fork(server, worker):
    from django.db import connections

    connections.close_all()  # no connection opened in the master is shared by a worker
    gc.freeze()
