"""Page-number pagination with a hard cap, strict parameters and a refusal of unordered lists.

`page_size` defaults to 50 and may not exceed settings.REGISTRY_MAX_PAGE_SIZE (500): a larger
value is a 400 naming `page_size`, not a silent cap, so a client never believes it has a whole
result when it has not. For everything at once, use CSV (?format=csv), which is not paginated.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


def positive_int(name: str, raw: str, maximum: int | None = None) -> int:
    limit = f" from 1 to {maximum}" if maximum else " of 1 or more"
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
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
        if isinstance(queryset, QuerySet) and not queryset.ordered:
            # Pages of an unordered query can overlap or skip rows between requests.
            raise ImproperlyConfigured(f"{view.__class__.__name__} paginates an unordered query.")
        self.validate_parameters(request)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters
