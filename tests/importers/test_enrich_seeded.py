"""Importing the official lists into a seeded registry enriches its organizations, never
duplicates them: the list's key is attached and its names become aliases."""

import datetime as dt

import pytest

from registry.models import Designation, Identifier, Organization
from tests.factories import OrganizationFactory

from .conftest import SDN_2024, SDN_ALT_ADD, UN_XML, UN_XML_SHARED_NAMES, run_import

pytestmark = pytest.mark.django_db

MAY_03 = dt.date(2024, 5, 3)
# The SDN slice holds 79 of the list's entities, fewer than the seeds' OFAC entries: imported whole
# it would look cut and be refused; partial=True revokes nothing for the entries it lacks.


def fto_in_force(on: dt.date) -> int:
    return (
        Designation.objects.in_force(on)
        .filter(program__code="US-FTO")
        .values("organization")
        .distinct()
        .count()
    )


def test_by_default_only_terrorism_programs_are_taken(seeded_db):
    report = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, partial=True)

    assert not Designation.objects.filter(program__code__startswith="US-OFAC-CUBA").exists()
    assert report.skipped_programs["CUBA"] > 0 and report.skipped_entries > 0
    assert "Outside the terrorism programs" in report.summary()
    hizballah = Organization.objects.get(slug="hizballah")
    assert not hizballah.designations.filter(program__code="US-OFAC-SYRIA").exists()

    everything = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, all_programs=True, partial=True)
    assert Designation.objects.filter(program__code="US-OFAC-CUBA").exists()
    assert everything.skipped_programs == {} and not everything.revoked


def test_the_2024_sdn_csv_adds_no_second_fto_organization(seeded_db):
    before = fto_in_force(MAY_03)
    organizations = Organization.objects.count()
    # The seeds carry OFAC's names already; without "LH" the import must bring it back.
    Organization.objects.get(slug="hizballah").aliases.filter(name="LH").delete()

    report = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, partial=True)

    assert fto_in_force(MAY_03) == before
    assert not [line for line in report.added if "US-FTO" in line]
    hizballah = Organization.objects.get(slug="hizballah")
    assert hizballah.identifiers.filter(scheme="ofac-ent-num", value="4697").exists()
    # OFAC's remark names ("a.k.a. 'LH'") are its weak aliases
    assert hizballah.aliases.get(name="LH").kind == "weak"
    assert Organization.objects.count() - organizations == len(report.added)


def test_hezbollah_finds_hizballah_through_ofacs_alias(seeded_db, api):
    hizballah = Organization.objects.get(slug="hizballah")
    # The seeds carry OFAC's names already: a registry without them is one the import must mend.
    hizballah.aliases.filter(search_key__contains="hezbollah").delete()
    found = api.get("/api/v1/organizations/", {"q": "hezbollah"}).json()["results"]
    assert "hizballah" not in [o["slug"] for o in found]

    run_import("ofac-sdn-csv", SDN_ALT_ADD, as_of=dt.date(2021, 4, 25), partial=True)

    results = api.get("/api/v1/organizations/", {"q": "hezbollah"}).json()["results"]
    # found by "LEBANESE HEZBOLLAH"; a name starting "Hezbollah" (Harakat al-Nujaba's) ranks first
    assert "hizballah" in [o["slug"] for o in results]
    assert hizballah.aliases.get(name="LEBANESE HEZBOLLAH").source.kind == "official_list"
    assert Organization.objects.filter(name__iexact="hizballah").count() == 1


def test_an_unkeyed_organization_is_found_by_name_and_keyed(seeded_db):
    hamas = Organization.objects.get(slug="hamas")
    hamas.identifiers.filter(scheme="ofac-ent-num").delete()

    report = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, partial=True)

    assert Identifier.objects.get(scheme="ofac-ent-num", value="4695").organization == hamas
    found = f"{hamas.name} [4695]: +ofac-ent-num 4695 (found by name)"
    assert any(line.startswith(found) for line in report.changed)
    assert Organization.objects.filter(search_key="hamas").count() == 1


def test_a_name_matching_two_organizations_is_reported_not_guessed(seeded_db):
    hamas = Organization.objects.get(slug="hamas")
    hamas.identifiers.filter(scheme="ofac-ent-num").delete()
    other = Organization.objects.exclude(identifiers__scheme="ofac-ent-num").exclude(pk=hamas.pk)[0]
    other.aliases.create(name="HAMAS", kind="strong")

    report = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, partial=True)

    assert not Identifier.objects.filter(scheme="ofac-ent-num", value="4695").exists()
    review = "\n".join(report.review)
    assert "HAMAS [4695] matches" in review and f"(id {hamas.pk})" in review
    assert f"(id {other.pk})" in review
    assert Organization.objects.filter(search_key="hamas").count() == 1
    assert "For review (not imported)" in report.summary()


