"""`as_of` answers what the record says, for every designation and revocation in the seeds.

The expectations come from the seed files themselves (each designation's `designated` and ending
events), and the answers from the API, as a user asks: "was this designation in force on day D?"
(`/designations/?organization=…&program=…&as_of=D`). A designation known to the day is out the day
before it took effect and in on the day; a revocation known to the day leaves it in force the day
before and out on the day. A date known only to the month or year is checked at the edges of its
window: out the day before the window, in on its last day (unless revoked by then).
"""

import calendar
import datetime as dt
import json
from pathlib import Path

import pytest

from registry.dates import Precision, parse_partial_date
from registry.models import Organization

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "organizations"
DAY = dt.timedelta(days=1)


def window(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date allows."""
    first, precision = parse_partial_date(text)
    if precision == Precision.YEAR:
        return first, first.replace(month=12, day=31)
    if precision == Precision.MONTH:
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, first


def expectations() -> list[tuple[str, str, str, dt.date, bool]]:
    """(slug, program, designated_on as the API writes it, day, in force?) from the seeds."""
    cases = []
    for path in sorted(SEEDS.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for designation in record.get("designations", []):
            events = designation["events"]
            start = next(e for e in events if e["kind"] == "designated")
            end = next((e for e in events if e["kind"] in ("revoked", "set_aside")), None)
            if not start.get("effective_on"):
                continue  # undated: unknown on every day (tests/selectors)
            shown = start["effective_on"]
            first, last = window(shown)
            ends = window(end["effective_on"]) if end else None
            program = designation["program"]
            cases.append((record["slug"], program, shown, first - DAY, False))
            if ends is None or ends[0] > last:
                cases.append((record["slug"], program, shown, last, True))
            if ends:
                if ends[0] - DAY >= last:
                    cases.append((record["slug"], program, shown, ends[0] - DAY, True))
                cases.append((record["slug"], program, shown, ends[1], False))
    return cases


CASES = expectations()


def test_the_seeds_give_days_to_check():
    assert len(CASES) > 200


def test_as_of_answers_what_the_seeds_record(api, seeded_db, settings):
    # hundreds of questions in a row: more than the anonymous rate allows in a minute
    rates = {"anon": None, "user": None}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ids = dict(Organization.objects.values_list("slug", "id"))
    wrong = []
    for slug, program, designated_on, day, expected in CASES:
        params = {
            "organization": ids[slug],
            "program": program,
            "as_of": day.isoformat(),
            "brief": "true",
        }
        response = api.get("/api/v1/designations/", params)
        assert response.status_code == 200, response.content[:300]
        found = [d for d in response.json()["results"] if d["designated_on"] == designated_on]
        if bool(found) is not expected:
            wrong.append((slug, program, designated_on, day.isoformat(), expected))
    assert not wrong, f"{len(wrong)} of {len(CASES)} days answered against the record: {wrong}"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021-01-19", dt.date(2021, 1, 19), dt.date(2021, 1, 19)),
        ("2021-02", dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    ],
)
def test_windows(text, first, last):
    assert window(text) == (first, last)
    assert Precision  # the module's imports are what the checks use
