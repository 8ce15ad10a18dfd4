"""The next `scr open` after a crash offers the unsaved edits it kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from .dialogs import DIALOG_CSS


class RecoveredEditsScreen(ModalScreen[str | None]):
    """Returns "restore", "decline" or None (ask again next time)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="RecoveredEditsScreen")
    BINDINGS = [
        Binding("r", "choose('restore')", "Restore the edits (unsaved)"),
        Binding("d", "choose('decline')", "Do not restore (the copies stay)"),
        Binding("escape", "choose(None)", "Decide next time"),
    ]

    def __init__(self, sets: list) -> None:
        super().__init__()
        self.sets = sets

    def compose(self) -> ComposeResult:
        lines = []
        for recovered in self.sets:
            lines.append(f"{recovered.saved_at}: {recovered.reason}")
            lines.extend(f"  {rel}" for rel in recovered.rels[:8])
            if len(recovered.rels) > 8:
                lines.append(f"  and {len(recovered.rels) - 8} more")
            lines.extend(f"  {typed}" for typed in recovered.typed[:3])
        folder = self.sets[0].folder.parent if self.sets else ""
        with Vertical():
            yield Static("scr stopped with unsaved edits; they were kept", classes="dialog-title")
            yield Static("\n".join(lines))
            yield Static(
                f"Kept in {folder}. Restored edits open unsaved: read them, then "
                "Ctrl+S saves (a file changed since asks first)."
            )
            yield Static(
                "r: restore    d: do not restore (the copies stay)    Esc: next time",
                classes="dialog-keys",
            )

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
