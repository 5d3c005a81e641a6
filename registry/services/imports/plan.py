"""Planning an import: every insert, update and event, built in memory before any write.

`Planner.run` checks the sanity rule, compares each entity of the file with the snapshot of the
registry, fills a `write.Plan` and the `ImportReport` (the diff a dry run prints), validates every
new row's fields, and, for a real run, hands the plan to `write.write`.
"""

import datetime as dt
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from tqdm import tqdm

from ...importers.countries import country_code, is_empty_country
from ...importers.names import detect_script
from ...importers.programs import KNOWN_AUTHORITIES, TERRORISM_PROGRAMS, new_program_fields
from ...importers.programs import program_code as map_program
from ...importers.records import AliasRecord, EntityRecord, ParsedList
from ...importers.report import ImportReport
from ...models import (
    Alias,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
    Source,
)
from ...normalize import search_key
from .snapshot import Known, Snapshot, source_key
from .write import Plan, change_reason, write

SANITY_RATIO = 0.8  # a file with fewer than 80% of the entities the registry holds is suspect
NAME_MAX: int = Organization._meta.get_field("name").max_length or 0
# Validation of planned rows skips foreign keys: Django would query each one (they are
# resolved in the writer, and the database checks them).
FOREIGN_KEYS: dict[type[models.Model], list[str]] = {
    model: [f.name for f in model._meta.fields if f.is_relation]
    for model in (
        Organization,
        Identifier,
        Alias,
        OrganizationCountry,
        Designation,
        DesignationEvent,
    )
}


class ImportAborted(Exception):
    """The import was refused or failed; nothing was written. The message says why."""


