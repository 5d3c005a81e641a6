"""A screening query as a client writes it (the API's body, a row of a bulk CSV), read strictly:
each bad or unknown field is named, with a message a person can act on."""

import re

from rest_framework import serializers as s

from ..dates import DAY_RANGE, parse_day

KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def iso_country(value: str) -> str:
    # pycountry loads on the first query that names a country, not in every web worker
    # (tests/test_worker_footprint.py)
    import pycountry

    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code) or pycountry.countries.get(alpha_2=code) is None:
        raise s.ValidationError("Enter an ISO 3166-1 alpha-2 code such as MX.")
    return code


class DayField(s.DateField):
    """A day written YYYY-MM-DD within the days the registry answers for, read as the API's
    query parameters read it (registry/dates.py: `parse_day`)."""

    def to_internal_value(self, value):
        if not isinstance(value, str):
            raise s.ValidationError("Enter a date as a string, YYYY-MM-DD.")
        try:
            return parse_day(value)
        except ValueError as error:
            raise s.ValidationError(str(error)) from None


class StrictSerializer(s.Serializer):
    """Refuses fields it does not know (a misspelt `treshold` is a 400, not a default)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:  # and what is wrong with the rest: {"name": ...} lacks "queries"
                errors = {}
                known = {name: value for name, value in data.items() if name in self.fields}
                try:
                    super().to_internal_value(known)
                except s.ValidationError as error:
                    errors = dict(error.detail) if isinstance(error.detail, dict) else {}
                raise s.ValidationError(errors | {name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class TextField(s.CharField):
    """Text, and only text: a number is refused, not read as the digits it is written with."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise s.ValidationError("Enter the name as a string.")
        return super().to_internal_value(data)


class QuerySerializer(StrictSerializer):
    name = TextField(max_length=300, help_text="The name to screen, as written.")
    country = s.CharField(
        required=False,
        allow_null=True,
        help_text="ISO 3166-1 alpha-2: agreement raises the score, disagreement lowers it.",
    )
    as_of = DayField(
        required=False,
        allow_null=True,
        help_text="YYYY-MM-DD: screen against the organizations with a designation in force that "
        f"day (default: today), {DAY_RANGE}.",
    )

    def validate_country(self, value: str | None) -> str | None:
        return None if value is None else iso_country(value)

    def validate_name(self, value: str) -> str:
        if not any(c.isalnum() for c in value):
            raise s.ValidationError("Enter a name with at least one letter or digit.")
        return value


def flattened(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as one level, keyed by dotted path ("queries.q1.country")."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for name, inner in errors.items():
            flat.update(flattened(inner, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(errors, list) and errors and not isinstance(errors[0], str | s.ErrorDetail):
        return {k: v for item in errors for k, v in flattened(item, prefix).items()}
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix or "non_field_errors": [str(m) for m in messages]}
