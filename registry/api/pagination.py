"""Page-number pagination with a hard cap, strict parameters and a refusal of unordered lists.

`page_size` defaults to 50 and may not exceed settings.REGISTRY_MAX_PAGE_SIZE (500): a larger
value is a 400 naming `page_size`, not a silent cap, so a client never believes it has a whole
result when it has not. For everything at once, use CSV (?format=csv), which is not paginated.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, QuerySet, Window
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

TOTAL = "page_total"  # the annotation that carries the count beside each row of a counted page


def in_order(ids: list[int], items: Iterable, key: Callable = lambda item: item.pk) -> list:
    """`items` (a page read by id) in the order of `ids`, the page's order; one deleted between
    the two reads is left out, as the next request would."""
    by_id = {key(item): item for item in items}
    return [by_id[pk] for pk in ids if pk in by_id]


def positive_int(name: str, raw: str, maximum: int | None = None) -> int:
    limit = f" from 1 to {maximum}" if maximum else " of 1 or more"
    # More than 18 digits is past any page or size (and past 4,300, int() itself refuses).
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18 or int(raw) < 1:
        raise ValidationError({name: [f"Enter a whole number{limit}."]})
    value = int(raw)
    if maximum and value > maximum:
        raise ValidationError({name: [f"Enter a whole number{limit} (got {value})."]})
    return value


class RegistryPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page: 1 to 500 (default 50)."
    page_query_description = "Page number, from 1."
    invalid_page_message = "Page {page_number} does not exist ({message})"

    @property
    def max_page_size(self) -> int:
        return settings.REGISTRY_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return positive_int(self.page_size_query_param, raw, self.max_page_size)

    def validate_parameters(self, request) -> None:
        """400 for a bad `page` or `page_size`, also where they do not apply (CSV is unpaged)."""
        self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param)
        if raw is not None:
            positive_int(self.page_query_param, raw)

    def paginate_queryset(self, queryset, request, view=None):
        refuse_unordered(queryset, view)
        self.validate_parameters(request)
        return super().paginate_queryset(queryset, request, view)

    def paginate_ids(self, queryset: QuerySet, request, view=None) -> list[int]:
        """The primary keys of the requested page of `queryset`.

        A ranked search (annotated `search_rank`) gathers and sorts all its matches for any
        page, so its count comes from the same statement (`COUNT(*) OVER ()` beside each row)
        instead of a second one that would search again. Any other list walks its order's index
        and stops at the page, and its count reads the index alone: two cheap statements. Same
        answers, same links, same 404 for a page past the end either way."""
        ids = queryset.values_list("pk", flat=True)
        if "search_rank" not in queryset.query.annotations or queryset.query.distinct:
            return self.paginate_queryset(ids, request, view)
        refuse_unordered(queryset, view)
        self.validate_parameters(request)
        self.request = request
        size = self.get_page_size(request)
        number = int(request.query_params.get(self.page_query_param) or 1)
        counted = queryset.annotate(**{TOTAL: Window(Count("*"))})
        bottom = (number - 1) * size
        rows = list(counted.values_list("pk", TOTAL)[bottom : bottom + size])
        objects = [pk for pk, _ in rows]
        total = rows[0][1] if rows else 0
        # No row: an empty result (page 1) or a page past the end (404, as paginate_queryset).
        paginator = CountedPaginator(total, size)
        try:
            paginator.validate_number(number)
        except InvalidPage as exc:
            message = self.invalid_page_message.format(page_number=number, message=str(exc))
            raise NotFound(message) from None
        self.page = paginator.get_page_of(objects, number)
        return objects

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters


class CountedPaginator(DjangoPaginator):
    """Django's paginator over a page already read, its total known from the same query."""

    def __init__(self, total: int, per_page: int):
        super().__init__([], per_page)
        self.count = total  # instead of the cached_property's COUNT(*)

    def get_page_of(self, objects: list, number: int):
        return self._get_page(objects, number, self)


def refuse_unordered(queryset, view) -> None:
    if isinstance(queryset, QuerySet) and not queryset.ordered:
        # Pages of an unordered query can overlap or skip rows between requests.
        raise ImproperlyConfigured(f"{view.__class__.__name__} paginates an unordered query.")
