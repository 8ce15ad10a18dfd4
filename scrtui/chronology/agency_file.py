"""An agency's chronology file as text: a new file, and new or changed entries spliced in at
their place in date order.

Every byte already in the file, its comments included, stays as it was. New entries are
rendered by `_value` (TOML basic strings, dates and numbers); an entry whose row changed, and
the `[mapping]` table, are edited through tomlkit on their own fragment of the file, which
keeps their comments. tomlkit on the whole document would take seconds for a file of 20,000
entries; `importer` parses the result back with tomli before anything is written.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Any

import tomlkit

from ..model import ChronologyEntry, ReviewModel
from ..store.locate import locate_keys
from .import_plan import Plan, Row


def agency_name(model: ReviewModel, agency: str) -> str:
    """The agency's name in scope.toml, where `_in_scope` found it."""
    assert model.scope is not None
    return next((a.name for a in model.scope.agencies if a.id == agency), agency)


def new_file(plan: Plan, model: ReviewModel, wanted: dict[str, Any], source: str) -> str:
    name = agency_name(model, plan.agency)
    head = (
        f"# {name}: chronology entries. Entries with a `row` came from the agency's own\n"
        "# chronology through `scr import chronology`; [mapping] is how it reads the "
        "agency's columns.\n"
        f"agency = {_value(plan.agency)}\n\n"
    )
    blocks = [_mapping_text(wanted)]
    blocks += [_entry_text(row, source) for row in sorted(plan.new, key=lambda r: r.key)]
    return head + "\n".join(blocks)


def _mapping_text(wanted: dict[str, Any]) -> str:
    lines = ["[mapping]\n"]
    for key, value in wanted.items():
        lines.append(f"{key} = {_value(value)}\n")
    return "".join(lines)


def _entry_text(row: Row, source: str, entry_id: str | None = None) -> str:
    when = row.when
    lines = [
        "[[entry]]\n",
        f"id = {_value(entry_id or row.entry_id)}\n",
        f"date = {_value(when.date)}\n",
        f"precision = {_value(when.precision)}\n",
    ]
    if when.time:
        lines.append(f"time = {_value(when.time)}\n")
    if when.written:
        lines.append(f"date_text = {_value(when.written)}\n")
    lines += [f"what = {_value(row.what)}\n", f"who = {_value(row.who)}\n"]
    if row.record:
        lines.append(f"record = {_value(row.record)}\n")
    lines += [
        f"source = {_value(source)}\n",
        f"significance = {_value(row.significance)}\n",
        f"row = {row.number}\n",
        f"row_hash = {_value(row.row_hash)}\n",
    ]
    return "".join(lines)


def _value(value: object) -> str:
    """A value as TOML: a basic string (multi-line when the text has line breaks), a date, a
    whole number, or a list of strings."""
    if type(value) is str and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # nothing to escape (most cells): as below, at a fraction of the cost
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        body = _ESCAPE_MULTI.sub(_escape, text)
        return f'"""\n{body}"""'
    return '"' + _ESCAPE.sub(_escape, text) + '"'


_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPE_MULTI = re.compile(r'["\\\x00-\x09\x0b-\x1f\x7f]')
_NAMED = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\u{ord(char):04X}"


def _header_lines(text: str) -> tuple[list[str], dict[str, int]]:
    """The file's lines, and the 0-based line of each table header by key path."""
    lines = text.splitlines(keepends=True)
    headers = {}
    for key, (line, _col) in locate_keys(text).items():
        if line - 1 < len(lines) and lines[line - 1].lstrip().startswith("["):
            headers[key] = line - 1
    return lines, headers


def _lead(lines: list[str], header: int) -> int:
    """Where a header's block starts: the comment lines right above it belong to it."""
    start = header
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start


def table_span(text: str, name: str) -> tuple[int, int] | None:
    lines, headers = _header_lines(text)
    if name not in headers:
        return None
    return _span(lines, headers, headers[name])


def _span(lines: list[str], headers: dict[str, int], header: int) -> tuple[int, int]:
    """A table's lines from its header to where the next table's block starts."""
    later = sorted(h for h in headers.values() if h > header)
    end = _lead(lines, later[0]) if later else len(lines)
    return header, end


def spliced(
    plan: Plan,
    text: str,
    entries: list[ChronologyEntry],
    wanted: dict[str, Any] | None,
    source: str,
) -> str:
    lines, headers = _header_lines(text)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    # (start, end, order, new text): lines[start:end] replaced; of insertions at one place,
    # the lowest order ends up first
    edits: list[tuple[int, int, int, str]] = []
    positions: list[int | None] = []  # each entry's header line, in file order
    for index, _entry in enumerate(entries):
        positions.append(headers.get(f"entry[{index}]"))
    by_id = {e.id: i for i, e in enumerate(entries)}
    for row in plan.changed:
        changed = by_id.get(row.entry_id)
        header = positions[changed] if changed is not None else None
        if header is None:
            continue
        start, end = _span(lines, headers, header)
        fragment = "".join(lines[start:end])
        edits.append((start, end, 1, _changed_fragment(fragment, row, source)))
    if wanted is not None:
        if "mapping" in headers:
            start, end = _span(lines, headers, headers["mapping"])
            edits.append((start, end, 0, _mapping_fragment("".join(lines[start:end]), wanted)))
        else:
            first = min((p for p in positions if p is not None), default=None)
            at = _lead(lines, first) if first is not None else len(lines)
            gap = "" if at == 0 or not lines[at - 1].strip() else "\n"
            edits.append((at, at, 0, gap + _mapping_text(wanted) + "\n"))
    new = sorted(plan.new, key=lambda r: r.key)
    if new:
        keys = [(e.date or date.max, e.time) for e in entries]
        ordered = all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1))
        groups: dict[int, list[Row]] = {}
        for row in new:
            key = (row.when.date, row.when.time)
            if ordered:
                index = bisect.bisect_right(keys, key)
            else:
                index = next((i for i, k in enumerate(keys) if k > key), len(keys))
            groups.setdefault(index, []).append(row)
        for index, rows in groups.items():
            block = "\n".join(_entry_text(r, source) for r in rows)
            header = positions[index] if index < len(entries) else None
            if header is not None:
                at = _lead(lines, header)
                edits.append((at, at, 1, block + "\n"))
            else:
                at = len(lines)
                gap = "\n" if lines and lines[-1].strip() else ""
                edits.append((at, at, 1, gap + block))
    for start, end, _order, new_text in sorted(edits, key=lambda e: e[:3], reverse=True):
        lines[start:end] = [new_text]
    return "".join(lines)


def _changed_fragment(fragment: str, row: Row, source: str) -> str:
    doc = tomlkit.parse(fragment)
    table = doc["entry"][0]
    table["date"] = row.when.date
    table["precision"] = row.when.precision
    for key, value in (
        ("time", row.when.time),
        ("date_text", row.when.written),
        ("record", row.record),
    ):
        if value:
            table[key] = value
        elif key in table:
            del table[key]
    table["what"] = row.what
    table["who"] = row.who
    if row.has_significance:
        table["significance"] = row.significance
    table["source"] = source
    table["row"] = row.number
    table["row_hash"] = row.row_hash
    return doc.as_string()


def _mapping_fragment(fragment: str, wanted: dict[str, Any]) -> str:
    doc = tomlkit.parse(fragment)
    table = doc["mapping"]
    for key in [k for k in table if k not in wanted]:
        del table[key]
    for key, value in wanted.items():
        if table.get(key) != value:
            table[key] = value
    return doc.as_string()
