"""The footer of keys: one line, Save, Help and Quit always first, the palette key on the right.

Textual's Footer lists the focused widget's keys before the app's, so at 80 columns Save and
Help fall off the edge; it is also a container of one widget per key, which costs the first
frame of `scr open` about 20 ms. This footer draws one line of text from the same bindings.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

FIRST = ("save", "help", "quit")


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter { height: 1; dock: bottom; background: $footer-background; }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground; background: $footer-background; text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground; background: $footer-background;
    }
    """
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str, object]] = []  # start, end, action, node

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen) -> None:
        self.refresh()

    def _shown(self) -> tuple[list, tuple | None]:
        active = self.screen.active_bindings
        by_action: dict[str, tuple] = {}
        palette = None
        for key, (node, binding, enabled, _tooltip) in active.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (node, binding, enabled)
            elif binding.show and enabled and binding.action not in by_action:
                by_action[binding.action] = (node, binding)
        ordered = sorted(
            by_action.values(),
            key=lambda item: FIRST.index(item[1].action) if item[1].action in FIRST else len(FIRST),
        )
        return ordered, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        width = self.size.width
        ordered, palette = self._shown()
        right = Text()
        if palette is not None:
            right.append(f" {self.app.get_key_display(palette[1])}", style=key_style)
            right.append(" palette ", style=text_style)
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for node, binding in ordered:
            chunk_key = f" {self.app.get_key_display(binding)}"
            chunk = f" {binding.description} "
            if line.cell_len + len(chunk_key) + len(chunk) > width - right.cell_len:
                break
            start = line.cell_len
            line.append(chunk_key, style=key_style)
            line.append(chunk, style=text_style)
            self._spans.append((start, line.cell_len, binding.action, node))
        gap = width - line.cell_len - right.cell_len
        if gap > 0:
            line.append(" " * gap, style=text_style)
        if palette is not None:
            self._spans.append(
                (line.cell_len, line.cell_len + right.cell_len, palette[1].action, palette[0])
            )
        line.append_text(right)
        return line

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
