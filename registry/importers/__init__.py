"""Parsers for the official lists: one module per file format, bytes in, plain records out.

Nothing in this package touches the database. `parse_file(FORMAT, path)` returns a
`records.ParsedList`; `registry.services.imports.import_list` compares it with the registry and
applies the difference in one transaction. Formats:

- ofac-sdn-csv: OFAC legacy sdn.csv (alt.csv and add.csv read from beside it when present)
- ofac-xml: OFAC legacy XML (sdn.xml, or consolidated.xml for the non-SDN list)
- ofac-enhanced-xml: OFAC Sanctions List Service enhanced XML (listing dates, legal authority)
- un-xml: UN Security Council Consolidated List XML
"""

import importlib
from pathlib import Path

from ..normalize import bidi_override
from .records import MAX_BYTES, ParsedList, ParseError

# Each format's parser module, imported on first use: the web workers import this package for
# the admin's upload form, and lxml and pycountry would otherwise sit in every worker's memory.
PARSERS = {
    "ofac-sdn-csv": "ofac_csv",
    "ofac-xml": "ofac_xml",
    "ofac-enhanced-xml": "ofac_enhanced_xml",
    "un-xml": "un_xml",
}
FORMATS = tuple(PARSERS)
OFAC_LISTS = ("sdn", "consolidated")
ENTRY_TYPES = ("individual", "vessel", "aircraft")  # besides entities, imported only when asked


def parse_file(
    format: str,
    path: Path,
    *,
    ofac_list: str | None = None,
    max_bytes: int = MAX_BYTES,
    require_eof: bool = True,
    include: frozenset[str] = frozenset(),
) -> ParsedList:
    """Parse one official file. `ofac_list` ("sdn" / "consolidated") overrides the list an OFAC
    XML file is taken for; `require_eof=False` accepts a legacy CSV without its 0x1A end byte;
    `include` names entry types to keep besides entities (see ENTRY_TYPES)."""
    unknown = set(include) - set(ENTRY_TYPES)
    if unknown:
        raise ParseError(f"unknown entry types {sorted(unknown)}; use {', '.join(ENTRY_TYPES)}")
    if format not in FORMATS:
        raise ParseError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    include = frozenset(include)
    path = Path(path)
    if path.is_dir():
        raise ParseError(f"{path}: a directory; name the list file in it")
    parser = importlib.import_module(f".{PARSERS[format]}", __name__)
    if format == "ofac-sdn-csv":
        parsed = parser.parse(path, max_bytes=max_bytes, require_eof=require_eof, include=include)
    elif format == "un-xml":
        parsed = parser.parse(path, max_bytes=max_bytes, include=include)
    else:
        list_key = {"sdn": "ofac-sdn", "consolidated": "ofac-cons", None: None}[ofac_list]
        parsed = parser.parse(path, list_key=list_key, max_bytes=max_bytes, include=include)
    refuse_bidi_overrides(parsed)
    return parsed


def refuse_bidi_overrides(parsed: ParsedList) -> None:
    """A name with a bidirectional override (normalize.BIDI_OVERRIDES) refuses the file, naming
    the entry's place in it."""
    for record in parsed.entities:
        for name in (record.name, *(alias.name for alias in record.aliases)):
            override = bidi_override(name)
            if override:
                raise ParseError(
                    f"{parsed.file_name}: {record.where}: entry {record.key}: the name {name!r} "
                    f"holds {override}, which shows its letters in reverse order and can "
                    f"disguise it; nothing was imported"
                )


__all__ = [
    "ENTRY_TYPES",
    "FORMATS",
    "MAX_BYTES",
    "OFAC_LISTS",
    "ParseError",
    "ParsedList",
    "parse_file",
]
