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
