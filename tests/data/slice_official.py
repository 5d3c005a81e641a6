"""Cut the small committed test slices in tests/data/ from the real official files.

Run by hand, never by the tests: `python tests/data/slice_official.py SOURCE_DIR` where SOURCE_DIR
holds the collected official files (see tests/data/README.md for where each came from). Slices keep
the original bytes of every row or element they keep (CRLF line ends, the 0x1A end-of-file byte of
the OFAC CSVs, the XML indentation); only whole rows or elements are left out, so the slices parse
exactly as the real files do. XML record counts (OFAC Record_Count) are set to the kept count.
"""

import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def csv_rows(raw: bytes) -> list[tuple[str, bytes]]:
    """(first field, original bytes) of each CSV record, the trailing 0x1A dropped."""
    text = raw.decode("utf-8").rstrip("\x1a")
    out = []
    for line in io.StringIO(text, newline="").readlines():
        # records never span lines in these files (checked: no embedded newlines)
        out.append((line.split(",", 1)[0], line.encode("utf-8")))
    return out


def fields(line: bytes) -> list[str]:
    return next(csv.reader([line.decode("utf-8")]))


def write_csv(path: Path, rows: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(rows) + b"\x1a")
    print(f"{path.relative_to(HERE)}: {len(rows)} rows, {path.stat().st_size} bytes")


