"""The Chronology part: every agency's entries in one date order (the integrated view), and
each agency's entries to edit (the record list and form every part has).

The integrated view is `chronology.integrated.build` over the review as last loaded (the
saved files; the app reloads it after each commit): date, agency, episode and what, with the
gaps in contact, the key practice episodes and the incident as rows of their own. It filters
by agency and by episode; Enter on an entry opens its record in the form beside the agency's
list, and `l` goes back. `i` (or "Import an agency chronology" in the command palette) opens
the import screen.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, DataTable, Static

from .checklist import ChecklistPanel
from .chronology_rows import AGENCY_W, DATE_W, EPISODE_W, ViewRow, summary, view_rows
from .handover import focus_now
from .part_editor import PartEditor
from .record_editor import RecordEditor
from .record_list import RecordList

INTEGRATED, RECORDS = "chronology-integrated", "chronology-records"
TITLES = {
    INTEGRATED: "Chronology: all agencies, by date (Enter opens an entry)",
    RECORDS: "Chronology by agency (l: all agencies, by date)",
}


class ChronologyTable(DataTable):
    """The integrated chronology; keys here filter it and open an entry's record."""

    BINDINGS = [
        Binding("enter", "open_entry", "Open the entry's record (in Records)", show=False),
        Binding("a", "filter_agency", "Agency", tooltip="Show one agency's entries, or all"),
        Binding("e", "filter_episode", "Episode", tooltip="Show a key practice episode, or all"),
        Binding("l", "records", "Records", tooltip="Records by agency, to edit (l: back)"),
        Binding("g", "next_gap", "Gap", tooltip="The next gap in contact"),
        Binding("i", "import", "Import", tooltip="Import an agency chronology"),
    ]

    def __init__(self) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_cursor=True)

    @property
    def part(self) -> ChronologyPart:
        return self.query_ancestor(ChronologyPart)

    async def action_open_entry(self) -> None:
        await self.part.open_entry()

    def action_filter_agency(self) -> None:
        self.part.choose_agency()

    def action_filter_episode(self) -> None:
        self.part.choose_episode()

    def action_next_gap(self) -> None:
        self.part.next_gap()

    async def action_records(self) -> None:
        await self.part.show_records()

    def action_import(self) -> None:
        from .import_chronology_screen import start_import  # noqa: PLC0415

        start_import(self.app, self.part.agency)

    def on_resize(self) -> None:
        self.part.table_resized()


