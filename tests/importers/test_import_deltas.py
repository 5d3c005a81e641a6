"""The real deltas between dated OFAC files become dated designation events."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from registry.models import Designation, DesignationEvent, Identifier, Organization, Source
from registry.services.imports import ImportAborted
from tests.factories import OrganizationFactory, ProgramFactory, designate, status

from .conftest import PAIRS, run_import

pytestmark = pytest.mark.django_db

NOV_23, DEC_02 = dt.date(2021, 11, 23), dt.date(2021, 12, 2)
MAY_19, MAY_20 = dt.date(2022, 5, 19), dt.date(2022, 5, 20)
FIVE = ["4691", "4693", "4694", "4700", "17187"]


def organization(ent_num: str) -> Organization:
    return Identifier.objects.get(scheme="ofac-ent-num", value=ent_num).organization


def designation(ent_num: str, program: str) -> Designation:
    return Designation.objects.get(organization=organization(ent_num), program__code=program)


def in_force(ent_num: str, program: str, on: dt.date) -> bool:
    return (
        Designation.objects.in_force(on)
        .filter(organization=organization(ent_num), program__code=program)
        .exists()
    )


def test_farc_revoked_and_its_successors_designated_between_nov_23_and_dec_02():
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23)
    report = run_import("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv", as_of=DEC_02)

    farc = designation("4711", "US-FTO")
    assert farc.revoked_on == DEC_02  # the file's date: the legacy CSV gives no other
    assert in_force("4711", "US-FTO", dt.date(2021, 12, 1))
    assert not in_force("4711", "US-FTO", DEC_02)
    revocation = farc.events.get(kind="revoked")
    assert revocation.effective_on == DEC_02 and revocation.confidence == "inferred"
    assert "4711 no longer in the list" in revocation.note
    for ent_num in ("33983", "33974"):  # FARC-EP and Segunda Marquetalia
        assert designation(ent_num, "US-FTO").designated_on == DEC_02
        assert in_force(ent_num, "US-FTO", DEC_02)
        assert not in_force(ent_num, "US-FTO", NOV_23)
    assert organization("33974").name == "SEGUNDA MARQUETALIA"
    assert len(report.added) == 2
    assert any("REVOLUTIONARY ARMED FORCES OF COLOMBIA: US-FTO" in r for r in report.revoked)
    summary = report.summary()
    assert "2 organizations added" in summary and "SEGUNDA MARQUETALIA [33974]" in summary


def test_five_organizations_lose_fto_and_keep_sdgt_on_2022_05_20():
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    report = run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20)

    fto_revoked = Designation.objects.filter(program__code="US-FTO", revoked_on=MAY_20)
    assert sorted(
        Identifier.objects.filter(
            organization__in=fto_revoked.values("organization"), scheme="ofac-ent-num"
        ).values_list("value", flat=True)
    ) == sorted(FIVE)
    for ent_num in FIVE:
        assert not in_force(ent_num, "US-FTO", MAY_20)
        assert in_force(ent_num, "US-SDGT", MAY_20)
    assert len(report.revoked) == 5 and not report.added and not report.designated
    assert DesignationEvent.objects.filter(kind="revoked").count() == 5


def test_events_cite_the_file_with_its_sha256():
    report = run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23)
    source = Source.objects.get()
    assert source.key == f"ofac-sdn-csv-{report.sha256[:12]}"
    assert source.sha256 == report.sha256 and source.kind == "official_list"
    assert source.published_on == NOV_23 and "2021-11-23" in source.title
    event = designation("4695", "US-FTO").events.get()  # HAMAS
    assert list(event.sources.all()) == [source]
    assert event.confidence == "inferred" and "no listing date" in event.note
    history = event.history.get()
    assert history.history_change_reason.startswith("import ofac-sdn-csv sdn_2021-11-23.csv ")
    assert f"sha256:{report.sha256[:12]}" in history.history_change_reason
    assert [s.source_id for s in history.sources.all()] == [source.pk]


def test_an_open_designation_from_elsewhere_counts_as_present_and_is_revoked_when_dropped():
    """A seeded-style organization, keyed by its ent_num, is merged, not duplicated. OFAC's file
    is the record of SDGT listings, not of the State Department's FTO list."""
    farc = OrganizationFactory(name="Revolutionary Armed Forces of Colombia (FARC)")
    Identifier.objects.create(organization=farc, scheme="ofac-ent-num", value="4711")
    seeded = designate(farc, ProgramFactory(code="US-SDGT"), on=dt.date(2001, 10, 31))
    fto = designate(farc, ProgramFactory(code="US-FTO"), on=dt.date(1997, 10, 8))

    first = run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23)
    assert Organization.objects.filter(identifiers__value="4711").get() == farc
    assert farc.designations.filter(program__code="US-SDGT").count() == 1  # no second SDGT
    assert farc.designations.filter(program__code="US-FTO").count() == 1
    assert not any("4711" in line for line in first.added)
    assert any(
        line.startswith("Revolutionary Armed Forces of Colombia (FARC) [4711]")
        for line in first.changed
    )
    assert farc.aliases.filter(name="REVOLUTIONARY ARMED FORCES OF COLOMBIA").exists()

    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv", as_of=DEC_02)
    seeded.refresh_from_db()
    assert seeded.designated_on == dt.date(2001, 10, 31) and seeded.revoked_on == DEC_02
    fto.refresh_from_db()
    assert fto.revoked_on is None  # the FTO list is the State Department's record
    farc.refresh_from_db()
    assert farc.name == "Revolutionary Armed Forces of Colombia (FARC)"  # names never overwritten


