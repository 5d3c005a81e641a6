"""Throttles whose rates are read when a request comes in, not when the module is imported.

DRF's throttles copy the rates at import, so changing REST_FRAMEWORK (in tests, or through
override_settings) would not reach them. Rates come from settings.REST_FRAMEWORK
["DEFAULT_THROTTLE_RATES"], set from REGISTRY_THROTTLE_ANON / REGISTRY_THROTTLE_USER.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenUserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
