"""Designation.organization_name, the copy of the organization's name the lists are ordered by:
every write path keeps it equal to the name, a rename is not a designation change, and the lists
come in the order the join on the organization gave."""

import csv
import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from registry.models import Designation, DesignationEvent, Identifier, Organization
from registry.selectors.changes import changes
from registry.services import bulk
from registry.services.designations import designation_revoke
from registry.services.dump import dump_tables
from registry.services.history import save_with_history
from registry.sql import by_name
from tests.factories import OrganizationFactory, ProgramFactory, designate, sdgt_program
from tests.importers.conftest import PAIRS, run_import

pytestmark = pytest.mark.django_db


def stale() -> list[tuple[int, str, str]]:
    """Designations whose copy differs from their organization's name: (id, copy, name)."""
    return [
        (d.pk, d.organization_name, d.organization.name)
        for d in Designation.objects.select_related("organization")
        if d.organization_name != d.organization.name
    ]


def rename(organization: Organization, name: str) -> None:
    organization.name = name
    save_with_history(organization, reason="test: renamed")


# --- every write path ---------------------------------------------------------------------------


def test_a_designation_starts_with_its_organizations_name():
    designation = designate(OrganizationFactory(name="Frente Uno"))
    designation.refresh_from_db()
    assert designation.organization_name == "Frente Uno"


def test_a_rename_rewrites_every_copy_and_is_no_designation_change():
    organization = OrganizationFactory(name="Frente Uno")
    other = designate(OrganizationFactory(name="Otro Frente"))
    first = designate(organization, on=dt.date(2001, 1, 1))
    second = designate(organization, program=sdgt_program(), on=dt.date(2002, 2, 2))
    designation_history = Designation.history.count()
    since = timezone.now()

    rename(organization, "Frente Renombrado")

    assert stale() == []
    for designation in (first, second):
        designation.refresh_from_db()
        assert designation.organization_name == "Frente Renombrado"
    other.refresh_from_db()
    assert other.organization_name == "Otro Frente"
    # the rename is the organization's change, once; the designations' history has nothing new
    assert Designation.history.count() == designation_history
    assert [(c.op, c.entity, c.entity_id) for c in changes(since=since)] == [
        ("MOD", "organization", organization.pk)
    ]
    assert "organization_name" not in {f.name for f in Designation.history.model._meta.get_fields()}


def test_a_designation_read_before_a_rename_does_not_write_the_old_name_back():
    organization = OrganizationFactory(name="Nombre Viejo")
    designation = designate(organization, on=dt.date(2001, 1, 1))  # holds the old name
    renamed = Organization.objects.get(pk=organization.pk)
    rename(renamed, "Nombre Nuevo")

    designation_revoke(designation=designation, effective_on=dt.date(2005, 5, 5), reason="test")

    designation.refresh_from_db()
    assert designation.revoked_on == dt.date(2005, 5, 5)
    assert designation.organization_name == "Nombre Nuevo"
    assert stale() == []


def test_saving_an_organization_without_its_name_leaves_the_copies_alone():
    organization = OrganizationFactory(name="Frente Uno")
    designate(organization)
    organization.name = "Not saved"
    organization.description = "changed"
    organization.save(update_fields=["description", "updated_at"])
    assert Designation.objects.get().organization_name == "Frente Uno"


def test_bulk_designations_copy_the_name_from_the_instance_or_the_database():
    program = ProgramFactory()
    held, referenced = OrganizationFactory(name="Held"), OrganizationFactory(name="Referenced")
    start = DesignationEvent.Kind.DESIGNATED
    bulk.bulk_designations(
        [
            bulk.NewDesignation(
                Designation(organization=held, program=program),
                [DesignationEvent(kind=start, effective_on=dt.date(2001, 1, 1))],
            ),
            bulk.NewDesignation(
                Designation(organization_id=referenced.pk, program=program),
                [DesignationEvent(kind=start, effective_on=dt.date(2002, 2, 2))],
            ),
        ],
        reason="bulk test",
    )
    assert sorted(Designation.objects.values_list("organization_name", flat=True)) == [
        "Held",
        "Referenced",
    ]
    assert stale() == []


def test_imports_copy_the_name_for_new_and_for_known_organizations():
    nov_23 = dt.date(2021, 11, 23)
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=nov_23)
    assert Designation.objects.exists()
    assert stale() == []  # new organizations (plan_new)

    # A known organization, renamed in the registry, gets a new designation from the next import
    # (plan_existing): the copy is the registry's name, not the file's.
    farc = Identifier.objects.get(scheme="ofac-ent-num", value="4711").organization
    fto = farc.designations.get(program__code="US-FTO")
    designation_revoke(designation=fto, effective_on=fto.designated_on, reason="test")
    rename(farc, "FARC (renamed by an analyst)")
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 30))

    reopened = farc.designations.get(program__code="US-FTO", revoked_on__isnull=True)
    assert reopened.pk != fto.pk
    assert reopened.organization_name == "FARC (renamed by an analyst)"
    assert stale() == []


