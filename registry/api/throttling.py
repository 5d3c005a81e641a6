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
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)
