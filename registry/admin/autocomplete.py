"""Autocomplete fields that survive a tampered POST.

Django's autocomplete widgets look the submitted ids up again to show the form with its errors;
an id that is not a number ("abc") then raised in the template (a 500) instead of the field's
"select a valid choice". These widgets show such an id as no choice; the field still refuses it.
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


class ReadableIds:
    def optgroups(self, name, value, attr=None):
        meta = self.field.remote_field.model._meta
        target = meta.get_field(getattr(self.field.remote_field, "field_name", meta.pk.name))
        return super().optgroups(name, [v for v in value if readable(target, v)], attr)


def readable(field, value) -> bool:
    try:
        field.run_validators(field.to_python(value))  # a number, in the column's range
    except ValidationError:
        return False
    return True


class AutocompleteSelect(ReadableIds, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(ReadableIds, widgets.AutocompleteSelectMultiple):
    pass


class Autocomplete:
    """For a ModelAdmin or an inline: its `autocomplete_fields` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
