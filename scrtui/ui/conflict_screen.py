"""When a file changed, vanished or became unreadable on disk since it was read: show what
differs, let the user choose.

Nothing is lost whatever the choice: "keep mine" commits the disk version first and then
the user's on top (a removed file is re-created on purpose); "take the disk version" (or
"accept the deletion") keeps the user's text in .git/scr-recovered/; "merge" combines both
with the version read as the base.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..editing.session import text_diff
from ..store.documents import CHANGED, REMOVED, UNREADABLE
from .history import diff_text

MARK = "\u25b6 "  # the focused button's marker: visible without colour


class MarkedButton(Button):
    """A compact button that shows a marker while it has the focus (not only a shade)."""

    DEFAULT_CSS = """
    MarkedButton:focus { text-style: bold underline; }
    """

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(f"  {label}", **kwargs)
        self.plain = label

    def on_focus(self) -> None:
        self.label = MARK + self.plain

    def on_blur(self) -> None:
        self.label = f"  {self.plain}"


TITLES = {
    CHANGED: "{rel} changed on disk since you opened it",
    REMOVED: "{rel} was removed on disk since you opened it",
    UNREADABLE: "{rel} cannot be read on disk any more",
}
EXPLAIN = {
    CHANGED: "Another editor or a git pull changed this file; nothing has been written. "
    "Lines marked - are only on disk, + only in yours.",
    REMOVED: "Another editor, a git pull or a file manager deleted this file; nothing has "
    "been written. Keep mine writes it again with your text; accepting the deletion "
    "keeps your text in .git/scr-recovered/.",
    UNREADABLE: "It is no longer UTF-8 text (or is a folder, or its permissions changed); "
    "nothing has been written. Keep mine replaces it with your text (what could "
    "be read of it is kept in .git/scr-recovered/); Esc leaves it as it is.",
}
BUTTONS = {
    CHANGED: [("mine", "k Keep mine"), ("merge", "m Merge"), ("disk", "t Take disk version")],
    REMOVED: [("mine", "k Keep mine (re-create it)"), ("accept", "d Accept the deletion")],
    UNREADABLE: [("mine", "k Keep mine (replace it)")],
}


class ConflictScreen(ModalScreen[str | None]):
    """Keep mine ("mine"), merge ("merge"), take the disk version or accept its deletion
    ("disk"), or cancel (None). The diff scrolls with the arrow keys whatever has focus."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 100%; height: 100%; border: thick $warning; background: $surface;
        padding: 0 1;
    }
    ConflictScreen .dialog-title { text-style: bold; height: auto; color: $text-warning; }
    ConflictScreen .explain { height: auto; }
    ConflictScreen VerticalScroll { height: 1fr; border: round $primary-darken-2; }
    ConflictScreen VerticalScroll:focus { border: double $accent; }
    ConflictScreen Horizontal { height: auto; }
    ConflictScreen Button { margin-right: 1; min-width: 10; }
    """
    BINDINGS = [
        Binding("k", "choose('mine')", "Keep mine"),
        Binding("m", "choose('merge')", "Merge both (three-way)"),
        Binding("t", "choose('disk')", "Take disk version"),
        Binding("d", "choose('accept')", "Accept the deletion (file removed on disk)"),
        Binding("up", "scroll(-1)", "Scroll the diff up", show=False),
        Binding("down", "scroll(1)", "Scroll the diff down", show=False),
        Binding("pageup", "scroll(-10)", "Scroll the diff a page up", show=False),
        Binding("pagedown", "scroll(10)", "Scroll the diff a page down", show=False),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
        Binding("escape,c", "choose(None)", "Cancel"),
    ]
    RESULT = {"accept": "disk"}  # accepting a deletion is taking what is on disk

    def __init__(
        self,
        rel: str,
        disk_text: str | None,
        mine: str,
        kind: str = CHANGED,
        can_merge: bool = False,
    ) -> None:
        super().__init__()
        self.rel = rel
        self.disk_text = disk_text
        self.mine = mine
        self.kind = kind
        self.choices = [choice for choice, _ in BUTTONS[kind] if choice != "merge" or can_merge]

    def compose(self) -> ComposeResult:
        lines = text_diff(self.disk_text, self.mine, f"{self.rel} (on disk)", f"{self.rel} (yours)")
        with Vertical():
            yield Static(TITLES[self.kind].format(rel=self.rel), classes="dialog-title")
            yield Static(EXPLAIN[self.kind], classes="explain")
            with VerticalScroll(id="diff"):
                if self.kind != CHANGED:
                    shown = Text(
                        f"Your version ({len(self.mine.splitlines())} lines):\n", style="bold"
                    )
                    shown.append(self.mine)
                    yield Static(shown)
                else:
                    yield Static(
                        diff_text("\n".join(lines))
                        if lines
                        else Text("The texts differ only in line endings.", style="dim")
                    )
            with Horizontal():
                for choice, label in BUTTONS[self.kind]:
                    if choice in self.choices:
                        yield MarkedButton(
                            label,
                            id=choice,
                            compact=True,
                            variant="primary" if choice == "mine" else "default",
                        )
                yield MarkedButton("Esc Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#mine", Button).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action != "choose" or not parameters or parameters[0] is None:
            return True
        return parameters[0] in self.choices or None

    def action_scroll(self, lines: int) -> None:
        diff = self.query_one("#diff", VerticalScroll)
        diff.scroll_relative(y=lines, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id if event.button.id in self.choices else None)

    def action_choose(self, choice: str | None) -> None:
        if choice is None or choice in self.choices:
            self.dismiss(self.RESULT.get(choice, choice))
