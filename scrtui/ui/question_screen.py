"""Answer one checklist question: status, a note, and the evidence refs that support it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from .. import model as m
from ..editing import fields as f
from .dialogs import DIALOG_CSS


class QuestionScreen(ModalScreen[dict | None]):
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="QuestionScreen")
        + """
    QuestionScreen > Vertical { width: 90; }
    QuestionScreen Horizontal { height: auto; }
    QuestionScreen Label { width: 10; color: $text-muted; }
    QuestionScreen TextArea { height: 5; width: 1fr; }
    QuestionScreen Input, QuestionScreen Select { width: 1fr; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s,f2", "done", "Done", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, marker_title: str, question) -> None:
        super().__init__()
        self.marker_title = marker_title
        self.question = question

    def compose(self) -> ComposeResult:
        q = self.question
        status = str(f.get(q, "status") or "not started")
        options = [(s, s) for s in m.QUESTION_STATUSES]
        if status not in m.QUESTION_STATUSES:
            options.insert(0, (status, status))
        with Vertical():
            yield Static(
                f"{self.marker_title} {f.get(q, 'id')}: {f.get(q, 'text')}", classes="dialog-title"
            )
            with Horizontal():
                yield Label("Status")
                yield Select(options, value=status, allow_blank=False, compact=True, id="status")
            with Horizontal():
                yield Label("Note")
                yield TextArea(
                    str(f.get(q, "note") or ""),
                    soft_wrap=True,
                    compact=True,
                    tab_behavior="focus",
                    id="note",
                )
            with Horizontal():
                yield Label("Evidence")
                yield Input(
                    ", ".join(str(e) for e in f.get(q, "evidence") or []),
                    placeholder="record ids or files, comma separated",
                    compact=True,
                    id="evidence",
                )
            yield Static(
                "Ctrl+S or F2: done (saved with the review)    Esc: cancel", classes="dialog-keys"
            )

    def on_mount(self) -> None:
        note = self.query_one("#note", TextArea)
        note.move_cursor(note.document.end)  # go on writing where the note ends
        note.focus()

    def action_done(self) -> None:
        evidence_field = f.Field("evidence", "Evidence", f.REFS)
        self.dismiss(
            {
                "status": self.query_one("#status", Select).value,
                "note": self.query_one("#note", TextArea).text,
                "evidence": f.parse(evidence_field, self.query_one("#evidence", Input).value),
            }
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
