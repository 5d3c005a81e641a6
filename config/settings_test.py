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
