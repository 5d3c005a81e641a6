"""The organizations OFAC's list tags [SDGT] are SDGTs in the registry too.

OFAC's sdn.csv of 2024-05-03 (the committed slice, tests/data/ofac_sdn_csv_2024-05-03/, keeps every
FTO-tagged row) tags most FTOs [SDGT] as well: State designates a group under E.O. 13224 with, or
before, its FTO designation. A seeded organization carrying the entry's number must then have an
E.O. 13224 designation that had not ended by that day, and the API must answer so.
"""

import csv
import json
from pathlib import Path

import pytest

from registry.models import Organization

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LIST_DAY = "2024-05-03"


def tagged_sdgt() -> dict[str, str]:
    """ent_num -> name of the slice's rows tagged [SDGT]."""
    path = ROOT / "tests" / "data" / "ofac_sdn_csv_2024-05-03" / "sdn.csv"
    with path.open(newline="", encoding="latin-1") as handle:
        rows = [r for r in csv.reader(handle) if len(r) > 3]
    return {r[0]: r[1] for r in rows if "SDGT" in r[3].strip("[] ").split("] [")}


def seeded_by_entry() -> dict[str, dict]:
    found = {}
    for path in sorted((ROOT / "seeds" / "organizations").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for identifier in record["identifiers"]:
            if identifier["scheme"] == "ofac-ent-num":
                found[identifier["value"]] = record
    return found


def test_every_seeded_organization_ofac_tags_sdgt_has_an_open_sdgt_designation():
    seeded = seeded_by_entry()
    missing = []
    for entry, name in tagged_sdgt().items():
        record = seeded.get(entry)
        if record is None:
            continue
        listings = [d for d in record["designations"] if d["program"] == "US-SDGT"]
        open_then = [
            d
            for d in listings
            if not any(
                e["kind"] in ("revoked", "set_aside") and (e["effective_on"] or "") <= LIST_DAY
                for e in d["events"]
            )
        ]
        if not open_then:
            missing.append(f"{record['slug']} (ent {entry}, {name})")
    assert not missing, missing
    assert len([e for e in tagged_sdgt() if e in seeded]) >= 60


def sdgt_on(api, slug: str, day: str) -> list[dict]:
    organization = Organization.objects.get(slug=slug)
    params = {"organization": organization.pk, "program": "US-SDGT", "as_of": day}
    response = api.get("/api/v1/designations/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


@pytest.mark.parametrize(
    ("slug", "day_before", "day"),
    [
        # Treasury designated the IRGC under E.O. 13224 itself (press release SM0177)
        ("islamic-revolutionary-guard-corps", "2017-10-12", "2017-10-13"),
        # State's media note: an SDGT a week before the FTO notice of 2018-05-23
        ("isis-in-the-greater-sahara", "2018-05-15", "2018-05-16"),
        ("jamaat-nusrat-al-islam-wal-muslimin", "2018-09-04", "2018-09-05"),
        # an SDGT three years before it became an FTO
        ("harakat-sawad-misr", "2018-01-30", "2018-01-31"),
        # one of the 22 FTOs State designated under E.O. 13224 in 2001; Treasury gives its day
        ("hamas", "2001-10-30", "2001-10-31"),
    ],
)
def test_the_sdgt_listing_starts_on_the_day_the_record_gives(api, seeded_db, slug, day_before, day):
    assert sdgt_on(api, slug, day_before) == []
    assert [d["designated_on"] for d in sdgt_on(api, slug, day)] == [day]
    assert [d["designated_on"] for d in sdgt_on(api, slug, LIST_DAY)] == [day]


def test_a_listing_known_to_the_month_is_unknown_within_it(api, seeded_db):
    # Treasury: PIJ became an SDGT in "October 2001"; State announced it on 2001-11-02
    assert sdgt_on(api, "palestine-islamic-jihad", "2001-09-30") == []
    assert sdgt_on(api, "palestine-islamic-jihad", "2001-10-15") == []
    organization = Organization.objects.get(slug="palestine-islamic-jihad")
    params = {"organization": organization.pk, "program": "US-SDGT", "as_of": "2001-10-15"}
    unknown = api.get("/api/v1/designations/", {**params, "uncertain": "include"}).json()
    assert [d["in_force"] for d in unknown["results"]] == [None]
    assert [d["designated_on"] for d in sdgt_on(api, "palestine-islamic-jihad", "2001-11-01")] == [
        "2001-10"
    ]
