"""Showing a part: built on first visit, its files opened in a worker, then what waited for
them (focus, a record, a problem's place)."""

from __future__ import annotations

from functools import partial

from textual import work
from textual.widgets import ContentSwitcher

from . import nav as p
from .handover import focus_now
from .messages import CandidateChosen, PartHighlighted, PlaceChosen, ProblemSelected
from .part_nav import PartNav


class ShowsParts:
    """Mixin for the App: the part beside the navigation, and going to a record in it."""

    def part_widget(self, part: str):
        found = self.query(f"#part-{part}")
        return found.first() if found else None

    def _make_part(self, part: str):
        if part == "overview":
            from .overview import OverviewPart  # noqa: PLC0415

            return OverviewPart()
        if part == "history":
            from .history import HistoryPart  # noqa: PLC0415

            return HistoryPart()
        if part == "build":
            from .build_part import BuildPart  # noqa: PLC0415

            return BuildPart()
        if part == "chronology":
            from .chronology_part import ChronologyPart  # noqa: PLC0415

            return ChronologyPart()
        if part == "actions":
            from .actions_part import ActionsPart  # noqa: PLC0415

            return ActionsPart()
        from .part_editor import PartEditor  # noqa: PLC0415 - TextArea loads on first use

        return PartEditor(part)

    async def go_to_part(self, part: str, focus: bool = False) -> None:
        """Show a part (building it on first visit); with `focus`, move into its list."""
        self._wanted_part = part
        switcher = self.query_one(ContentSwitcher)
        widget = self.part_widget(part)
        if widget is None:
            widget = self._make_part(part)
            widget.display = False  # hidden until the switcher shows it
            await switcher.mount(widget)
            if self._started:
                await self._start_loading(part, widget)
        if focus:
            self._after_load.setdefault(part, []).append(
                lambda: self._wanted_part == part and self._focus_part(widget)
            )
        if self._wanted_part != part:
            return  # the user moved on while this part was being built
        switcher.current = f"part-{part}"
        self.current_part = part
        nav = self.query_one(PartNav)
        index = next(i for i, (key, _) in enumerate(p.NAV) if key == part)
        if nav.highlighted != index:
            nav.set_reactive(PartNav.highlighted, index)  # no preview: we are there
            nav.refresh()
        if focus and part not in self._loading and self._started:
            self._after_load.pop(part, None)
            self._focus_part(widget)
        self.refresh_bindings()
        if self._session is not None:  # on a part switch: files changed on disk
            self.saving.say_disk_changes()

    def refresh_labels(self) -> None:
        """After a write: every part's rows and the header lose their unsaved marks."""
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None:
                widget.refresh_labels()
        self._update_header()

    async def _rebuild_parts(self) -> None:
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None:
                await widget.rebuild()
        self._update_header()

    # -- opening a part's files (worker) ---------------------------------------------------------
    async def _start_loading(self, part: str, widget) -> None:
        """Open the part's files in a worker; the part says `loading...` until they are in."""
        if not hasattr(widget, "show_loading"):  # Overview, Build, History: nothing to open
            await widget.rebuild()
            await self._run_after_load(part)
            return
        if part in self._loading:
            return
        self._loading.add(part)
        widget.show_loading()
        from ..editing import rows as pt  # noqa: PLC0415

        self._load_part(part, pt.part_files(part, self.session))

    @work(thread=True, group="parts")
    def _load_part(self, part: str, rels: list[str]) -> None:
        from ..editing import rows as pt  # noqa: PLC0415

        opened, broken, rows = pt.open_part_files(self.root, part, rels)
        self.call_from_thread(self._part_loaded, part, opened, broken, rows)

    async def _part_loaded(self, part: str, opened: dict, broken: dict, rows) -> None:
        session = self.session
        clean = session.adopt(opened, broken) and not any(
            session.is_new(rel) for rel in session.folder(p.FOLDER_OF.get(part, "markers"))
        )
        widget = self.part_widget(part)
        self._loading.discard(part)
        if widget is None:
            return
        await widget.loaded(rows if clean else None)
        if self.current_part == part:
            self.refresh_bindings()
        await self._run_after_load(part)

    async def _run_after_load(self, part: str) -> None:
        for step in self._after_load.pop(part, []):
            result = step()
            if hasattr(result, "__await__"):
                await result

    async def when_loaded(self, part: str, step) -> None:
        """Run `step` (maybe async) once the part's files are open: now, or after its worker."""
        if part in self._loading or not self._started:
            self._after_load.setdefault(part, []).append(step)
            return
        result = step()
        if hasattr(result, "__await__"):
            await result

    async def on_part_highlighted(self, message: PartHighlighted) -> None:
        """Show the part under the navigation cursor (many quick moves show only the last)."""
        part = self.query_one(PartNav).chosen
        if part and part != self.current_part:
            await self.go_to_part(part)

    def _focus_part(self, widget) -> None:
        if hasattr(widget, "focus_first"):  # a part of two views: the one showing
            widget.focus_first()
            return
        for selector in ("RecordList", "ProblemList", "CandidateList", "CommitList", "FieldInput"):
            found = widget.query(selector)
            if found:
                focus_now(found.first())
                return

    async def action_go_to_part(self, part: str) -> None:
        """The palette's "Go to <part>"."""
        await self.go_to_part(part)

    async def action_open_record(self, part: str, rel: str, record_id: str) -> None:
        """The palette's "Open <record>"."""
        await self.open_record(part, rel, record_id)

    async def open_record(self, part: str, rel: str, record_id: str) -> None:
        await self.go_to_part(part)
        await self.when_loaded(part, partial(self._open_record, part, rel, record_id))

    async def _open_record(self, part: str, rel: str, record_id: str) -> None:
        widget = self.part_widget(part)
        for ref in widget.refs():
            if ref.rel == rel and (ref.record_id == record_id or not record_id):
                await widget.select_key(ref.key)
                focus_now(widget.records)
                return

    async def open_location(self, rel: str, line: int | None, col: int | None) -> None:
        """Open the record at a file's line (where a problem points)."""
        if rel.startswith("markers/"):
            from .checklist import markers  # noqa: PLC0415

            view = next((v for v in markers(self.session) if v.rel == rel), None)
            wanted = set(view.parts) if view else set()
            part = next((key for key, _ in p.NAV if wanted & set(p.MARKER_PARTS[key])), "overview")
            await self.go_to_part(part)

            def question() -> None:
                if not self.part_widget(part).checklist.focus_question(rel, line):
                    self.notify(f"{rel}: open it in a text editor to fix this", severity="warning")

            await self.when_loaded(part, question)
            return
        part = p.part_of_path(rel)
        if part is None:
            self.notify(f"{rel} is not edited in scr; open it in a text editor", severity="warning")
            return
        await self.go_to_part(part)
        await self.when_loaded(part, partial(self._go_to, part, rel, line, col))

    async def _go_to(self, part: str, rel: str, line: int | None, col: int | None) -> None:
        if not await self.part_widget(part).go_to(rel, line, col):
            self.notify(f"{rel}: no record there to open", severity="warning")

    async def on_problem_selected(self, message: ProblemSelected) -> None:
        problem = message.problem
        await self.open_location(problem.path, problem.line, problem.col)

    async def on_place_chosen(self, message: PlaceChosen) -> None:
        await self.open_location(message.path, message.line, message.col)

    async def on_candidate_chosen(self, message: CandidateChosen) -> None:
        candidate = message.candidate
        await self.open_location(candidate.source, candidate.line, candidate.col)
