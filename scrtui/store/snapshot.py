"""What a build asks of the review's git repository: HEAD and the tree's state, and whether
git ignores a path.

Plain `git` subprocesses give these without GitPython's start-up time, which would otherwise be
a sixth of a small build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .giterror import GitError
from .workspace import is_temp_file


@dataclass(frozen=True)
class Snapshot:
    """The commit a build starts from, and whether the working tree differs from it."""

    sha: str
    when: datetime  # the commit's author date, UTC
    message: str
    dirty: bool  # tracked changes or untracked files that are not ignored
    has_signoffs: bool  # any refs/tags/signoff/* (read them with scrtui.supervision)


def snapshot(root: Path) -> Snapshot:
    """HEAD and the tree's state; GitError (one line) when there is no repository or commit."""
    import subprocess  # noqa: PLC0415

    def run(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise GitError(f"git is not available: {exc}") from exc
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise GitError(lines[-1] if lines else f"git {args[0]} failed")
        return done.stdout

    inside = run("rev-parse", "--is-inside-work-tree", "--show-toplevel").split("\n")
    if inside[0].strip() != "true" or Path(inside[1].strip()).resolve() != root.resolve():
        raise GitError(f"{root}: not a git repository")
    try:
        head = run("log", "-1", "--format=%H%x00%at%x00%B")
    except GitError as exc:
        raise GitError("no commit yet") from exc
    sha, when, message = head.split("\0", 2)
    dirty = bool(uncommitted(run("status", "--porcelain", "-z", "--untracked-files=all")))
    tags = run("for-each-ref", "--count=1", "--format=%(refname)", "refs/tags/signoff/")
    return Snapshot(
        sha.strip(),
        datetime.fromtimestamp(int(when), tz=UTC),
        message.strip(),
        dirty,
        bool(tags.strip()),
    )


def uncommitted(porcelain_z: str) -> list[str]:
    """The entries of `git status --porcelain -z`, less untracked temporary files."""
    entries = [entry for entry in porcelain_z.split("\0") if entry]
    return [
        entry
        for entry in entries
        if not (entry.startswith("?? ") and is_temp_file(entry[3:].rsplit("/", 1)[-1]))
    ]


def is_ignored(root: Path, rel: str) -> bool | None:
    """Whether git ignores `rel` in the review at `root`; None when it is not a repository."""
    import subprocess  # noqa: PLC0415

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60)

    try:
        ignored = git("check-ignore", "-q", rel)
        if ignored.returncode not in (0, 1):
            return None  # 128: not a git repository
        tracked = git("ls-files", "--", rel).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return ignored.returncode == 0 and not tracked  # a tracked file there is committed again
