"""The days issue 18 names, asked of the API as a user asks them.

The seeded registry answers "was this designation in force on day D?" through
`/api/v1/designations/?organization=…&program=…&as_of=D`: Ansarallah's first FTO
designation took effect on 2021-01-19 and was revoked effective 2021-02-16; the Balochistan
Liberation Army was listed under E.O. 13224 on 2019-07-02; the eight groups of the February 2025
notice (FR doc 2025-02873) became FTOs and SDGTs on 2025-02-20. The Juarez Cartel, which no
public record read shows designated, is not in the registry.
"""

import pytest

from registry.models import Organization

pytestmark = pytest.mark.django_db


def in_force(api, slug: str, program: str, day: str) -> list[dict]:
    organization = Organization.objects.get(slug=slug)
    params = {"organization": organization.pk, "program": program, "as_of": day}
    response = api.get("/api/v1/designations/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


@pytest.mark.parametrize(
    ("slug", "program", "day", "expected"),
    [
        ("ansarallah", "US-FTO", "2021-01-18", []),
        ("ansarallah", "US-FTO", "2021-01-19", ["2021-01-19"]),
        ("ansarallah", "US-FTO", "2021-02-15", ["2021-01-19"]),
        ("ansarallah", "US-FTO", "2021-02-16", []),
        ("ansarallah", "US-FTO", "2025-03-04", []),
        ("ansarallah", "US-FTO", "2025-03-05", ["2025-03-05"]),
        ("ansarallah", "US-SDGT", "2021-01-19", ["2021-01-19"]),
        ("ansarallah", "US-SDGT", "2021-02-16", []),
        ("ansarallah", "US-SDGT", "2024-02-15", []),
        ("ansarallah", "US-SDGT", "2024-02-16", ["2024-02-16"]),
        ("balochistan-liberation-army", "US-SDGT", "2019-07-01", []),
        ("balochistan-liberation-army", "US-SDGT", "2019-07-02", ["2019-07-02"]),
        # Canada: the day the regulations took effect, before the announcement (2025-02-20)
        ("tren-de-aragua", "CA-LISTED", "2025-02-18", []),
        ("tren-de-aragua", "CA-LISTED", "2025-02-19", ["2025-02-19"]),
        ("basque-fatherland-and-liberty", "CA-LISTED", "2026-06-08", ["2003-04-02"]),
        ("basque-fatherland-and-liberty", "CA-LISTED", "2026-06-09", []),
        # E.O. 13224 took effect at 12:01 a.m. EDT on the day after it was signed
        ("al-qaida", "US-SDGT", "2001-09-23", []),
        ("al-qaida", "US-SDGT", "2001-09-24", ["2001-09-24"]),
    ],
)
def test_named_days(api, seeded_db, slug, program, day, expected):
    found = in_force(api, slug, program, day)
    assert [d["designated_on"] for d in found] == expected, found


CARTELS = [
    "tren-de-aragua",
    "mara-salvatrucha",
    "cartel-de-sinaloa",
    "cartel-de-jalisco-nueva-generacion",
    "carteles-unidos",
    "cartel-del-noreste",
    "cartel-del-golfo",
    "la-nueva-familia-michoacana",
]


@pytest.mark.parametrize("slug", CARTELS)
@pytest.mark.parametrize("program", ["US-FTO", "US-SDGT"])
def test_the_february_2025_notice_takes_effect_on_publication(api, seeded_db, slug, program):
    assert in_force(api, slug, program, "2025-02-19") == []
    (designation,) = in_force(api, slug, program, "2025-02-20")
    assert designation["designated_on"] == "2025-02-20"


def test_the_cartel_notice_is_cited(seeded_db):
    for slug in CARTELS:
        fto = Organization.objects.get(slug=slug).designations.get(program__code="US-FTO")
        event = fto.events.get(kind="designated")
        assert "2025-02873" in event.document_number, slug
        assert str(event.signed_on) == "2025-02-06", slug


def test_no_undated_designation_of_a_2025_group_is_left(seeded_db):
    slugs = [
        "barrio-18",
        "clan-del-golfo",
        "gran-grif",
        "viv-ansanm",
        "los-choneros",
        "los-lobos",
        "lebanese-muslim-brotherhood",
        *CARTELS,
    ]
    undated = [
        (slug, d.program.code)
        for slug in slugs
        for d in Organization.objects.get(slug=slug).designations.all()
        if d.designated_on is None
    ]
    assert undated == []


def test_the_juarez_cartel_is_not_listed_as_designated(api, seeded_db):
    response = api.get("/api/v1/organizations/", {"q": "La Linea"})
    assert response.status_code == 200
    assert response.json()["results"] == []
