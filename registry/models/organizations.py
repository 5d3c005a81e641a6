"""Organizations and what identifies them: names and aliases, countries, list identifiers."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ..normalize import bidi_override, search_key
from ..sql import ConsonantKey, by_name
from .geography import Country
from .provenance import Confidence, Source


class Organization(models.Model):
    class Kind(models.TextChoices):
        ARMED_GROUP = "armed_group", "Armed or terrorist group"
        CARTEL = "cartel", "Cartel or criminal organization"
        GANG = "gang", "Gang"
        STATE_ENTITY = "state_entity", "State entity"
        POLITICAL = "political", "Political or religious movement"
        MEDIA = "media", "Media or front organization"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300, help_text="Primary name, as the registry shows it.")
    slug = models.SlugField(max_length=120, unique=True)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ARMED_GROUP)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [by_name(), "id"]
        # Lists walk the first index (alphabetical, case ignored: registry/sql.py's `by_name`);
        # names typed in Arabic or Hebrew script are looked up by their consonants in the second
        # (registry/selectors/search.py).
        indexes = [
            models.Index(by_name(), models.F("id"), name="organization_lower_name_id"),
            models.Index(ConsonantKey("search_key"), name="organization_consonant_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_key = search_key(self.name)  # derived, never edited by hand
        update_fields = kwargs.get("update_fields")
        renamed = not self._state.adding and (update_fields is None or "name" in update_fields)
        super().save(*args, **kwargs)
        if renamed:
            # Designations keep a copy of the name (Designation.organization_name, for ordering),
            # outside their history: the rename is recorded once, in this organization's history.
            self.designations.exclude(organization_name=self.name).update(  # history: see above
                organization_name=self.name
            )

    def clean(self) -> None:
        super().clean()
        refuse_bidi_override(self.name)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


def refuse_bidi_override(name: str) -> None:
    """A name with a bidirectional override, which shows its letters reversed, is refused."""
    override = bidi_override(name)
    if override:
        raise ValidationError({"name": f"Holds {override}, which shows the name reversed."})


class Alias(models.Model):
    class Kind(models.TextChoices):
        STRONG = "strong", "Also known as (strong)"
        WEAK = "weak", "Weak alias (not used alone for matching)"
        FORMER = "former", "Formerly known as"
        ACRONYM = "acronym", "Acronym"
        TRANSLATION = "translation", "Translation or original script"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STRONG)
    script = models.CharField(max_length=20, blank=True, help_text="e.g. Latin, Arabic, Cyrillic")
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1 code, e.g. es")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    listed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day a list first gave this name to the organization, when the record says "
        "(an amendment adding it to a designation). Empty: a name since its first listing. "
        "Answers for earlier days leave it out.",
    )
    delisted_on = models.DateField(
        null=True,
        blank=True,
        help_text="The date of the first file from the alias's source (an official list) that "
        "no longer carries it. Current answers leave it out; answers for earlier days show it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization_id", by_name(), "id"]
        verbose_name_plural = "aliases"
        indexes = [models.Index(ConsonantKey("search_key"), name="alias_consonant_key")]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="alias_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        refuse_bidi_override(self.name)
        if self.listed_on and self.delisted_on and self.delisted_on <= self.listed_on:
            raise ValidationError(
                {
                    "listed_on": f"Must be before {self.delisted_on.isoformat()}, the day a "
                    "list stopped carrying the name (delisted on)."
                }
            )


class OrganizationCountry(models.Model):
    class Role(models.TextChoices):
        BASE = "base", "Based in"
        OPERATIONS = "operations", "Operates in"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="country_links"
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organization_links"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.BASE)
    confidence = models.CharField(
        max_length=12, choices=Confidence.choices, default=Confidence.REPORTED
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization_id", "role", "country_id"]
        verbose_name = "country link"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "country", "role"], name="country_role_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.country_id}"


class Identifier(models.Model):
    """A key an official list gives the organization; imports find their rows again by it."""

    class Scheme(models.TextChoices):
        OFAC_ENT_NUM = "ofac-ent-num", "OFAC SDN entry number / uid"
        UN_REF = "un-ref", "UN reference number"
        UN_DATAID = "un-dataid", "UN DATAID"
        EU_LOGICAL_ID = "eu-logical-id", "EU logicalId"
        OPENSANCTIONS = "opensanctions", "OpenSanctions id"
        WIKIDATA = "wikidata", "Wikidata QID"
        OTHER = "other", "Other"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="identifiers"
    )
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    value = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"
