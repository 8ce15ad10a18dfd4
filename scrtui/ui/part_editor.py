"""A part of the review (Sources, Findings, ...): its records, one record's form, its checklist."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..editing.lines import record_at_line
from ..editing.refs import Broken, Heading, RecordRef, Row, base_table
from ..editing.rows import rows as part_rows
from ..editing.structure import ADDERS
from . import nav
from .checklist import ChecklistPanel
from .record_editor import RecordEditor
from .record_list import RecordList


class PartEditor(Vertical):
    """One part of the review: a record list, the selected record's form, the checklist."""

    DEFAULT_CSS = """
    PartEditor { height: 1fr; }
    PartEditor .part-title { height: 1; text-style: bold; background: $boost; padding: 0 1; }
    PartEditor .part-title.-confidential { background: $error-darken-2; color: $text; }
    PartEditor .part-body { height: 1fr; }
    PartEditor RecordList {
        width: 24; height: 1fr; border-right: vkey $primary-darken-2;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, part: str) -> None:
        super().__init__(id=f"part-{part}", classes="part")
        self.part = part
        self.rows: list[Row] = []
        self.selected: RecordRef | None = None
        self._shown: str | None = None  # key of the row the form shows
        self._showing = asyncio.Lock()
        self.ready = False  # the part's files are open (a worker opens them on first visit)

    def compose(self) -> ComposeResult:
        title = f"{nav.TITLES[self.part]}: {nav.PURPOSES[self.part]}"
        classes = "part-title"
        if self.part == "register":
            title = "Register: CONFIDENTIAL (real names; never copied into a build)"
            classes += " -confidential"
        yield Static(title, classes=classes)
        with Horizontal(classes="part-body"):
            yield RecordList()
            yield RecordEditor()
        yield self.make_checklist()

    def make_checklist(self) -> ChecklistPanel:
        """The part's checklist: its markers' questions (the Actions part has its own)."""
        return ChecklistPanel(self.part)

    @property
    def records(self) -> RecordList:
        return self.query_one(RecordList)

    @property
    def editor(self) -> RecordEditor:
        return self.query_one(RecordEditor)

    @property
    def checklist(self) -> ChecklistPanel:
        return self.query_one(ChecklistPanel)

    def refs(self) -> list[RecordRef]:
        return [row for row in self.rows if isinstance(row, RecordRef)]

    def show_loading(self) -> None:
        """Until the worker has opened the part's files."""
        listing = self.records
        listing.clear_options()
        listing.add_option(Option(Text("loading…", style="dim"), disabled=True))
        self.query_one(".editor-title", Static).update(
            Text(f"Loading {nav.TITLES[self.part]}: opening its files…", style="dim")
        )

    async def loaded(self, rows: list[Row] | None) -> None:
        """The worker opened the files (and read the rows, unless the session had changed)."""
        self.ready = True
        await self.rebuild(rows=rows)

    async def rebuild(self, select: str | None = None, rows: list[Row] | None = None) -> None:
        """Re-read the part's records from the open documents, keeping (or moving) the cursor."""
        if not self.ready:
            return  # the loading worker rebuilds once the files are open
        session = self.app.session
        keep = select or (self.selected.key if self.selected else self._shown)
        self.rows = rows if rows is not None else part_rows(self.part, session)
        listing = self.records
        listing.clear_options()
        listing.add_options([self._option(row) for row in self.rows])
        self.checklist.rebuild()
        index = next((i for i, row in enumerate(self.rows) if row.key == keep), None)
        if index is None:
            index = next(
                (i for i, row in enumerate(self.rows) if not isinstance(row, Heading)), None
            )
        if index is None:
            self.selected = self._shown = None
            await self.editor.show(None, self._empty_message())
            return
        self._shown = None
        listing.highlighted = index
        await self.show_row(index)

    def reorder_if_needed(self) -> None:
        """Rebuild only when the list order changed (a rebuild moves the focus)."""
        if not self.ready:
            return
        order = [row.key for row in part_rows(self.part, self.app.session)]
        if order != [row.key for row in self.rows]:
            self.call_later(self.rebuild)

    def _empty_message(self) -> str:
        if ADDERS.get(self.part):
            return "No records yet. Focus the list (F6 then Enter) and press 'a' to add one."
        return "Nothing here yet."

    def _option(self, row: Row) -> Option:
        session = self.app.session
        if isinstance(row, Heading):
            return Option(Text(row.text, style="bold underline"), id=row.key, disabled=True)
        if isinstance(row, Broken):
            return Option(Text(row.label, style="bold red"), id=row.key)
        challenged = bool(self.app.challenges_on(row.record_id))
        marker = "*" if session.is_dirty(row.rel) else "?" if challenged else " "
        text = Text(
            f"{marker}{row.label}",
            no_wrap=True,
            overflow="ellipsis",
            style="yellow" if challenged else "bold red" if row.warning else "",
        )
        return Option(text, id=row.key)

    def open_challenges(self) -> list[str]:
        """Ids of the open or responded challenges of the record under the cursor."""
        ref = self.selected
        if ref is None:
            return []
        if ref.kind == "challenge":
            document = self.app.session.documents.get(ref.rel)
            front = base_table(document) if document is not None else None
            status = str(front.get("status", "open")) if front is not None else ""
            return [ref.record_id] if status in ("open", "responded") else []
        return [c.id for c in self.app.challenges_on(ref.record_id)]

    def challenges_changed(self, targets: set[str]) -> None:
        """Challenges on these record ids opened or closed: re-mark their rows and the form."""
        if not self.ready:
            return
        rels = {row.rel for row in self.refs() if row.record_id in targets}
        if rels:
            self.refresh_labels(rels)
        if self.selected is not None and self.selected.record_id in targets:
            self.editor.show_challenges(self.app.challenges_on(self.selected.record_id))
        self.app.refresh_bindings()

    def refresh_labels(self, rels: set[str] | None = None) -> None:
        """Relabel rows (titles typed, unsaved marks) of `rels` without moving the cursor."""
        if not self.ready:
            return
        fresh = {row.key: row for row in part_rows(self.part, self.app.session, rels)}
        listing = self.records
        for index, row in enumerate(self.rows):
            new = fresh.get(row.key)
            if new is None or self._option(new).prompt == listing.get_option_at_index(index).prompt:
                continue
            if not isinstance(new, Heading):
                self.rows[index] = new
                listing.replace_option_prompt_at_index(index, self._option(new).prompt)
                if self.selected is not None and new.key == self.selected.key:
                    self.selected = new

    async def show_row(self, index: int | None, again: bool = True) -> None:
        """Show a row's form; one at a time, so a key never meets a half-built form."""
        async with self._showing:
            if index is None or index >= len(self.rows):
                return
            row = self.rows[index]
            if isinstance(row, Heading) or (not again and row.key == self._shown):
                return
            self.selected = row if isinstance(row, RecordRef) else None
            self._shown = None
            await self.editor.show(row)
            self.editor.show_challenges(
                self.app.challenges_on(self.selected.record_id if self.selected is not None else "")
            )
            self._shown = row.key
        self.app.refresh_bindings()

    async def catch_up(self) -> None:
        """Show the record under the list cursor if the form still shows another."""
        await self.show_row(self.records.highlighted, again=False)

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.records:
            event.stop()
            await self.show_row(event.option_index, again=False)

    async def select_key(self, key: str) -> bool:
        index = next((i for i, row in enumerate(self.rows) if row.key == key), None)
        if index is None:
            return False
        self.records.highlighted = index
        await self.show_row(index, again=False)
        return True

    async def go_to(self, rel: str, line: int | None, col: int | None) -> bool:
        """Select the record of `rel` at `line` and focus the field there."""
        broken = next((r for r in self.rows if isinstance(r, Broken) and r.rel == rel), None)
        if broken is not None:
            await self.select_key(broken.key)
            self.records.focus()
            return True
        refs = [r for r in self.refs() if r.rel == rel]
        document = self.app.session.documents.get(rel)
        if not refs or document is None:
            return False
        ref, key = record_at_line(document, refs, line)
        await self.select_key(ref.key)
        self.editor.focus_field(key, line, col)
        return True
