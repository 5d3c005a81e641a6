"""Designation.designated_by and revoked_by: the last day of each date's window, computed by the
database (registry/sql.py's WindowEnd), so that the in-force rule compares one indexed column
instead of testing each precision. The in-force index moves from designated_on to designated_by.
SQLite rebuilds the table to add a stored generated column: its statistics are gathered again."""

from django.db import migrations, models

import registry.sql

from ._statistics import gather_statistics


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_sqlite_trigram_vocabulary"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="designation",
            name="registry_de_program_99e8d4_idx",
        ),
        migrations.AddField(
            model_name="designation",
            name="designated_by",
            field=models.GeneratedField(
                db_persist=True,
                expression=registry.sql.WindowEnd(
                    "designated_on", "designated_precision"
                ),
                output_field=models.DateField(null=True),
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="designation",
            name="revoked_by",
            field=models.GeneratedField(
                db_persist=True,
                expression=registry.sql.WindowEnd("revoked_on", "revoked_precision"),
                output_field=models.DateField(null=True),
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="designation",
            index=models.Index(
                fields=["program", "designated_by", "revoked_on"],
                name="registry_de_program_d5c2d6_idx",
            ),
        ),
        migrations.RunPython(
            gather_statistics("registry_designation"),
            migrations.RunPython.noop,
            elidable=True,
        ),
    ]
