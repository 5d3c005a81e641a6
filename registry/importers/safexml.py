"""Reading official XML files safely, one record element at a time.

Official lists never carry a DTD, so any DOCTYPE or ENTITY declaration is refused before the parser
sees the file: billion-laughs (nested entity expansion) and XXE (an external entity pointing at
file:///etc/passwd or a URL) are rejected at once, and nothing is read or fetched. The parser itself
is also set up not to resolve entities, load DTDs or use the network, and keeps lxml's limits on
huge text nodes and deep trees (huge_tree=False). Files above a size limit are refused unread.
Records are yielded as they complete and then cleared, so memory stays flat on large files.
"""

import hashlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .records import MAX_BYTES, ParseError

PROLOGUE_BYTES = 64 * 1024  # the root element must start within this many bytes


def check_size(path: Path, max_bytes: int) -> int:
    """The file's size; a clear error when it is missing, empty or larger than the limit."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ParseError(f"{path}: no such file") from exc
    if size == 0:
        raise ParseError(f"{path.name}: the file is empty (0 bytes); nothing was imported")
    if size > max_bytes:
        raise ParseError(
            f"{path.name}: {size:,} bytes is above the {max_bytes:,}-byte limit for an import "
            f"(raise it with --max-bytes if the file is genuine)"
        )
    return size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_prologue(path: Path) -> None:
    """Refuse a DOCTYPE or ENTITY declaration before the root element (no official list has one)."""
    with path.open("rb") as handle:
        head = handle.read(PROLOGUE_BYTES)
    head = head.removeprefix(b"\xef\xbb\xbf")
    upper = head.upper()
    root_at = _root_start(head)
    before_root = upper if root_at is None else upper[:root_at]
    for declaration in (b"<!DOCTYPE", b"<!ENTITY"):
        if declaration in before_root:
            raise ParseError(
                f"{path.name}: refused: the file declares a {declaration[2:].decode()} "
                f"(official lists have none; entity expansion and external entities are "
                f"not allowed)"
            )
    if root_at is None:
        raise ParseError(
            f"{path.name}: no XML root element in the first {PROLOGUE_BYTES:,} bytes "
            f"(not an XML list, or not UTF-8)"
        )


def _root_start(head: bytes) -> int | None:
    """Offset of the first element start tag ("<" followed by a name), skipping <? and <!."""
    at = head.find(b"<")
    while at != -1:
        following = head[at + 1 : at + 2]
        if following.isalpha() or following == b"_":
            return at
        if head[at + 1 : at + 4] == b"!--":
            end = head.find(b"-->", at + 4)
            if end == -1:
                return None
            at = head.find(b"<", end + 3)
            continue
        at = head.find(b"<", at + 1)
    return None


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def iter_elements(
    path: Path, *, root: str, tags: set[str], max_bytes: int = MAX_BYTES
) -> Iterator[tuple[str, etree._Element]]:
    """Yield ("<root>", root element) first, then (name, element) for every complete element
    whose local name is in `tags`. Each yielded element is cleared once the caller moves on.

    Raises ParseError naming the line for a cut or malformed file, and the element for a wrong
    root.
    """
    check_size(path, max_bytes)
    check_prologue(path)
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, element in context:
            if event == "start":
                if depth == 0:
                    name = local_name(element)
                    if name != root:
                        raise ParseError(
                            f"{path.name}: wrong root element <{name}> at line "
                            f"{element.sourceline}; a {root} file starts with <{root}>"
                        )
                    yield "<root>", element
                depth += 1
                continue
            depth -= 1
            name = local_name(element)
            if name in tags:
                yield name, element
                element.clear()
                # drop the finished siblings the parent still holds
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        # the parser's log has this file's first error with its line (the exception may only carry
        # the last one); the log is shared, so keep this file's entries
        errors = [e for e in exc.error_log.filter_from_errors() if e.filename == str(path)]
        line, message = (errors[0].line, errors[0].message) if errors else (exc.lineno, exc.msg)
        raise ParseError(
            f"{path.name}: line {line}: {message} (the file is cut or malformed; "
            f"nothing was imported)"
        ) from exc
