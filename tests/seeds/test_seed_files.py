"""The seed files keep the rule of seeds/README.md: every fact has a source, `confirmed` means an
official source was read, every key a record names exists, and the README's counts are the files'.

These read the files, not the database: a broken rule names the file and the fact.
"""

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from registry.dates import parse_partial_date
from registry.models import Alias, Confidence, DesignationEvent, Identifier, Organization, Source

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ORGANIZATION_FILES = sorted((SEEDS / "organizations").glob("*.json"))


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


SOURCES = {
    source["key"]: source
    for path in sorted((SEEDS / "sources").glob("*.json"))
    for source in load(path)
}
PROGRAMS = {program["code"] for program in load(SEEDS / "programs.json")}


def test_source_keys_are_unique_across_files():
    keys = Counter(
        source["key"]
        for path in sorted((SEEDS / "sources").glob("*.json"))
        for source in load(path)
    )
    assert [key for key, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_source_is_well_formed(key):
    source = SOURCES[key]
    assert source["kind"] in Source.Kind.values
    assert source["reliability"] in Source.Reliability.values
    assert source["title"].strip()
    if source.get("published_on"):  # a day, or null: never a month or a year (the 1st)
        assert dt.date.fromisoformat(source["published_on"]).isoformat() == source["published_on"]


def events(organization: dict):
    for designation in organization.get("designations", []):
        for event in designation["events"]:
            yield designation, event


@pytest.mark.parametrize("path", ORGANIZATION_FILES, ids=lambda p: p.stem)
def test_organization_file_keeps_the_rule(path):
    organization = load(path)
    assert organization["slug"] == path.stem, "the file is named by the organization's slug"
    assert organization.get("kind", "armed_group") in Organization.Kind.values
    names = [organization["name"].casefold()]
    for alias in organization.get("aliases", []):
        assert alias["name"].casefold() not in names, f"alias {alias['name']!r} repeated"
        names.append(alias["name"].casefold())
        assert alias.get("kind", "strong") in Alias.Kind.values, alias
        if alias.get("source"):
            assert alias["source"] in SOURCES, f"alias {alias['name']!r}: unknown source"
    for link in organization.get("countries", []):
        if link.get("source"):
            assert link["source"] in SOURCES, f"country {link['code']}: unknown source"
    for identifier in organization.get("identifiers", []):
        assert identifier["scheme"] in Identifier.Scheme.values
    for designation, event in events(organization):
        what = f"{designation['program']} {event['kind']} {event.get('effective_on')}"
        assert designation["program"] in PROGRAMS, what
        assert event["kind"] in DesignationEvent.Kind.values, what
        for name in ("signed_on", "announced_on", "effective_on"):
            if event.get(name):
                parse_partial_date(event[name])
        cited = event.get("sources", [])
        assert cited, f"{what}: no source"
        unknown = [key for key in cited if key not in SOURCES]
        assert not unknown, f"{what}: unknown sources {unknown}"
        confidence = event.get("confidence", Confidence.REPORTED)
        assert confidence in Confidence.values, what
        if confidence == Confidence.CONFIRMED:
            official = [k for k in cited if SOURCES[k]["reliability"] == "official"]
            assert official, f"{what}: confirmed, but no official source is cited"


def counts() -> dict[str, int]:
    organizations = [load(path) for path in ORGANIZATION_FILES]
    all_events = [event for o in organizations for _, event in events(o)]
    confidence = Counter(event.get("confidence", "reported") for event in all_events)
    return {
        "organizations": len(organizations),
        "designations": sum(len(o.get("designations", [])) for o in organizations),
        "events": len(all_events),
        "confirmed": confidence["confirmed"],
        "reported": confidence["reported"],
        "unverified": confidence["unverified"],
        "aliases": sum(len(o.get("aliases", [])) for o in organizations),
        "sources": len(SOURCES),
    }


def counts_table() -> str:
    figures = counts()
    header = "| " + " | ".join(figures) + " |"
    rule = "|" + "---|" * len(figures)
    row = "| " + " | ".join(str(n) for n in figures.values()) + " |"
    return "\n".join([header, rule, row])


def test_readme_states_the_counts():
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    table = counts_table()
    stated = re.search(r"^\| organizations \|.*?(?=\n\n|\Z)", readme, re.M | re.S)
    assert stated and stated.group(0).strip() == table, (
        f"seeds/README.md's counts table should read:\n{table}"
    )


@pytest.mark.django_db
def test_a_source_dated_to_the_month_is_refused_not_put_on_the_first():
    from registry.models import Source
    from registry.services.seeding import SeedError, SeedReport, load_source

    record = {"key": "k", "title": "t", "published_on": "2016-07"}
    with pytest.raises(SeedError, match=r"source k: published_on '2016-07' is not a day"):
        load_source(record, report=SeedReport(), reason="test", user=None)
    assert not Source.objects.filter(key="k").exists()
