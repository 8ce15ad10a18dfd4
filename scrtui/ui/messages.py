"""Messages between the UI's widgets, named for what happened."""

from __future__ import annotations

from textual.message import Message

from ..problems import Problem


class ReviewLoaded(Message):
    """The review was (re)loaded and checked in a worker."""

    def __init__(self, loaded, problems: list[Problem], error: str | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.problems = problems
        self.error = error


class RecordEdited(Message):
    """A field, the prose or a checklist answer changed in an open document (not yet saved)."""

    def __init__(self, rel: str, label_changed: bool = False) -> None:
        super().__init__()
        self.rel = rel
        self.label_changed = label_changed


class RecordSaved(Message):
    """Files were written and committed (sha is None when git could not commit).

    When the commit failed on lock files that no process holds, `stale_locks` names them and
    `retry` commits again once they are removed.
    """

    def __init__(
        self,
        rels: list[str],
        message: str,
        sha: str | None,
        error: str | None = None,
        stale_locks: tuple = (),
        retry=None,
    ) -> None:
        super().__init__()
        self.rels = rels
        self.message = message
        self.sha = sha
        self.error = error
        self.stale_locks = stale_locks
        self.retry = retry


def failed_commit(rels: list[str], message: str, error: Exception, retry) -> RecordSaved:
    """A commit that git refused; stale locks (left by a killed git) can be removed and the
    commit tried again, a lock a running process holds cannot."""
    from ..store.gitrepo import RepositoryLocked  # noqa: PLC0415

    stale: tuple = ()
    if isinstance(error, RepositoryLocked) and error.locks and len(error.stale) == len(error.locks):
        stale = error.stale
    return RecordSaved(rels, message, None, str(error), stale, retry if stale else None)


class ProblemSelected(Message):
    """The user chose a problem in the Overview: open the record at that place."""

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem


class DraftBuilt(Message):
    """`scr build` finished in a worker: its result, or why it could not run."""

    def __init__(self, result, error: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.error = error
