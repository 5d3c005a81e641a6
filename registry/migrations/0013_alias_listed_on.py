"""Alias.listed_on: the day a list first gave a name to an organization, when the record says;
empty for the names it has had since its first listing (all of them until now)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0012_consonant_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="alias",
            name="listed_on",
            field=models.DateField(
                blank=True,
                help_text="The day a list first gave this name to the organization, when the record says (an amendment adding it to a designation). Empty: a name since its first listing. Answers for earlier days leave it out.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="historicalalias",
            name="listed_on",
            field=models.DateField(
                blank=True,
                help_text="The day a list first gave this name to the organization, when the record says (an amendment adding it to a designation). Empty: a name since its first listing. Answers for earlier days leave it out.",
                null=True,
            ),
        ),
    ]