class ChronologyPart(PartEditor):
    """The Chronology part of the navigation: the integrated view first, then the records."""

    BINDINGS = [
        Binding("l", "integrated", "All agencies", tooltip="Back to all agencies in date order")
    ]
    DEFAULT_CSS = """
    ChronologyPart #chronology-switcher { height: 1fr; }
    ChronologyPart .chronology-summary { height: 1; padding: 0 1; }
    ChronologyPart ChronologyTable { height: 1fr; }
    ChronologyPart .chronology-detail {
        height: 4; padding: 0 1; border-top: solid $primary-darken-2;
    }
    """

    def __init__(self) -> None:
        self.view = None  # the integrated.View shown
        self.view_rows: list[ViewRow] = []
        self.agency: str | None = None  # the filters
        self.episode: str | None = None
        self._width = 0  # the table's width the rows were laid out for
        super().__init__("chronology")

    def compose(self) -> ComposeResult:
        yield Static(TITLES[INTEGRATED], classes="part-title")
        with ContentSwitcher(initial=INTEGRATED, id="chronology-switcher"):
            with Vertical(id=INTEGRATED):
                yield Static(Text("Reading the review…", style="dim"), classes="chronology-summary")
                yield ChronologyTable()
                yield Static("", classes="chronology-detail")
            with Horizontal(id=RECORDS, classes="part-body"):
                yield RecordList()
                yield RecordEditor()
        yield ChecklistPanel(self.part)

    @property
    def selected(self):
        """The record a key acts on (F7: its history): in the integrated view the entry under
        the cursor, in the records view the one the list has selected."""
        if self.is_mounted and self.view is not None and not self.showing_records:
            row = self.current_row()
            key = row.key if row is not None and row.entry is not None else None
            return next((ref for ref in self.refs() if ref.key == key), None)
        return self._selected

    @selected.setter
    def selected(self, ref) -> None:
        self._selected = ref

    @property
    def table(self) -> ChronologyTable:
        return self.query_one(ChronologyTable)

    @property
    def showing_records(self) -> bool:
        return self.query_one(ContentSwitcher).current == RECORDS

    def on_mount(self) -> None:
        self.review_loaded()

    def focus_first(self) -> None:
        """Where Enter on the part in the navigation goes: the view that is showing."""
        focus_now(self.records if self.showing_records else self.table)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "integrated":
            return self.showing_records
        return super().check_action(action, parameters)

    # -- the two views -------------------------------------------------------------------------
    def _switch(self, view: str) -> None:
        self.query_one(ContentSwitcher).current = view
        self.query_one(".part-title", Static).update(TITLES[view])

    async def show_records(self, key: str | None = None) -> None:
        """The agency's records, the entry under the table's cursor (or `key`) selected."""
        row = self.current_row()
        key = key or (row.key if row is not None and row.entry is not None else None)
        self._switch(RECORDS)
        if key is not None:
            await self._select(key)
        focus_now(self.records)
        self.app.refresh_bindings()

    def action_integrated(self) -> None:
        """Back to the integrated view, at the entry the record list has selected."""
        self._switch(INTEGRATED)
        if self._selected is not None:
            self.move_to(self._selected.key)
        focus_now(self.table)
        self.app.refresh_bindings()

    async def open_entry(self) -> None:
        """Enter on a row: the entry's record in the form; a gap or a band has none."""
        row = self.current_row()
        if row is None:
            return
        if row.entry is None:
            self.notify(f"{row.detail.plain.split('.')[0]}: not a record; Enter opens entries.")
            return
        if not self.ready:  # the part's files are still being opened: open it when they are
            await self.app.when_loaded(self.part, lambda: self.show_records(row.key))
            return
        await self.show_records(row.key)

    async def _select(self, key: str) -> bool:
        return await super().select_key(key)

    async def select_key(self, key: str) -> bool:
        """A record chosen from elsewhere (the palette, a problem): the records view shows it."""
        self._switch(RECORDS)
        found = await self._select(key)
        self.app.refresh_bindings()
        return found

    async def go_to(self, rel: str, line: int | None, col: int | None) -> bool:
        self._switch(RECORDS)
        return await super().go_to(rel, line, col)

    # -- the integrated view -------------------------------------------------------------------
    def review_loaded(self) -> None:
        """The app (re)loaded the review: build the view again, with the same filters."""
        loaded = self.app.loaded
        if loaded is not None:
            self._build(loaded.model, self.agency, self.episode)

    @work(thread=True, exclusive=True, group="chronology-view")
    def _build(self, model, agency: str | None, episode: str | None) -> None:
        from ..chronology import integrated  # noqa: PLC0415

        try:
            view = integrated.build(model, agencies=[agency] if agency else [], episode=episode)
        except integrated.Unknown:  # the filter's agency or episode is gone: show them all
            agency = episode = None
            view = integrated.build(model)
        self.app.call_from_thread(self._show_view, view, view_rows(view), agency, episode)

    def _show_view(self, view, rows: list[ViewRow], agency, episode) -> None:
        before = self.current_row()
        self.view, self.view_rows = view, rows
        self.agency, self.episode = agency, episode
        self.query_one(".chronology-summary", Static).update(summary(view, agency, episode))
        self._fill(before.key if before is not None else None)

    def _fill(self, keep: str | None = None) -> None:
        table = self.table
        table.clear(columns=True)
        width = table.size.width or max(40, self.app.size.width - 18)
        self._width = width
        what = max(20, width - DATE_W - AGENCY_W - EPISODE_W - 8 - 2)
        for label, size in (("Date", DATE_W), ("Agency", AGENCY_W), ("Ep.", EPISODE_W)):
            table.add_column(label, width=size)
        table.add_column("What", width=what)
        for row in self.view_rows:
            table.add_row(*row.cells, key=row.key)
        if not self.view_rows:
            self._detail(Text("No chronology entries yet.", style="dim"))
            return
        if keep is None or not self.move_to(keep):
            table.move_cursor(row=0)
            self._detail(self.view_rows[0].detail)

    def table_resized(self) -> None:
        """Lay the rows out again for the table's new width (the What column fills it)."""
        if self.view is not None and self.table.size.width not in (0, self._width):
            row = self.current_row()
            self._fill(row.key if row is not None else None)

    def current_row(self) -> ViewRow | None:
        index = self.table.cursor_row
        if self.view is None or not 0 <= index < len(self.view_rows):
            return None
        return self.view_rows[index]

    def move_to(self, key: str) -> bool:
        index = next((i for i, row in enumerate(self.view_rows) if row.key == key), None)
        if index is None:
            return False
        self.table.move_cursor(row=index)
        self._detail(self.view_rows[index].detail)
        return True

    def _detail(self, text: Text) -> None:
        self.query_one(".chronology-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.view_rows):
            self._detail(self.view_rows[event.cursor_row].detail)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter is the table's own "open" binding

    def next_gap(self) -> None:
        """The cursor to the next gap row (from the top again after the last)."""
        gaps = [i for i, row in enumerate(self.view_rows) if row.is_gap]
        if not gaps:
            self.notify("No gaps in contact in what is shown.")
            return
        here = self.table.cursor_row
        index = next((i for i in gaps if i > here), gaps[0])
        self.table.move_cursor(row=index)

    # -- the filters ---------------------------------------------------------------------------
    def choose_agency(self) -> None:
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        loaded = self.app.loaded
        if loaded is None or loaded.model.scope is None:
            return
        options = [("All agencies", "")] + [
            (f"{a.id}: {a.name}", a.id) for a in loaded.model.scope.agencies
        ]
        self.app.push_screen(
            ChoiceScreen("Show the entries of", options),
            lambda agency: agency is not None and self._filter(agency or None, self.episode),
        )

    def choose_episode(self) -> None:
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        loaded = self.app.loaded
        if loaded is None:
            return
        episodes = sorted(loaded.model.episodes, key=lambda e: e.id)
        if not episodes:
            self.notify("The review has no key practice episodes yet.")
            return
        options = [("All episodes", "")] + [(f"{e.id}: {e.title}", e.id) for e in episodes]
        self.app.push_screen(
            ChoiceScreen("Show the period and the entries of", options),
            lambda episode: episode is not None and self._filter(self.agency, episode or None),
        )

    def _filter(self, agency: str | None, episode: str | None) -> None:
        loaded = self.app.loaded
        if loaded is not None:
            self.agency, self.episode = agency, episode
            self._build(loaded.model, agency, episode)
