"""Query expressions for what the database computes whole, in SQLite's and PostgreSQL's words.

The selectors (registry/selectors/) read every derived value, text and list in the query that
reads the rows, so that JSON, CSV and the admin take them as they are: a partial date as its text
("2021-01"), a time as DRF writes it, a clock as a day, the rows under an object as one JSON array
(or, for a CSV cell, their texts joined with "; "). Those texts are made here and nowhere else on
the read path.

A list is a subquery selecting `v` (the item) and `k0`, `k1`... (its order): `JSONList` and
`TextList` aggregate it in that order. SQLite keeps the order of an ordered subquery in its
aggregates; PostgreSQL is told with ORDER BY inside the aggregate.
"""

from django.db.models import (
    CharField,
    DateField,
    F,
    Func,
    JSONField,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Lower
from django.db.models.functions import JSONObject as DjangoJSONObject

from .normalize import CONSONANT_STEPS

MULTI_VALUE_SEPARATOR = "; "


class DateText(Func):
    """A date as YYYY-MM-DD."""

    output_field = CharField()
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
        return super().as_sql(compiler, connection, template=template)


class PartialDate(Func):
    """A date at its precision: YYYY, YYYY-MM or YYYY-MM-DD (the registry never invents a day).
    Arguments: the date (or its YYYY-MM-DD text), its precision."""

    output_field = CharField()
    arity = 2

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        (date, date_params), (precision, precision_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        written = isinstance(self.get_source_expressions()[0].output_field, CharField)
        if connection.vendor == "postgresql" and not written:  # a date, not YYYY-MM-DD text
            date = f"to_char({date}, 'YYYY-MM-DD')"
        sql = (
            f"CASE {precision} WHEN 'year' THEN substr({date}, 1, 4)"
            f" WHEN 'month' THEN substr({date}, 1, 7) ELSE {date} END"
        )
        return sql, [*precision_params, *date_params * 3]


class WindowEnd(Func):
    """The last day of a partial date's window: the date itself at day precision, the last day
    of its month, or 31 December of its year (registry/dates.py). Arguments: the date (stored
    as the window's first day), its precision. Deterministic, so a generated column may hold it."""

    output_field = DateField()
    arity = 2
    LAST_DAY = {
        "sqlite": "date({date}, '+1 {unit}', '-1 day')",
        "postgresql": "({date} + interval '1 {unit}' - interval '1 day')::date",
    }

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        (date, date_params), (precision, precision_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        last = self.LAST_DAY[connection.vendor]
        sql = (
            f"CASE {precision} WHEN 'month' THEN {last.format(date=date, unit='month')}"
            f" WHEN 'year' THEN {last.format(date=date, unit='year')} ELSE {date} END"
        )
        return sql, [*precision_params, *date_params * 3]


class Timestamp(Func):
    """A time in UTC as DRF's DateTimeField writes it: 2025-11-24T16:02:03.123456Z, no zero
    fraction (the registry's TIME_ZONE is UTC)."""

    output_field = CharField()
    template = "replace(%(expressions)s, ' ', 'T') || 'Z'"

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            "regexp_replace(to_char(%(expressions)s AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '[.]000000$', '') || 'Z'"
        )
        return super().as_sql(compiler, connection, template=template)


class Later(Func):
    """The later of two dates, either of which may be null (GREATEST ignores nulls)."""

    arity = 2
    function = "GREATEST"

    def as_sqlite(self, compiler, connection, **extra):
        (a, a_params), (b, b_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"max(coalesce({a}, {b}), coalesce({b}, {a}))", [*a_params, *b_params] * 2


class PlusYears(Func):
    """The same day some years later, as YYYY-MM-DD; 29 February falls back to 28 February.
    Arguments: the date, the number of years."""

    output_field = CharField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        (date, date_params), (years, years_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        year = f"(CAST(substr({date}, 1, 4) AS INTEGER) + {years})"
        sql = (
            f"CASE WHEN substr({date}, 6, 5) = '02-29'"
            f" THEN date(printf('%%04d-02-28', {year}))"
            f" ELSE date({date}, '+' || {years} || ' years') END"
        )
        return sql, [*date_params, *date_params, *years_params, *date_params, *years_params]

    def as_postgresql(self, compiler, connection, **extra):
        # PostgreSQL's interval arithmetic already ends 29 February + 1 year on 28 February.
        (date, date_params), (years, years_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        sql = f"to_char({date} + make_interval(years => {years}), 'YYYY-MM-DD')"
        return sql, [*date_params, *years_params]


class JSONObject(DjangoJSONObject):
    """Django's JSONObject, keeping the keys in the order given on PostgreSQL too (json, not
    jsonb, which sorts them)."""

    def as_postgresql(self, compiler, connection, **extra):
        keyed = self.copy()  # each key a typed text, as Django's own does for JSONB_BUILD_OBJECT
        keyed.set_source_expressions(
            [
                Cast(expression, TextField())
                if index % 2 == 0
                else AsJSON(expression)
                if isinstance(expression, JSONList)
                else expression
                for index, expression in enumerate(keyed.get_source_expressions())
            ]
        )
        return Func.as_sql(keyed, compiler, connection, function="JSON_BUILD_OBJECT", **extra)


class AsJSON(Func):
    """A JSON text as JSON, to nest it in an object (PostgreSQL)."""

    template = "(%(expressions)s)::json"
    output_field = JSONField()


def by_name(field: str = "name") -> Lower:
    """A name's place in alphabetical order, case ignored: "al-Qa'ida" among the A's, not after
    "Zaynabiyoun Brigade" as a byte-wise collation puts it (SQLite's, PostgreSQL's C). Every list
    ordered by a name sorts by it, on an index of the same expression (registry/models/)."""
    return Lower(field)


def items(queryset: QuerySet, value, order: list, distinct: bool = False) -> QuerySet:
    """`queryset` as the rows of a list: the item `v` and its order `k0`, `k1`... (field names
    or expressions)."""
    keys = {f"k{i}": F(key) if isinstance(key, str) else key for i, key in enumerate(order)}
    rows = queryset.order_by().values(v=value, **keys)
    return rows.distinct() if distinct else rows


class _Aggregated(Subquery):
    """A list subquery (`items`) aggregated in its order into one value."""

    def aggregated(self, compiler, connection, template: str):
        """The SQL of the subquery inside `template` (which holds `%(subquery)s`)."""
        wrapped = self.copy()
        wrapped.template = template
        return Subquery.as_sql(wrapped, compiler, connection)

    def __init__(self, queryset: QuerySet, value, order: list, distinct: bool = False):
        super().__init__(items(queryset, value, order, distinct))
        self.keys = [f"k{i}" for i in range(len(order))]

    def ordered(self, prefix: str = "") -> str:
        return ", ".join(f"{prefix}{key}" for key in self.keys)


class JSONList(_Aggregated):
    """The items as a JSON array (text, `[]` for none). `objects`: the items are JSON objects
    (`JSONObject`), which SQLite passes through a subquery as text."""

    output_field = JSONField()

    def __init__(
        self,
        queryset: QuerySet,
        value,
        order: list,
        *,
        objects: bool = False,
        distinct: bool = False,
    ):
        super().__init__(queryset, value, order, distinct)
        self.objects = objects

    def as_sqlite(self, compiler, connection, **extra):
        item = "json(x.v)" if self.objects else "x.v"
        rows = (
            f"(SELECT * FROM (%(subquery)s) ORDER BY {self.ordered()})"
            if self.keys
            else ("(%(subquery)s)")
        )
        template = f"(SELECT coalesce(json_group_array({item}), '[]') FROM {rows} AS x)"
        return self.aggregated(compiler, connection, template)

    def as_postgresql(self, compiler, connection, **extra):
        order = f" ORDER BY {self.ordered('x.')}" if self.keys else ""
        template = f"(SELECT coalesce(json_agg(x.v{order}), '[]')::text FROM (%(subquery)s) AS x)"
        return self.aggregated(compiler, connection, template)


class TextList(_Aggregated):
    """The items' texts joined with "; " in their order (null for none): a list as a CSV cell."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        rows = (
            f"(SELECT * FROM (%(subquery)s) ORDER BY {self.ordered()})"
            if self.keys
            else ("(%(subquery)s)")
        )
        template = f"(SELECT group_concat(x.v, '{MULTI_VALUE_SEPARATOR}') FROM {rows} AS x)"
        return self.aggregated(compiler, connection, template)

    def as_postgresql(self, compiler, connection, **extra):
        order = f" ORDER BY {self.ordered('x.')}" if self.keys else ""
        template = (
            f"(SELECT string_agg(x.v, '{MULTI_VALUE_SEPARATOR}'{order}) FROM (%(subquery)s) AS x)"
        )
        return self.aggregated(compiler, connection, template)


class ConsonantKey(Func):
    """A search key's consonant key (registry/normalize.py's CONSONANT_STEPS), as nested
    replace() calls with the texts written out: an index over the expression (registry/models/)
    serves a query only when the query holds the same expression, literals and all."""

    output_field = CharField()
    arity = 1
    template = (
        "replace(" * len(CONSONANT_STEPS)
        + "%(expressions)s"
        + "".join(f", '{old}', '{new}')" for old, new in CONSONANT_STEPS)
    )
