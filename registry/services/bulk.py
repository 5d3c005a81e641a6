"""Bulk writes with history: many new rows at once, for loads too large for one save per row.

The per-row services (organizations.py, designations.py) validate and save one instance at a time,
which is right for the admin and the importers and far too slow for a benchmark data set of a
million rows. `bulk_create` skips `Model.save()` and the history signals, so this module does what
they would have done, in batches:

- the derived fields that `save()` keeps (the search keys of names) are filled here;
- a designation's cached dates (`designated_on`, `revoked_on`, `last_reviewed_on` and their
  precisions) are derived from its events by `designations.designation_dates`, the one rule,
  and its copy of the organization's name (`organization_name`) from its organization;
- every row gets its history row with the change reason (`bulk_create_with_history`).

Only new rows: nothing here updates or deletes. The database still checks every constraint (one open
designation per program, revocation not before designation, unique names per organization).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from ..models import Alias, Designation, DesignationEvent, Organization, OrganizationCountry
from ..normalize import search_key
from .designations import designation_dates

Kind = DesignationEvent.Kind
BATCH_SIZE = 2000


@dataclass
class NewDesignation:
    """A designation to create with its events (its dates come from the events)."""

    designation: Designation
    events: list[DesignationEvent] = field(default_factory=list)


def _create(model: type[models.Model], objs: Sequence[models.Model], reason: str, batch_size: int):
    if not objs:
        return []
    # bulk_create fills auto_now(_add) fields on the instances, so the history rows built from
    # them afterwards carry the same values.
    return bulk_create_with_history(
        list(objs), model, batch_size=batch_size, default_change_reason=reason
    )


def bulk_organizations(
    organizations: Sequence[Organization], *, reason: str, batch_size: int = BATCH_SIZE
) -> list[Organization]:
    for organization in organizations:
        organization.search_key = search_key(organization.name)
    return _create(Organization, organizations, reason, batch_size)


def bulk_aliases(
    aliases: Sequence[Alias], *, reason: str, batch_size: int = BATCH_SIZE
) -> list[Alias]:
    for alias in aliases:
        alias.search_key = search_key(alias.name)
    return _create(Alias, aliases, reason, batch_size)


def bulk_country_links(
    links: Sequence[OrganizationCountry], *, reason: str, batch_size: int = BATCH_SIZE
) -> list[OrganizationCountry]:
    return _create(OrganizationCountry, links, reason, batch_size)


def fill_organization_names(designations: Sequence[Designation]) -> None:
    """Copy each organization's name onto its designations (what `Designation.save()` does for
    rows that skip it): from the organization instance a designation holds, else read in one
    query."""
    unloaded = [d for d in designations if not Designation.organization.is_cached(d)]
    names = dict(
        Organization.objects.filter(pk__in={d.organization_id for d in unloaded}).values_list(
            "pk", "name"
        )
        if unloaded
        else ()
    )
    for designation in designations:
        if Designation.organization.is_cached(designation):
            designation.organization_name = designation.organization.name
        else:
            # an unknown organization: the foreign key refuses the row when it is inserted
            designation.organization_name = names.get(designation.organization_id, "")


def bulk_designations(
    new: Sequence[NewDesignation], *, reason: str, batch_size: int = BATCH_SIZE
) -> list[Designation]:
    """Create designations and their events; each designation's dates come from its events."""
    with transaction.atomic():
        fill_organization_names([item.designation for item in new])
        for item in new:
            for name, value in designation_dates(item.events).items():
                setattr(item.designation, name, value)
        designations = _create(Designation, [item.designation for item in new], reason, batch_size)
        events = []
        for item in new:
            for event in item.events:
                event.designation = item.designation
                events.append(event)
        _create(DesignationEvent, events, reason, batch_size)
    return designations
