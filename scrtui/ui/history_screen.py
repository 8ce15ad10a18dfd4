"""One record's own history: the commits that touched its file, and their diffs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from .history import HistoryView


class HistoryScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HistoryScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    HistoryScreen .dialog-title { height: 1; text-style: bold; background: $boost;
        padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, rel: str, label: str) -> None:
        super().__init__()
        self.rel = rel
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"History of {self.label} ({self.rel}); Esc closes", classes="dialog-title"
            )
            yield HistoryView(self.rel)

    def action_close(self) -> None:
        self.dismiss(None)


def show_history(owner, ref) -> None:
    """F7 (or h in a records list): the history of the record `ref`, from widget or app
    `owner`; without a record, say where every commit is."""
    if ref is None:
        owner.notify("Choose a record first; the History part shows every commit.")
        return
    from ..changes import record_label  # noqa: PLC0415

    owner.app.push_screen(HistoryScreen(ref.rel, record_label(ref.rel)))
