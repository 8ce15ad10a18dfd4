"""The one commit worker: git commits run off the UI thread, one at a time, and each outcome
reaches the app as `RecordSaved` (a commit git refused carries the retry that the lock dialog
offers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from .messages import RecordSaved, failed_commit


class CommitWorker:
    """Saves, removals, register edits and challenge answers all commit through here."""

    def __init__(self, app) -> None:
        self._app = app
        self._lock = threading.Lock()  # one git process at a time writes the index

    def run(self, job: Callable[[], RecordSaved | None], then: Callable | None = None) -> None:
        """Run `job` in a thread worker holding the git lock and post the `RecordSaved` it
        returns (None: nothing to report); `then` runs on the UI once that commit is made."""
        self._app.run_worker(partial(self._run, job, then), name="commit", group="git", thread=True)

    def commit(self, message: str, rels: list[str], then: Callable | None = None) -> None:
        """Commit files already written."""
        self.run(partial(self._commit_written, message, rels, then), then)

    def _run(self, job, then) -> None:
        with self._lock:
            saved = job()
        if saved is None:
            return
        self._app.post_message(saved)
        if then is not None and saved.error is None:
            self._app.call_from_thread(then)

    def _commit_written(self, message: str, rels: list[str], then) -> RecordSaved:
        from ..store.giterror import GitError  # noqa: PLC0415
        from ..store.gitrepo import Repository  # noqa: PLC0415 - off the startup path

        try:
            sha = Repository(self._app.root).commit(message, rels)
        except GitError as exc:
            return failed_commit(rels, message, exc, partial(self.commit, message, rels, then))
        return RecordSaved(rels, message, sha)
