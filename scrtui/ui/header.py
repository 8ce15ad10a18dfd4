"""The header line: the review's title, and how many files are unsaved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from . import nav as p
from .part_nav import PartNav


class ShowsHeader:
    """Mixin for the App: the header follows the title and the unsaved files as they change."""

    def _update_header(self) -> None:
        document = self.session.documents.get("review.toml")
        title = None
        if document is not None:
            title = document.doc.get("title")
        elif self.loaded is not None and self.loaded.model.review is not None:
            title = self.loaded.model.review.title
        _show(
            self.query_one("#title", Static),
            Text.assemble(("scr ", "bold"), str(title or self.root.name)),
        )
        dirty = self.session.dirty()
        status = self.query_one("#status", Static)
        if dirty:
            count = len(dirty)
            _show(
                status,
                Text(
                    f"* {count} unsaved file{'s' if count != 1 else ''} (Ctrl+S)",
                    style="bold yellow",
                ),
            )
        else:
            _show(status, Text("all saved", style="dim"))
        parts = {p.part_of_path(d.rel) for d in dirty}
        if parts == self._dirty_parts:
            return
        self._dirty_parts = parts
        self.query_one(PartNav).mark_unsaved(parts)


def _show(static: Static, text: Text) -> None:
    """Update a header line only when its text changes: each update lays the whole screen out
    again, which every key typed would otherwise pay for."""
    if static.content != text:
        static.update(text)
