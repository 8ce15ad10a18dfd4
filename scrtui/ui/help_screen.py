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
    """(keys, description) per action, twins together: "Ctrl+S / F2", "Save". A binding's
    tooltip, when it has one, says more than the footer's short description."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        known = rows.setdefault((binding.action, binding.tooltip or binding.description), [])
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


def help_sections(app_bindings: list) -> list[tuple[str, list]]:
    """Every binding of the UI, by where it works (the F1 screen); the app's own bindings come
    from the app that asks, so that this screen does not import the app."""
    from .actions_part import PlanChecklistList  # noqa: PLC0415
    from .build_part import CandidateList  # noqa: PLC0415
    from .checklist import ChecklistList  # noqa: PLC0415
    from .chronology_part import ChronologyPart, ChronologyTable  # noqa: PLC0415
    from .confirm_quit_screen import ConfirmQuitScreen  # noqa: PLC0415
    from .conflict_screen import ConflictScreen  # noqa: PLC0415
    from .dialogs import ChoiceScreen, ConfirmScreen, PromptScreen  # noqa: PLC0415
    from .guidance_screen import GuidanceScreen  # noqa: PLC0415
    from .history import CommitList  # noqa: PLC0415
    from .history_screen import HistoryScreen  # noqa: PLC0415
    from .import_chronology_screen import ImportChronologyScreen  # noqa: PLC0415
    from .import_pieces import NamesList  # noqa: PLC0415
    from .loss_screen import LossScreen  # noqa: PLC0415
    from .merge_screen import MergeScreen  # noqa: PLC0415
    from .overview import ProblemList  # noqa: PLC0415
    from .part_nav import PartNav  # noqa: PLC0415
    from .question_screen import QuestionScreen  # noqa: PLC0415
    from .readability_panel import ReadabilityList  # noqa: PLC0415
    from .record_list import RecordList  # noqa: PLC0415
    from .recovered_screen import RecoveredEditsScreen  # noqa: PLC0415
    from .unlock_screen import UnlockScreen  # noqa: PLC0415

    palette = [Binding("ctrl+p", "command_palette", "Command palette: parts, records, actions")]
    forms = [
        Binding("tab", "focus_next", "Next field"),
        Binding("shift+tab", "focus_previous", "Previous field"),
        Binding("enter", "open", "Open a choice list (in a choice field)"),
    ]
    return [
        ("Everywhere", binding_rows(list(app_bindings) + palette)),
        ("Parts (left)", binding_rows(PartNav.BINDINGS)),
        ("Records list", binding_rows(RecordList.BINDINGS)),
        ("Forms", binding_rows(forms)),
        ("Checklist", binding_rows(ChecklistList.BINDINGS)),
        ("Problems (Overview)", binding_rows(ProblemList.BINDINGS)),
        ("Build (residual candidates)", binding_rows(CandidateList.BINDINGS)),
        ("Build (plain English)", binding_rows(ReadabilityList.BINDINGS)),
        ("Actions checklist", binding_rows(PlanChecklistList.BINDINGS)),
        ("History", binding_rows(CommitList.BINDINGS)),
        (
            "Chronology: all agencies in date order",
            binding_rows(ChronologyTable.BINDINGS + ChronologyPart.BINDINGS),
        ),
        (
            "Import an agency chronology",
            binding_rows(ImportChronologyScreen.BINDINGS + NamesList.BINDINGS),
        ),
        ("File changed on disk", binding_rows(ConflictScreen.BINDINGS)),
        ("A save that deletes text", binding_rows(LossScreen.BINDINGS)),
        ("Merging a file as text", binding_rows(MergeScreen.BINDINGS)),
        ("Quitting with unsaved changes", binding_rows(ConfirmQuitScreen.BINDINGS)),
        (
            "Unsaved edits kept by a session that stopped",
            binding_rows(RecoveredEditsScreen.BINDINGS),
        ),
        ("A commit refused by a lock", binding_rows(UnlockScreen.BINDINGS)),
        ("Checklist answer", binding_rows(QuestionScreen.BINDINGS)),
        ("Confirm", binding_rows(ConfirmScreen.BINDINGS)),
        (
            "Other dialogs (choose, type a value, guidance, help, record history)",
            binding_rows(
                ChoiceScreen.BINDINGS
                + PromptScreen.BINDINGS
                + GuidanceScreen.BINDINGS
                + HelpScreen.BINDINGS
                + HistoryScreen.BINDINGS
            ),
        ),
    ]
