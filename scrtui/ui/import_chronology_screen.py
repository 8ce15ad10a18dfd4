"""Import an agency chronology: the file, the agency (and the sheet), a preview of what the
import would do, then the import itself, on confirmation only.

The preview is `scr import chronology --dry-run`: `plan_import` in a thread worker, on the
review as it is on disk. It shows the column mapping used, the rejected rows and the warnings
at their cells (FILE:SHEET!ROW:COL: message) and the names the register does not hold.
Ctrl+S writes the plan with `apply_import` in the commit worker: one commit, with the message
`scr import chronology` gives it. Esc before that writes nothing. A file that cannot be used
is one line in the screen. The names found can be registered from here (Enter on one).
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from .handover import focus_now
from .import_pieces import (
    NamesList,
    changed_since,
    guessed_agency,
    suggested_file,
    unsaved_files,
)

FIELDS_ASK = "Enter or Ctrl+R: preview (nothing is written)   Esc: cancel"
PREVIEW_KEYS = "Ctrl+S: import (write and commit)   Ctrl+R: preview again   Esc: cancel"
DONE_KEYS = "Enter on a name: register it   g: the Register part   Esc: close"


def start_import(app, agency: str | None = None) -> None:
    """Open the import screen (the palette's "Import an agency chronology", `i`)."""
    if app.loaded is None or app.loaded.model.scope is None:
        app.notify("The review is still being read (or has no scope.toml); try again.")
        return
    app.push_screen(ImportChronologyScreen(app.root, app.loaded.model, agency))


class ImportChronologyScreen(ModalScreen[None]):
    """The import, previewed first; nothing is written before Ctrl+S."""

    DEFAULT_CSS = """
    ImportChronologyScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    ImportChronologyScreen .dialog-title {
        height: 1; text-style: bold; background: $boost; padding: 0 1;
    }
    ImportChronologyScreen .import-row { height: 1; padding: 0 1; }
    ImportChronologyScreen .import-row Label { width: 9; }
    ImportChronologyScreen .import-row Label.second { width: 7; padding-left: 1; }
    ImportChronologyScreen .import-row Input, ImportChronologyScreen .import-row Select {
        width: 1fr;
    }
    ImportChronologyScreen #import-status { height: auto; max-height: 3; padding: 0 1; }
    ImportChronologyScreen #import-preview { height: 1fr; padding: 0 1;
        border-top: solid $primary-darken-2; }
    ImportChronologyScreen #import-names { height: 1; padding: 0 1; text-style: bold; }
    ImportChronologyScreen NamesList { height: auto; max-height: 4; margin: 0 1; }
    ImportChronologyScreen #import-keys { height: 1; color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel (nothing is written) or close"),
        Binding("ctrl+r", "preview", "Preview the import (nothing is written)"),
        Binding("ctrl+s,f2", "confirm", "Import: write the entries and commit"),
    ]

    def __init__(self, root: Path, model, agency: str | None = None) -> None:
        super().__init__()
        self.root = Path(root)
        self.model = model
        self.file = suggested_file(self.root, model)
        # the agency: the one the file is from when that can be told, else the part's filter
        self.agency = guessed_agency(model, self.file) or agency or None
        self._agency_chosen = False  # chosen by the user (not guessed from the file's name)
        self._agency_guessed = self.agency  # the value this screen gave the agency itself
        self.plan = None  # the plan previewed, for the fields as they are now
        self.stage = "ask"  # ask, previewing, preview, writing, done
        self.sha: str | None = None
        self.sheets: list[str] = []  # the sheets of the file last read
        self._asked = 0  # previews asked for; an older one that answers late is dropped

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        agencies = [(f"{a.id}: {a.name}", a.id) for a in self.model.scope.agencies]
        with Vertical():
            yield Static(
                "Import an agency chronology (nothing is written until you press Ctrl+S)",
                classes="dialog-title",
            )
            with Horizontal(classes="import-row"):
                yield Label("File")
                yield Input(
                    self.file,
                    placeholder="the spreadsheet, relative to the review folder",
                    id="import-file",
                    compact=True,
                )
            with Horizontal(classes="import-row"):
                yield Label("Agency")
                yield Select(
                    agencies,
                    prompt="choose the agency",
                    value=self.agency if self.agency in {v for _, v in agencies} else Select.NULL,
                    id="import-agency",
                    compact=True,
                )
                yield Label("Sheet", classes="second")
                yield Select(
                    [],
                    prompt="automatic",
                    id="import-sheet",
                    compact=True,
                )
            with Horizontal(classes="import-row"):
                yield Label("Columns")
                yield Input(
                    placeholder="optional: Contact on=date; What we did=what",
                    id="import-columns",
                    compact=True,
                )
            yield Static("", id="import-status")
            with VerticalScroll(id="import-preview"):
                yield Static("", id="import-text")
            yield Static("", id="import-names")
            yield NamesList()
            yield Static(FIELDS_ASK, id="import-keys")

    def on_mount(self) -> None:
        self._names([])
        focus_now(self.query_one("#import-file", Input))

    def _names(self, findings: list) -> None:
        """The names the register does not hold, under the preview."""
        title = self.query_one("#import-names", Static)
        title.display = bool(findings)
        title.update(
            f"{len(findings)} name{'s' if len(findings) != 1 else ''} the register does not "
            "hold (register them before publishing)"
        )
        self.query_one(NamesList).show(findings)

    def _say(self, text: str | Text, style: str = "") -> None:
        self.query_one("#import-status", Static).update(
            text if isinstance(text, Text) else Text(text, style=style)
        )

    def _keys(self, text: str) -> None:
        self.query_one("#import-keys", Static).update(text)

    # -- the fields ------------------------------------------------------------------------------
    def _typed(self) -> str:
        return self.query_one("#import-file", Input).value.strip()

    def _path(self) -> Path:
        path = Path(os.path.expanduser(self._typed()))
        return path if path.is_absolute() else self.root / path

    def _chosen(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) and value else None

    def _columns(self) -> list[str]:
        text = self.query_one("#import-columns", Input).value
        return [part.strip() for part in text.split(";") if part.strip()]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "import-file":
            with self.prevent(Select.Changed):
                if self.sheets:
                    self.sheets = []
                    self.query_one("#import-sheet", Select).set_options([])
                guess = guessed_agency(self.model, self._typed())
                if guess is not None and not self._agency_chosen:
                    self._agency_guessed = guess
                    self.query_one("#import-agency", Select).value = guess
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "import-agency" and event.value != self._agency_guessed:
            self._agency_chosen = True
        self._changed()

    def _changed(self) -> None:
        """A field changed: the preview shown is not the one Ctrl+S would write."""
        if self.stage == "preview":
            self.plan = None
            self.stage = "ask"
            self._say("The fields changed: preview again (Enter or Ctrl+R).", "yellow")
            self._keys(FIELDS_ASK)
            self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "confirm":
            return self.stage == "preview" and self.plan is not None and bool(self.plan.files)
        if action == "preview":
            return self.stage in ("ask", "preview")
        return True

    # -- the preview (a worker) ------------------------------------------------------------------
    def action_preview(self) -> None:
        if self.stage not in ("ask", "preview"):
            return
        typed = self._typed()
        if not typed:
            self._say("Type the spreadsheet's file name first.", "yellow")
            return
        agency = self._chosen("#import-agency") or guessed_agency(self.model, typed)
        if agency is None:
            self._say("Choose the agency the chronology is from.", "yellow")
            focus_now(self.query_one("#import-agency", Select))
            return
        if self._chosen("#import-agency") != agency:
            self._agency_guessed = agency
            with self.prevent(Select.Changed):
                self.query_one("#import-agency", Select).value = agency
        self.plan = None
        self.stage = "previewing"
        self._asked += 1
        self._say(Text(f"Reading {typed} for {agency}…", style="dim"))
        self.refresh_bindings()
        sheet = self._chosen("#import-sheet")
        self._plan(self._asked, self._path(), agency, sheet, self._columns())

    @work(thread=True, exclusive=True, group="import-preview")
    def _plan(
        self, asked: int, path: Path, agency: str, sheet: str | None, columns: list[str]
    ) -> None:
        from ..chronology import reading  # noqa: PLC0415
        from ..chronology.importer import NotInScope, plan_import  # noqa: PLC0415
        from ..chronology.mapping import MappingError  # noqa: PLC0415
        from ..current_day import today  # noqa: PLC0415
        from ..store.loader import NotAReview, load  # noqa: PLC0415

        plan, error, sheets = None, None, []
        try:
            kind = reading.kind_of(path)
            sheets = reading.sheets(path, kind)
            loaded = load(self.root)
            plan = plan_import(
                self.root,
                loaded.model,
                path,
                agency,
                sheet=sheet,
                overrides=columns,
                today=today(),
            )
        except (reading.Unusable, NotInScope, MappingError, NotAReview) as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug must not take the session
            from .failures import internal_error  # noqa: PLC0415

            error = internal_error(self.root, "The preview", exc, "nothing was written")
        self.app.call_from_thread(self._planned, asked, plan, error, sheets)

    def _shown(self, text: str) -> str:
        """A message with the file as the user typed it (the plan reads it by its full path),
        and the Sheet field where the command says --sheet."""
        return text.replace(str(self._path()), self._typed()).replace("with --sheet", "in Sheet")

    def _planned(self, asked: int, plan, error: str | None, sheets: list) -> None:
        if asked != self._asked or self.stage != "previewing":
            return
        self._fill_sheets(sheets)
        self.stage = "ask"
        if error is not None:
            error = self._shown(error)
            if "--map" in error:
                error += " (here: in Columns, separated by ';')"
            self._say(Text(error, style="bold red"))
            self.query_one("#import-text", Static).update("")
            self._names([])
            self.refresh_bindings()
            return
        from ..chronology.import_summary import said_lines, summary_lines  # noqa: PLC0415

        self.plan, self.stage = plan, "preview"
        text = Text()
        for line in summary_lines(plan, dry_run=True, names=False):
            text.append(self._shown(line) + "\n")
        for line in said_lines(plan):
            text.append(
                self._shown(line) + "\n", style="red" if "not imported" in line else "yellow"
            )
        text.rstrip()
        self.query_one("#import-text", Static).update(text)
        self._names(plan.names)
        blocked = unsaved_files(self.app.session, plan)
        if blocked:
            self._say(blocked, "bold yellow")
            self.plan = None
        elif plan.files:
            self._say(Text(f"Ctrl+S imports: {plan.message()}", style="bold green"))
            self._keys(PREVIEW_KEYS)
        else:
            self._say("Nothing new to import: nothing would be written.")
        self.refresh_bindings()

    def _fill_sheets(self, sheets: list) -> None:
        select = self.query_one("#import-sheet", Select)
        wanted = self._chosen("#import-sheet")
        names = [s.name for s in sheets]
        if names != self.sheets:
            self.sheets = names
            with self.prevent(Select.Changed):
                select.set_options(
                    [(s.name if s.visible else f"{s.name} (hidden)", s.name) for s in sheets]
                )
                if wanted in names:
                    select.value = wanted

    # -- the import (the commit worker) ----------------------------------------------------------
    def action_confirm(self) -> None:
        plan = self.plan
        if self.stage != "preview" or plan is None or not plan.files:
            return
        blocked = unsaved_files(self.app.session, plan)
        if blocked:
            self._say(blocked, "bold yellow")
            return
        self.stage = "writing"
        self._say(Text("Importing: writing the entries and committing…", style="dim"))
        self.refresh_bindings()
        self.app.commits.run(partial(self._write, plan), then=partial(self._written, plan))

    def _write(self, plan):
        """In the commit worker: the plan's files, if none changed since the preview, then
        one commit (`apply_import`, as `scr import chronology`)."""
        from ..chronology.importer import apply_import  # noqa: PLC0415
        from ..store.giterror import GitError  # noqa: PLC0415
        from .messages import RecordSaved, failed_commit  # noqa: PLC0415

        rels = list(plan.files)
        changed = changed_since(self.root, plan)
        if changed:
            self.app.call_from_thread(self._failed, changed)
            return None
        try:
            self.sha = apply_import(self.root, plan)
        except GitError as exc:  # apply_import put the files back: nothing was written
            self.app.call_from_thread(self._failed, f"Not imported: {exc}")
            again = partial(
                self.app.commits.run, partial(self._write, plan), partial(self._written, plan)
            )
            return failed_commit([], plan.message(), exc, again)
        except OSError as exc:
            self.app.call_from_thread(self._failed, f"Not imported: {exc}")
            return None
        return RecordSaved(rels, plan.message(), self.sha)

    def _failed(self, message: str) -> None:
        self.stage, self.plan = "ask", None
        self._say(Text(message, style="bold red"))
        self._keys(FIELDS_ASK)
        self.refresh_bindings()

    def _written(self, plan) -> None:
        """Committed: the part shows the files as they now are; the names stay to register."""
        self.plan, self.stage = plan, "done"
        session = self.app.session
        for rel in plan.files:
            if rel in session.documents:
                session.reload(rel)
        for part in ("chronology", "sources"):
            widget = self.app.part_widget(part)
            if widget is not None and getattr(widget, "ready", False):
                widget.call_later(widget.rebuild)
        self._say(Text(f"Committed {(self.sha or '')[:8]}: {plan.message()}", style="bold green"))
        self._keys(DONE_KEYS if plan.names else "Esc: close")
        names = self.query_one(NamesList)
        if plan.names:
            focus_now(names)
        self.refresh_bindings()

    # -- leaving ---------------------------------------------------------------------------------
    def action_cancel(self) -> None:
        if self.stage == "writing":
            self._say("The import is being written; wait for it to finish.", "yellow")
            return
        self.dismiss(None)

    def go_to_register(self) -> None:
        if self.stage == "writing":
            return
        app = self.app
        self.dismiss(None)
        app.call_later(app.go_to_part, "register", True)
