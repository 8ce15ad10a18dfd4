"""Esc followed quickly by another key: split back into the two keys the user pressed."""

from __future__ import annotations

from textual import events


class SplitsEscape:
    """Mixin for the App.

    The terminal sends Esc as one byte, and Textual waits ESCDELAY ms (100 by default) to
    see whether more bytes make it an escape sequence; a key typed within that time (or
    arriving in the same packet over SSH) comes out as Alt+key with its character, which a
    field would type. Nothing in scr is bound to Alt, so Alt+key is taken as Esc then key.
    """

    async def on_event(self, event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key.startswith("alt+")
            and len(event.key) > 4
        ):
            await self._escape_now()
            plain = events.Key(event.key[4:], event.character)
            plain.set_sender(self)
            await super().on_event(plain)
            return
        await super().on_event(event)

    async def _escape_now(self) -> None:
        """What Esc does where the focus is: close a list or dialog, leave full screen, go
        back to the parts; run at once, so that the key after it lands where Esc left focus."""
        screen = self.screen
        if screen.maximized is not None and self.escape_to_minimize:
            screen.minimize()
            return
        if await self._check_bindings("escape", priority=True):
            return
        if await self._check_bindings("escape"):
            return
        escape = events.Key("escape", "\x1b")
        escape.set_sender(self)
        await super().on_event(escape)
