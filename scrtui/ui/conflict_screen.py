"""When a file changed on disk since it was read: show both versions, let the user choose.

Nothing is lost whatever the choice: "keep mine" commits the disk version first and then
the user's on top; "take the disk version" keeps the user's text in .git/scr-recovered/.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from .history import diff_text
from .session import text_diff


class ConflictScreen(ModalScreen[str | None]):
    """Keep mine ("mine"), take the disk version ("disk"), or cancel (None)."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 100%; height: 100%; border: thick $warning; background: $surface;
        padding: 0 1;
    }
    ConflictScreen .dialog-title { text-style: bold; height: auto; color: $text-warning; }
    ConflictScreen .explain { height: auto; }
    ConflictScreen VerticalScroll { height: 1fr; border: round $primary-darken-2; }
    ConflictScreen Horizontal { height: auto; }
    ConflictScreen Button { margin-right: 1; min-width: 10; }
    """
    BINDINGS = [
        Binding("k", "choose('mine')", "Keep mine"),
        Binding("t", "choose('disk')", "Take disk version"),
        Binding("escape,c", "choose(None)", "Cancel"),
    ]

    def __init__(self, rel: str, disk_text: str | None, mine: str) -> None:
        super().__init__()
        self.rel = rel
        self.disk_text = disk_text
        self.mine = mine

    def compose(self) -> ComposeResult:
        lines = text_diff(self.disk_text, self.mine, f"{self.rel} (on disk)",
                          f"{self.rel} (yours)")
        with Vertical():
            yield Static(f"{self.rel} changed on disk since you opened it", classes="dialog-title")
            yield Static(
                "Another editor or a git pull changed this file; nothing has been written. "
                "Lines marked - are only on disk, + only in yours.",
                classes="explain",
            )
            with VerticalScroll():
                yield Static(diff_text("\n".join(lines)) if lines else
                             Text("The texts differ only in line endings.", style="dim"))
            with Horizontal():
                yield Button("k Keep mine", id="mine", variant="primary", compact=True)
                yield Button("t Take disk version", id="disk", compact=True)
                yield Button("Esc Cancel", id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss({"mine": "mine", "disk": "disk"}.get(event.button.id or ""))

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
