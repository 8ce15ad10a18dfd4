"""The Overview: progress per marker, the problems `scr check` finds, the review's details."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..editing import fields as f
from ..editing.lines import record_at_line
from ..editing.refs import Broken, RecordRef
from ..editing.rows import overview_ref
from ..problems import Problem
from .checklist import ChecklistPanel, MarkerView, markers
from .messages import ProblemSelected
from .record_editor import RecordEditor

BAR = 10


def progress_text(views: list[MarkerView]) -> Text:
    """One line per marker: a bar of answered (met or n.a.) and partly answered questions."""
    text = Text()
    width = max((len(v.title) for v in views), default=10)
    width = min(width, 28)
    for view in views:
        counts = view.counts()
        answered, total = view.answered()
        partly = counts["partly"]
        full = round(BAR * answered / total) if total else 0
        half = min(BAR - full, round(BAR * partly / total)) if total else 0
        text.append(f"{view.title[:width]:<{width}} ")
        text.append("#" * full, style="green")
        text.append("~" * half, style="yellow")
        text.append("." * (BAR - full - half), style="dim")
        text.append(f" {answered:>2}/{total:<2} answered")
        if partly:
            text.append(f", {partly} partly", style="yellow")
        text.append("\n")
    if not views:
        text.append("No marker files in markers/.", style="dim")
    text.rstrip()
    return text


class ProblemList(OptionList):
    """What `scr check` finds; Enter opens the record at the problem's place."""

    BINDINGS = [Binding("enter", "select", "Open record")]

    def __init__(self) -> None:
        super().__init__(compact=True)
        self.problems: list[Problem] = []

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.clear_options()
        if not problems:
            self.add_option(
                Option(Text("No problems: scr check is clean.", style="green"), disabled=True)
            )
            return
        self.add_options([Option(Text(str(problem), style="red")) for problem in problems])
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.problems):
            self.post_message(ProblemSelected(self.problems[event.option_index]))


class OverviewPart(Vertical):
    """Where the review starts: how far each checklist is, and what is wrong."""

    DEFAULT_CSS = """
    OverviewPart { height: 1fr; }
    OverviewPart .part-title { height: 1; text-style: bold; background: $boost; padding: 0 1; }
    OverviewPart .progress { height: auto; padding: 0 1; }
    OverviewPart .clock { height: auto; max-height: 3; padding: 0 1; }
    OverviewPart .problems-title { height: 1; padding: 0 1; text-style: bold; }
    OverviewPart ProblemList { height: auto; max-height: 6; margin: 0 1; }
    OverviewPart RecordEditor { border-top: solid $primary-darken-2; }
    """

    def __init__(self) -> None:
        super().__init__(id="part-overview", classes="part")
        self.part = "overview"
        self.selected = None

    def compose(self) -> ComposeResult:
        yield Static("Overview", classes="part-title")
        yield Static("", classes="clock")
        yield Static(Text("Loading the review...", style="dim"), classes="progress")
        yield Static("Problems: checking...", classes="problems-title")
        yield ProblemList()
        yield RecordEditor()
        yield ChecklistPanel("overview")

    @property
    def editor(self) -> RecordEditor:
        return self.query_one(RecordEditor)

    @property
    def checklist(self) -> ChecklistPanel:
        return self.query_one(ChecklistPanel)

    def refs(self) -> list[RecordRef]:
        return [self.selected] if self.selected is not None else []

    async def rebuild(self, select: str | None = None) -> None:
        session = self.app.session
        document = session.open("review.toml")
        title = f.get(document.doc, "title") if document is not None else None
        self.query_one(".part-title", Static).update(f"Overview: {title or 'the review'}")
        self.refresh_progress()
        self.checklist.rebuild()
        if self.app.loaded is not None:
            self.show_problems(self.app.problems)
            self.show_clock(self.app.loaded, self.app.problems)
        if document is None:
            problem = session.broken.get("review.toml")
            self.selected = None
            await self.editor.show(Broken("review.toml", problem, "overview"))
        else:
            loaded = self.app.loaded
            self.selected = overview_ref(loaded.model if loaded else None, document)
            await self.editor.show(self.selected)

    async def follow_kind(self) -> None:
        """After a load: the review's kind (and so its milestones) may have changed."""
        if self.selected is None:
            return
        document = self.app.session.documents.get("review.toml")
        loaded = self.app.loaded
        wanted = overview_ref(loaded.model if loaded else None, document)
        if wanted.fields != self.selected.fields:
            self.selected = wanted
            self.call_after_refresh(self.editor.show, self.selected)

    def refresh_progress(self) -> None:
        self.query_one(".progress", Static).update(progress_text(markers(self.app.session)))

    def show_clock(self, loaded, problems: list[Problem]) -> None:
        """The review's clock (what `scr status` says), overdue items in the warning colour."""
        from ..status import overview_lines, status, today  # noqa: PLC0415
        from ..store.kinds import resolve  # noqa: PLC0415

        line = self.query_one(".clock", Static)
        if loaded is None:
            line.update("")
            return
        resolved = resolve(loaded.model)
        result = status(loaded.model, resolved.kind, today(), problems, resolved.notice)
        colour = self.app.theme_variables.get("warning", "yellow")
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (words, warning) in enumerate(overview_lines(result)):
            if index:
                text.append("\n")
            text.append(
                ("! " if warning else "") + words, style=f"bold {colour}" if warning else ""
            )
        line.update(text)

    def refresh_labels(self, rels: set[str] | None = None) -> None:
        self.refresh_progress()

    def show_problems(self, problems: list[Problem]) -> None:
        count = len(problems)
        self.query_one(".problems-title", Static).update(
            f"Problems: {count}" + (" (Enter opens the record)" if count else "")
        )
        self.query_one(ProblemList).show_problems(problems)

    async def go_to(self, rel: str, line: int | None, col: int | None) -> bool:
        if rel != "review.toml" or self.selected is None:
            return False
        document = self.app.session.documents.get(rel)
        _, key = record_at_line(document, [self.selected], line)
        self.editor.focus_field(key, line, col)
        return True
