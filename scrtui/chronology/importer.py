"""An agency's spreadsheet into `chronology/<agency>.toml`: a plan first, then one commit.

`plan_import` reads the file, maps its columns, turns each row into an entry and works out
what is new since the last import, without writing anything (it is all `--dry-run` shows).
`apply_import` writes the plan's files and commits them together.

The plan is data (`import_plan`); the entries' text, spliced into the agency's file so that
every byte already there stays as it was, is `agency_file`'s. The result is parsed back with
tomli before anything is written.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import tomli
import tomlkit

from ..model import ChronologyEntry, Register, ReviewModel, Source
from ..store.files import atomic_write, read_text
from ..store.records import next_id, next_record_id
from ..store.workspace import size_limit
from . import dates, mapping, reading
from .agency_file import agency_name, new_file, spliced, table_span
from .import_plan import NameFinding, Plan, Row, Said, count
from .reading import Unusable

SOURCE_KIND = "agency chronology"
_SCAN_ROWS = 200  # texts (cells) per text given to the names scan
# What the names scan leaves out of the detector's kinds: a chronology is made of dates and ages.
NOT_NAMES = frozenset({"date", "age"})


class NotInScope(Exception):
    """The agency is not one of the review's agencies (scope.toml); the one line to show."""


# -- planning ----------------------------------------------------------------------------------


def plan_import(
    root: Path,
    model: ReviewModel,
    path: Path,
    agency: str,
    *,
    sheet: str | None = None,
    overrides: Iterable[str] = (),
    today: date | None = None,
) -> Plan:
    """What importing `path` for `agency` would do. Raises `Unusable`, `NotInScope` or
    `mapping.MappingError` when nothing can be imported."""
    today = today or date.today()
    root = Path(root)
    _in_scope(model, agency)
    rel = f"chronology/{agency}.toml"
    existing_text = _existing_text(root, rel, model)
    saved = _saved_mapping(existing_text)
    pairs = mapping.parse_map_options(overrides)
    kind = reading.kind_of(path)
    table, columns, notes = _choose_sheet(path, kind, sheet, saved, pairs)
    plan = Plan(path, agency, table, columns, notes=notes + table.notes)
    _rows(plan, model, today)
    _against_existing(plan, model)
    _source(plan, root, model, today)
    _names(plan, model.register)
    _render(plan, root, model, existing_text, saved, today)
    return plan


def _in_scope(model: ReviewModel, agency: str) -> None:
    known = [a.id for a in model.scope.agencies] if model.scope else []
    if agency not in known:
        listed = ", ".join(known) if known else "none (scope.toml lists no [[agency]])"
        raise NotInScope(
            f"agency '{agency}' is not in the review's scope; the agencies in scope.toml: {listed}"
        )


def _existing_text(root: Path, rel: str, model: ReviewModel) -> str | None:
    path = root / rel
    if not path.exists():
        return None
    text, problem = read_text(path, rel)
    if problem is not None:
        raise Unusable(f"{problem}; fix {rel} first (scr check says what is wrong)")
    assert text is not None  # read, as there is no problem
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise Unusable(f"{rel}: is not valid TOML ({exc}); fix it first (scr check)") from None
    return text


