"""What the registry holds for one official list, read in a fixed number of queries.

The planner needs, for the organizations the list keys (by ofac-ent-num or un-ref): their names
and aliases, country links, designations (and whether an event of each cites a file of this list),
plus the program, authority and country codes, and, only when the file has new entities, every slug
and every name's search key (for probable matches). Each is one query, whatever the file's size.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from ...importers.names import detect_script
from ...importers.programs import LISTS, ListInfo
from ...importers.records import ParsedList
from ...models import (
    Alias,
    Authority,
    Country,
    Designation,
    DesignationEvent,
    Identifier,
    Organization,
    OrganizationCountry,
    Program,
    Source,
)
from ...normalize import search_key

SOURCE_KINDS = {"ofac-sdn-csv": "csv", "ofac-xml": "xml", "ofac-enhanced-xml": "enhanced-xml"}


def source_key(parsed: ParsedList) -> str:
    """The file's Source key, e.g. "ofac-sdn-csv-<sha256[:12]>" (list key first: see held())."""
    kind = SOURCE_KINDS.get(parsed.format, "xml")
    return f"{parsed.list_key}-{kind}-{parsed.sha256[:12]}"


@dataclass
class Known:
    """One designation the registry holds for an organization the list keys."""

    id: int
    program: str
    designated_on: dt.date | None
    revoked_on: dt.date | None
    from_list: bool  # an event of it cites a file of this list


@dataclass
class ListAlias:
    """An alias a file of the list gave: its search key and script, the day of that file (its
    source's date) and the day a later file stopped carrying it."""

    id: int
    key: str
    script: str
    listed_on: dt.date | None
    delisted_on: dt.date | None


