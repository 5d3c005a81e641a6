"""manage.py screen INPUT.csv --out RESULTS.csv: bulk name screening (screening/bulk.py)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from registry.exports.streaming import csv_lines
from registry.screening import bulk
from registry.screening.matcher import DEFAULT_THRESHOLD, MAX_LIMIT


class Command(BaseCommand):
    help = (
        "Screen the names of a CSV (columns name, and optionally country and as_of) against the "
        "designated organizations, writing the best candidates of each row with their scores. "
        "Malformed rows are reported by line number (exit status 1); the rest are screened."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
        parser.add_argument(
            "--limit", type=int, default=bulk.DEFAULT_LIMIT, help=f"1 to {MAX_LIMIT}"
        )

    def handle(self, *args, **options):
        if not 0 <= options["threshold"] <= 1:
            raise CommandError("--threshold: between 0 and 1")
        if not 1 <= options["limit"] <= MAX_LIMIT:
            raise CommandError(f"--limit: between 1 and {MAX_LIMIT}")
        try:
            source = options["input"].open("rb")  # each line decoded alone (bulk.InputRows)
        except OSError as error:
            raise CommandError(f"{options['input']}: {error.strerror}") from error
        tally = bulk.Tally()
        with source:
            reader = bulk.InputRows(source)
            problem = reader.problem and f"line 1: {reader.problem}"
            problem = problem or bulk.header_problem(reader.fieldnames)
            if problem:
                raise CommandError(f"{options['input']}: {problem}")
            progress = tqdm(
                unit=" rows", disable=not sys.stderr.isatty(), file=sys.stderr, mininterval=0.5
            )
            rows = bulk.rows(
                reader,
                today=timezone.localdate(),
                threshold=options["threshold"],
                limit=options["limit"],
                tally=tally,
            )
            with options["out"].open("wb") as out, progress:
                for chunk in csv_lines(bulk.HEADER, rows):
                    out.write(chunk)
                    progress.n = tally.screened + len(tally.errors)
                    progress.refresh()
        self.stdout.write(f"Screened {tally.screened} names into {options['out']}.")
        if tally.errors:
            for error in tally.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(tally.errors)} malformed row(s) left out (listed above).")
