"""Adding a name to the register from where it was found: a residual candidate of the build,
or a name an imported chronology holds that the register does not.

The register is edited in the open register.toml (`editing.register`); the app writes and
commits it at once (`CandidateResolved`).
"""

from __future__ import annotations

from ..editing.ids import IdsInUse
from ..editing.register import ENTRY_KINDS, add_entry
from .messages import CandidateResolved


class RegistersNames:
    """Mixin for a widget that offers to register a name: what it is, its label, a person's
    role, then the register entry. `OFFER_BUILD`: whether the app offers a rebuild after."""

    OFFER_BUILD = True

    def _register(self):
        """register.toml, fresh from disk, or None (and a notice) when it cannot be edited now."""
        rel = "register.toml"
        session = self.app.session
        if session.is_dirty(rel):
            self.notify(
                "register.toml has unsaved changes: save them (Ctrl+S) first.",
                severity="warning",
                timeout=10,
            )
            return None
        document = session.open(rel)
        if document is not None and (document.changed_on_disk() or document.disk_text() is None):
            document = session.reload(rel)
        if document is None:
            problem = session.broken.get(rel)
            self.notify(
                f"{problem or 'register.toml cannot be read'}; fix it first.",
                severity="error",
                timeout=10,
            )
        return document

    def _ask_kind(self, name: str) -> None:
        from .dialogs import ChoiceScreen  # noqa: PLC0415

        self.app.push_screen(
            ChoiceScreen(
                f"Add '{name}' to the register (confidential) as",
                [(f"a {kind}", kind) for kind in ENTRY_KINDS],
            ),
            lambda kind: kind and self._ask_label(kind, name),
        )

    def _ask_label(self, kind: str, name: str) -> None:
        from .dialogs import ChoiceScreen, PromptScreen  # noqa: PLC0415

        def labelled(label: str | None) -> None:
            if not label:
                return
            if kind != "person":
                self._add_entry(name, kind, label, "other")
                return
            from ..model import ROLES  # noqa: PLC0415

            self.app.push_screen(
                ChoiceScreen("Their role", [(role, role) for role in ROLES]),
                lambda role: role and self._add_entry(name, kind, label, role),
            )

        self.app.push_screen(
            PromptScreen(
                f"What the publication says instead of '{name}' (its label)",
                placeholder="e.g. a family friend",
            ),
            labelled,
        )

    def _add_entry(self, name: str, kind: str, label: str, role: str) -> None:
        document = self._register()
        if document is None:
            return
        loaded = self.app.loaded
        ids = IdsInUse(loaded.model if loaded else None, self.app.session)
        try:
            _ident, message = add_entry(document, ids, kind, name, label, role)
        except ValueError as exc:
            self.notify(f"Not added: {exc}.", severity="warning")
            return
        self.post_message(CandidateResolved(document, message, offer_build=self.OFFER_BUILD))
        self.name_registered(name)

    def name_registered(self, name: str) -> None:
        """The entry for `name` is in the register (to be written and committed)."""
