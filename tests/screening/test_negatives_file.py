"""The shape of the screening negatives (tests/data/screening_negatives/negatives.csv): legitimate
organizations whose names share words with designated ones, kept to measure how often the matcher
wrongly calls them a match. These tests check only the file, not the matcher's answers, and need
no database; PROVENANCE.txt beside the file says how it was built."""

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data" / "screening_negatives"
NEGATIVES = DATA / "negatives.csv"
SEED_ORGANIZATIONS = Path(__file__).parents[2] / "seeds" / "organizations"

HEADER = ["name", "country", "category", "shares_with", "source"]
CATEGORIES = {
    "university",
    "government",
    "company",
    "charity",
    "sports_club",
    "party",
    "media",
    "religious",
    "ngo",
    "other",
}
MINIMUM_ROWS = 220


def read_rows() -> tuple[list[str], list[dict[str, str]]]:
    with NEGATIVES.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, values, strict=True)) for values in reader]
    return header, rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_rows()[1]


def test_the_header_is_exactly_the_documented_one():
    header, _ = read_rows()
    assert header == HEADER


def test_the_file_is_utf8_without_a_byte_order_mark():
    raw = NEGATIVES.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def test_there_are_enough_rows(rows):
    assert len(rows) >= MINIMUM_ROWS, len(rows)


def test_every_row_has_a_name(rows):
    assert all(row["name"].strip() == row["name"] and row["name"] for row in rows)


def test_names_are_unique_ignoring_case(rows):
    seen: dict[str, str] = {}
    duplicates = []
    for row in rows:
        key = row["name"].casefold()
        if key in seen:
            duplicates.append((seen[key], row["name"]))
        seen[key] = row["name"]
    assert not duplicates, duplicates


def test_categories_are_the_documented_ones(rows):
    unknown = sorted({row["category"] for row in rows} - CATEGORIES)
    assert not unknown, unknown


def test_country_codes_are_two_upper_case_letters_or_empty(rows):
    wrong = [row["country"] for row in rows if not re.fullmatch(r"([A-Z]{2})?", row["country"])]
    assert not wrong, wrong


def test_every_shares_with_slug_is_a_seeded_organization(rows):
    seeded = {path.stem for path in SEED_ORGANIZATIONS.glob("*.json")}
    assert seeded, "no seed organizations found"
    unknown = sorted({row["shares_with"] for row in rows if row["shares_with"]} - seeded)
    assert not unknown, unknown


def test_every_source_is_one_http_url(rows):
    wrong = [row["source"] for row in rows if not re.fullmatch(r"https?://\S+", row["source"])]
    assert not wrong, wrong


def test_the_provenance_notice_is_beside_the_file():
    text = (DATA / "PROVENANCE.txt").read_text(encoding="utf-8")
    assert "negatives.csv" in text
