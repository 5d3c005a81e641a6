"""An organization's audit trail: every recorded change to it and to what hangs off it.

Reads the history tables of the organization, its aliases, country links, identifiers,
designations and their events, and pairs each record with the one before it to say what changed
(field, before, after). One query per table, whatever the length of the history.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from ..models import (
    Alias,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
    Program,
)

OPERATIONS = {"+": "ADD", "~": "MOD", "-": "DEL"}
# Columns every change touches or that only mirror another one: not worth a line in a diff.
QUIET_FIELDS = {"updated_at", "created_at", "search_key"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    time: dt.datetime
    object_type: str
    object_id: int
    label: str
    op: str
    user: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _records(organization_id: int) -> list[tuple[str, Any]]:
    """(object type, historical record) for everything of this organization, any age."""
    designation_ids = set(
        Designation.history.filter(organization_id=organization_id).values_list("id", flat=True)
    )
    tables = [
        ("organization", Organization.history.filter(id=organization_id)),
        ("alias", Alias.history.filter(organization_id=organization_id)),
        ("country_link", OrganizationCountry.history.filter(organization_id=organization_id)),
        ("identifier", Identifier.history.filter(organization_id=organization_id)),
        ("designation", Designation.history.filter(id__in=designation_ids)),
        ("designation_event", DesignationEvent.history.filter(designation_id__in=designation_ids)),
    ]
    return [
        (name, record)
        for name, records in tables
        for record in records.order_by("id", "history_date", "history_id")
    ]


def _labels() -> dict[str, Callable[[Any], str]]:
    """How each kind of row is named in the trail, read from the record itself (no queries,
    but for program codes, read once)."""
    programs = dict(Program.objects.values_list("pk", "code"))
    return {
        "organization": lambda r: r.name,
        "alias": lambda r: r.name,
        "country_link": lambda r: f"{r.role} {r.country_id}",
        "identifier": lambda r: f"{r.scheme}:{r.value}",
        "designation": lambda r: programs.get(r.program_id, ""),
        "designation_event": lambda r: f"{r.kind} {r.effective_on or ''}".strip(),
    }


def _diff(previous, record) -> list[FieldChange]:
    if previous is None or record.history_type == "-":
        return []
    delta = record.diff_against(previous, excluded_fields=QUIET_FIELDS)
    return [FieldChange(change.field, change.old, change.new) for change in delta.changes]


def organization_history(organization_id: int) -> list[HistoryEntry]:
    """Newest first. Deleted rows keep their history, so this also works for a deleted org."""
    entries = []
    previous_of: dict[tuple[str, int], object] = {}
    records = _records(organization_id)
    user_ids = {r.history_user_id for _, r in records if r.history_user_id is not None}
    names = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    labels = _labels()
    for object_type, record in records:
        key = (object_type, record.id)
        entries.append(
            HistoryEntry(
                time=record.history_date,
                object_type=object_type,
                object_id=record.id,
                label=labels[object_type](record),
                op=OPERATIONS[record.history_type],
                user=names.get(record.history_user_id, ""),
                reason=record.history_change_reason or "",
                changes=_diff(previous_of.get(key), record),
            )
        )
        previous_of[key] = record
    entries.sort(key=lambda e: (e.time, e.object_type, e.object_id), reverse=True)
    return entries
