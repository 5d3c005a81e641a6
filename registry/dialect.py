"""SQL spellings that differ between SQLite and PostgreSQL, for the few reads the database
computes whole: the designations CSV (registry/exports/designations.py) and the rows the API
reads as JSON (registry/api/brief.py, registry/api/pointintime.py)."""

from .exports.streaming import MULTI_VALUE_SEPARATOR as SEPARATOR


class Dialect:
    """SQL spellings that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str):
        self.sqlite = vendor == "sqlite"

    def date_text(self, column: str) -> str:
        return column if self.sqlite else f"to_char({column}, 'YYYY-MM-DD')"

    def partial(self, column: str, precision: str) -> str:
        """registry.dates.format_partial_date: YYYY, YYYY-MM or YYYY-MM-DD after the precision."""
        text = self.date_text(column)
        return (
            f"CASE {precision} WHEN 'year' THEN substr({text}, 1, 4)"
            f" WHEN 'month' THEN substr({text}, 1, 7) ELSE {text} END"
        )

    def plus_years(self, column: str, years: str) -> str:
        """registry.dates.add_years: 29 February falls back to 28 February."""
        if self.sqlite:
            year = f"(CAST(substr({column}, 1, 4) AS INTEGER) + {years})"
            return (
                f"CASE WHEN substr({column}, 6, 5) = '02-29'"
                f" THEN date(printf('%%04d-02-28', {year}))"
                f" ELSE date({column}, '+' || {years} || ' years') END"
            )
        # PostgreSQL's interval arithmetic already ends 29 February + 1 year on 28 February.
        return f"to_char({column} + make_interval(years => {years}), 'YYYY-MM-DD')"

    def later(self, a: str, b: str) -> str:
        """The later of two dates, either of which may be null."""
        if self.sqlite:
            return f"max(coalesce({a}, {b}), coalesce({b}, {a}))"
        return f"greatest({a}, {b})"

    def joined(self, value: str, keys: list[str], rows: str) -> str:
        """`value` of each of `rows` (FROM ... WHERE ...), ordered by `keys`, "; "-joined."""
        columns = ", ".join([f"{value} AS v", *(f"{k} AS k{i}" for i, k in enumerate(keys))])
        order = ", ".join(f"k{i}" for i in range(len(keys)))
        inner = f"SELECT {columns} {rows}"
        if self.sqlite:  # group_concat keeps the order of an ordered subquery
            return f"(SELECT group_concat(v, '{SEPARATOR}') FROM ({inner} ORDER BY {order}))"
        return f"(SELECT string_agg(v, '{SEPARATOR}' ORDER BY {order}) FROM ({inner}) AS x)"

    def timestamp(self, column: str) -> str:
        """DRF's DateTimeField in UTC: 2025-11-24T16:02:03.123456Z (no zero fraction)."""
        if self.sqlite:
            return f"replace({column}, ' ', 'T') || 'Z'"
        return (
            f"regexp_replace(to_char({column} AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '[.]000000$', '') || 'Z'"
        )

    def json_rows(self, values: list[str], keys: list[str], rows: str, nested=False) -> str:
        """Each of `rows` (FROM ... WHERE ...) as a JSON array of `values`, ordered by `keys`:
        a JSON text (`[]` when there is none), or with `nested` a `JSONValue` to give as one of
        another row's `values`."""
        columns = ", ".join(
            [
                *(f"{v} AS v{i}" for i, v in enumerate(values)),
                *(f"{k} AS k{i}" for i, k in enumerate(keys)),
            ]
        )
        # SQLite passes JSON through a subquery's column as text: json() makes it JSON again.
        items = ", ".join(
            f"json(v{i})" if self.sqlite and isinstance(v, JSONValue) else f"v{i}"
            for i, v in enumerate(values)
        )
        order = ", ".join(f"k{i}" for i in range(len(keys)))
        inner = f"SELECT {columns} {rows}"
        if self.sqlite:  # json_group_array keeps the order of an ordered subquery
            text = f"(SELECT json_group_array(json_array({items})) FROM ({inner} ORDER BY {order}))"
            return JSONValue(text) if nested else text
        value = f"coalesce(json_agg(json_build_array({items}) ORDER BY {order}), '[]')"
        if nested:
            return JSONValue(f"(SELECT {value} FROM ({inner}) AS x)")
        return f"(SELECT {value}::text FROM ({inner}) AS x)"


class JSONValue(str):
    """SQL whose value is JSON (`Dialect.json_rows(..., nested=True)`), to embed as JSON."""