def test_seeds_copy_the_names(seeded_db):
    assert Designation.objects.count() > 10
    assert stale() == []


def test_restore_fills_the_copy_which_the_dump_leaves_out(tmp_path):
    designate(OrganizationFactory(name="=1+1 Frente"), on=dt.date(2001, 1, 1))
    designate(OrganizationFactory(name='Cártel, "Nuevo"'), program=sdgt_program())
    call_command("export_csv", str(tmp_path / "dump"))
    with (tmp_path / "dump" / "designations.csv").open(newline="", encoding="utf-8") as handle:
        assert "organization_name" not in next(csv.reader(handle))
    with connection.cursor() as cursor:  # a fresh database: no rows, no history
        for _name, model in reversed(dump_tables()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")

    call_command("import_csv", str(tmp_path / "dump"))

    assert sorted(Designation.objects.values_list("organization_name", flat=True)) == [
        "=1+1 Frente",
        'Cártel, "Nuevo"',
    ]
    assert stale() == []


def test_the_admin_copies_the_name_on_a_rename_and_on_a_new_designation(staff_client):
    organization = OrganizationFactory(name="Frente Uno", slug="frente-uno")
    designate(organization)
    empty = {
        f"{prefix}-{key}": value
        for prefix in ("aliases", "country_links", "identifiers", "designations")
        for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
    }
    response = staff_client.post(
        reverse("admin:registry_organization_change", args=[organization.pk]),
        {"name": "Frente Uno Renombrado", "slug": "frente-uno", "kind": "armed_group", **empty},
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Designation.objects.get().organization_name == "Frente Uno Renombrado"

    # a designation added on its own admin page (not through the designation service)
    program = sdgt_program()
    response = staff_client.post(
        reverse("admin:registry_designation_add"),
        {
            "organization": str(organization.pk),
            "program": str(program.pk),
            "note": "",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-0-kind": "designated",
            "events-0-effective_on": "2024-01-02",
            "events-0-effective_precision": "day",
            "events-0-signed_precision": "day",
            "events-0-announced_precision": "day",
            "events-0-confidence": "confirmed",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    added = Designation.objects.get(program=program)
    assert added.organization_name == "Frente Uno Renombrado"
    assert added.designated_on == dt.date(2024, 1, 2)
    assert stale() == []


# --- the order a client sees --------------------------------------------------------------------


@pytest.fixture
def ties():
    """Names that tie, differ only in case or accents, and organizations under two programs."""
    sdgt, fto = sdgt_program(), ProgramFactory()  # ids not in the order of the codes
    names = ["Beta", "alpha", "Alpha", "Álpha", "Beta", "beta ", "Zeta", "Alpha"]
    for index, name in enumerate(names):
        organization = OrganizationFactory(name=name)
        designate(organization, program=fto, on=dt.date(2000 + index % 3, 1, 1))
        if index % 2:
            designate(organization, program=sdgt, on=dt.date(2010 - index, 6, 1))
    extra = OrganizationFactory(name="Beta")
    designate(extra, program=fto, on=None)  # an undated designation sorts with the others
    # one rename after the designations exist: the order follows the new name
    rename(Organization.objects.get(name="Zeta"), "Aardvark")
    return fto, sdgt


def by_join(designations):
    """The order before the copy: by the joined organization's name, case ignored (`by_name`),
    as the database sorts it."""
    return list(
        designations.order_by(
            by_name("organization__name"), "program__code", "designated_on", "id"
        ).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "program=US-FTO",
        "program=US-SDGT",
        "program=US-FTO&program=US-SDGT",
        "program=US-FTO&as_of=2005-01-01",
    ],
)
def test_the_designation_list_keeps_the_order_of_the_join(client, ties, query):
    response = client.get(f"/api/v1/designations/?page_size=500&{query}")
    assert response.status_code == 200
    listed = [row["id"] for row in response.json()["results"]]
    expected = Designation.objects.all()
    for part in filter(None, query.split("&")):
        key, value = part.split("=")
        if key == "program":
            continue
        expected = expected.in_force(dt.date.fromisoformat(value)).exclude(
            designated_on__isnull=True
        )
    codes = [part.split("=")[1] for part in query.split("&") if part.startswith("program=")]
    if codes:
        expected = expected.filter(program__code__in=codes)
    assert listed == by_join(expected)
    assert len(listed) > 1


@pytest.mark.parametrize("ordering", ["organization", "-organization"])
def test_ordering_by_organization_keeps_the_order_of_the_join(client, ties, ordering):
    response = client.get(f"/api/v1/designations/?page_size=500&ordering={ordering}")
    listed = [row["id"] for row in response.json()["results"]]
    name = by_name("organization__name")
    key = Designation.objects.order_by(name.desc() if ordering[0] == "-" else name.asc(), "id")
    assert listed == list(key.values_list("pk", flat=True))


def test_the_model_ordering_is_the_order_of_the_join(ties):
    assert list(Designation.objects.values_list("pk", flat=True)) == by_join(
        Designation.objects.all()
    )
