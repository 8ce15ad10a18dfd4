"""F1: every key binding of the UI, by where it works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "Space",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
}


def key_name(key: str) -> str:
    """How a key is written for people: ctrl+s -> Ctrl+S, f2 -> F2."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    parts = key.split("+")
    shown = []
    for part in parts:
        if part in ("ctrl", "shift", "alt"):
            shown.append(part.capitalize())
        elif len(part) == 1:
            shown.append(part.upper() if len(parts) > 1 else part)
        else:
            shown.append(
                part.upper() if part.startswith("f") and part[1:].isdigit() else part.capitalize()
            )
    return "+".join(shown)


def binding_rows(bindings) -> list[tuple[str, str]]:
    """(keys, description) per action, twins together: "Ctrl+S / F2", "Save"."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        known = rows.setdefault((binding.action, binding.description), [])
        known += [
            key for key in (key_name(k.strip()) for k in binding.key.split(",")) if key not in known
        ]
    return [(" / ".join(keys), description) for (_, description), keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    HelpScreen .dialog-title { height: 1; text-style: bold; background: $boost; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,f1", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys (Esc closes; arrows scroll)", classes="dialog-title")
            with VerticalScroll():
                for title, bindings in self.sections:
                    table = Table(
                        title=title,
                        title_justify="left",
                        title_style="bold",
                        show_header=False,
                        box=None,
                        padding=(0, 2, 0, 0),
                    )
                    table.add_column("keys", style="bold cyan", no_wrap=True, min_width=18)
                    table.add_column("does")
                    for keys, description in bindings:
                        table.add_row(keys, description)
                    yield Static(table)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
