"""The names people type find the organization they mean, first: a list collected with the seed
data (tests/data/common_names/*.csv: the query, the organization's slug, a note on where the
spelling comes from), asked of the seeded registry through the API as a user asks it."""

import csv
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

NAMES = Path(__file__).resolve().parents[1] / "data" / "common_names"


def typed() -> list[tuple[str, str]]:
    rows = []
    for path in sorted(NAMES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(row["query"], row["slug"]) for row in csv.DictReader(handle)]
    return rows


TYPED = typed()


def test_the_list_is_long_enough():
    assert len(TYPED) >= 30
    assert len({slug for _, slug in TYPED}) >= 30


def test_every_name_people_use_finds_its_organization_first(api, seeded_db, settings):
    # the list is longer than the anonymous rate allows in a minute
    rates = {"anon": None, "user": None}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    missed = []
    for query, slug in TYPED:
        response = api.get("/api/v1/organizations/", {"q": query, "brief": "true"})
        assert response.status_code == 200, (query, response.content[:300])
        found = [item["slug"] for item in response.json()["results"]]
        if found[:1] != [slug]:
            missed.append((query, slug, found[:3]))
    assert not missed, f"{len(missed)} of {len(TYPED)} names not found first: {missed}"
