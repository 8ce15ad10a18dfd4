"""Quitting with unsaved changes asks: save and quit, quit without saving, or stay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from .dialogs import DIALOG_CSS


class ConfirmQuitScreen(ModalScreen[str | None]):
    """Returns "save", "discard" or None (stay)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmQuitScreen")
    BINDINGS = [
        Binding("s", "choose('save')", "Save and quit"),
        Binding("d", "choose('discard')", "Quit without saving"),
        Binding("escape,c", "choose(None)", "Stay"),
    ]

    def __init__(self, rels: list[str]) -> None:
        super().__init__()
        self.rels = rels

    def compose(self) -> ComposeResult:
        shown = "\n".join(f"  {rel}" for rel in self.rels[:8])
        if len(self.rels) > 8:
            shown += f"\n  and {len(self.rels) - 8} more"
        with Vertical():
            yield Static("You have unsaved changes", classes="dialog-title")
            yield Static(shown)
            yield Static(
                "s: save (commit) and quit    d: quit without saving    Esc: stay",
                classes="dialog-keys",
            )

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
