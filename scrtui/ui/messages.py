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
    from ..store.locking import RepositoryLocked  # noqa: PLC0415

    stale: tuple = ()
    if isinstance(error, RepositoryLocked) and error.locks and len(error.stale) == len(error.locks):
        stale = error.stale
    return RecordSaved(rels, message, None, str(error), stale, retry if stale else None)


class RecordsReplaced(Message):
    """Open records' text was replaced other than in their forms: the disk's version taken in
    a conflict, a merge applied, F5's reload. Every part is to show them again."""

    def __init__(self, rels: list[str]) -> None:
        super().__init__()
        self.rels = rels


class PartHighlighted(Message):
    """The navigation cursor moved to another part: show it (of quick moves, the last)."""


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


class RecordRemoved(Message):
    """A record was removed in its part: cut from a file that is now to be saved (`CUT`), its
    whole file deleted, which is to be committed (`DELETED`), or a file never saved dropped
    (`DISCARDED`: nothing to commit)."""

    CUT, DELETED, DISCARDED = "cut", "deleted", "discarded"

    def __init__(self, rel: str, how: str) -> None:
        super().__init__()
        self.rel = rel
        self.how = how


class CandidateChosen(Message):
    """The user chose a residual candidate in the Build part: open the record at its place."""

    def __init__(self, candidate) -> None:
        super().__init__()
        self.candidate = candidate


class PlaceChosen(Message):
    """The user chose a place in a file (a long sentence the readability panel lists): open
    the record there."""

    def __init__(self, path: str, line: int | None, col: int | None = None) -> None:
        super().__init__()
        self.path = path
        self.line = line
        self.col = col


class CandidateResolved(Message):
    """A residual candidate (or a name an imported chronology holds) was allowed or added to
    the register in the open register.toml: it is to be written and committed at once, with
    `message`; then, with `offer_build`, a rebuild offered."""

    def __init__(self, document, message: str, offer_build: bool = True) -> None:
        super().__init__()
        self.document = document
        self.message = message
        self.offer_build = offer_build


class ChallengeAnswered(Message):
    """The user responded to a peer challenge or closed it (`action`: respond, resolve or
    impasse); `scr challenge` is to write and commit it."""

    def __init__(self, action: str, ident: str, text: str) -> None:
        super().__init__()
        self.action = action
        self.ident = ident
        self.text = text
