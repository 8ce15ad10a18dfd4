"""The review's git repository: the only module that imports GitPython.

Every save is a commit with a message a supervisor can read. Commits use the identity the
user configured in git; scr never invents one.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .workspace import TEMP_GLOB, is_temp_file

if TYPE_CHECKING:
    import subprocess
    from io import BufferedReader

IDENTITY_HELP = (
    "git does not know who you are; set your name and email once with: "
    'git config --global user.name "Your Name" && '
    'git config --global user.email "you@example.org"'
)


NETWORK_TIMEOUT = 30.0  # seconds without a word from the remote before scr stops the command
_NOTICE_EVERY = 5.0  # seconds of silence between "still waiting" notices


class GitError(Exception):
    """A git operation failed; the message is one line a user can act on."""


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
        return bool(_changes(self._repo.git.status("--porcelain", "-z", "--untracked-files=all")))

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

    # -- talking to a remote -------------------------------------------------------------
    # git runs in scr's own process group, so a Ctrl+C in the terminal reaches it too (and git
    # removes its own lock files as it stops), and it can still ask for a password on the
    # terminal. scr reads what git says as it says it: silence for `network_timeout` seconds
    # stops the command, and `progress` (when set) hears each step and each line of progress.
    network_timeout: float = NETWORK_TIMEOUT
    progress: Callable[[str], None] | None = None

    def _say(self, text: str) -> None:
        if self.progress is not None:
            self.progress(text)

    def _network(self, what: str, remote: str, *args: str) -> str:
        """Run a git command that talks to `remote`; its stdout. NoAnswer after silence for
        `network_timeout` seconds, GitError when git fails; on Ctrl+C (KeyboardInterrupt) the
        command is stopped and whatever it left locked is unlocked before the interrupt goes
        on."""
        import queue  # noqa: PLC0415
        import subprocess  # noqa: PLC0415
        import threading  # noqa: PLC0415
        import time  # noqa: PLC0415

        timeout = self.network_timeout
        locks_before = set(_lock_files(_git_dir(self.root)))
        self._say(f"{what} (Ctrl+C stops; gives up after {timeout:g} s without an answer)")
        try:
            process = subprocess.Popen(
                ["git", *args],
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise GitError(f"{what} failed: git is not available: {exc}") from exc
        chunks: queue.Queue[tuple[str, bytes | None]] = queue.Queue()

        def pump(stream: BufferedReader, tag: str) -> None:
            with contextlib.suppress(OSError, ValueError):
                for data in iter(lambda: stream.read1(65536), b""):
                    chunks.put((tag, data))
            chunks.put((tag, None))

        readers = [
            threading.Thread(target=pump, args=(stream, tag), daemon=True)
            for stream, tag in ((process.stdout, "out"), (process.stderr, "err"))
        ]
        for reader in readers:
            reader.start()
        out: list[bytes] = []
        err: list[bytes] = []
        streams = 2
        heard = time.monotonic()
        noticed = heard
        try:
            while streams:
                try:
                    tag, data = chunks.get(timeout=0.2)
                except queue.Empty:
                    now = time.monotonic()
                    if process.poll() is not None and now - heard > 0.5:
                        break  # git has finished; a helper it left keeps the pipe open
                    if now - heard >= timeout:
                        self._stop(process, locks_before)
                        raise NoAnswer(what, remote, timeout) from None
                    if now - noticed >= _NOTICE_EVERY:
                        noticed = now
                        self._say(f"{what}: no answer for {now - heard:.0f} s ...")
                    continue
                if data is None:
                    streams -= 1
                    continue
                heard = noticed = time.monotonic()
                (out if tag == "out" else err).append(data)
                if tag == "err":
                    for line in re.split(r"[\r\n]+", data.decode("utf-8", "replace")):
                        if line.strip():
                            self._say(line.strip())
            code = process.wait()
        except BaseException:
            self._stop(process, locks_before)
            # A Ctrl+C also stopped GitPython's long-running `git cat-file` helpers (they are
            # in the same process group): start them afresh for what comes after.
            self._repo.git.clear_cache()
            raise
        finally:
            for reader in readers:  # a helper git left behind may hold a pipe: do not wait
                reader.join(timeout=0.5)
        stdout = b"".join(out).decode("utf-8", "replace")
        if code != 0:
            stderr = b"".join(err).decode("utf-8", "replace")
            failure = _Failed(stderr)
            raise self._failure(what, failure, _git_says(failure))
        return stdout.rstrip("\n")

    def _stop(self, process: subprocess.Popen[bytes], locks_before: set[Path]) -> None:
        """Stop a git command and every helper it started (ssh, a remote helper), then remove
        the lock files it took that no process holds now: the repository as it was."""
        if process.poll() is None:
            try:
                import psutil  # noqa: PLC0415

                family = psutil.Process(process.pid).children(recursive=True)
            except (ImportError, Exception):  # noqa: BLE001 - gone already, or no psutil
                family = []
            for member in [*family]:
                with contextlib.suppress(Exception):
                    member.terminate()
            process.terminate()  # git removes its lock files when it is asked to stop
            try:
                process.wait(timeout=3)
            except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
                process.kill()
                with contextlib.suppress(Exception):
                    process.wait(timeout=3)
            for member in family:
                with contextlib.suppress(Exception):
                    member.kill()
        for lock in find_locks(self.root):
            if lock.path not in locks_before and lock.stale:
                with contextlib.suppress(GitError):
                    remove_stale_lock(lock)

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


def _changes(porcelain_z: str) -> list[str]:
    """The entries of `git status --porcelain -z`, less untracked temporary files."""
    entries = [entry for entry in porcelain_z.split("\0") if entry]
    return [
        entry
        for entry in entries
        if not (entry.startswith("?? ") and is_temp_file(entry[3:].rsplit("/", 1)[-1]))
    ]


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


class NoAnswer(GitError):
    """A git command that talks to a remote heard nothing for `timeout` seconds and was
    stopped; nothing was changed by it."""

    def __init__(self, what: str, remote: str, timeout: float) -> None:
        self.what, self.remote, self.timeout = what, remote, timeout
        super().__init__(
            f"{what}: no answer for {timeout:g} s, so scr stopped it and nothing was changed; "
            f"check the network and the remote's address (git remote get-url {remote}), or "
            "allow longer with SCR_SYNC_TIMEOUT=SECONDS or [sync] timeout in review.toml"
        )


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


# == Build provenance (used by scrtui.publish) ====================================================
# A build needs four facts about the repository. Plain `git` subprocesses give them without
# GitPython's start-up time, which would otherwise be a sixth of a small build.


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
    dirty = bool(_changes(run("status", "--porcelain", "-z", "--untracked-files=all")))
    tags = run("for-each-ref", "--count=1", "--format=%(refname)", "refs/tags/signoff/")
    return Snapshot(
        sha.strip(),
        datetime.fromtimestamp(int(when), tz=UTC),
        message.strip(),
        dirty,
        bool(tags.strip()),
    )


# == Lock files left by a stopped git command ====================================================
# git takes a lock by creating NAME.lock beside the file it changes (index, HEAD, a branch) and
# renames it into place when done. A git process that is killed leaves the lock behind, and
# every later command that needs that file fails until it is removed. Removing a lock that a
# running git still holds would let two commands write at once, so scr looks first.


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


def _git_dir(root: Path) -> Path:
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


def _lock_files(git_dir: Path) -> list[Path]:
    found: list[Path] = []
    with contextlib.suppress(OSError):
        found += sorted(p for p in git_dir.glob("*.lock") if p.is_file())
    refs = git_dir / "refs"
    with contextlib.suppress(OSError):
        found += sorted(p for p in refs.rglob("*.lock") if p.is_file())
    common = git_dir / "commondir"  # a worktree's branches live in the main repository
    if common.is_file():
        with contextlib.suppress(OSError):
            shared = (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
            found += [p for p in _lock_files(shared) if p not in found]
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
    git_dir = _git_dir(root)
    paths = _lock_files(git_dir)
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
