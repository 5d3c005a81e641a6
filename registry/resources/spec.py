"""A resource's shape, declared once: an ordered list of fields that JSON, brief JSON, CSV and the
OpenAPI schema are all made from.

Each `Field` says where its value comes from (a key of the rows its resource's selector reads),
how the JSON shows it (as read, or through `show`), its schema (a DRF field, used only to publish
the OpenAPI schema), whether the brief representation and the representation nested in another
resource carry it, and its CSV columns (by default one column of the same name; a list's column
reads the selector's "; "-joined text of the same rows). A `Spec` renders a row three ways and
names the keys each rendering needs, so a selector reads only those.

Adding a field to a resource is one `Field` line in its module under registry/resources/ (and,
for a new column, the model and its migration): tests/resources/ walks every spec and checks that
JSON, brief and CSV agree for each field on both databases.
"""

import copy
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.urls import reverse
from rest_framework import serializers
from rest_framework.reverse import preserve_builtin_query_params

from ..dates import ReferenceDay
from ..selectors.rows import Selector
from ..sql import MULTI_VALUE_SEPARATOR

Row = Mapping[str, Any]


@dataclass
class Context:
    """What a rendering may need beyond the row: the request (for links), the reference day,
    and what the resource read once for the whole response (`shared`, e.g. each program's legal
    consequences, or each organization's designations)."""

    reference: ReferenceDay
    request: Any = None
    shared: dict[str, Any] = field(default_factory=dict)
    _links: dict[str, str] = field(default_factory=dict)

    def link(self, route: str, key: object) -> str:
        """The absolute URL of the object `key` under the API list route `route` (e.g.
        "api:designation-list"): the list's URL followed by the key, as the router lays out
        every detail URL (one reverse() per response), keeping `?format=` as DRF's links do."""
        if route not in self._links:
            path = reverse(route)
            self._links[route] = self.request.build_absolute_uri(path) if self.request else path
        url = f"{self._links[route]}{key}/"
        return preserve_builtin_query_params(url, self.request) if self.request else url


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, and the row key whose value is its cell, or a function of
    the row and the context (which then names the row keys it `reads`)."""

    header: str
    source: str | Callable[[Row, Context], Any]
    reads: tuple[str, ...] = ()

    def value(self, row: Row, context: Context) -> Any:
        return self.source(row, context) if callable(self.source) else row[self.source]

    def row_keys(self) -> tuple[str, ...]:
        return self.reads if callable(self.source) else (self.source,)


SAME = object()  # the default CSV column: the field's own name and source


@dataclass(frozen=True)
class Field:
    name: str
    schema: serializers.Field
    source: str = ""  # the row key holding the value; default: the field's name
    show: Callable[[Any, Row, Context], Any] | None = None  # the JSON value, from the source
    reads: tuple[str, ...] = ()  # other row keys `show` reads
    brief: "bool | Field" = False  # in brief; or the field to show in its place there
    nested: bool = True  # shown where the resource sits inside another one
    csv: Any = SAME  # SAME, None (not in CSV), or a tuple of `Column`s

    @property
    def key(self) -> str:
        return self.source or self.name

    def json(self, row: Row, context: Context) -> Any:
        value = row[self.key]
        return self.show(value, row, context) if self.show else value

    def columns(self) -> tuple[Column, ...]:
        if self.csv is SAME:
            return (Column(self.name, self.key),)
        return self.csv or ()


def link(route: str, **options: Any) -> Field:
    """The object's own URL (`url`), under the API list route `route`: in JSON and brief, not in
    CSV (whose rows carry the id)."""
    return Field(
        "url",
        serializers.URLField(),
        source="id",
        show=lambda pk, row, context: context.link(route, pk),
        brief=True,
        csv=None,
        **options,
    )


def cell_text(value: object) -> str:
    """A CSV cell's text: lists joined with "; ", booleans as true/false, nothing as empty."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list | tuple):
        return MULTI_VALUE_SEPARATOR.join(cell_text(item) for item in value)
    return str(value)


