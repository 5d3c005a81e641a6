"""Streaming CSV: rows of texts in, UTF-8 RFC 4180 bytes out, memory flat in the number of rows.

Every cell, the header included, goes through `cells.safe_cell` (the formula-neutralising rule).
Rows are pulled from an iterator and written in small batches, so a response never holds more than
one batch (and the database one chunk of rows: the resources read in chunks).
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

from ..cells import safe_cell

ROWS_PER_WRITE = 100


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[str]], **dialect: Any
) -> Iterator[bytes]:
    """The CSV text of `header` then `rows`, UTF-8 encoded, in batches of lines (CRLF endings,
    cells quoted when they need it, unless `dialect`, csv.writer's formatting parameters, says
    otherwise)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **({"lineterminator": "\r\n"} | dialect))
    writer.writerow([safe_cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(cell) for cell in row])
        if count % ROWS_PER_WRITE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue().encode("utf-8")


def csv_download(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download: a header row, then `rows`."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
