"""The quality-marker questions beside each part: status, note and evidence, one key apart.

Answers are written into the marker's own file (markers/<id>.toml) through tomlkit and saved
with the rest of the review.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from .. import model as m
from ..editing import fields as f
from .messages import RecordEdited
from .nav import MARKER_PARTS, NAV

GLYPHS = {"not started": "[ ]", "partly": "[~]", "met": "[x]", "n.a.": "[-]"}
STYLES = {"not started": "", "partly": "yellow", "met": "green", "n.a.": "dim"}


@dataclass
class MarkerView:
    """A marker file as the checklist reads it (live from its open document)."""

    rel: str
    document: object

    @property
    def data(self):
        return self.document.doc

    @property
    def id(self) -> str:
        return str(f.get(self.data, "id") or self.rel.rsplit("/", 1)[-1][:-5])

    @property
    def title(self) -> str:
        return str(f.get(self.data, "title") or self.id)

    @property
    def parts(self) -> list[str]:
        value = f.get(self.data, "parts")
        return [str(p) for p in value] if isinstance(value, list) else []

    def questions(self) -> list:
        array = self.data.get("question")
        return list(array) if array is not None else []

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in m.QUESTION_STATUSES}
        for question in self.questions():
            status = f.get(question, "status") or "not started"
            if status in counts:
                counts[status] += 1
        return counts

    def answered(self) -> tuple[int, int]:
        counts = self.counts()
        return counts["met"] + counts["n.a."], len(self.questions())


def markers(session) -> list[MarkerView]:
    """Every marker file that opens, in file-name order."""
    found = []
    for rel in session.folder("markers"):
        document = session.open(rel)
        if document is not None:
            found.append(MarkerView(rel, document))
    return found


def markers_for(session, part: str) -> list[MarkerView]:
    """The markers whose `parts` this navigation part edits.

    The Overview takes markers that check only the review as a whole or the report, so that
    every marker is shown somewhere.
    """
    wanted = set(MARKER_PARTS.get(part, ()))
    if part == "overview":
        elsewhere = {p for key, _ in NAV if key != "overview" for p in MARKER_PARTS[key]}
        return [
            mk
            for mk in markers(session)
            if wanted & set(mk.parts) and not elsewhere & set(mk.parts)
        ]
    return [mk for mk in markers(session) if wanted & set(mk.parts)]


def question_prompt(question) -> Text:
    status = str(f.get(question, "status") or "not started")
    text = Text()
    text.append(GLYPHS.get(status, "[?]"), style=STYLES.get(status, "red"))
    text.append(f" {f.get(question, 'id') or '?'} ", style="bold")
    text.append(str(f.get(question, "text") or ""))
    note = str(f.get(question, "note") or "").strip()
    evidence = f.get(question, "evidence") or []
    if note or evidence:
        extra = []
        if note:
            extra.append(f"note: {' '.join(note.split())}")
        if evidence:
            extra.append("evidence: " + ", ".join(str(e) for e in evidence))
        text.append("\n    " + " | ".join(extra), style="dim")
    return text


class ChecklistList(OptionList):
    """The questions of the part's markers; one key cycles a question's status."""

    BINDINGS = [
        Binding("space", "cycle", "Cycle status"),
        Binding("enter", "details", "Note/evidence"),
        Binding("g", "app.guidance", "Guidance"),
    ]

    def __init__(self) -> None:
        super().__init__(compact=True)
        self.entries: list[tuple[MarkerView, int] | None] = []

    def action_cycle(self) -> None:
        self.parent_panel.cycle(self.highlighted)

    def action_details(self) -> None:
        self.parent_panel.details(self.highlighted)

    @property
    def parent_panel(self) -> ChecklistPanel:
        return self.query_ancestor(ChecklistPanel)


class ChecklistPanel(Vertical):
    """The checklist of a part, with a one-line progress title."""

    DEFAULT_CSS = """
    ChecklistPanel { height: 8; dock: bottom; border-top: solid $primary; }
    ChecklistPanel .checklist-title { height: 1; text-style: bold; }
    ChecklistPanel ChecklistList { height: 1fr; }
    ChecklistPanel.-empty { display: none; }
    """

    def __init__(self, part: str) -> None:
        super().__init__(classes="checklist")
        self.part = part
        self.views: list[MarkerView] = []

    def compose(self) -> ComposeResult:
        yield Static("Checklist", classes="checklist-title")
        yield ChecklistList()

    def rebuild(self) -> None:
        session = self.app.session
        self.views = markers_for(session, self.part)
        self.set_class(not self.views, "-empty")
        listing = self.query_one(ChecklistList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.entries = []
        options = []
        for view in self.views:
            answered, total = view.answered()
            options.append(
                Option(
                    Text(f"{view.title}: {answered}/{total} answered", style="bold"), disabled=True
                )
            )
            listing.entries.append(None)
            for index, question in enumerate(view.questions()):
                options.append(Option(question_prompt(question)))
                listing.entries.append((view, index))
        listing.add_options(options)
        if options:
            first = next((i for i, e in enumerate(listing.entries) if e is not None), None)
            listing.highlighted = (
                highlighted
                if highlighted is not None
                and highlighted < len(options)
                and listing.entries[highlighted]
                else first
            )
        self._retitle()

    def _retitle(self) -> None:
        parts = []
        for view in self.views:
            answered, total = view.answered()
            parts.append(f"{view.title} {answered}/{total}")
        self.query_one(".checklist-title", Static).update(
            "Checklist: " + " | ".join(parts) + "  (F4, then Space cycles)"
        )

    def _question(self, index: int | None):
        listing = self.query_one(ChecklistList)
        if index is None or index >= len(listing.entries) or listing.entries[index] is None:
            return None, None
        view, number = listing.entries[index]
        questions = view.questions()
        return view, questions[number] if number < len(questions) else None

    def cycle(self, index: int | None) -> None:
        view, question = self._question(index)
        if question is None:
            return
        status = str(f.get(question, "status") or "not started")
        order = list(m.QUESTION_STATUSES)
        question["status"] = (
            order[(order.index(status) + 1) % len(order)] if status in order else order[0]
        )
        self.app.session.touch(view.rel)
        self._refresh_option(index, question)
        self.post_message(RecordEdited(view.rel))

    def details(self, index: int | None) -> None:
        view, question = self._question(index)
        if question is None:
            return
        from .question_screen import QuestionScreen  # noqa: PLC0415 - only when asked

        def apply(result: dict | None) -> None:
            if result is None:
                return
            changed = False
            for key, field in (
                ("status", f.Field("status", "Status")),
                ("note", f.Field("note", "Note", f.LONG)),
                ("evidence", f.Field("evidence", "Evidence", f.REFS)),
            ):
                if not f.same(field, f.get(question, key), result[key]):
                    f.write(question, field, result[key])
                    changed = True
            if changed:
                self.app.session.touch(view.rel)
                self._refresh_option(index, question)
                self.post_message(RecordEdited(view.rel))

        self.app.push_screen(QuestionScreen(view.title, question), apply)

    def _refresh_option(self, index: int, question) -> None:
        listing = self.query_one(ChecklistList)
        listing.replace_option_prompt_at_index(index, question_prompt(question))
        for position, entry in enumerate(listing.entries):
            if entry is None:
                view = (
                    listing.entries[position + 1][0]
                    if position + 1 < len(listing.entries) and listing.entries[position + 1]
                    else None
                )
                if view is not None:
                    answered, total = view.answered()
                    listing.replace_option_prompt_at_index(
                        position, Text(f"{view.title}: {answered}/{total} answered", style="bold")
                    )
        self._retitle()

    def focus_question(self, rel: str, line: int | None) -> bool:
        """Highlight the question of marker file `rel` at a file line; True if found."""
        listing = self.query_one(ChecklistList)
        best = None
        for position, entry in enumerate(listing.entries):
            if entry is None or entry[0].rel != rel:
                continue
            if best is None:
                best = position
            question_line = _question_line(entry[0], entry[1])
            if line is not None and question_line is not None and question_line <= line:
                best = position
        if best is None:
            return False
        listing.highlighted = best
        listing.focus()
        return True


def _question_line(view: MarkerView, number: int) -> int | None:
    from ..store.locate import locate_keys  # noqa: PLC0415

    keys = locate_keys(view.document.render())
    found = keys.get(f"question[{number}]")
    return found[0] if found else None
