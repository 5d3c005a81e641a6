"""The client's address, read one way for everything that keys on it.

The API throttle (registry/api/throttling.py) and the login lockout (django-axes,
AXES_CLIENT_IP_CALLABLE) both call `client_address`, so a client has one address for both.

With no trusted proxy (settings.REGISTRY_TRUSTED_PROXIES = 0, the default) it is REMOTE_ADDR:
an X-Forwarded-For header is whatever the client chose to send. Behind N proxies, each of which
appends the address it was reached from, the last N entries of X-Forwarded-For were written by
them; the Nth from the end is the address the outermost proxy saw, and anything before it is
the client's own claim. (Django's SECURE_PROXY_SSL_HEADER, for X-Forwarded-Proto, is set from
the same setting in config/settings.py.)
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.REGISTRY_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer hops than proxies: the request skipped one, and the first hop is the best we know.
    return hops[-min(trusted, len(hops))]
