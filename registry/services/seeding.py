"""Load the curated seed data in seeds/ (see seeds/README.md for the file formats).

Seeding adds what is missing and leaves what exists alone, matching rows by their natural keys
(country code, authority/program code, source key, organization slug, alias name, designation by
program and effective date, event by kind and date). Running it twice gives the same rows, and an
analyst's later correction in the admin is never overwritten by a re-seed. Everything loads in one
transaction: a broken record leaves the database as it was and names the file and the record.
"""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..dates import parse_partial_date
from ..models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    LegalConsequence,
    Organization,
    OrganizationCountry,
    Program,
    Source,
)
from .designations import designation_add_event, designation_create
from .history import save_with_history
from .organizations import alias_add, country_link_add, identifier_add, organization_create

# What seeds/ holds, in load order: a file is a JSON list of records; a directory holds JSON
# files, each a list of records (sources/, grouped by kind) or one record (organizations/, one
# file per organization, named by its slug).
SEED_PARTS = ("sources", "authorities.json", "programs.json", "organizations")


class SeedError(Exception):
    """A seed record could not be loaded; the message names the file and the record."""


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] += n

    def __str__(self) -> str:
        if not self.created:
            return "Nothing to add: the registry already holds every seed record."
        parts = ", ".join(f"{n} {what}" for what, n in sorted(self.created.items()))
        return f"Added {parts}."


def seed_files(directory: Path, part: str) -> list[Path]:
    path = directory / part
    if path.is_dir():
        return sorted(path.glob("*.json"))
    if not path.exists():
        raise SeedError(f"{path}: not found")
    return [path]


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of one seed file (a list, or one record), or a SeedError naming the line."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SeedError(f"{path}: line {exc.lineno}: {exc.msg}") from exc
    if isinstance(records, dict):
        return [records]
    if not isinstance(records, list):
        raise SeedError(f"{path}: expected a JSON record or a list of records")
    return records


def load_seeds(directory: Path, *, user=None) -> SeedReport:
    report = SeedReport()
    with transaction.atomic():
        seed_countries(report, user=user)
        for part in SEED_PARTS:
            loader = LOADERS[part]
            for path in seed_files(directory, part):
                name = path.relative_to(directory).as_posix()
                reason = f"seed: {name}"
                for index, record in enumerate(read_records(path), start=1):
                    label = record.get("slug") or record.get("code") or record.get("key") or "?"
                    try:
                        with transaction.atomic():
                            loader(record, report=report, reason=reason, user=user)
                    except (
                        KeyError,
                        TypeError,
                        ValueError,
                        ValidationError,
                        IntegrityError,
                        Country.DoesNotExist,
                        Program.DoesNotExist,
                        Authority.DoesNotExist,
                        Source.DoesNotExist,
                    ) as exc:
                        raise SeedError(
                            f"{name}: record {index} ({label}): {describe(exc)}"
                        ) from exc
    return report


def describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    if isinstance(exc, KeyError):
        return f"missing field {exc}"
    return str(exc)


def seed_countries(report: SeedReport, *, user=None) -> None:
    """Every ISO 3166-1 country, from pycountry."""
    existing = set(Country.objects.values_list("code", flat=True))
    for entry in pycountry.countries:
        if entry.alpha_2 not in existing:
            name = getattr(entry, "common_name", None) or entry.name
            save_with_history(
                Country(code=entry.alpha_2, name=name), reason="seed: pycountry", user=user
            )
            report.add("countries")


def load_source(record: dict[str, Any], *, report: SeedReport, reason: str, user) -> None:
    if Source.objects.filter(key=record["key"]).exists():
        return
    published = record.get("published_on")
    if published and len(published) != len("YYYY-MM-DD"):
        # a source's day is a day: the first of a month or a year would be one it never gave
        raise SeedError(
            f"source {record['key']}: published_on {published!r} is not a day (YYYY-MM-DD);"
            " write null and give the month or year in its note"
        )
    source = Source(
        key=record["key"],
        title=record["title"],
        publisher=record.get("publisher", ""),
        url=record.get("url", ""),
        published_on=dt.date.fromisoformat(published) if published else None,
        kind=record.get("kind", Source.Kind.OTHER),
        reliability=record.get("reliability", Source.Reliability.UNVERIFIED),
        sha256=record.get("sha256", ""),
        note=record.get("note", ""),
    )
    save_with_history(source, reason=reason, user=user)
    report.add("sources")


def load_authority(record: dict[str, Any], *, report: SeedReport, reason: str, user) -> None:
    if Authority.objects.filter(code=record["code"]).exists():
        return
    country = Country.objects.get(code=record["country"]) if record.get("country") else None
    authority = Authority(
        code=record["code"], name=record["name"], country=country, url=record.get("url", "")
    )
    save_with_history(authority, reason=reason, user=user)
    report.add("authorities")


def load_program(record: dict[str, Any], *, report: SeedReport, reason: str, user) -> None:
    program = Program.objects.filter(code=record["code"]).first()
    if program is None:
        program = Program(
            code=record["code"],
            name=record["name"],
            authority=Authority.objects.get(code=record["authority"]),
            legal_basis=record["legal_basis"],
            description=record.get("description", ""),
            url=record.get("url", ""),
            review_period_years=record.get("review_period_years"),
            petition_period_years=record.get("petition_period_years"),
        )
        save_with_history(program, reason=reason, user=user)
        report.add("programs")
    known = set(program.consequences.values_list("title", flat=True))
    for item in record.get("consequences", []):
        if item["title"] in known:
            continue
        consequence = LegalConsequence(
            program=program,
            kind=item["kind"],
            title=item["title"],
            citation=item["citation"],
            summary=item["summary"],
            source_url=item.get("source_url", ""),
        )
        save_with_history(consequence, reason=reason, user=user)
        report.add("legal consequences")


