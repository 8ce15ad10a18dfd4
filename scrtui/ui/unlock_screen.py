"""A commit refused by lock files that a killed git left behind: name them, offer to remove."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from .dialogs import DIALOG_CSS


class UnlockScreen(ModalScreen[bool]):
    """Returns True to remove the stale locks and commit again, False to leave them."""

    DEFAULT_CSS = DIALOG_CSS.format(name="UnlockScreen")
    BINDINGS = [
        Binding("r", "choose(True)", "Remove the lock and commit again"),
        Binding("escape,c", "choose(False)", "Leave it"),
    ]

    def __init__(self, error: str, locks: tuple) -> None:
        super().__init__()
        self.error = error
        self.locks = locks

    def compose(self) -> ComposeResult:
        listed = "\n".join(f"  {lock.describe()}" for lock in self.locks)
        with Vertical():
            yield Static("The commit failed: the repository is locked", classes="dialog-title")
            yield Static(listed)
            yield Static(
                "A git command was stopped before it finished and left this behind; "
                "no process holds it now (scr looks again before removing it). The "
                "files are written; only the commit is waiting."
            )
            yield Static("r: remove it and commit again    Esc: leave it", classes="dialog-keys")

    def action_choose(self, choice: bool) -> None:
        self.dismiss(choice)
