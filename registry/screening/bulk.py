"""Bulk screening: a CSV of names (`name`, optional `country` and `as_of`) screened row by row
into a CSV of candidates, through the same matcher as POST /api/v1/match/.

A malformed row is reported with its line number (and the field at fault) and left out; the
others are screened. Each input row gives one output row per result shown (best first), or one
row with empty candidate columns when nothing scored; every cell goes through the registry's one
formula-safe cell rule (registry/cells.py).
"""

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TextIO

from ..cells import safe_cell
from .matcher import DEFAULT_THRESHOLD, Query, data_version, screen_query
from .queries import QuerySerializer, flattened

COLUMNS = ("name", "country", "as_of")
HEADER = (
    "line",
    *COLUMNS,
    "rank",
    "organization_id",
    "organization",
    "matched_name",
    "score",
    "match",
    "data_version",
)


def read_query(row: dict) -> tuple[Query | None, list[str]]:
    """The row as a query, or the messages naming its bad fields."""
    data = {key: row[key].strip() for key in COLUMNS if (row.get(key) or "").strip()}
    query = QuerySerializer(data=data)
    if not query.is_valid():
        return None, [f"{field}: {' '.join(m)}" for field, m in flattened(query.errors).items()]
    return Query(**query.validated_data), []


def screen_csv(
    lines: Iterable[str],
    out: TextIO,
    *,
    today: dt.date,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 3,
    progress: Callable[[Iterable], Iterable] = lambda rows: rows,
) -> tuple[int, list[str]]:
    """Screen every row of the CSV `lines` into `out`; (rows screened, error messages)."""
    reader = csv.DictReader(lines)
    if not reader.fieldnames or "name" not in reader.fieldnames:
        return 0, ["line 1: the header must name a `name` column (and optionally country, as_of)"]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    version = data_version()
    screened, errors = 0, []
    for row in progress(reader):
        line = reader.line_num
        query, problems = read_query(row)
        if query is None:
            errors.extend(f"line {line}: {problem}" for problem in problems)
            continue
        answer = screen_query(query, threshold, limit, today)
        asked = [line, query.name, query.country or "", query.as_of or ""]
        results = answer["results"] or [None]
        for rank, result in enumerate(results, start=1):
            found = (
                [
                    rank,
                    result["organization"]["id"],
                    result["organization"]["name"],
                    result["matched_name"],
                    result["score"],
                    "true" if result["match"] else "false",
                ]
                if result
                else ["", "", "", "", "", "false"]
            )
            writer.writerow([safe_cell(cell) for cell in [*asked, *found, version]])
        screened += 1
    return screened, errors
