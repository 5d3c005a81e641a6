"""Seeds: the founding brief's facts, idempotent, atomic, with history."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from registry.models import Country, Designation, Organization
from tests.factories import status

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FEB_2025_EIGHT = [
    "Tren de Aragua",
    "Cártel de Sinaloa",
    "Cártel de Jalisco Nueva Generación",
    "Cárteles Unidos",
    "Cártel del Noreste",
    "Cártel del Golfo",
    "La Nueva Familia Michoacana",
    "Mara Salvatrucha",
]


def row_counts() -> dict[str, int]:
    """Rows in every registry table, the history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("registry").get_models()
    }


def designation(name: str, program: str) -> Designation:
    return Designation.objects.get(organization__name=name, program__code=program)


@pytest.mark.parametrize("name", FEB_2025_EIGHT)
def test_the_eight_are_fto_and_sdgt_from_2025_02_20(seeded_db, name):
    for program in ("US-FTO", "US-SDGT"):
        d = designation(name, program)
        assert d.designated_on == dt.date(2025, 2, 20)
        assert d.revoked_on is None
    fto = designation(name, "US-FTO").events.get(kind="designated")
    assert fto.signed_on == dt.date(2025, 2, 6)
    assert fto.sources.exists()


def test_cartel_de_los_soles(seeded_db):
    sdgt = designation("Cártel de los Soles", "US-SDGT")
    fto = designation("Cártel de los Soles", "US-FTO")
    assert sdgt.designated_on == dt.date(2025, 7, 25)
    assert sdgt.program.authority.code == "US-OFAC"
    event = fto.events.get(kind="designated")
    assert (event.signed_on, event.effective_on) == (dt.date(2025, 11, 16), dt.date(2025, 11, 24))
    assert event.citation == "90 FR 53045"
    assert "2025-20750" in event.document_number
    in_force_before = Designation.objects.in_force(dt.date(2025, 11, 23)).filter(pk=fto.pk)
    assert not in_force_before.exists()
    assert Designation.objects.in_force(dt.date(2025, 11, 24)).filter(pk=fto.pk).exists()


def test_the_2022_revocations_leave_sdgt(seeded_db):
    for slug in ("aum-shinrikyo", "kahane-chai"):
        org = Organization.objects.get(slug=slug)
        fto = org.designations.get(program__code="US-FTO")
        assert fto.revoked_on == dt.date(2022, 5, 20)
        assert status(fto) == Designation.Status.REVOKED
        # still listed SDGT (its own designation, not revoked)
        sdgt = org.designations.get(program__code="US-SDGT")
        assert sdgt.revoked_on is None
        assert status(sdgt) != Designation.Status.REVOKED


def test_month_precision_and_unverified_facts_are_kept(seeded_db):
    houthis = (
        Organization.objects.get(name="Ansarallah")
        .designations.filter(program__code="US-FTO")
        .order_by("designated_on")
    )
    first = houthis.first()
    assert (first.designated_precision, first.revoked_precision) == ("day", "day")
    assert (first.designated_on, first.revoked_on) == (dt.date(2021, 1, 19), dt.date(2021, 2, 16))
    assert houthis.last().designated_on == dt.date(2025, 3, 5)
    # the AUC's revocation notice was not found, only reports of the week: the month stays a month
    auc = Organization.objects.get(slug="united-self-defense-forces-of-colombia")
    revoked = auc.designations.get(program__code="US-FTO")
    assert (revoked.revoked_on, revoked.revoked_precision) == (dt.date(2014, 7, 1), "month")
    # an SDGT listing known only from OFAC's files keeps no date and its rating
    cpp = Organization.objects.get(slug="communist-party-of-the-philippines-new-peoples-army")
    undated = cpp.designations.get(program__code="US-SDGT")
    assert undated.designated_on is None
    assert undated.events.get().confidence == "unverified"


def test_every_country_comes_from_iso_data(seeded_db):
    assert Country.objects.count() >= 249
    assert Country.objects.get(code="VE").name == "Venezuela"


def test_seeding_twice_changes_nothing(seeded_db):
    before = row_counts()
    call_command("seed", verbosity=0)
    assert row_counts() == before


def test_seed_writes_history_with_a_reason(seeded_db):
    soles = Organization.objects.get(slug="cartel-de-los-soles")
    record = soles.history.get()
    assert record.history_change_reason == "seed: organizations/cartel-de-los-soles.json"
    # the event itself, then its sources (a many-to-many write of its own)
    event_history = designation("Cártel de los Soles", "US-FTO").events.get().history.all()
    assert [h.history_type for h in event_history.order_by("history_id")] == ["+", "~"]
    assert {h.history_change_reason for h in event_history} == {
        "seed: organizations/cartel-de-los-soles.json"
    }
    assert event_history.first().sources.count() == 1


def test_a_broken_record_names_file_and_record_and_writes_nothing(db, tmp_path):
    broken = tmp_path / "seeds"
    shutil.copytree(SEEDS, broken)
    path = broken / "organizations" / "hamas.json"
    organization = json.loads(path.read_text())
    organization["designations"][0]["events"][0]["effective_on"] = "2025-13-45"
    path.write_text(json.dumps(organization))
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command("seed", "--dir", str(broken), verbosity=0)
    assert "organizations/hamas.json: record 1 (hamas)" in str(error.value)
    assert "2025-13-45" in str(error.value)
    assert row_counts() == before


def test_malformed_json_names_the_line(db, tmp_path):
    broken = tmp_path / "seeds"
    shutil.copytree(SEEDS, broken)
    (broken / "programs.json").write_text('[{"code": "US-FTO",\n  oops}]')
    with pytest.raises(CommandError, match=r"programs.json: line 2"):
        call_command("seed", "--dir", str(broken), verbosity=0)
    assert not Organization.objects.exists()


def test_a_reseed_after_a_date_made_more_precise_keeps_the_registrys(seeded_db, tmp_path):
    """A registry seeded when the PKK's EU listing was known to the month (2002-05) is seeded
    again from seeds that give the day: the same designation, not a second one (which the open
    designation refused, and the whole seed with it)."""
    pkk = designation("Kurdistan Workers Party", "EU-CP931")
    pkk.designated_on, pkk.designated_precision = dt.date(2002, 5, 1), "month"
    pkk.save()
    newer = tmp_path / "seeds"
    shutil.copytree(SEEDS, newer)
    path = newer / "organizations" / "kurdistan-workers-party.json"
    record = json.loads(path.read_text())
    [listing] = [d for d in record["designations"] if d["program"] == "EU-CP931"]
    assert listing["events"][0]["effective_on"] == "2002-05-02"
    before = row_counts()
    call_command("seed", "--dir", str(newer), verbosity=0)
    assert row_counts() == before
    pkk.refresh_from_db()
    assert (pkk.designated_on, pkk.designated_precision) == (dt.date(2002, 5, 1), "month")


def test_a_reseed_fills_in_an_empty_description_and_keeps_an_analysts(seeded_db):
    """A registry seeded before the seeds described HAMAS gets the description; one whose
    analyst wrote their own keeps it."""
    hamas = Organization.objects.get(slug="hamas")
    pij = Organization.objects.get(slug="palestine-islamic-jihad")
    Organization.objects.filter(pk=hamas.pk).update(description="")
    pij.description = "An analyst's own words."
    pij.save()
    call_command("seed", verbosity=0)
    hamas.refresh_from_db()
    pij.refresh_from_db()
    assert hamas.description.startswith("Palestinian Islamist group")
    assert hamas.history.first().history_change_reason.startswith("seed")
    assert pij.description == "An analyst's own words."
