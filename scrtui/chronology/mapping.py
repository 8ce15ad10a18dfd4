"""Which column of an agency's spreadsheet holds what: recognised from its headers, said with
`--map COLUMN=FIELD`, or remembered from the agency's last import.

The fields an entry is made of: `date` (and `time`), `what` happened (Event, Details, ...: all
such columns are joined), `who` and their `role`, the `outcome`, the agency's own `record`
reference, and `significance`. `ignore` leaves a column out. A sheet needs at least a date and
a what column; anything else is optional.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..schema import MAPPING_FIELDS as FIELDS  # one list for the importer and the checker
from .reading import Row, column_letter, column_number

SINGLE = ("date", "time")  # at most one column each; the others may be several, joined
HEADER_SCAN_ROWS = 10  # the header row is among the first rows (a title row may come first)

# Common headers of agencies' chronologies, compared without case, spacing or punctuation.
KNOWN_HEADERS = {
    "date": [
        "date",
        "date/time",
        "date and time",
        "date & time",
        "datetime",
        "date of contact",
        "contact date",
        "event date",
        "date of event",
        "when",
    ],
    "time": ["time", "time of contact", "contact time"],
    "what": [
        "event",
        "details",
        "description",
        "action",
        "event details",
        "details of contact",
        "contact details",
        "summary",
        "narrative",
        "what happened",
        "entry",
        "type of contact",
        "contact type",
        "nature of contact",
        "event type",
        "information",
        "detail",
    ],
    "who": [
        "practitioner",
        "practitioner name",
        "worker",
        "professional",
        "staff member",
        "staff",
        "officer",
        "author",
        "recorded by",
        "by",
        "who",
        "name of practitioner",
    ],
    "role": ["role", "job title", "designation", "practitioner role", "role of practitioner"],
    "outcome": ["outcome", "outcomes", "result", "outcome/action", "next steps"],
    "record": [
        "source",
        "record",
        "reference",
        "ref",
        "record reference",
        "source document",
        "source of information",
        "system",
        "record type",
        "case note reference",
    ],
    "significance": [
        "significance",
        "analysis",
        "comment",
        "comments",
        "agency comment",
        "reflection",
        "relevance",
    ],
}


def normal(header: str) -> str:
    """A header as compared: lower case, one space between words, no surrounding
    punctuation ("  Date / Time: " -> "date/time")."""
    text = " ".join(str(header).replace("\n", " ").split()).lower()
    text = re.sub(r"\s*([/&])\s*", r"\1", text)
    text = re.sub(r"\s*&\s*", " & ", text)
    return text.strip(" :*.-_()")


_KNOWN = {normal(h): f for f, headers in KNOWN_HEADERS.items() for h in headers}


def recognise(header: str) -> str | None:
    text = normal(header)
    if text in _KNOWN:
        return _KNOWN[text]
    if text.startswith("date") and ("time" in text or text == "dates"):
        return "date"
    return None


class MappingError(Exception):
    """The columns cannot be mapped (or --map names no column): the one line to show."""


@dataclass
class ColumnMap:
    """Column number -> field, with the headers they came from."""

    header_row: int
    headers: dict[int, str]  # column -> header text as written
    columns: dict[int, str]  # column -> field (no entry: not used)
    said: dict[int, str] = field(default_factory=dict)  # how each was decided: map/saved/header
    unused: list[int] = field(default_factory=list)  # columns with a header and no field
    ignored: list[int] = field(default_factory=list)  # columns left out on purpose

    def of(self, name: str) -> list[int]:
        return [c for c, f in sorted(self.columns.items()) if f == name]

    def describe(self) -> list[str]:
        """One line per used column: 'A "Date" -> date (recognised)'."""
        lines = []
        for col in sorted(self.columns):
            header = self.headers.get(col, "")
            lines.append(
                f'{column_letter(col)} "{header}" -> {self.columns[col]} '
                f"({self.said.get(col, 'header')})"
            )
        for col in self.ignored:
            lines.append(
                f'{column_letter(col)} "{self.headers.get(col, "")}" -> ignored '
                f"({self.said.get(col, 'header')})"
            )
        for col in self.unused:
            lines.append(
                f'{column_letter(col)} "{self.headers[col]}" -> not imported '
                "(no field; say one with --map)"
            )
        return lines

    def to_saved(self, sheet: str | None) -> dict[str, object]:
        """The mapping as the agency's chronology file keeps it."""
        saved: dict[str, object] = {}
        if sheet:
            saved["sheet"] = sheet
        for name in FIELDS:
            cols = self.ignored if name == "ignore" else self.of(name)
            headers = [self.headers[c] for c in cols if self.headers.get(c)]
            if headers:
                saved[name] = headers
        return saved


