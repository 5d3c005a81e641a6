"""OFAC legacy CSV: sdn.csv, with alt.csv (aliases) and add.csv (addresses) when beside it.

The files have no header row; "-0-" (with a trailing space) means empty; a row's program field
holds several tags as 'FTO] [SDGT'; the file ends with an 0x1A (DOS end-of-file) byte, which is how
a file cut exactly at a line end can still be told from a whole one. The file carries no date: the
import needs --as-of. Entities have an empty SDN_Type; individuals, vessels and aircraft are
counted and skipped unless asked for.

The remarks column quotes more names ("a.k.a. 'BNC'"): these are OFAC's weak aliases (the XML
formats mark the same names category="weak" / isLowQuality), kept with kind "weak".
"""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from .names import alias_kind, clean_name
from .records import AliasRecord, EntityRecord, ParsedList, ParseError
from .safexml import MAX_BYTES, check_size, file_sha256

SDN_FIELDS = 12  # ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,...
ALT_FIELDS = 5  # ent_num,alt_num,alt_type,alt_name,alt_remarks
ADD_FIELDS = 6  # ent_num,add_num,address,city/state/postal,country,add_remarks
EOF_MARKER = "\x1a"


def value(text: str) -> str:
    """OFAC's "-0- " means empty."""
    text = text.strip()
    return "" if text == "-0-" else text


