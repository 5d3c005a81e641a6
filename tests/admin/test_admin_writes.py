"""Admin writes: service rules apply, field errors show, history names the analyst."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.models import Designation, Organization
from tests.factories import OrganizationFactory, ProgramFactory, designate, status

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_organization_post(program) -> dict[str, str]:
    return {
        "name": "Frente Nuevo de Prueba",
        "slug": "frente-nuevo-de-prueba",
        "kind": "armed_group",
        "description": "",
        **management("aliases", 1),
        "aliases-0-name": "FNP",
        "aliases-0-kind": "acronym",
        **management("country_links", 0),
        **management("identifiers", 0),
        **management("designations", 1),
        "designations-0-program": str(program.pk),
        "designations-0-effective_on": "2025-03-05",
        "designations-0-effective_precision": "day",
        "designations-0-citation": "90 FR 1",
    }


def test_add_organization_with_alias_and_designation(staff_client):
    program = ProgramFactory()
    response = staff_client.post(
        reverse("admin:registry_organization_add"), new_organization_post(program)
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    organization = Organization.objects.get(slug="frente-nuevo-de-prueba")
    assert list(organization.aliases.values_list("name", flat=True)) == ["FNP"]
    designation = organization.designations.get()
    assert designation.designated_on == dt.date(2025, 3, 5)
    assert designation.events.get().citation == "90 FR 1"
    record = organization.history.get()
    assert record.history_user.username == "analyst"
    assert record.history_change_reason == "admin: added"
    assert designation.events.get().history.first().history_user.username == "analyst"


def test_month_precision_needs_the_first_of_the_month(staff_client):
    data = new_organization_post(ProgramFactory())
    data["designations-0-effective_precision"] = "month"
    response = staff_client.post(reverse("admin:registry_organization_add"), data)
    assert response.status_code == 200
    assert "first day of the month" in response.content.decode()
    assert not Organization.objects.filter(slug="frente-nuevo-de-prueba").exists()


def event_post(designation: Designation, **new_event) -> dict[str, str]:
    start = designation.events.get()
    return {
        "note": "",
        **management("events", 2, initial=1),
        "events-0-id": str(start.pk),
        "events-0-designation": str(designation.pk),
        "events-0-kind": "designated",
        "events-0-effective_on": start.effective_on.isoformat(),
        "events-0-effective_precision": "day",
        "events-0-signed_precision": "day",
        "events-0-announced_precision": "day",
        "events-0-confidence": start.confidence,
        "events-1-designation": str(designation.pk),
        "events-1-signed_precision": "day",
        "events-1-announced_precision": "day",
        "events-1-effective_precision": "day",
        "events-1-confidence": "confirmed",
        **{f"events-1-{k}": v for k, v in new_event.items()},
    }


def test_revocation_before_designation_is_refused_next_to_the_field(staff_client):
    designation = designate(OrganizationFactory(), on=dt.date(2025, 11, 24))
    url = reverse("admin:registry_designation_change", args=[designation.pk])
    response = staff_client.post(
        url, event_post(designation, kind="revoked", effective_on="2025-11-01")
    )
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[1].errors
    assert "before the designation" in errors["effective_on"][0]
    designation.refresh_from_db()
    assert designation.revoked_on is None
    assert designation.events.count() == 1


def test_revocation_through_the_admin_updates_status_and_history(staff_client):
    designation = designate(OrganizationFactory(), on=dt.date(2020, 1, 1))
    url = reverse("admin:registry_designation_change", args=[designation.pk])
    response = staff_client.post(
        url, event_post(designation, kind="revoked", effective_on="2024-05-20", citation="89 FR 9")
    )
    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.revoked_on == dt.date(2024, 5, 20)
    assert status(designation) == Designation.Status.REVOKED
    latest = designation.history.first()
    assert latest.history_user.username == "analyst"
    assert latest.revoked_on == dt.date(2024, 5, 20)


def organization_change_post(organization: Organization, **forms) -> dict[str, str]:
    organization.refresh_from_db()
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "kind": organization.kind,
        "description": organization.description,
        "version": organization.updated_at.isoformat(),
        **{k: v for prefix in TABS for k, v in management(prefix, 0).items()},
    }
    data.update(forms)
    return data


TABS = ["aliases", "country_links", "identifiers", "designations"]


def test_a_tampered_designation_row_of_another_organization_changes_nothing(staff_client):
    """Existing designations are read-only rows on the organization's page; a POST that puts
    another organization's designation in one is ignored, not a 500 (Django skips the
    validation of read-only rows)."""
    ours, theirs = OrganizationFactory(), OrganizationFactory()
    other = designate(theirs, ProgramFactory())
    data = organization_change_post(
        ours,
        **management("designations", 1, initial=1),
        **{"designations-0-id": str(other.pk), "designations-0-organization": str(ours.pk)},
    )
    url = reverse("admin:registry_organization_change", args=[ours.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert not ours.designations.exists()
    assert list(theirs.designations.all()) == [other]


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999"])
@pytest.mark.parametrize(
    "field, row",
    [
        ("aliases-0-source", {"aliases-0-name": "Frente X", "aliases-0-kind": "alias"}),
        ("country_links-0-country", {"country_links-0-role": "base"}),
        ("designations-0-program", {"designations-0-effective_precision": "day"}),
    ],
)
def test_an_autocomplete_id_that_is_not_one_is_a_field_error(staff_client, field, row, value):
    organization = OrganizationFactory()
    prefix = field.split("-")[0]
    data = organization_change_post(organization, **management(prefix, 1), **row, field=value)
    data[field] = data.pop("field")
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not organization.aliases.exists() and not organization.designations.exists()


def test_an_event_source_that_is_not_an_id_is_a_field_error(staff_client):
    designation = designate(OrganizationFactory(), on=dt.date(2020, 1, 1))
    data = event_post(designation, kind="revoked", effective_on="2024-05-20")
    data["events-1-sources"] = "abc"
    url = reverse("admin:registry_designation_change", args=[designation.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "not a valid value" in response.content.decode()
    designation.refresh_from_db()
    assert designation.revoked_on is None
