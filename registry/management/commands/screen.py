"""manage.py screen INPUT.csv --out RESULTS.csv: bulk name screening (screening/bulk.py)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from registry.screening.bulk import screen_csv
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
        parser.add_argument("--limit", type=int, default=3, help=f"1 to {MAX_LIMIT}")

    def handle(self, *args, **options):
        if not 0 <= options["threshold"] <= 1:
            raise CommandError("--threshold: between 0 and 1")
        if not 1 <= options["limit"] <= MAX_LIMIT:
            raise CommandError(f"--limit: between 1 and {MAX_LIMIT}")
        try:
            source = options["input"].open(newline="", encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{options['input']}: {error.strerror}") from error
        with source, options["out"].open("w", newline="", encoding="utf-8") as out:
            screened, errors = screen_csv(
                source,
                out,
                today=timezone.localdate(),
                threshold=options["threshold"],
                limit=options["limit"],
                progress=lambda rows: tqdm(
                    rows, unit=" names", disable=not sys.stderr.isatty(), file=sys.stderr
                ),
            )
        self.stdout.write(f"Screened {screened} names into {options['out']}.")
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} malformed row(s) left out (listed above).")
