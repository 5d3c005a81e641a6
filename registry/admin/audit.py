"""The base of every registry ModelAdmin: history with the analyst and a reason for each save."""

from django.db import models
from django.forms import Textarea
from simple_history.admin import SimpleHistoryAdmin

from .autocomplete import Autocomplete

# Notes and summaries are a few lines; Django's default text area is a page tall.
COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 90})}}


class AuditedAdmin(Autocomplete, SimpleHistoryAdmin):
    """SimpleHistoryAdmin (history pages with a diff of each change, paginated) whose saves,
    inline rows included, carry the change reason "admin" beside the user."""

    history_list_per_page = 50
    formfield_overrides = COMPACT_TEXT

    def save_model(self, request, obj, form, change):
        obj._change_reason = "admin: changed" if change else "admin: added"
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            instance._change_reason = "admin: changed" if instance.pk else "admin: added"
            instance.save()
        for obj in formset.deleted_objects:
            obj._change_reason = "admin: deleted"
            obj.delete()
        formset.save_m2m()
