"""An agency's spreadsheet into `chronology/<agency>.toml`: a plan first, then one commit.

`plan_import` reads the file, maps its columns, turns each row into an entry and works out
what is new since the last import, without writing anything (it is all `--dry-run` shows).
`apply_import` writes the plan's files and commits them together.

The rows become entries in `import_rows`, the names scan is `import_names`'s, and what the
import says (`--dry-run` too) is `import_summary`'s. The plan is data (`import_plan`); the
entries' text, spliced into the agency's file so that every byte already there stays as it
was, is `agency_file`'s. The result is parsed back with tomli before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import tomli
import tomlkit

from ..model import ReviewModel, Source
from ..store.files import atomic_write, read_text
from ..store.records import next_record_id
from ..store.workspace import size_limit
from . import mapping, reading
from .agency_file import agency_name, new_file, spliced, table_span
from .import_names import scan_names
from .import_plan import Plan, count
from .import_rows import match_existing, read_rows
from .reading import Unusable

SOURCE_KIND = "agency chronology"


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
    read_rows(plan, model, today)
    match_existing(plan, model)
    _source(plan, root, model, today)
    scan_names(plan, model.register)
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
