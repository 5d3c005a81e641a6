"""manage.py seed: load seeds/ into the registry (idempotent, atomic)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.services.seeding import SeedError, load_seeds


class Command(BaseCommand):
    help = "Load the curated seed data (countries, authorities, programs, organizations)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "seeds",
            help="Directory holding the seed JSON files (default: seeds/).",
        )

    def handle(self, *args, dir: Path, **options):
        try:
            report = load_seeds(dir)
        except SeedError as exc:
            raise CommandError(f"Seeding failed, nothing was written: {exc}") from exc
        self.stdout.write(str(report))
