"""The pieces of the import screen (import_chronology_screen.py): the file and agency it
suggests, and the list of the names found that the register does not hold."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .registering import RegistersNames

SPREADSHEETS = (".xlsx", ".xlsm", ".ods", ".csv")


def suggested_file(root: Path, model) -> str:
    """A spreadsheet under imports/ that no source records yet (else the first one there)."""
    folder = root / "imports"
    found = (
        sorted(p for p in folder.iterdir() if p.suffix.lower() in SPREADSHEETS)
        if folder.is_dir()
        else []
    )
    known = {s.location for s in model.sources}
    rels = [p.relative_to(root).as_posix() for p in found]
    return next((rel for rel in rels if rel not in known), rels[0] if rels else "")


def guessed_agency(model, typed: str) -> str | None:
    """The agency a file is from: the one whose source records it, or whose id is in its name."""
    for source in model.sources:
        if source.location == typed and source.agency:
            return source.agency
    stem = Path(typed).stem.lower()
    agencies = sorted((a.id for a in model.scope.agencies), key=len, reverse=True)
    return next((a for a in agencies if a in stem), None)


def unsaved_files(session, plan) -> str:
    """Why the plan cannot be written now: a file it writes has unsaved edits in scr."""
    dirty = [rel for rel in plan.files if session.is_dirty(rel)]
    if not dirty:
        return ""
    return (
        f"{', '.join(dirty)} has unsaved changes in scr: close this (Esc), save them "
        "(Ctrl+S), then import."
    )


def changed_since(root: Path, plan) -> str:
    """Why the plan may not be written: a file it writes changed on disk since it was made."""
    for rel in plan.files:
        path = root / rel
        now = path.read_text(encoding="utf-8") if path.exists() else None
        if now != plan.originals.get(rel):
            return f"{rel} changed on disk since the preview; preview again."
    return ""


class NamesList(RegistersNames, OptionList):
    """The names the register does not hold; Enter registers the one under the cursor."""

    OFFER_BUILD = False
    BINDINGS = [
        Binding("enter", "register_name", "Register the name"),
        Binding("g", "register_part", "Go to the Register part"),
    ]

    def __init__(self) -> None:
        super().__init__(compact=True)
        self.findings: list = []
        self.registered: set[str] = set()

    def show(self, findings: list) -> None:
        self.findings = findings
        self.clear_options()
        self.add_options([Option(self._prompt(f)) for f in findings])
        self.display = bool(findings)

    def _prompt(self, finding) -> Text:
        rows = ", ".join(str(r) for r in finding.rows[:8])
        more = f" and {len(finding.rows) - 8} more" if len(finding.rows) > 8 else ""
        text = Text(no_wrap=True, overflow="ellipsis")
        done = finding.text in self.registered
        text.append("✓ " if done else "? ", style="green" if done else "bold yellow")
        text.append(f"{finding.kind:<10} ", style="cyan")
        text.append(finding.text, style="dim" if done else "bold")
        text.append(f"  row{'s' if len(finding.rows) > 1 else ''} {rows}{more}", style="dim")
        return text

    def action_register_name(self) -> None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.findings):
            return
        from .dialogs import PromptScreen  # noqa: PLC0415

        self.app.push_screen(
            PromptScreen(
                "The name to add to the register (confidential), as written in the "
                "records; edit it if it is more or less than the name",
                self.findings[index].text,
            ),
            lambda name: name and self._ask_kind(name),
        )

    def name_registered(self, name: str) -> None:
        self.registered.add(name)
        for index, finding in enumerate(self.findings):
            if finding.text in name.split() or finding.text == name:
                self.registered.add(finding.text)
                self.replace_option_prompt_at_index(index, self._prompt(finding))

    def action_register_part(self) -> None:
        self.screen.go_to_register()
