"""The CSV dump and restore: lossless (the history too), formula-safe, verified, all or
nothing; a dump that cannot be written is one clear line."""

import csv
import datetime as dt
import hashlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, models
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.cells import FORMULA_TRIGGERS, restore_cell
from registry.exports.dump import write_csv
from registry.models import (
    Alias,
    Country,
    Designation,
    DesignationEvent,
    LegalConsequence,
    Organization,
    Source,
)
from registry.selectors import changes as changefeed
from registry.services.designations import designation_add_event, designation_revoke
from registry.services.dump import ADDED, FLAT, MANIFEST, TABLES, dump_tables
from registry.services.organizations import (
    alias_add,
    country_link_add,
    identifier_add,
    organization_create,
)
from tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    ProgramFactory,
    SourceFactory,
    designate,
)

from .conftest import PAIRS, run_import

pytestmark = pytest.mark.django_db

TRICKY_NAMES = [
    "=1+1",
    "==cmd|'/C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "'quoted already",
    'Comma, "quotes" and\nnewline',
    "هيئة تحرير الشام",
    "Cártel de Jalisco Nueva Generación",
]


@pytest.fixture
def registry(django_user_model):
    """A registry with every table filled, names that break naive CSV, and changes made by two
    analysts with their reasons."""
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))
    Country.objects.get_or_create(code="MX", defaults={"name": "Mexico"})
    program = ProgramFactory(code="US-FTO", authority=AuthorityFactory(code="US-DOS"))
    LegalConsequence.objects.create(
        program=program,
        kind="criminal",
        title="Material support",
        citation="18 U.S.C. §2339B",
        summary='=HYPERLINK("x")\r\nsecond line',
    )
    source = SourceFactory(key="fr-test", title='-5 FR 1, "quoted"', published_on=None)
    for i, name in enumerate(TRICKY_NAMES):
        org = OrganizationFactory(name=name, slug=f"tricky-{i}", description=name)
        listed_on = dt.date(2025, 7, 17) if i == 0 else None
        alias_add(
            organization=org,
            name=f"{name} alias",
            script="Arabic",
            listed_on=listed_on,
            reason="test",
        )
        country_link_add(organization=org, country=Country.objects.get(code="MX"), reason="t")
        identifier_add(organization=org, scheme="wikidata", value=f"Q{i}", reason="test")
        designation = designate(
            org,
            program,
            on=dt.date(2021, 1, 1),
            effective_precision="month",
            note=name if i % 2 else "",
        )
        designation_add_event(
            designation=designation,
            kind="reviewed",
            effective_on=dt.date(2024, 1, 1),
            sources=[source],
            reason="t",
        )
    designate(OrganizationFactory(slug="undated"), program, on=None)  # unknown date: NULLs
    ana = django_user_model.objects.create_user("ana", password="a-long-test-password")
    ben = django_user_model.objects.create_user("ben", password="a-long-test-password")
    audited = organization_create(name="Frente Auditado", reason="admin: added", user=ana)
    revoked = designate(audited, program)
    designation_revoke(
        designation=revoked, effective_on=dt.date(2025, 6, 1), reason="FR 2025-1", user=ben
    )


