"""Server settings the registry's query plans rely on (config/settings.py, docs/operations.md)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_price_random_reads_as_on_ssd():
    # Without it the search joins its matches to every organization by a sequential scan.
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


@pytest.mark.django_db
def test_postgresql_prepares_a_query_run_again():
    # Planned once per connection, not on every request (DATABASE_PREPARED_STATEMENTS).
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    import psycopg

    with connection.cursor() as cursor:
        assert not isinstance(cursor.cursor, psycopg.ClientCursor)
        for _ in range(6):
            cursor.execute("SELECT name FROM registry_country WHERE code = %s", ["MX"])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] >= 1


@pytest.mark.django_db
def test_postgresql_samples_enough_search_keys_to_see_a_rare_name():
    # Migration 0007: without it a search joins its matches to every organization (20 ms, not 5).
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attstattarget FROM pg_attribute"
            " WHERE attname = 'search_key' AND attrelid IN"
            " ('registry_organization'::regclass, 'registry_alias'::regclass)"
        )
        assert sorted(cursor.fetchall()) == [
            ("registry_alias", 1000),
            ("registry_organization", 1000),
        ]
