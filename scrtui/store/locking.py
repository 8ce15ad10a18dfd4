"""Lock files left by a stopped git command: found, told apart (held or left behind), removed.

git takes a lock by creating NAME.lock beside the file it changes (index, HEAD, a branch) and
renames it into place when done. A git process that is killed leaves the lock behind, and
every later command that needs that file fails until it is removed. Removing a lock that a
running git still holds would let two commands write at once, so scr looks first.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .giterror import GitError


@dataclass(frozen=True)
class LockHolder:
    """A running process that holds a lock file open, or a git process working in the
    repository (git closes some locks before it renames them)."""

    pid: int
    name: str


@dataclass(frozen=True)
class GitLock:
    """A lock file in a repository, and who (if anyone) holds it.

    `holders` is empty when no process holds it; `known` is False when scr could not look
    (another user's git process, or a system without process information): then treat it as
    held unless you know that no git command is running.
    """

    path: Path  # absolute
    name: str  # as the user sees it, from the work tree: ".git/index.lock"
    holders: tuple[LockHolder, ...]
    known: bool
    modified: datetime | None  # when the lock was last written (UTC), None if unreadable
    root: Path | None = None  # the work tree whose repository it locks

    @property
    def held(self) -> bool:
        return bool(self.holders)

    @property
    def stale(self) -> bool:
        """Left behind: no process holds it, as far as scr could tell."""
        return not self.holders and self.known

    def describe(self) -> str:
        if self.holders:
            who = ", ".join(f"pid {h.pid}, {h.name}" for h in self.holders)
            return f"{self.name}, held by a running process ({who})"
        if not self.known:
            return f"{self.name} (scr could not tell whether a git process holds it)"
        return f"{self.name}, which no process holds{_age(self.modified)}"


class RepositoryLocked(GitError):
    """A git command failed because lock files are in the way.

    `what` is the command ("git commit"); `locks` the lock files found, each saying whether
    a process holds it. The message names each and tells what to do: wait for the process that
    holds it, or remove a lock no process holds (`remove_stale_lock`, or the `rm` it quotes).
    """

    def __init__(self, what: str, locks: list[GitLock] | tuple[GitLock, ...]) -> None:
        self.what = what
        self.locks = tuple(locks)
        super().__init__(self._message())

    @property
    def stale(self) -> tuple[GitLock, ...]:
        """The locks that no process holds: safe to remove."""
        return tuple(lock for lock in self.locks if lock.stale)

    def _message(self) -> str:
        import shlex  # noqa: PLC0415

        names = "; ".join(lock.describe() for lock in self.locks)
        text = f"{self.what} failed: the repository is locked by {names}"
        if any(lock.held for lock in self.locks):
            return text + "; wait for that git command to finish, then try again"
        quoted = " ".join(shlex.quote(str(lock.path)) for lock in self.locks)
        if all(lock.stale for lock in self.locks):
            them = "it" if len(self.locks) == 1 else "them"
            return (
                text + f"; a git command was stopped before it finished; remove {them} "
                f"with: rm {quoted} and try again"
            )
        return text + f"; if no git command is running, remove them with: rm {quoted}"


class LockInUse(GitError):
    """`remove_stale_lock` refused: a process holds the lock (or scr cannot tell)."""


def _age(when: datetime | None) -> str:
    if when is None:
        return ""
    seconds = max(0, int((datetime.now(tz=UTC) - when).total_seconds()))
    if seconds < 120:
        return f", left {seconds} s ago"
    if seconds < 7200:
        return f", left {seconds // 60} minutes ago"
    return f", left {seconds // 3600} hours ago"


def git_dir(root: Path) -> Path:
    """The repository's git folder: `.git`, or where a `.git` file (a worktree) points."""
    dot_git = Path(root) / ".git"
    if dot_git.is_file():
        try:
            text = dot_git.read_text(encoding="utf-8").strip()
        except OSError:
            return dot_git
        if text.startswith("gitdir:"):
            target = Path(text.removeprefix("gitdir:").strip())
            return target if target.is_absolute() else (Path(root) / target)
    return dot_git


def lock_files(folder: Path) -> list[Path]:
    """The lock files in the git folder `folder`, and in the main repository's of a worktree."""
    found: list[Path] = []
    with contextlib.suppress(OSError):
        found += sorted(p for p in folder.glob("*.lock") if p.is_file())
    refs = folder / "refs"
    with contextlib.suppress(OSError):
        found += sorted(p for p in refs.rglob("*.lock") if p.is_file())
    common = folder / "commondir"  # a worktree's branches live in the main repository
    if common.is_file():
        with contextlib.suppress(OSError):
            shared = (folder / common.read_text(encoding="utf-8").strip()).resolve()
            found += [p for p in lock_files(shared) if p not in found]
    return found


def _holders(paths: list[Path], repository: Path) -> tuple[dict[Path, list[LockHolder]], bool]:
    """For each lock file, the processes that hold it: those with it open, and every git
    process whose working folder is in the repository. And whether every process that could
    hold one could be looked at."""
    held: dict[Path, list[LockHolder]] = {path: [] for path in paths}
    try:
        import psutil  # noqa: PLC0415 - only when a lock is in the way
    except ImportError:
        return held, False
    targets = {os.path.realpath(path): path for path in paths}
    base = os.path.realpath(repository)
    known = True
    me = psutil.Process()
    ours: set[int] = set()  # this process's own git helpers: the command that failed has finished
    with contextlib.suppress(psutil.Error):
        ours.update(child.pid for child in me.children(recursive=True))
    for process in psutil.process_iter(["pid", "name"]):
        if process.pid == me.pid:
            continue
        name = process.info.get("name") or "?"
        is_git = (name == "git" or name.startswith("git-")) and process.pid not in ours
        try:
            opened = [f.path for f in process.open_files()]
            cwd = process.cwd() if is_git else ""
            if cwd and "cat-file" in process.cmdline():
                cwd = ""  # GitPython's reader (a UI that is open): it takes no lock
        except psutil.AccessDenied:
            if is_git:
                known = False  # another user's git: it might be working here
            continue
        except (psutil.NoSuchProcess, psutil.ZombieProcess, OSError):
            continue
        working_here = bool(cwd) and (cwd == base or cwd.startswith(base + os.sep))
        for real, path in targets.items():
            if real in opened or working_here:
                held[path].append(LockHolder(process.pid, name))
    return held, known


def find_locks(root: Path) -> list[GitLock]:
    """Every lock file in the repository of the work tree at `root` (index.lock, HEAD.lock,
    refs/heads/main.lock ...), each with the processes that hold it; [] when there is none."""
    root = Path(root)
    folder = git_dir(root)
    paths = lock_files(folder)
    if not paths:
        return []
    held, known = _holders(paths, root)
    locks = []
    for path in paths:
        try:
            modified: datetime | None = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        except OSError:
            continue  # finished and renamed meanwhile
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = str(path)
        holders = tuple(held.get(path, ()))
        locks.append(GitLock(path, name, holders, known or bool(holders), modified, root))
    return locks


def remove_stale_lock(lock: GitLock | Path) -> None:
    """Remove a lock file that no process holds, looking again first; LockInUse if one holds
    it now, or if scr cannot tell. A lock already gone is fine."""
    path = lock.path if isinstance(lock, GitLock) else Path(lock)
    if not path.name.endswith(".lock"):
        raise LockInUse(f"{path}: not a git lock file")
    root = lock.root if isinstance(lock, GitLock) else None
    if root is None:
        parts = path.parts
        root = Path(*parts[: parts.index(".git")]) if ".git" in parts else path.parent
    if not path.exists():
        return
    held, known = _holders([path], root)
    if held[path]:
        who = ", ".join(f"pid {h.pid}, {h.name}" for h in held[path])
        raise LockInUse(f"{path}: held by a running process ({who}); wait for it to finish")
    if not known:
        raise LockInUse(
            f"{path}: scr cannot tell whether a git process holds it; remove it "
            "yourself once no git command is running"
        )
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