def flush_registry():
    """A fresh database, as after `migrate`: no registry rows, no history, no users."""
    with connection.cursor() as cursor:
        for _name, model in reversed(dump_tables()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    get_user_model().objects.all().delete()


def feed() -> list[tuple]:
    return [
        (c.op, c.entity, c.entity_id, c.time, c.user, c.reason)
        for c in changefeed.changes(limit=10_000)
    ]


def files(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_export_restore_export_is_byte_identical(registry, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_csv", str(first))
    names = list(
        Organization.objects.order_by("pk", "aliases__pk").values_list(
            "pk", "name", "aliases__name"
        )
    )
    flush_registry()
    assert not Organization.objects.exists()
    call_command("import_csv", str(first))
    call_command("export_csv", str(second))
    assert files(first) == files(second)
    assert list(
        Organization.objects.order_by("pk", "aliases__pk").values_list(
            "pk", "name", "aliases__name"
        )
    ) == (names)
    assert Organization.objects.get(name="=1+1").aliases.get().name == "=1+1 alias"  # no "'"
    assert Organization.objects.filter(name="\t=1", description="\t=1").exists()
    undated = Designation.objects.get(organization__slug="undated")
    assert undated.designated_on is None and undated.events.get().effective_on is None
    reviewed = DesignationEvent.objects.filter(kind="reviewed").first()
    assert [s.key for s in reviewed.sources.all()] == ["fr-test"]
    assert Designation.objects.filter(designated_precision="month").count() == len(TRICKY_NAMES)


def test_the_history_comes_back_as_it_was_and_the_feed_lists_the_original_changes(
    registry, tmp_path
):
    before = feed()
    assert ("MOD", "designation") in {(op, entity) for op, entity, *_ in before}
    call_command("export_csv", str(tmp_path / "dump"))
    assert (tmp_path / "dump" / "history_organizations.csv").exists()
    flush_registry()
    call_command("import_csv", str(tmp_path / "dump"))
    assert feed() == before  # who, when and why; no "restore" entries
    org = Organization.objects.get(name="Frente Auditado")
    record = org.history.get()
    assert record.history_user.username == "ana" and record.history_change_reason == "admin: added"
    revocation = org.designations.get().history.latest()
    assert revocation.history_user.username == "ben"
    assert revocation.history_change_reason == "FR 2025-1"
    ana = get_user_model().objects.get(username="ana")
    assert not ana.is_active and not ana.has_usable_password()  # named, but cannot log in
    reviewed = DesignationEvent.objects.filter(kind="reviewed").first()
    assert [s.source_id for s in reviewed.history.latest().sources.all()] == [
        Source.objects.get(key="fr-test").pk
    ]
    fresh = OrganizationFactory(slug="after-restore")  # the sequences were reset past the dump
    assert fresh.pk > max(Organization.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))
    assert fresh.history.get().history_id > record.history_id


def as_written_by_version(dump, version: int) -> None:
    """Make a dump as an older version wrote it: without the columns later versions added
    (`ADDED`: the names' listing days in 3, the files imported whole in 4) and without history
    (before 2)."""
    manifest = json.loads((dump / MANIFEST).read_text())
    manifest["version"] = version
    if version < 2:
        manifest["tables"] = [
            t for t in manifest["tables"] if not t["table"].startswith("history_")
        ]
    tables = dict(dump_tables())
    for entry in manifest["tables"]:
        added = ADDED.get(tables[entry["table"]], {})
        later = [c for c in entry["columns"] if added.get(c, 0) > version]
        if not later:
            continue
        path = dump / entry["file"]
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        kept = [i for i, column in enumerate(rows[0]) if column not in later]
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([r[i] for i in kept] for r in rows)
        entry["columns"] = [rows[0][i] for i in kept]
        entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (dump / MANIFEST).write_text(json.dumps(manifest))


def test_a_dump_written_before_names_had_days_restores_them_empty(registry, tmp_path):
    dump = tmp_path / "dump"
    call_command("export_csv", str(dump))
    as_written_by_version(dump, 2)
    names = sorted(Alias.objects.values_list("organization_id", "name"))
    assert Alias.objects.exclude(listed_on=None).count() == 1
    flush_registry()
    call_command("import_csv", str(dump))
    assert sorted(Alias.objects.values_list("organization_id", "name")) == names
    assert not Alias.objects.exclude(listed_on=None).exists()
    assert Alias.history.filter(listed_on=None).count() == Alias.history.count()


def test_a_dump_without_history_still_restores_with_restore_rows(registry, tmp_path):
    dump = tmp_path / "dump"
    call_command("export_csv", str(dump))
    as_written_by_version(dump, 1)  # as the dumps written before the history was carried
    flush_registry()
    call_command("import_csv", str(dump))
    org = Organization.objects.get(name="=1+1")
    assert org.history.get().history_change_reason.startswith("restore from ")


def test_every_cell_is_formula_safe_and_counts_match(registry, tmp_path):
    call_command("export_csv", str(tmp_path))
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    models_by_table = dict(dump_tables())
    for entry in manifest["tables"]:
        with (tmp_path / entry["file"]).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == entry["columns"]
        in_database = models_by_table[entry["table"]]._base_manager.count()
        assert len(rows) - 1 == entry["rows"] == in_database
        for row in rows[1:]:
            assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row)
    with (tmp_path / FLAT).open(newline="", encoding="utf-8") as handle:
        flat = list(csv.DictReader(handle))
    assert len(flat) == Designation.objects.count()
    assert {"'=1+1", 'Comma, "quotes" and\nnewline'} <= {row["organization"] for row in flat}


def test_a_registry_that_is_not_empty_is_refused_unless_forced(registry, tmp_path, table_census):
    call_command("export_csv", str(tmp_path / "dump"))
    OrganizationFactory(slug="added-after-the-dump")
    before = table_census()
    with pytest.raises(CommandError, match="the registry is not empty"):
        call_command("import_csv", str(tmp_path / "dump"))
    assert table_census() == before
    call_command("import_csv", str(tmp_path / "dump"), "--force")  # the dump's registry and trail
    assert not Organization.objects.filter(slug="added-after-the-dump").exists()
    assert not Organization.history.filter(slug="added-after-the-dump").exists()
    call_command("export_csv", str(tmp_path / "again"))
    assert files(tmp_path / "dump") == files(tmp_path / "again")


def test_a_damaged_dump_is_refused_before_anything_is_written(registry, tmp_path, table_census):
    call_command("export_csv", str(tmp_path / "dump"))
    flush_registry()
    aliases = tmp_path / "dump" / "aliases.csv"
    aliases.write_bytes(aliases.read_bytes().replace(b"=1+1 alias", b"=2+2 alias"))
    before = table_census()
    with pytest.raises(CommandError, match="aliases.csv: sha256 differs from the manifest"):
        call_command("import_csv", str(tmp_path / "dump"))
    assert table_census() == before


def test_export_refuses_a_directory_with_files(tmp_path):
    (tmp_path / "something.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("export_csv", str(tmp_path))


def test_no_nullable_text_column_so_empty_cells_are_unambiguous():
    for _name, model in TABLES:
        for f in model._meta.concrete_fields:
            assert not (f.null and isinstance(f, models.CharField | models.TextField)), f


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_dump_cells_are_formula_safe_and_come_back_exactly(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("cells") / "cells.csv"
    write_csv(path, [f"c{i}" for i in range(len(values))], iter([values]))
    with path.open(newline="", encoding="utf-8") as handle:
        header, row = list(csv.reader(handle))
    assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row)
    assert [restore_cell(cell) for cell in row] == values
