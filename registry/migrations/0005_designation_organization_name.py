"""Designation.organization_name: a copy of the organization's name, indexed with the program for
lists ordered by organization name. Added empty, filled from the organizations in one UPDATE,
then indexed. Reversed by dropping the index and the column."""

from django.db import migrations, models

from ._statistics import gather_statistics

FILL = (
    "UPDATE registry_designation SET organization_name = ("
    "SELECT o.name FROM registry_organization o"
    " WHERE o.id = registry_designation.organization_id)"
)


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
        migrations.RunPython(
            gather_statistics("registry_designation"), migrations.RunPython.noop, elidable=True
        ),
    ]
