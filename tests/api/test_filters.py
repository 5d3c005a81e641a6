"""Each filter of /organizations/ and /designations/, on factory-made data."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from registry.models import Identifier
from registry.services.designations import designation_add_event
from registry.services.organizations import alias_add, country_link_add, identifier_add
from tests.api.conftest import get_json, results
from tests.factories import (
    CountryFactory,
    OrganizationFactory,
    ProgramFactory,
    designate,
    sdgt_program,
)

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations/"
DESIGNATIONS = "/api/v1/designations/"
DESIGNATED = dt.date(2025, 11, 24)
REVOKED = dt.date(2026, 5, 20)
DAY = dt.timedelta(days=1)


def slugs(api, params) -> list[str]:
    return [item["slug"] for item in results(api, ORGS, params)]


def designation_ids(api, params) -> list[int]:
    return [item["id"] for item in results(api, DESIGNATIONS, params)]


@pytest.fixture
def fto():
    return ProgramFactory(code="US-FTO")


@pytest.fixture
def sdgt():
    return sdgt_program()


@pytest.fixture
def world(fto, sdgt):
    """Soles: SDGT 2025-07-25, FTO from 2025-11-24 to 2026-05-20 (a made-up revocation).
    Sinaloa: FTO and SDGT from 2025-02-20, based in Mexico. Aum: FTO revoked 2022-05-20."""
    soles = OrganizationFactory(name="Cártel de los Soles", slug="soles")
    country_link_add(organization=soles, country=CountryFactory(code="VE"), reason="test")
    designate(soles, sdgt, on=dt.date(2025, 7, 25))
    designate(soles, fto, on=DESIGNATED, revoked=REVOKED)
    sinaloa = OrganizationFactory(name="Cártel de Sinaloa", slug="sinaloa")
    alias_add(organization=sinaloa, name="Sinaloa Cartel", reason="test")
    country_link_add(organization=sinaloa, country=CountryFactory(code="MX"), reason="test")
    designate(sinaloa, fto)
    designate(sinaloa, sdgt)
    aum = OrganizationFactory(name="Aum Shinrikyo", slug="aum")
    designate(aum, fto, on=dt.date(1997, 10, 8), revoked=dt.date(2022, 5, 20))
    ms13 = OrganizationFactory(name="Mara Salvatrucha", slug="ms13")
    alias_add(organization=ms13, name="MS-13", kind="acronym", reason="test")
    designate(ms13, fto)
    return {"soles": soles, "sinaloa": sinaloa, "aum": aum, "ms13": ms13}


@pytest.mark.parametrize(
    ("day", "listed"),
    [
        (DESIGNATED - DAY, False),
        (DESIGNATED, True),
        (DESIGNATED + DAY, True),
        (REVOKED - DAY, True),
        (REVOKED, False),
        (REVOKED + DAY, False),
    ],
)
def test_as_of_around_designation_and_revocation(api, world, day, listed):
    params = {"program": "US-FTO", "as_of": day.isoformat()}
    assert ("soles" in slugs(api, params)) is listed
    soles_fto = world["soles"].designations.get(program__code="US-FTO").pk
    assert (soles_fto in designation_ids(api, params)) is listed


def test_as_of_shows_designations_as_they_stood(api, world):
    body = results(api, ORGS, {"slug": "soles", "as_of": "2026-01-15"})[0]
    by_program = {d["program"]: d for d in body["designations"]}
    # On 2026-01-15 the FTO revocation (2026-05-20) had not happened yet.
    assert by_program["US-FTO"]["revoked_on"] is None
    assert by_program["US-FTO"]["status"] == "active"
    assert by_program["US-FTO"]["in_force"] is True
    assert [e["kind"] for e in by_program["US-FTO"]["events"]] == ["designated"]
    # Seen today, it is revoked, with both events.
    today = results(api, ORGS, {"slug": "soles"})[0]
    fto_today = next(d for d in today["designations"] if d["program"] == "US-FTO")
    assert fto_today["revoked_on"] == "2026-05-20"
    assert fto_today["status"] == "revoked"
    assert [e["kind"] for e in fto_today["events"]] == ["designated", "revoked"]


def test_as_of_hides_designations_not_yet_made(api, world):
    body = results(api, ORGS, {"slug": "soles", "as_of": "2025-08-01"})[0]
    assert [d["program"] for d in body["designations"]] == ["US-SDGT"]
    assert {c["program"] for c in body["legal_consequences"]} <= {"US-SDGT"}


def test_as_of_with_status_takes_the_status_on_that_day(api, world):
    after = {"program": "US-FTO", "status": "revoked", "as_of": "2026-06-01"}
    assert sorted(slugs(api, after)) == ["aum", "soles"]
    before = {"program": "US-FTO", "status": "revoked", "as_of": "2026-01-01"}
    assert slugs(api, before) == ["aum"]
    revoked = results(api, DESIGNATIONS, {"q": "soles", "status": "revoked", "as_of": "2026-06-01"})
    assert [(d["program"], d["revoked_on"], d["status"]) for d in revoked] == [
        ("US-FTO", "2026-05-20", "revoked")
    ]


def test_program_and_status_apply_to_the_same_designation(api, world):
    # Aum's FTO listing is revoked, but it has no other listing: revoked.
    # Soles has a revoked FTO listing and an active SDGT one: not "revoked" overall,
    # but "revoked" under US-FTO.
    assert slugs(api, {"status": "revoked"}) == ["aum"]
    assert sorted(slugs(api, {"program": "US-FTO", "status": "revoked"})) == ["aum", "soles"]
    assert sorted(slugs(api, {"status": "active"})) == ["ms13", "sinaloa", "soles"]
    assert sorted(slugs(api, {"program": "US-FTO", "status": "active"})) == ["ms13", "sinaloa"]


def test_program_is_repeatable_and_any_case(api, world):
    assert sorted(slugs(api, {"program": "us-sdgt"})) == ["sinaloa", "soles"]
    both = sorted(slugs(api, {"program": ["US-SDGT", "US-FTO"]}))
    assert both == ["aum", "ms13", "sinaloa", "soles"]
    assert sorted(slugs(api, {"program": "US-SDGT,US-FTO"})) == both


def test_authority(api, world):
    assert sorted(slugs(api, {"authority": "US-OFAC"})) == ["sinaloa", "soles"]
    assert sorted(designation_ids(api, {"authority": "US-OFAC"})) == sorted(
        d.pk
        for o in (world["soles"], world["sinaloa"])
        for d in o.designations.all()
        if d.program.code == "US-SDGT"
    )


def test_country(api, world):
    assert slugs(api, {"country": "MX"}) == ["sinaloa"]
    assert sorted(slugs(api, {"country": ["mx", "VE"]})) == ["sinaloa", "soles"]
    rows = results(api, DESIGNATIONS, {"country": "VE"})
    assert {r["organization"]["slug"] for r in rows} == {"soles"}
    assert len(rows) == 2


@pytest.mark.parametrize(
    "text", ["sinaloa", "CARTEL DE SINALOA", "Cártel de Sinaloa", "cártel-de-sinaloa"]
)
def test_q_ignores_case_accents_and_punctuation(api, world, text):
    assert slugs(api, {"q": text}) == ["sinaloa"]


def test_q_searches_aliases(api, world):
    assert slugs(api, {"q": "ms13"}) == ["ms13"]
    assert slugs(api, {"q": "sinaloa cartel"}) == ["sinaloa"]
    rows = results(api, DESIGNATIONS, {"q": "MS 13"})
    assert [r["organization"]["slug"] for r in rows] == ["ms13"]


def test_designated_after_and_before(api, world):
    assert slugs(api, {"designated_before": "2000-01-01"}) == ["aum"]
    assert sorted(slugs(api, {"designated_after": "2025-07-25"})) == ["soles"]
    assert sorted(slugs(api, {"designated_after": "2025-07-26", "program": "US-SDGT"})) == []


def test_effective_and_revoked_ranges_on_designations(api, world):
    rows = results(
        api, DESIGNATIONS, {"effective_from": "2025-07-25", "effective_to": "2025-07-25"}
    )
    assert [(r["organization"]["slug"], r["program"]) for r in rows] == [("soles", "US-SDGT")]
    rows = results(api, DESIGNATIONS, {"revoked_from": "2022-05-20", "revoked_to": "2022-05-20"})
    assert [r["organization"]["slug"] for r in rows] == ["aum"]
    assert len(results(api, DESIGNATIONS, {"revoked_from": "2022-05-21"})) == 1


def test_organization_filter_on_designations(api, world):
    rows = results(api, DESIGNATIONS, {"organization": [world["aum"].pk, world["ms13"].pk]})
    assert sorted(r["organization"]["slug"] for r in rows) == ["aum", "ms13"]
    comma = f"{world['aum'].pk},{world['ms13'].pk}"
    assert results(api, DESIGNATIONS, {"organization": comma}) == rows


def test_changed_since_sees_writes_to_names_identifiers_and_events(api, world):
    moment = timezone.now() + dt.timedelta(hours=1)
    params = {"changed_since": moment.isoformat()}
    assert slugs(api, params) == []
    with mock.patch("django.utils.timezone.now", return_value=moment + dt.timedelta(seconds=1)):
        alias_add(organization=world["ms13"], name="Mara Salvatrucha 13", reason="test")
        identifier_add(
            organization=world["aum"],
            scheme=Identifier.Scheme.OFAC_ENT_NUM,
            value="4691",
            reason="test",
        )
        designation_add_event(
            designation=world["sinaloa"].designations.first(),
            kind="amended",
            effective_on=dt.date(2026, 1, 1),
            reason="test",
        )
    assert sorted(slugs(api, params)) == ["aum", "ms13", "sinaloa"]
    assert len(slugs(api, {"changed_since": "2000-01-01"})) == 4


def test_slug(api, world):
    assert slugs(api, {"slug": "aum"}) == ["aum"]


def test_names_sort_alphabetically_with_case_ignored(api, fto):
    """A byte-wise order (SQLite's, PostgreSQL's C collation) puts every lower-case "al-" name
    after "Zaynabiyoun": the organizations, their aliases and the designations read A to Z."""
    for name in ("Zaynabiyoun Brigade", "al-Qa’ida", "ISIS", "Ansar al-Islam", "abu Group"):
        designate(OrganizationFactory(name=name), fto)
    alphabetical = ["abu Group", "al-Qa’ida", "Ansar al-Islam", "ISIS", "Zaynabiyoun Brigade"]
    assert [o["name"] for o in results(api, ORGS, {})] == alphabetical
    assert [o["name"] for o in results(api, ORGS, {"ordering": "-name"})] == alphabetical[::-1]
    assert [d["organization"]["name"] for d in results(api, DESIGNATIONS, {})] == alphabetical
    by_program = results(api, DESIGNATIONS, {"program": "US-FTO", "brief": "true"})
    assert [d["organization"]["name"] for d in by_program] == alphabetical
    ordered = results(api, DESIGNATIONS, {"ordering": "-organization"})
    assert [d["organization"]["name"] for d in ordered] == alphabetical[::-1]
    isis = OrganizationFactory(name="Islamic State")
    for alias in ("ISIL", "Daesh", "al-Dawla", "Islamic State of Iraq"):
        alias_add(organization=isis, name=alias, reason="test")
    (found,) = results(api, ORGS, {"slug": isis.slug})
    assert [a["name"] for a in found["aliases"]] == [
        "al-Dawla",
        "Daesh",
        "ISIL",
        "Islamic State of Iraq",
    ]
    csv = api.get(ORGS, {"slug": isis.slug, "format": "csv"})
    assert (
        "al-Dawla; Daesh; ISIL; Islamic State of Iraq" in b"".join(csv.streaming_content).decode()
    )


def test_designations_found_by_q_come_best_match_first(api, fto, sdgt):
    """Alphabetically, Harakat al-Nujaba (its alias "Harakat Hezbollah al-Nujaba") would come
    before Hizballah for "hezbollah"; the search ranks Hizballah, whose alias it is, first."""
    hizballah = OrganizationFactory(name="Hizballah")
    alias_add(organization=hizballah, name="Hezbollah", reason="test")
    nujaba = OrganizationFactory(name="Harakat al-Nujaba")
    alias_add(organization=nujaba, name="Harakat Hezbollah al-Nujaba", reason="test")
    for organization in (hizballah, nujaba):
        designate(organization, fto)
        designate(organization, sdgt)
    names = [d["organization"]["name"] for d in results(api, DESIGNATIONS, {"q": "hezbollah"})]
    assert names == ["Hizballah", "Hizballah", "Harakat al-Nujaba", "Harakat al-Nujaba"]
    ordered = results(api, DESIGNATIONS, {"q": "hezbollah", "ordering": "organization"})
    assert [d["organization"]["name"] for d in ordered][0] == "Harakat al-Nujaba"


def test_ordering_is_stable_and_strict(api, world):
    names = [o["name"] for o in results(api, ORGS, {"ordering": "-name"})]
    assert names == sorted(names, key=str.lower, reverse=True)
    rows = results(api, DESIGNATIONS, {"ordering": "-designated_on"})
    days = [r["designated_on"] for r in rows]
    assert days == sorted(days, reverse=True)
    rows = results(api, DESIGNATIONS, {"ordering": "revoked_on"})
    assert [r["revoked_on"] for r in rows][:2] == ["2022-05-20", "2026-05-20"]
    body = get_json(api, ORGS, {"ordering": "salary"}, status=400)
    assert "ordering" in body["errors"]


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        (ORGS, {"as_of": "2025-13-01"}, "as_of"),
        (ORGS, {"as_of": "24/11/2025"}, "as_of"),
        (ORGS, {"country": "XX"}, "country"),
        (ORGS, {"program": "NOPE"}, "program"),
        (ORGS, {"authority": "NOPE"}, "authority"),
        (ORGS, {"status": "maybe"}, "status"),
        (ORGS, {"designated_after": "yesterday"}, "designated_after"),
        (ORGS, {"designated_before": "2025-02-30"}, "designated_before"),
        (ORGS, {"changed_since": "last week"}, "changed_since"),
        (ORGS, {"q": "x" * 201}, "q"),
        (ORGS, {"page_size": "abc"}, "page_size"),
        (ORGS, {"page_size": "0"}, "page_size"),
        (ORGS, {"page_size": "501"}, "page_size"),
        (ORGS, {"page_size": "1000000"}, "page_size"),
        (ORGS, {"page": "first"}, "page"),
        (ORGS, {"format": "xml"}, "format"),
        (DESIGNATIONS, {"as_of": "2025-13-01"}, "as_of"),
        (DESIGNATIONS, {"country": "XX"}, "country"),
        (DESIGNATIONS, {"program": "NOPE"}, "program"),
        (DESIGNATIONS, {"status": "maybe"}, "status"),
        (DESIGNATIONS, {"organization": "abc"}, "organization"),
        (DESIGNATIONS, {"organization": "999999"}, "organization"),
        (DESIGNATIONS, {"organization": "2213366557604252850694584795136"}, "organization"),
        (DESIGNATIONS, {"organization": "-5"}, "organization"),
        (DESIGNATIONS, {"effective_from": "2025-1-1"}, "effective_from"),
        (DESIGNATIONS, {"revoked_to": "never"}, "revoked_to"),
        ("/api/v1/countries/", {"as_of": "2025-13-01"}, "as_of"),
        ("/api/v1/countries/", {"designated": "maybe"}, "designated"),
        ("/api/v1/programs/", {"authority": "NOPE"}, "authority"),
        ("/api/v1/authorities/", {"country": "XX"}, "country"),
        ("/api/v1/legal-consequences/", {"kind": "moral"}, "kind"),
        ("/api/v1/legal-consequences/", {"program": "NOPE"}, "program"),
        # A parameter given with nothing in it is refused, not read as "no filter".
        (ORGS, {"as_of": ""}, "as_of"),
        (ORGS, {"status": ""}, "status"),
        (ORGS, {"country": ""}, "country"),
        (ORGS, {"country": "MX,"}, "country"),
        (ORGS, {"program": ""}, "program"),
        (ORGS, {"changed_since": ""}, "changed_since"),
        (ORGS, {"ordering": ""}, "ordering"),
        (ORGS, {"ordering": "name,,-updated_at"}, "ordering"),
        (ORGS, {"page": ""}, "page"),
        (ORGS, {"page_size": ""}, "page_size"),
        (ORGS, {"format": ""}, "format"),
        (DESIGNATIONS, {"organization": ""}, "organization"),
        (DESIGNATIONS, {"revoked_from": ""}, "revoked_from"),
        ("/api/v1/countries/", {"designated": ""}, "designated"),
        ("/api/v1/legal-consequences/", {"kind": ""}, "kind"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(api, world, url, params, parameter):
    response = api.get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid_parameter"
    assert list(body["errors"]) == [parameter]
    assert parameter in body["detail"]


def test_bad_values_in_csv_requests_are_json_400s(api, world):
    response = api.get(ORGS, {"format": "csv", "country": "XX"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]["country"] == ["Unknown code XX."]


@pytest.mark.parametrize(
    "url, params",
    [
        (ORGS, {"colour": "blue"}),
        (ORGS, {"as-of": "2020-01-01", "country": "MX"}),  # a misspelt day: not today's answer
        (DESIGNATIONS, {"asof": "2020-01-01"}),
        (DESIGNATIONS, {"format": "csv", "programme": "US-FTO"}),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it(api, world, url, params):
    response = api.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    (unknown,) = [name for name in params if name not in ("country", "format")]
    assert list(body["errors"]) == [unknown]
    assert unknown in body["detail"]
    assert body["errors"][unknown][0].startswith("Unknown parameter. Known: ")
    assert "as_of" in body["errors"][unknown][0]


def test_the_page_format_and_brief_parameters_are_known_to_every_list(api, world):
    params = {"page": 1, "page_size": 2, "format": "json", "brief": "true", "as_of": "2024-01-01"}
    assert api.get(ORGS, params).status_code == 200
    assert api.get(DESIGNATIONS, params).status_code == 200


def test_an_empty_search_is_no_search(api, world):
    assert len(slugs(api, {"q": "", "slug": ""})) == 4
