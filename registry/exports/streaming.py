"""Streaming CSV: rows in, UTF-8 RFC 4180 bytes out, with memory flat in the number of rows.

Every cell, the header included, goes through `cells.safe_cell` (the formula-neutralising rule),
and a multi-valued cell (a list) is joined with "; " first. Rows are pulled from an iterator and
written in small batches, so a response never holds more than one batch (and the database one
chunk of rows, see `iterate`).
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from .cells import safe_cell

MULTI_VALUE_SEPARATOR = "; "
ROWS_PER_WRITE = 100
ROWS_PER_QUERY = 500


@dataclass(frozen=True)
class Column:
    """One CSV column: its header and how to read its cell from a row object."""

    header: str
    read: Callable[[Any], Any]


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return MULTI_VALUE_SEPARATOR.join(cell_text(item) for item in value)
    return str(value)


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The CSV text of `header` then `rows`, UTF-8 encoded, in batches of lines (CRLF endings)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        # Most cells are already text: they skip cell_text (hundreds of thousands of rows).
        writer.writerow([safe_cell(v if type(v) is str else cell_text(v)) for v in row])
        if count % ROWS_PER_WRITE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue().encode("utf-8")


def iterate(queryset: QuerySet) -> Iterator[Any]:
    """Rows from the database in chunks; the queryset's prefetches run once per chunk."""
    return queryset.iterator(chunk_size=ROWS_PER_QUERY)


def table_rows(objects: Iterable[Any], columns: Sequence[Column]) -> Iterator[list[object]]:
    for obj in objects:
        yield [column.read(obj) for column in columns]


def csv_download(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download: a header row, then `rows`."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    objects: Iterable[Any], columns: Sequence[Column], *, filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download of `objects`, one row each, with a header row."""
    return csv_download(
        [c.header for c in columns], table_rows(objects, columns), filename=filename
    )
