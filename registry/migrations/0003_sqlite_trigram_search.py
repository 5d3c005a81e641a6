"""Trigram full-text indexes for the name search on SQLite (FTS5, SQLite 3.34 or newer).

SQLite has no index for `LIKE '%…%'`. Two external-content FTS5 tables with the trigram tokenizer
mirror the search keys of organizations and aliases, kept current by triggers (so every write
path, bulk inserts and restores included, updates them), and `OrganizationQuerySet.search` asks
them for keys of three characters or more. PostgreSQL uses trigram GIN indexes instead (0002).
"""

import sqlite3

from django.db import migrations

TABLES = {
    "registry_organization_fts": "registry_organization",
    "registry_alias_fts": "registry_alias",
}


def statements(fts: str, table: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_key, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.id, old.search_key); "
        f"END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_key ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_key) VALUES ('delete', old.id, old.search_key); "
        f"INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    if sqlite3.sqlite_version_info < (3, 34, 0):
        raise RuntimeError(
            f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer; the registry needs "
            "SQLite 3.34 or newer (or PostgreSQL)."
        )
    for fts, table in TABLES.items():
        for statement in statements(fts, table):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for fts in TABLES:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_trigram_search_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
