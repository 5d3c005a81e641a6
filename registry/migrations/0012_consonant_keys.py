"""Indexes over the consonant key of every name (registry/normalize.py, CONSONANT_STEPS), which
finds the names typed in Arabic or Hebrew script. The expression is registry/sql.py's
ConsonantKey: a change to CONSONANT_STEPS needs a migration that drops and creates both again."""

import registry.sql
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0011_designation_window_ends'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='alias',
            index=models.Index(registry.sql.ConsonantKey('search_key'), name='alias_consonant_key'),
        ),
        migrations.AddIndex(
            model_name='organization',
            index=models.Index(registry.sql.ConsonantKey('search_key'), name='organization_consonant_key'),
        ),
    ]
