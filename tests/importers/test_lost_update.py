"""No edit is lost to an import: a row the import planned from that changes before it writes
makes it refuse, naming the organization; the admin refuses a save over a newer change."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection, connections

from registry.models import Designation, Identifier, Organization
from registry.services.imports import ImportAborted, plan
from tests.factories import OrganizationFactory, ProgramFactory, designate

from .conftest import PAIRS, census, run_import

NOV_23, DEC_02 = dt.date(2021, 11, 23), dt.date(2021, 12, 2)
EDIT = "An analyst's edit, saved while the import ran."


def farc_keyed() -> Organization:
    farc = OrganizationFactory(name="Revolutionary Armed Forces of Colombia (FARC)")
    Identifier.objects.create(organization=farc, scheme="ofac-ent-num", value="4711")
    designate(farc, ProgramFactory(code="US-SDGT"), on=dt.date(2001, 10, 31))
    return farc


def edit_between_read_and_write(monkeypatch, edit):
    """Run `edit` after the import planned (read) and before it writes: the hook is the
    planner's call of the writer."""
    original = plan.write

    def write_after_edit(the_plan, **kwargs):
        edit()
        return original(the_plan, **kwargs)

    monkeypatch.setattr(plan, "write", write_after_edit)


@pytest.mark.django_db
def test_an_edit_between_read_and_write_makes_the_import_refuse(monkeypatch):
    farc = farc_keyed()
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23)
    before = census()
    edit_between_read_and_write(
        monkeypatch, lambda: Organization.objects.filter(pk=farc.pk).update(description=EDIT)
    )
    with pytest.raises(
        ImportAborted, match=re.escape(f"{farc.name} (id {farc.pk}): its description")
    ):
        run_import("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv", as_of=DEC_02)
    assert census() == before
    assert not Designation.objects.filter(organization=farc, revoked_on=DEC_02).exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_connection_edit_survives_and_the_rerun_succeeds(monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite: the import holds the write lock from its start; the edit waits")
    farc = farc_keyed()
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23)

    def edit_in_another_connection():
        def edit():
            try:
                Organization.objects.filter(pk=farc.pk).update(description=EDIT)  # autocommit
            finally:
                connections.close_all()

        thread = threading.Thread(target=edit)
        thread.start()
        thread.join()

    edit_between_read_and_write(monkeypatch, edit_in_another_connection)
    with pytest.raises(ImportAborted, match=re.escape(f"{farc.name} (id {farc.pk})")):
        run_import("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv", as_of=DEC_02)
    farc.refresh_from_db()
    assert farc.description == EDIT
    monkeypatch.undo()

    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv", as_of=DEC_02)
    farc.refresh_from_db()
    assert farc.description == EDIT
    assert Designation.objects.get(organization=farc, program__code="US-SDGT").revoked_on == DEC_02


@pytest.mark.django_db
def test_the_admin_refuses_a_save_over_a_newer_change(staff_client):
    organization = OrganizationFactory(name="Test Front", description="first")
    url = f"/admin/registry/organization/{organization.pk}/change/"
    page = staff_client.get(url)
    version = page.context["adminform"].form["version"].value()
    Organization.objects.filter(pk=organization.pk).update(
        description="an import's line", updated_at=organization.updated_at + dt.timedelta(seconds=1)
    )
    data = {
        "name": "Test Front",
        "slug": organization.slug,
        "kind": organization.kind,
        "description": "my edit",
        "version": version,
    }
    for prefix in ("aliases", "country_links", "identifiers", "designations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "changed (by someone else or an import) after you opened it" in response.content.decode()
    organization.refresh_from_db()
    assert organization.description == "an import's line"
