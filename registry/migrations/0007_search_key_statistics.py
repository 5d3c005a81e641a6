"""PostgreSQL: finer statistics on the search keys, so the planner sees how few names match.

A search joins its matching ids to the organizations to sort them by name. With the default
statistics (100 sampled values per column), PostgreSQL guesses that `search_key LIKE '%shaka%'`
matches about 1% of the aliases, thousands of rows, and joins by reading all 100,000
organizations (20 ms); 1,000 sampled values tell it that a few hundred match, and it looks those
up by id (5 ms; docs/benchmarks.md, scenario 2). ANALYZE applies it now rather than at the next
autovacuum. SQLite searches through its FTS5 tables and is left as it is.
"""

from django.db import migrations

COLUMNS = [("registry_organization", "search_key"), ("registry_alias", "search_key")]
STATISTICS = 1000


def set_statistics(target: int):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in COLUMNS:
            schema_editor.execute(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET STATISTICS {target}'
            )
            schema_editor.execute(f'ANALYZE "{table}"')

    return apply


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_last_write_function")]

    operations = [migrations.RunPython(set_statistics(STATISTICS), set_statistics(-1))]
