"""The /api/v1/ routes. A new resource is one `router.register` line (the change feed and the
history endpoints will be added here)."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import match, views
from .changes import ChangeFeedViewSet
from .exports import EntitiesView, TargetsView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
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
