"""Before a save that deletes a whole section or most of a record's text: show what goes, ask.

y saves anyway (the old text stays in git's history); n or Esc keeps the edit unsaved.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class LossScreen(ModalScreen[bool]):
    """Asks whether to save losses (`scrtui.losses.Loss`); True saves."""

    DEFAULT_CSS = """
    LossScreen { align: center middle; }
    LossScreen > Vertical {
        width: 100%; height: 100%; border: thick $warning; background: $surface;
        padding: 0 1;
    }
    LossScreen .dialog-title { text-style: bold; height: auto; color: $text-warning; }
    LossScreen .summary { height: auto; max-height: 6; }
    LossScreen VerticalScroll { height: 1fr; border: round $primary-darken-2; }
    LossScreen .dialog-keys { height: auto; text-style: bold; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Save anyway (deletes the text shown)"),
        Binding("n,escape", "answer(False)", "Don't save; keep editing"),
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
        Binding("pageup", "scroll(-10)", "Scroll a page up", show=False),
        Binding("pagedown", "scroll(10)", "Scroll a page down", show=False),
    ]

    def __init__(self, losses: list) -> None:
        super().__init__()
        self.losses = losses

    def compose(self) -> ComposeResult:
        gone = Text()
        for loss in self.losses:
            gone.append(f"{loss.record} ({loss.rel}): what goes\n", style="bold")
            for line in loss.gone:
                gone.append(f"- {line}\n", style="red")
            if not loss.gone:
                gone.append("  (headings and blank lines only)\n", style="dim")
        with Vertical():
            yield Static("This save deletes text: save it?", classes="dialog-title")
            yield Static("\n".join(loss.summary() for loss in self.losses), classes="summary")
            with VerticalScroll(id="gone"):
                yield Static(gone)
            yield Static(
                "y: save anyway (the old text stays in the history)    "
                "n or Esc: don't save, keep editing",
                classes="dialog-keys",
            )

    def action_scroll(self, lines: int) -> None:
        self.query_one("#gone", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
