"""Chainable reads. The in-force rule lives here, in `DesignationQuerySet.in_force`, and only here.

In force on day D: the designation took effect on or before D, and no revocation (or setting aside)
took effect on or before D. Revocations are not retroactive, so asking about a past day answers for
that day as it stood.
"""

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    """The in-force condition as a Q object, for designations reached through `prefix`."""
    return Q(**{f"{prefix}designated_on__lte": on}) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": on})
    )


def status_case(on: dt.date) -> models.Case:
    """The status on `on` as an SQL value: Designation.status_on, as `with_status` filters it."""
    return models.Case(
        models.When(revoked_on__lte=on, then=models.Value("revoked")),
        models.When(designated_on__gt=on, then=models.Value("pending")),
        default=models.Value("active"),
        output_field=models.CharField(),
    )


class DesignationQuerySet(models.QuerySet):
    def in_force(self, on: dt.date | None = None) -> "DesignationQuerySet":
        return self.filter(in_force_q(on or timezone.localdate()))

    def with_status(self, status: str, on: dt.date | None = None) -> "DesignationQuerySet":
        """Filter by the status a designation has on `on` (today by default)."""
        day = on or timezone.localdate()
        if status == "active":
            return self.filter(Q(designated_on__lte=day) | Q(designated_on__isnull=True)).exclude(
                revoked_on__lte=day
            )
        if status == "revoked":
            return self.filter(revoked_on__lte=day)
        if status == "pending":
            return self.filter(designated_on__gt=day)
        raise ValueError(f"unknown status {status!r}")

    def with_related(self) -> "DesignationQuerySet":
        return self.select_related("organization", "program", "program__authority")


class OrganizationQuerySet(models.QuerySet):
    def designated_under(self, program_codes=None, on: dt.date | None = None):
        """Organizations with a designation (in force on `on`, if given) under these programs."""
        from .models import Designation

        designations = Designation.objects.filter(organization=OuterRef("pk"))
        if program_codes:
            designations = designations.filter(program__code__in=program_codes)
        if on is not None:
            designations = designations.in_force(on)
        return self.filter(Exists(designations))
