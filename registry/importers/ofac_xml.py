"""OFAC legacy XML: sdn.xml and consolidated.xml (<sdnList> with <sdnEntry> elements).

The file dates itself (<publshInformation><Publish_Date>05/06/2024) and counts its entries
(<Record_Count>), which is checked. sdn.xml is the SDN list; consolidated.xml is the Consolidated
(non-SDN) list, a different list with its own entries: which one a file is comes from its name
unless the caller says. Entities only; individuals, vessels and aircraft are counted and skipped
unless asked for.
Aliases keep their type (a.k.a. / f.k.a. / n.k.a.) and category (strong / weak).
"""

import datetime as dt
from collections import Counter
from pathlib import Path

from lxml import etree

from .names import alias_kind, clean_name
from .records import AliasRecord, EntityRecord, ParsedList, ParseError
from .safexml import MAX_BYTES, file_sha256, iter_elements, local_name

ROOT = "sdnList"


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def child_text(element: etree._Element, name: str) -> str:
    found = children(element, name)
    return clean_name(found[0].text) if found else ""


def list_key_for(path: Path, list_key: str | None) -> str:
    if list_key:
        return list_key
    return "ofac-cons" if "cons" in path.name.lower() else "ofac-sdn"


def parse_publish_date(text: str, path: Path) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%m/%d/%Y").date()
    except ValueError as exc:
        raise ParseError(f"{path.name}: <Publish_Date> {text!r} is not a MM/DD/YYYY date") from exc


def entry_record(entry: etree._Element, path: Path, number: int) -> EntityRecord:
    where = f"<sdnEntry> #{number} (line {entry.sourceline})"
    uid = child_text(entry, "uid")
    if not uid.isdigit():
        raise ParseError(f"{path.name}: {where}: missing or bad <uid> {uid!r}")
    name = " ".join(filter(None, [child_text(entry, "firstName"), child_text(entry, "lastName")]))
    if not name:
        raise ParseError(f"{path.name}: {where}: entry {uid} has no <lastName>")
    programs = [
        clean_name(program.text)
        for program_list in children(entry, "programList")
        for program in children(program_list, "program")
        if clean_name(program.text)
    ]
    aliases = []
    for aka_list in children(entry, "akaList"):
        for aka in children(aka_list, "aka"):
            alias = " ".join(
                filter(None, [child_text(aka, "firstName"), child_text(aka, "lastName")])
            )
            if alias:
                weak = child_text(aka, "category").lower() == "weak"
                kind = alias_kind(child_text(aka, "type"), weak=weak)
                aliases.append(AliasRecord(name=alias, kind=kind, script="Latin"))
    countries = []
    for address_list in children(entry, "addressList"):
        for address in children(address_list, "address"):
            country = child_text(address, "country")
            if country and country not in countries:
                countries.append(country)
    return EntityRecord(
        key=uid, name=name, programs=programs, aliases=aliases, countries=countries, where=where
    )


def parse(
    path: Path,
    *,
    list_key: str | None = None,
    max_bytes: int = MAX_BYTES,
    include: frozenset[str] = frozenset(),
) -> ParsedList:
    path = Path(path)
    key = list_key_for(path, list_key)
    list_date: dt.date | None = None
    record_count: int | None = None
    entities: list[EntityRecord] = []
    skipped: Counter = Counter()
    seen: set[str] = set()
    number = 0
    for name, element in iter_elements(
        path, root=ROOT, tags={"Publish_Date", "Record_Count", "sdnEntry"}, max_bytes=max_bytes
    ):
        if name == "Publish_Date" and (element.text or "").strip():
            list_date = parse_publish_date(element.text, path)
        elif name == "Record_Count" and (element.text or "").strip().isdigit():
            record_count = int(element.text.strip())
        elif name == "sdnEntry":
            number += 1
            sdn_type = child_text(element, "sdnType").lower() or "no type"
            record = entry_record(element, path, number)
            record.entity_type = sdn_type
            if record.key in seen:
                raise ParseError(f"{path.name}: {record.where}: uid {record.key} appears twice")
            seen.add(record.key)
            if sdn_type != "entity" and sdn_type not in include:
                skipped[sdn_type] += 1
                continue
            entities.append(record)
    if number == 0:
        raise ParseError(f"{path.name}: no <sdnEntry> elements; nothing was imported")
    if record_count is not None and record_count != number:
        raise ParseError(
            f"{path.name}: <Record_Count> says {record_count} entries but the file holds "
            f"{number} <sdnEntry> elements; nothing was imported"
        )
    return ofac_parsed_list("ofac-xml", "XML", key, path, list_date, entities, skipped)


def ofac_parsed_list(
    format: str,
    flavour: str,
    key: str,
    path: Path,
    list_date: dt.date | None,
    entities: list[EntityRecord],
    skipped: Counter,
) -> ParsedList:
    """What both OFAC XML formats say of the list they parsed (SDN or Consolidated)."""
    list_name = "SDN list" if key == "ofac-sdn" else "Consolidated (non-SDN) list"
    return ParsedList(
        format=format,
        list_key=key,
        title=f"OFAC {list_name} ({flavour})",
        publisher="US Department of the Treasury, Office of Foreign Assets Control",
        file_name=path.name,
        sha256=file_sha256(path),
        list_date=list_date,
        entities=entities,
        skipped=skipped,
    )