def read_rows(
    path: Path, *, width: int, max_bytes: int, require_eof: bool
) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each row, after checking the file is whole and well-formed."""
    check_size(path, max_bytes)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(f"{path.name}: line {line}: not UTF-8 text ({exc.reason})") from exc
    nul = text.find("\x00")
    if nul != -1:  # PostgreSQL cannot store it; no list holds one
        line = text.count("\n", 0, nul) + 1
        raise ParseError(f"{path.name}: line {line}: a NUL byte (0x00); the file is damaged")
    body = text.removeprefix("\ufeff").rstrip("\r\n")  # a re-saved file may carry a BOM
    if body.lstrip().startswith("<"):
        raise ParseError(
            f"{path.name}: line 1: this is an XML file, not OFAC's CSV; nothing was imported "
            f"(import it as un-xml, ofac-xml or ofac-enhanced-xml)"
        )
    if body.endswith(EOF_MARKER):
        body = body[: -len(EOF_MARKER)]
    elif require_eof:
        line = text.count("\n") + 1
        raise ParseError(
            f"{path.name}: line {line}: the file does not end with OFAC's end-of-file byte "
            f"(0x1A), so it may be cut; nothing was imported (--force reads it as whole; a file "
            f"20% shorter than the list the registry holds is still refused)"
        )
    if not body.strip():
        raise ParseError(f"{path.name}: the file holds no rows; nothing was imported")
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    line = 0
    try:
        for row in reader:
            line = reader.line_num
            if len(row) != width:
                raise ParseError(
                    f"{path.name}: line {line}: expected {width} fields, found {len(row)} "
                    f"(the file is cut or malformed; nothing was imported)"
                )
            if not row[0].strip().isdigit():
                raise ParseError(
                    f"{path.name}: line {line}: the first field {row[0][:20]!r} is not an "
                    f"OFAC entry number"
                )
            yield line, row
    except csv.Error as exc:
        raise ParseError(
            f"{path.name}: line {reader.line_num or line + 1}: {exc} (the file is cut or "
            f"malformed; nothing was imported)"
        ) from exc


def split_programs(field: str) -> list[str]:
    """'SDNTK] [FTO] [SDGT' -> ['SDNTK', 'FTO', 'SDGT']."""
    tags = [tag.strip(" []") for tag in value(field).split("] [")]
    return [tag for tag in tags if tag]


def remark_aliases(remarks: str) -> list[AliasRecord]:
    """The quoted names of the remarks column: "a.k.a. 'HUA'; a.k.a. 'HUM'." (weak aliases)."""
    aliases = []
    for part in value(remarks).split("; "):
        part = part.strip().removesuffix(".")
        for prefix in ("a.k.a. '", "f.k.a. '", "n.k.a. '"):
            if part.startswith(prefix) and part.endswith("'") and len(part) > len(prefix) + 1:
                name = clean_name(part[len(prefix) : -1])
                kind = "former" if prefix.startswith("f") else "weak"
                aliases.append(AliasRecord(name=name, kind=kind, script="Latin"))
    return aliases


def read_alt(path: Path, *, max_bytes: int, require_eof: bool) -> dict[str, list[AliasRecord]]:
    aliases: dict[str, list[AliasRecord]] = defaultdict(list)
    for _line, row in read_rows(
        path, width=ALT_FIELDS, max_bytes=max_bytes, require_eof=require_eof
    ):
        name = clean_name(value(row[3]))
        if name:
            kind = alias_kind(value(row[2]))
            aliases[row[0].strip()].append(AliasRecord(name=name, kind=kind, script="Latin"))
    return aliases


def read_add(path: Path, *, max_bytes: int, require_eof: bool) -> dict[str, list[str]]:
    countries: dict[str, list[str]] = defaultdict(list)
    for _line, row in read_rows(
        path, width=ADD_FIELDS, max_bytes=max_bytes, require_eof=require_eof
    ):
        country = value(row[4])
        if country and country not in countries[row[0].strip()]:
            countries[row[0].strip()].append(country)
    return countries


def parse(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    require_eof: bool = True,
    include: frozenset[str] = frozenset(),
) -> ParsedList:
    """Parse sdn.csv (and alt.csv / add.csv beside it) into entity records; `include` names the
    other entry types to keep (individual, vessel, aircraft)."""
    path = Path(path)
    notes = []
    alt_path, add_path = path.with_name("alt.csv"), path.with_name("add.csv")
    aliases, countries = {}, {}
    if alt_path.exists():
        aliases = read_alt(alt_path, max_bytes=max_bytes, require_eof=require_eof)
    if add_path.exists():
        countries = read_add(add_path, max_bytes=max_bytes, require_eof=require_eof)
    for companion in (alt_path, add_path):
        if companion.exists():
            notes.append(f"read {companion.name} (sha256 {file_sha256(companion)})")
    entities: list[EntityRecord] = []
    skipped: Counter = Counter()
    seen: dict[str, int] = {}
    for line, row in read_rows(
        path, width=SDN_FIELDS, max_bytes=max_bytes, require_eof=require_eof
    ):
        ent_num = row[0].strip()
        if ent_num in seen:
            raise ParseError(
                f"{path.name}: line {line}: entry {ent_num} appears twice (first at line "
                f"{seen[ent_num]}); nothing was imported"
            )
        seen[ent_num] = line
        sdn_type = value(row[2]).lower() or "entity"
        if sdn_type != "entity" and sdn_type not in include:
            skipped[sdn_type] += 1
            continue
        name = clean_name(value(row[1]))
        if not name:
            raise ParseError(f"{path.name}: line {line}: entry {ent_num} has no name")
        entities.append(
            EntityRecord(
                key=ent_num,
                name=name,
                programs=split_programs(row[3]),
                aliases=aliases.get(ent_num, []) + remark_aliases(row[11]),
                countries=countries.get(ent_num, []),
                where=f"line {line}",
                entity_type=sdn_type,
            )
        )
    return ParsedList(
        format="ofac-sdn-csv",
        list_key="ofac-sdn",
        title="OFAC SDN list (legacy CSV)",
        publisher="US Department of the Treasury, Office of Foreign Assets Control",
        file_name=path.name,
        sha256=file_sha256(path),
        list_date=None,
        entities=entities,
        skipped=skipped,
        notes=notes,
        unsure_whole=not ends_whole(path),
    )


def ends_whole(path: Path) -> bool:
    """Whether the file ends with OFAC's end-of-file byte (and line ends after it)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 16))
        return handle.read().rstrip(b"\r\n").endswith(EOF_MARKER.encode())
