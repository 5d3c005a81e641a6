"""Invariants hold in the database and as field-keyed validation errors."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Alias, Country, Designation, DesignationEvent, Identifier
from registry.services.designations import designation_add_event, designation_revoke
from registry.services.organizations import alias_add
from tests.factories import OrganizationFactory, ProgramFactory, designate, status

pytestmark = pytest.mark.django_db


def test_revocation_before_designation_is_a_field_error():
    designation = designate(OrganizationFactory(), on=dt.date(2025, 2, 20))
    with pytest.raises(ValidationError) as error:
        designation_revoke(designation=designation, effective_on=dt.date(2025, 2, 19), reason="t")
    assert "effective_on" in error.value.message_dict
    assert "before the designation" in error.value.message_dict["effective_on"][0]
    assert not designation.events.filter(kind="revoked").exists()


def test_database_refuses_revocation_before_designation():
    designation = designate(OrganizationFactory(), on=dt.date(2025, 2, 20))
    with pytest.raises(IntegrityError), transaction.atomic():
        Designation.objects.filter(pk=designation.pk).update(revoked_on=dt.date(2020, 1, 1))


def test_one_open_designation_per_organization_and_program():
    organization, program = OrganizationFactory(), ProgramFactory()
    designate(organization, program, on=dt.date(2025, 2, 20))
    with pytest.raises(ValidationError) as error:
        designate(organization, program, on=dt.date(2025, 3, 1))
    assert "program" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Designation.objects.create(organization=organization, program=program)


def test_a_revoked_designation_can_be_followed_by_a_new_one():
    organization, program = OrganizationFactory(), ProgramFactory()
    designate(organization, program, on=dt.date(2021, 1, 1), revoked=dt.date(2021, 2, 1))
    again = designate(organization, program, on=dt.date(2025, 3, 5))
    assert status(again) == Designation.Status.ACTIVE
    assert organization.designations.count() == 2


def test_second_revocation_is_refused():
    designation = designate(
        OrganizationFactory(), on=dt.date(2020, 1, 1), revoked=dt.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError):
        designation_add_event(
            designation=designation, kind="set_aside", effective_on=dt.date(2022, 1, 1), reason="t"
        )
    assert designation.events.count() == 2


def test_month_precision_dates_fall_on_the_first():
    designation = designate(
        OrganizationFactory(), on=dt.date(2021, 1, 1), effective_precision="month"
    )
    assert designation.designated_on == dt.date(2021, 1, 1)
    assert designation.designated_precision == "month"
    with pytest.raises(ValidationError) as error:
        designation_add_event(
            designation=designation,
            kind=DesignationEvent.Kind.REVOKED,
            effective_on=dt.date(2021, 2, 16),
            effective_precision="month",
            reason="t",
        )
    assert "first day of the month" in error.value.message_dict["effective_on"][0]


def test_aliases_unique_per_organization_and_normalized():
    organization = OrganizationFactory(name="Cártel de Jalisco Nueva Generación")
    alias = alias_add(organization=organization, name="C.J.N.G.", kind="acronym", reason="t")
    assert alias.search_key == "cjng"
    assert organization.search_key == "carteldejalisconuevageneracion"
    with pytest.raises(ValidationError) as error:
        alias_add(organization=organization, name="C.J.N.G.", reason="t")
    assert "__all__" in error.value.message_dict
    alias_add(organization=OrganizationFactory(), name="C.J.N.G.", reason="t")  # other org: fine
    assert Alias.objects.filter(name="C.J.N.G.").count() == 2


def test_identifier_unique_per_scheme():
    Identifier.objects.create(organization=OrganizationFactory(), scheme="un-ref", value="QDe.004")
    with pytest.raises(IntegrityError), transaction.atomic():
        Identifier.objects.create(
            organization=OrganizationFactory(), scheme="un-ref", value="QDe.004"
        )


def test_country_codes_must_be_iso_alpha2():
    with pytest.raises(ValidationError) as error:
        Country(code="mex", name="Mexico").full_clean()
    assert "code" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(code="x1", name="Nowhere")
