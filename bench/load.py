"""Fill an empty registry database with the generated data, through the registry's write path.

    DATABASE_URL=... DJANGO_SECRET_KEY=... .venv/bin/python -m bench.load --n 100000 --out DIR

Runs in the project's virtualenv against the database DATABASE_URL names (SQLite or PostgreSQL):
migrates it, writes the reference rows (countries from the registry's own seed service,
authorities, programs, legal consequences) one by one with `save_with_history`, then the
organizations, names, country links, designations and events in batches with
`registry.services.bulk` (every row with its history row and change reason; a designation's dates
derived from its events). Refuses a database that already holds organizations. Writes
DIR/params.json (the questions to ask) and DIR/manifest.json (row counts, fingerprint, timings).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402

from bench import generate  # noqa: E402
from registry import models as m  # noqa: E402
from registry.services import bulk  # noqa: E402
from registry.services.history import save_with_history  # noqa: E402
from registry.services.seeding import SeedReport, seed_countries  # noqa: E402

REASON = "benchmark data (bench/generate.py)"
CHUNK = 2000  # organizations per batch


def fast_sqlite_writes(sender, connection, **kwargs) -> None:
    """Benchmark data can be rebuilt: skip the fsyncs of a bulk load (SQLite only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-200000")


connection_created.connect(fast_sqlite_writes)


def reference_rows() -> dict[str, m.Program]:
    seed_countries(SeedReport())
    authorities = {}
    for code, name, country in generate.AUTHORITIES:
        authority = m.Authority(code=code, name=name, country_id=country)
        authorities[code] = save_with_history(authority, reason=REASON)
    programs = {}
    for code, authority, _weight, review, petition, basis in generate.PROGRAMS:
        program = m.Program(
            code=code,
            name=f"{code} list",
            authority=authorities[authority],
            legal_basis=basis,
            review_period_years=review,
            petition_period_years=petition,
        )
        programs[code] = save_with_history(program, reason=REASON)
        for kind, title, citation in generate.CONSEQUENCES[code]:
            consequence = m.LegalConsequence(
                program=program, kind=kind, title=title, citation=citation, summary=title + "."
            )
            save_with_history(consequence, reason=REASON)
    return programs


def write_chunk(records: list[generate.OrgRecord], programs: dict[str, m.Program]) -> None:
    organizations = bulk.bulk_organizations(
        [
            m.Organization(name=r.name, slug=r.slug, kind=r.kind, description=r.description)
            for r in records
        ],
        reason=REASON,
    )
    aliases, links, designations = [], [], []
    for record, organization in zip(records, organizations, strict=True):
        for name, kind, script, language in record.aliases:
            aliases.append(
                m.Alias(
                    organization=organization,
                    name=name,
                    kind=kind,
                    script=script,
                    language=language,
                )
            )
        for code, role in record.countries:
            link = m.OrganizationCountry(organization=organization, country_id=code, role=role)
            links.append(link)
        for item in record.designations:
            events = [
                m.DesignationEvent(
                    kind=e.kind,
                    effective_on=e.effective_on,
                    effective_precision=e.precision,
                    signed_on=e.signed_on,
                    citation=e.citation,
                    document_number=e.document_number,
                    confidence="confirmed",
                )
                for e in item.events
            ]
            designation = m.Designation(organization=organization, program=programs[item.program])
            designations.append(bulk.NewDesignation(designation, events))
    bulk.bulk_aliases(aliases, reason=REASON)
    bulk.bulk_country_links(links, reason=REASON)
    bulk.bulk_designations(designations, reason=REASON)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="organizations")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="where params/manifest go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if m.Organization.objects.exists():
        sys.exit("load.py: the database already holds organizations; give it an empty one")
    migrated = time.perf_counter()
    with transaction.atomic():
        programs = reference_rows()
    collector = generate.ParamCollector(args.n, args.seed)
    chunk: list[generate.OrgRecord] = []
    for record in generate.organizations(args.n, args.seed):
        collector.add(record)
        chunk.append(record)
        if len(chunk) == CHUNK:
            with transaction.atomic():
                write_chunk(chunk, programs)
            chunk = []
            print(f"\r  {record.number:,} organizations", end="", file=sys.stderr, flush=True)
    if chunk:
        with transaction.atomic():
            write_chunk(chunk, programs)
    print(file=sys.stderr)
    loaded = time.perf_counter()
    analyze()
    ids = m.Organization.objects.order_by("id").values_list("id", flat=True)
    if ids.first() != 1 or ids.last() != args.n:
        sys.exit("load.py: organization ids are not 1..n; detail parameters would miss")
    counts = {
        model._meta.model_name: model.objects.count()
        for model in (
            m.Country,
            m.Authority,
            m.Program,
            m.LegalConsequence,
            m.Organization,
            m.Alias,
            m.OrganizationCountry,
            m.Designation,
            m.DesignationEvent,
        )
    }
    counts["designation_revoked"] = m.Designation.objects.filter(revoked_on__isnull=False).count()
    bulk_models = (m.Organization, m.Alias, m.OrganizationCountry, m.Designation)
    counts["history_rows"] = sum(model.history.count() for model in bulk_models)
    counts["history_rows"] += m.DesignationEvent.history.count()
    manifest = {
        "n": args.n,
        "seed": args.seed,
        "generator_version": generate.GENERATOR_VERSION,
        "fingerprint": collector.fingerprint(),
        "vendor": connection.vendor,
        "rows": counts,
        "seconds": {
            "migrate": round(migrated - started, 1),
            "load": round(loaded - migrated, 1),
            "analyze": round(time.perf_counter() - loaded, 1),
        },
    }
    (args.out / "params.json").write_text(
        json.dumps(collector.params(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(json.dumps(manifest), file=sys.stderr)


if __name__ == "__main__":
    main()
