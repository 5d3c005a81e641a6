"""Trigram indexes for the name search on PostgreSQL.

`q` is a substring match on the normalized search keys (`search_key LIKE '%…%'`), which a b-tree
cannot serve. On PostgreSQL a GIN index with pg_trgm's operator class can; SQLite has no such
index and scans (fast enough at the registry's size, see docs/benchmarks.md). Creating the
extension needs a role allowed to (a superuser, or pg_trgm marked trusted, as it is since PG 13).
"""

from django.db import migrations

INDEXES = {
    "registry_organization_search_trgm": "registry_organization",
    "registry_alias_search_trgm": "registry_alias",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
