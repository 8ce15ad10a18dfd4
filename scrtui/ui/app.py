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
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, Static

from . import nav as p
from .footer import KeyFooter
from .messages import (
    DraftBuilt,
    ProblemSelected,
    RecordEdited,
    RecordSaved,
    ReviewLoaded,
    failed_commit,
)
from .part_nav import PartNav

# Everything else (tomlkit, the store, the part editors, git) is imported after the first
# frame is on screen; `scr open` should paint about as fast as an empty Textual app.

MIN_WIDTH, MIN_HEIGHT = 80, 24
# For benchmarks/bench_ui_startup.py: leave after the first frame, or once the review is loaded
# and shown, writing the monotonic clock to SCR_FIRST_PAINT_FILE first.
EXIT_AFTER_FIRST_PAINT = "SCR_EXIT_AFTER_FIRST_PAINT"
EXIT_AFTER_LOAD = "SCR_EXIT_AFTER_LOAD"
FIRST_PAINT_FILE = "SCR_FIRST_PAINT_FILE"


def focus_now(widget) -> None:
    """Focus at once, not after the queued events: keys typed next must land here."""
    widget.screen.set_focus(widget)


class ScrApp(App[None]):
    """A terminal workbench for one Serious Case Review."""

    TITLE = "scr"
    CSS_PATH = "scr.tcss"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-too-narrow"),
        (MIN_WIDTH, "-narrow"),
        (110, "-wide"),
        (150, "-very-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-tall"), (32, "-taller")]
    COMMANDS = App.COMMANDS | {lambda: _review_commands()}
    ENABLE_COMMAND_PALETTE = True
    ALLOW_IN_MAXIMIZED_VIEW = "#header, KeyFooter"
    # The global keys are priority bindings: they reach the app before the focused widget, so
    # a text area's own F6 (select line) and F7 (select all) can never shadow them. Esc is not
    # one: a dialog or an open choice list must get it first.
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Save", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("f3", "guidance", "Guidance", priority=True),
        Binding("f4", "checklist", "Checklist", priority=True),
        Binding("f5", "reload", "Reload", show=False, priority=True),
        Binding("f6", "focus_parts", "Back to the parts", show=False, priority=True),
        Binding("escape", "focus_parts", "Back to the parts", show=False),
        Binding("f7", "record_history", "Record history", show=False, priority=True),
        Binding("f8", "build", "Build the publication draft", show=False, priority=True),
        Binding(
            "f9",
            "zoom",
            "Edit the text full screen (F9 again, or Esc: back)",
            show=False,
            priority=True,
        ),
        Binding("ctrl+q,f10", "quit", "Quit", priority=True),
    ]
    # In a dialog these keys belong to the dialog (Ctrl+S / F2 applies an answer, F1 closes
    # the help); the app's other global keys do nothing there.
    DIALOG_KEYS = {"save", "help"}

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
        self.last_build = None  # the last BuildResult of this session
        self.last_build_error: str | None = None
        self._challenged: dict[str, list] = {}  # record id -> its open or responded challenges
        self._loading: set[str] = set()  # parts whose files a worker is opening
        self._after_load: dict[str, list] = {}  # part -> what to do once it is loaded
        self._focus_before_small = None  # where the focus was when the window got too small
        self._recovery_offered = False
        self.kept_unsaved = None  # the folder a crash's unsaved edits went to
        self._disk_said: dict[str, tuple] = {}  # rel -> (document, change) already reported

    @property
    def session(self):
        """The open documents (created on first use, after the first frame)."""
        if self._session is None:
            from ..editing.session import Session  # noqa: PLC0415 - tomlkit and the store load here

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
        await overview.rebuild()
        for part in p.TITLES:  # any part visited before this ran
            widget = self.part_widget(part)
            if widget is not None and part != "overview":
                await self._start_loading(part, widget)
        self._update_header()
        self._exit_if_loaded()

    # -- Esc followed quickly by another key ---------------------------------------------------
    async def on_event(self, event) -> None:
        """Split "Esc, then a key" back into the two keys the user pressed.

        The terminal sends Esc as one byte, and Textual waits ESCDELAY ms (100 by default) to
        see whether more bytes make it an escape sequence; a key typed within that time (or
        arriving in the same packet over SSH) comes out as Alt+key with its character, which a
        field would type. Nothing in scr is bound to Alt, so Alt+key is taken as Esc then key.
        """
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key.startswith("alt+")
            and len(event.key) > 4
        ):
            await self._escape_now()
            plain = events.Key(event.key[4:], event.character)
            plain.set_sender(self)
            await super().on_event(plain)
            return
        await super().on_event(event)

    async def _escape_now(self) -> None:
        """What Esc does where the focus is: close a list or dialog, leave full screen, go
        back to the parts; run at once, so that the key after it lands where Esc left focus."""
        screen = self.screen
        if screen.maximized is not None and self.escape_to_minimize:
            screen.minimize()
            return
        if await self._check_bindings("escape", priority=True):
            return
        if await self._check_bindings("escape"):
            return
        escape = events.Key("escape", "\x1b")
        escape.set_sender(self)
        await super().on_event(escape)

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        self.query_one("#too-small", Static).update(
            f"Terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT}; this is {width}x{height}).\n"
            "Make the window larger, or press Ctrl+Q to quit."
        )
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._focus_before_small is None and self.focused is not None:
            self._focus_before_small = self.focused
        elif not small:
            self.call_after_refresh(self._focus_after_small)

    def _focus_after_small(self) -> None:
        """The window is large enough again: back to where the focus was, or the parts.

        The layout itself (#main) is still hidden here: the screen's size classes are
        applied a moment later, so only the widget's own place in the layout is checked.
        """
        before, self._focus_before_small = self._focus_before_small, None
        if self._modal():
            return
        main = self.query_one("#main")
        if (
            before is not None
            and before.is_attached
            and before.focusable
            and all(
                getattr(node, "display", True)
                for node in before.ancestors_with_self
                if node is not main
            )
        ):
            focus_now(before)
        elif self.focused is None or not self.focused.is_on_screen:
            focus_now(self.query_one(PartNav))

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
            overview.show_clock(message.loaded, message.problems)
            await overview.follow_kind()
            if self._started:
                overview.refresh_progress()
        if self._started:
            self._update_header()
        self._refresh_challenges()
        self._exit_if_loaded()
        if not self._recovery_offered:
            self._recovery_offered = True
            self._offer_recovered()

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
        if part == "build":
            from .build_part import BuildPart  # noqa: PLC0415

            return BuildPart()
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
        self._say_disk_changes()

    def _say_disk_changes(self) -> None:
        """On a part switch: name open files changed, removed or unreadable on disk (once)."""
        if self._session is None:
            return
        from ..editing.session import disk_notice  # noqa: PLC0415

        session = self.session
        changes = {
            rel: change
            for rel, change in session.disk_changes().items()
            if self._disk_said.get(rel) != (id(session.documents[rel]), change)
        }
        for rel, change in changes.items():
            self._disk_said[rel] = (id(session.documents[rel]), change)
        if changes:
            unsaved = {rel for rel in changes if session.is_dirty(rel)}
            self.notify(disk_notice(changes, unsaved), severity="warning", timeout=15)

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

    async def preview_part(self) -> None:
        """Show the part under the navigation cursor (many quick moves show only the last)."""
        part = self.query_one(PartNav).chosen
        if part and part != self.current_part:
            await self.go_to_part(part)

    def _focus_part(self, widget) -> None:
        for selector in ("RecordList", "ProblemList", "CandidateList", "CommitList", "FieldInput"):
            found = widget.query(selector)
            if found:
                focus_now(found.first())
                return

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
            status.update(
                Text(
                    f"* {count} unsaved file{'s' if count != 1 else ''} (Ctrl+S)",
                    style="bold yellow",
                )
            )
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

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # In a dialog, let its own binding for the same key have it.
        return not (action in self.DIALOG_KEYS and self._modal())

    def action_save(self) -> None:
        if self._modal():
            return
        documents = self.session.dirty()
        if not documents:
            self.notify("Nothing to save: there are no unsaved changes.")
            self._finish_quit()
            return
        blocked = [d for d in documents if self.session.invalid_in(d.rel)]
        if blocked:
            self._say_blocked(blocked)
            self._quit_after_save = False
            documents = [d for d in documents if d not in blocked]
            if not documents:
                return
        losses = self.session.losses(documents)
        if losses:
            from .loss_screen import LossScreen  # noqa: PLC0415

            self.push_screen(LossScreen(losses), partial(self._losses_answered, documents))
            return
        self._save(documents, set())

    def _losses_answered(self, documents: list, save: bool) -> None:
        if save:
            self._save(documents, set())
            return
        self._quit_after_save = False
        self.notify("Not saved: your edit stays unsaved (Ctrl+S asks again).", timeout=10)

    def _say_blocked(self, blocked: list) -> None:
        """Which records a save left out, and why: the field's own error is beside it."""
        from ..changes import record_label  # noqa: PLC0415

        lines = []
        for document in blocked:
            if self.session.merge_pending(document.rel):
                lines.append(
                    f"{record_label(document.rel)} not saved: its text still has "
                    "conflict markers (<<<<<<< ======= >>>>>>>); resolve them first."
                )
                continue
            invalid = self.session.invalid_in(document.rel)
            fields = ", ".join(f"{i.label} '{i.text}'" for i in invalid)
            lines.append(
                f"{record_label(document.rel)} not saved: {fields} is not valid "
                "(see the field); the file keeps its stored value."
            )
        self.notify("\n".join(lines), severity="error", timeout=15)

    def _save(self, documents: list, forced: set[str]) -> None:
        from ..store.documents import CHANGED  # noqa: PLC0415

        conflicts = [d for d in self.session.conflicts(documents) if d.rel not in forced]
        if conflicts:
            from .conflict_screen import ConflictScreen  # noqa: PLC0415

            document = conflicts[0]
            self.push_screen(
                ConflictScreen(
                    document.rel,
                    document.disk_text(),
                    document.render(),
                    document.disk_change() or CHANGED,
                    self.session.can_merge(document),
                ),
                partial(self._conflict_resolved, document, documents, forced),
            )
            return
        plan = self.session.plan(documents, forced)
        # a changed disk version goes into git before mine replaces it; a removal does not
        disk_first = [d.rel for d in documents if d.rel in forced and d.disk_change() == CHANGED]
        if not disk_first:
            plan = self._write(plan)  # atomic writes; the commit follows in a worker
            if not plan.items:
                return
        self._commit(plan, disk_first)

    def _write(self, plan):
        """Write the plan's files; on a failure say so and return the part that was written
        (the rest keep their unsaved edits)."""
        from ..editing.session import SaveFailed  # noqa: PLC0415

        try:
            self.session.write(plan)
        except SaveFailed as exc:
            self._quit_after_save = False
            self.notify(
                f"Not saved: {exc}. Your edits are kept; nothing was lost.",
                severity="error",
                timeout=15,
            )
            plan = plan.only(exc.written)
        self._after_write()
        return plan

    async def _conflict_resolved(self, document, documents, forced, choice) -> None:
        from ..store.documents import REMOVED, UNREADABLE, disk_state  # noqa: PLC0415

        rest = [d for d in documents if d is not document]
        change = document.disk_change()
        if choice == "mine":
            state = disk_state(document.path)
            if change == UNREADABLE and state.data:
                kept = self._recover(document.rel, state.data, "disk")
                self.notify(f"What could be read of {document.rel} is kept in {kept}", timeout=10)
            self._save(documents, forced | {document.rel})
            return
        if choice == "merge":
            from . import merging  # noqa: PLC0415

            merging.start(self, document, documents, forced)
            return
        if choice == "disk":
            kept = self._recover(document.rel, document.render())
            self.session.reload(document.rel)
            await self._rebuild_parts()
            took = "Accepted the deletion of" if change == REMOVED else "Took the disk version of"
            self.notify(f"{took} {document.rel}; yours is kept in {kept}", timeout=10)
            if rest:
                self._save(rest, forced)
            else:
                self._finish_quit()
            return
        self._quit_after_save = False
        self.notify("Save cancelled: nothing was written.")

    def _recover(self, rel: str, text: str | bytes, which: str = "") -> str:
        """Keep a version the user chose not to save, outside the working tree."""
        from ..store.files import atomic_write  # noqa: PLC0415
        from ..store.recovery import recovery_folder  # noqa: PLC0415

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = recovery_folder(self.root) / f"{rel}.{which + '.' if which else ''}{stamp}"
        if isinstance(text, bytes):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text)
        else:
            atomic_write(target, text)
        return self._shown(target)

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
                    saved = failed_commit(
                        [], plan.message, exc, partial(self._commit, plan, disk_first)
                    )
                    saved.error = f"nothing was written: {exc}"
                    self.post_message(saved)
                else:
                    self.post_message(
                        failed_commit(plan.rels, plan.message, exc, partial(self._commit, plan, []))
                    )
                return
            if disk_first:
                plan = self.call_from_thread(self._write, plan)
                if not plan.items:
                    return
            try:
                sha = repo.commit(plan.message, plan.rels)
            except GitError as exc:
                self.post_message(
                    failed_commit(plan.rels, plan.message, exc, partial(self._commit, plan, []))
                )
                return
        self.post_message(RecordSaved(plan.rels, plan.message, sha))

    def _after_write(self) -> None:
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None:
                widget.refresh_labels()
        self._update_header()

    def on_record_saved(self, message: RecordSaved) -> None:
        if message.stale_locks:
            from .unlock_screen import UnlockScreen  # noqa: PLC0415

            self.push_screen(
                UnlockScreen(message.error or "", message.stale_locks),
                partial(self._unlock_chosen, message),
            )
            return
        if message.error:
            if message.rels:
                self.notify(
                    f"Saved the files, but not committed: {message.error}",
                    severity="error",
                    timeout=15,
                )
            else:
                self.notify(message.error, severity="error", timeout=15)
                self._quit_after_save = False
                return
        elif message.sha is None:
            self.notify("Saved; nothing changed since the last commit.")
        else:
            self.notify(f"Saved and committed {message.sha[:8]}: {message.message.splitlines()[0]}")
        self._after_write()
        for part in ("findings", "challenges"):  # a priority or a status may change the order
            widget = self.part_widget(part)
            if widget is not None and any(r.startswith(f"{part}/") for r in message.rels):
                widget.reorder_if_needed()
        history = self.part_widget("history")
        if history is not None:
            history.reload()
        self.load_review()
        self._finish_quit()

    def _unlock_chosen(self, message: RecordSaved, remove: bool | None) -> None:
        from ..store.gitrepo import LockInUse, remove_stale_lock  # noqa: PLC0415

        if not remove:
            message.stale_locks, message.retry = (), None
            self.on_record_saved(message)  # as any failed commit: said, nothing more
            return
        try:
            for lock in message.stale_locks:
                remove_stale_lock(lock)
        except LockInUse as exc:
            self.notify(f"Not removed: {exc}", severity="error", timeout=15)
            self._quit_after_save = False
            return
        names = ", ".join(lock.name for lock in message.stale_locks)
        self.notify(f"Removed {names}; committing again.")
        message.retry()

    def _finish_quit(self) -> None:
        if self._quit_after_save and not self.session.dirty():
            self.exit()

    # -- adding, removing, moving records ------------------------------------------------------
    def add_record(self, editor) -> None:
        from ..editing import structure as pt  # noqa: PLC0415
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        adders = pt.ADDERS.get(editor.part, ())
        if len(adders) == 1:
            self._add_kind(editor, adders[0][0])
        elif adders:
            self.push_screen(
                ChoiceScreen(
                    f"Add to {p.TITLES[editor.part]}", list((label, kind) for kind, label in adders)
                ),
                lambda kind: kind and self._add_kind(editor, kind),
            )

    def _add_kind(self, editor, kind: str) -> None:
        from ..editing import structure as pt  # noqa: PLC0415
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
        if kind == "entry":  # always asked: the selected entry's agency is only offered first
            agencies = pt.chronology_agencies(self.session)
            if not agencies:
                self.notify("Add an agency in Scope first.", severity="warning")
                return
            here = (
                near.rel.removeprefix("chronology/").removesuffix(".toml")
                if near is not None and near.part == "chronology"
                else ""
            )
            agencies.sort(key=lambda a: a != here)
            self.push_screen(
                ChoiceScreen(
                    "Which agency's chronology does the entry go in?", [(a, a) for a in agencies]
                ),
                lambda agency: agency and self._added(editor, kind, agency),
            )
            return
        if kind in asks:
            value = near.record_id if kind == "challenge" and near else ""
            self.push_screen(
                PromptScreen(asks[kind], value),
                lambda text: text is not None and self._added(editor, kind, text),
            )
            return
        self._added(editor, kind, "")

    def _added(self, editor, kind: str, value: str) -> None:
        from ..editing import structure as pt  # noqa: PLC0415

        try:
            added = pt.add_record(
                self.session,
                self.loaded.model if self.loaded else None,
                kind,
                editor.selected,
                value,
            )
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
            f" Its file {ref.rel} is deleted and the removal committed."
            if whole
            else f" It is cut from {ref.rel} and the change committed."
        )
        self.push_screen(
            ConfirmScreen(what), lambda yes: yes and self.call_later(self._remove, editor, ref)
        )

    async def _remove(self, editor, ref) -> None:
        from ..editing import structure as pt  # noqa: PLC0415

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
            self.notify(
                f"{ref.rel} changed on disk since it was read; press F5 to reload it "
                "before removing",
                severity="warning",
                timeout=10,
            )
            return
        (self.root / ref.rel).unlink(missing_ok=True)
        session.forget(ref.rel)
        await editor.rebuild()
        self._update_header()
        self._commit_removal(ref.rel)

    @work(thread=True, group="git")
    def _commit_removal(self, rel: str) -> None:
        from ..editing.session import removal_message  # noqa: PLC0415
        from ..store.gitrepo import GitError, Repository  # noqa: PLC0415

        message = removal_message(rel)
        with self._git_lock:
            try:
                sha = Repository(self.root).commit(message, [rel])
            except GitError as exc:
                self.post_message(
                    failed_commit([rel], message, exc, partial(self._commit_removal, rel))
                )
                return
        self.post_message(RecordSaved([rel], message, sha))

    def move_record(self, editor, delta: int) -> None:
        from ..editing import structure as pt  # noqa: PLC0415

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
        note = ""
        if self.loaded is not None:
            from ..store.kinds import resolve  # noqa: PLC0415

            kind = resolve(self.loaded.model).kind
            note = kind.note if kind is not None else ""
        self.push_screen(GuidanceScreen(p.TITLES[self.current_part], views, note))

    def action_checklist(self) -> None:
        if self._modal():
            return
        if self.screen.maximized is not None:
            self.screen.minimize()  # the checklist is beside the text, not behind it
        widget = self.part_widget(self.current_part)
        panel = widget.query("ChecklistPanel") if widget is not None else None
        if panel and not panel.first().has_class("-empty"):
            focus_now(panel.first().query_one("ChecklistList"))
        else:
            self.notify("No quality marker checks this part.")

    async def action_build(self) -> None:
        if self._modal():
            return
        if any(w.group == "build" and w.is_running for w in self.workers):
            self.notify("A build is already running; its result will show in the Build part.")
            await self.go_to_part("build", focus=True)
            return
        unsaved = len(self.session.dirty())
        note = (
            f"; {unsaved} unsaved file{'s are' if unsaved != 1 else ' is'} not in it"
            if unsaved
            else ""
        )
        self.notify(f"Building the publication draft from the saved files{note}...")
        await self.go_to_part("build", focus=True)
        self.part_widget("build").show_building()
        self._build()

    @work(thread=True, exclusive=True, group="build")
    def _build(self) -> None:
        """`scr build` in a worker: the result arrives as `DraftBuilt`."""
        from ..publish import BuildError, build  # noqa: PLC0415

        try:
            result = build(self.root)
        except BuildError as exc:
            self.post_message(DraftBuilt(None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a bug in the build must not take the session
            self.post_message(DraftBuilt(None, self._internal_error("The build", exc)))
            return
        self.post_message(DraftBuilt(result))

    def on_draft_built(self, message: DraftBuilt) -> None:
        self.last_build, self.last_build_error = message.result, message.error
        widget = self.part_widget("build")
        if widget is not None:
            widget.show_result(message.result, message.error)
        if message.error:
            self.notify(f"Build failed: {message.error}", severity="error", timeout=15)
            return
        from ..publish.summary import summary_lines  # noqa: PLC0415

        result = message.result
        lines = [line for line in summary_lines(result, self.root) if not line.startswith(" ")]
        self.notify(
            "\n".join(lines),
            title="scr build",
            severity="information" if result.cleared else "warning",
            timeout=20,
        )

    # -- resolving residual candidates in the register ---------------------------------------
    def _register_for_edit(self):
        """register.toml, fresh from disk, or None (and a notice) when it cannot be edited now."""
        rel = "register.toml"
        session = self.session
        if session.is_dirty(rel):
            self.notify(
                "register.toml has unsaved changes: save them (Ctrl+S) first.",
                severity="warning",
                timeout=10,
            )
            return None
        document = session.open(rel)
        if document is not None and (document.changed_on_disk() or document.disk_text() is None):
            document = session.reload(rel)
        if document is None:
            problem = session.broken.get(rel)
            self.notify(
                f"{problem or 'register.toml cannot be read'}; fix it first.",
                severity="error",
                timeout=10,
            )
        return document

    def allow_candidate(self, candidate) -> None:
        """Ask why the candidate may stay, then write `[[allow]]` and commit."""
        if self._modal() or candidate.allowed is not None:
            return
        from .dialogs import PromptScreen  # noqa: PLC0415

        self.push_screen(
            PromptScreen(
                f"Why may '{candidate.text}' stay in the publication? The reason goes "
                "into register.toml (confidential) for the board to read."
            ),
            lambda reason: reason is not None and self._allow(candidate, reason),
        )

    def _allow(self, candidate, reason: str) -> None:
        from ..editing.register import allow  # noqa: PLC0415

        document = self._register_for_edit()
        if document is None:
            return
        try:
            message = allow(document, candidate.text, reason)
        except ValueError as exc:
            self.notify(f"Not allowed: {exc}.", severity="warning")
            return
        self._register_written(document, message)

    def register_candidate(self, candidate) -> None:
        """Add the candidate to the register: its whole name (editable), what it is, its
        label, a person's role."""
        if self._modal():
            return
        from ..editing.name_span import candidate_span  # noqa: PLC0415
        from .dialogs import PromptScreen  # noqa: PLC0415

        self.push_screen(
            PromptScreen(
                "The name to add to the register (confidential), as written in the "
                "records; edit it if it is more or less than the name",
                candidate_span(self.root, candidate),
            ),
            lambda name: name and self._ask_kind(candidate, name),
        )

    def _ask_kind(self, candidate, name: str) -> None:
        from ..editing.register import ENTRY_KINDS  # noqa: PLC0415
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        self.push_screen(
            ChoiceScreen(
                f"Add '{name}' to the register (confidential) as",
                [(f"a {kind}", kind) for kind in ENTRY_KINDS],
            ),
            lambda kind: kind and self._ask_label(candidate, kind, name),
        )

    def _ask_label(self, candidate, kind: str, name: str) -> None:
        from .dialogs import ChoiceScreen, PromptScreen  # noqa: PLC0415

        def labelled(label: str | None) -> None:
            if not label:
                return
            if kind != "person":
                self._add_to_register(name, kind, label, "other")
                return
            from ..model import ROLES  # noqa: PLC0415

            self.push_screen(
                ChoiceScreen("Their role", [(role, role) for role in ROLES]),
                lambda role: role and self._add_to_register(name, kind, label, role),
            )

        self.push_screen(
            PromptScreen(
                f"What the publication says instead of '{name}' (its label)",
                placeholder="e.g. a family friend",
            ),
            labelled,
        )

    def _add_to_register(self, name: str, kind: str, label: str, role: str) -> None:
        from ..editing import ids as pt  # noqa: PLC0415
        from ..editing.register import add_entry  # noqa: PLC0415

        document = self._register_for_edit()
        if document is None:
            return
        ids = pt.IdsInUse(self.loaded.model if self.loaded else None, self.session)
        try:
            _ident, message = add_entry(document, ids, kind, name, label, role)
        except ValueError as exc:
            self.notify(f"Not added: {exc}.", severity="warning")
            return
        self._register_written(document, message)

    def _register_written(self, document, message: str) -> None:
        """Save the register atomically now, show it, then commit and offer to rebuild."""
        from ..store.documents import ChangedOnDisk  # noqa: PLC0415

        try:
            document.save()  # atomic: a temporary file, fsync, rename
        except ChangedOnDisk:
            self.session.reload(document.rel)
            self.notify(
                "register.toml changed on disk just now; nothing was written. Try again.",
                severity="warning",
                timeout=10,
            )
            return
        register = self.part_widget("register")
        if register is not None and getattr(register, "ready", True):
            register.call_later(register.rebuild)
        self._after_write()
        self._commit_paths(message, [document.rel], then=self._offer_rebuild)

    def _offer_rebuild(self) -> None:
        from .dialogs import ConfirmScreen  # noqa: PLC0415

        self.push_screen(
            ConfirmScreen("The register is saved and committed. Rebuild the draft now?"),
            lambda yes: yes and self.call_later(self.action_build),
        )

    @work(thread=True, group="git")
    def _commit_paths(self, message: str, rels: list[str], then=None) -> None:
        """Commit files already written; `then` runs on the UI once it is committed."""
        from ..store.gitrepo import GitError, Repository  # noqa: PLC0415

        with self._git_lock:
            try:
                sha = Repository(self.root).commit(message, rels)
            except GitError as exc:
                self.post_message(
                    failed_commit(
                        rels, message, exc, partial(self._commit_paths, message, rels, then)
                    )
                )
                return
        self.post_message(RecordSaved(rels, message, sha))
        if then is not None:
            self.call_from_thread(then)

    # -- peer challenge -------------------------------------------------------------------------
    def _refresh_challenges(self) -> None:
        """Mark records with open or responded challenges, after each (re)load."""
        from ..supervision import OPEN  # noqa: PLC0415

        challenged: dict[str, list] = {}
        if self.loaded is not None:
            for challenge in sorted(self.loaded.model.challenges, key=lambda c: c.id):
                if challenge.status in OPEN:
                    challenged.setdefault(challenge.target, []).append(challenge)
        before = {k: [(c.id, c.status) for c in v] for k, v in self._challenged.items()}
        after = {k: [(c.id, c.status) for c in v] for k, v in challenged.items()}
        self._challenged = challenged
        if before == after:
            return
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None and hasattr(widget, "challenges_changed"):
                widget.challenges_changed(changed)

    def challenges_on(self, record_id: str) -> list:
        """Open or responded challenges that target a record (by its id)."""
        return list(self._challenged.get(record_id, [])) if record_id else []

    def respond_to(self, challenge_ids: list[str]) -> None:
        """Ask for a response (choosing the challenge first when there are several)."""
        if self._modal() or not challenge_ids:
            return
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        if len(challenge_ids) > 1:
            self.push_screen(
                ChoiceScreen(
                    "Respond to which challenge?", [(ident, ident) for ident in challenge_ids]
                ),
                lambda ident: ident and self._ask_response(ident),
            )
            return
        self._ask_response(challenge_ids[0])

    def _ask_response(self, ident: str) -> None:
        from .dialogs import PromptScreen  # noqa: PLC0415

        if not self._challenge_editable(ident):
            return
        self.push_screen(
            PromptScreen(
                f"Your response to {ident} (one or more sentences; it is "
                "added below any earlier response and committed)"
            ),
            lambda text: text and self._challenge_action("respond", ident, text),
        )

    def resolve_challenge(self, ident: str) -> None:
        if self._modal() or not self._challenge_editable(ident):
            return
        from .dialogs import ChoiceScreen, PromptScreen  # noqa: PLC0415

        def chosen(how: str | None) -> None:
            if how:
                self.push_screen(
                    PromptScreen(f"How {ident} was closed (optional; Enter to leave it out)"),
                    lambda text: text is not None and self._challenge_action(how, ident, text),
                )

        self.push_screen(
            ChoiceScreen(f"Close {ident} as", [("resolved", "resolve"), ("at impasse", "impasse")]),
            chosen,
        )

    def _challenge_editable(self, ident: str) -> bool:
        rel = f"challenges/{ident}.md"
        if self.session.is_dirty(rel):
            self.notify(
                f"{ident} has unsaved changes: save them (Ctrl+S) first.",
                severity="warning",
                timeout=10,
            )
            return False
        return True

    @work(thread=True, group="git")
    def _challenge_action(self, action: str, ident: str, text: str) -> None:
        """`scr challenge respond/resolve` in a worker: it writes the file and commits."""
        from .. import supervision as sv  # noqa: PLC0415
        from ..store.gitrepo import GitError  # noqa: PLC0415

        rel = f"challenges/{ident}.md"
        with self._git_lock:
            try:
                if action == "respond":
                    _, sha = sv.respond(self.root, ident, text)
                    message = f"Challenge {ident}: response written"
                else:
                    _, sha = sv.resolve(self.root, ident, action == "impasse", text or None)
                    message = f"Challenge {ident} " + (
                        "closed at impasse" if action == "impasse" else "resolved"
                    )
            except (sv.Refused, GitError) as exc:
                self.call_from_thread(self.notify, f"{ident}: {exc}", severity="error", timeout=15)
                return
        self.call_from_thread(self._challenge_written, rel)
        self.post_message(RecordSaved([rel], message, sha))

    async def _challenge_written(self, rel: str) -> None:
        self.session.reload(rel)
        widget = self.part_widget("challenges")
        if widget is not None and getattr(widget, "ready", False):
            await widget.rebuild()

    # -- failures: the session and its unsaved edits survive ---------------------------------
    def _internal_error(
        self, what: str, error: BaseException, kept: str = "your edits are kept"
    ) -> str:
        """Log a failure (a traceback without the values of variables, which hold real names)
        under .git/scr-recovered/ and say it in one line."""
        from ..store.recovery import log_error  # noqa: PLC0415

        try:
            detail = f"the details are in {self._shown(log_error(self.root, what, error))}"
        except OSError:
            detail = "the details could not be written"
        return f"{what} stopped on an internal error ({type(error).__name__}); {kept}; {detail}"

    def _shown(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def keep_unsaved(self, reason: str):
        """Put the unsaved buffers under .git/scr-recovered/ before scr goes down; the
        folder, or None when nothing was unsaved (or it could not be written)."""
        from ..store.recovery import keep_unsaved  # noqa: PLC0415

        if self._session is None or self.kept_unsaved is not None:
            return self.kept_unsaved
        try:
            buffers, typed = self._session.unsaved()
            self.kept_unsaved = keep_unsaved(self.root, buffers, reason, typed)
        except Exception:  # noqa: BLE001 - going down already: keep what can be kept
            return None
        return self.kept_unsaved

    def _handle_exception(self, error: Exception) -> None:
        """A failure in a worker is shown and the app goes on; anything else keeps the unsaved
        edits first, then ends the app with one line and no traceback of local values."""
        from textual.worker import WorkerFailed  # noqa: PLC0415

        if isinstance(error, WorkerFailed):
            cause = error.error
            self.notify(
                self._internal_error("A background task", cause), severity="error", timeout=20
            )
            return
        kept = self.keep_unsaved(f"scr stopped on an internal error ({type(error).__name__})")
        self._crash_line = self._internal_error(
            "scr",
            error,
            f"the unsaved edits are in {self._shown(kept)} and `scr open` offers them"
            if kept
            else "nothing was unsaved",
        )
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual's default prints a traceback with every local variable: here, one line."""
        self.bell()
        self._exit_renderables.append(
            Text(getattr(self, "_crash_line", "scr stopped on an internal error"))
        )
        self._close_messages_no_wait()

    def _offer_recovered(self) -> None:
        from ..store.recovery import pending  # noqa: PLC0415

        try:
            sets = pending(self.root)
        except OSError:
            return
        if not sets:
            return
        from .recovered_screen import RecoveredEditsScreen  # noqa: PLC0415

        self.push_screen(RecoveredEditsScreen(sets), partial(self._recovered_chosen, sets))

    async def _recovered_chosen(self, sets: list, choice: str | None) -> None:
        from ..store.recovery import settle  # noqa: PLC0415

        if choice is None:
            self.notify("The kept edits will be offered again next time.")
            return
        if choice == "decline":
            for recovered in sets:
                settle(recovered, "declined")
            self.notify(f"Not restored; the copies stay in {sets[0].folder.parent}.")
            return
        restored: list[str] = []
        session = self.session
        for recovered in sets:  # oldest first: a later set's text wins
            for buffer in recovered.buffers:
                if session.is_dirty(buffer.rel):
                    continue  # edited in this session already: the copy stays on disk
                try:
                    session.restore(buffer.rel, buffer.read, buffer.text, buffer.new)
                except Exception:  # noqa: BLE001 - a copy that no longer parses stays a copy
                    continue
                restored.append(buffer.rel)
            settle(recovered, "restored")
        await self._rebuild_parts()
        self.notify(
            f"Restored unsaved edits in {', '.join(sorted(set(restored))) or 'no file'}"
            "; Ctrl+S saves them.",
            timeout=15,
        )

    def action_zoom(self) -> None:
        """A prose field full screen, for writing at 80x24; F9 again (or Esc) puts it back."""
        from textual.widgets import TextArea  # noqa: PLC0415

        if self._modal():
            return
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
            return
        area = self.focused
        if not isinstance(area, TextArea):
            self.notify("F9 shows a text field full screen: move to one first (Tab).")
            return
        editor = next((a for a in area.ancestors if type(a).__name__ == "RecordEditor"), None)
        record = getattr(getattr(editor, "ref", None), "title", "") or ""
        field = getattr(getattr(area, "field", None), "label", None) or "Text"
        area.border_title = f"{field} - {record}"[:70] if record else field
        area.border_subtitle = "F9 or Esc: back  Ctrl+S: save  F4: checklist"
        screen.maximize(area, container=False)

    def action_focus_parts(self) -> None:
        if not self._modal():
            if self.screen.maximized is not None:
                self.screen.minimize()
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
        self.notify(
            f"Reloaded {len(stale)} changed file{'s' if len(stale) != 1 else ''}."
            + (
                f" Unsaved and changed on disk: {', '.join(waiting)} (saving will ask)."
                if waiting
                else ""
            )
        )

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
    from .build_part import CandidateList  # noqa: PLC0415
    from .checklist import ChecklistList  # noqa: PLC0415
    from .confirm_quit_screen import ConfirmQuitScreen  # noqa: PLC0415
    from .conflict_screen import ConflictScreen  # noqa: PLC0415
    from .dialogs import ChoiceScreen, ConfirmScreen, PromptScreen  # noqa: PLC0415
    from .guidance_screen import GuidanceScreen  # noqa: PLC0415
    from .help_screen import HelpScreen, binding_rows  # noqa: PLC0415
    from .history import CommitList  # noqa: PLC0415
    from .history_screen import HistoryScreen  # noqa: PLC0415
    from .loss_screen import LossScreen  # noqa: PLC0415
    from .merge_screen import MergeScreen  # noqa: PLC0415
    from .overview import ProblemList  # noqa: PLC0415
    from .part_editor import RecordList  # noqa: PLC0415
    from .question_screen import QuestionScreen  # noqa: PLC0415
    from .recovered_screen import RecoveredEditsScreen  # noqa: PLC0415
    from .unlock_screen import UnlockScreen  # noqa: PLC0415

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
        ("Build (residual candidates)", binding_rows(CandidateList.BINDINGS)),
        ("History", binding_rows(CommitList.BINDINGS)),
        ("File changed on disk", binding_rows(ConflictScreen.BINDINGS)),
        ("A save that deletes text", binding_rows(LossScreen.BINDINGS)),
        ("Merging a file as text", binding_rows(MergeScreen.BINDINGS)),
        ("Quitting with unsaved changes", binding_rows(ConfirmQuitScreen.BINDINGS)),
        (
            "Unsaved edits kept by a session that stopped",
            binding_rows(RecoveredEditsScreen.BINDINGS),
        ),
        ("A commit refused by a lock", binding_rows(UnlockScreen.BINDINGS)),
        ("Checklist answer", binding_rows(QuestionScreen.BINDINGS)),
        ("Confirm", binding_rows(ConfirmScreen.BINDINGS)),
        (
            "Other dialogs (choose, type a value, guidance, help, record history)",
            binding_rows(
                ChoiceScreen.BINDINGS
                + PromptScreen.BINDINGS
                + GuidanceScreen.BINDINGS
                + HelpScreen.BINDINGS
                + HistoryScreen.BINDINGS
            ),
        ),
    ]


def run(root: Path, mouse: bool = True) -> None:
    """Run the UI on the review at `root` until the user quits.

    A lost SSH connection (SIGHUP) or a polite kill (SIGTERM) keeps the unsaved edits first.
    """
    import signal  # noqa: PLC0415

    app = ScrApp(root)

    def stop(signum, _frame) -> None:
        app.keep_unsaved(f"scr was stopped ({signal.Signals(signum).name})")
        app.exit(return_code=128 + signum)

    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, stop)
    app.run(mouse=mouse)
