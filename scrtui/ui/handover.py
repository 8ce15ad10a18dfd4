"""Keys typed while a list hands the focus on reach where the focus went.

Enter on a record (or a part) moves the focus into its form once the form has caught up. The
keys typed right after Enter (a fast typist, or a burst over SSH) reach the list first, and
the list would take them as its own keys ("r" responds, "x" removes, "a" adds) or drop them.
So from Enter until the focus has moved, the list holds every key, then passes them on, in
order, to the widget that has the focus.
"""

from __future__ import annotations

from textual import events
from textual.binding import NoBinding

RELEASE_AFTER = 2.0  # seconds: a hand-over that never finishes gives the keys back anyway


class HandsOverKeys:
    """Mixin for a focusable widget whose Enter action moves the focus elsewhere; the action
    calls `handed_over()` when it is done (in a `finally`)."""

    HANDOVER_KEY = "enter"
    HANDOVER_ACTION = ""
    _held: list | None = None

    async def _on_key(self, event: events.Key) -> None:
        if self._held is not None:
            event.stop()
            event.prevent_default()
            self._held.append(events.Key(event.key, event.character))
            return
        if (
            event.key == self.HANDOVER_KEY
            and self.check_action(self.HANDOVER_ACTION, ()) is not False
        ):
            self._held = []
            self.set_timer(RELEASE_AFTER, self.handed_over)
        await super()._on_key(event)

    def handed_over(self) -> None:
        """Pass the held keys on as if typed now. Characters go to the widget that has the
        focus; Tab and Shift+Tab move the focus here and now (what the app's binding does), so
        the characters after them go to the next field; from any other key on, the rest go to
        the app in order, as keys typed now do."""
        held, self._held = self._held, None
        if not held:
            return
        screen = self.screen
        for index, key in enumerate(held):
            if key.key == "tab":
                screen.focus_next()
                continue
            if key.key == "shift+tab":
                screen.focus_previous()
                continue
            target = self.app.focused
            if target is not None and target is not self and key.is_printable:
                target._forward_event(key)  # one widget's keys stay in their order
                continue
            for rest in held[index:]:
                self.app.post_message(rest)
            return


class OwnKeysFirst:
    """Mixin for a text field: its own editing keys (End, Ctrl+U, Home ...) act in their turn.

    Textual runs a widget's key bindings when the key has bubbled up to the app, while a
    character is typed as soon as the field takes it; keys that arrive together (SSH, a fast
    typist) could then edit out of order: "Ctrl+U, 2025" cleared the 2025. Here the field runs
    its own binding at once, in the order the keys came. Keys the field does not bind go on
    as before (the app's and the screen's keys are unchanged)."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            try:
                bindings = self._bindings.get_bindings_for_key(event.key)
            except NoBinding:  # not one of the field's keys
                bindings = []
            for binding in bindings:
                if binding.priority or self.check_action(binding.action, ()) is False:
                    continue
                event.stop()
                event.prevent_default()
                await self.run_action(binding.action)
                return
        await super()._on_key(event)


def focus_now(widget) -> None:
    """Focus at once, not after the queued events: keys typed next must land here."""
    widget.screen.set_focus(widget)
