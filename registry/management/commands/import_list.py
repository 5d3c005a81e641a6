"""manage.py import_list FORMAT PATH: import an official list (see docs/importers.md)."""

import argparse
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.importers import (
    ENTRY_TYPES,
    FORMATS,
    MAX_BYTES,
    OFAC_LISTS,
    ParseError,
    parse_file,
)
from registry.services.imports import ImportAborted, import_list


def entry_types(text: str) -> frozenset[str]:
    types = frozenset(t.strip().lower() for t in text.split(",") if t.strip())
    if not types <= set(ENTRY_TYPES):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(ENTRY_TYPES)}")
    return types


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = (
        "Import an official list: ofac-sdn-csv (sdn.csv, with alt.csv/add.csv beside it), "
        "ofac-xml, ofac-enhanced-xml or un-xml. Entities only unless --include asks for more. "
        "Prints the diff; "
        "--dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("format", choices=FORMATS, help="The file's format.")
        parser.add_argument("path", type=Path, help="The file (for CSV: sdn.csv).")
        parser.add_argument(
            "--as-of",
            type=iso_date,
            help="The list's date (YYYY-MM-DD). Required for ofac-sdn-csv, which carries none; "
            "overrides the date an XML file gives itself.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the diff and write nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import even when the file holds more than 20%% fewer entities than the "
            "registry holds from its list (revoking what is missing); read a legacy CSV that "
            "lacks its end-of-file byte as whole (but not one that is also 20%% short).",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is an extract (e.g. one program): add and update what it holds, "
            "revoke nothing for entries it lacks.",
        )
        parser.add_argument(
            "--all-programs",
            action="store_true",
            help="Take every program of the list. By default only the terrorism programs are "
            "imported (OFAC FTO, SDGT, SDT; the UN's ISIL/Al-Qaida and Taliban lists) and the "
            "summary counts what was left out, per program tag.",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="Refuse at once when another import is running, instead of waiting for it.",
        )
        parser.add_argument(
            "--list",
            dest="ofac_list",
            choices=OFAC_LISTS,
            help="For OFAC XML: which list the file is (default: from the file).",
        )
        parser.add_argument(
            "--include",
            type=entry_types,
            default=frozenset(),
            metavar="TYPE[,TYPE]",
            help="Also import these entry types as organizations of kind 'other' "
            f"({', '.join(ENTRY_TYPES)}); entities are always imported.",
        )
        parser.add_argument(
            "--max-bytes", type=int, default=MAX_BYTES, help="Refuse larger files (bytes)."
        )
        parser.add_argument(
            "--show", type=int, default=10, help="Entries shown per section of the diff."
        )

    def handle(self, *args, format, path, as_of, dry_run, force, partial, ofac_list, **options):
        if format == "ofac-sdn-csv" and as_of is None:
            raise CommandError(
                "ofac-sdn-csv files carry no date: give the list's date with --as-of YYYY-MM-DD"
            )
        try:
            parsed = parse_file(
                format,
                path,
                ofac_list=ofac_list,
                max_bytes=options["max_bytes"],
                require_eof=not force,
                include=options["include"],
            )
            report = import_list(
                parsed,
                as_of=as_of,
                dry_run=dry_run,
                force=force,
                partial=partial,
                all_programs=options["all_programs"],
                wait=not options["no_wait"],
                progress=True,
            )
        except (ParseError, ImportAborted) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary(limit=options["show"]))
