"""Bulk writes (registry.services.bulk): the same derived fields and history as one save per row."""

import datetime as dt

import pytest

from registry.models import Alias, Designation, DesignationEvent, Organization
from registry.selectors.search import organizations_matching
from registry.services import bulk
from registry.services.designations import designation_refresh_dates
from tests.factories import OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

Kind = DesignationEvent.Kind


def test_names_get_their_search_keys_and_history_with_the_reason():
    [organization] = bulk.bulk_organizations(
        [Organization(name="Cártel de Jalisco", slug="cjng")], reason="bulk test"
    )
    bulk.bulk_aliases(
        [Alias(organization=organization, name="Фронт «Каримба»", kind="translation")],
        reason="bulk test",
    )

    assert organizations_matching("CARTEL de jalisco").get() == organization
    assert organizations_matching("frontkarimba").get() == organization
    history = organization.history.get()
    assert (history.history_type, history.history_change_reason) == ("+", "bulk test")
    assert Alias.history.get().history_change_reason == "bulk test"


def test_designation_dates_come_from_the_events_and_the_in_force_rule_sees_them():
    organization = OrganizationFactory()
    events = [
        DesignationEvent(kind=Kind.DESIGNATED, effective_on=dt.date(2001, 1, 1)),
        DesignationEvent(kind=Kind.REVIEWED, effective_on=dt.date(2006, 3, 1)),
        DesignationEvent(
            kind=Kind.REVOKED, effective_on=dt.date(2010, 5, 1), effective_precision="month"
        ),
    ]
    new = bulk.NewDesignation(Designation(organization=organization, program=ProgramFactory()))
    new.events = events
    [designation] = bulk.bulk_designations([new], reason="bulk test")

    designation.refresh_from_db()
    assert (designation.designated_on, designation.revoked_on) == (
        dt.date(2001, 1, 1),
        dt.date(2010, 5, 1),
    )
    assert designation.revoked_precision == "month"
    assert designation.last_reviewed_on == dt.date(2006, 3, 1)
    assert designation.events.count() == 3
    assert DesignationEvent.history.filter(history_change_reason="bulk test").count() == 3
    assert Designation.objects.in_force(dt.date(2009, 1, 1)).get() == designation
    assert not Designation.objects.in_force(dt.date(2010, 5, 1)).exists()


def test_the_derivation_is_the_one_the_designation_service_applies():
    organization = OrganizationFactory()
    new = bulk.NewDesignation(Designation(organization=organization, program=ProgramFactory()))
    new.events = [
        DesignationEvent(kind=Kind.DESIGNATED, effective_on=dt.date(2015, 1, 1)),
        DesignationEvent(kind=Kind.REVIEWED, effective_on=dt.date(2020, 2, 2)),
    ]
    [designation] = bulk.bulk_designations([new], reason="bulk test")
    bulk_values = {name: getattr(designation, name) for name in bulk.designation_dates([])}

    designation.designated_on = designation.last_reviewed_on = None
    designation_refresh_dates(designation, reason="recomputed")
    service_values = {name: getattr(designation, name) for name in bulk_values}

    assert bulk_values == service_values


def test_the_database_still_refuses_a_second_open_designation_under_one_program():
    organization, program = OrganizationFactory(), ProgramFactory()
    twins = [
        bulk.NewDesignation(
            Designation(organization=organization, program=program),
            [DesignationEvent(kind=Kind.DESIGNATED, effective_on=dt.date(2020, 1, 1))],
        )
        for _ in range(2)
    ]
    with pytest.raises(Exception, match="(?i)unique"):
        bulk.bulk_designations(twins, reason="bulk test")
    assert not Designation.objects.exists()
