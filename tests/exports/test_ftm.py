"""The FtM export (registry/exports/ftm.py, ftm_files.py; `manage.py export_ftm`, the API's
/exports/): every entity loads in `followthemoney` with nothing dropped or cleaned, the delta
versions replay to the full export, and the files have OpenSanctions' structure (tests/data/)."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from followthemoney import model

from registry.dates import ReferenceDay
from registry.exports.ftm import TARGET_COLUMNS, Export, organization_id
from registry.models import Designation, Organization

DATA = Path(__file__).resolve().parent.parent / "data"
OS_DELTAS = DATA / "opensanctions_ftm_deltas_2024-05"
OS_TARGETS = DATA / "opensanctions_targets_simple_csv_2026-03" / "targets.simple.csv"
MAY_19, MAY_20 = dt.date(2022, 5, 19), dt.date(2022, 5, 20)


def read_entities(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_slug(entities: list[dict], slug: str) -> tuple[dict, list[dict]]:
    organization = Organization.objects.get(slug=slug)
    key = organization_id(organization.pk)
    found = next(e for e in entities if e["id"] == key)
    sanctions = [e for e in entities if e["properties"].get("entity") == [key]]
    return found, sanctions


def as_sets(properties: dict) -> dict:
    return {name: sorted(values) for name, values in properties.items()}


# -- the field's own library --------------------------------------------------------------------


def assert_loads_unchanged(entities: list[dict]) -> None:
    """Each entity through followthemoney: the same schema, id, and every value kept as is
    (FtM drops an invalid date, country or URL silently, and rewrites what it cleans)."""
    assert entities
    for entity in entities:
        proxy = model.get_proxy(entity, cleaned=False)  # cleans each value, as a loader does
        assert proxy.schema.name == entity["schema"]
        assert proxy.id == entity["id"]
        assert as_sets(proxy.to_dict()["properties"]) == as_sets(entity["properties"]), entity


@pytest.mark.django_db
def test_every_seeded_entity_loads_in_followthemoney_without_a_dropped_value(seeded_db):
    entities = list(Export(ReferenceDay(dt.date.today())).entities())
    assert_loads_unchanged(entities)
    schemas = {e["schema"] for e in entities}
    assert schemas == {"Organization", "Sanction"}
    assert sum(e["schema"] == "Organization" for e in entities) == Organization.objects.count()
    assert sum(e["schema"] == "Sanction" for e in entities) == Designation.objects.count()
    # as it stood on a day too
    assert_loads_unchanged(list(Export(ReferenceDay(dt.date(2025, 11, 24), True)).entities()))


@pytest.mark.django_db
def test_the_2025_cartel_designation_dates_are_in_the_sanction_entities(seeded_db):
    entities = list(Export(ReferenceDay(dt.date.today())).entities())
    soles, sanctions = by_slug(entities, "cartel-de-los-soles")
    assert soles["schema"] == "Organization"
    assert "sanction" in soles["properties"]["topics"]
    assert "crime.terror" in soles["properties"]["topics"]
    fto = next(s for s in sanctions if s["properties"]["programId"] == ["US-FTO"])
    assert fto["properties"]["startDate"] == ["2025-11-24"]
    assert fto["properties"]["recordId"] == ["90 FR 53045"]
    assert fto["properties"]["authority"]
    assert any("2339B" in p for p in fto["properties"]["provisions"])  # material support
    sdgt = next(s for s in sanctions if s["properties"]["programId"] == ["US-SDGT"])
    assert sdgt["properties"]["startDate"] == ["2025-07-25"]
    _, sinaloa = by_slug(entities, "cartel-de-sinaloa")
    # the US lists from 2025-02-20; Canada's from 2025-02-19, the day its regulations took effect
    assert {s["properties"]["startDate"][0] for s in sinaloa} == {"2025-02-19", "2025-02-20"}


@pytest.mark.django_db
def test_as_of_gives_the_registry_as_it_stood(seeded_db):
    def soles_programs(day):
        entities = list(Export(ReferenceDay(day, True)).entities())
        _, sanctions = by_slug(entities, "cartel-de-los-soles")
        return sorted(s["properties"]["programId"][0] for s in sanctions)

    assert soles_programs(dt.date(2025, 11, 23)) == ["US-SDGT"]
    assert soles_programs(dt.date(2025, 11, 24)) == ["US-FTO", "US-SDGT"]


# -- OpenSanctions' structure -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_files_have_opensanctions_structure(seeded_db, tmp_path):
    call_command("export_ftm", tmp_path, stdout=io.StringIO())
    theirs = json.loads((OS_DELTAS / "delta.json").read_text())
    ours = json.loads((tmp_path / "delta.json").read_text())
    assert set(theirs) <= set(ours) and isinstance(ours["versions"], dict)
    their_line = read_entities(OS_DELTAS / "20240528134729-3iv.entities.delta.json")[0]
    (version,) = ours["versions"]
    our_line = read_entities(tmp_path / version / "entities.delta.json")[0]
    assert set(our_line) == set(their_line) == {"op", "entity"}
    their_entity = read_entities(OS_DELTAS / "entities.ftm.json")[0]
    our_entity = read_entities(tmp_path / "entities.ftm.json")[0]
    assert set(our_entity) == set(their_entity) - {"last_seen"}  # see docs/exports.md

    their_csv = OS_TARGETS.read_bytes()
    our_csv = (tmp_path / "targets.simple.csv").read_bytes()
    assert our_csv.split(b"\n")[0] == their_csv.split(b"\n")[0]  # header, quoting
    assert b"\r" not in our_csv
    rows = list(csv.DictReader(io.StringIO(our_csv.decode())))
    assert list(rows[0]) == TARGET_COLUMNS
    soles = next(r for r in rows if r["name"] == "Cártel de los Soles")
    assert "designated 2025-11-24" in soles["sanctions"]
    assert soles["program_ids"].split(";") == ["US-FTO", "US-SDGT"]
    assert len(soles["sanctions"].split(";")) == 2


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_refuses_a_bad_day_and_a_foreign_directory(tmp_path):
    with pytest.raises(CommandError, match="--as-of"):
        call_command("export_ftm", tmp_path / "a", as_of="2025-13-01")
    assert not (tmp_path / "a").exists()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="holds other files"):
        call_command("export_ftm", tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["notes.txt"]
    call_command("export_ftm", tmp_path / "c", stdout=io.StringIO())
    with pytest.raises(CommandError, match="delta versions"):
        call_command("export_ftm", tmp_path / "c", as_of="2025-11-24")


# -- the API ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_streams_the_entities_and_the_targets(seeded_db, api, tmp_path):
    response = api.get("/api/v1/exports/entities.ftm.json", {"as_of": "2025-11-24"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    entities = [json.loads(line) for line in lines]
    assert_loads_unchanged(entities)
    soles, sanctions = by_slug(entities, "cartel-de-los-soles")
    assert soles["properties"]["sourceUrl"][0].startswith("http://testserver/api/v1/organizations/")
    assert len(sanctions) == 2

    response = api.get("/api/v1/exports/targets.simple.csv", {"as_of": "2025-11-24"})
    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert downloaded.startswith(b'"id","schema","name",') and b"\r" not in downloaded
    # the same bytes as the command's file, written the way OpenSanctions writes it
    call_command("export_ftm", tmp_path / "ftm", as_of="2025-11-24")
    assert (tmp_path / "ftm" / "targets.simple.csv").read_bytes() == downloaded

    # the selector's sources as it stood were read twice each (one join per filter() on events)
    fto = Designation.objects.filter(program__code="US-FTO").order_by("pk").first()
    urls = api.get(f"/api/v1/designations/{fto.pk}/", {"as_of": "2025-11-24"}).json()["source_urls"]
    assert urls and len(urls) == len(set(urls))

    response = api.get("/api/v1/exports/entities.ftm.json", {"as_of": "24/11/2025"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


@pytest.mark.django_db
def test_a_private_api_wants_a_token_for_the_exports(api, settings):
    settings.REGISTRY_API_PUBLIC = False
    for path in ("entities.ftm.json", "targets.simple.csv"):
        assert api.get(f"/api/v1/exports/{path}").status_code == 401