def header_row(rows: list[Row], saved: Mapping[str, Any] | None = None) -> Row:
    """The row of headers: among the first rows, the one with the most recognised (or saved)
    headers; else the first row that has anything in it."""
    known = {normal(h) for headers in _saved_headers(saved).values() for h in headers}
    best: Row | None = None
    best_score = 0
    first: Row | None = None
    seen = 0
    for number, cells in rows:
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        if not any(filled(c) for c in cells):
            continue
        first = first or (number, cells)
        score = sum(1 for t in texts if recognise(t) or normal(t) in known)
        if score > best_score:
            best, best_score = (number, cells), score
        seen += 1
        if seen >= HEADER_SCAN_ROWS:
            break
    if best is not None:
        return best
    if first is None:
        raise MappingError("has no rows")
    return first


def filled(value: object) -> bool:
    return value is not None and value != "" and not (isinstance(value, str) and not value.strip())


def _saved_headers(saved: Mapping[str, Any] | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in FIELDS:
        value = (saved or {}).get(name)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            out[name] = [str(v) for v in value]
    return out


def parse_map_options(options: Iterable[str]) -> list[tuple[str, str]]:
    """`--map COLUMN=FIELD` options as (column, field); MappingError for a malformed one."""
    pairs = []
    for option in options:
        column, sep, name = option.rpartition("=")
        name = name.strip().lower()
        if not sep or not column.strip():
            raise MappingError(
                f"--map '{option}': write it as COLUMN=FIELD, e.g. --map \"Date of contact=date\""
            )
        if name not in FIELDS:
            raise MappingError(
                f"--map '{option}': '{name}' is not a field; fields: {', '.join(FIELDS)}"
            )
        pairs.append((column.strip(), name))
    return pairs


def resolve(
    header_cells: Row,
    overrides: Sequence[tuple[str, str]] = (),
    saved: Mapping[str, Any] | None = None,
) -> ColumnMap:
    """Decide each column's field: --map first, then the saved mapping, then the headers."""
    number, cells = header_cells
    headers = {c: str(v).strip() for c, v in enumerate(cells, start=1) if filled(v)}
    by_normal: dict[str, list[int]] = {}
    for col, text in headers.items():
        by_normal.setdefault(normal(text), []).append(col)
    columns: dict[int, str] = {}
    said: dict[int, str] = {}
    for column, name in overrides:
        cols = by_normal.get(normal(column))
        if not cols:
            letter = column_number(column)
            if letter is None:
                found = ", ".join(f'"{h}"' for h in headers.values())
                raise MappingError(
                    f"--map '{column}={name}': no column has the header "
                    f"'{column}'; the headers are {found} (a column letter, "
                    "such as C, works too)"
                )
            cols = [letter]
        for col in cols:
            columns[col] = name
            said[col] = "--map"
    saved_headers = _saved_headers(saved)
    for name, texts in saved_headers.items():
        for text in texts:
            for col in by_normal.get(normal(text), []):
                if col not in columns:
                    columns[col] = name
                    said[col] = "saved"
    for col, text in headers.items():
        if col not in columns:
            recognised = recognise(text)
            if recognised is not None:
                columns[col] = recognised
                said[col] = "recognised"
    unused = [c for c in headers if c not in columns]
    ignored = sorted(c for c, f in columns.items() if f == "ignore")
    for col in ignored:
        del columns[col]
    mapping = ColumnMap(number, headers, columns, said, unused, ignored)
    _check(mapping)
    return mapping


def _check(mapping: ColumnMap) -> None:
    for name in SINGLE:
        cols = mapping.of(name)
        if len(cols) > 1:
            named = " and ".join(
                f'"{mapping.headers.get(c, column_letter(c))}" ({column_letter(c)})' for c in cols
            )
            keep = mapping.headers.get(cols[1], column_letter(cols[1]))
            raise MappingError(
                f"columns {named} both look like the {name}: say which with, "
                f'e.g., --map "{keep}=ignore"'
            )
    missing = [name for name in ("date", "what") if not mapping.of(name)]
    if missing:
        found = ", ".join(f'"{h}"' for h in mapping.headers.values()) or "none"
        example = _example(mapping, missing)
        wanted = " and ".join(_SPOKEN[m] for m in missing)
        raise MappingError(
            f"cannot tell which column holds {wanted}"
            f"; the headers found (row {mapping.header_row}): {found}. "
            f"Say which with, e.g.: {example}"
        )


_SPOKEN = {"date": "the date", "what": "what happened"}


def _example(mapping: ColumnMap, missing: list[str]) -> str:
    free = [h for c, h in mapping.headers.items() if c not in mapping.columns]
    parts = []
    for name, header in zip(missing, free + ["COLUMN"] * len(missing), strict=False):
        parts.append(f'--map "{header}={name}"')
    return " ".join(parts)
