"""Admin: "Screen names" — an analyst pastes names and sees, for each, the designated
organizations it may be, with scores, the reasons, and the designations in force on the day.

The page lives under the organization admin (/admin/registry/organization/screen/, a button on
the organization list) and is open to staff who may view organizations. Each line is read as a
query of POST /api/v1/match/ is (registry/screening/queries.py) and screened by the same matcher;
the answer is recorded with a receipt, so the API replays what the analyst saw, byte for byte.
The names are posted, never put in the URL (they stay out of access logs).
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from rest_framework import serializers as s

from ..screening import matcher, receipts
from ..screening.matcher import Query
from ..screening.queries import QuerySerializer, iso_country

LIMIT = 5  # candidates shown per name


class ScreenForm(forms.Form):
    names = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60, "autofocus": True}),
        help_text=f"One name per line, as the document writes it; up to {matcher.MAX_QUERIES}.",
    )
    country = forms.CharField(
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"size": 3}),
        help_text="ISO 3166-1 alpha-2, e.g. MX (optional): an organization linked to it scores "
        "a little more, one linked only to others less.",
    )
    as_of = forms.DateField(
        required=False,
        label="On",
        widget=AdminDateWidget,
        help_text="The day to screen on (default today): the candidates are the organizations "
        "with a designation in force that day.",
    )
    threshold = forms.FloatField(
        initial=matcher.DEFAULT_THRESHOLD,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.01", "style": "width: 5em"}),
        help_text="A candidate scoring this or more is a match.",
    )

    def clean_country(self) -> str | None:
        value = self.cleaned_data["country"].strip()
        if not value:
            return None
        try:
            return iso_country(value)
        except s.ValidationError as error:
            raise forms.ValidationError(error.detail) from None

    def clean_names(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["names"].splitlines()]
        names = [line for line in lines if line]
        if len(names) > matcher.MAX_QUERIES:
            raise forms.ValidationError(
                f"At most {matcher.MAX_QUERIES} names at once ({len(names)} given); "
                "`manage.py screen` or POST /api/v1/match/bulk/ take a file."
            )
        problems = []
        for number, name in enumerate(names, start=1):
            query = QuerySerializer(data={"name": name})
            if not query.is_valid():
                problems += [f"Name {number} ({name[:40]}): {m}" for m in query.errors["name"]]
        if problems:
            raise forms.ValidationError(problems)
        return names

    def queries(self) -> dict[str, Query]:
        data = self.cleaned_data
        return {
            str(number): Query(name=name, country=data["country"], as_of=data["as_of"])
            for number, name in enumerate(data["names"], start=1)
        }


class ScreenPages:
    """The "Screen names" page of the organization admin (composed in admin/__init__.py)."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.screen_view)
        return [
            path("screen/", view, name="registry_organization_screen"),
            *super().get_urls(),
        ]

    def can_screen(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra = {"can_screen_names": self.can_screen(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def screen_view(self, request: HttpRequest) -> HttpResponse:
        if not self.can_screen(request):
            raise PermissionDenied
        form = ScreenForm(request.POST if request.method == "POST" else None)
        answer = None
        if form.is_valid():
            queries = form.queries()
            threshold = form.cleaned_data["threshold"]
            screened = matcher.screen(
                queries, threshold=threshold, limit=LIMIT, today=timezone.localdate()
            )
            request_form = receipts.canonical_request(queries, threshold, LIMIT)
            answer = receipts.record(request_form, screened)
            answer["ordered"] = [answer["responses"][key] for key in queries]
            # the body that replays it through the API: the names keyed as here, the same
            # threshold and limit, and the receipt
            replay = {**request_form, "receipt": answer["receipt"]}
            answer["replay"] = receipts.as_json(replay).decode()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Screen names",
            "form": form,
            "answer": answer,
            "limit": LIMIT,
        }
        return TemplateResponse(request, "admin/registry/screen_names.html", context)
