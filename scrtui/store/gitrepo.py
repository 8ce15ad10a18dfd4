"""The review's git repository: the only module that imports GitPython.

Every save is a commit with a message a supervisor can read. Commits use the identity the
user configured in git; scr never invents one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from .giterror import GitError
from .locking import RepositoryLocked, find_locks
from .network import NETWORK_TIMEOUT, run_watched
from .snapshot import uncommitted
from .workspace import TEMP_GLOB

IDENTITY_HELP = (
    "git does not know who you are; set your name and email once with: "
    'git config --global user.name "Your Name" && '
    'git config --global user.email "you@example.org"'
)


def _git() -> ModuleType:  # GitPython, imported when first needed
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
        from .files import remove_stale_temp_files_in_review  # noqa: PLC0415

        git = _git()
        identity(self.root)
        remove_stale_temp_files_in_review(self.root)
        try:
            if paths is None:  # an interrupted save's temporary file is never committed
                self._repo.git.add("--all", "--", ".", f":(exclude,glob)**/{TEMP_GLOB}")
            else:
                self._repo.git.add("--all", "--", *paths)
            staged = self._repo.git.diff("--cached", "--name-only")
            if not staged.strip() and self.has_commits:
                return None
            self._repo.git.commit("-m", message, "--no-verify")
        except git.GitCommandError as exc:
            self._unstage(paths)
            raise self._failure("git commit", exc, _first_line(exc)) from exc
        return self._repo.head.commit.hexsha

    def _unstage(self, paths: list[str] | None) -> None:
        """After a failed commit, the index as it was for `paths`: a retry then stages and
        commits only what it means to, and a file the caller removes leaves nothing staged."""
        git = _git()
        if not paths or not self.has_commits:
            return
        with contextlib.suppress(git.GitCommandError):
            self._repo.git.reset("-q", "HEAD", "--", *paths)

    def _failure(self, what: str, exc: Exception, said: str) -> GitError:
        """The error for a failed git command: RepositoryLocked when a lock file stopped it
        (naming the lock and whether a process holds it), else git's own reason."""
        stderr = str(getattr(exc, "stderr", "") or "")
        if ".lock" in stderr:
            locks = find_locks(self.root)
            if locks:
                return RepositoryLocked(what, locks)
        return GitError(f"{what} failed: {said}")

    def history(self, path: str | None = None, max_count: int = 200) -> list[CommitInfo]:
        if not self.has_commits:
            return []
        kwargs = {"max_count": max_count}
        commits = (
            self._repo.iter_commits("HEAD", paths=path, **kwargs)
            if path
            else self._repo.iter_commits("HEAD", **kwargs)
        )
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
        """Uncommitted changes or untracked files (an interrupted save's temporary files, which
        older reviews' .gitignore does not name, do not count)."""
        if self._repo.is_dirty(untracked_files=False):
            return True
        return bool(
            uncommitted(self._repo.git.status("--porcelain", "-z", "--untracked-files=all"))
        )

    def status(self) -> str:
        return self._repo.git.status("--porcelain")

    # == Peer challenge and sync (used by scrtui.supervision) =================================
    # Added for `scr diff`, `scr signoff` and `scr sync`; the methods above keep their behaviour.

    def _run(self, what: str, *args: str, **kwargs: Any) -> str:
        """Run one git command; a failure becomes a GitError naming what failed."""
        git = _git()
        try:
            return self._repo.git.execute(["git", *args], **kwargs)
        except git.GitCommandError as exc:
            raise self._failure(what, exc, _git_says(exc)) from exc

    def resolve(self, rev: str) -> str:
        """The commit a revision names (a sha, tag, branch, HEAD~2 ...); GitError if none."""
        git = _git()
        try:
            return self._repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}").strip()
        except git.GitCommandError as exc:
            raise GitError(f"unknown revision '{rev}'") from exc

    def root_commit(self) -> str | None:
        """The first commit of the current branch (the oldest root), None before any commit."""
        if not self.has_commits:
            return None
        roots = self._run("git rev-list", "rev-list", "--max-parents=0", "HEAD").split()
        return roots[-1] if roots else None

    def commit_info(self, rev: str) -> CommitInfo:
        c = self._repo.commit(self.resolve(rev))
        return CommitInfo(
            c.hexsha,
            c.author.name or "",
            c.author.email or "",
            datetime.fromtimestamp(c.authored_date, tz=UTC),
            c.message.strip(),
        )

    def count_commits(self, old: str, new: str = "HEAD") -> int:
        """How many commits are reachable from `new` but not from `old`."""
        return int(self._run("git rev-list", "rev-list", "--count", f"{old}..{new}").strip())

    def is_ancestor(self, old: str, new: str) -> bool:
        git = _git()
        try:
            self._repo.git.merge_base("--is-ancestor", old, new)
        except git.GitCommandError:
            return False
        return True

    def changed_files(self, old: str, new: str | None = None) -> list[tuple[str, str]]:
        """(status letter A/M/D/T, path) for each file that differs from `old` to `new`.

        `new` None means the working tree (tracked files). Renames count as delete + add,
        because a record's file name is its id.
        """
        args = ["diff", "--name-status", "--no-renames", "-z", old]
        if new is not None:
            args.append(new)
        out = self._run("git diff", *args)
        fields = [f for f in out.split("\0") if f]
        return [(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]

    def text_at(self, rev: str, path: str) -> str | None:
        """A file's exact text at a revision (trailing newline kept), None if absent there."""
        git = _git()
        try:
            data = self._repo.git.show(
                f"{rev}:{path}", strip_newline_in_stdout=False, stdout_as_string=False
            )
        except git.GitCommandError:
            return None
        text = data.decode("utf-8", errors="replace")
        return text.removeprefix("\ufeff")

    def has_tracked_changes(self) -> bool:
        """Uncommitted changes to tracked files (untracked files do not count)."""
        return self._repo.is_dirty(untracked_files=False)

    def tags(self, prefix: str = "") -> list[TagInfo]:
        """Tags under refs/tags/<prefix>, each with the commit it names and who made it."""
        fmt = (
            "%1e".join(
                [
                    "%(refname:strip=2)",
                    "%(objectname)",
                    "%(*objectname)",
                    "%(taggername)",
                    "%(taggeremail:trim)",
                    "%(taggerdate:unix)",
                    "%(creatordate:unix)",
                    "%(contents)",
                ]
            )
            + "%1f"
        )
        out = self._run(
            "git for-each-ref",
            "for-each-ref",
            f"--format={fmt}",
            f"refs/tags/{prefix}",
            strip_newline_in_stdout=False,
        )
        found = []
        for record in out.split("\x1f"):
            parts = record.lstrip("\n").split("\x1e")
            if len(parts) != 8:
                continue
            name, obj, peeled, tagger, email, tag_time, created, message = parts
            when = int(tag_time or created or 0)
            found.append(
                TagInfo(
                    name,
                    peeled or obj,
                    tagger,
                    email,
                    datetime.fromtimestamp(when, tz=UTC),
                    message.strip(),
                )
            )
        return found

    def create_tag(self, name: str, message: str, rev: str = "HEAD") -> TagInfo:
        """An annotated tag with the configured identity as tagger."""
        identity(self.root)
        self._run("git tag", "tag", "--annotate", "--cleanup=verbatim", "-m", message, name, rev)
        return next(t for t in self.tags(name) if t.name == name)

    def current_branch(self) -> str | None:
        """The checked-out branch, None on a detached HEAD."""
        try:
            return self._repo.active_branch.name
        except TypeError:
            return None

    def remotes(self) -> list[str]:
        return [remote.name for remote in self._repo.remotes]

    def upstream(self) -> tuple[str, str] | None:
        """(remote, branch) the current branch tracks, if any."""
        git = _git()
        try:
            ref = self._repo.git.rev_parse("--abbrev-ref", "--symbolic-full-name", "@{u}")
        except git.GitCommandError:
            return None
        remote, _, branch = ref.strip().partition("/")
        return (remote, branch) if branch else None

    def has_ref(self, ref: str) -> bool:
        git = _git()
        try:
            self._repo.git.rev_parse("--verify", "--quiet", ref)
        except git.GitCommandError:
            return False
        return True

    def fetch(self, remote: str) -> None:
        """Fetch the remote's branches and tags (a local tag is never overwritten)."""
        self._network(
            f"git fetch from '{remote}'", remote, "fetch", "--progress", "--tags", "--prune", remote
        )

    def rebase(self, onto: str) -> list[str]:
        """Replay local commits onto `onto`. On a conflict, abort and return the files.

        After an abort, HEAD, the branch, the index and the working tree are as they were.
        """
        git = _git()
        identity(self.root)
        try:
            self._repo.git.rebase(onto, env={"GIT_EDITOR": "true"})
        except git.GitCommandError as exc:
            conflicted = self._repo.git.diff("--name-only", "--diff-filter=U").split()
            if self._rebasing():
                self._repo.git.rebase("--abort")
            if conflicted:
                return sorted(set(conflicted))
            raise self._failure("git rebase", exc, _first_line(exc)) from exc
        except KeyboardInterrupt:  # Ctrl+C: the branch and the tree as they were
            if self._rebasing():
                with contextlib.suppress(git.GitCommandError):
                    self._repo.git.rebase("--abort")
            raise
        return []

    def _rebasing(self) -> bool:
        git_dir = Path(self._repo.git_dir)
        return (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()

    def push(self, remote: str, branch: str, set_upstream: bool = False) -> None:
        args = ["push", "--porcelain"] + (["--set-upstream"] if set_upstream else [])
        self._network(
            f"git push to '{remote}'",
            remote,
            *args,
            "--progress",
            remote,
            f"HEAD:refs/heads/{branch}",
        )

    def push_tags(self, remote: str, names: list[str]) -> None:
        if names:
            refs = [f"refs/tags/{n}:refs/tags/{n}" for n in names]
            self._network(
                f"git push of tags to '{remote}'",
                remote,
                "push",
                "--porcelain",
                "--progress",
                remote,
                *refs,
            )

    # -- talking to a remote (watched by `network.run_watched`) ---------------------------
    # Silence for `network_timeout` seconds stops the command, and `progress` (when set) hears
    # each step and each line of progress.
    network_timeout: float = NETWORK_TIMEOUT
    progress: Callable[[str], None] | None = None

    def _say(self, text: str) -> None:
        if self.progress is not None:
            self.progress(text)

    def _network(self, what: str, remote: str, *args: str) -> str:
        """Run a git command that talks to `remote` (`network.run_watched`); its stdout.
        NoAnswer after silence for `network_timeout` seconds, GitError when git fails."""

        def stopped() -> None:
            # A Ctrl+C also stopped GitPython's long-running `git cat-file` helpers (they are
            # in the same process group): start them afresh for what comes after.
            self._repo.git.clear_cache()

        timeout = self.network_timeout
        code, stdout, stderr = run_watched(
            self.root, what, remote, args, timeout, self._say, stopped
        )
        if code != 0:
            failure = _Failed(stderr)
            raise self._failure(what, failure, _git_says(failure))
        return stdout.rstrip("\n")

    def reset_branch(self, sha: str) -> None:
        """Put the current branch back at `sha` (after an interrupted sync: as it was)."""
        self._run("git reset", "reset", "-q", "--keep", sha)

    def branch_sha(self, ref: str) -> str | None:
        return self.resolve(ref) if self.has_ref(ref) else None

    def count_commits_all(self, rev: str = "HEAD") -> int:
        """How many commits `rev` holds, all the way back."""
        return int(self._run("git rev-list", "rev-list", "--count", rev).strip())

    def fast_forward(self, rev: str) -> None:
        """Move the current branch forward to `rev` (also on a branch with no commits yet)."""
        self._run("git merge", "merge", "--ff-only", rev)

    def set_upstream(self, remote: str, branch: str) -> None:
        self._run("git branch", "branch", f"--set-upstream-to={remote}/{branch}")

    def remote_tags(self, remote: str, prefix: str = "") -> list[str]:
        """Names of the tags the remote has under refs/tags/<prefix>."""
        out = self._network(
            f"git ls-remote of '{remote}'",
            remote,
            "ls-remote",
            "--tags",
            "--refs",
            remote,
            f"refs/tags/{prefix}*",
        )
        return [line.split("refs/tags/", 1)[1] for line in out.splitlines() if "refs/tags/" in line]


def _first_line(exc: Exception) -> str:
    stderr = getattr(exc, "stderr", "") or ""
    text = stderr.strip().strip("'").strip() or str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text


# == Peer challenge and sync (used by scrtui.supervision) =====================================


@dataclass(frozen=True)
class TagInfo:
    """A tag: its name, the commit it names, and (for an annotated tag) who made it, when, why."""

    name: str
    sha: str
    tagger: str
    email: str
    when: datetime
    message: str


class _Failed(Exception):
    """git's stderr, shaped as GitPython's error so that `_git_says` reads it."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


def _git_says(exc: Exception) -> str:
    """git's own reason ("fatal: ...", "error: ..."), from GitPython's wrapped stderr."""
    stderr = (getattr(exc, "stderr", "") or "").strip()
    stderr = stderr.removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:", "! [")):
            return line
    return lines[-1] if lines else _first_line(exc)
