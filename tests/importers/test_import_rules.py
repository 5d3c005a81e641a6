"""Every format imports; a second import changes nothing; dry runs write nothing; sanity rules."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.importers import ParseError
from registry.models import (
    Alias,
    Authority,
    Designation,
    Identifier,
    Organization,
    OrganizationCountry,
    Program,
)
from registry.selectors.search import organizations_matching
from registry.services.imports import ImportAborted

from .conftest import ENHANCED_XML, OFAC_XML, PAIRS, SDN_2024, SDN_ALT_ADD, UN_XML, run_import

pytestmark = pytest.mark.django_db

FILES = [
    ("ofac-sdn-csv", SDN_2024, {"as_of": dt.date(2024, 5, 3)}),
    ("ofac-sdn-csv", SDN_ALT_ADD, {"as_of": dt.date(2021, 4, 25)}),
    ("ofac-xml", OFAC_XML, {"all_programs": True}),  # the non-SDN list: no terrorism program
    ("ofac-enhanced-xml", ENHANCED_XML, {}),
    ("un-xml", UN_XML, {}),
]


@pytest.mark.parametrize(("format", "path", "options"), FILES, ids=lambda v: getattr(v, "name", ""))
def test_the_same_file_twice_changes_nothing_the_second_time(format, path, options, table_census):
    first = run_import(format, path, **options)
    assert first.has_changes and first.added
    before = table_census()
    second = run_import(format, path, **options)
    assert table_census() == before  # no row and no history row
    assert not second.has_changes
    assert not (second.added or second.changed or second.designated or second.revoked)
    assert "0 organizations added, 0 changed, 0 designations added, 0 revoked" in second.summary()


def test_dry_run_writes_nothing_and_reports_what_the_real_run_does(table_census):
    before = table_census()
    dry = run_import(
        "ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23), dry_run=True
    )
    assert table_census() == before
    assert dry.dry_run and "DRY RUN (nothing was written)" in dry.summary()
    real = run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))
    assert real.summary().replace("Imported: ", "DRY RUN (nothing was written): ") == dry.summary()
    assert Organization.objects.count() == len(real.added) == 78  # the terrorism programs


def test_an_empty_database_gets_the_programs_and_authorities_it_needs():
    report = run_import(
        "ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23), all_programs=True
    )
    fto = Program.objects.get(code="US-FTO")
    assert fto.authority.code == "US-DOS"  # the FTO tag is OFAC's, the list is State's
    assert Program.objects.get(code="US-SDGT").authority.code == "US-OFAC"
    sdntk = Program.objects.get(code="US-OFAC-SDNTK")
    assert sdntk.authority.code == "US-OFAC" and "SDNTK" in sdntk.legal_basis
    assert (
        "program US-OFAC-SDNTK created under US-OFAC (tag 'SDNTK' is not in the mapping table)"
        in (report.warnings)
    )
    assert set(Authority.objects.values_list("code", flat=True)) == {"US-DOS", "US-OFAC"}


def test_un_entries_are_designated_on_their_listing_date():
    run_import("un-xml", UN_XML, all_programs=True)
    eij = Identifier.objects.get(scheme="un-ref", value="QDe.003").organization
    designation = eij.designations.get()
    assert designation.program.code == "UN-1267" and designation.program.authority.code == "UN-SC"
    assert designation.designated_on == dt.date(2001, 10, 6)
    assert designation.events.get().confidence == "confirmed"
    original = eij.aliases.get(kind="translation")
    assert original.name == "الجهاد الاسلامي المصري" and original.script == "Arabic"
    assert original.search_key  # transliterated for search; the name itself is kept as written
    assert eij.identifiers.filter(scheme="un-dataid", value="113236").exists()
    assert Designation.objects.filter(program__code="UN-1988").exists()
    assert Program.objects.get(code="UN-DPRK").authority.code == "UN-SC"
    assert organizations_matching("egyptian islamic jihad").get() == eij


def test_enhanced_xml_designations_start_on_the_listing_date_with_legal_authority():
    run_import("ofac-enhanced-xml", ENHANCED_XML)
    ground = Identifier.objects.get(scheme="ofac-ent-num", value="26719").organization
    fto = ground.designations.get(program__code="US-FTO")
    assert fto.designated_on == dt.date(2019, 4, 15)
    event = fto.events.get()
    assert event.confidence == "confirmed" and "Legal authority: INA" in event.note
    assert set(ground.country_links.values_list("country_id", flat=True)) == {"IR", "SY"}
    assert Alias.objects.filter(script="Arabic").exists()


def test_alias_kinds_and_countries_are_kept():
    run_import("ofac-xml", OFAC_XML, all_programs=True)
    bank = Identifier.objects.get(scheme="ofac-ent-num", value="15268").organization
    assert set(bank.aliases.values_list("kind", flat=True)) == {"former"}
    assert bank.country_links.get().country_id == "CN"
    assert bank.country_links.get().confidence == "confirmed"
    assert Alias.objects.filter(kind="weak").exists()
    run_import("ofac-sdn-csv", SDN_2024, as_of=dt.date(2024, 5, 3))
    hum = Identifier.objects.get(scheme="ofac-ent-num", value="4696").organization
    assert set(hum.aliases.values_list("name", "kind")) == {("HUA", "weak"), ("HUM", "weak")}


def test_country_texts_that_name_no_country_are_kept_and_reported(tmp_path):
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(
        b'900001,"CRIMEA TEST ENTITY",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a'
    )
    (tmp_path / "add.csv").write_bytes(
        b'900001,1,-0- ,"Sevastopol","Region: Crimea",-0- \r\n'
        b'900001,2,-0- ,"Moscow","Russia",-0- \r\n\x1a'
    )
    report = run_import("ofac-sdn-csv", sdn, as_of=dt.date(2024, 1, 2))
    org = Organization.objects.get(name="CRIMEA TEST ENTITY")
    assert list(org.country_links.values_list("country_id", flat=True)) == ["RU"]
    assert "Region: Crimea" in org.description
    assert any("'Region: Crimea' maps to no ISO country" in w for w in report.warnings)
    assert not OrganizationCountry.objects.filter(country_id="UA").exists()  # never guessed


def test_a_file_with_far_fewer_entities_is_refused_unless_forced_or_partial(table_census):
    run_import("ofac-sdn-csv", SDN_2024, as_of=dt.date(2024, 5, 3), all_programs=True)
    before = table_census()
    with pytest.raises(ImportAborted, match="more than 20% fewer"):
        run_import("ofac-enhanced-xml", ENHANCED_XML)  # an IRGC-only extract of the SDN list
    assert table_census() == before
    partial = run_import("ofac-enhanced-xml", ENHANCED_XML, partial=True)
    assert not partial.revoked
    forced = run_import("ofac-enhanced-xml", ENHANCED_XML, force=True)
    assert len(forced.revoked) > 100  # everything the extract lacks is revoked: forced means so


def test_a_list_without_a_date_needs_as_of():
    with pytest.raises(ImportAborted, match="--as-of"):
        run_import("ofac-sdn-csv", SDN_2024)


def test_queries_do_not_grow_with_the_number_of_entities():
    def queries(path, as_of, **options):
        with CaptureQueriesContext(connection) as captured:
            report = run_import("ofac-sdn-csv", path, as_of=as_of, all_programs=True, **options)
        return len(captured), report

    small, _ = queries(PAIRS / "sdn_2021-11-23.csv", dt.date(2021, 11, 23), dry_run=True)
    large, _ = queries(SDN_2024, dt.date(2024, 5, 3), dry_run=True)
    assert small == large  # the plan reads the registry in a fixed number of queries
    writes, report = queries(SDN_2024, dt.date(2024, 5, 3))
    rows = sum(report.inserts.values())
    assert rows > 900
    # bulk writes: a few queries per batch, and per new program (a handful), never one per row
    assert writes < 5 * report.inserts["programs"] + 60


def test_more_entry_types_only_when_asked():
    report = run_import("un-xml", UN_XML, include=frozenset({"individual"}))
    assert report.entities == 24 and not report.skipped
    person = Identifier.objects.get(scheme="un-ref", value="TAi.005").organization
    assert person.name == "MUHAMMAD TAHER ANWARI" and person.kind == Organization.Kind.OTHER
    assert person.designations.get().program.code == "UN-1988"
    run_import(
        "ofac-sdn-csv",
        SDN_2024,
        as_of=dt.date(2024, 5, 3),
        include=frozenset({"vessel"}),
        all_programs=True,
    )
    vessels = Organization.objects.filter(kind="other", identifiers__scheme="ofac-ent-num")
    assert vessels.count() >= 2
    with pytest.raises(ParseError, match="unknown entry types"):
        run_import("un-xml", UN_XML, include=frozenset({"ship"}))
