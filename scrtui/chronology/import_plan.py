"""What an import would do, as data: each row that became an entry, what was said about the
rows (rejections, warnings), the names found, and the files it would write (`importer`
makes it; `agency_file` writes the entries' text; the CLI and the UI show it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model import ChronologyEntry
from . import dates, mapping, reading


@dataclass
class Said:
    """Something about a row (or a cell of it): a rejection or a warning."""

    where: str  # FILE:SHEET!ROW:COL or FILE:ROW:COL
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Row:
    """One spreadsheet row that became (or already was) an entry."""

    number: int
    when: dates.ParsedDate
    what: str
    who: str
    record: str
    significance: str
    row_hash: str
    status: str = "new"  # new, changed, same
    entry_id: str = ""
    previous: ChronologyEntry | None = None  # the entry a changed row updates
    has_significance: bool = False  # whether the sheet has a significance column

    @property
    def key(self) -> tuple[date, str, int]:
        return (self.when.date, self.when.time, self.number)


@dataclass
class NameFinding:
    """An identifier in the imported rows that the register does not hold."""

    kind: str
    text: str
    rows: list[int]
    detail: str = ""


@dataclass
class Plan:
    path: Path
    agency: str
    table: reading.Table
    columns: mapping.ColumnMap
    rows: list[Row] = field(default_factory=list)
    rejected: list[Said] = field(default_factory=list)
    warnings: list[Said] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: list[NameFinding] = field(default_factory=list)
    gone: list[ChronologyEntry] = field(default_factory=list)  # imported before, not in the file
    source_id: str = ""
    source_is_new: bool = False
    files: dict[str, str] = field(default_factory=dict)  # rel -> the new text
    originals: dict[str, str | None] = field(default_factory=dict)  # rel -> text before, or None
    mapping_saved: bool = False

    @property
    def new(self) -> list[Row]:
        return [r for r in self.rows if r.status == "new"]

    @property
    def changed(self) -> list[Row]:
        return [r for r in self.rows if r.status == "changed"]

    @property
    def same(self) -> list[Row]:
        return [r for r in self.rows if r.status == "same"]

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({s.row for s in self.rejected})

    @property
    def chronology_rel(self) -> str:
        return f"chronology/{self.agency}.toml"

    def message(self) -> str:
        """The commit message: what a supervisor reads in the history."""
        imported = len(self.new) + len(self.changed)
        text = (
            f"Chronology: {count(imported, 'entry', 'entries')} imported from "
            f"{self.agency} ({self.source_id})"
        )
        if self.changed:
            text += f": {len(self.new)} new, {len(self.changed)} changed"
        if not imported:
            text = f"Chronology: the column mapping for {self.agency}'s spreadsheets saved"
        if self.rejected_rows:
            text += f"; {count(len(self.rejected_rows), 'row', 'rows')} rejected"
        return text


def count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"