class Spec:
    """A resource's ordered fields, and the renderings made from them."""

    FULL, BRIEF, NESTED = "full", "brief", "nested"

    def __init__(self, name: str, fields: Iterable[Field], *, doc: str = ""):
        self.name = name
        self.fields = tuple(fields)
        self.doc = doc
        self._serializers: dict[str, type[serializers.Serializer]] = {}

    def shown(self, variant: str = FULL) -> tuple[Field, ...]:
        if variant == self.BRIEF:
            return tuple(
                f.brief if isinstance(f.brief, Field) else f for f in self.fields if f.brief
            )
        if variant == self.NESTED:
            return tuple(f for f in self.fields if f.nested)
        return self.fields

    def keys(self, variant: str = FULL) -> list[str]:
        """The row keys a rendering of `variant` reads."""
        keys = [k for f in self.shown(variant) for k in (f.key, *f.reads)]
        return list(dict.fromkeys(keys))

    def json(self, row: Row, context: Context, variant: str = FULL) -> dict:
        return {f.name: f.json(row, context) for f in self.shown(variant)}

    # -- CSV --------------------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        return [column for f in self.fields for column in f.columns()]

    def csv_header(self) -> list[str]:
        return [column.header for column in self.columns()]

    def csv_keys(self) -> list[str]:
        """The row keys the CSV reads."""
        return list(dict.fromkeys(k for column in self.columns() for k in column.row_keys()))

    def csv_row(self, row: Row, context: Context) -> list[str]:
        return [cell_text(column.value(row, context)) for column in self.columns()]

    # -- OpenAPI ----------------------------------------------------------------------------------
    def serializer(self, variant: str = FULL) -> type[serializers.Serializer]:
        """A DRF serializer declaring the fields of `variant`: drf-spectacular reads it to
        publish the schema; nothing renders through it."""
        if variant not in self._serializers:
            suffix = {self.FULL: "", self.BRIEF: "Summary", self.NESTED: "Nested"}[variant]
            attrs: dict[str, Any] = {f.name: _fresh(f.schema) for f in self.shown(variant)}
            attrs["__doc__"] = self.doc if variant == self.FULL else f"{self.name} ({variant})."
            name = f"{self.name}{suffix}Serializer"
            self._serializers[variant] = type(name, (serializers.Serializer,), attrs)
        return self._serializers[variant]


def _fresh(schema: serializers.Field) -> serializers.Field:
    """A new instance of a declared schema field (a field instance belongs to one serializer)."""
    return copy.deepcopy(schema)


@dataclass(frozen=True)
class Resource:
    """A resource of the API: its fields, its filters, and how its rows are read.

    `selector` holds the model's derived values (registry/selectors/); a page, a detail and the
    change feed's entities are read by id (`rows`), the CSV streams a filtered queryset
    (`csv_rows`). `attach(rows, context, variant)`, when given, reads once for a batch of rows
    what their fields share (each program's legal consequences; a page of organizations'
    designations) into `context.shared`; `variant` is "csv" for the CSV."""

    spec: Spec
    filterset: type
    model: type[Model]
    selector: Selector
    attach: Callable[[list[dict], Context, str], None] | None = None

    def rows(
        self, ids: Iterable[int], context: Context, variant: str = Spec.FULL, also=()
    ) -> list[dict]:
        """The objects `ids` as rows of `variant` (and the keys `also`), in no set order."""
        keys = tuple(dict.fromkeys([*self.spec.keys(variant), "pk", *also]))
        rows = self.selector.by_ids(self.model, ids, context.reference, keys)
        if self.attach:
            self.attach(rows, context, variant)
        return rows

    def json(self, ids: list[int], context: Context, variant: str = Spec.FULL) -> list[dict]:
        """The objects `ids` in `variant`, in the order of `ids`."""
        rows = {row["pk"]: row for row in self.rows(ids, context, variant)}
        return [self.spec.json(rows[pk], context, variant) for pk in ids if pk in rows]

    def csv_rows(self, queryset, context: Context) -> Iterator[list[str]]:
        """Every object of `queryset` as its CSV row, read in batches (memory stays flat)."""
        keys = self.spec.csv_keys()
        rows = self.selector.rows(queryset, context.reference, keys).iterator(chunk_size=BATCH)
        for batch in batches(rows, BATCH):
            if self.attach:
                self.attach(batch, context, CSV)
            for row in batch:
                yield self.spec.csv_row(row, context)


BATCH = 2000
CSV = "csv"


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
