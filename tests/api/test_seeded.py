"""The questions the registry exists to answer, asked of the seeded data (seeds/*.json)."""

import pytest

from tests.api.conftest import results

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations/"
REVOKED_2022_05_20 = {
    "aum-shinrikyo",
    "basque-fatherland-and-liberty",
    "gamaa-al-islamiyya",
    "kahane-chai",
    "mujahidin-shura-council-in-the-environs-of-jerusalem",
}
CARTELS_2025_02_20 = {
    "tren-de-aragua",
    "mara-salvatrucha",
    "cartel-de-sinaloa",
    "cartel-de-jalisco-nueva-generacion",
    "carteles-unidos",
    "cartel-del-noreste",
    "cartel-del-golfo",
    "la-nueva-familia-michoacana",
}


def slugs(api, params) -> set[str]:
    return {item["slug"] for item in results(api, ORGS, params)}


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        ({"program": "US-FTO", "as_of": "2025-11-23"}, False),
        ({"program": "US-FTO", "as_of": "2025-11-24"}, True),
        ({"program": "US-FTO", "as_of": "2025-11-25"}, True),
        ({"program": "US-SDGT", "as_of": "2025-07-24"}, False),
        ({"program": "US-SDGT", "as_of": "2025-07-25"}, True),
        ({"program": "US-SDGT", "as_of": "2025-08-01"}, True),
    ],
)
def test_cartel_de_los_soles_as_of(api, seeded_db, params, listed):
    assert ("cartel-de-los-soles" in slugs(api, params)) is listed


def test_cartel_de_los_soles_on_2025_08_01_was_sdgt_only(api, seeded_db):
    (soles,) = results(api, ORGS, {"slug": "cartel-de-los-soles", "as_of": "2025-08-01"})
    assert [(d["program"], d["status"]) for d in soles["designations"]] == [("US-SDGT", "active")]
    (today,) = results(api, ORGS, {"slug": "cartel-de-los-soles"})
    fto = next(d for d in today["designations"] if d["program"] == "US-FTO")
    assert fto["designated_on"] == "2025-11-24"
    assert fto["citation"] == "90 FR 53045"
    assert fto["events"][0]["signed_on"] == "2025-11-16"


@pytest.mark.parametrize(
    ("day", "in_force"), [("2022-05-19", True), ("2022-05-20", False), ("2022-05-21", False)]
)
def test_the_2022_05_20_revocations(api, seeded_db, day, in_force):
    listed = slugs(api, {"program": "US-FTO", "as_of": day})
    if in_force:
        assert listed >= REVOKED_2022_05_20
    else:
        assert not listed & REVOKED_2022_05_20


def test_revoked_fto_organizations_stay_sdgt(api, seeded_db):
    revoked_fto = slugs(api, {"program": "US-FTO", "status": "revoked"})
    assert revoked_fto >= REVOKED_2022_05_20
    assert "ansarallah" not in revoked_fto  # revoked in 2021, designated again in 2025
    assert slugs(api, {"program": "US-SDGT"}) >= REVOKED_2022_05_20
    assert not slugs(api, {"program": "US-SDGT", "status": "revoked"}) & REVOKED_2022_05_20
    rows = results(
        api, "/api/v1/designations/", {"revoked_from": "2022-05-20", "revoked_to": "2022-05-20"}
    )
    assert {r["organization"]["slug"] for r in rows} == REVOKED_2022_05_20
    assert {r["program"] for r in rows} == {"US-FTO"}


def test_the_cartels_designated_on_2025_02_20(api, seeded_db):
    assert slugs(api, {"program": "US-FTO", "as_of": "2025-02-20"}) >= CARTELS_2025_02_20
    assert not CARTELS_2025_02_20 & slugs(api, {"program": "US-FTO", "as_of": "2025-02-19"})
    mexico = slugs(api, {"program": "US-FTO", "country": "MX", "as_of": "2025-03-01"})
    assert {"cartel-de-sinaloa", "cartel-de-jalisco-nueva-generacion"} <= mexico
    assert "tren-de-aragua" not in mexico


@pytest.mark.parametrize("text", ["sinaloa", "CARTEL DE SINALOA", "Cártel de Sinaloa"])
def test_search_finds_sinaloa_however_written(api, seeded_db, text):
    assert "cartel-de-sinaloa" in slugs(api, {"q": text})


