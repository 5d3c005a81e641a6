"""OFAC Sanctions List Service "enhanced" XML (<sanctionsData> with <entity> elements).

Unlike the legacy formats it dates each listing (<sanctionsList datePublished="2019-04-15">) and
names the legal authority (<legalAuthority>INA</legalAuthority>); the file dates itself in
<publicationInfo><dataAsOf>. Names come with their script (Latin, Arabic, ...) and quality
(isLowQuality -> weak alias). One export may hold entries of several OFAC lists; the import takes
the SDN list's entries unless the caller asks for the consolidated (non-SDN) list, or the file has
no SDN entries at all.
"""

import datetime as dt
from collections import Counter
from pathlib import Path

from lxml import etree

from .names import alias_kind, clean_name
from .ofac_xml import child_text, children, ofac_parsed_list
from .records import AliasRecord, EntityRecord, ParsedList, ParseError
from .safexml import MAX_BYTES, iter_elements

ROOT = "sanctionsData"
SDN_LIST = "SDN List"


def parse_iso_date(text: str, what: str, path: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError as exc:
        raise ParseError(f"{path.name}: {what} {text!r} is not a YYYY-MM-DD date") from exc


def names(entity: etree._Element) -> tuple[str, list[AliasRecord]]:
    """The primary Latin name, and every other name or translation as an alias."""
    primary = ""
    aliases: list[AliasRecord] = []
    for names_element in children(entity, "names"):
        for name in children(names_element, "name"):
            is_primary = child_text(name, "isPrimary").lower() == "true"
            weak = child_text(name, "isLowQuality").lower() == "true"
            alias_type = child_text(name, "aliasType")
            for translations in children(name, "translations"):
                for translation in children(translations, "translation"):
                    text = child_text(translation, "formattedFullName")
                    script = child_text(translation, "script") or "Latin"
                    main = child_text(translation, "isPrimary").lower() == "true"
                    if not text:
                        continue
                    if is_primary and main and not primary:
                        primary = text
                    elif is_primary:
                        aliases.append(AliasRecord(name=text, kind="translation", script=script))
                    else:
                        kind = alias_kind(alias_type, weak=weak)
                        aliases.append(AliasRecord(name=text, kind=kind, script=script))
    return primary, aliases


def entity_record(
    entity: etree._Element, path: Path, number: int
) -> tuple[EntityRecord, str, dict[str, dt.date | None]]:
    """The record, the entity type, and the lists it is on with their listing dates."""
    where = f"<entity> #{number} (line {entity.sourceline})"
    uid = (entity.get("id") or "").strip()
    if not uid.isdigit():
        raise ParseError(f"{path.name}: {where}: missing or bad id attribute {uid!r}")
    entity_type = ""
    for info in children(entity, "generalInfo"):
        entity_type = child_text(info, "entityType").lower()
    lists: dict[str, dt.date | None] = {}
    for lists_element in children(entity, "sanctionsLists"):
        for item in children(lists_element, "sanctionsList"):
            published = item.get("datePublished")
            day = parse_iso_date(published, f"{where} datePublished", path) if published else None
            lists[clean_name(item.text)] = day
    programs = [
        clean_name(p.text)
        for group in children(entity, "sanctionsPrograms")
        for p in children(group, "sanctionsProgram")
        if clean_name(p.text)
    ]
    authorities = [
        clean_name(a.text)
        for group in children(entity, "legalAuthorities")
        for a in children(group, "legalAuthority")
        if clean_name(a.text)
    ]
    primary, aliases = names(entity)
    if not primary:
        raise ParseError(f"{path.name}: {where}: entity {uid} has no primary name")
    countries: list[str] = []
    for addresses in children(entity, "addresses"):
        for address in children(addresses, "address"):
            country = child_text(address, "country")
            if country and country not in countries:
                countries.append(country)
    record = EntityRecord(
        key=uid,
        name=primary,
        programs=programs,
        aliases=aliases,
        countries=countries,
        legal_authorities=authorities,
        where=where,
    )
    return record, entity_type, lists


def parse(
    path: Path,
    *,
    list_key: str | None = None,
    max_bytes: int = MAX_BYTES,
    include: frozenset[str] = frozenset(),
) -> ParsedList:
    path = Path(path)
    list_date: dt.date | None = None
    found: list[tuple[EntityRecord, str, dict]] = []
    seen: set[str] = set()
    for name, element in iter_elements(
        path, root=ROOT, tags={"dataAsOf", "entity"}, max_bytes=max_bytes
    ):
        if name == "dataAsOf" and (element.text or "").strip():
            list_date = parse_iso_date(element.text, "<dataAsOf>", path)
        elif name == "entity":
            record, entity_type, lists = entity_record(element, path, len(found) + 1)
            if record.key in seen:
                raise ParseError(f"{path.name}: {record.where}: entity {record.key} appears twice")
            seen.add(record.key)
            found.append((record, entity_type, lists))
    if not found:
        raise ParseError(f"{path.name}: no <entity> elements; nothing was imported")
    key = list_key or (
        "ofac-sdn" if any(SDN_LIST in lists for _, _, lists in found) else "ofac-cons"
    )
    entities: list[EntityRecord] = []
    skipped: Counter = Counter()
    for record, entity_type, lists in found:
        on_list = [day for name, day in lists.items() if (name == SDN_LIST) == (key == "ofac-sdn")]
        record.entity_type = entity_type or "no type"
        if record.entity_type != "entity" and record.entity_type not in include:
            skipped[record.entity_type] += 1
        elif not on_list:
            skipped["entry of another OFAC list"] += 1
        else:
            record.listed_on = min((day for day in on_list if day), default=None)
            entities.append(record)
    return ofac_parsed_list(
        "ofac-enhanced-xml", "enhanced XML", key, path, list_date, entities, skipped
    )
