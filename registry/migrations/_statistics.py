"""Planner statistics after a migration rebuilds a table (the migration loader skips this module:
its name starts with "_").

SQLite rebuilds a table to add a column it cannot add in place (one not null, or a stored
generated one), which drops the table's statistics: without them it reads a program's
designations by the wrong index and sorts, and a search joins them in the wrong order (seconds
instead of milliseconds). It gathers them again only where it had some (an ANALYZE of one table
would give a never-analyzed file statistics for that table alone). PostgreSQL gathers them now
rather than when autovacuum comes by."""


def gather_statistics(table: str):
    def gather(apps, schema_editor):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
                )
                if cursor.fetchone() is None:
                    return
            cursor.execute(f'ANALYZE "{table}"')

    return gather
