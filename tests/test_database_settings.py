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
