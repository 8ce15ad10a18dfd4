"""Resolve a merge whose conflicts cannot be shown in the form: the whole file as text.

Used when both sides changed the same lines of a TOML file or of a record's front matter
(conflict markers would not parse there). The file's merged text is edited here; Ctrl+S or
F2 applies it only once no conflict marker is left and it parses; Esc cancels the merge and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..store.merge import has_markers


class MergeScreen(ModalScreen[str | None]):
    """Returns the resolved text, or None (cancelled)."""

    DEFAULT_CSS = """
    MergeScreen { align: center middle; }
    MergeScreen > Vertical {
        width: 100%; height: 100%; border: thick $warning; background: $surface;
        padding: 0 1;
    }
    MergeScreen .dialog-title { text-style: bold; height: auto; color: $text-warning; }
    MergeScreen .explain { height: auto; }
    MergeScreen TextArea { height: 1fr; border: round $primary-darken-2; }
    MergeScreen TextArea:focus { border: double $accent; }
    MergeScreen .merge-error { height: auto; color: $text-error; text-style: bold; }
    MergeScreen .dialog-keys { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s,f2", "apply", "Apply the resolved text and save", priority=True),
        Binding("escape", "cancel", "Cancel the merge (nothing written)"),
    ]

    def __init__(
        self, rel: str, text: str, check: Callable[[str], str | None], problem: str = ""
    ) -> None:
        super().__init__()
        self.rel = rel
        self.text = text
        self.check = check  # the text -> why it cannot be applied yet, or None
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"Merge {self.rel}: both you and the disk version changed it",
                classes="dialog-title",
            )
            yield Static(
                "Where both changed the same lines the text shows yours between "
                "<<<<<<< yours and =======, the disk's between ======= and >>>>>>> "
                "on disk. Keep what should stay and delete the marker lines.",
                classes="explain",
            )
            yield TextArea(
                self.text, soft_wrap=True, tab_behavior="focus", id="merged", show_line_numbers=True
            )
            yield Static(self.problem, classes="merge-error")
            yield Static(
                "Ctrl+S or F2: apply and save    Esc: cancel the merge (nothing "
                "written, your edits stay unsaved)",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        area = self.query_one("#merged", TextArea)
        lines = area.text.split("\n")
        first = next((i for i, line in enumerate(lines) if line.startswith("<<<<<<<")), 0)
        area.move_cursor((first, 0), center=True)
        area.focus()

    def action_apply(self) -> None:
        text = self.query_one("#merged", TextArea).text
        if has_markers(text):
            why = "Conflict markers are left: resolve every <<<<<<< ======= >>>>>>> first."
        else:
            why = self.check(text)
        if why:
            self.query_one(".merge-error", Static).update(why)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