def test_a_second_run_answers_as_the_first_when_one_entry_keys_a_shared_name():
    # OFAC lists the Revival of Islamic Heritage Society twice: 7149, its offices in Pakistan and
    # Afghanistan, a.k.a. Afghan Support Committee and Lajnat ul Masa Eidatul Afghania (its alt.csv
    # of 2021-04), and 10923, worldwide. The UN lists the committee (QDe.069, a.k.a. Lajnat ul
    # Masa Eidatul Afghania) and the Society (QDe.070) apart.
    offices = OrganizationFactory(name="REVIVAL OF ISLAMIC HERITAGE SOCIETY")
    offices.identifiers.create(scheme="ofac-ent-num", value="7149")
    offices.aliases.create(name="AFGHAN SUPPORT COMMITTEE", kind="strong")
    offices.aliases.create(name="LAJNAT UL MASA EIDATUL AFGHANIA", kind="strong")
    worldwide = OrganizationFactory(name="REVIVAL OF ISLAMIC HERITAGE SOCIETY")
    worldwide.identifiers.create(scheme="ofac-ent-num", value="10923")

    first = run_import("un-xml", UN_XML_SHARED_NAMES, partial=True)

    assert offices.identifiers.filter(scheme="un-ref", value="QDe.069").exists()  # by name
    assert not Identifier.objects.filter(scheme="un-ref", value="QDe.070").exists()
    assert [line.split(": not imported")[0] for line in first.review] == [
        f"REVIVAL OF ISLAMIC HERITAGE SOCIETY [QDe.070] matches REVIVAL OF ISLAMIC HERITAGE "
        f"SOCIETY (id {offices.pk}); REVIVAL OF ISLAMIC HERITAGE SOCIETY (id {worldwide.pk})"
    ]

    # QDe.069 now keys the offices; QDe.070 still matches both: it stays for review, and the
    # line says which entry keys the offices
    again = run_import("un-xml", UN_XML_SHARED_NAMES, partial=True)

    assert not Identifier.objects.filter(scheme="un-ref", value="QDe.070").exists()
    assert not +again.inserts and not again.changed and not again.added
    assert [line.split(": not imported")[0] for line in again.review] == [
        f"REVIVAL OF ISLAMIC HERITAGE SOCIETY [QDe.070] matches REVIVAL OF ISLAMIC HERITAGE "
        f"SOCIETY (id {offices.pk}, un-ref QDe.069); REVIVAL OF ISLAMIC HERITAGE SOCIETY "
        f"(id {worldwide.pk})"
    ]


def test_an_entry_matching_only_organizations_the_list_keys_is_another_organization():
    keyed = OrganizationFactory(name="REVIVAL OF ISLAMIC HERITAGE SOCIETY")
    keyed.identifiers.create(scheme="un-ref", value="QDe.999")

    report = run_import("un-xml", UN_XML_SHARED_NAMES, partial=True)

    assert not report.review
    society = Identifier.objects.get(scheme="un-ref", value="QDe.070").organization
    assert society != keyed and society.name == keyed.name


def test_the_un_list_enriches_without_duplicating(seeded_db):
    organizations = Organization.objects.count()
    nusrah = Organization.objects.get(slug="al-nusrah-front")
    nusrah.identifiers.filter(scheme="un-ref").delete()

    # The slice holds 15 of the list's entities, the seeds 42 UN listings: imported whole, it
    # would look cut and be refused; --partial revokes nothing for the entries it lacks.
    report = run_import("un-xml", UN_XML, partial=True)

    assert nusrah.identifiers.filter(scheme="un-ref", value="QDe.137").exists()  # by name
    haqqani = Organization.objects.get(slug="haqqani-network")
    assert haqqani.identifiers.filter(scheme="un-ref", value="TAe.012").exists()
    # the seeded listings stay the only ones, with the day the list gives
    listing = haqqani.designations.get(program__code="UN-1988")
    assert (listing.designated_on, listing.revoked_on) == (dt.date(2012, 11, 5), None)
    gia = Organization.objects.get(slug="armed-islamic-group").designations
    assert gia.get(program__code="UN-1267").designated_on == dt.date(2001, 10, 6)
    assert Organization.objects.count() - organizations == len(report.added)
    assert not [line for line in report.added if "[QDe.137]" in line or "[TAe.012]" in line]
