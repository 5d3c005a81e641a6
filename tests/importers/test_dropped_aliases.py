"""An alias a later file of the same list no longer carries ends on that file's date: it stays
in the history and in answers for the days before, and is no longer current."""

import datetime as dt
import re

import pytest

from registry.models import Alias, Organization
from registry.services.organizations import alias_add
from tests.factories import SourceFactory

from .conftest import SDN_ALT_ADD, UN_XML, UN_XML_2026, run_import

pytestmark = pytest.mark.django_db

DROPPED = "Conquest of the Levant Front"
LATER = dt.date(2024, 10, 1)


def later_file(tmp_path, *, drop: bool):
    """The committed UN slice as a later file: dated 2024-10-01, with or without one alias of
    al-Nusrah Front (QDe.137) that the real file carries."""
    text = UN_XML.read_text(encoding="utf-8")
    text = text.replace("dateGenerated='2024-09-26", "dateGenerated='2024-10-01")
    if drop:
        text, n = re.subn(
            r"\s*<ENTITY_ALIAS>\s*<QUALITY>a\.k\.a\.</QUALITY>\s*"
            rf"<ALIAS_NAME>{DROPPED}</ALIAS_NAME>\s*</ENTITY_ALIAS>",
            "",
            text,
        )
        assert n == 1
    path = tmp_path / f"consolidated-{drop}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def aliases(api, pk: int, **params) -> list[str]:
    body = api.get(f"/api/v1/organizations/{pk}/", params).json()
    return [a["name"] for a in body["aliases"]]


# The files are slices of the UN list (15 entries) and the seeds hold 42 UN listings: each import
# is --partial, as a user imports a slice, so that the missing entries are not taken as dropped.


def test_a_dropped_alias_ends_on_the_files_date(seeded_db, api, tmp_path):
    run_import("un-xml", UN_XML, partial=True)
    alias = Alias.objects.get(name=DROPPED)
    pk = alias.organization_id
    assert DROPPED in aliases(api, pk)

    report = run_import("un-xml", later_file(tmp_path, drop=True), partial=True)

    alias.refresh_from_db()
    assert alias.delisted_on == LATER
    assert report.updates["aliases"] == 1
    assert any("+1 aliases no longer listed" in line for line in report.changed)
    assert DROPPED not in aliases(api, pk)  # today
    assert DROPPED in aliases(api, pk, as_of="2024-09-30")
    assert DROPPED not in aliases(api, pk, as_of="2024-10-01")
    response = api.get("/api/v1/organizations/", {"format": "csv", "q": "nusrah"})
    csv = b"".join(response.streaming_content).decode()
    assert "Jabhat" in csv and DROPPED not in csv
    assert alias.history.filter(delisted_on=None).exists()  # the earlier state is kept
    assert alias.history.latest().history_change_reason.startswith("import un-xml")


def test_an_alias_listed_again_is_current_again(seeded_db, tmp_path):
    run_import("un-xml", UN_XML, partial=True)
    run_import("un-xml", later_file(tmp_path, drop=True), partial=True)
    run_import("un-xml", later_file(tmp_path, drop=False), as_of=dt.date(2024, 10, 2), partial=True)
    assert Alias.objects.get(name=DROPPED).delisted_on is None


def test_an_older_file_does_not_end_the_names_a_later_file_gave(seeded_db, api):
    # the seeds take al-Nusrah Front's names from the UN list of 2026-02-27; the committed
    # slice is the list of 2024-09-26, which wrote several of them otherwise
    later = Alias.objects.filter(source__key="un-sc-consolidated-xml-2026-02-27")
    given = set(later.values_list("pk", flat=True))
    assert later.filter(name="Hay’at Tahrir al-Sham").exists()

    report = run_import("un-xml", UN_XML, partial=True)

    assert not Alias.objects.filter(pk__in=given, delisted_on__isnull=False).exists()
    assert not [line for line in report.changed if "no longer listed" in line]
    pk = later.get(name="Hay’at Tahrir al-Sham").organization_id
    assert "Hay’at Tahrir al-Sham" in aliases(api, pk)


def test_an_older_file_does_not_list_again_what_a_later_one_dropped(seeded_db, tmp_path):
    run_import("un-xml", later_file(tmp_path, drop=True), partial=True)  # 2024-10-01
    run_import("un-xml", UN_XML, partial=True)  # 2024-09-26, which carries it
    assert Alias.objects.get(name=DROPPED).delisted_on == LATER


def test_a_name_the_list_writes_within_another_or_in_another_script_is_not_dropped(
    seeded_db, tmp_path
):
    from registry.models import Source
    from registry.services.organizations import alias_add

    run_import("un-xml", UN_XML, partial=True)  # 2024-09-26
    nusrah = Alias.objects.get(name=DROPPED).organization
    source = Source.objects.get(key__startswith="un-sc-xml-")
    given = {
        # written by the file inside "جبهة النصرة (the Victory Front; Jabhat al-Nusrah; ...)"
        "Victory Front": None,
        # the Russian edition's name: the English file writes none in Cyrillic
        "Фронт ан-Нусра": None,
        # a name the file writes nowhere: ends on the later file's day
        "Front of Nothing Written": LATER,
    }
    for name in given:
        alias_add(organization=nusrah, name=name, source=source, reason="test")

    run_import("un-xml", later_file(tmp_path, drop=False), partial=True)  # 2024-10-01

    for name, ended in given.items():
        assert Alias.objects.get(name=name).delisted_on == ended, name


def test_the_file_the_seeds_read_ends_none_of_their_names(seeded_db, api):
    # the UN list of 2026-02-27 writes, in one ALIAS_NAME, names the seeds hold apart ("Ansar
    # al-Shari'a (AAS)": "Ansar al-Shari'a" and "AAS") or together, and some only in the
    # Russian edition ("ИГИЛ"); imported into the seeds, it adds names and ends none
    report = run_import("un-xml", UN_XML_2026, partial=True)
    assert not Alias.objects.filter(delisted_on__isnull=False).exists()
    assert not [line for line in report.changed if "no longer listed" in line]
    aqap = Alias.objects.get(name="Ansar al-Shari'a (AAS)").organization
    names = set(aqap.aliases.values_list("name", flat=True))
    assert {"AAS", "Al-Qaida in Yemen", "AQY"} <= names
    assert aqap.aliases.get(name="AQY").kind == "acronym"
    again = run_import("un-xml", UN_XML_2026, partial=True)
    assert not +again.inserts and not +again.updates  # the same file twice changes nothing


def test_no_file_ends_a_name_from_a_copy_of_the_list_of_unknown_day(seeded_db):
    # a name taken from a copy of OFAC's list whose day is unknown: the 2021 file, which does not
    # write it, may be the older, so it does not end it
    copy = SourceFactory(key="ofac-sdn-csv-undated-copy", kind="official_list", published_on=None)
    hizballah = Organization.objects.get(slug="hizballah")
    alias_add(organization=hizballah, name="Islamic Resistance in Lebanon", source=copy, reason="t")
    dated = Alias.objects.filter(source__key="ofac-sdn-csv-2024-05-03", organization=hizballah)
    assert dated.exists()  # and the names of the 2024 file, which is the later

    report = run_import("ofac-sdn-csv", SDN_ALT_ADD, as_of=dt.date(2021, 4, 25), partial=True)

    assert not hizballah.aliases.filter(delisted_on__isnull=False).exists()
    assert not [line for line in report.changed if "no longer listed" in line]
