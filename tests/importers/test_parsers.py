"""Each format's parser on committed slices of the real files: pure, no database."""

import datetime as dt

import pytest

from registry.importers import ParseError, parse_file
from registry.importers.countries import country_code
from registry.importers.programs import program_code
from registry.importers.un_xml import unpacked

from .conftest import ENHANCED_XML, OFAC_XML, PAIRS, SDN_2024, SDN_ALT_ADD, UN_XML


def by_key(parsed):
    return {entity.key: entity for entity in parsed.entities}


def test_legacy_csv_reads_entities_and_splits_program_tags():
    parsed = parse_file("ofac-sdn-csv", SDN_2024)
    entities = by_key(parsed)
    assert parsed.list_key == "ofac-sdn" and parsed.list_date is None
    assert sum("FTO" in e.programs for e in parsed.entities) == 70
    assert entities["4702"].name == "KURDISTAN WORKERS' PARTY"
    assert entities["4702"].programs == ["SDNTK", "FTO", "SDGT"]
    assert parsed.skipped["individual"] > 0  # individuals are counted, not imported
    assert all(e.where.startswith("line ") for e in parsed.entities)


def test_legacy_csv_remark_names_are_weak_aliases():
    entities = by_key(parse_file("ofac-sdn-csv", SDN_2024))
    aliases = {(a.name, a.kind) for a in entities["4696"].aliases}  # HARAKAT UL-MUJAHIDEEN
    assert aliases == {("HUA", "weak"), ("HUM", "weak")}


def test_legacy_csv_reads_alt_and_add_beside_it():
    parsed = parse_file("ofac-sdn-csv", SDN_ALT_ADD)
    entities = by_key(parsed)
    cuba_airline = entities["36"]
    assert ("AERO-CARIBBEAN", "strong") in {(a.name, a.kind) for a in cuba_airline.aliases}
    assert cuba_airline.countries == ["Cuba"]
    kinds = {a.kind for e in parsed.entities for a in e.aliases}
    assert "former" in kinds  # alt_type fka
    assert any("alt.csv" in note for note in parsed.notes)


def test_ofac_xml_dates_itself_and_keeps_alias_categories():
    parsed = parse_file("ofac-xml", OFAC_XML)
    assert parsed.list_key == "ofac-cons"  # consolidated.xml is the non-SDN list
    assert parsed.list_date == dt.date(2024, 5, 6)
    bank = by_key(parsed)["15268"]
    assert bank.name == "BANK OF KUNLUN CO LTD"
    assert {a.kind for a in bank.aliases} == {"former"}
    assert bank.countries == ["China"]
    assert any(a.kind == "weak" for e in parsed.entities for a in e.aliases)
    assert parse_file("ofac-xml", OFAC_XML, ofac_list="sdn").list_key == "ofac-sdn"


def test_enhanced_xml_carries_listing_dates_scripts_and_legal_authority():
    parsed = parse_file("ofac-enhanced-xml", ENHANCED_XML)
    assert parsed.list_key == "ofac-sdn" and parsed.list_date == dt.date(2024, 8, 28)
    ground_forces = by_key(parsed)["26719"]
    assert ground_forces.name == "IRGC GROUND FORCES"
    assert ground_forces.programs == ["FTO", "IRGC"]
    assert ground_forces.listed_on == dt.date(2019, 4, 15)
    assert ground_forces.legal_authorities == ["INA"]
    assert ground_forces.countries == ["Iran", "Syria"]
    arabic = [a for e in parsed.entities for a in e.aliases if a.script == "Arabic"]
    assert arabic and all(a.name.startswith("\u202b") for a in arabic)  # bidi embeddings kept
    assert parsed.skipped["individual"] == 1


def test_un_xml_keys_by_reference_number_and_keeps_original_script():
    parsed = parse_file("un-xml", UN_XML)
    assert parsed.list_key == "un-sc" and parsed.list_date == dt.date(2024, 9, 26)
    entities = by_key(parsed)
    eij = entities["QDe.003"]
    assert eij.name == "EGYPTIAN ISLAMIC JIHAD"
    assert eij.listed_on == dt.date(2001, 10, 6)
    assert eij.programs == ["Al-Qaida"]
    original = [a for a in eij.aliases if a.kind == "translation"]
    assert original and original[0].script == "Arabic"
    assert original[0].name == "الجهاد الاسلامي المصري"
    assert ("un-dataid", "113236") in eij.extra_identifiers
    assert any(e.programs == ["Taliban"] for e in parsed.entities)
    assert parsed.skipped["individual"] == 2


def test_un_xml_names_packed_in_one_alias_are_read_apart():
    # the UN writes a name, then its other spellings in brackets, in one ALIAS_NAME
    nusrah = by_key(parse_file("un-xml", UN_XML))["QDe.137"]
    names = {a.name: a for a in nusrah.aliases}
    for name in ("Jabhat al-Nusrah", "Al-Nusra Front", "the Victory Front", "Fateh al-Sham Front"):
        assert names[name].kind == "strong", name
    assert names["جبهة النصرة"].script == "Arabic"
    # "(original script)" marks a translation; an acronym in brackets is an acronym
    assert names["هيئة تحرير الشام"].kind == "translation"
    assert names["Hay’at Tahrir al-Sham"].kind == "strong" and names["HTS"].kind == "acronym"
    assert not [n for n in names if ";" in n or "original script" in n]
    # a name then the same in another script: two names, without the UN's note
    assert "شبكة أنصار المجاهدين" in names and "Ansar al-Mujahideen Network" in names
    # any other bracket is part of the name
    unit = "Riyadus-Salikhin Reconnaissance and Sabotage battalion of Shahids (martyrs)"
    assert unpacked(unit) == [(unit, "")]
    assert unpacked("Al Qaïda au Maghreb islamique (AQMI)") == [
        ("Al Qaïda au Maghreb islamique", ""),
        ("AQMI", "acronym"),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Burma", "MM"),
        ("Iran", "IR"),
        ("Russia", "RU"),
        ("Korea, North", "KP"),
        ("Congo, Democratic Republic of the", "CD"),
        ("West Bank", "PS"),
        ("Palestinian", "PS"),
        ("Syrian Arab Republic", "SY"),
        ("Region: Crimea", None),
        ("Kosovo", None),
        ("Netherlands Antilles", None),
        ("USA", None),  # a code, not a name: no guessing
    ],
)
def test_country_texts_map_to_iso_codes_or_to_nothing(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("list_key", "tag", "code", "known"),
    [
        ("ofac-sdn", "FTO", "US-FTO", True),
        ("ofac-sdn", "SDGT", "US-SDGT", True),
        ("ofac-sdn", "SDNTK", "US-OFAC-SDNTK", False),
        ("ofac-sdn", "CAATSA - RUSSIA", "US-OFAC-CAATSA-RUSSIA", False),
        ("un-sc", "Al-Qaida", "UN-1267", True),
        ("un-sc", "Taliban", "UN-1988", True),
        ("un-sc", "DPRK", "UN-DPRK", False),
    ],
)
def test_program_mapping_table(list_key, tag, code, known):
    assert program_code(list_key, tag) == (code, known)


def test_pair_slices_hold_the_real_delta():
    before = by_key(parse_file("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv"))
    after = by_key(parse_file("ofac-sdn-csv", PAIRS / "sdn_2021-12-02.csv"))
    assert "4711" in before and "4711" not in after
    assert {"33983", "33974"} <= set(after) and not {"33983", "33974"} & set(before)


def test_unknown_format_is_refused():
    with pytest.raises(ParseError, match="unknown format"):
        parse_file("eu-xml", UN_XML)
