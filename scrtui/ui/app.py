"""The `scr open` application: parts on the left, the part's records, form and checklist.

Startup stays light: the first paint shows the layout, then a worker loads and checks the
review. Git (commits, history, diffs) runs in thread workers so the UI never waits on it.
Here: the layout, loading the review, and the wiring of what the parts report (messages.py)
to saving (saving.py) and the one commit worker (commits.py). The parts act on their own
records (record_list.py, build_part.py); the app's own concerns are mixins: showing the parts
(showing_parts.py), the global keys (everywhere.py), failures (failures.py), Esc (escape.py).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Static

from . import nav as p
from .challenges import ChallengeMarks
from .commits import CommitWorker
from .escape import SplitsEscape
from .everywhere import KeysEverywhere
from .failures import SurvivesFailures
from .footer import KeyFooter
from .handover import focus_now
from .header import ShowsHeader
from .messages import (
    CandidateResolved,
    ChallengeAnswered,
    RecordEdited,
    RecordRemoved,
    RecordSaved,
    RecordsReplaced,
    ReviewLoaded,
)
from .part_nav import PartNav
from .showing_parts import ShowsParts

# Everything else (tomlkit, the store, the part editors, git) is imported after the first
# frame is on screen; `scr open` should paint about as fast as an empty Textual app.

MIN_WIDTH, MIN_HEIGHT = 80, 24
# For benchmarks/bench_ui_startup.py: leave after the first frame, or once the review is loaded
# and shown, writing the monotonic clock to SCR_FIRST_PAINT_FILE first.
EXIT_AFTER_FIRST_PAINT = "SCR_EXIT_AFTER_FIRST_PAINT"
EXIT_AFTER_LOAD = "SCR_EXIT_AFTER_LOAD"
FIRST_PAINT_FILE = "SCR_FIRST_PAINT_FILE"


class ScrApp(SplitsEscape, SurvivesFailures, KeysEverywhere, ShowsParts, ShowsHeader, App[None]):
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
        self._saving = None
        self.commits = CommitWorker(self)  # every commit of the session runs through it
        self.challenges = ChallengeMarks()
        self.loaded = None
        self.problems: list = []
        self.current_part = "overview"
        self._started = False
        self._edited: set[str] = set()
        self._wanted_part = "overview"
        self._dirty_parts: set | None = None
        self.last_build = None  # the last BuildResult of this session
        self.last_build_error: str | None = None
        self._loading: set[str] = set()  # parts whose files a worker is opening
        self._after_load: dict[str, list] = {}  # part -> what to do once it is loaded
        self._focus_before_small = None  # where the focus was when the window got too small
        self._recovery_offered = False

    @property
    def session(self):
        """The open documents (created on first use, after the first frame)."""
        if self._session is None:
            from ..editing.session import Session  # noqa: PLC0415 - tomlkit and the store load here

            self._session = Session(self.root)
        return self._session

    @property
    def saving(self):
        """Saving and its conflicts (created on first use, after the first frame)."""
        if self._saving is None:
            from .saving import SaveController  # noqa: PLC0415

            self._saving = SaveController(self, self.commits)
        return self._saving

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
        from .. import workdays  # noqa: PLC0415
        from ..check import check  # noqa: PLC0415 - off the startup path
        from ..store.kinds import resolve  # noqa: PLC0415
        from ..store.loader import NotAReview, load  # noqa: PLC0415

        try:
            loaded = load(self.root)
        except NotAReview as exc:
            self.post_message(ReviewLoaded(None, [], str(exc)))
            return
        problems = loaded.problems + check(loaded.model)
        with contextlib.suppress(ValueError):  # an unknown nation is the clock's to report
            workdays.prepare(resolve(loaded.model).kind.nation)
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
        for part in p.TITLES:  # parts that show the review as loaded and checked (the Actions
            widget = self.part_widget(part)  # checklist, the integrated chronology)
            if widget is not None and hasattr(widget, "review_loaded"):
                widget.review_loaded()
        self._refresh_challenges()
        self._exit_if_loaded()
        if not self._recovery_offered:
            self._recovery_offered = True
            self._offer_recovered()

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

    # -- saving and committing: the parts' messages -------------------------------------------
    def on_record_saved(self, message: RecordSaved) -> None:
        self.saving.saved(message)

    async def on_records_replaced(self, message: RecordsReplaced) -> None:
        """Taken from disk, merged or reloaded: every part shows the open documents again."""
        await self._rebuild_parts()

    def show_saved(self, rels: list[str]) -> None:
        """Files were committed: relabel, reorder, show the new commit, check the review."""
        self.refresh_labels()
        for part in ("findings", "challenges", "actions"):  # a priority, status or finding
            widget = self.part_widget(part)
            if widget is not None and any(r.startswith(f"{part}/") for r in rels):
                widget.reorder_if_needed()
        history = self.part_widget("history")
        if history is not None:
            history.reload()
        self.load_review()

    def on_record_removed(self, message: RecordRemoved) -> None:
        if message.how == RecordRemoved.CUT:
            self.saving.save([self.session.documents[message.rel]], set())
            return
        self._update_header()
        if message.how == RecordRemoved.DELETED:
            self.saving.commit_removal(message.rel)

    def on_candidate_resolved(self, message: CandidateResolved) -> None:
        """The Build part edited the register: write it now, show it, commit, offer a build."""
        offer = self._offer_rebuild if message.offer_build else None
        if not self.saving.write_and_commit(message.document, message.message, then=offer):
            return
        register = self.part_widget("register")
        if register is not None and getattr(register, "ready", True):
            register.call_later(register.rebuild)

    def _offer_rebuild(self) -> None:
        from .dialogs import ConfirmScreen  # noqa: PLC0415

        self.push_screen(
            ConfirmScreen("The register is saved and committed. Rebuild the draft now?"),
            lambda yes: yes and self.call_later(self.action_build),
        )

    def on_challenge_answered(self, message: ChallengeAnswered) -> None:
        from .challenges import commit_answer  # noqa: PLC0415

        self.commits.run(lambda: commit_answer(self, message))

    def _refresh_challenges(self) -> None:
        """Mark records with open or responded challenges, after each (re)load."""
        changed = self.challenges.follow(self.loaded)
        if not changed:
            return
        for part in p.TITLES:
            widget = self.part_widget(part)
            if widget is not None and hasattr(widget, "challenges_changed"):
                widget.challenges_changed(changed)

    def challenges_on(self, record_id: str) -> list:
        """Open or responded challenges that target a record (by its id)."""
        return self.challenges.on(record_id)


def _review_commands():
    from .commands import ReviewCommands  # noqa: PLC0415 - when the palette first opens

    return ReviewCommands


def run(root: Path, mouse: bool = True) -> None:
    """Run the UI on the review at `root` until the user quits.

    A lost SSH connection (SIGHUP) or a polite kill (SIGTERM) keeps the unsaved edits first.
    """
    import os  # noqa: PLC0415
    import signal  # noqa: PLC0415
    import threading  # noqa: PLC0415

    app = ScrApp(root)

    def stop(signum, _frame) -> None:
        app.keep_unsaved(f"scr was stopped ({signal.Signals(signum).name})")
        app.exit(return_code=128 + signum)
        # With its terminal gone (a dropped connection) Textual may never finish exiting: the
        # edits are kept, so a process still here two seconds later ends without its terminal.
        threading.Timer(2.0, os._exit, args=(128 + signum,)).start()

    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, stop)
    app.run(mouse=mouse)
