"""The records of a part, and the keys that act on them: add, remove, reorder, history, and
answering a peer challenge.

The structural edits change the open documents (the part's rows follow); what is then to be
saved or committed reaches the app as a message: `RecordEdited` (unsaved, as typing is),
`RecordRemoved` and `ChallengeAnswered`.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from ..editing.refs import record_key
from ..editing.structure import (
    ADDERS,
    WHOLE_FILE_KINDS,
    add_record,
    chronology_agencies,
    move_record,
    remove_record,
)
from . import nav
from .handover import HandsOverKeys
from .messages import ChallengeAnswered, RecordEdited, RecordRemoved

# What adding a record of a kind asks first (a chronology entry asks for its agency).
ASKS = {
    "agency": "Name of the agency (a generic description, used in the publication)",
    "challenge": "Which record does the challenge target? (e.g. F-02)",
    "person": "Real name as written in the records",
    "place": "Real name of the place as written in the records",
    "organisation": "Real name of the organisation",
    "term": "The sensitive term as written in the records",
    "surname": "The surname shared by several people",
    "allow": "The text that may stay in the publication",
}


class RecordList(HandsOverKeys, OptionList):
    """The records of a part; keys here add, remove and reorder them."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("x,delete", "remove", "Remove"),
        Binding("left_square_bracket", "move(-1)", "Up"),
        Binding("right_square_bracket", "move(1)", "Down"),
        Binding("enter", "edit", "Edit the record", show=False),
        Binding("h", "history", "History of the record", show=False),
        Binding("r", "respond", "Respond"),
        Binding("v", "resolve", "Resolve"),
    ]

    def __init__(self) -> None:
        super().__init__(compact=True)

    @property
    def part_editor(self):  # the PartEditor around it (not imported: it imports this list)
        return self.query_ancestor("PartEditor")

    @property
    def session(self):
        return self.app.session

    # Each action first catches the form up with the cursor: keys typed quickly after an arrow
    # must act on the record under the cursor, not the one shown a moment ago.
    async def action_add(self) -> None:
        await self.part_editor.catch_up()
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        part = self.part_editor.part
        adders = ADDERS.get(part, ())
        if len(adders) == 1:
            self._add_kind(adders[0][0])
        elif adders:
            self.app.push_screen(
                ChoiceScreen(
                    f"Add to {nav.TITLES[part]}", list((label, kind) for kind, label in adders)
                ),
                lambda kind: kind and self._add_kind(kind),
            )

    async def action_remove(self) -> None:
        await self.part_editor.catch_up()
        from .dialogs import ConfirmScreen  # noqa: PLC0415

        ref = self.part_editor.selected
        if ref is None or not ref.removable:
            return
        whole = ref.kind in WHOLE_FILE_KINDS
        what = f"Remove {ref.label.strip()}?" + (
            f" Its file {ref.rel} is deleted and the removal committed."
            if whole
            else f" It is cut from {ref.rel} and the change committed."
        )
        self.app.push_screen(
            ConfirmScreen(what), lambda yes: yes and self.call_later(self._remove, ref)
        )

    async def action_move(self, delta: int) -> None:
        await self.part_editor.catch_up()
        editor = self.part_editor
        ref = editor.selected
        if ref is None or not ref.movable:
            return
        changed = move_record(self.session, ref, delta, editor.refs())
        if changed:
            self.call_later(self._moved, ref, changed)

    HANDOVER_ACTION = "edit"

    async def action_edit(self) -> None:
        try:
            await self.part_editor.catch_up()
            self.part_editor.editor.focus_field(None)
        finally:
            self.handed_over()

    async def action_history(self) -> None:
        await self.part_editor.catch_up()
        from .history_screen import show_history  # noqa: PLC0415

        show_history(self, self.part_editor.selected)

    async def action_respond(self) -> None:
        await self.part_editor.catch_up()
        ids = self.part_editor.open_challenges()
        if not ids:
            return
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        if len(ids) > 1:
            self.app.push_screen(
                ChoiceScreen("Respond to which challenge?", [(ident, ident) for ident in ids]),
                lambda ident: ident and self._ask_response(ident),
            )
            return
        self._ask_response(ids[0])

    async def action_resolve(self) -> None:
        await self.part_editor.catch_up()
        ids = self.part_editor.open_challenges()
        if self.part_editor.part == "challenges" and ids:
            self._ask_closing(ids[0])

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        editor = self.part_editor
        if action == "respond":
            return bool(editor.open_challenges())
        if action == "resolve":
            return editor.part == "challenges" and bool(editor.open_challenges())
        if action == "add":
            return bool(ADDERS.get(editor.part))
        if action == "move":
            return editor.selected is not None and editor.selected.movable
        if action == "remove":
            return editor.selected is not None and editor.selected.removable
        return True

    # -- adding ----------------------------------------------------------------------------------
    def _add_kind(self, kind: str) -> None:
        from .dialogs import ChoiceScreen, PromptScreen  # noqa: PLC0415

        near = self.part_editor.selected
        if kind == "entry":  # always asked: the selected entry's agency is only offered first
            agencies = chronology_agencies(self.session)
            if not agencies:
                self.notify("Add an agency in Scope first.", severity="warning")
                return
            here = (
                near.rel.removeprefix("chronology/").removesuffix(".toml")
                if near is not None and near.part == "chronology"
                else ""
            )
            agencies.sort(key=lambda a: a != here)
            self.app.push_screen(
                ChoiceScreen(
                    "Which agency's chronology does the entry go in?", [(a, a) for a in agencies]
                ),
                lambda agency: agency and self._added(kind, agency),
            )
            return
        if kind == "action":
            self._ask_finding(near)
            return
        if kind in ASKS:
            value = near.record_id if kind == "challenge" and near else ""
            self.app.push_screen(
                PromptScreen(ASKS[kind], value),
                lambda text: text is not None and self._added(kind, text),
            )
            return
        self._added(kind, "")

    def add_answering(self, finding: str) -> None:
        """A new action that answers `finding` (Enter on it in the Actions checklist)."""
        self._added("action", finding)

    def _ask_finding(self, near) -> None:
        """Which finding a new action answers (the selected action's finding first)."""
        from ..editing.plan import action_of  # noqa: PLC0415
        from ..editing.rows import findings_in_order  # noqa: PLC0415
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        found = findings_in_order(self.session)
        if not found:
            self._added("action", "")
            return
        document = self.session.documents.get(near.rel) if near is not None else None
        here = action_of(document).finding if near and near.part == "actions" and document else ""
        found.sort(key=lambda pair: pair[0] != here)
        self.app.push_screen(
            ChoiceScreen(
                "Which finding does the action answer?",
                [(f"{ident} {title}"[:66], ident) for ident, title in found],
            ),
            lambda finding: finding and self._added("action", finding),
        )

    def _added(self, kind: str, value: str) -> None:
        loaded = self.app.loaded
        try:
            added = add_record(
                self.session,
                loaded.model if loaded else None,
                kind,
                self.part_editor.selected,
                value,
            )
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.call_later(self._show_added, record_key(added.rel, added.locator), added.rel)

    async def _show_added(self, key: str, rel: str) -> None:
        editor = self.part_editor
        await editor.rebuild(select=key)
        editor.editor.focus_field(None)
        self.post_message(RecordEdited(rel, label_changed=True))

    # -- removing and moving -------------------------------------------------------------------
    async def _remove(self, ref) -> None:
        editor = self.part_editor
        session = self.session
        document = session.documents.get(ref.rel)
        if remove_record(session, ref) == "table":
            await editor.rebuild()
            self.post_message(RecordRemoved(ref.rel, RecordRemoved.CUT))
            return
        if session.is_new(ref.rel):
            session.forget(ref.rel)
            await editor.rebuild()
            self.notify(f"{ref.rel} discarded (it was never saved)")
            self.post_message(RecordRemoved(ref.rel, RecordRemoved.DISCARDED))
            return
        if document is not None and document.changed_on_disk():
            self.notify(
                f"{ref.rel} changed on disk since it was read; press F5 to reload it "
                "before removing",
                severity="warning",
                timeout=10,
            )
            return
        (self.app.root / ref.rel).unlink(missing_ok=True)
        session.forget(ref.rel)
        await editor.rebuild()
        self.post_message(RecordRemoved(ref.rel, RecordRemoved.DELETED))

    async def _moved(self, ref, changed: list[str]) -> None:
        await self.part_editor.rebuild(select=ref.key)
        self.focus()
        for rel in changed:
            self.post_message(RecordEdited(rel, label_changed=True))

    # -- answering a challenge -----------------------------------------------------------------
    def _editable(self, ident: str) -> bool:
        if self.session.is_dirty(f"challenges/{ident}.md"):
            self.notify(
                f"{ident} has unsaved changes: save them (Ctrl+S) first.",
                severity="warning",
                timeout=10,
            )
            return False
        return True

    def _ask_response(self, ident: str) -> None:
        from .dialogs import PromptScreen  # noqa: PLC0415

        if not self._editable(ident):
            return
        self.app.push_screen(
            PromptScreen(
                f"Your response to {ident} (one or more sentences; it is "
                "added below any earlier response and committed)"
            ),
            lambda text: text and self.post_message(ChallengeAnswered("respond", ident, text)),
        )

    def _ask_closing(self, ident: str) -> None:
        if not self._editable(ident):
            return
        from .dialogs import ChoiceScreen, PromptScreen  # noqa: PLC0415

        def chosen(how: str | None) -> None:
            if how:
                self.app.push_screen(
                    PromptScreen(f"How {ident} was closed (optional; Enter to leave it out)"),
                    lambda text: (
                        text is not None and self.post_message(ChallengeAnswered(how, ident, text))
                    ),
                )

        self.app.push_screen(
            ChoiceScreen(f"Close {ident} as", [("resolved", "resolve"), ("at impasse", "impasse")]),
            chosen,
        )
