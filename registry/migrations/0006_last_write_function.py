"""PostgreSQL: the newest write to the registry as a PL/pgSQL function, its plan kept per session.

The API reads the newest write on every request for its ETag (registry/api/caching.py): one
indexed MAX() per tracked table. Sent as a plain statement, PostgreSQL plans its 13 lookups each
time, which costs more than running them; PL/pgSQL plans its statement once per connection. The
tables are those of `caching.tracked_columns()` when this was written; a test fails when they
differ (a new history table needs a migration that replaces the function). SQLite has no stored
functions and keeps the plain query.
"""

from django.db import migrations

TRACKED = [
    ("registry_designation", "updated_at"),
    ("registry_historicalalias", "history_date"),
    ("registry_historicalauthority", "history_date"),
    ("registry_historicalcountry", "history_date"),
    ("registry_historicaldesignation", "history_date"),
    ("registry_historicaldesignationevent", "history_date"),
    ("registry_historicalidentifier", "history_date"),
    ("registry_historicallegalconsequence", "history_date"),
    ("registry_historicalorganization", "history_date"),
    ("registry_historicalorganizationcountry", "history_date"),
    ("registry_historicalprogram", "history_date"),
    ("registry_historicalsource", "history_date"),
    ("registry_organization", "updated_at"),
]

MAXIMA = ",\n        ".join(f'(SELECT MAX("{column}") FROM "{table}")' for table, column in TRACKED)
CREATE = f"""
CREATE OR REPLACE FUNCTION registry_last_write() RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
    -- GREATEST skips the NULL of an empty table.
    RETURN GREATEST(
        {MAXIMA}
    );
END
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS registry_last_write()")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_designation_organization_name")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
