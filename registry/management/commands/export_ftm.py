"""manage.py export_ftm DIR: the registry as FollowTheMoney entities, delta versions and
targets.simple.csv, in OpenSanctions' layout (registry/exports/ftm_files.py)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.exports.ftm_files import ExportError, export_ftm


def iso_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: {text!r} is not a day as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Write DIR/entities.ftm.json (FtM Organization and Sanction entities, JSON lines), "
        "DIR/targets.simple.csv and a new delta version (DIR/delta.json, "
        "DIR/<version>/entities.delta.json) of what changed since the previous run into DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--as-of",
            help="YYYY-MM-DD: the registry as it stood that day (full files only, no delta).",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The registry's public address (https://…): each organization's sourceUrl "
            "is then its API page there.",
        )
        parser.add_argument(
            "--version-url",
            default="",
            help="Where DIR is published (https://…/ftm): delta.json then gives each version's "
            "absolute URL, as yente expects; relative paths otherwise.",
        )

    def handle(self, *args, directory: Path, as_of, base_url, version_url, **options):
        day = iso_day(as_of) if as_of else None
        try:
            report = export_ftm(directory, as_of=day, base_url=base_url, version_url=version_url)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
