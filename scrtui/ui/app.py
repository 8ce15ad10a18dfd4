"""The `scr open` application: parts on the left, the part's records, form and checklist.

Startup stays light: the first paint shows the layout, then a worker loads and checks the
review. Git (commits, history, diffs) runs in thread workers so the UI never waits on it.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, Static

from . import nav as p
from .footer import KeyFooter
from .messages import ProblemSelected, RecordEdited, RecordSaved, ReviewLoaded
from .part_nav import PartNav

# Everything else (tomlkit, the store, the part editors, git) is imported after the first
# frame is on screen; `scr open` should paint about as fast as an empty Textual app.

MIN_WIDTH, MIN_HEIGHT = 80, 24
# For benchmarks/bench_ui_startup.py: leave after the first frame, or once the review is loaded
# and shown, writing the monotonic clock to SCR_FIRST_PAINT_FILE first.
EXIT_AFTER_FIRST_PAINT = "SCR_EXIT_AFTER_FIRST_PAINT"
EXIT_AFTER_LOAD = "SCR_EXIT_AFTER_LOAD"
FIRST_PAINT_FILE = "SCR_FIRST_PAINT_FILE"
RECOVERED = ".git/scr-recovered"


def focus_now(widget) -> None:
    """Focus at once, not after the queued events: keys typed next must land here."""
    widget.screen.set_focus(widget)


class ScrApp(App[None]):
    """A terminal workbench for one Serious Case Review."""

    TITLE = "scr"
    CSS_PATH = "scr.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-narrow"), (110, "-wide"),
                              (150, "-very-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-tall"), (32, "-taller")]
    COMMANDS = App.COMMANDS | {lambda: _review_commands()}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Save"),
        Binding("f1", "help", "Help"),
        Binding("f3", "guidance", "Guidance"),
        Binding("f4", "checklist", "Checklist"),
        Binding("f5", "reload", "Reload", show=False),
        Binding("f6,escape", "focus_parts", "Back to the parts", show=False),
        Binding("f7", "record_history", "Record history", show=False),
        Binding("f8", "build", "Build the publication draft", show=False),
        Binding("ctrl+q,f10", "quit", "Quit", priority=True),
    ]

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = Path(root).resolve()
        self._session = None
        self.loaded = None
        self.problems: list = []
        self.current_part = "overview"
        self._git_lock = threading.Lock()
        self._quit_after_save = False
        self._started = False
        self._edited: set[str] = set()
        self._wanted_part = "overview"
        self._dirty_parts: set | None = None

    @property
    def session(self):
        """The open documents (created on first use, after the first frame)."""
        if self._session is None:
            from .session import Session  # noqa: PLC0415 - tomlkit and the store load here

            self._session = Session(self.root)
        return self._session

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="header"):
            yield Static(Text.assemble(("scr ", "bold"), self.root.name), id="title")
            yield Static("", id="status")
        with Horizontal(id="main"):
            yield PartNav()
            with ContentSwitcher(id="parts", initial="part-loading"):
                yield Static(Text("Loading the review...", style="dim"), id="part-loading")
        yield Static("", id="too-small")
        yield KeyFooter()

    def on_mount(self) -> None:
        if os.environ.get(EXIT_AFTER_FIRST_PAINT):
            self.call_after_refresh(self._stamp_and_exit)
            return
        self.call_after_refresh(self._start)
        self.query_one(PartNav).focus()

    def _stamp_and_exit(self) -> None:
        """For the startup benchmark: note when the frame was written, then leave."""
        where = os.environ.get(FIRST_PAINT_FILE)
        if where:
            Path(where).write_text(f"{time.monotonic()}\n", encoding="utf-8")
        self.exit()

    def _exit_if_loaded(self) -> None:
        if os.environ.get(EXIT_AFTER_LOAD) and self._started and self.loaded is not None:
            self.call_after_refresh(self._stamp_and_exit)

    async def _start(self) -> None:
        from .overview import OverviewPart  # noqa: PLC0415 - after the first frame

        self.load_review()
        switcher = self.query_one(ContentSwitcher)
        overview = OverviewPart()
        overview.display = False
        await switcher.mount(overview)
        if self._wanted_part == "overview":
            switcher.current = "part-overview"
        await self.query_one("#part-loading").remove()
        self._started = True
        await self._rebuild_parts()  # the Overview, and any part visited before this ran
        self._exit_if_loaded()

    def on_resize(self) -> None:
        width, height = self.size
        self.query_one("#too-small", Static).update(
            f"Terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT}; this is {width}x{height}).\n"
            "Make the window larger, or press Ctrl+Q to quit."
        )

    # -- loading and checking (worker) ---------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def load_review(self) -> None:
        from ..check import check  # noqa: PLC0415 - off the startup path
        from ..store.loader import NotAReview, load  # noqa: PLC0415

        try:
            loaded = load(self.root)
        except NotAReview as exc:
            self.post_message(ReviewLoaded(None, [], str(exc)))
            return
        problems = loaded.problems + check(loaded.model)
        self.post_message(ReviewLoaded(loaded, problems))

    async def on_review_loaded(self, message: ReviewLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
            return
        self.loaded = message.loaded
        self.problems = message.problems
        overview = self.part_widget("overview")
        if overview is not None:
            overview.show_problems(message.problems)
            if self._started:
                overview.refresh_progress()
        if self._started:
            self._update_header()
        self._exit_if_loaded()

    # -- parts ---------------------------------------------------------------------------------
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
                await widget.rebuild()
        if self._wanted_part != part:
            return  # the user moved on while this part was being built
        switcher.current = f"part-{part}"
        self.current_part = part
        nav = self.query_one(PartNav)
        index = next(i for i, (key, _) in enumerate(p.NAV) if key == part)
        if nav.highlighted != index:
            nav.set_reactive(PartNav.highlighted, index)  # no preview: we are there
            nav.refresh()
        if focus:
            self._focus_part(widget)
        self.refresh_bindings()

    async def preview_part(self) -> None:
        """Show the part under the navigation cursor (many quick moves show only the last)."""
        part = self.query_one(PartNav).chosen
        if part and part != self.current_part:
            await self.go_to_part(part)

    def _focus_part(self, widget) -> None:
        for selector in ("RecordList", "ProblemList", "CommitList", "FieldInput"):
            found = widget.query(selector)
            if found:
                focus_now(found.first())
                return

    async def open_record(self, part: str, rel: str, record_id: str) -> None:
        await self.go_to_part(part)
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
            part = next((key for key, _ in p.NAV if wanted & set(p.MARKER_PARTS[key])),
                        "overview")
            await self.go_to_part(part)
            if not self.part_widget(part).checklist.focus_question(rel, line):
                self.notify(f"{rel}: open it in a text editor to fix this", severity="warning")
            return
        part = p.part_of_path(rel)
        if part is None:
            self.notify(f"{rel} is not edited in scr; open it in a text editor",
                        severity="warning")
            return
        await self.go_to_part(part)
        if not await self.part_widget(part).go_to(rel, line, col):
            self.notify(f"{rel}: no record there to open", severity="warning")

    async def on_problem_selected(self, message: ProblemSelected) -> None:
        problem = message.problem
        await self.open_location(problem.path, problem.line, problem.col)

    # -- unsaved marks -------------------------------------------------------------------------
    def on_record_edited(self, message: RecordEdited) -> None:
        """Coalesce relabelling: typing fast posts many edits, the screen refreshes once."""
        self.session.touch(message.rel)
        first = not self._edited
        self._edited.add(message.rel)
        if first:
            self.call_after_refresh(self._flush_edits)

    def _flush_edits(self) -> None:
        rels, self._edited = self._edited, set()
        widget = self.part_widget(self.current_part)
        if widget is not None:
            widget.refresh_labels(rels)
        if any(rel.startswith("markers/") for rel in rels) and self.current_part != "overview":
            self.part_widget("overview").refresh_progress()
        self._update_header()

    def _update_header(self) -> None:
        document = self.session.documents.get("review.toml")
        title = None
        if document is not None:
            title = document.doc.get("title")
        elif self.loaded is not None and self.loaded.model.review is not None:
            title = self.loaded.model.review.title
        self.query_one("#title", Static).update(
            Text.assemble(("scr ", "bold"), str(title or self.root.name))
        )
        dirty = self.session.dirty()
        status = self.query_one("#status", Static)
        if dirty:
            count = len(dirty)
            status.update(Text(f"* {count} unsaved file{'s' if count != 1 else ''} (Ctrl+S)",
                               style="bold yellow"))
        else:
            status.update(Text("all saved", style="dim"))
        parts = {p.part_of_path(d.rel) for d in dirty}
        if parts == self._dirty_parts:
            return
        self._dirty_parts = parts
        self.query_one(PartNav).mark_unsaved(parts)

    # -- saving --------------------------------------------------------------------------------
    def _modal(self) -> bool:
        return isinstance(self.screen, ModalScreen)

    def action_save(self) -> None:
        if self._modal():
            return
        documents = self.session.dirty()
        if not documents:
            self.notify("Nothing to save: there are no unsaved changes.")
            self._finish_quit()
            return
        self._save(documents, set())

    def _save(self, documents: list, forced: set[str]) -> None:
        conflicts = [d for d in self.session.conflicts(documents) if d.rel not in forced]
        if conflicts:
            from .conflict_screen import ConflictScreen  # noqa: PLC0415

            document = conflicts[0]
            self.push_screen(
                ConflictScreen(document.rel, document.disk_text(), document.render()),
                partial(self._conflict_resolved, document, documents, forced),
            )
            return
        plan = self.session.plan(documents, forced)
        disk_first = [d.rel for d in documents if d.rel in forced]
        if not disk_first:
            self.session.write(plan)  # atomic writes; the commit follows in a worker
            self._after_write()
        self._commit(plan, disk_first)

    async def _conflict_resolved(self, document, documents, forced, choice) -> None:
        rest = [d for d in documents if d is not document]
        if choice == "mine":
            self._save(documents, forced | {document.rel})
            return
        if choice == "disk":
            kept = self._recover(document.rel, document.render())
            self.session.reload(document.rel)
            await self._rebuild_parts()
            self.notify(f"Took the disk version of {document.rel}; yours is kept in {kept}",
                        timeout=10)
            if rest:
                self._save(rest, forced)
            else:
                self._finish_quit()
            return
        self._quit_after_save = False
        self.notify("Save cancelled: nothing was written.")

    def _recover(self, rel: str, text: str) -> str:
        """Keep a version the user chose not to save, outside the working tree."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.root / RECOVERED / f"{rel}.{stamp}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return str(target.relative_to(self.root))

    @work(thread=True, group="git")
    def _commit(self, plan, disk_first: list[str]) -> None:
        from ..changes import record_label  # noqa: PLC0415
        from ..store.gitrepo import GitError, Repository  # noqa: PLC0415

        with self._git_lock:
            try:
                repo = Repository(self.root)
                if disk_first:
                    labels = ", ".join(record_label(rel) for rel in disk_first)
                    repo.commit(f"{labels}: version changed outside scr", disk_first)
            except GitError as exc:
                if disk_first:  # not written: the disk version is not safe in git yet
                    self.post_message(RecordSaved([], plan.message, None,
                                                  f"nothing was written: {exc}"))
                else:
                    self.post_message(RecordSaved(plan.rels, plan.message, None, str(exc)))
                return
            if disk_first:
                self.call_from_thread(self.session.write, plan)
                self.call_from_thread(self._after_write)
            try:
                sha = repo.commit(plan.message, plan.rels)
            except GitError as exc:
                self.post_message(RecordSaved(plan.rels, plan.message, None, str(exc)))
                return
        self.post_message(RecordSaved(plan.rels, plan.message, sha))

    def _after_write(self) -> None:
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None:
                widget.refresh_labels()
        self._update_header()

    def on_record_saved(self, message: RecordSaved) -> None:
        if message.error:
            if message.rels:
                self.notify(f"Saved the files, but not committed: {message.error}",
                            severity="error", timeout=15)
            else:
                self.notify(message.error, severity="error", timeout=15)
                self._quit_after_save = False
                return
        elif message.sha is None:
            self.notify("Saved; nothing changed since the last commit.")
        else:
            self.notify(f"Saved and committed {message.sha[:8]}: "
                        f"{message.message.splitlines()[0]}")
        self._after_write()
        findings = self.part_widget("findings")
        if findings is not None and any(r.startswith("findings/") for r in message.rels):
            findings.reorder_if_needed()  # a saved priority may change the order
        history = self.part_widget("history")
        if history is not None:
            history.query_one("HistoryView").reload()
        self.load_review()
        self._finish_quit()

    def _finish_quit(self) -> None:
        if self._quit_after_save and not self.session.dirty():
            self.exit()

    # -- adding, removing, moving records ------------------------------------------------------
    def add_record(self, editor) -> None:
        from . import parts as pt  # noqa: PLC0415
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        adders = pt.ADDERS.get(editor.part, ())
        if len(adders) == 1:
            self._add_kind(editor, adders[0][0])
        elif adders:
            self.push_screen(ChoiceScreen(f"Add to {p.TITLES[editor.part]}", list(
                (label, kind) for kind, label in adders)),
                lambda kind: kind and self._add_kind(editor, kind))

    def _add_kind(self, editor, kind: str) -> None:
        from . import parts as pt  # noqa: PLC0415
        from .dialogs import ChoiceScreen, PromptScreen  # noqa: PLC0415

        near = editor.selected
        asks = {
            "agency": "Name of the agency (a generic description, used in the publication)",
            "challenge": "Which record does the challenge target? (e.g. F-02)",
            "person": "Real name as written in the records",
            "place": "Real name of the place as written in the records",
            "organisation": "Real name of the organisation",
            "term": "The sensitive term as written in the records",
            "surname": "The surname shared by several people",
            "allow": "The text that may stay in the publication",
        }
        if kind == "entry" and (near is None or near.part != "chronology"):
            agencies = pt.chronology_agencies(self.session)
            if not agencies:
                self.notify("Add an agency in Scope first.", severity="warning")
                return
            self.push_screen(ChoiceScreen("Which agency's chronology?",
                                          [(a, a) for a in agencies]),
                             lambda agency: agency and self._added(editor, kind, agency))
            return
        if kind in asks:
            value = near.record_id if kind == "challenge" and near else ""
            self.push_screen(PromptScreen(asks[kind], value),
                             lambda text: text is not None and self._added(editor, kind, text))
            return
        self._added(editor, kind, "")

    def _added(self, editor, kind: str, value: str) -> None:
        from . import parts as pt  # noqa: PLC0415
        try:
            added = pt.add_record(self.session, self.loaded.model if self.loaded else None,
                                 kind, editor.selected, value)
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            return
        key = pt.record_key(added.rel, added.locator)
        self.call_later(self._show_added, editor, key, added.rel)

    async def _show_added(self, editor, key: str, rel: str) -> None:
        await editor.rebuild(select=key)
        editor.editor.focus_field(None)
        self.post_message(RecordEdited(rel, label_changed=True))

    def remove_record(self, editor) -> None:
        from .dialogs import ConfirmScreen  # noqa: PLC0415

        ref = editor.selected
        if ref is None or not ref.removable:
            return
        whole = ref.kind in ("source", "episode", "finding", "challenge")
        what = f"Remove {ref.label.strip()}?" + (
            f" Its file {ref.rel} is deleted and the removal committed." if whole
            else f" It is cut from {ref.rel} and the change committed.")
        self.push_screen(ConfirmScreen(what),
                         lambda yes: yes and self.call_later(self._remove, editor, ref))

    async def _remove(self, editor, ref) -> None:
        from . import parts as pt  # noqa: PLC0415
        session = self.session
        document = session.documents.get(ref.rel)
        if pt.remove_record(session, ref) == "table":
            await editor.rebuild()
            self._save([document], set())
            return
        if session.is_new(ref.rel):
            session.forget(ref.rel)
            await editor.rebuild()
            self.notify(f"{ref.rel} discarded (it was never saved)")
            self._update_header()
            return
        if document is not None and document.changed_on_disk():
            self.notify(f"{ref.rel} changed on disk since it was read; press F5 to reload it "
                        "before removing", severity="warning", timeout=10)
            return
        (self.root / ref.rel).unlink(missing_ok=True)
        session.forget(ref.rel)
        await editor.rebuild()
        self._update_header()
        self._commit_removal(ref.rel)

    @work(thread=True, group="git")
    def _commit_removal(self, rel: str) -> None:
        from ..store.gitrepo import GitError, Repository  # noqa: PLC0415
        from .session import removal_message  # noqa: PLC0415

        message = removal_message(rel)
        with self._git_lock:
            try:
                sha = Repository(self.root).commit(message, [rel])
            except GitError as exc:
                self.post_message(RecordSaved([rel], message, None, str(exc)))
                return
        self.post_message(RecordSaved([rel], message, sha))

    def move_record(self, editor, delta: int) -> None:
        from . import parts as pt  # noqa: PLC0415
        ref = editor.selected
        if ref is None or not ref.movable:
            return
        changed = pt.move_record(self.session, ref, delta, editor.refs())
        if not changed:
            return
        self.call_later(self._moved, editor, ref, changed)

    async def _moved(self, editor, ref, changed: list[str]) -> None:
        await editor.rebuild(select=ref.key)
        editor.records.focus()
        for rel in changed:
            self.post_message(RecordEdited(rel, label_changed=True))

    # -- other actions -------------------------------------------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from .help_screen import HelpScreen  # noqa: PLC0415

        self.push_screen(HelpScreen(help_sections()))

    def action_guidance(self) -> None:
        if self._modal():
            return
        from .checklist import markers_for  # noqa: PLC0415
        from .guidance_screen import GuidanceScreen  # noqa: PLC0415

        views = markers_for(self.session, self.current_part)
        if not views:
            self.notify("No quality marker checks this part.")
            return
        self.push_screen(GuidanceScreen(p.TITLES[self.current_part], views))

    def action_checklist(self) -> None:
        if self._modal():
            return
        widget = self.part_widget(self.current_part)
        panel = widget.query("ChecklistPanel") if widget is not None else None
        if panel and not panel.first().has_class("-empty"):
            focus_now(panel.first().query_one("ChecklistList"))
        else:
            self.notify("No quality marker checks this part.")

    def action_build(self) -> None:
        if self._modal():
            return
        unsaved = len(self.session.dirty())
        note = f"; {unsaved} unsaved file{'s are' if unsaved != 1 else ' is'} not in it" \
            if unsaved else ""
        self.notify(f"Building the publication draft from the saved files{note}...")
        self._build()

    @work(thread=True, exclusive=True, group="build")
    def _build(self) -> None:
        """`scr build` in a worker: the gate's decision arrives as a notice."""
        from ..build import BuildError, build  # noqa: PLC0415
        from ..build.summary import summary_lines  # noqa: PLC0415

        try:
            result = build(self.root)
        except BuildError as exc:
            self.call_from_thread(self.notify, f"Build failed: {exc}", severity="error",
                                  timeout=15)
            return
        lines = [line for line in summary_lines(result, self.root) if not line.startswith(" ")]
        self.call_from_thread(
            self.notify, "\n".join(lines), title="scr build",
            severity="information" if result.cleared else "warning", timeout=20,
        )

    def action_focus_parts(self) -> None:
        if not self._modal():
            focus_now(self.query_one(PartNav))

    def action_record_history(self) -> None:
        if self._modal():
            return
        from ..changes import record_label  # noqa: PLC0415
        from .history_screen import HistoryScreen  # noqa: PLC0415

        widget = self.part_widget(self.current_part)
        ref = getattr(widget, "selected", None)
        if ref is None:
            self.notify("Choose a record first; the History part shows every commit.")
            return
        self.push_screen(HistoryScreen(ref.rel, record_label(ref.rel)))

    async def action_reload(self) -> None:
        if self._modal():
            return
        session = self.session
        stale = session.stale()
        for rel in stale:
            session.reload(rel)
        for rel in list(session.broken):
            session.broken.pop(rel, None)
        waiting = [d.rel for d in session.dirty() if d.changed_on_disk()]
        await self._rebuild_parts()
        self.load_review()
        self.notify(f"Reloaded {len(stale)} changed file{'s' if len(stale) != 1 else ''}."
                    + (f" Unsaved and changed on disk: {', '.join(waiting)} (saving will ask)."
                       if waiting else ""))

    async def _rebuild_parts(self) -> None:
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None:
                await widget.rebuild()
        self._update_header()

    async def action_quit(self) -> None:
        dirty = self.session.dirty()
        if not dirty:
            self.exit()
            return
        if self._modal():
            return
        from .confirm_quit_screen import ConfirmQuitScreen  # noqa: PLC0415

        def chosen(choice: str | None) -> None:
            if choice == "discard":
                self.exit()
            elif choice == "save":
                self._quit_after_save = True
                self.action_save()

        self.push_screen(ConfirmQuitScreen([d.rel for d in dirty]), chosen)


