"""The plain records every parser returns, whatever the file format.

A parser turns one official file into a `ParsedList`: the list's identity and date, and one
`EntityRecord` per organization (entity) in it. Nothing here touches the database; the upsert in
`registry.services.imports` compares these records with the registry and applies the difference.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field


class ParseError(Exception):
    """The file is empty, cut, malformed or unsafe. The message names the line or the element."""


SCRIPT_MAX = 20  # Alias.script
MAX_BYTES = 256 * 1024 * 1024  # the largest official XML (OFAC enhanced SDN) is ~100 MB


@dataclass(frozen=True)
class AliasRecord:
    name: str
    kind: str = "strong"  # an Alias.Kind value: strong, weak, former, translation
    script: str = ""  # e.g. Latin, Arabic; empty when the source does not say and it is Latin
    written: str = ""  # the list's text it was read from, when that held more names than this

    def __post_init__(self) -> None:
        # a script name the list spells at length ("Chinese Traditional") must still fit
        object.__setattr__(self, "script", self.script[:SCRIPT_MAX])


@dataclass
class EntityRecord:
    """One entity (organization) of an official list, as the list gives it."""

    key: str  # the list's own identifier: OFAC ent_num / uid, UN REFERENCE_NUMBER
    name: str
    programs: list[str]  # the list's program tags, e.g. ["FTO", "SDGT"] or ["Al-Qaida"]
    aliases: list[AliasRecord] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # country texts, as written in the file
    listed_on: dt.date | None = None  # the listing date, when the file carries one
    legal_authorities: list[str] = field(default_factory=list)
    description: str = ""  # narrative text kept on a new organization (e.g. UN COMMENTS1)
    extra_identifiers: list[tuple[str, str]] = field(default_factory=list)  # (scheme, value)
    entity_type: str = "entity"  # or individual / vessel / aircraft, when asked for (--include)
    where: str = ""  # "line 1234" or "<sdnEntry> #56": where the record is in the file


@dataclass
class ParsedList:
    """One official file, parsed: which list, as of when, and its entities."""

    format: str  # the import_list FORMAT, e.g. "ofac-sdn-csv"
    list_key: str  # which list this is, e.g. "ofac-sdn", "ofac-cons", "un-sc"
    title: str  # e.g. "OFAC SDN list (legacy CSV)"
    publisher: str
    file_name: str
    sha256: str
    list_date: dt.date | None  # the date the file gives for itself (None for legacy CSV)
    entities: list[EntityRecord]
    skipped: Counter = field(default_factory=Counter)  # e.g. {"individual": 6854}
    notes: list[str] = field(default_factory=list)  # e.g. companion files read, their sha256
    # read without the end mark that shows it whole (a legacy CSV's 0x1A, with --force): the
    # sanity rule then holds even with --force
    unsure_whole: bool = False
