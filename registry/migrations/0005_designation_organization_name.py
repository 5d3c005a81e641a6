"""Designation.organization_name: a copy of the organization's name, indexed with the program for
lists ordered by organization name. Added empty, filled from the organizations in one UPDATE,
then indexed. Reversed by dropping the index and the column."""

from django.db import migrations, models

FILL = (
    "UPDATE registry_designation SET organization_name = ("
    "SELECT o.name FROM registry_organization o"
    " WHERE o.id = registry_designation.organization_id)"
)


def gather_statistics(apps, schema_editor):
    """Planner statistics for the table and its new index. SQLite rebuilds the table to add a
    column, which drops the table's statistics: without them it keeps reading a program by the
    (program, designated_on, revoked_on) index and sorting. It gathers them again only where it
    had some (an ANALYZE of one table would give a never-analyzed file statistics for that table
    alone). PostgreSQL gathers them now rather than when autovacuum comes by."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
            )
            if cursor.fetchone() is None:
                return
        cursor.execute("ANALYZE registry_designation")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_organization_name_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="designation",
            name="organization_name",
            field=models.CharField(default="", editable=False, max_length=300),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterModelOptions(
            name="designation",
            options={"ordering": ["organization_name", "program__code", "designated_on", "id"]},
        ),
        migrations.AddIndex(
            model_name="designation",
            index=models.Index(
                fields=["program", "organization_name", "designated_on", "id"],
                name="designation_program_org_name",
            ),
        ),
        migrations.AddIndex(
            model_name="designation",
            index=models.Index(fields=["organization_name"], name="designation_org_name"),
        ),
        migrations.RunPython(gather_statistics, migrations.RunPython.noop, elidable=True),
    ]
