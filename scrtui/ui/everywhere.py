"""The keys that work everywhere (the app's bindings): save, reload, quit, help, guidance,
checklist, the build, full screen, back to the parts, a record's history; and the import,
which the palette offers."""

from __future__ import annotations

from textual import work
from textual.screen import ModalScreen

from . import nav as p
from .handover import focus_now
from .messages import DraftBuilt
from .part_nav import PartNav


class KeysEverywhere:
    """Mixin for the App: the actions of its BINDINGS."""

    def _modal(self) -> bool:
        return isinstance(self.screen, ModalScreen)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # In a dialog, let its own binding for the same key have it.
        return not (action in self.DIALOG_KEYS and self._modal())

    def action_save(self) -> None:
        if not self._modal():
            self.saving.save_all()

    def action_reload(self) -> None:
        if not self._modal():
            self.saving.reload()

    async def action_quit(self) -> None:
        self.saving.quit()

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from .help_screen import HelpScreen, help_sections  # noqa: PLC0415

        self.push_screen(HelpScreen(help_sections(type(self).BINDINGS)))

    def action_guidance(self) -> None:
        if self._modal():
            return
        from .checklist import markers_for  # noqa: PLC0415
        from .guidance_screen import GuidanceScreen  # noqa: PLC0415

        views = markers_for(self.session, self.current_part)
        if not views:
            self.notify("No quality marker checks this part.")
            return
        note = ""
        if self.loaded is not None:
            from ..store.kinds import resolve  # noqa: PLC0415

            kind = resolve(self.loaded.model).kind
            note = kind.note if kind is not None else ""
        self.push_screen(GuidanceScreen(p.TITLES[self.current_part], views, note))

    def action_checklist(self) -> None:
        if self._modal():
            return
        if self.screen.maximized is not None:
            self.screen.minimize()  # the checklist is beside the text, not behind it
        widget = self.part_widget(self.current_part)
        panel = widget.query("ChecklistPanel") if widget is not None else None
        if panel and not panel.first().has_class("-empty"):
            focus_now(panel.first().query_one("ChecklistList"))
        else:
            self.notify("No quality marker checks this part.")

    async def action_build(self) -> None:
        if self._modal():
            return
        if any(w.group == "build" and w.is_running for w in self.workers):
            self.notify("A build is already running; its result will show in the Build part.")
            await self.go_to_part("build", focus=True)
            return
        unsaved = len(self.session.dirty())
        note = (
            f"; {unsaved} unsaved file{'s are' if unsaved != 1 else ' is'} not in it"
            if unsaved
            else ""
        )
        self.notify(f"Building the publication draft from the saved files{note}...")
        await self.go_to_part("build", focus=True)
        self.part_widget("build").show_building()
        self._build()

    @work(thread=True, exclusive=True, group="build")
    def _build(self) -> None:
        """`scr build` in a worker: the result arrives as `DraftBuilt`."""
        from ..publish import build  # noqa: PLC0415
        from ..publish.options import BuildError  # noqa: PLC0415

        try:
            result = build(self.root)
        except BuildError as exc:
            self.post_message(DraftBuilt(None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a bug in the build must not take the session
            self.post_message(DraftBuilt(None, self._internal_error("The build", exc)))
            return
        self.post_message(DraftBuilt(result))

    def on_draft_built(self, message: DraftBuilt) -> None:
        self.last_build, self.last_build_error = message.result, message.error
        widget = self.part_widget("build")
        if widget is not None:
            widget.show_result(message.result, message.error)
        if message.error:
            self.notify(f"Build failed: {message.error}", severity="error", timeout=15)
            return
        from ..publish.summary import summary_lines  # noqa: PLC0415

        result = message.result
        lines = [line for line in summary_lines(result, self.root) if not line.startswith(" ")]
        self.notify(
            "\n".join(lines),
            title="scr build",
            severity="information" if result.cleared else "warning",
            timeout=20,
        )

    def action_zoom(self) -> None:
        """A prose field full screen, for writing at 80x24; F9 again (or Esc) puts it back."""
        from textual.widgets import TextArea  # noqa: PLC0415

        if self._modal():
            return
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
            return
        area = self.focused
        if not isinstance(area, TextArea):
            self.notify("F9 shows a text field full screen: move to one first (Tab).")
            return
        editor = next((a for a in area.ancestors if type(a).__name__ == "RecordEditor"), None)
        record = getattr(getattr(editor, "ref", None), "title", "") or ""
        field = getattr(getattr(area, "field", None), "label", None) or "Text"
        area.border_title = f"{field} - {record}"[:70] if record else field
        area.border_subtitle = "F9 or Esc: back  Ctrl+S: save  F4: checklist"
        screen.maximize(area, container=False)

    def action_focus_parts(self) -> None:
        if not self._modal():
            if self.screen.maximized is not None:
                self.screen.minimize()
            focus_now(self.query_one(PartNav))

    def action_import_chronology(self) -> None:
        """The palette's "Import an agency chronology"."""
        if self._modal():
            return
        from .import_chronology_screen import start_import  # noqa: PLC0415 - when it is chosen

        start_import(self)

    def action_record_history(self) -> None:
        if self._modal():
            return
        from .history_screen import show_history  # noqa: PLC0415

        show_history(self, getattr(self.part_widget(self.current_part), "selected", None))
