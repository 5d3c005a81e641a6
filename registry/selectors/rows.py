"""The one way a selector reads rows: model columns and derived values, by name.

A `Selector` holds one model's derived values (`sources`: name -> a function of the reference day
making the expression the database computes). `rows()` reads a queryset as dicts of the names it
is asked for; `annotate()` gives model instances carrying them (the admin's pages). Each
expression is built once per reference day: a query resolves (copies) it, so one object serves
every query on that day.
"""

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet

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
