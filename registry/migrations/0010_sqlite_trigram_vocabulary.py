"""How many names hold each trigram, for the similar-spelling search on SQLite (fts5vocab).

A read-only view of the FTS5 indexes of 0003 (no data of its own, nothing to keep current): the
search asks it which of a text's trigrams are rarest and queries the index with those only
(registry/selectors/search.py, `candidate_names`), instead of ranking every name that shares one
common trigram with the text. PostgreSQL needs none (its trigram search is pg_trgm's).
"""

from django.db import migrations

VOCABULARIES = {
    "registry_organization_fts_vocab": "registry_organization_fts",
    "registry_alias_fts_vocab": "registry_alias_fts",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for vocabulary, fts in VOCABULARIES.items():
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {vocabulary} USING fts5vocab('{fts}', 'row')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for vocabulary in VOCABULARIES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {vocabulary}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_screening_record")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
