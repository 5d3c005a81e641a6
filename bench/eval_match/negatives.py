"""Negatives: names of legitimate organizations that share words with designated ones
(tests/data/screening_negatives/negatives.csv: name, country, category, shares_with, source).
None should match. Each is screened by the registry's matcher (`screen_query`) without a
country, and with its country when the row gives a valid one. Needs Django set up.
"""

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rest_framework.exceptions import ValidationError

from registry.screening.matcher import Query, screen_query
from registry.screening.queries import iso_country

from .loao import LIMIT
from .metrics import share

COLUMNS = ("name", "country", "category", "shares_with", "source")


@dataclass(frozen=True)
class Negative:
    line: int
    name: str
    country: str | None  # ISO 3166-1 alpha-2, or None when the row gives none or a bad one
    category: str
    shares_with: str


def read_negatives(path: Path) -> tuple[list[Negative], list[str]]:
    """The rows, and a sentence for each row whose country could not be used."""
    rows, problems = [], []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            country = None
            if (row["country"] or "").strip():
                try:
                    country = iso_country(row["country"])
                except ValidationError:
                    problems.append(f"line {line}: country {row['country']!r} is not ISO alpha-2")
            rows.append(Negative(line, row["name"], country, row["category"], row["shares_with"]))
    return rows, problems


def first_match(answer: dict) -> dict | None:
    """The best result that matches, in brief, or None."""
    for result in answer["results"]:
        if result["match"]:
            return {
                "organization": result["organization"]["name"],
                "matched_name": result["matched_name"],
                "score": result["score"],
            }
    return None


def screen_negatives(negatives: list[Negative], threshold: float, today: dt.date) -> dict:
    """How many match at `threshold`, without and with their country, and which."""
    matched = []
    without = with_country = asked_with_country = 0
    for negative in negatives:
        plain = first_match(screen_query(Query(name=negative.name), threshold, LIMIT, today))
        located = None
        if negative.country:
            asked_with_country += 1
            query = Query(name=negative.name, country=negative.country)
            located = first_match(screen_query(query, threshold, LIMIT, today))
        without += plain is not None
        with_country += located is not None
        if plain or located:
            matched.append(
                {
                    "line": negative.line,
                    "name": negative.name,
                    "country": negative.country,
                    "category": negative.category,
                    "without_country": plain,
                    "with_country": located,
                }
            )
    return {
        "without_country": {
            "names": len(negatives),
            "matched": without,
            "share": share(without, len(negatives)),
        },
        "with_country": {
            "names": asked_with_country,
            "matched": with_country,
            "share": share(with_country, asked_with_country),
        },
        "matched": matched,
    }
