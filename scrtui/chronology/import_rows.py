"""An agency's spreadsheet rows into chronology entries: dates and times read, cells joined
into fields, each row's hash; then which rows are already entries, which changed, which are
new (and the new ones' ids)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from ..model import ChronologyEntry, ReviewModel
from ..store.records import next_id
from . import dates, mapping
from .import_plan import Plan, Row, Said, count


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


def read_rows(plan: Plan, model: ReviewModel, today: date) -> None:
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


def match_existing(plan: Plan, model: ReviewModel) -> None:
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
