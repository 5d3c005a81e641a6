"""UN Security Council Consolidated List XML (<CONSOLIDATED_LIST> with <ENTITY> elements).

Each entry is keyed by its REFERENCE_NUMBER (e.g. QDe.004), dated by LISTED_ON, and belongs to one
sanctions list (UN_LIST_TYPE: Al-Qaida, Taliban, DPRK, ...). The file dates itself in the root's
dateGenerated attribute. Names in their original script (NAME_ORIGINAL_SCRIPT) are kept as
translations; alias QUALITY "Low" makes a weak alias. Entities only; individuals are counted and
skipped unless asked for.
"""

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from lxml import etree

from .names import alias_kind, detect_script
from .ofac_xml import child_text, children
from .records import AliasRecord, EntityRecord, ParsedList, ParseError
from .safexml import MAX_BYTES, file_sha256, iter_elements

ROOT = "CONSOLIDATED_LIST"
REFERENCE = re.compile(r"^([A-Z]{2})[a-z]\.\d+$")  # QDe.004: list QD, entity, number 004


def parse_date(text: str, what: str, path: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError as exc:
        raise ParseError(f"{path.name}: {what} {text!r} is not a YYYY-MM-DD date") from exc


ORIGINAL_SCRIPT = "(original script)"
SUB_UNIT = " - sub-unit name"
# An acronym in brackets after a name ("Al Qaïda au Maghreb islamique (AQMI)", "(ISIL-WA)"),
# not a UN reference number ("(KPE.018)").
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*")


def alias_records(element: etree._Element) -> list[AliasRecord]:
    """The names of one <ENTITY_ALIAS> (`unpacked`), each an alias of its own: the UN packs a
    name and its other spellings into one ALIAS_NAME."""
    name = child_text(element, "ALIAS_NAME")
    if not name:
        return []
    quality = child_text(element, "QUALITY")
    kind = alias_kind(quality, weak=quality.lower() == "low")
    records, seen = [], set()
    for written, how in unpacked(name):
        if written and written.casefold() not in seen:
            seen.add(written.casefold())
            marked = how if how and kind != "weak" else kind
            script = detect_script(written)
            whole = name if written != name else ""
            records.append(AliasRecord(written, kind=marked, script=script, written=whole))
    return records


def unpacked(name: str) -> list[tuple[str, str]]:
    """The names the UN writes in one ALIAS_NAME, each with the alias kind its writing says
    ("" when none): a name then its other spellings in brackets, separated by semicolons
    ("جبهة النصرة (the Victory Front; Jabhat al-Nusrah; Al-Nusra Front)"), one perhaps marked
    "(original script)" (a translation); a name then its acronym ("Al Qaïda au Maghreb
    islamique (AQMI)"); a name then the same in another script ("نصار الشريعة (Ansar al
    Charia)", "... (Ansar al-Mujahideen Network - sub-unit name)"). Any other bracket is part
    of the name ("... battalion of Shahids (martyrs)")."""
    name = name.strip()
    if name.endswith(ORIGINAL_SCRIPT):
        return [(name.removesuffix(ORIGINAL_SCRIPT).strip(), "translation")]
    head, inside = last_bracket(name)
    if not head:
        return [(name, "")]
    parts = top_level_split(inside)
    if len(parts) > 1:
        return [*unpacked(head), *(found for part in parts for found in unpacked(part))]
    inside = inside.strip().removesuffix(SUB_UNIT).strip()
    if (
        ACRONYM.fullmatch(inside)
        and not REFERENCE.match(inside)
        and sum(map(str.isupper, inside)) > 1
    ):
        return [*unpacked(head), (inside, "acronym")]
    if detect_script(inside) != detect_script(head):
        return [*unpacked(head), *unpacked(inside)]
    return [(name, "")]


def last_bracket(name: str) -> tuple[str, str]:
    """The name before its last bracketed part and that part's text, when the name ends with one
    ("", "" else)."""
    if not name.endswith(")"):
        return "", ""
    depth = 0
    for start in range(len(name) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(name[start], 0)
        if depth == 0:
            return name[:start].strip(), name[start + 1 : -1]
    return "", ""


def top_level_split(text: str) -> list[str]:
    """`text` split at the semicolons outside brackets."""
    parts, depth, begun = [], 0, 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(text[begun:i])
            begun = i + 1
    return [*parts, text[begun:]]


def entity_record(
    entity: etree._Element, path: Path, number: int, entity_type: str = "entity"
) -> EntityRecord:
    """One <ENTITY> (or, when asked for, <INDIVIDUAL>: same fields, names in four parts)."""
    tag = "ENTITY" if entity_type == "entity" else "INDIVIDUAL"
    where = f"<{tag}> #{number} (line {entity.sourceline})"
    reference = child_text(entity, "REFERENCE_NUMBER")
    if not reference:
        raise ParseError(f"{path.name}: {where}: no <REFERENCE_NUMBER>")
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    name = " ".join(filter(None, (child_text(entity, part) for part in parts)))
    if not name:
        raise ParseError(f"{path.name}: {where}: {reference} has no <FIRST_NAME>")
    list_type = child_text(entity, "UN_LIST_TYPE")
    matched = REFERENCE.match(reference)
    if not list_type and matched:
        list_type = matched.group(1)
    listed = child_text(entity, "LISTED_ON")
    aliases = [
        alias for element in children(entity, f"{tag}_ALIAS") for alias in alias_records(element)
    ]
    original = child_text(entity, "NAME_ORIGINAL_SCRIPT")
    if original:
        aliases.append(
            AliasRecord(name=original, kind="translation", script=detect_script(original))
        )
    countries: list[str] = []
    for address in children(entity, f"{tag}_ADDRESS"):
        country = child_text(address, "COUNTRY")
        if country and country not in countries:
            countries.append(country)
    data_id = child_text(entity, "DATAID")
    return EntityRecord(
        key=reference,
        name=name,
        programs=[list_type] if list_type else [],
        aliases=aliases,
        countries=countries,
        listed_on=parse_date(listed, f"{where} <LISTED_ON>", path) if listed else None,
        description=child_text(entity, "COMMENTS1"),
        extra_identifiers=[("un-dataid", data_id)] if data_id else [],
        where=where,
        entity_type=entity_type,
    )


def parse(
    path: Path, *, max_bytes: int = MAX_BYTES, include: frozenset[str] = frozenset()
) -> ParsedList:
    path = Path(path)
    list_date: dt.date | None = None
    entities: list[EntityRecord] = []
    skipped: Counter = Counter()
    seen: set[str] = set()
    for name, element in iter_elements(
        path, root=ROOT, tags={"ENTITY", "INDIVIDUAL"}, max_bytes=max_bytes
    ):
        if name == "<root>":
            generated = element.get("dateGenerated")
            if generated:
                list_date = parse_date(generated, "dateGenerated", path)
        elif name == "INDIVIDUAL" and "individual" not in include:
            skipped["individual"] += 1
        else:
            kind = "entity" if name == "ENTITY" else "individual"
            record = entity_record(element, path, len(entities) + 1, kind)
            if record.key in seen:
                raise ParseError(f"{path.name}: {record.where}: {record.key} appears twice")
            seen.add(record.key)
            entities.append(record)
    if not entities and not skipped:
        raise ParseError(f"{path.name}: no <ENTITY> elements; nothing was imported")
    return ParsedList(
        format="un-xml",
        list_key="un-sc",
        title="UN Security Council Consolidated List (XML)",
        publisher="United Nations Security Council",
        file_name=path.name,
        sha256=file_sha256(path),
        list_date=list_date,
        entities=entities,
        skipped=skipped,
    )
