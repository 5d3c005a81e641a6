"""manage.py screen INPUT.csv --out RESULTS.csv: bulk name screening (screening/bulk.py)."""

import csv
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
            source = options["input"].open(newline="", encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{options['input']}: {error.strerror}") from error
        tally = bulk.Tally()
        with source:
            reader = csv.DictReader(source)
            try:
                problem = bulk.header_problem(reader.fieldnames)
            except UnicodeDecodeError as error:
                raise CommandError(f"{options['input']}: not UTF-8 text ({error.reason})") from None
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
            try:
                with options["out"].open("wb") as out, progress:
                    for chunk in csv_lines(bulk.HEADER, rows):
                        out.write(chunk)
                        progress.n = tally.screened + len(tally.errors)
                        progress.refresh()
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{options['input']}: not UTF-8 text after line {reader.line_num} "
                    f"({error.reason}); {options['out']} holds the rows before it"
                ) from None
        self.stdout.write(f"Screened {tally.screened} names into {options['out']}.")
        if tally.errors:
            for error in tally.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(tally.errors)} malformed row(s) left out (listed above).")