def _saved_mapping(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    span = table_span(text, "mapping")
    if span is None:
        return None
    lines = text.splitlines(keepends=True)
    try:
        data = tomli.loads("".join(lines[span[0] : span[1]]))
    except tomli.TOMLDecodeError:
        return None
    value = data.get("mapping")
    return value if isinstance(value, dict) else None


def _choose_sheet(
    path: Path,
    kind: str,
    sheet: str | None,
    saved: dict[str, Any] | None,
    pairs: list[tuple[str, str]],
) -> tuple[reading.Table, mapping.ColumnMap, list[str]]:
    """The sheet to import and its column mapping, and what was said while choosing."""
    notes: list[str] = []
    if kind == "csv":
        if sheet is not None:
            notes.append(f"--sheet '{sheet}' is not used: a CSV file has no sheets")
        table = reading.read_csv(path)
        return table, _map(table, pairs, saved), notes
    infos = reading.sheets(path, kind)
    names = [s.name for s in infos]
    hidden = [s.name for s in infos if not s.visible]
    if sheet is not None:
        if sheet not in names:
            listed = ", ".join(f"'{n}'" for n in names)
            raise Unusable(f"{path}: has no sheet '{sheet}'; its sheets: {listed}")
        if sheet in hidden:
            notes.append(f"sheet '{sheet}' is hidden; read because --sheet names it")
        table = reading.read(path, sheet, kind)
        return table, _map(table, pairs, saved), notes
    for name in hidden:
        notes.append(f"sheet '{name}' is hidden and was not read (name it with --sheet to read it)")
    visible = [s.name for s in infos if s.visible]
    if not visible:
        raise Unusable(f"{path}: every sheet is hidden; name the one to import with --sheet")
    remembered = (saved or {}).get("sheet")
    if isinstance(remembered, str) and remembered in visible:
        table = reading.read(path, remembered, kind)
        return table, _map(table, pairs, saved), notes
    if len(visible) == 1:
        table = reading.read(path, visible[0], kind)
        return table, _map(table, pairs, saved), notes
    fits = []
    for name in visible:
        table = reading.read(path, name, kind)
        try:
            fits.append((table, _map(table, pairs, saved)))
        except (mapping.MappingError, Unusable):
            continue
    if len(fits) == 1:
        others = ", ".join(f"'{n}'" for n in visible if n != fits[0][0].sheet)
        notes.append(f"sheet '{fits[0][0].sheet}' read; {others} do not look like a chronology")
        return fits[0][0], fits[0][1], notes
    if len(fits) > 1:
        listed = ", ".join(f"'{t.sheet}'" for t, _ in fits)
        raise Unusable(
            f"{path}: several sheets look like chronologies ({listed}); choose one with --sheet"
        )
    table = reading.read(path, visible[0], kind)
    return table, _map(table, pairs, saved), notes


def _map(
    table: reading.Table, pairs: list[tuple[str, str]], saved: dict[str, Any] | None
) -> mapping.ColumnMap:
    place = f"{table.path}" + (f" (sheet '{table.sheet}')" if table.sheet else "")
    if not any(mapping.filled(v) for _, cells in table.rows for v in cells):
        raise Unusable(f"{place}: is empty; there is nothing to import")
    try:
        header = mapping.header_row(table.rows, saved)
        columns = mapping.resolve(header, pairs, saved)
    except mapping.MappingError as exc:
        raise mapping.MappingError(f"{place}: {exc}") from None
    if not any(
        any(mapping.filled(v) for v in cells)
        for number, cells in table.rows
        if number > columns.header_row
    ):
        raise Unusable(
            f"{place}: has headers (row {columns.header_row}) but no rows under "
            "them; there is nothing to import"
        )
    return columns


def _text(value: object) -> str:
    """A cell as text in an entry: spaces made single, line breaks kept."""
    if type(value) is str:
        if "  " not in value and "\n" not in value and "\t" not in value and "\r" not in value:
            return value.strip()
    elif value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return "\n".join(" ".join(line.split()) for line in str(value).strip().splitlines()).strip()


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if not part:
            continue
        if out:
            out += " " if out[-1] in ".!?:;" else ". "
        out += part
    return out


def _rows(plan: Plan, model: ReviewModel, today: date) -> None:
    table, columns = plan.table, plan.columns
    date_col = columns.of("date")[0]
    time_cols = columns.of("time")
    what_cols, outcome_cols = columns.of("what"), columns.of("outcome")
    who_cols, role_cols = columns.of("who"), columns.of("role")
    record_cols, significance_cols = columns.of("record"), columns.of("significance")
    used = sorted(columns.columns)
    start = plan.columns.header_row
    data = [
        (n, cells) for n, cells in table.rows if n > start and any(mapping.filled(v) for v in cells)
    ]
    month_first = next(
        (
            str(_cell(cells, date_col))
            for _, cells in data
            if dates.month_first_only(_cell(cells, date_col))
        ),
        "",
    )
    period = model.scope
    formula_values = 0
    seen: dict[str, int] = {}
    fields = {c: columns.columns[c] for c in used}
    width = max(used, default=0)
    # A column holds the same dates and times many times: each distinct cell is read once.
    parsed_dates: dict[tuple[type, object], dates.ParsedDate | str] = {}
    parsed_times: dict[tuple[type, object], tuple[str, str]] = {}

    def read_date(raw: object) -> dates.ParsedDate | str:
        """The cell's date, or why it is not one."""
        key = (type(raw), raw)
        if key not in parsed_dates:
            try:
                parsed_dates[key] = dates.parse_date(raw, today=today, month_first=month_first)
            except dates.DateError as exc:
                parsed_dates[key] = str(exc)
        return parsed_dates[key]

    def read_time(raw: object) -> tuple[str, str]:
        """The cell's time (HH:MM, or ""), and why it is not one ("" when it is)."""
        key = (type(raw), raw)
        if key not in parsed_times:
            try:
                parsed_times[key] = (dates.parse_time(raw), "")
            except dates.DateError as exc:
                parsed_times[key] = ("", str(exc))
        return parsed_times[key]

    for number, cells in data:
        before = len(plan.rejected)

        def reject(col: int, message: str, number: int = number) -> None:
            plan.rejected.append(Said(table.where(number, col), number, message))

        def warn(col: int | None, message: str, number: int = number) -> None:
            plan.warnings.append(Said(table.where(number, col), number, message))

        for col in used if table.formulas else ():
            formula = table.formulas.get((number, col))
            if formula is None:
                continue
            if mapping.filled(_cell(cells, col)):
                formula_values += 1
            elif col == date_col:
                reject(
                    col,
                    f"the date is a formula ({formula}) with no saved value: open the "
                    "file in Excel or LibreOffice, save it, and import it again",
                )
            else:
                warn(col, f"a formula ({formula}) with no saved value: read as empty")
        if len(plan.rejected) > before:
            continue
        raw = _cell(cells, date_col)
        if not mapping.filled(raw):
            reject(date_col, "no date")
            continue
        when_or_error = read_date(raw)
        if isinstance(when_or_error, str):
            reject(date_col, when_or_error)
            continue
        when = when_or_error
        if time_cols and mapping.filled(_cell(cells, time_cols[0])):
            clock, wrong = read_time(_cell(cells, time_cols[0]))
            if wrong:
                reject(time_cols[0], wrong)
                continue
            if clock and when.precision != "day":
                reject(time_cols[0], "a time with a date that is not exact to the day")
                continue
            if clock:
                when = dates.ParsedDate(when.date, when.precision, clock, when.written)
        # each used cell as text once: for the fields and for the row's hash
        if len(cells) >= width:
            texts = {c: _text(cells[c - 1]) for c in used}
        else:
            texts = {c: _text(_cell(cells, c)) for c in used}
        what = _join([texts[c] for c in what_cols])
        outcome = _join([texts[c] for c in outcome_cols])
        if outcome:
            what = _join([what, f"Outcome: {outcome}"])
        if not what:
            named = ", ".join(f'"{columns.headers.get(c, "")}"' for c in what_cols)
            reject(what_cols[0], f"nothing in {named}: an entry needs what happened")
            continue
        who = ", ".join(t for t in (texts[c] for c in who_cols) if t)
        role = ", ".join(t for t in (texts[c] for c in role_cols) if t)
        who = f"{who} ({role})" if who and role else (who or role)
        record = "; ".join(t for t in (texts[c] for c in record_cols) if t)
        significance = _join([texts[c] for c in significance_cols])
        row_hash = _hash([(fields[c], texts[c]) for c in used])
        if row_hash in seen:
            warn(None, f"the same as row {seen[row_hash]}; imported once")
            continue
        seen[row_hash] = number
        shown = when.written or when.date.isoformat()
        if when.date > today:
            warn(date_col, f"the date {shown} is in the future; imported")
        if period is not None and period.period_start and _ends(when) < period.period_start:
            warn(
                date_col,
                f"{shown} is before the review period (from "
                f"{period.period_start.isoformat()}); imported",
            )
        elif period is not None and period.period_end and when.date > period.period_end:
            warn(
                date_col,
                f"{shown} is after the review period (to "
                f"{period.period_end.isoformat()}); imported",
            )
        plan.rows.append(
            Row(
                number,
                when,
                what,
                who,
                record,
                significance,
                row_hash,
                has_significance=bool(significance_cols),
            )
        )
    if formula_values:
        plan.notes.append(
            f"{count(formula_values, 'cell holds', 'cells hold')} a formula; "
            "the value saved with the file is imported"
        )


def _ends(when: dates.ParsedDate) -> date:
    """The last day a partial date may mean (March 2024 may be 31 March)."""
    if when.precision == "month":
        return dates.parse_bound(when.date.strftime("%Y-%m"), end=True)
    if (
        when.precision in ("year", "approximate")
        and when.written
        and re.fullmatch(r"\D*\d{4}\D*", when.written)
    ):
        return date(when.date.year, 12, 31)
    return when.date


def _cell(cells: list[object], col: int) -> object:
    return cells[col - 1] if col - 1 < len(cells) else ""


def _hash(parts: list[tuple[str, str]]) -> str:
    """Of each (field, text): the field, 0x1F, the text, 0x1E, in UTF-8, hashed in one go."""
    joined = "".join(f"{name}\x1f{text}\x1e" for name, text in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def _against_existing(plan: Plan, model: ReviewModel) -> None:
    """Which rows are already entries (the same cells), which changed, which are new.

    A row whose cells are in no entry is a changed one when an entry imported before is no
    longer in the file and was at that row with that date, or is the only one with that date
    and time, or was at that row; otherwise it is new.
    """
    mine = [e for e in model.chronology if e.agency == plan.agency and e.row_hash]
    by_hash = {e.row_hash: e for e in mine}
    claimed: set[str] = set()
    pending = []
    for row in plan.rows:
        entry = by_hash.get(row.row_hash)
        if entry is not None:
            row.status, row.entry_id = "same", entry.id
            claimed.add(entry.id)
        else:
            pending.append(row)
    gone = [e for e in mine if e.id not in claimed]
    tests: tuple[Callable[[Row, ChronologyEntry], bool], ...] = (
        lambda r, e: e.row == r.number and e.date == r.when.date,
        lambda r, e: e.date == r.when.date and e.time == r.when.time,
        lambda r, e: e.row == r.number,
    )
    for index, test in enumerate(tests):
        for row in pending:
            if row.status != "new":
                continue
            fits = [e for e in gone if e.id not in claimed and test(row, e)]
            if len(fits) == 1 or (fits and index != 1):
                old = fits[0]
                row.status, row.entry_id, row.previous = "changed", old.id, old
                claimed.add(old.id)
    plan.gone = [e for e in mine if e.id not in claimed]
    known = list(model.known_ids())
    new = sorted(plan.new, key=lambda r: r.key)
    if new:
        first = int(next_id(known, "chronology").split("-")[1])
        for offset, row in enumerate(new):
            row.entry_id = f"CH-{first + offset:04d}"


# -- the source --------------------------------------------------------------------------------


def _source(plan: Plan, root: Path, model: ReviewModel, today: date) -> None:
    theirs = [s for s in model.sources if s.kind == SOURCE_KIND and s.agency == plan.agency]
    if theirs:
        plan.source_id = max(theirs, key=lambda s: s.id).id
    else:
        plan.source_id = next_record_id(root, model, "source")
        plan.source_is_new = True


def _location(root: Path, path: Path) -> str:
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    if base in real.parents:
        return real.relative_to(base).as_posix()
    return str(real)


def _source_text(plan: Plan, root: Path, model: ReviewModel, today: date) -> tuple[str, str]:
    rel = f"sources/{plan.source_id}.toml"
    what = f"sheet '{plan.table.sheet}'" if plan.table.sheet else "CSV"
    sentence = (
        f"Imported with scr import chronology on {today.isoformat()} from "
        f"{plan.path.name} ({what}): {count(len(plan.new), 'new entry', 'new entries')}"
        f", {len(plan.changed)} changed, {len(plan.same)} already imported, "
        f"{count(len(plan.rejected_rows), 'row', 'rows')} rejected."
    )
    if plan.source_is_new:
        name = agency_name(model, plan.agency)
        doc = tomlkit.document()
        doc["id"] = plan.source_id
        doc["title"] = f"{name}: the agency's chronology ({plan.path.name})"
        doc["kind"] = SOURCE_KIND
        doc["agency"] = plan.agency
        doc["received"] = today
        doc["access"] = "full"
        doc["non_cooperation"] = ""
        doc["location"] = _location(root, plan.path)
        doc["notes"] = sentence
        return rel, doc.as_string()
    text, problem = read_text(root / rel, rel)
    if problem is not None:
        raise Unusable(f"{problem}; fix {rel} first (scr check)")
    assert text is not None  # read, as there is no problem
    doc = tomlkit.parse(text)
    doc["received"] = today
    doc["location"] = _location(root, plan.path)
    notes = str(doc.get("notes", "")).strip()
    doc["notes"] = tomlkit.string(
        f"{notes}\n{sentence}\n" if notes else sentence, multiline=bool(notes)
    )
    return rel, doc.as_string()


# -- the names scan ----------------------------------------------------------------------------


def _names(plan: Plan, register: Register | None) -> None:
    """Identifiers in the imported rows that the register does not hold, with their rows."""
    rows = plan.new + plan.changed
    if not rows:
        return
    if register is None:
        plan.notes.append("register.toml could not be read: the rows were not scanned for names")
        return
    from ..anonymise import Anonymiser  # noqa: PLC0415 - the scan is the only user here
    from ..residual import ResidualDetector  # noqa: PLC0415

    # Each different text once: a practitioner's name is in most rows, and the scan of a text
    # does not depend on the row it is in.
    where: dict[str, list[int]] = {}
    for row in rows:
        for part in (row.what, row.who, row.record, row.significance):
            if part:
                where.setdefault(part.replace("\n", " "), []).append(row.number)
    lines = list(where)
    anonymiser = Anonymiser.from_register(register)
    detector = ResidualDetector(register)
    found: dict[tuple[str, str], NameFinding] = {}
    for first in range(0, len(lines), _SCAN_ROWS):  # small texts: the detector quotes context
        chunk = lines[first : first + _SCAN_ROWS]
        text = "\n".join(chunk)
        starts = [0]
        for line in chunk[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        spans = sorted((r.start, r.end) for r in anonymiser.apply(text).replacements)
        span_starts = [s for s, _ in spans]
        for candidate in detector.detect(text):
            if candidate.kind in NOT_NAMES or candidate.is_allowed:
                continue
            i = bisect.bisect_right(span_starts, candidate.end) - 1
            if i >= 0 and spans[i][1] > candidate.offset:
                continue  # a registered name: the register holds it already
            line = lines[first + bisect.bisect_right(starts, candidate.offset) - 1]
            key = (candidate.kind, candidate.text)
            finding = found.setdefault(
                key, NameFinding(candidate.kind, candidate.text, [], candidate.detail)
            )
            finding.rows.extend(where[line])
    for finding in found.values():
        finding.rows = sorted(set(finding.rows))
    plan.names = sorted(found.values(), key=lambda f: (f.rows[0], f.text))


# -- what it says -------------------------------------------------------------------------


def said_lines(plan: Plan) -> list[str]:
    """The rejected rows and the warnings, each at its place (FILE:SHEET!ROW:COL: ...)."""
    lines = [f"{said}; row not imported" for said in plan.rejected]
    return lines + [f"{said.where}: warning: {said.message}" for said in plan.warnings]


def summary_lines(plan: Plan, dry_run: bool, names: bool = True) -> list[str]:
    """What was read, with the column mapping used, and what the import writes (or, with
    `dry_run`, would write); with `names`, the names the register does not hold."""
    table = plan.table
    where = f"{table.path}" + (f", sheet '{table.sheet}'" if table.sheet else "")
    lines = [f"Reading {where} for {plan.agency}; headers in row {plan.columns.header_row}:"]
    lines += [f"  {line}" for line in plan.columns.describe()]
    lines += [f"note: {note}" for note in plan.notes]
    read = len(plan.rows) + len(plan.rejected_rows)
    counts = (
        f"{read:,} rows read: {len(plan.new):,} new, {len(plan.changed):,} changed, "
        f"{len(plan.same):,} already imported, {len(plan.rejected_rows):,} rejected"
    )
    lines.append(counts)

    def done(verb: str) -> str:
        return f"would be {verb}" if dry_run else verb

    if plan.new:
        ids = sorted(r.entry_id for r in plan.new)
        span = ids[0] if len(ids) == 1 else f"{ids[0]} to {ids[-1]}"
        lines.append(f"  {span} {done('added')} to {plan.chronology_rel}, in date order")
    for row in plan.changed:
        lines.append(f"  row {row.number} changed: {row.entry_id} {done('updated')}")
    for entry in plan.gone:
        lines.append(f"  {entry.id} (row {entry.row}) is no longer in the file; it is kept")
    if plan.new or plan.changed:
        said = "new source" if plan.source_is_new else "source"
        lines.append(f'  each cites the {said} {plan.source_id} (kind "agency chronology")')
    if plan.mapping_saved:
        lines.append(
            f"  the column mapping {done('saved')} in {plan.chronology_rel} for the next import"
        )
    if not plan.files:
        lines.append("Nothing new to import.")
    if names and plan.names:
        lines.append(
            "Names and identifiers the register does not hold (register them before "
            "anything is published):"
        )
        width = max(len(f.text) for f in plan.names[:200])
        for finding in plan.names[:200]:
            rows = ", ".join(str(r) for r in finding.rows[:8])
            more = f" and {len(finding.rows) - 8} more" if len(finding.rows) > 8 else ""
            lines.append(
                f"  {finding.kind:<12} {finding.text:<{min(width, 30)}}  "
                f"row{'s' if len(finding.rows) > 1 else ''} {rows}{more}"
            )
        if len(plan.names) > 200:
            lines.append(f"  ... and {len(plan.names) - 200} more")
    return lines


# -- writing -----------------------------------------------------------------------------------


def _render(
    plan: Plan,
    root: Path,
    model: ReviewModel,
    existing: str | None,
    saved: dict[str, Any] | None,
    today: date,
) -> None:
    rel = plan.chronology_rel
    wanted = plan.columns.to_saved(plan.table.sheet)
    mapping_changes = (saved or {}) != wanted
    if not (plan.new or plan.changed or mapping_changes):
        return
    plan.mapping_saved = mapping_changes
    entries = [e for e in model.chronology if e.origin.path == rel]
    source = plan.source_id
    if existing is None:
        text = new_file(plan, model, wanted, source)
    else:
        text = spliced(plan, existing, entries, wanted if mapping_changes else None, source)
    limit, limit_text = size_limit(rel)
    if len(text.encode("utf-8")) > limit:
        raise Unusable(
            f"{rel} would be {len(text.encode()) / 2**20:.1f} MiB, over the "
            f"{limit_text} scr reads; split the spreadsheet and import fewer rows"
        )
    _verify(text, rel, len(entries) + len(plan.new))
    plan.files[rel] = text
    plan.originals[rel] = existing
    if plan.new or plan.changed:
        source_rel, source_text = _source_text(plan, root, model, today)
        plan.files[source_rel] = source_text
        plan.originals[source_rel] = (
            None if plan.source_is_new else (read_text(root / source_rel, source_rel)[0])
        )


def _verify(text: str, rel: str, count: int) -> None:
    """The text parses and holds every entry: a bug here must not reach the review."""
    data = tomli.loads(text)
    found = len(data.get("entry", []))
    if found != count:
        raise RuntimeError(f"{rel}: the import made {found} entries, expected {count}")


def apply_import(root: Path, plan: Plan) -> str | None:
    """Write the plan's files and commit them together; the commit's sha (None when there was
    nothing to write). A failure puts back the files as they were."""
    from ..store import gitrepo  # noqa: PLC0415 - git only when something is written

    if not plan.files:
        return None
    root = Path(root)
    repo = gitrepo.Repository(root)
    gitrepo.identity(root)
    written: list[str] = []
    try:
        for rel, text in plan.files.items():
            atomic_write(root / rel, text)
            written.append(rel)
        return repo.commit(plan.message(), paths=list(plan.files))
    except BaseException:
        for rel in written:
            before = plan.originals.get(rel)
            if before is None:
                (root / rel).unlink(missing_ok=True)
            else:
                atomic_write(root / rel, before)
        raise


def source_of(model: ReviewModel, agency: str) -> Source | None:
    """The agency's chronology source, when it has been imported before."""
    theirs = [s for s in model.sources if s.kind == SOURCE_KIND and s.agency == agency]
    return max(theirs, key=lambda s: s.id) if theirs else None
