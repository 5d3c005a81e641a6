"""Bulk screening: a CSV of names (`name`, optional `country` and `as_of`) screened row by row
into a CSV of candidates, through the same matcher as POST /api/v1/match/. The command
(`manage.py screen`) and the endpoint (POST /api/v1/match/bulk/) both write `rows()`.

Each input row gives one output row per result shown (best first), or one row with empty
candidate columns when nothing scored. A malformed row gives one row naming its line and the
field at fault in `error`, and the others are still screened. A name is one line: the input is
read a line at a time (`InputRows`), so a quote left open, or a line that is not UTF-8 text,
spoils only its own line (read as CSV, a quote left open would carry on to the file's end and
hide every later name in one cell). Cells go through the registry's
one formula-safe cell rule when written (registry/exports/streaming.py).
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .matcher import DEFAULT_THRESHOLD, Query, data_version, rank
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
    "error",
)
DEFAULT_LIMIT = 3  # candidates per row


@dataclass(frozen=True)
class InputRow:
    line: int
    values: dict[str, str]  # the row's cells by column name
    problem: str = ""  # why the line could not be read as a row


class InputRows:
    """The rows of a CSV of names, each line read as one row: `fieldnames` (the first line's
    cells), then each later line as an `InputRow` (blank lines skipped). Lines are text, or bytes
    decoded as UTF-8 one by one. `line_num`: the last line read."""

    def __init__(self, lines: Iterable[str | bytes]):
        self.lines = iter(lines)
        self.line_num = 0
        first = next(self.lines, "")
        first = first.removeprefix(b"\xef\xbb\xbf") if isinstance(first, bytes) else first
        self.line_num = 1 if first else 0
        cells, problem = self.cells(first)
        # column names are read in lower case: a spreadsheet's "Name" is the `name` column
        self.fieldnames = None if problem or not cells else [c.strip().lower() for c in cells]
        self.problem = problem

    @staticmethod
    def cells(line: str | bytes) -> tuple[list[str], str]:
        try:
            text = line.decode("utf-8") if isinstance(line, bytes) else line
        except UnicodeDecodeError as error:
            return [], f"not UTF-8 text ({error.reason})"
        try:
            return next(csv.reader([text], strict=True), []), ""
        except csv.Error as error:
            return [], f"not a CSV row ({error}: a quote left open?)"

    def __iter__(self) -> Iterator[InputRow]:
        names = self.fieldnames or []
        for line in self.lines:
            self.line_num += 1
            cells, problem = self.cells(line)
            if problem:
                yield InputRow(self.line_num, {}, problem)
            elif cells:  # a blank line is no row; a row of empty cells is (a name is missing)
                yield InputRow(self.line_num, dict(zip(names, cells, strict=False)))


def header_problem(fieldnames: Iterable[str] | None) -> str | None:
    """Why a CSV with this header cannot be screened, or None."""
    names = [name.strip() for name in fieldnames or ()]
    if "name" not in names:
        return "line 1: the header must name a `name` column (and optionally country, as_of)"
    twice = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if twice:
        return f"line 1: the header names {', '.join(twice)} twice"
    return None


def read_query(row: dict) -> tuple[Query | None, list[str]]:
    """The row as a query, or the messages naming its bad fields."""
    data = {key: row[key].strip() for key in COLUMNS if (row.get(key) or "").strip()}
    query = QuerySerializer(data=data)
    if not query.is_valid():
        return None, [f"{name}: {' '.join(m)}" for name, m in flattened(query.errors).items()]
    return Query(**query.validated_data), []


@dataclass
class Tally:
    """What a run did: rows screened, and the malformed rows' messages ("line 4: country: ...")."""

    screened: int = 0
    errors: list[str] = field(default_factory=list)


def rows(
    reader: InputRows,
    *,
    today: dt.date,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
    tally: Tally | None = None,
) -> Iterator[list]:
    """The output rows (HEADER's columns) of every row `reader` gives, as they are screened."""
    tally = tally if tally is not None else Tally()
    version = data_version()
    for row in reader:
        line = row.line
        asked = [line, *((row.values.get(key) or "").strip() for key in COLUMNS)]
        query, problems = read_query(row.values) if not row.problem else (None, [row.problem])
        if query is None:
            message = "; ".join(problems)
            tally.errors.append(f"line {line}: {message}")
            yield [*asked, "", "", "", "", "", "", version, message]
            continue
        asked = [line, query.name, query.country or "", query.as_of or ""]
        ranking = rank(query, today)  # scores and names only: no JSON is built for a CSV
        if not ranking.scored:
            yield [*asked, "", "", "", "", "", "false", version, ""]
        for number, (pk, result) in enumerate(ranking.scored[:limit], start=1):
            found = [pk, ranking.names[pk][0], result.named.name]
            match = "true" if result.score >= threshold else "false"
            yield [*asked, number, *found, result.score, match, version, ""]
        tally.screened += 1