def pick_sdn(rows, *, others: int = 0, people: int = 0) -> set[str]:
    """FTO rows, plus every n-th other entity, plus a few individuals and vessels."""
    chosen, entities, individuals = [], [], []
    for ent_num, line in rows:
        row = fields(line)
        is_entity = row[2].strip() == "-0-"
        if "FTO" in row[3].split("] ["):
            chosen.append(ent_num)
        elif is_entity:
            entities.append(ent_num)
        else:
            individuals.append(ent_num)
    if others:
        step = max(1, len(entities) // others)
        chosen += entities[::step][:others]
    if people:
        step = max(1, len(individuals) // people)
        chosen += individuals[::step][:people]
    return set(chosen)


def slice_sdn_2024(source: Path) -> None:
    rows = csv_rows((source / "ofac_sdn_csv_2024-05-03/sdn.csv").read_bytes())
    keep = pick_sdn(rows, others=100, people=8)
    write_csv(HERE / "ofac_sdn_csv_2024-05-03/sdn.csv", [b for k, b in rows if k in keep])


def slice_pair(source: Path, before: str, after: str, out_before: str, out_after: str) -> None:
    folder = source / "ofac_sdn_csv_history_pairs"
    old = csv_rows((folder / before).read_bytes())
    new = csv_rows((folder / after).read_bytes())
    common = {k for k, _ in old} & {k for k, _ in new}
    # FTO-tagged entries of either file, and the same other entries from both files
    fto = pick_sdn(old) | pick_sdn(new)
    keep = fto | {k for k in pick_sdn(old, others=25, people=3) if k in common}
    write_csv(HERE / "ofac_sdn_csv_pairs" / out_before, [b for k, b in old if k in keep])
    write_csv(HERE / "ofac_sdn_csv_pairs" / out_after, [b for k, b in new if k in keep])


def slice_alt_add(source: Path) -> None:
    folder = source / "ofac_sdn_alt_add_csv_2021-04"
    sdn = csv_rows((folder / "sdn.csv").read_bytes())
    alt = csv_rows((folder / "alt.csv").read_bytes())
    add = csv_rows((folder / "add.csv").read_bytes())
    with_alt = {k for k, _ in alt}
    keep = set(sorted(pick_sdn(sdn), key=int)[::3])
    entities = [k for k, line in sdn if fields(line)[2].strip() == "-0-" and k in with_alt]
    keep |= set(entities[::300][:20])
    keep |= {k for k, line in sdn if fields(line)[2].strip() != "-0-"}.intersection(
        [k for k, _ in sdn][::900]
    )
    out = HERE / "ofac_sdn_alt_add_csv_2021-04"
    write_csv(out / "sdn.csv", [b for k, b in sdn if k in keep])
    write_csv(out / "alt.csv", [b for k, b in alt if k in keep])
    write_csv(out / "add.csv", [b for k, b in add if k in keep])


def xml_blocks(text: str, tag: str) -> list[str]:
    return re.findall(rf"[ \t]*<{tag}[ >].*?</{tag}>\r?\n", text, flags=re.S)


def slice_ofac_xml(source: Path) -> None:
    text = (source / "ofac_consolidated_nonsdn_xml_2024-05-06/consolidated.xml").read_text("utf-8")
    blocks = xml_blocks(text, "sdnEntry")
    entities = [b for b in blocks if "<sdnType>Entity" in b]
    weak = [b for b in entities if "<category>weak" in b][:4]
    people = [b for b in blocks if "<sdnType>Individual" in b][:3]
    kept = set(weak[:3] + entities[::40][:8] + people[:2])
    chosen = [b for b in blocks if b in kept]
    head = text[: text.index(blocks[0])]
    head = re.sub(
        r"<Record_Count>\d+</Record_Count>", f"<Record_Count>{len(chosen)}</Record_Count>", head
    )
    tail = text[text.rindex(blocks[-1]) + len(blocks[-1]) :]
    out = HERE / "ofac_xml_consolidated_2024-05-06/consolidated.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(head + "".join(chosen) + tail, "utf-8")
    print(f"{out.relative_to(HERE)}: {len(chosen)} entries, {out.stat().st_size} bytes")


def slice_enhanced(source: Path) -> None:
    text = (source / "ofac_sls_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml").read_text("utf-8")
    blocks = xml_blocks(text, "entity")
    entities = [b for b in blocks if ">Entity</entityType>" in b]
    fto = [b for b in entities if ">FTO</sanctionsProgram>" in b and len(b) < 16000]
    scripts = sorted((b for b in entities if ">Arabic</script>" in b), key=len)[:1]
    others = [b for b in blocks if ">Entity</entityType>" not in b and len(b) < 6000][:1]
    small = [b for b in entities if len(b) < 6000]
    kept = set(fto + scripts + small[::10][:3] + others)
    chosen = [b for b in blocks if b in kept]
    # keep publicationInfo and a few reference values; the entities carry their own texts
    head = text[: text.index("  <referenceValues>")]
    refs = xml_blocks(text, "referenceValue")
    alias_refs = [r for r in refs if "ALIAS TYPE" in r]
    head += "  <referenceValues>\n" + "".join(alias_refs) + "  </referenceValues>\n  <entities>\n"
    tail = "  </entities>\n</sanctionsData>\n"
    out = HERE / "ofac_enhanced_xml_irgc_2024-08-28/IRGC_sanctions.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(head + "".join(chosen) + tail, "utf-8")
    print(f"{out.relative_to(HERE)}: {len(chosen)} entities, {out.stat().st_size} bytes")


def slice_un(source: Path) -> None:
    text = (source / "un_sc_consolidated_xml_2024-09-21/consolidated.xml").read_text("utf-8")
    people = xml_blocks(text, "INDIVIDUAL")[:2]
    entities = xml_blocks(text, "ENTITY")
    by_type: dict[str, list[str]] = {}
    for block in entities:
        kind = re.search(r"<UN_LIST_TYPE>([^<]*)<", block).group(1)
        by_type.setdefault(kind, []).append(block)
    kept = set()
    for kind, blocks in by_type.items():
        kept.update(blocks[: 8 if kind in ("Al-Qaida", "Taliban") else 1])
    kept.update([b for b in entities if "NAME_ORIGINAL_SCRIPT" in b][:3])
    kept.update(b for b in entities if "Tahrir al-Sham" in b)
    chosen = [b for b in entities if b in kept]
    head = text[: text.index("<INDIVIDUALS>") + len("<INDIVIDUALS>")] + "\n"
    middle = "    </INDIVIDUALS>\n    <ENTITIES>\n"
    tail = "    </ENTITIES>\n</CONSOLIDATED_LIST>\n"
    out = HERE / "un_sc_consolidated_xml_2024-09-26/consolidated.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(head + "".join(people) + middle + "".join(chosen) + tail, "utf-8")
    print(f"{out.relative_to(HERE)}: {len(chosen)} entities, {out.stat().st_size} bytes")


# The entries of the UN list of 2026-02-27 (the file the seeds read for their UN names) that
# write several names in one ALIAS_NAME: the name then its other spellings, its acronym, or the
# same in another script.
UN_2026_PACKED = ("QDe.014", "QDe.115", "QDe.129", "QDe.137", "QDe.142", "QDe.146")


def slice_un_2026(source: Path, references: tuple[str, ...], file_name: str) -> None:
    """The entries `references` of the UN list of 2026-02-27, into its folder as `file_name`."""
    text = (source / "un_sc_consolidated_xml_2026-02-27/consolidated.xml").read_text("utf-8")
    entities = xml_blocks(text, "ENTITY")
    chosen = [
        b for b in entities if re.search(r"<REFERENCE_NUMBER>([^<]*)<", b).group(1) in references
    ]
    head = text[: text.index("<INDIVIDUALS>") + len("<INDIVIDUALS>")] + "\n"
    middle = "  </INDIVIDUALS>\n  <ENTITIES>\n"
    tail = "  </ENTITIES>\n</CONSOLIDATED_LIST>\n"
    out = HERE / "un_sc_consolidated_xml_2026-02-27" / file_name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(head + middle + "".join(chosen) + tail, "utf-8")
    print(f"{out.relative_to(HERE)}: {len(chosen)} entities, {out.stat().st_size} bytes")


# Two entries of the same file whose names OFAC gives one entry (7149, the Revival of Islamic
# Heritage Society's offices in Pakistan and Afghanistan, a.k.a. Afghan Support Committee) while
# it lists the Society again as 10923.
UN_2026_SHARED_NAMES = ("QDe.069", "QDe.070")


def main(source: Path) -> None:
    slice_sdn_2024(source)
    slice_pair(
        source,
        "sdn_2021-11-23T18-48-26_555cd193a2.csv",
        "sdn_2021-12-02T01-41-59_5e6db9daad.csv",
        "sdn_2021-11-23.csv",
        "sdn_2021-12-02.csv",
    )
    slice_pair(
        source,
        "sdn_2022-05-19T18-56-39_cd49021156.csv",
        "sdn_2022-05-20T18-52-38_eb769dc20f.csv",
        "sdn_2022-05-19.csv",
        "sdn_2022-05-20.csv",
    )
    slice_alt_add(source)
    slice_ofac_xml(source)
    slice_enhanced(source)
    slice_un(source)
    slice_un_2026(source, UN_2026_PACKED, "consolidated.xml")
    slice_un_2026(source, UN_2026_SHARED_NAMES, "shared_names.xml")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
