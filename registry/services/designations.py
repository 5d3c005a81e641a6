"""Designations: create, add events (amend, review, revoke), and keep their derived dates."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from ..dates import Precision
from ..models import Designation, DesignationEvent, Organization, Program, Source
from .history import save_with_history

Kind = DesignationEvent.Kind


def designation_dates(events: Iterable[DesignationEvent]) -> dict[str, object]:
    """The dates a designation keeps from its events: the designation event gives the start, the
    revocation (or setting aside) the end, the latest review the last review. The one derivation,
    used by every write path (this module, and bulk loads in services/bulk.py)."""
    events = list(events)
    start = next((e for e in events if e.kind == Kind.DESIGNATED), None)
    end = next((e for e in events if e.kind in DesignationEvent.ENDING_KINDS), None)
    reviews = [e.effective_on for e in events if e.kind == Kind.REVIEWED and e.effective_on]
    return {
        "designated_on": start.effective_on if start else None,
        "designated_precision": start.effective_precision if start else Precision.DAY,
        "revoked_on": end.effective_on if end else None,
        "revoked_precision": end.effective_precision if end else Precision.DAY,
        "last_reviewed_on": max(reviews) if reviews else None,
    }


def designation_refresh_dates(designation: Designation, *, reason: str, user=None) -> Designation:
    """Copy the events' effective dates onto the designation (the in-force rule reads them)."""
    new = designation_dates(designation.events.all())
    if any(getattr(designation, name) != value for name, value in new.items()):
        for name, value in new.items():
            setattr(designation, name, value)
        save_with_history(designation, reason=reason, user=user)
    return designation


@transaction.atomic
def designation_add_event(
    *,
    designation: Designation,
    kind: str,
    effective_on: dt.date | None,
    effective_precision: str = Precision.DAY,
    signed_on: dt.date | None = None,
    signed_precision: str = Precision.DAY,
    announced_on: dt.date | None = None,
    announced_precision: str = Precision.DAY,
    citation: str = "",
    document_number: str = "",
    confidence: str = DesignationEvent._meta.get_field("confidence").default,
    sources: Iterable[Source] = (),
    note: str = "",
    reason: str,
    user=None,
) -> DesignationEvent:
    event = DesignationEvent(
        designation=designation,
        kind=kind,
        effective_on=effective_on,
        effective_precision=effective_precision,
        signed_on=signed_on,
        signed_precision=signed_precision,
        announced_on=announced_on,
        announced_precision=announced_precision,
        citation=citation,
        document_number=document_number,
        confidence=confidence,
        note=note,
    )
    save_with_history(event, reason=reason, user=user)
    if sources:
        event.sources.set(sources)
    designation_refresh_dates(designation, reason=reason, user=user)
    return event


@transaction.atomic
def designation_create(
    *,
    organization: Organization,
    program: Program,
    effective_on: dt.date | None,
    designation_note: str = "",
    reason: str,
    user=None,
    **event_fields,
) -> Designation:
    """Open a designation with its designation event; the database refuses a second open one.

    `event_fields` are those of `designation_add_event` (dates, citation, sources, note...).
    """
    designation = Designation(
        organization=organization,
        organization_name=organization.name,  # the copy lists are ordered by
        program=program,
        note=designation_note,
    )
    designation.designated_on = effective_on
    designation.designated_precision = event_fields.get("effective_precision", Precision.DAY)
    save_with_history(designation, reason=reason, user=user)
    designation_add_event(
        designation=designation,
        kind=Kind.DESIGNATED,
        effective_on=effective_on,
        reason=reason,
        user=user,
        **event_fields,
    )
    return designation


def designation_revoke(
    *, designation: Designation, effective_on: dt.date, reason: str, user=None, **event_fields
) -> DesignationEvent:
    """Revoke from `effective_on`; the designation stays, with its whole history."""
    return designation_add_event(
        designation=designation,
        kind=Kind.REVOKED,
        effective_on=effective_on,
        reason=reason,
        user=user,
        **event_fields,
    )
