"""Parsers for the official lists: one module per file format, bytes in, plain records out.

Nothing in this package touches the database. `parse_file(FORMAT, path)` returns a
`records.ParsedList`; `registry.services.imports.import_list` compares it with the registry and
applies the difference in one transaction. Formats:

- ofac-sdn-csv: OFAC legacy sdn.csv (alt.csv and add.csv read from beside it when present)
- ofac-xml: OFAC legacy XML (sdn.xml, or consolidated.xml for the non-SDN list)
- ofac-enhanced-xml: OFAC Sanctions List Service enhanced XML (listing dates, legal authority)
- un-xml: UN Security Council Consolidated List XML
"""

from pathlib import Path

from . import ofac_csv, ofac_enhanced_xml, ofac_xml, un_xml
from .records import ParsedList, ParseError
from .safexml import MAX_BYTES

FORMATS = ("ofac-sdn-csv", "ofac-xml", "ofac-enhanced-xml", "un-xml")
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
    include = frozenset(include)
    path = Path(path)
    list_key = {"sdn": "ofac-sdn", "consolidated": "ofac-cons", None: None}[ofac_list]
    if format == "ofac-sdn-csv":
        return ofac_csv.parse(path, max_bytes=max_bytes, require_eof=require_eof, include=include)
    if format == "ofac-xml":
        return ofac_xml.parse(path, list_key=list_key, max_bytes=max_bytes, include=include)
    if format == "ofac-enhanced-xml":
        return ofac_enhanced_xml.parse(
            path, list_key=list_key, max_bytes=max_bytes, include=include
        )
    if format == "un-xml":
        return un_xml.parse(path, max_bytes=max_bytes, include=include)
    raise ParseError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "ENTRY_TYPES",
    "FORMATS",
    "MAX_BYTES",
    "OFAC_LISTS",
    "ParseError",
    "ParsedList",
    "parse_file",
]
