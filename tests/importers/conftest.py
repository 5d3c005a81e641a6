"""Helpers for importer tests: the committed data slices, and a census of every table."""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from registry.importers import parse_file
from registry.services.imports import import_list

DATA = Path(__file__).resolve().parent.parent / "data"
PAIRS = DATA / "ofac_sdn_csv_pairs"
SDN_2024 = DATA / "ofac_sdn_csv_2024-05-03" / "sdn.csv"
SDN_ALT_ADD = DATA / "ofac_sdn_alt_add_csv_2021-04" / "sdn.csv"
OFAC_XML = DATA / "ofac_xml_consolidated_2024-05-06" / "consolidated.xml"
ENHANCED_XML = DATA / "ofac_enhanced_xml_irgc_2024-08-28" / "IRGC_sanctions.xml"
UN_XML = DATA / "un_sc_consolidated_xml_2024-09-26" / "consolidated.xml"
UN_XML_2026 = DATA / "un_sc_consolidated_xml_2026-02-27" / "consolidated.xml"  # the seeds' UN names
UN_XML_SHARED_NAMES = DATA / "un_sc_consolidated_xml_2026-02-27" / "shared_names.xml"


def run_import(format: str, path: Path, **options):
    """Parse and import one file, as the command does."""
    parse_keys = ("ofac_list", "require_eof", "include")
    parse_options = {k: options.pop(k) for k in parse_keys if k in options}
    return import_list(parse_file(format, path, **parse_options), **options)


def census() -> dict[str, int]:
    """Row count of every table the registry owns, history tables included (by table name)."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_app_config("registry").get_models(include_auto_created=True)
    )
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def table_census():
    return census
