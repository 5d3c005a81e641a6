"""Where a fact came from: a Federal Register notice, a press release, an official list file."""

from django.db import models
from simple_history.models import HistoricalRecords


class Confidence(models.TextChoices):
    """How sure the registry is of one fact (a date, a country link)."""

    CONFIRMED = "confirmed", "Confirmed in an official source"
    REPORTED = "reported", "Reported by a secondary source"
    UNVERIFIED = "unverified", "Not verified"
    INFERRED = "inferred", "Inferred (e.g. a country read from the name)"


class SourceManager(models.Manager["Source"]):
    def get_by_natural_key(self, key: str) -> "Source":
        return self.get(key=key)


class Source(models.Model):
    class Kind(models.TextChoices):
        FEDERAL_REGISTER = "federal_register", "Federal Register notice"
        PRESS_RELEASE = "press_release", "Press release"
        OFFICIAL_LIST = "official_list", "Official list file"
        STATUTE = "statute", "Statute or regulation"
        REPORT = "report", "Government or research report"
        NEWS = "news", "News report"
        REFERENCE = "reference", "Third-party reference copy"
        OTHER = "other", "Other"

    class Reliability(models.TextChoices):
        OFFICIAL = "official", "Official (the authority's own publication)"
        SECONDARY = "secondary", "Secondary (a reputable copy or report)"
        UNVERIFIED = "unverified", "Unverified"

    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable key used by seeds and imports."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    reliability = models.CharField(
        max_length=12, choices=Reliability.choices, default=Reliability.UNVERIFIED
    )
    sha256 = models.CharField(max_length=64, blank=True, help_text="For files: their SHA-256.")
    whole_list = models.BooleanField(
        default=False,
        help_text="An import read this file as the whole list of its day (not --partial): a copy "
        "of the same list of an earlier day is refused after it.",
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = SourceManager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.key,)