class Planner(Snapshot):
    """Compares one parsed list with the registry; builds the `Plan` and its `ImportReport`."""

    def __init__(
        self,
        parsed: ParsedList,
        day: dt.date,
        *,
        partial: bool,
        progress: bool,
        all_programs: bool = False,
    ):
        super().__init__(parsed, day)
        self.partial, self.progress, self.all_programs = partial, progress, all_programs
        self.plan = Plan()
        self.matched: dict[int, str] = {}  # organization id -> the key of the entry found by name
        self.report = ImportReport(
            title=parsed.title,
            file_name=parsed.file_name,
            sha256=parsed.sha256,
            effective_on=day,
            entities=len(parsed.entities),
            skipped=parsed.skipped,
        )

    def run(self, *, force: bool, write_plan: bool, user=None) -> ImportReport:
        self.load()
        self.refuse_older_copy()
        self.entities = self.in_scope(self.parsed.entities)
        held = self.held_organizations()
        short = held and len(self.entities) < SANITY_RATIO * held
        unsure = self.parsed.unsure_whole  # no end mark: --force cannot vouch for it
        if short and not self.partial and (unsure or not force):
            remedy = (
                "it also lacks the end-of-file byte that would show it whole, so --force does "
                "not import it; --partial imports it and revokes nothing for missing entries"
                if unsure
                else "--force imports it and revokes what is missing; --partial imports it "
                "and revokes nothing for missing entries"
            )
            raise ImportAborted(
                f"{self.parsed.file_name}: the file holds {len(self.entities)} entities but "
                f"the registry holds {held} from the {self.info.title}: more than 20% fewer. It "
                f"looks cut or filtered; nothing was imported ({remedy})"
            )
        self.plan_all()
        self.count_and_validate()
        self.report.dry_run = not write_plan
        if write_plan and self.report.has_changes:
            reason = change_reason(self.parsed, self.day)
            write(self.plan, reason=reason, user=user)
        return self.report

    def refuse_older_copy(self) -> None:
        """A copy of the list older than one already imported whole would list again what the
        newer copy dropped: entries and tags it no longer carries would open designations in
        force to this day. Imports of one list go in the order of their days. A file imported
        before is of the day it was imported as, whatever later day it is given now (the same
        sha256: a copy saved again, or mislabelled)."""
        known = self.source.published_on if self.source is not None else None
        day = min(self.day, known) if known else self.day
        newer = (
            Source.objects.filter(
                key__startswith=f"{self.info.key}-", whole_list=True, published_on__gt=day
            )
            .order_by("-published_on")
            .first()
        )
        if newer is not None:
            given = (
                f"the copy the registry imported as of {day} (the same file, by its sha256), "
                f"given now as of {self.day}"
                if day != self.day
                else f"of {self.day}"
            )
            raise ImportAborted(
                f"{self.parsed.file_name}: this copy of the {self.info.title} is {given}, "
                f"older than the copy of {newer.published_on} the registry has imported whole "
                f"({newer.title}). Imported after it, it would list again what that copy "
                f"dropped, as if still in force; nothing was imported. Import the copies of a "
                f"list in the order of their days."
            )

    # -- planning -----------------------------------------------------------------------------
    def plan_all(self) -> None:
        grouped: dict[int, list[EntityRecord]] = defaultdict(list)
        unkeyed: list[EntityRecord] = []
        for record in self.entities:
            pk = self.by_key.get(record.key)
            (unkeyed if pk is None else grouped[pk]).append(record)
        new = self.match_by_name(unkeyed, grouped)
        with tqdm(
            total=len(self.entities),
            desc=f"comparing {self.parsed.file_name}",
            unit="entity",
            disable=not (self.progress and sys.stderr.isatty()),
        ) as bar:
            for record in new:
                self.plan_new(record)
                bar.update()
            for pk, records in grouped.items():
                self.plan_existing(pk, records)
                bar.update(len(records))
        if self.partial:
            return
        for key, pk in sorted(self.by_key.items()):
            if pk in grouped or key in self.out_of_scope:
                continue
            for known in self.known.get(pk, []):
                if known.revoked_on is None and self.held(known):
                    self.revoke(pk, known, f"entry {key} no longer in the list")

    def match_by_name(
        self, unkeyed: list[EntityRecord], grouped: dict[int, list[EntityRecord]]
    ) -> list[EntityRecord]:
        """Entries the registry does not know by this list's key, found by name; the rest.

        An entity whose name or strong alias has the search key of exactly one organization's
        name or non-weak alias, one the list does not key yet, enriches that organization: the
        key is attached and the names become aliases. One that matches several organizations,
        or an organization that several entries match, is left out and reported for review:
        the analyst adds the right key (seeds, admin) rather than the import guessing. An
        organization another entry of the list keys counts among the matches (the entry is
        then for review, as it was when neither was keyed: a second run answers as the first
        did) but is never enriched: matching only such organizations, the entry is another
        entity, a new organization, as are those that match none.
        """
        if not unkeyed:
            return []
        self.load_for_new()
        keyed = {pk: key for key, pk in sorted(self.by_key.items(), reverse=True)}
        claims: dict[int, list[EntityRecord]] = defaultdict(list)
        new: list[EntityRecord] = []
        for record in unkeyed:
            matches = self.name_matches(record)
            if not matches - keyed.keys():
                new.append(record)
            elif len(matches) > 1:
                found = "; ".join(
                    f"{self.other_names[pk]} (id {pk}"
                    + (f", {self.info.scheme} {keyed[pk]})" if pk in keyed else ")")
                    for pk in sorted(matches)
                )
                self.report.review.append(
                    f"{record.name} [{record.key}] matches {found}: not imported; give the right "
                    f"organization the {self.info.scheme} {record.key}"
                )
            else:
                claims[matches.pop()].append(record)
        for pk, records in sorted(claims.items()):
            if len(records) > 1:
                entries = ", ".join(f"{r.name} [{r.key}]" for r in records)
                self.report.review.append(
                    f"{entries} all match {self.other_names[pk]} (id {pk}): not imported; give "
                    f"it the right {self.info.scheme}"
                )
                continue
            record = records[0]
            self.by_key[record.key] = pk
            grouped[pk] = records
            self.matched[pk] = record.key
        if self.matched:
            self.load_organizations(list(self.matched))
        return new

    def name_matches(self, record: EntityRecord) -> set[int]:
        if record.entity_type != "entity":
            return set()
        matches: set[int] = set()
        for alias in [AliasRecord(record.name), *record.aliases]:
            if alias.kind != Alias.Kind.WEAK:
                matches |= self.match_index.get(search_key(alias.name), set())
        return matches

    def plan_new(self, record: EntityRecord) -> None:
        self.load_for_new()
        label = f"{record.name} [{record.key}]"
        name = record.name
        if len(name) > NAME_MAX:
            self.report.warnings.append(f"{label}: name cut to {NAME_MAX} characters")
            name = name[: NAME_MAX - 1] + "…"
        codes = self.program_codes(record)
        armed = record.entity_type == "entity" and {"US-FTO", "UN-1267", "UN-1988"} & set(codes)
        org = Organization(
            name=name,
            slug=self.slug_for(name),
            search_key=search_key(name),
            kind=Organization.Kind.ARMED_GROUP if armed else Organization.Kind.OTHER,
            description=record.description,
        )
        self.plan.organizations.append(org)
        self.plan.identifiers.append(
            Identifier(organization=org, scheme=self.info.scheme, value=record.key)
        )
        self.add_extra_identifiers(org, record, label)
        self.add_aliases(org, {name.casefold()}, record.aliases)
        _, unmapped = self.add_countries(org, None, record, label)
        org.description = "\n".join(filter(None, [org.description, *unmapped]))
        opened = [
            self.designate(org, [], code, tag, record, label)
            for code, tag in codes.items()
            if self.may_open(code, tag, label)
        ]
        held = "no designation opened (its tags are for review: below)" if codes else "no tags"
        self.report.added.append(f"{label}: " + (", ".join(opened) or held))

    def plan_existing(self, pk: int, records: list[EntityRecord]) -> None:
        name, description = self.org_rows[pk]
        # what the writer checks, under a row lock, before it writes from it (write.check_read)
        self.plan.read[pk] = (name, description)
        label = f"{name} [{', '.join(r.key for r in records)}]"
        # A reference for foreign keys, with the name new designations copy; nothing of it is saved.
        org = Organization(pk=pk, name=name)
        changes: Counter = Counter()
        codes: dict[str, str] = {}
        tags_of: dict[str, EntityRecord] = {}
        for record in records:
            for code, tag in self.program_codes(record).items():
                codes.setdefault(code, tag)
                tags_of.setdefault(code, record)
            listed_name = AliasRecord(record.name, Alias.Kind.STRONG, detect_script(record.name))
            changes["aliases"] += self.add_aliases(
                org, self.names[pk], [listed_name, *record.aliases], label
            )
            changes["identifiers"] += self.add_extra_identifiers(org, record, label, pk=pk)
            linked, unmapped = self.add_countries(org, pk, record, label)
            changes["countries"] += linked
            missing = [line for line in unmapped if line not in description]
            if missing:
                description = "\n".join(filter(None, [description, *missing]))
                self.plan.descriptions[pk] = description
                changes["description"] = 1
        changes["aliases no longer listed"] = self.delist_aliases(pk, records)
        if pk in self.matched:
            self.plan.identifiers.append(
                Identifier(organization=org, scheme=self.info.scheme, value=self.matched[pk])
            )
        known = self.known.get(pk, [])
        opened = []
        for code, tag in codes.items():
            present = any(
                d.program == code and (d.revoked_on is None or d.revoked_on > self.day)
                for d in known
            )
            if not present and self.may_open(code, tag, label):
                opened.append(self.designate(org, known, code, tag, tags_of[code], label))
        for d in known:
            if (
                d.revoked_on is None
                and d.program not in codes
                and self.in_scope_program(d.program)
                and self.held(d)
            ):
                self.revoke(pk, d, f"entry {records[0].key} no longer tagged for {d.program}")
        parts = [f"+{code_from}" for code_from in opened]
        if pk in self.matched:
            parts.insert(0, f"+{self.info.scheme} {self.matched[pk]} (found by name)")
        parts += [f"+{n} {what}" for what, n in changes.items() if n]
        if parts:
            self.report.changed.append(f"{label}: " + ", ".join(parts))

    def in_scope(self, entities: list[EntityRecord]) -> list[EntityRecord]:
        """The entries (with the tags) the import takes: every one with --all-programs, else
        those tagged with a terrorism program, without their other tags. What is left out is
        counted in the report, per tag; an entry left out is not missing (nothing is revoked)."""
        self.out_of_scope: set[str] = set()
        if self.all_programs:
            return entities
        kept = []
        for record in entities:
            tags = [
                tag
                for tag in record.programs
                if map_program(self.info.key, tag)[0] in TERRORISM_PROGRAMS
            ]
            for tag in record.programs:
                if tag not in tags:
                    self.report.skipped_programs[tag] += 1
            if tags:
                kept.append(record if tags == record.programs else replace(record, programs=tags))
            else:
                self.out_of_scope.add(record.key)
                self.report.skipped_entries += 1
        return kept

    def in_scope_program(self, code: str) -> bool:
        return self.all_programs or code in TERRORISM_PROGRAMS

    def delist_aliases(self, pk: int, records: list[EntityRecord]) -> int:
        """Mark the aliases an earlier file of this list gave and this one no longer carries
        (delisted_on = the file's date); clear the mark of one that is listed again. An alias is
        carried when its search key is within one of the entry's names, as the list writes them:
        the UN writes several names in one ("جبهة النصرة (the Victory Front; ...)", "Ansar al
        Charia in Libya (ASL)"), which the registry may hold apart or together. An alias in a
        script none of the entry's names is written in is not judged (the Russian edition's
        names, against the English file). A file
        older than the one that gave an alias (or stopped carrying it) changes nothing of it: an
        import of a 2024 file does not end the names a 2026 file gives; nor does any file end a
        name from a copy of the list whose day is unknown (its source has no `published_on`). A
        legacy sdn.csv read without its alt.csv carries only part of the names: it delists
        nothing."""
        if self.parsed.format == "ofac-sdn-csv" and not any(
            note.startswith("read alt.csv") for note in self.parsed.notes
        ):
            return 0
        names = [r.name for r in records]
        names += [text for r in records for a in r.aliases for text in (a.name, a.written) if text]
        keys = [search_key(name) for name in names]
        scripts = {detect_script(name) for name in names}
        delisted = 0
        for alias in self.list_aliases.get(pk, []):
            if alias.id in self.renamed:
                continue  # an analyst's spelling: the list writes the name as it was
            if alias.listed_on is None or alias.listed_on > self.day:
                continue  # from a later file, or one of an unknown day: this one may be older
            if alias.script not in scripts:
                continue  # the file writes none of its names in that script (another edition)
            carried = bool(alias.key) and any(alias.key in key for key in keys)
            if not carried and alias.delisted_on is None:
                self.plan.delistings[alias.id] = self.day
                delisted += 1
            elif carried and alias.delisted_on and alias.delisted_on <= self.day:
                self.plan.delistings[alias.id] = None
        return delisted

    def program_codes(self, record: EntityRecord) -> dict[str, str]:
        """Registry program code -> the list's tag; unknown programs are planned and reported."""
        codes: dict[str, str] = {}
        for tag in record.programs:
            code, mapped = map_program(self.info.key, tag)
            codes.setdefault(code, tag)
            if code in self.programs or code in self.plan.programs:
                continue
            fields = new_program_fields(code, tag, self.info)
            self.plan.programs[code] = fields
            self.need_authority(fields["authority"])
            why = "" if mapped else f" (tag {tag!r} is not in the mapping table)"
            self.report.warnings.append(f"program {code} created under {fields['authority']}{why}")
        return codes

    def may_open(self, code: str, tag: str, label: str) -> bool:
        """False, with a line for review, when another authority keeps the program's record and
        the registry curates it (ListInfo.recorded_elsewhere)."""
        if code not in self.curated:
            return True
        self.report.review.append(
            f"{label}: tagged {tag} in the {self.info.title}, but the registry's {code} record "
            f"does not hold it: not designated; check the program's own record"
        )
        return False

    def need_authority(self, code: str) -> None:
        if code in self.authorities or code in self.plan.authorities:
            return
        fields = KNOWN_AUTHORITIES[code]
        self.plan.authorities[code] = fields
        if fields["country"] and fields["country"] not in self.country_codes:
            self.plan.countries.add(fields["country"])
        self.report.warnings.append(f"authority {code} created ({fields['name']})")

    def slug_for(self, name: str) -> str:
        # the rule of services.organizations.unique_slug, against slugs loaded once (no query)
        base = slugify(anyascii(name))[:100] or "organization"
        slugs = self.loaded_slugs()
        slug, n = base, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        return slug

    def add_aliases(
        self, org: Organization, names: set[str], aliases: Iterable[AliasRecord], label: str = ""
    ) -> int:
        """Add the list's names the organization lacks, but not one an analyst took away in the
        admin (deleted, or renamed): that edit stands, and is reported."""
        added = 0
        withdrawn = self.withdrawn.get(org.pk, {}) if org.pk else {}
        for alias in aliases:
            folded = alias.name.casefold()
            if not alias.name or folded in names:
                continue
            names.add(folded)
            edit = withdrawn.get(search_key(alias.name))
            if edit:
                self.report.review.append(
                    f'{label}: the list gives "{alias.name}", which an analyst took away '
                    f"({edit}): kept as the analyst left it"
                )
                continue
            if len(alias.name) > NAME_MAX:
                self.report.warnings.append(
                    f"alias longer than {NAME_MAX} characters left out: {alias.name[:60]}…"
                )
                continue
            self.plan.aliases.append(
                Alias(
                    organization=org,
                    name=alias.name,
                    search_key=search_key(alias.name),
                    kind=alias.kind,
                    script=alias.script,
                )
            )
            added += 1
        return added

    def add_extra_identifiers(self, org, record: EntityRecord, label: str, pk=None) -> int:
        added = 0
        for scheme, value in record.extra_identifiers:
            owner = self.extra_ids.get((scheme, value))
            if owner is None:
                self.extra_ids[(scheme, value)] = pk if pk is not None else org
                self.plan.identifiers.append(
                    Identifier(organization=org, scheme=scheme, value=value)
                )
                added += 1
            elif owner is not org and owner != pk:
                self.report.warnings.append(
                    f"{label}: {scheme} {value} already identifies another organization; not added"
                )
        return added

    def add_countries(self, org, pk: int | None, record: EntityRecord, label: str):
        """Link the mapped countries; return (links added, lines for unmapped texts)."""
        added, unmapped = 0, []
        for text in record.countries:
            if is_empty_country(text):
                continue
            code = country_code(text)
            if code is None:
                unmapped.append(f"Country given by the {self.info.title}: {text} (no ISO code)")
                self.report.warnings.append(
                    f"{label}: country {text!r} maps to no ISO country; kept in the description"
                )
                continue
            link = (pk if pk is not None else id(org), code, OrganizationCountry.Role.BASE)
            if link in self.links:
                continue
            self.links.add(link)
            if code not in self.country_codes:
                self.plan.countries.add(code)
            self.plan.country_links.append(
                OrganizationCountry(
                    organization=org,
                    country_id=code,
                    role=OrganizationCountry.Role.BASE,
                    confidence="confirmed",
                )
            )
            added += 1
        return added, unmapped

    def designate(self, org, known: list[Known], code: str, tag: str, record, label: str) -> str:
        start, confidence = self.day, "inferred"
        note = (
            f"Program tag {tag} in the {self.parsed.title} {self.parsed.file_name} as of "
            f"{self.day}; the file gives no listing date, so this is the first date the registry "
            f"saw it."
        )
        ended = max(
            (d.revoked_on for d in known if d.program == code and d.revoked_on), default=None
        )
        if (
            record.listed_on
            and record.listed_on <= self.day
            and not (ended and record.listed_on < ended)
        ):
            start, confidence = record.listed_on, "confirmed"
            note = (
                f"Listed on {record.listed_on} (program tag {tag}) in the {self.parsed.title} "
                f"{self.parsed.file_name} as of {self.day}."
            )
        if record.legal_authorities:
            note += f" Legal authority: {'; '.join(record.legal_authorities)}."
        # organization_name: the copy Designation.save() would make (bulk inserts skip save()).
        designation = Designation(organization=org, organization_name=org.name, designated_on=start)
        self.plan.designations.append((designation, code))
        self.plan.events.append(
            DesignationEvent(
                designation=designation,
                kind=DesignationEvent.Kind.DESIGNATED,
                effective_on=start,
                confidence=confidence,
                note=note,
            )
        )
        self.report.designated.append(f"{label}: {code} from {start}")
        return f"{code} from {start}"

    def revoke(self, pk: int, known: Known, why: str) -> None:
        if known.id in self.plan.revocations:
            return
        name = self.org_rows[pk][0]
        if known.designated_on and known.designated_on > self.day:
            self.report.warnings.append(
                f"{name}: {known.program} not revoked ({why}): it took effect "
                f"{known.designated_on}, after this file's date"
            )
            return
        self.plan.revocations[known.id] = self.day
        self.plan.read.setdefault(pk, self.org_rows[pk])
        self.plan.events.append(
            DesignationEvent(
                designation_id=known.id,
                kind=DesignationEvent.Kind.REVOKED,
                effective_on=self.day,
                confidence="inferred",
                note=(
                    f"{why[0].upper()}{why[1:]} in the {self.parsed.title} "
                    f"{self.parsed.file_name} as of {self.day} (revoked on or before that date)."
                ),
            )
        )
        self.report.revoked.append(f"{name}: {known.program} revoked as of {self.day} ({why})")

    def count_and_validate(self) -> None:
        plan, inserts = self.plan, self.report.inserts
        rows: dict[str, Sequence[models.Model]] = {
            "organizations": plan.organizations,
            "identifiers": plan.identifiers,
            "aliases": plan.aliases,
            "organization_countries": plan.country_links,
            "designations": [d for d, _ in plan.designations],
            "designation_events": plan.events,
        }
        for table, objects in rows.items():
            inserts[table] = len(objects)
            for obj in objects:
                try:
                    obj.clean_fields(exclude=FOREIGN_KEYS[type(obj)])
                except ValidationError as exc:
                    raise ImportAborted(f"{self.parsed.file_name}: {table}: {obj}: {exc}") from exc
        inserts["designation_event_sources"] = len(plan.events)
        inserts["countries"] = len(plan.countries)
        inserts["authorities"] = len(plan.authorities)
        inserts["programs"] = len(plan.programs)
        self.report.updates["designations"] = len(plan.revocations)
        self.report.updates["organizations"] = len(plan.descriptions)
        self.report.updates["aliases"] = len(plan.delistings)
        whole = not self.partial  # recorded, so that an older copy is refused after it
        if self.source is None and (plan.events or plan.aliases or plan.country_links or whole):
            inserts["sources"] = 1
            self.source = Source(
                whole_list=whole,
                key=source_key(self.parsed),
                title=f"{self.parsed.title}: {self.parsed.file_name}, as of {self.day}"[:300],
                publisher=self.parsed.publisher,
                published_on=self.day,
                kind=Source.Kind.OFFICIAL_LIST,
                reliability=Source.Reliability.OFFICIAL,
                sha256=self.parsed.sha256,
                note="\n".join(self.parsed.notes),
            )
        elif self.source is not None and whole and not self.source.whole_list:
            self.source.whole_list = plan.source_now_whole = True  # read before as partial
            self.report.updates["sources"] = 1
        plan.source = self.source
