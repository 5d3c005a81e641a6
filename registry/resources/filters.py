"""Strict query parameters, and the FilterSet every resource's filters build on.

django-filter reads some bad input as "no filter": an empty `?status=`, `?country=` with nothing
in it, a locale date format, an id too large for the database. Every field here refuses such a
value instead, so the API answers 400 naming the parameter. The Filter classes only declare and
validate; each FilterSet's `filter_queryset` holds its query plan, which only narrows and orders
(what a representation reads is its selector's).
"""

import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import F, QuerySet
from django.db.models.expressions import Combinable
from django.utils.dateparse import parse_date, parse_datetime

from ..dates import DAY_RANGE, in_utc, parse_day
from ..sql import by_name

EMPTY = "A value is required: leave the parameter out to not filter by it."


def choices(field: filters.fields.ModelMultipleChoiceField, values: list[str]):
    """The objects `values` name (a 400 for any unknown), or an empty list for none. Django's
    field answers "none" with an empty queryset, and testing that in a FilterSet (`if
    data.get("program")`) would compile a query for every parameter a request leaves out."""
    return field.clean(values) if values else []


class CodeListField(filters.fields.ModelMultipleChoiceField):
    """Registry codes, repeatable (`?country=MX&country=VE`) or comma-separated, any case."""

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        codes = [part.strip().upper() for item in value or [] for part in str(item).split(",")]
        return choices(super(), [code for code in codes if code])  # StrictForm refuses empties


class IdListField(filters.fields.ModelMultipleChoiceField):
    """Database ids, repeatable or comma-separated; anything but a 64-bit positive integer is
    refused up front (SQLite cannot even compare with a larger number)."""

    def clean(self, value):
        if isinstance(value, str):
            value = [value]
        ids = [part.strip() for item in value or [] for part in str(item).split(",")]
        for text in ids:
            # (at most 19 digits before int(), which raises past 4,300 digits)
            if text and not (
                text.isascii() and text.isdigit() and len(text) < 20 and 0 < int(text) < 2**63
            ):
                raise forms.ValidationError(f"{text[:40]!r} is not an id.", code="invalid_pk_value")
        return choices(super(), [text for text in ids if text])  # StrictForm refuses empties


class StrictForm(forms.Form):
    """Refuses a parameter given with nothing in it (`?status=`, `?country=`, `?ordering=a,,b`):
    django-filter would read it as "no filter", and a client would get everything unfiltered."""

    free_text = frozenset({"q", "slug"})
    # a parameter that means something only beside another: alone, it would be ignored
    needs = {"uncertain": "as_of"}

    def clean(self):
        for name, other in self.needs.items():
            if name in self.fields and name in self.data and other not in self.data:
                self.add_error(
                    name,
                    f"Needs {other}: it says what a partial date leaves unknown on {other}'s day.",
                )
        for name in self.fields:
            if name in self.free_text or name in self.errors or name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            if any(not part.strip() for value in values for part in str(value).split(",")):
                self.add_error(name, EMPTY)
        return super().clean()


class IsoDateField(forms.DateField):
    """A calendar day written YYYY-MM-DD, nothing else (no locale formats, no "2025-1-1"),
    within the days the registry answers for (registry/dates.py)."""

    default_error_messages = {"invalid": f"Enter a valid date as YYYY-MM-DD, {DAY_RANGE}."}

    def to_python(self, value) -> dt.date | None:
        if value is None:  # the parameter is absent
            return None
        try:
            return parse_day(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class MomentField(forms.Field):
    """A date (YYYY-MM-DD, meaning its start in UTC) or an ISO 8601 date-time."""

    default_error_messages = {
        "invalid": "Enter a date (YYYY-MM-DD) or an ISO 8601 date-time (2025-11-24T09:30:00Z).",
        "range": "Enter a moment between years 1 and 9999 in UTC.",
    }

    def to_python(self, value: str | None) -> dt.datetime | None:
        if value is None:  # the parameter is absent
            return None
        text = value.strip()
        try:
            moment = parse_datetime(text) if "T" in text or " " in text else None
            day = None if moment else parse_date(text)
        except ValueError:
            moment = day = None
        if day is not None:
            moment = dt.datetime.combine(day, dt.time.min)
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return in_utc(moment)
        except ValueError:
            raise forms.ValidationError(self.error_messages["range"], code="range") from None


class ObjectsFilter(filters.ModelMultipleChoiceFilter):
    """Objects of one model, named in the parameter. The choices are django-filter's callable
    `queryset`, made for each request: a FilterSet deep-copies every filter for every request,
    and copying a QuerySet was most of that cost."""

    def __init__(self, *args, queryset: QuerySet, **kwargs):
        super().__init__(*args, queryset=lambda request: queryset.all(), **kwargs)


class CodeFilter(ObjectsFilter):
    field_class = CodeListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "Unknown code %(value)s.", "list": "Enter codes."}
        )
        super().__init__(*args, **kwargs)


class IdFilter(ObjectsFilter):
    field_class = IdListField


class IsoDateFilter(filters.DateFilter):
    field_class = IsoDateField


class MomentFilter(filters.Filter):
    field_class = MomentField


class UncertainFilter(filters.ChoiceFilter):
    """`uncertain=include`: with `as_of`, also what a partial or missing date leaves unknown."""

    INCLUDE, EXCLUDE = "include", "exclude"

    def __init__(self, what: str, **kwargs):
        super().__init__(
            choices=[(self.INCLUDE, self.INCLUDE), (self.EXCLUDE, self.EXCLUDE)],
            help_text=f"With `as_of`: include, or exclude (the default), {what} whose state that "
            "day is unknown because a date is known only to the month or year (or not at all); "
            "they show `in_force: null` and why.",
            **kwargs,
        )


class StableOrderingFilter(filters.OrderingFilter):
    """`ordering=name`, `ordering=-designated_on`...; names alphabetically, case ignored
    (`names`: the fields that hold one, ordered by `by_name`), empty dates last in both directions
    (SQLite and PostgreSQL disagree otherwise), and ties broken by id so pages never overlap."""

    def __init__(self, *args, names: tuple[str, ...] = (), **kwargs):
        self.names = frozenset(names)
        super().__init__(*args, **kwargs)

    def get_ordering_expressions(self, value: list[str] | None) -> list:
        expressions = []
        for param in value or []:
            descending = param.startswith("-")
            field = self.param_map[param.lstrip("-")]
            expression = by_name(field) if field in self.names else F(field)
            expressions.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return expressions


class StrictFilterSet(filters.FilterSet):
    """Every parameter strict (StrictForm); ordering applied last, always ending with the
    primary key so that pages never overlap."""

    default_ordering: tuple[str | Combinable, ...] = ("id",)

    def order(self, queryset: QuerySet) -> QuerySet:
        ordering = self.filters.get("ordering")
        expressions = (
            ordering.get_ordering_expressions(self.form.cleaned_data.get("ordering"))
            if ordering
            else []
        )
        if not expressions:
            return queryset.order_by(*self.default_ordering)
        return queryset.order_by(*expressions, "id")


def codes(value) -> list[str]:
    """The codes of a cleaned CodeFilter value (empty when the parameter was absent)."""
    return [item.code for item in value] if value else []