def _review_commands():
    from .commands import ReviewCommands  # noqa: PLC0415 - when the palette first opens

    return ReviewCommands


def help_sections() -> list[tuple[str, list]]:
    """Every binding of the UI, by where it works (the F1 screen)."""
    from .checklist import ChecklistList  # noqa: PLC0415
    from .confirm_quit_screen import ConfirmQuitScreen  # noqa: PLC0415
    from .conflict_screen import ConflictScreen  # noqa: PLC0415
    from .dialogs import ChoiceScreen, ConfirmScreen, PromptScreen  # noqa: PLC0415
    from .guidance_screen import GuidanceScreen  # noqa: PLC0415
    from .help_screen import HelpScreen, binding_rows  # noqa: PLC0415
    from .history import CommitList  # noqa: PLC0415
    from .history_screen import HistoryScreen  # noqa: PLC0415
    from .overview import ProblemList  # noqa: PLC0415
    from .part_editor import RecordList  # noqa: PLC0415
    from .question_screen import QuestionScreen  # noqa: PLC0415

    palette = [Binding("ctrl+p", "command_palette", "Command palette: parts, records, actions")]
    forms = [
        Binding("tab", "focus_next", "Next field"),
        Binding("shift+tab", "focus_previous", "Previous field"),
        Binding("enter", "open", "Open a choice list (in a choice field)"),
    ]
    return [
        ("Everywhere", binding_rows(ScrApp.BINDINGS + palette)),
        ("Parts (left)", binding_rows(PartNav.BINDINGS)),
        ("Records list", binding_rows(RecordList.BINDINGS)),
        ("Forms", binding_rows(forms)),
        ("Checklist", binding_rows(ChecklistList.BINDINGS)),
        ("Problems (Overview)", binding_rows(ProblemList.BINDINGS)),
        ("History", binding_rows(CommitList.BINDINGS)),
        ("File changed on disk", binding_rows(ConflictScreen.BINDINGS)),
        ("Quitting with unsaved changes", binding_rows(ConfirmQuitScreen.BINDINGS)),
        ("Checklist answer", binding_rows(QuestionScreen.BINDINGS)),
        ("Confirm", binding_rows(ConfirmScreen.BINDINGS)),
        ("Other dialogs (choose, type a value, guidance, help, record history)",
         binding_rows(ChoiceScreen.BINDINGS + PromptScreen.BINDINGS + GuidanceScreen.BINDINGS
                      + HelpScreen.BINDINGS + HistoryScreen.BINDINGS)),
    ]


def run(root: Path, mouse: bool = True) -> None:
    """Run the UI on the review at `root` until the user quits."""
    ScrApp(root).run(mouse=mouse)
