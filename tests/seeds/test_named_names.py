"""Names a list gave an organization by a later amendment, asked of the seeded registry as a user
asks "was X designated on day D?": `?q=NAME&as_of=D`. Each day is the seeds' `listed_on`, with
the source that gives it (seeds/README.md): the State Department added The Resistance Front to
Lashkar-e-Tayyiba's designations on 2025-07-17, Ansar al-Shari'a to AQAP's on 2012-10-04, the
Majeed Brigade to the BLA's on 2025-08-11, and the UK's 2017 order named Scottish Dawn and NS131
as National Action. ("The Resistance Front" is not asked: OFAC's entry for Lashkar-e-Tayyiba
carried "Kashmir Resistance Front" before July 2025, on a day the seeds do not know.)"""

import pytest

pytestmark = pytest.mark.django_db


def found(api, q: str, day: str) -> list[str]:
    response = api.get("/api/v1/organizations/", {"q": q, "as_of": day, "brief": 1})
    assert response.status_code == 200, response.content[:300]
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("typed", "slug", "before", "added"),
    [
        ("TRF", "lashkar-e-tayyiba", "2025-07-16", "2025-07-17"),
        ("Ansar al-Sharia", "al-qaida-in-the-arabian-peninsula", "2012-10-03", "2012-10-04"),
        ("Majeed Brigade", "balochistan-liberation-army", "2025-08-10", "2025-08-11"),
        ("Milli Muslim League", "lashkar-e-tayyiba", "2018-04-01", "2018-04-02"),
        ("Scottish Dawn", "national-action", "2017-09-28", "2017-09-29"),
        ("Amaq News Agency", "isis", "2019-03-20", "2019-03-21"),
        # a name known to be added on one of two days counts from the later (as a designation
        # known to the month counts from its last day): Jamaat-ud-Dawa, 27 or 28 April 2006
        ("Jamaat-ud-Dawa", "lashkar-e-tayyiba", "2006-04-27", "2006-04-28"),
        ("Kongra-Gel", "kurdistan-workers-party", "2003-06-01", "2004-01-31"),
        ("Hay'at Tahrir al-Sham", "al-nusrah-front", "2016-12-01", "2018-05-31"),
        ("Daesh", "isis", "2013-06-01", "2014-05-14"),
        # OFAC named NCRI an alias of the MEK on 2003-08-15 (earlier an FTO alias, on a day
        # not read): found from that day, until the MEK's revocation in 2012
        ("National Council of Resistance of Iran", "mujahedin-e-khalq", "2003-08-14", "2003-08-15"),
    ],
)
def test_a_name_added_later_finds_the_organization_from_that_day(
    api, seeded_db, typed, slug, before, added
):
    assert slug not in found(api, typed, before)
    assert found(api, typed, added)[:1] == [slug]


def test_the_organization_shows_the_day_a_name_was_added(api, seeded_db):
    [lashkar] = api.get("/api/v1/organizations/", {"slug": "lashkar-e-tayyiba"}).json()["results"]
    days = {alias["name"]: alias["listed_on"] for alias in lashkar["aliases"]}
    assert days["The Resistance Front"] == "2025-07-17"
    assert days["Army of the Pure"] is None  # a name since its first listing


def test_screening_before_the_day_does_not_match_the_name(api, seeded_db):
    body = {
        "queries": {
            "before": {"name": "TRF", "as_of": "2025-01-01"},
            "after": {"name": "TRF", "as_of": "2025-08-01"},
        }
    }
    responses = api.post("/api/v1/match/", body, format="json").json()["responses"]
    assert [r["organization"]["slug"] for r in responses["before"]["results"] if r["match"]] == []
    [best, *_] = responses["after"]["results"]
    assert (best["organization"]["slug"], best["match"]) == ("lashkar-e-tayyiba", True)
