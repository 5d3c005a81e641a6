"""The /api/v1/ routes. A new resource is one `router.register` line; an endpoint that is not a
resource is one `path` below and, to be listed at /api/v1/, one line of `ENDPOINTS`."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import match, views
from .changes import ChangeFeedViewSet
from .exports import EntitiesView, TargetsView

app_name = "api"

# The endpoints beside the resources that the root lists too: its key, and the route's name.
ENDPOINTS = {
    "match": "match",
    "match-bulk": "match-bulk",
    "export-ftm": "export-ftm",
    "export-targets": "export-targets",
}


class Router(DefaultRouter):
    """The router whose root (/api/v1/) lists the resources and ENDPOINTS."""

    def get_api_root_view(self, api_urls=None):
        listed = {prefix: f"{basename}-list" for prefix, _, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict={**listed, **ENDPOINTS})


router = Router(trailing_slash=True)
router.include_format_suffixes = False  # ?format=csv instead; keeps one path per operation
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("designations", views.DesignationViewSet, basename="designation")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("authorities", views.AuthorityViewSet, basename="authority")
router.register("countries", views.CountryViewSet, basename="country")
router.register("legal-consequences", views.LegalConsequenceViewSet, basename="legal-consequence")
router.register("changes", ChangeFeedViewSet, basename="change")

urlpatterns = [
    *router.urls,
    path("match/", match.MatchView.as_view(), name="match"),
    path("match/bulk/", match.MatchBulkView.as_view(), name="match-bulk"),
    path("exports/entities.ftm.json", EntitiesView.as_view(), name="export-ftm"),
    path("exports/targets.simple.csv", TargetsView.as_view(), name="export-targets"),
    # [\s\S]: a path with a newline in it is unknown too, and answered in JSON like any other
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not-found"),
]
