"""Where a draft came from: the commit, whether the tree was clean, and who signed off.

Read through the git layer (`store.gitrepo`, the only module that imports GitPython). A review
that is not a git repository still builds; its provenance says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from ..peer_record import SignOff

BUILD_TIME_ENV = "SCR_BUILD_TIME"  # fixes the build time (ISO 8601), e.g. for reproducibility

Clock = Callable[[], datetime]  # an injected "now" (a test's or a caller's own time)


@dataclass(frozen=True)
class Provenance:
    commit: str | None = None  # None: not a git repository, or no commit yet
    dirty: bool | None = None  # None: unknown (no git)
    commit_date: datetime | None = None
    commit_message: str = ""
    built_at: datetime = field(default_factory=lambda: datetime(1980, 1, 1, tzinfo=UTC))
    version: str = __version__
    signoffs: tuple[SignOff, ...] = ()  # oldest first
    note: str = ""  # why there is no commit, when there is none

    @property
    def built_at_text(self) -> str:
        return self.built_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def fixed_date(self) -> datetime:
        """The date the documents' own metadata carries: the commit's, so bytes repeat."""
        return self.commit_date or datetime(1980, 1, 1, tzinfo=UTC)


def build_time(clock: Clock | None = None) -> datetime:
    """Now (UTC), or the time in SCR_BUILD_TIME, or what an injected clock says."""
    if clock is not None:
        return clock().astimezone(UTC)
    fixed = os.environ.get(BUILD_TIME_ENV, "").strip()
    if fixed:
        try:
            when = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"{BUILD_TIME_ENV}={fixed!r} is not an ISO 8601 time") from exc
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    return datetime.now(UTC).replace(microsecond=0)


def gather(root: Path, built_at: datetime) -> Provenance:
    """The repository's state for the audit trail; never fails for want of git."""
    from ..store import gitrepo  # noqa: PLC0415 - git only when a build runs

    try:
        state = gitrepo.snapshot(Path(root))
    except gitrepo.GitError as exc:
        note = str(exc).split(": ")[-1]
        return Provenance(
            built_at=built_at, dirty=True if note == "no commit yet" else None, note=note
        )
    signed: tuple[SignOff, ...] = ()
    if state.has_signoffs:  # GitPython's start-up only for reviews that have sign-offs
        from ..peer_record import read_signoffs  # noqa: PLC0415

        signed = tuple(read_signoffs(Path(root)))
    return Provenance(state.sha, state.dirty, state.when, state.message, built_at, signoffs=signed)
