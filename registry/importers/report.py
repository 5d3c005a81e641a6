"""What an import changes (or, in a dry run, would change), and its printed summary.

The same report serves the dry run, the real run, the command line and the admin page: counts of
added organizations, changed organizations and revoked designations, the first entries of each,
the entries an analyst should review (names matching several organizations, left out), and
warnings (programs created for unknown tags, country texts that map to no country, revocations
skipped).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    title: str  # e.g. "OFAC SDN list (legacy CSV)"
    file_name: str
    sha256: str
    effective_on: dt.date  # the file's date: designations appear and disappear on it
    entities: int  # organizations (entities) in the file
    skipped: Counter = field(default_factory=Counter)
    # outside the terrorism programs (unless --all-programs): entries left out, and each list
    # tag -> the entries that carry it and were left out or imported without it
    skipped_entries: int = 0
    skipped_programs: Counter = field(default_factory=Counter)
    dry_run: bool = False
    added: list[str] = field(default_factory=list)  # new organizations
    designated: list[str] = field(default_factory=list)  # new designations (all organizations)
    changed: list[str] = field(default_factory=list)  # existing organizations that change
    revoked: list[str] = field(default_factory=list)  # designations revoked
    # ambiguous name matches, and tags another program's record disputes: not imported
    review: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inserts: Counter = field(default_factory=Counter)  # table -> rows inserted
    updates: Counter = field(default_factory=Counter)  # table -> rows updated
    analyzed: list[str] = field(default_factory=list)  # tables whose statistics were refreshed

    @property
    def has_changes(self) -> bool:
        return bool(sum(self.inserts.values()) or sum(self.updates.values()))

    def counts_line(self) -> str:
        return (
            f"{len(self.added)} organizations added, {len(self.changed)} changed, "
            f"{len(self.designated)} designations added, {len(self.revoked)} revoked"
        )

    def sections(self) -> list[tuple[str, str, list[str]]]:
        """(heading, mark, entries) of each non-empty part of the diff, in reading order, the
        entries of each by name (the same file reports the same lines in the same order)."""
        sections = [
            ("Added organizations", "+", sorted(self.added)),
            ("Changed organizations", "~", sorted(self.changed)),
            ("New designations", "+", sorted(self.designated)),
            ("Revoked designations", "-", sorted(self.revoked)),
            ("For review (not imported)", "?", sorted(self.review)),
            ("Warnings", "!", self.warnings),
        ]
        return [section for section in sections if section[2]]

    def rows_line(self) -> str:
        return f"Rows inserted: {table_counts(self.inserts)}; updated: {table_counts(self.updates)}"

    def headline(self) -> str:
        skipped = ", ".join(f"{n} {what}" for what, n in sorted(self.skipped.items()))
        return (
            f"{self.title}: {self.file_name} as of {self.effective_on.isoformat()} "
            f"(sha256 {self.sha256[:16]}…): {self.entities} entities"
            + (f" (skipped: {skipped})" if skipped else "")
        )

    def programs_line(self) -> str:
        """What the program filter left out, or "" when it left nothing out."""
        if not self.skipped_programs:
            return ""
        tags = ", ".join(f"{tag} {n}" for tag, n in self.skipped_programs.most_common())
        return (
            f"Outside the terrorism programs (not imported; --all-programs takes them): "
            f"{self.skipped_entries} entries, and these program tags, also of entries imported "
            f"for their other tags: {tags}"
        )

    def summary(self, limit: int = 10) -> str:
        lines = [
            self.headline(),
            *filter(None, [self.programs_line()]),
            ("DRY RUN (nothing was written): " if self.dry_run else "Imported: ")
            + self.counts_line()
            + ".",
            self.rows_line(),
        ]
        if self.analyzed:
            lines.append(f"Statistics refreshed (ANALYZE): {', '.join(self.analyzed)}")
        for heading, mark, entries in self.sections():
            lines.append(f"{heading} ({len(entries)}):")
            lines.extend(f"  {mark} {entry}" for entry in entries[:limit])
            if len(entries) > limit:
                lines.append(f"    … and {len(entries) - limit} more")
        return "\n".join(lines)


def table_counts(counts: Counter) -> str:
    parts = [f"{table} {n}" for table, n in sorted(counts.items()) if n]
    return ", ".join(parts) or "none"
