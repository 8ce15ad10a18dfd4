"""The parts of the review, down the left: a cursor, Enter to go in, `*` for unsaved work.

A small widget of its own rather than an OptionList: it is on the first frame of `scr open`,
and drawing ten lines of text directly keeps that frame cheap.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from .handover import HandsOverKeys
from .messages import PartHighlighted
from .nav import NAV


class PartNav(HandsOverKeys, Widget, can_focus=True):
    """Up/Down show a part; Enter goes into it."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous part", show=False),
        Binding("down", "move(1)", "Next part", show=False),
        Binding("home", "jump(0)", "First part", show=False),
        Binding("end", "jump(-1)", "Last part", show=False),
        Binding("enter", "open_part", "Open part"),
    ]
    COMPONENT_CLASSES = {"part-nav--cursor", "part-nav--cursor-blurred"}
    DEFAULT_CSS = """
    PartNav { height: 1fr; }
    PartNav > .part-nav--cursor {
        color: $block-cursor-foreground; background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    PartNav > .part-nav--cursor-blurred {
        color: $block-cursor-blurred-foreground; background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }
    """

    highlighted: reactive[int] = reactive(0)

    def __init__(self) -> None:
        super().__init__(id="nav")
        self.unsaved: set[str] = set()

    @property
    def chosen(self) -> str:
        return NAV[self.highlighted][0]

    def render(self) -> Text:
        cursor = self.get_component_rich_style(
            "part-nav--cursor" if self.has_focus else "part-nav--cursor-blurred"
        )
        width = max(self.size.width, 1)
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (key, title) in enumerate(NAV):
            label = f" {title}{' *' if key in self.unsaved else ''}".ljust(width)
            text.append(label, style=cursor if index == self.highlighted else "")
            if index < len(NAV) - 1:
                text.append("\n")
        return text

    def mark_unsaved(self, parts: set[str]) -> None:
        self.unsaved = set(parts)
        self.refresh()

    def watch_highlighted(self) -> None:
        self.post_message(PartHighlighted())

    def action_move(self, step: int) -> None:
        self.highlighted = (self.highlighted + step) % len(NAV)

    def action_jump(self, index: int) -> None:
        self.highlighted = index % len(NAV)

    HANDOVER_ACTION = "open_part"

    async def action_open_part(self) -> None:
        try:
            await self.app.go_to_part(self.chosen, True)
        finally:
            self.handed_over()

    async def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(NAV):
            self.highlighted = event.y
            await self.app.go_to_part(self.chosen, True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
