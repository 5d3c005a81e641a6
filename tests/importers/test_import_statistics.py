"""A large import refreshes the planner statistics of the tables it changed (ANALYZE)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.services.imports import statistics

from .conftest import SDN_2024, run_import

pytestmark = pytest.mark.django_db

MAY_03 = dt.date(2024, 5, 3)


def analyzed(queries) -> set[str]:
    return {
        q["sql"].split()[1].strip('"`')
        for q in queries.captured_queries
        if q["sql"].upper().startswith("ANALYZE")
    }


def test_a_large_import_analyzes_the_tables_it_changed(monkeypatch):
    monkeypatch.setattr(statistics, "ANALYZE_MIN_ROWS", 50)
    with CaptureQueriesContext(connection) as queries:
        report = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03)

    tables = analyzed(queries)
    assert {"registry_organization", "registry_alias", "registry_designation"} <= tables
    assert "registry_historicalorganization" in tables
    assert "registry_legalconsequence" not in tables  # untouched
    assert report.analyzed == sorted(tables)
    assert "Statistics refreshed (ANALYZE): " in report.summary()


def test_a_small_or_dry_import_does_not(monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03, dry_run=True)
        report = run_import("ofac-sdn-csv", SDN_2024, as_of=MAY_03)  # ~300 rows
    assert analyzed(queries) == set() and report.analyzed == []
