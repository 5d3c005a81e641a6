"""Who may read: anyone while the API is public, authenticated clients (a token, or a signed-in
admin session) when REGISTRY_API_PUBLIC is false. Read on each request, so override_settings
reaches it. Used by the schema and the docs page (config/urls.py): they describe the API, so
they are exactly as private as it is.
"""

from django.conf import settings
from rest_framework.permissions import BasePermission


class ReadableAsTheAPI(BasePermission):
    def has_permission(self, request, view) -> bool:
        return settings.REGISTRY_API_PUBLIC or bool(request.user and request.user.is_authenticated)
