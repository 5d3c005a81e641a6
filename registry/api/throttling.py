"""Throttles whose rates are read when a request comes in, not when the module is imported,
keyed by the client address as the login lockout reads it (registry/proxies.py).

DRF's throttles copy the rates at import, so changing REST_FRAMEWORK (in tests, or through
override_settings) would not reach them. Rates come from settings.REST_FRAMEWORK
["DEFAULT_THROTTLE_RATES"], set from REGISTRY_THROTTLE_ANON / REGISTRY_THROTTLE_USER. Their
counters live in the default cache, which every worker shares (config/settings.py, "Cache").
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from registry.proxies import client_address


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)


class TokenUserThrottle(UserRateThrottle):
    """Clients with a token; an anonymous client is the anonymous throttle's alone (DRF's would
    count it here too, so REGISTRY_THROTTLE_ANON=off still left it the user rate)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # not throttled here
        return super().get_cache_key(request, view)

    def get_ident(self, request):
        return client_address(request)
