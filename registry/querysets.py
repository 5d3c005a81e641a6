"""Chainable reads. The in-force rule lives here, and only here.

In force on day D: the designation took effect on or before D, and no revocation (or setting
aside) took effect on or before D. Revocations are not retroactive, so asking about a past day
answers for that day as it stood.

Dates known only to the month or the year are windows of days (registry/dates.py; the database
keeps each window's last day beside the date, `designated_by` and `revoked_by`), and the
registry never invents a day: on a day inside a window the answer is **unknown**. A designation
is in force on D when its whole designation window has passed by D and its revocation window
(if any) had not begun; it is not in force when its designation window begins after D, or its
revocation window has wholly passed by D; otherwise (D inside a window, or no date at all) it is
unknown. `Status` names the same answers: active; pending or revoked; unknown.

The names an organization had on D are its aliases given by then and not yet dropped (`carried_q`).
"""

import datetime as dt

from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    """A designation's state on a day (Designation.Status)."""

    PENDING = "pending", "Pending (not yet effective)"
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"
    UNKNOWN = "unknown", "Unknown (a date known only to the month or year, or not at all)"


def started_q(day: dt.date, prefix: str = "") -> Q:
    """The designation has certainly taken effect by `day`: its designation window has passed
    (`designated_by`, the window's last day, computed by the database)."""
    return Q(**{f"{prefix}designated_by__lte": day})


def ended_q(day: dt.date, prefix: str = "") -> Q:
    """The designation has certainly been revoked (or set aside) by `day`."""
    return Q(**{f"{prefix}revoked_by__lte": day})


def in_force_q(day: dt.date, prefix: str = "") -> Q:
    """Certainly in force on `day`: started, and no revocation window begun by then."""
    return started_q(day, prefix) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day})
    )


def not_in_force_q(day: dt.date, prefix: str = "") -> Q:
    """Certainly not in force on `day`: not begun by then (its earliest day is later), or
    certainly ended."""
    return Q(**{f"{prefix}designated_on__gt": day}) | ended_q(day, prefix)


def carried_q(day: dt.date) -> Q:
    """An alias the organization had on `day`: a list had given it the name by then (`listed_on`;
    empty for a name it has had since its first listing) and had not yet dropped it
    (`delisted_on`, the first list file without it)."""
    listed = Q(listed_on__isnull=True) | Q(listed_on__lte=day)
    return listed & (Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))


def in_force_value(day: dt.date) -> models.Case:
    """True, False, or None (unknown) on `day`, as an SQL value."""
    return models.Case(
        models.When(in_force_q(day), then=models.Value(True)),
        models.When(not_in_force_q(day), then=models.Value(False)),
        default=models.Value(None),
        output_field=models.BooleanField(null=True),
    )


def status_value(day: dt.date) -> models.Case:
    """The status on `day` as an SQL value."""
    return models.Case(
        models.When(ended_q(day), then=models.Value(Status.REVOKED)),
        models.When(designated_on__gt=day, then=models.Value(Status.PENDING)),
        models.When(in_force_q(day), then=models.Value(Status.ACTIVE)),
        default=models.Value(Status.UNKNOWN),
        output_field=models.CharField(),
    )


class DesignationQuerySet(models.QuerySet):
    def in_force(self, on: dt.date) -> "DesignationQuerySet":
        """Designations certainly in force on `on`."""
        return self.filter(in_force_q(on))

    def uncertain(self, on: dt.date) -> "DesignationQuerySet":
        """Designations whose state on `on` a partial or missing date leaves unknown."""
        return self.exclude(in_force_q(on)).exclude(not_in_force_q(on))

    def with_status(self, status: str, on: dt.date) -> "DesignationQuerySet":
        """Designations with this status on `on`."""
        if status == Status.ACTIVE:
            return self.in_force(on)
        if status == Status.REVOKED:
            return self.filter(ended_q(on))
        if status == Status.PENDING:
            return self.filter(designated_on__gt=on)
        if status == Status.UNKNOWN:
            return self.uncertain(on)
        raise ValueError(f"unknown status {status!r}")


DesignationManager = models.Manager.from_queryset(DesignationQuerySet)