class Snapshot:
    """The registry as one list's import sees it."""

    def __init__(self, parsed: ParsedList, day: dt.date):
        self.parsed, self.day = parsed, day
        self.info: ListInfo = LISTS[parsed.list_key]

    def load(self) -> None:
        keyed = Identifier.objects.filter(scheme=self.info.scheme)
        self.by_key: dict[str, int] = dict(keyed.values_list("value", "organization_id"))
        self.org_rows: dict[int, tuple[str, str]] = {}
        self.names: dict[int, set[str]] = defaultdict(set)
        self.links: set[tuple] = set()
        # organization -> the aliases a file of this list gave (`ListAlias`)
        self.list_aliases: dict[int, list[ListAlias]] = defaultdict(list)
        self.known: dict[int, list[Known]] = defaultdict(list)
        # organization -> search key -> how an analyst took the name away; aliases renamed
        self.withdrawn: dict[int, dict[str, str]] = defaultdict(dict)
        self.renamed: set[int] = set()
        self.load_organizations(keyed.values("organization_id"))
        self.curated: set[str] = set(
            Designation.objects.filter(program__code__in=self.info.recorded_elsewhere)
            .exclude(Exists(self.cites_list()))
            .values_list("program__code", flat=True)
            .distinct()
        )
        self.programs = set(Program.objects.values_list("code", flat=True))
        self.authorities = set(Authority.objects.values_list("code", flat=True))
        self.country_codes = set(Country.objects.values_list("code", flat=True))
        schemes = {scheme for e in self.parsed.entities for scheme, _ in e.extra_identifiers}
        self.extra_ids: dict[tuple[str, str], object] = {
            (scheme, value): pk
            for scheme, value, pk in Identifier.objects.filter(scheme__in=schemes).values_list(
                "scheme", "value", "organization_id"
            )
        }
        self.source = Source.objects.filter(key=source_key(self.parsed)).first()
        self.slugs: set[str] | None = None  # loaded only when the file has new entities

    def loaded_slugs(self) -> set[str]:
        self.load_for_new()
        assert self.slugs is not None
        return self.slugs

    def load_organizations(self, organizations) -> None:
        """Names, country links and designations of `organizations` (a subquery or ids): the
        ones the list keys, then those an entry is matched to by name. Four queries."""
        for pk, name, description in Organization.objects.filter(pk__in=organizations).values_list(
            "id", "name", "description"
        ):
            self.org_rows[pk] = (name, description)
            self.names[pk].add(name.casefold())
        for alias_id, pk, name, source_key_, listed_on, delisted_on in Alias.objects.filter(
            organization__in=organizations
        ).values_list(
            "id", "organization_id", "name", "source__key", "source__published_on", "delisted_on"
        ):
            self.names[pk].add(name.casefold())
            if (source_key_ or "").startswith(f"{self.info.key}-"):
                script = detect_script(name)
                alias = ListAlias(alias_id, search_key(name), script, listed_on, delisted_on)
                self.list_aliases[pk].append(alias)
        self.load_analyst_edits(organizations)
        self.links |= set(
            OrganizationCountry.objects.filter(organization__in=organizations).values_list(
                "organization_id", "country_id", "role"
            )
        )
        for pk, org, program, start, end, cited in (
            Designation.objects.filter(organization__in=organizations)
            .annotate(from_list=Exists(self.cites_list()))
            .values_list(
                "id", "organization_id", "program__code", "designated_on", "revoked_on", "from_list"
            )
            .order_by("id")
        ):
            self.known[org].append(Known(pk, program, start, end, cited))

    def load_analyst_edits(self, organizations) -> None:
        """The names an analyst took away in the admin (an alias deleted, or renamed: its name
        before), by organization, with who and when (`withdrawn`), and the aliases an analyst
        renamed (`renamed`): an import neither gives such a name back nor ends the renamed
        alias, whose name the list no longer writes as the analyst does. One query."""
        before: dict[int, str] = {}  # alias id -> its name as the previous history row had it
        rows = (
            Alias.history.filter(organization__in=organizations)
            .order_by("history_id")
            .values_list(
                "id",
                "organization_id",
                "name",
                "history_type",
                "history_change_reason",
                "history_date",
                "history_user__username",
            )
        )
        for alias_id, pk, name, kind, reason, when, who in rows:
            previous = before.get(alias_id, name)
            before[alias_id] = name
            if not (reason or "").startswith("admin:"):
                continue
            by = f"{who or 'an analyst'} on {when:%Y-%m-%d}"
            if kind == "-":
                self.withdrawn[pk][search_key(name)] = f'"{name}" deleted by {by}'
            elif kind == "~" and search_key(previous) != search_key(name):
                self.withdrawn[pk][search_key(previous)] = f'"{previous}" renamed "{name}" by {by}'
                self.renamed.add(alias_id)

    def cites_list(self):
        """An event of the outer designation cites a file of this list."""
        return DesignationEvent.objects.filter(
            designation=OuterRef("pk"),
            sources__kind=Source.Kind.OFFICIAL_LIST,
            sources__key__startswith=f"{self.info.key}-",
        )

    def load_for_new(self) -> None:
        """Slugs, and every organization's names by search key (for probable matches)."""
        if self.slugs is not None:
            return
        self.slugs = set(Organization.objects.values_list("slug", flat=True))
        self.match_index: dict[str, set[int]] = defaultdict(set)
        self.other_names: dict[int, str] = {}
        for pk, name, key in Organization.objects.values_list("id", "name", "search_key"):
            self.match_index[key].add(pk)
            self.other_names[pk] = name
        for pk, key in Alias.objects.exclude(kind=Alias.Kind.WEAK).values_list(
            "organization_id", "search_key"
        ):
            self.match_index[key].add(pk)

    def held(self, known: Known) -> bool:
        """Whether this list is the record of the designation (see ListInfo.owned_programs)."""
        return known.program in self.info.owned_programs or known.from_list

    def in_scope_program(self, code: str) -> bool:
        return True

    def held_organizations(self) -> int:
        return sum(
            1
            for designations in self.known.values()
            if any(
                d.revoked_on is None
                and (d.designated_on is None or d.designated_on <= self.day)
                and self.held(d)
                and self.in_scope_program(d.program)
                for d in designations
            )
        )
