"""CSV cells a spreadsheet would run as formulas are neutralised, on every CSV path."""

import csv
import datetime as dt
import io
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.cells import FORMULA_TRIGGERS, restore_cell
from registry.exports.streaming import csv_lines
from registry.models import Alias
from registry.services.organizations import country_link_add, identifier_add
from tests.api.conftest import get_csv
from tests.factories import CountryFactory, OrganizationFactory, ProgramFactory, designate

pytestmark = pytest.mark.django_db


NASTY = [
    "=1+1",
    "==cmd|'/C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "'already quoted",
    'Comma, "quote" and\nnewline',
    "حزب الله",
    "Партия «Свобода»",
]


def assert_safe(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), repr(cell)


@pytest.fixture
def nasty_world():
    program = ProgramFactory(code="US-FTO")
    country = CountryFactory(code="MX")
    for n, name in enumerate(NASTY):
        org = OrganizationFactory(name=name, slug=f"nasty-{n}", description=name)
        Alias.objects.create(organization=org, name=f"-{name}")
        country_link_add(organization=org, country=country, reason="test")
        identifier_add(organization=org, scheme="other", value=f"={n}", reason="test")
        designate(org, program, citation=name[:100], document_number=f"@{n}")
    return program


@pytest.mark.parametrize(
    "resource",
    ["organizations", "designations", "countries", "programs", "authorities", "legal-consequences"],
)
def test_formulas_are_neutralised_on_every_csv_path(api, nasty_world, resource):
    _, rows = get_csv(api, f"/api/v1/{resource}/")
    assert_safe(rows)


def test_nasty_names_survive_the_round_trip(api, nasty_world):
    _, rows = get_csv(api, "/api/v1/organizations/", {"ordering": "created_at"})
    names = [restore_cell(row[rows[0].index("name")]) for row in rows[1:]]
    assert names == NASTY
    _, rows = get_csv(api, "/api/v1/designations/", {"ordering": "updated_at"})
    citations = [restore_cell(row[rows[0].index("citation")]) for row in rows[1:]]
    assert sorted(citations) == sorted(name[:100] for name in NASTY)


ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(ANY_TEXT | st.lists(ANY_TEXT, max_size=3), min_size=1, max_size=4)))
def test_no_parsed_cell_starts_a_formula(rows):
    """Property: whatever the text, no cell read back from our CSV starts with = + - @ \\t \\r."""
    header = [f"c{i}" for i in range(4)]
    data = b"".join(csv_lines(header, rows)).decode("utf-8")
    parsed = list(csv.reader(io.StringIO(data, newline="")))
    assert len(parsed) == len(rows) + 1
    assert_safe(parsed)
    for written, read in zip(rows, parsed[1:], strict=True):
        singles = [
            restore_cell(cell)
            for value, cell in zip(written, read, strict=True)
            if isinstance(value, str)
        ]
        assert singles == [value for value in written if isinstance(value, str)]


_slugs = itertools.count()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(ANY_TEXT, min_size=1, max_size=3, unique=True))
def test_no_api_csv_cell_starts_a_formula(api, names):
    """The same property through the API, for names and aliases stored in the database."""
    with transaction.atomic():
        program = ProgramFactory(code="US-FTO")
        for name in names:
            org = OrganizationFactory(name=name, slug=f"property-{next(_slugs)}")
            Alias.objects.create(organization=org, name=name[::-1])
            designate(org, program, on=dt.date(2025, 2, 20), citation=name[:100])
        for resource in ("organizations", "designations"):
            _, rows = get_csv(api, f"/api/v1/{resource}/")
            assert_safe(rows)
            assert len(rows) == len(names) + 1
        _, rows = get_csv(api, "/api/v1/organizations/")
        assert sorted(restore_cell(row[2]) for row in rows[1:]) == sorted(names)
        transaction.set_rollback(True)
