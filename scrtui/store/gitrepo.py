"""The review's git repository: the only module that imports GitPython.

Every save is a commit with a message a supervisor can read. Commits use the identity the
user configured in git; scr never invents one.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

IDENTITY_HELP = (
    'git does not know who you are; set your name and email once with: '
    'git config --global user.name "Your Name" && '
    'git config --global user.email "you@example.org"'
)


class GitError(Exception):
    """A git operation failed; the message is one line a user can act on."""


def _git():
    try:
        import git  # noqa: PLC0415 - imported late: only commands that touch git pay for it
    except ImportError as exc:  # GitPython raises ImportError when no git executable is found
        raise GitError(f"git is not available: {str(exc).splitlines()[0]}") from exc
    return git


def identity(root: Path | None = None) -> tuple[str, str]:
    """The configured author (name, email); GitError with instructions when none is set."""
    git = _git()
    name = os.environ.get("GIT_AUTHOR_NAME", "")
    email = os.environ.get("GIT_AUTHOR_EMAIL", "")
    runner = git.Git(str(root) if root is not None and root.exists() else None)
    with contextlib.suppress(git.GitCommandError):
        name = name or runner.config("--get", "user.name").strip()
    with contextlib.suppress(git.GitCommandError):
        email = email or runner.config("--get", "user.email").strip()
    if not name or not email:
        raise GitError(IDENTITY_HELP)
    return name, email


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author: str
    email: str
    when: datetime
    message: str

    @property
    def short(self) -> str:
        return self.sha[:8]

    @property
    def subject(self) -> str:
        return self.message.splitlines()[0] if self.message else ""


class Repository:
    """A review's git repository."""

    def __init__(self, root: Path) -> None:
        git = _git()
        self.root = Path(root)
        try:
            self._repo = git.Repo(self.root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
            raise GitError(f"{self.root}: not a git repository") from exc

    @classmethod
    def init(cls, root: Path) -> Repository:
        git = _git()
        try:
            git.Repo.init(root, initial_branch="main")
        except git.GitCommandError as exc:
            raise GitError(f"git init failed: {_first_line(exc)}") from exc
        return cls(root)

    @property
    def has_commits(self) -> bool:
        try:
            self._repo.head.commit  # noqa: B018 - raises on an unborn branch
        except ValueError:
            return False
        return True

    def commit(self, message: str, paths: list[str] | None = None) -> str | None:
        """Stage `paths` (all changes when None) and commit; None when nothing changed."""
        git = _git()
        identity(self.root)
        try:
            if paths is None:
                self._repo.git.add("--all")
            else:
                self._repo.git.add("--all", "--", *paths)
            staged = self._repo.git.diff("--cached", "--name-only")
            if not staged.strip() and self.has_commits:
                return None
            self._repo.git.commit("-m", message, "--no-verify")
        except git.GitCommandError as exc:
            raise GitError(f"git commit failed: {_first_line(exc)}") from exc
        return self._repo.head.commit.hexsha

    def history(self, path: str | None = None, max_count: int = 200) -> list[CommitInfo]:
        if not self.has_commits:
            return []
        kwargs = {"max_count": max_count}
        commits = self._repo.iter_commits("HEAD", paths=path, **kwargs) if path else \
            self._repo.iter_commits("HEAD", **kwargs)
        return [
            CommitInfo(
                c.hexsha,
                c.author.name or "",
                c.author.email or "",
                datetime.fromtimestamp(c.authored_date, tz=UTC),
                c.message.strip(),
            )
            for c in commits
        ]

    def diff(self, old: str, new: str | None = None, paths: list[str] | None = None) -> str:
        """Unified diff from `old` to `new` (the working tree when None)."""
        git = _git()
        args = [old] if new is None else [old, new]
        if paths:
            args += ["--", *paths]
        try:
            return self._repo.git.diff(*args)
        except git.GitCommandError as exc:
            raise GitError(f"git diff failed: {_first_line(exc)}") from exc

    def show(self, rev: str, path: str) -> str | None:
        """A file's text at a revision, or None if it did not exist there."""
        git = _git()
        try:
            return self._repo.git.show(f"{rev}:{path}")
        except git.GitCommandError:
            return None

    def head(self) -> str | None:
        return self._repo.head.commit.hexsha if self.has_commits else None

    def is_dirty(self) -> bool:
        return self._repo.is_dirty(untracked_files=True)

    def status(self) -> str:
        return self._repo.git.status("--porcelain")


def _first_line(exc: Exception) -> str:
    stderr = getattr(exc, "stderr", "") or ""
    text = stderr.strip().strip("'").strip() or str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text
