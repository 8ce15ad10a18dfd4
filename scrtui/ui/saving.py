"""Saving: the open documents written and committed, and everything that may stop a save.

A field that is not valid keeps its file out of the save; a save that deletes text asks
first; a file changed (or removed, or unreadable) on disk since it was read opens the conflict
dialog (mine, the disk's, or a merge); a commit that git refuses is reported, and a stale
lock can be removed and the commit tried again. The commit itself runs in the commit worker.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from textual.screen import ModalScreen

from ..editing.session import SaveFailed, disk_notice, removal_message
from . import merging
from .messages import RecordSaved, RecordsReplaced, failed_commit


class SaveController:
    """Ctrl+S, the save before a quit, the register's immediate saves, F5 and disk notices."""

    def __init__(self, app, commits) -> None:
        self.app = app
        self.commits = commits
        self.quit_after_save = False  # Quit chose "save": leave once everything is saved
        self._disk_said: dict[str, tuple] = {}  # rel -> (document, change) already reported

    @property
    def session(self):
        return self.app.session

    def notify(self, message: str, **options) -> None:
        self.app.notify(message, **options)

    # -- saving ----------------------------------------------------------------------------------
    def save_all(self) -> None:
        """Every unsaved document, but those that cannot be saved yet (and says why)."""
        documents = self.session.dirty()
        if not documents:
            self.notify("Nothing to save: there are no unsaved changes.")
            self.finish_quit()
            return
        blocked = [d for d in documents if self.session.invalid_in(d.rel)]
        if blocked:
            self._say_blocked(blocked)
            self.quit_after_save = False
            documents = [d for d in documents if d not in blocked]
            if not documents:
                return
        losses = self.session.losses(documents)
        if losses:
            from .loss_screen import LossScreen  # noqa: PLC0415

            self.app.push_screen(LossScreen(losses), partial(self._losses_answered, documents))
            return
        self.save(documents, set())

    def _losses_answered(self, documents: list, save: bool) -> None:
        if save:
            self.save(documents, set())
            return
        self.quit_after_save = False
        self.notify("Not saved: your edit stays unsaved (Ctrl+S asks again).", timeout=10)

    def _say_blocked(self, blocked: list) -> None:
        """Which records a save left out, and why: the field's own error is beside it."""
        from ..changes import record_label  # noqa: PLC0415

        lines = []
        for document in blocked:
            if self.session.merge_pending(document.rel):
                lines.append(
                    f"{record_label(document.rel)} not saved: its text still has "
                    "conflict markers (<<<<<<< ======= >>>>>>>); resolve them first."
                )
                continue
            invalid = self.session.invalid_in(document.rel)
            fields = ", ".join(f"{i.label} '{i.text}'" for i in invalid)
            lines.append(
                f"{record_label(document.rel)} not saved: {fields} is not valid "
                "(see the field); the file keeps its stored value."
            )
        self.notify("\n".join(lines), severity="error", timeout=15)

    def save(self, documents: list, forced: set[str]) -> None:
        """Write and commit `documents`; a conflict asks first (`forced`: rels already
        answered "mine")."""
        from ..store.documents import CHANGED  # noqa: PLC0415

        conflicts = [d for d in self.session.conflicts(documents) if d.rel not in forced]
        if conflicts:
            from .conflict_screen import ConflictScreen  # noqa: PLC0415

            document = conflicts[0]
            self.app.push_screen(
                ConflictScreen(
                    document.rel,
                    document.disk_text(),
                    document.render(),
                    document.disk_change() or CHANGED,
                    self.session.can_merge(document),
                ),
                partial(self._conflict_resolved, document, documents, forced),
            )
            return
        plan = self.session.plan(documents, forced)
        # a changed disk version goes into git before mine replaces it; a removal does not
        disk_first = [d.rel for d in documents if d.rel in forced and d.disk_change() == CHANGED]
        if not disk_first:
            plan = self._write(plan)  # atomic writes; the commit follows in the worker
            if not plan.items:
                return
        self._commit(plan, disk_first)

    def _write(self, plan):
        """Write the plan's files; on a failure say so and return the part that was written
        (the rest keep their unsaved edits)."""
        try:
            self.session.write(plan)
        except SaveFailed as exc:
            self.quit_after_save = False
            self.notify(
                f"Not saved: {exc}. Your edits are kept; nothing was lost.",
                severity="error",
                timeout=15,
            )
            plan = plan.only(exc.written)
        self.app.refresh_labels()
        return plan

    def _conflict_resolved(self, document, documents, forced, choice) -> None:
        from ..store.documents import REMOVED, UNREADABLE, disk_state  # noqa: PLC0415

        rest = [d for d in documents if d is not document]
        change = document.disk_change()
        if choice == "mine":
            state = disk_state(document.path)
            if change == UNREADABLE and state.data:
                kept = self._recover(document.rel, state.data, "disk")
                self.notify(f"What could be read of {document.rel} is kept in {kept}", timeout=10)
            self.save(documents, forced | {document.rel})
            return
        if choice == "merge":
            merging.start(self.app, document, documents, forced)
            return
        if choice == "disk":
            kept = self._recover(document.rel, document.render())
            self.session.reload(document.rel)
            self.app.post_message(RecordsReplaced([document.rel]))
            took = "Accepted the deletion of" if change == REMOVED else "Took the disk version of"
            self.notify(f"{took} {document.rel}; yours is kept in {kept}", timeout=10)
            if rest:
                self.save(rest, forced)
            else:
                self.finish_quit()
            return
        self.quit_after_save = False
        self.notify("Save cancelled: nothing was written.")

    def _recover(self, rel: str, text: str | bytes, which: str = "") -> str:
        """Keep a version the user chose not to save, outside the working tree."""
        from ..store.files import atomic_write  # noqa: PLC0415
        from ..store.recovery import recovery_folder  # noqa: PLC0415

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = recovery_folder(self.app.root) / f"{rel}.{which + '.' if which else ''}{stamp}"
        if isinstance(text, bytes):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text)
        else:
            atomic_write(target, text)
        return self.app.shown(target)

    def _commit(self, plan, disk_first: list[str]) -> None:
        self.commits.run(partial(self._commit_plan, plan, disk_first))

    def _commit_plan(self, plan, disk_first: list[str]) -> RecordSaved | None:
        """In the worker: the disk versions that mine replaces first, then (written on the UI
        only once those are safe in git) my files."""
        from ..changes import record_label  # noqa: PLC0415
        from ..store.giterror import GitError  # noqa: PLC0415
        from ..store.gitrepo import Repository  # noqa: PLC0415

        try:
            repo = Repository(self.app.root)
            if disk_first:
                labels = ", ".join(record_label(rel) for rel in disk_first)
                repo.commit(f"{labels}: version changed outside scr", disk_first)
        except GitError as exc:
            if disk_first:  # not written: the disk version is not safe in git yet
                saved = failed_commit(
                    [], plan.message, exc, partial(self._commit, plan, disk_first)
                )
                saved.error = f"nothing was written: {exc}"
                return saved
            return failed_commit(plan.rels, plan.message, exc, partial(self._commit, plan, []))
        if disk_first:
            plan = self.app.call_from_thread(self._write, plan)
            if not plan.items:
                return None
        try:
            sha = repo.commit(plan.message, plan.rels)
        except GitError as exc:
            return failed_commit(plan.rels, plan.message, exc, partial(self._commit, plan, []))
        return RecordSaved(plan.rels, plan.message, sha)

    def commit_removal(self, rel: str) -> None:
        """A record's whole file was deleted: commit the deletion."""
        self.commits.commit(removal_message(rel), [rel])

    def write_and_commit(self, document, message: str, then=None) -> bool:
        """Write one document now (atomically) and commit it with its own message; False when
        it changed on disk just before (it is reloaded and nothing is written)."""
        from ..store.documents import ChangedOnDisk  # noqa: PLC0415

        try:
            document.save()  # atomic: a temporary file, fsync, rename
        except ChangedOnDisk:
            self.session.reload(document.rel)
            self.notify(
                f"{document.rel} changed on disk just now; nothing was written. Try again.",
                severity="warning",
                timeout=10,
            )
            return False
        self.app.refresh_labels()
        self.commits.commit(message, [document.rel], then=then)
        return True

    # -- what the commit worker reported -----------------------------------------------------------
    def saved(self, message: RecordSaved) -> None:
        """Say how the commit went (a stale lock: offer to remove it) and show the result."""
        if message.stale_locks:
            from .unlock_screen import UnlockScreen  # noqa: PLC0415

            self.app.push_screen(
                UnlockScreen(message.error or "", message.stale_locks),
                partial(self._unlock_chosen, message),
            )
            return
        if message.error:
            if message.rels:
                self.notify(
                    f"Saved the files, but not committed: {message.error}",
                    severity="error",
                    timeout=15,
                )
            else:
                self.notify(message.error, severity="error", timeout=15)
                self.quit_after_save = False
                return
        elif message.sha is None:
            self.notify("Saved; nothing changed since the last commit.")
        else:
            self.notify(f"Saved and committed {message.sha[:8]}: {message.message.splitlines()[0]}")
        self.app.show_saved(message.rels)
        self.finish_quit()

    def _unlock_chosen(self, message: RecordSaved, remove: bool | None) -> None:
        from ..store.locking import LockInUse, remove_stale_lock  # noqa: PLC0415

        if not remove:
            message.stale_locks, message.retry = (), None
            self.saved(message)  # as any failed commit: said, nothing more
            return
        try:
            for lock in message.stale_locks:
                remove_stale_lock(lock)
        except LockInUse as exc:
            self.notify(f"Not removed: {exc}", severity="error", timeout=15)
            self.quit_after_save = False
            return
        names = ", ".join(lock.name for lock in message.stale_locks)
        self.notify(f"Removed {names}; committing again.")
        message.retry()

    # -- quitting --------------------------------------------------------------------------------
    def finish_quit(self) -> None:
        if self.quit_after_save and not self.session.dirty():
            self.app.exit()

    def quit(self) -> None:
        """Leave at once when everything is saved; otherwise ask: save, discard or stay."""
        dirty = self.session.dirty()
        if not dirty:
            self.app.exit()
            return
        if isinstance(self.app.screen, ModalScreen):
            return
        from .confirm_quit_screen import ConfirmQuitScreen  # noqa: PLC0415

        def chosen(choice: str | None) -> None:
            if choice == "discard":
                self.app.exit()
            elif choice == "save":
                self.quit_after_save = True
                self.save_all()

        self.app.push_screen(ConfirmQuitScreen([d.rel for d in dirty]), chosen)

    # -- files changed on disk ---------------------------------------------------------------------
    def say_disk_changes(self) -> None:
        """Name open files changed, removed or unreadable on disk (each change once)."""
        session = self.session
        changes = {
            rel: change
            for rel, change in session.disk_changes().items()
            if self._disk_said.get(rel) != (id(session.documents[rel]), change)
        }
        for rel, change in changes.items():
            self._disk_said[rel] = (id(session.documents[rel]), change)
        if changes:
            unsaved = {rel for rel in changes if session.is_dirty(rel)}
            self.notify(disk_notice(changes, unsaved), severity="warning", timeout=15)

    def reload(self) -> None:
        """F5: re-read the files changed on disk that have no unsaved edits."""
        session = self.session
        stale = session.stale()
        for rel in stale:
            session.reload(rel)
        for rel in list(session.broken):
            session.broken.pop(rel, None)
        waiting = [d.rel for d in session.dirty() if d.changed_on_disk()]
        self.app.post_message(RecordsReplaced(stale))  # the parts show them, then the check
        self.app.load_review()
        self.notify(
            f"Reloaded {len(stale)} changed file{'s' if len(stale) != 1 else ''}."
            + (
                f" Unsaved and changed on disk: {', '.join(waiting)} (saving will ask)."
                if waiting
                else ""
            )
        )
