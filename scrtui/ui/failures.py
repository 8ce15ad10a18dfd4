"""Failures: the session and its unsaved edits survive them.

A failure in a worker is logged and shown, and the app goes on; any other failure first keeps
the unsaved buffers under .git/scr-recovered/, and the next `scr open` offers them back.
Logs hold a traceback without the values of variables, which hold real names.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text


def internal_error(
    root: Path, what: str, error: BaseException, kept: str = "your edits are kept"
) -> str:
    """Log a failure under .git/scr-recovered/ and say it in one line (a part's or a
    screen's worker says it in its own place)."""
    from ..store.recovery import log_error  # noqa: PLC0415

    try:
        detail = f"the details are in {_shown(root, log_error(root, what, error))}"
    except OSError:
        detail = "the details could not be written"
    return f"{what} stopped on an internal error ({type(error).__name__}); {kept}; {detail}"


def _shown(root: Path, path: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


class SurvivesFailures:
    """Mixin for the App (it overrides Textual's exception handling)."""

    kept_unsaved = None  # the folder a crash's unsaved edits went to

    def shown(self, path: Path) -> str:
        """A path as the user reads it: inside the review, relative to it."""
        return _shown(self.root, path)

    def _internal_error(
        self, what: str, error: BaseException, kept: str = "your edits are kept"
    ) -> str:
        """Log a failure under .git/scr-recovered/ and say it in one line."""
        return internal_error(self.root, what, error, kept)

    def keep_unsaved(self, reason: str):
        """Put the unsaved buffers under .git/scr-recovered/ before scr goes down; the
        folder, or None when nothing was unsaved (or it could not be written)."""
        from ..store.recovery import keep_unsaved  # noqa: PLC0415

        if self._session is None or self.kept_unsaved is not None:
            return self.kept_unsaved
        try:
            buffers, typed = self._session.unsaved()
            self.kept_unsaved = keep_unsaved(self.root, buffers, reason, typed)
        except Exception:  # noqa: BLE001 - going down already: keep what can be kept
            return None
        return self.kept_unsaved

    def _handle_exception(self, error: Exception) -> None:
        """A failure in a worker is shown and the app goes on; anything else keeps the unsaved
        edits first, then ends the app with one line and no traceback of local values."""
        from textual.worker import WorkerFailed  # noqa: PLC0415

        if isinstance(error, WorkerFailed):
            cause = error.error
            self.notify(
                self._internal_error("A background task", cause), severity="error", timeout=20
            )
            return
        kept = self.keep_unsaved(f"scr stopped on an internal error ({type(error).__name__})")
        self._crash_line = self._internal_error(
            "scr",
            error,
            f"the unsaved edits are in {self.shown(kept)} and `scr open` offers them"
            if kept
            else "nothing was unsaved",
        )
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual's default prints a traceback with every local variable: here, one line."""
        self.bell()
        self._exit_renderables.append(
            Text(getattr(self, "_crash_line", "scr stopped on an internal error"))
        )
        self._close_messages_no_wait()

    # -- the next session: the kept edits offered back -----------------------------------------
    def _offer_recovered(self) -> None:
        from ..store.recovery import pending  # noqa: PLC0415

        try:
            sets = pending(self.root)
        except OSError:
            return
        if not sets:
            return
        from .recovered_screen import RecoveredEditsScreen  # noqa: PLC0415

        self.push_screen(RecoveredEditsScreen(sets), partial(self._recovered_chosen, sets))

    async def _recovered_chosen(self, sets: list, choice: str | None) -> None:
        from ..store.recovery import settle  # noqa: PLC0415

        if choice is None:
            self.notify("The kept edits will be offered again next time.")
            return
        if choice == "decline":
            for recovered in sets:
                settle(recovered, "declined")
            self.notify(f"Not restored; the copies stay in {sets[0].folder.parent}.")
            return
        restored: list[str] = []
        session = self.session
        for recovered in sets:  # oldest first: a later set's text wins
            for buffer in recovered.buffers:
                if session.is_dirty(buffer.rel):
                    continue  # edited in this session already: the copy stays on disk
                try:
                    session.restore(buffer.rel, buffer.read, buffer.text, buffer.new)
                except Exception:  # noqa: BLE001 - a copy that no longer parses stays a copy
                    continue
                restored.append(buffer.rel)
            settle(recovered, "restored")
        await self._rebuild_parts()
        self.notify(
            f"Restored unsaved edits in {', '.join(sorted(set(restored))) or 'no file'}"
            "; Ctrl+S saves them.",
            timeout=15,
        )
