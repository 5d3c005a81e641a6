"""The one way a selector reads rows: model columns and derived values, by name.

A `Selector` holds one model's derived values (`sources`: name -> a function of the reference day
making the expression the database computes). `rows()` reads a queryset as dicts of the names it
is asked for; `annotate()` gives model instances carrying them (the admin's pages). Each
expression is built once per reference day: a query resolves (copies) it, so one object serves
every query on that day.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    JSONField,
    Model,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_datetime

from ..dates import ReferenceDay

Derived = Callable[[ReferenceDay], Any]  # the expression of a derived value on a reference day


class Selector:
    def __init__(self, sources: Mapping[str, Derived]):
        self.sources = dict(sources)
        self.expression = lru_cache(maxsize=1024)(self._build)

    def _build(self, name: str, reference: ReferenceDay) -> Any:
        return self.sources[name](reference)

    def rows(self, queryset: QuerySet, reference: ReferenceDay, names: Iterable[str]) -> QuerySet:
        """`queryset` (keeping its order) as dicts of `names`: each a concrete column of the model
        (or "pk"), or a derived value. Any other name is refused: `values()` would read a
        relation's ids instead, one row per related row."""
        names = list(names)
        model = queryset.model
        known = {"pk"} | {
            attribute
            for field in model._meta.concrete_fields
            for attribute in (field.name, field.attname)
        }
        unknown = [name for name in names if name not in self.sources and name not in known]
        if unknown:
            raise ValueError(f"{model.__name__} has no column or derived value named {unknown}")
        columns = [name for name in names if name not in self.sources]
        derived = {name: self.expression(name, reference) for name in names if name in self.sources}
        return queryset.values(*columns, **derived)

    def annotate(self, queryset: QuerySet, reference: ReferenceDay, names: Iterable[str]):
        """`queryset`'s model instances carrying the derived values `names` as attributes."""
        return queryset.annotate(**{name: self.expression(name, reference) for name in names})

    def by_ids(
        self,
        model: type[Model],
        ids: Iterable[int],
        reference: ReferenceDay,
        names: Iterable[str],
        *,
        key: str = "pk",
        order: tuple = (),
    ) -> list[dict]:
        """The rows whose `key` (the primary key, or a foreign key such as "organization_id")
        is one of `ids`, as `rows()` reads them, in `order`.

        A page of a list, an object's detail and the rows nested under a page are read this way,
        by one statement whose SQL depends only on what is read, never on the day or the ids:
        it is compiled once (`Statement`) and run with the day's and the ids' values."""
        ids = list(ids)
        if not ids:
            return []
        vendor = connections[DEFAULT_DB_ALIAS].vendor
        statement = self.statement(model, tuple(names), reference.as_stood, vendor, key, order)
        return statement.run(ids, reference)

    @lru_cache(maxsize=256)  # noqa: B019 (selectors live as long as the process)
    def statement(
        self, model: type[Model], names: tuple, as_stood: bool, vendor: str, key: str, order: tuple
    ) -> "Statement":
        marker = ReferenceDay(MARKER_DAY, as_stood)
        array = "text[]" if model._meta.pk.get_internal_type() == "CharField" else "bigint[]"
        ids = RawSQL(ID_LIST[vendor].format(array=array), [IDS])
        queryset = model._default_manager.filter(**{f"{key}__in": ids}).order_by(*order)
        sql, params = self.rows(queryset, marker, names).query.sql_with_params()
        query = model._default_manager.all().query
        converters = {
            name: converter(
                self.expression(name, marker).resolve_expression(query).output_field
                if name in self.sources
                else model._meta.pk
                if name == "pk"
                else model._meta.get_field(name)
            )
            for name in names
        }
        return Statement(sql, tuple(params), converters)


# A page's ids travel as one parameter, so that one statement serves any page.
ID_LIST = {
    "sqlite": "SELECT value FROM json_each(%s)",  # (any key type: the json's own)
    "postgresql": "SELECT unnest(%s::{array})",
}
IDS = object()  # where the ids go among a statement's parameters
# The reference day a statement is compiled with: a date no real question uses, replaced by the
# real day when it runs.
MARKER_DAY = dt.date(1904, 5, 6)


def converter(field: Any) -> Callable[[Any], Any]:
    """How a value of `field` comes back from the database cursor to Python, as the ORM gives
    it: JSON parsed, SQLite's 0/1 as booleans, ISO text as dates."""
    if isinstance(field, JSONField):
        return lambda value: orjson.loads(value) if isinstance(value, str | bytes) else value
    if isinstance(field, BooleanField):
        return lambda value: None if value is None else bool(value)
    if isinstance(field, DateTimeField):
        return lambda value: parse_datetime(value) if isinstance(value, str) else value
    if isinstance(field, DateField):
        return lambda value: dt.date.fromisoformat(value) if isinstance(value, str) else value
    return lambda value: value


@dataclass(frozen=True)
class Statement:
    """A selector's read, compiled: its SQL, its parameters (the day's markers and `IDS` among
    them), and each column's converter."""

    sql: str
    params: tuple
    converters: Mapping[str, Callable[[Any], Any]]

    def run(self, ids: list[int], reference: ReferenceDay) -> list[dict]:
        day, marker_text = reference.day, MARKER_DAY.isoformat()
        vendor = connections[DEFAULT_DB_ALIAS].vendor
        params = [
            (json.dumps(ids) if vendor == "sqlite" else ids)
            if param is IDS
            else day
            if param == MARKER_DAY and isinstance(param, dt.date)
            else day.isoformat()
            if param == marker_text
            else param
            for param in self.params
        ]
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(self.sql, params)
            names = [column[0] for column in cursor.description]
            convert = [self.converters.get(name, lambda value: value) for name in names]
            return [
                {name: read(value) for name, read, value in zip(names, convert, row, strict=True)}
                for row in cursor.fetchall()
            ]
