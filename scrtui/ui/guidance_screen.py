"""A marker's guidance one key away: statement, knowledge base, statutory guidance, obstacles."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from ..editing import fields as f


def guidance_markdown(views, note: str = "") -> str:
    """The guidance of the markers as one Markdown document; `note` (the review kind's word on
    the 2016 markers) comes first."""
    parts = [f"> {note}"] if note and views else []
    for view in views:
        data = view.data
        parts.append(f"# {view.title}")
        meta = [str(f.get(data, "stage") or ""), str(f.get(data, "source") or "")]
        if any(meta):
            parts.append("*" + " | ".join(m for m in meta if m) + "*")
        statement = str(f.get(data, "statement") or "").strip()
        if statement:
            parts.append("## Quality statement\n\n" + statement)
        for section in list(data.get("guidance") or []):
            title = f.get(section, "title") or "Guidance"
            parts.append(f"## {title}\n\n{str(f.get(section, 'text') or '').strip()}")
        rationale = str(f.get(data, "rationale") or "").strip()
        if rationale:
            parts.append("## Rationale\n\n" + rationale)
        questions = "\n".join(
            f"- **{f.get(q, 'id')}** {f.get(q, 'text')}" for q in view.questions()
        )
        if questions:
            parts.append("## How might you know you are meeting this marker?\n\n" + questions)
    return "\n\n".join(parts) if parts else "No quality marker checks this part."


class GuidanceScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    GuidanceScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    GuidanceScreen .dialog-title { height: 1; text-style: bold; background: $boost;
        padding: 0 1; }
    GuidanceScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, part_title: str, views, note: str = "") -> None:
        super().__init__()
        self.part_title = part_title
        self.views = views
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"Guidance for {self.part_title}; arrows scroll, Esc closes", classes="dialog-title"
            )
            with VerticalScroll():
                yield Markdown(guidance_markdown(self.views, self.note))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
