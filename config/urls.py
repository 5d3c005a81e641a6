"""URL map: the admin for analysts, the read-only API for everyone else.

The schema and its Swagger UI are as public as the API (registry/api/permissions.py). The UI is
the split view: its start-up script is a file of its own, not inline, so the page runs under the
Content-Security-Policy (config/settings.py) without allowing inline scripts.
"""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from registry.api.permissions import ReadableAsTheAPI
from registry.api.schema import SwaggerPage

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api.urls")),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[ReadableAsTheAPI]),
        name="api-schema",
    ),
    path(
        "api/docs/",
        SwaggerPage.as_view(url_name="api-schema", permission_classes=[ReadableAsTheAPI]),
        name="api-docs",
    ),
]
