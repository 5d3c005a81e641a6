"""manage.py export_csv DIR: dump the whole registry as CSV files with a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.exports.dump import export_csv
from registry.services.dump import DumpError


class Command(BaseCommand):
    help = (
        "Write the registry to DIR: one CSV file per table, designations_flat.csv for "
        "spreadsheets, and manifest.json (row counts and sha256). Restore with import_csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--overwrite", action="store_true", help="Write into DIR even if it holds files."
        )

    def handle(self, *args, directory: Path, overwrite: bool, **options):
        try:
            report = export_csv(directory, overwrite=overwrite)
        except DumpError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary("Exported to"))
