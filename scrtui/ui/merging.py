"""The conflict dialog's "merge": three-way merge of the version read, the disk's and yours.

A clean merge is saved at once as one commit. Where both changed the same lines of a
Markdown record's prose, the form shows the text with conflict markers and the record is
unsaveable until they are gone; anywhere else (TOML, front matter) the whole file opens as
text in MergeScreen. Nothing is written until a merge is resolved.
"""

from __future__ import annotations

from ..editing.lines import first_marker_line
from ..store.documents import DocumentError, disk_state
from ..store.giterror import GitError
from ..store.merge import merge_texts
from .messages import RecordsReplaced


def start(app, document, documents: list, forced: set[str]) -> None:
    """Merge in a thread (git runs there), then carry on on the UI."""
    base, mine = document.original, document.render()

    def work() -> None:
        state = disk_state(document.path)
        try:
            merged = merge_texts(app.root, base, state.text or "", mine)
        except GitError as exc:
            app.call_from_thread(
                app.notify,
                f"Merge failed: {exc}. Nothing was written.",
                severity="error",
                timeout=15,
            )
            return
        app.call_from_thread(
            app.call_later, merged_ready, app, document, documents, forced, state, merged.text
        )

    app.run_worker(work, thread=True, group="git")


def merged_ready(app, document, documents: list, forced: set[str], state, text: str) -> None:
    session = app.session
    rel = document.rel
    try:
        ready = session.merge(document, text, state)
    except DocumentError as exc:
        from .merge_screen import MergeScreen  # noqa: PLC0415

        def check(resolved: str) -> str | None:
            try:
                session.merge(document, resolved, state)
            except DocumentError as error:
                return f"Not applied: {error.problem}"
            return None

        app.push_screen(
            MergeScreen(
                rel,
                text,
                check,
                "" if "<<<<<<<" in text else f"The merge does not parse: {exc.problem}",
            ),
            lambda resolved: app.call_later(
                resolved_in_screen, app, document, documents, forced, resolved
            ),
        )
        return
    # every part shows the merged text first (the message is handled before what follows)
    app.post_message(RecordsReplaced([rel]))
    app.call_later(_merged_shown, app, document, documents, forced, ready)


async def _merged_shown(app, document, documents: list, forced: set[str], ready: bool) -> None:
    rel = document.rel
    if ready:
        app.notify(f"Merged {rel} with the version on disk.")
        app.saving.save(documents, forced)
        return
    app.saving.quit_after_save = False
    app.notify(
        f"{rel}: both you and the disk version changed the same lines. Resolve the "
        "conflict markers in the text, then save (Ctrl+S).",
        severity="warning",
        timeout=15,
    )
    await app.open_location(rel, first_marker_line(document), 1)
    rest = [d for d in documents if d is not document]
    if rest:
        app.saving.save(rest, forced)


def resolved_in_screen(
    app, document, documents: list, forced: set[str], resolved: str | None
) -> None:
    if resolved is None:
        app.saving.quit_after_save = False
        app.notify("Merge cancelled: nothing was written; your edits stay unsaved.")
        return
    app.post_message(RecordsReplaced([document.rel]))
    app.saving.save(documents, forced)