@pytest.mark.parametrize(
    "text",
    [
        "cartel de jalisco",
        "CARTEL DE JALISCO NUEVA GENERACION",
        "Cártel de Jalisco Nueva Generación",
        "cjng",
    ],
)
def test_search_finds_cjng_however_written(api, seeded_db, text):
    assert "cartel-de-jalisco-nueva-generacion" in slugs(api, {"q": text})


def test_ms13_finds_mara_salvatrucha(api, seeded_db):
    assert "mara-salvatrucha" in slugs(api, {"q": "ms13"})


def test_month_precision_is_kept(api, seeded_db):
    # The AUC's FTO revocation is known to the month only (its Federal Register notice was not
    # found); Ansarallah's first FTO designation is known to the day.
    (auc,) = results(api, ORGS, {"slug": "united-self-defense-forces-of-colombia"})
    fto = next(d for d in auc["designations"] if d["program"] == "US-FTO")
    assert fto["revoked_on"] == "2014-07"
    assert fto["revoked_precision"] == "month"
    (ansarallah,) = results(api, ORGS, {"slug": "ansarallah"})
    first_fto = next(d for d in ansarallah["designations"] if d["program"] == "US-FTO")
    assert first_fto["designated_on"] == "2021-01-19"
    assert first_fto["designated_precision"] == "day"
    assert first_fto["revoked_on"] == "2021-02-16"


def test_countries_count_the_cartels(api, seeded_db):
    (mexico,) = results(api, "/api/v1/countries/", {"q": "Mexico"})
    assert mexico["organizations_in_force"] >= 6
    # Canada's listings of the cartels took effect on 2025-02-19, the US designations a day later
    (before,) = results(api, "/api/v1/countries/", {"q": "Mexico", "as_of": "2025-02-18"})
    assert before["organizations_in_force"] == 0


@pytest.mark.parametrize(
    "text, slug",
    [
        ("حزب الله", "hizballah"),
        ("حماس", "hamas"),
        ("Houthi movement", "ansarallah"),
        ("Dev Sol", "revolutionary-peoples-liberation-party-front"),
        ("Basque Homeland and Freedom", "basque-fatherland-and-liberty"),
        ("Nordiska motståndsrörelsen", "nordic-resistance-movement"),
        ("Daesh (ISIS)", "isis"),
        ("Balochistan Liberation Army (BLA)", "balochistan-liberation-army"),
        ("Abu Sayaf", "abu-sayyaf-group"),
        ("Hizbul Mujahidin", "hizbul-mujahideen"),
        ("Хезболла", "hizballah"),
        ("Исламское государство", "isis"),
        ("Хуситы", "ansarallah"),
    ],
)
def test_search_finds_names_in_their_own_script_and_common_english(api, seeded_db, text, slug):
    (first, *_) = results(api, ORGS, {"q": text, "brief": "1"})
    assert first["slug"] == slug


def test_the_oldest_designated_organizations_have_their_country(api, seeded_db):
    # the organizations designated in 1997 had no country until their sources were read
    assert "hizballah" in slugs(api, {"country": "LB"})
    assert "hamas" in slugs(api, {"country": "PS"})
    assert "kurdistan-workers-party" in slugs(api, {"country": "IQ"})
    assert "liberation-tigers-of-tamil-eelam" in slugs(api, {"country": "LK"})


@pytest.mark.parametrize(
    ("text", "slug", "before", "designated_on"),
    [
        ("Taliban", "taliban", "2002-07-01", "2002-07-02"),
        ("Quds Force", "irgc-qods-force", "2007-10-24", "2007-10-25"),
        ("Samidoun", "samidoun", "2024-10-10", "2024-10-15"),  # Canada: from 2024-10-11
        ("Hurras al-Din", "hurras-al-din", "2019-09-09", "2019-09-10"),
    ],
)
def test_sdgt_organizations_people_look_up(api, seeded_db, text, slug, before, designated_on):
    (first, *_) = results(api, ORGS, {"q": text, "brief": "1"})
    assert first["slug"] == slug
    # an SDGT without an FTO designation (other countries' lists may name it too)
    assert "US-SDGT" in first["programs_in_force"]
    assert "US-FTO" not in first["programs_in_force"]
    assert slug in slugs(api, {"q": text, "as_of": designated_on})
    assert slug not in slugs(api, {"q": text, "as_of": before})
