"""manage.py import_csv DIR: restore a dump written by export_csv."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.services.dump import DumpError
from registry.services.restore import restore_csv


class Command(BaseCommand):
    help = (
        "Restore a dump made by export_csv into a fresh database, keeping primary keys and "
        "the history (who changed what, when and why). Checks the manifest's sha256 of every "
        "file first; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a registry that is not empty: delete every registry row and its "
            "history and restore the dump's, in one transaction (a dump without history: each "
            "deletion is recorded in history).",
        )

    def handle(self, *args, directory: Path, force: bool, **options):
        try:
            report = restore_csv(directory, replace=force, progress=True)
        except DumpError as exc:
            raise CommandError(f"Nothing was restored: {exc}") from exc
        self.stdout.write(report.summary("Restored from"))
