"""The one way a selector reads rows: model columns and derived values, by name, as dicts."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import QuerySet


def read(queryset: QuerySet, derived: Mapping[str, Callable[[], Any]], names: Iterable[str]):
    """`queryset` (keeping its order) as dicts of `names`: each a concrete column of the model
    (or "pk"), or a key of `derived` (name -> a function making its expression). Any other name
    is refused: `values()` would read a relation's ids instead, one row per related row."""
    names = list(names)
    model = queryset.model
    columns = [name for name in names if name not in derived]
    known = {"pk"} | {
        attribute
        for field in model._meta.concrete_fields
        for attribute in (field.name, field.attname)
    }
    unknown = [name for name in columns if name not in known]
    if unknown:
        raise ValueError(f"{model.__name__} has no column or derived value named {unknown}")
    return queryset.values(*columns, **{name: derived[name]() for name in names if name in derived})