def load_organization(record: dict[str, Any], *, report: SeedReport, reason: str, user) -> None:
    organization = Organization.objects.filter(slug=record["slug"]).first()
    if organization is None:
        organization = organization_create(
            name=record["name"],
            slug=record["slug"],
            kind=record.get("kind", Organization.Kind.ARMED_GROUP),
            description=record.get("description", ""),
            reason=reason,
            user=user,
        )
        report.add("organizations")
    elif record.get("description") and not organization.description:
        # a description the seeds learnt since: added where the registry has none, never changed
        organization.description = record["description"]
        save_with_history(organization, reason=reason, user=user)
        report.add("descriptions")
    aliases = {alias.name: alias for alias in organization.aliases.all()}
    for item in record.get("aliases", []):
        listed_on = parse_day(item.get("listed_on"))
        if item.get("listed_on_source"):  # the day's evidence: a seeds/sources key, checked
            Source.objects.get(key=item["listed_on_source"])
        alias = aliases.get(item["name"])
        if alias is None:
            aliases[item["name"]] = alias_add(
                organization=organization,
                name=item["name"],
                kind=item.get("kind", Alias.Kind.STRONG),
                script=item.get("script", ""),
                language=item.get("language", ""),
                source=source_of(item),
                listed_on=listed_on,
                reason=reason,
                user=user,
            )
            report.add("aliases")
        elif listed_on and alias.listed_on is None:  # a day the seeds learnt since: added
            alias.listed_on = listed_on
            save_with_history(alias, reason=reason, user=user)
            report.add("names' listing days")
    for item in record.get("countries", []):
        role = item.get("role", OrganizationCountry.Role.BASE)
        if not organization.country_links.filter(country_id=item["code"], role=role).exists():
            country_link_add(
                organization=organization,
                country=Country.objects.get(code=item["code"]),
                role=role,
                confidence=item.get("confidence", "reported"),
                source=source_of(item),
                reason=reason,
                user=user,
            )
            report.add("country links")
    for item in record.get("identifiers", []):
        if not Identifier.objects.filter(scheme=item["scheme"], value=item["value"]).exists():
            identifier_add(
                organization=organization,
                scheme=item["scheme"],
                value=item["value"],
                reason=reason,
                user=user,
            )
            report.add("identifiers")
    for item in record.get("designations", []):
        load_designation(organization, item, report=report, reason=reason, user=user)


def source_of(item: dict[str, Any]) -> Source | None:
    """The source an alias or a country link cites (`"source": key`), if any."""
    return Source.objects.get(key=item["source"]) if item.get("source") else None


def parse_day(text: str | None) -> dt.date | None:
    """A seed's full day (`YYYY-MM-DD`), or None."""
    return dt.date.fromisoformat(text) if text else None


def event_fields(item: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "citation": item.get("citation", ""),
        "document_number": item.get("document_number", ""),
        "confidence": item.get("confidence", "reported"),
        "note": item.get("note", ""),
        "sources": [Source.objects.get(key=key) for key in item.get("sources", [])],
    }
    for name in ("signed", "announced", "effective"):
        text = item.get(f"{name}_on")
        if text:
            fields[f"{name}_on"], fields[f"{name}_precision"] = parse_partial_date(text)
        else:
            fields[f"{name}_on"] = None
    return fields


def seeded_designation(
    organization: Organization, program: Program, day: dt.date | None
) -> Designation | None:
    """The designation a seed record that begins on `day` describes: the one that began that
    day, or whose date, known to the month or the year, holds it (a seed record made more
    precise since: "2002-05" is now "2002-05-02"). A re-seed keeps the registry's date."""
    designations = Designation.objects.filter(organization=organization, program=program)
    if day is None:
        return designations.filter(designated_on=None).first()
    held = designations.filter(designated_on__lte=day, designated_by__gte=day)
    return held.order_by("designated_on", "id").first()


def load_designation(
    organization: Organization, item: dict[str, Any], *, report: SeedReport, reason: str, user
) -> None:
    events = sorted(item["events"], key=lambda e: e["kind"] != DesignationEvent.Kind.DESIGNATED)
    if not events or events[0]["kind"] != DesignationEvent.Kind.DESIGNATED:
        raise ValueError(f"designation under {item['program']} has no designated event")
    program = Program.objects.get(code=item["program"])
    start = event_fields(events[0])
    designation = seeded_designation(organization, program, start["effective_on"])
    if designation is None:
        designation = designation_create(
            organization=organization,
            program=program,
            designation_note=item.get("note", ""),
            reason=reason,
            user=user,
            **start,
        )
        report.add("designations")
        report.add("events")
    for event in events[1:]:
        fields = event_fields(event)
        exists = designation.events.filter(
            kind=event["kind"], effective_on=fields["effective_on"]
        ).exists()
        if not exists:
            designation_add_event(
                designation=designation, kind=event["kind"], reason=reason, user=user, **fields
            )
            report.add("events")


LOADERS = {
    "sources": load_source,
    "authorities.json": load_authority,
    "programs.json": load_program,
    "organizations": load_organization,
}