def test_the_seeds_keep_their_own_revocation_dates(seeded_db):
    """The seeds already know FARC's FTO ended 2021-11-30: the file changes nothing of that.
    (The slices hold fewer entities than the seeds' OFAC entries: `force`, as a whole list, which
    revokes what it lacks.)"""
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23, force=True)
    report = run_import("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv", as_of=DEC_02, force=True)
    farc = Organization.objects.get(slug="revolutionary-armed-forces-of-colombia")
    fto = farc.designations.get(program__code="US-FTO")
    assert fto.revoked_on == dt.date(2021, 11, 30)
    assert fto.events.filter(kind="revoked").count() == 1
    assert not any(
        "US-FTO" in line and "COLOMBIA" in line.upper()
        for line in report.revoked
        if "PEOPLE" not in line
    )
    # the seeds also know the SDGT listing's end (2021-11-30): the file adds no second one
    sdgt = farc.designations.get(program__code="US-SDGT")
    assert sdgt.revoked_on == dt.date(2021, 11, 30)
    assert sdgt.events.filter(kind="revoked").count() == 1

    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19, force=True)
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20, force=True)
    aum = Organization.objects.get(slug="aum-shinrikyo")
    assert aum.designations.get(program__code="US-FTO").events.filter(kind="revoked").count() == 1
    sdgt = aum.designations.get(program__code="US-SDGT")  # seeded with its date unknown
    assert status(sdgt, MAY_20) != "revoked" and not sdgt.events.filter(kind="revoked").exists()


def test_a_seeded_organization_is_enriched_not_duplicated(seeded_db):
    hamas = Organization.objects.get(slug="hamas")
    report = run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=NOV_23, force=True)
    assert organization("4695") == hamas
    assert hamas.aliases.filter(name="HAMAS").exists() or hamas.name.casefold() == "hamas"
    assert not any("[4695]" in line for line in report.added)


def test_an_older_copy_after_a_newer_one_imported_whole_is_refused(table_census):
    """The 2022-05-19 file still tags five organizations [FTO] that the 2022-05-20 file no longer
    does: imported after it, it would open five FTO designations in force to this day."""
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20)
    before = table_census()
    with pytest.raises(ImportAborted) as refused:
        run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    message = str(refused.value)
    assert "sdn_2022-05-19.csv" in message and "is of 2022-05-19" in message
    assert "copy of 2022-05-20" in message and "nothing was imported" in message
    assert table_census() == before
    assert not any(in_force(ent_num, "US-FTO", MAY_19) for ent_num in FIVE)
    with pytest.raises(ImportAborted, match="older than the copy of 2022-05-20"):
        run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19, dry_run=True)
    with pytest.raises(ImportAborted, match="older than the copy of 2022-05-20"):
        run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19, partial=True)


def test_an_older_copy_given_a_later_day_is_still_refused(table_census):
    """The 2022-05-19 file imported, then the 2022-05-20 one: the first file again, given as of
    2022-05-21 (saved again, or mislabelled), is still the older copy: imported, it would open
    the five FTO designations revoked on 2022-05-20 again."""
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20)
    before = table_census()
    later = MAY_20 + dt.timedelta(days=1)
    with pytest.raises(ImportAborted) as refused:
        run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=later)
    message = str(refused.value)
    assert "imported as of 2022-05-19" in message and "given now as of 2022-05-21" in message
    assert "older than the copy of 2022-05-20" in message
    assert table_census() == before
    assert not any(in_force(ent_num, "US-FTO", later) for ent_num in FIVE)
    # the newer file given a later day is the same list again: taken, changing nothing
    assert not run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=later).has_changes


def test_the_command_refuses_an_older_copy_naming_both_days():
    call_command(
        "import_list", "ofac-sdn-csv", str(PAIRS / "sdn_2021-12-02.csv"), "--as-of", "2021-12-02"
    )
    with pytest.raises(CommandError, match="is of 2021-11-23, older than the copy of 2021-12-02"):
        call_command(
            "import_list",
            "ofac-sdn-csv",
            str(PAIRS / "sdn_2021-11-23.csv"),
            "--as-of",
            "2021-11-23",
        )
    assert not Identifier.objects.filter(value="4711").exists()  # the FARC is not listed again


def test_a_whole_copy_is_recorded_even_when_it_changes_nothing():
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19, partial=True)
    assert not Source.objects.get().whole_list  # a partial file does not stand for the list
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    assert Source.objects.get().whole_list
    again = run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    assert not again.has_changes
    # a newer copy after it, and the same day again, are still taken
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20)
    assert not run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20).has_changes


def test_an_older_copy_is_taken_after_a_newer_partial_one():
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20, partial=True)
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    assert in_force("4691", "US-FTO", MAY_19)
