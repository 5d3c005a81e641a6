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
