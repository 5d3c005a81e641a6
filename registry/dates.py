"""Dates as sources give them: to the day, the month or only the year; and the reference day.

A month-precision date is stored as the first day of that month (a year-precision one as 1 January)
with its precision beside it, and shown as "2021-01" or "2021": the registry never invents a day.
Such a date is a window of days: it has certainly passed on a day only once the whole window has
(the database keeps each window's last day, registry/sql.py's `WindowEnd`), which is how the
in-force rule (registry/querysets.py) answers "unknown".
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# The days a question may name (`as_of`, the date filters), with a year's margin on each side of
# the calendar so that date arithmetic around them (review clocks, windows) stays in range.
FIRST_DAY = dt.date(2, 1, 1)
LAST_DAY = dt.date(9999, 12, 30)
DAY_RANGE = f"from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> dt.date:
    """A day a client names, written YYYY-MM-DD and nothing else (no locale formats, no
    "2025-1-1"), within FIRST_DAY..LAST_DAY; else ValueError saying which of these it is not."""
    text = text.strip()
    if not ISO_DAY.fullmatch(text):
        raise ValueError(f"Enter a valid date as YYYY-MM-DD, {DAY_RANGE}.")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a day of the calendar (YYYY-MM-DD).") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"Enter a valid date as YYYY-MM-DD, {DAY_RANGE}.")
    return day


def check_day(day: dt.date) -> dt.date:
    """`day`, or ValueError when it is outside FIRST_DAY..LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} is outside the days the registry answers for")
    return day


def in_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC (a naive one is taken as UTC already), or ValueError when its offset
    pushes it past year 1 or 9999 (0001-01-01T00:00+14:00 is a day before the first date).
    In UTC because PostgreSQL refuses offsets beyond ±15:59 that Python accepts (±23:59)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{moment.isoformat()} is before year 1 or after 9999 in UTC") from None


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Parse "2025-02-20", "2021-01" or "2021" into (first possible day, precision).

    Raises ValueError naming the text when it is none of these.
    """
    text = (text or "").strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text), Precision.DAY
        if len(text) == 7:
            year, month = text.split("-")
            return dt.date(int(year), int(month), 1), Precision.MONTH
        if len(text) == 4:
            return dt.date(int(text), 1, 1), Precision.YEAR
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def format_partial_date(value: dt.date | None, precision: str) -> str:
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def precision_error(value: dt.date | None, precision: str) -> str | None:
    """Why `value` does not fit `precision` (month dates fall on the 1st), or None."""
    if value is None:
        return None
    if precision == Precision.MONTH and value.day != 1:
        return f"With month precision, enter the first day of the month ({value:%Y-%m}-01)."
    if precision == Precision.YEAR and (value.month, value.day) != (1, 1):
        return f"With year precision, enter 1 January ({value.year}-01-01)."
    return None


def add_years(value: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29 February falls back to 28 February."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


@dataclass(frozen=True)
class ReferenceDay:
    """The day an answer is for: today, or the day a client names (`as_of`).

    A named day is answered as it stood (`as_stood`): only the events that had taken effect by
    then, each designation's state that day. Today's answer shows everything recorded, later
    events included (a designation announced for next week is listed, as pending)."""

    day: dt.date
    as_stood: bool = False

    @classmethod
    def of(cls, as_of: dt.date | None, today: dt.date) -> "ReferenceDay":
        return cls(as_of, True) if as_of is not None else cls(today, False)
