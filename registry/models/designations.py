"""Designations and the dated events that make them.

A `Designation` is one listing of one organization under one program, from its designation event
until its revocation (or its setting aside). Its events are the facts; the designation keeps a copy
of their effective dates (`designated_on`, `revoked_on`, `last_reviewed_on`) so that the in-force
rule and the database constraints can work on one row. Only `services.designations` writes those
copies, from the events.

It also keeps a copy of its organization's name (`organization_name`), so that lists ordered by
organization name walk one index, `(program, lower(organization_name), designated_on, id)`, without
joining and sorting. The copy is not history (a rename is the organization's change): it is set
when the designation is created (`save()`, and the bulk writers: services.bulk, the importer's
plan, restore) and rewritten on every designation of an organization when the organization is
renamed (`Organization.save()`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ..dates import Precision, format_partial_date, precision_error
from ..querysets import DesignationManager, Status
from ..sql import WindowEnd, by_name
from .legal import Program
from .organizations import Organization
from .provenance import Confidence, Source


class Designation(models.Model):
    # Its state on a day is derived, never stored: registry/querysets.py holds the rule, and the
    # selector (registry/selectors/designations.py) reads it with the designation.
    Status = Status

    # CASCADE so that a superuser may delete an organization; the admin refuses everyone else,
    # and every deleted row keeps its history.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="designations"
    )
    # A copy of organization.name, for ordering by name on one index (see the module docstring).
    organization_name = models.CharField(
        max_length=Organization._meta.get_field("name").max_length, editable=False
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="designations")
    designated_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    designated_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, editable=False
    )
    revoked_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    revoked_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, editable=False
    )
    # The first day each date has surely passed: the last day of its window (a month's last day,
    # 31 December; the date itself when known to the day). The database computes them, so that
    # the in-force rule reads one indexed column per end instead of one test per precision.
    designated_by = models.GeneratedField(
        expression=WindowEnd("designated_on", "designated_precision"),
        output_field=models.DateField(null=True),
        db_persist=True,
        null=True,
    )
    revoked_by = models.GeneratedField(
        expression=WindowEnd("revoked_on", "revoked_precision"),
        output_field=models.DateField(null=True),
        db_persist=True,
        null=True,
    )
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # The name copy is left out of the history: a rename must not read as a designation change;
    # so are the computed days (the dates they come from are there).
    history = HistoricalRecords(
        excluded_fields=["organization_name", "designated_by", "revoked_by"]
    )
    objects = DesignationManager()

    class Meta:
        # organization_name orders exactly as organization__name would (it is a copy), joinless.
        ordering = [by_name("organization_name"), "program__code", "designated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True)
                | models.Q(designated_on__isnull=True)
                | models.Q(revoked_on__gte=models.F("designated_on")),
                name="revocation_not_before_designation",
                violation_error_message="A revocation cannot take effect before the designation.",
            ),
            models.UniqueConstraint(
                fields=["organization", "program"],
                condition=models.Q(revoked_on__isnull=True),
                name="one_open_designation_per_program",
                violation_error_message=(
                    "This organization already has an open designation under this program; "
                    "revoke it first or add an event to it."
                ),
            ),
        ]
        indexes = [
            # the in-force COUNT(*) of a program reads this one
            models.Index(fields=["program", "designated_by", "revoked_on"]),
            # a program's designations in list order: a range scan, no sort
            models.Index(
                models.F("program"),
                by_name("organization_name"),
                models.F("designated_on"),
                models.F("id"),
                name="designation_program_lower_name",
            ),
            # every program's, in list order (PostgreSQL walks it)
            models.Index(by_name("organization_name"), name="designation_lower_org_name"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.program_id and self.program.code}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            # A new designation starts with its organization's name (the services set it before
            # validating; the admin's add form leaves it to here).
            self.organization_name = self.organization.name
        elif kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # After creation only a rename writes the copy (Organization.save()): an instance
            # read before a rename must not write its stale copy back. (Deferred fields stay
            # unsaved, as Django's own save() leaves them.)
            skip = {"organization_name", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and not f.generated and f.attname not in skip
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The database constraint says the same; this names the field for the admin and the API.
        if self.organization_id and self.program_id and self.revoked_on is None:
            open_twin = Designation.objects.filter(
                organization_id=self.organization_id,
                program_id=self.program_id,
                revoked_on__isnull=True,
            ).exclude(pk=self.pk)
            if open_twin.exists():
                raise ValidationError(
                    {
                        "program": "This organization already has an open designation under this "
                        "program; add an event to it, or revoke it first."
                    }
                )


class DesignationEvent(models.Model):
    class Kind(models.TextChoices):
        DESIGNATED = "designated", "Designated"
        AMENDED = "amended", "Amended (names or aliases)"
        REVIEWED = "reviewed", "Reviewed and maintained"
        REVOKED = "revoked", "Revoked"
        SET_ASIDE = "set_aside", "Set aside (court or Congress)"

    ENDING_KINDS = (Kind.REVOKED, Kind.SET_ASIDE)

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    signed_on = models.DateField(null=True, blank=True, help_text="The determination was signed.")
    signed_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    announced_on = models.DateField(null=True, blank=True, help_text="Press statement.")
    announced_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    effective_on = models.DateField(
        null=True, blank=True, help_text="The law runs from this date (US-FTO: FR publication)."
    )
    effective_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    citation = models.CharField(max_length=100, blank=True, help_text="e.g. 90 FR 53045")
    document_number = models.CharField(
        max_length=100, blank=True, help_text="e.g. FR doc 2025-20750"
    )
    confidence = models.CharField(
        max_length=12, choices=Confidence.choices, default=Confidence.REPORTED
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="events")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["designation_id", "effective_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["designation"],
                condition=models.Q(kind="designated"),
                name="one_designation_event_per_designation",
                violation_error_message="This designation already has its designation event.",
            ),
            models.UniqueConstraint(
                fields=["designation"],
                condition=models.Q(kind__in=["revoked", "set_aside"]),
                name="one_ending_event_per_designation",
                violation_error_message="This designation has already been revoked or set aside.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="designated") | models.Q(effective_on__isnull=False),
                name="event_effective_date_required",
                violation_error_message="Only a designation of unknown date may lack its "
                "effective date.",
            ),
        ]
        indexes = [models.Index(fields=["kind", "effective_on"])]

    def __str__(self) -> str:
        when = format_partial_date(self.effective_on, self.effective_precision) or "date unknown"
        return f"{self.get_kind_display()} {when}"

    @property
    def effective_display(self) -> str:
        return format_partial_date(self.effective_on, self.effective_precision)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field in ("signed", "announced", "effective"):
            problem = precision_error(
                getattr(self, f"{field}_on"), getattr(self, f"{field}_precision")
            )
            if problem:
                errors[f"{field}_on"] = problem
        if self.kind != self.Kind.DESIGNATED and self.effective_on is None:
            errors.setdefault("effective_on", "This kind of event needs its effective date.")
        if (
            self.signed_on
            and self.effective_on
            and self.signed_on > self.effective_on
            and self.signed_precision == self.effective_precision == Precision.DAY
        ):
            errors.setdefault("signed_on", "A determination cannot be signed after it took effect.")
        if self.designation_id and self.effective_on and "effective_on" not in errors:
            problem = self._order_error()
            if problem:
                errors["effective_on"] = problem
        if errors:
            raise ValidationError(errors)

    def _order_error(self) -> str | None:
        """Events of one designation cannot end it before it began, or begin it after its end."""
        siblings = DesignationEvent.objects.filter(designation_id=self.designation_id).exclude(
            pk=self.pk
        )
        if self.kind in self.ENDING_KINDS:
            start = siblings.filter(kind=self.Kind.DESIGNATED, effective_on__isnull=False).first()
            if (
                start
                and start.effective_on
                and self.effective_on
                and (self.effective_on < start.effective_on)
            ):
                return (
                    f"A revocation cannot take effect before the designation it ends "
                    f"(designated {start.effective_display})."
                )
        elif self.kind == self.Kind.DESIGNATED:
            end = siblings.filter(kind__in=self.ENDING_KINDS).first()
            if (
                end
                and end.effective_on
                and self.effective_on
                and (self.effective_on > end.effective_on)
            ):
                return (
                    f"The designation cannot take effect after its revocation "
                    f"({end.effective_display})."
                )
        return None
