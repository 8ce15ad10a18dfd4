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

    # == Peer challenge and sync (used by scrtui.supervision) =================================
    # Added for `scr diff`, `scr signoff` and `scr sync`; the methods above keep their behaviour.

    def _run(self, what: str, *args: str, **kwargs) -> str:
        """Run one git command; a failure becomes a GitError naming what failed."""
        git = _git()
        try:
            return self._repo.git.execute(["git", *args], **kwargs)
        except git.GitCommandError as exc:
            raise GitError(f"{what} failed: {_git_says(exc)}") from exc

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
        return CommitInfo(c.hexsha, c.author.name or "", c.author.email or "",
                          datetime.fromtimestamp(c.authored_date, tz=UTC), c.message.strip())

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
            data = self._repo.git.show(f"{rev}:{path}", strip_newline_in_stdout=False,
                                       stdout_as_string=False)
        except git.GitCommandError:
            return None
        text = data.decode("utf-8", errors="replace")
        return text.removeprefix("\ufeff")

    def has_tracked_changes(self) -> bool:
        """Uncommitted changes to tracked files (untracked files do not count)."""
        return self._repo.is_dirty(untracked_files=False)

    def tags(self, prefix: str = "") -> list[TagInfo]:
        """Tags under refs/tags/<prefix>, each with the commit it names and who made it."""
        fmt = "%1e".join([
            "%(refname:strip=2)", "%(objectname)", "%(*objectname)", "%(taggername)",
            "%(taggeremail:trim)", "%(taggerdate:unix)", "%(creatordate:unix)", "%(contents)",
        ]) + "%1f"
        out = self._run("git for-each-ref", "for-each-ref", f"--format={fmt}",
                        f"refs/tags/{prefix}", strip_newline_in_stdout=False)
        found = []
        for record in out.split("\x1f"):
            parts = record.lstrip("\n").split("\x1e")
            if len(parts) != 8:
                continue
            name, obj, peeled, tagger, email, tag_time, created, message = parts
            when = int(tag_time or created or 0)
            found.append(TagInfo(name, peeled or obj, tagger, email,
                                 datetime.fromtimestamp(when, tz=UTC), message.strip()))
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
        self._run(f"git fetch from '{remote}'", "fetch", "--tags", "--prune", remote,
                  kill_after_timeout=NETWORK_TIMEOUT)

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
            raise GitError(f"git rebase failed: {_first_line(exc)}") from exc
        return []

    def _rebasing(self) -> bool:
        git_dir = Path(self._repo.git_dir)
        return (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()

    def push(self, remote: str, branch: str, set_upstream: bool = False) -> None:
        args = ["push", "--porcelain"] + (["--set-upstream"] if set_upstream else [])
        self._run(f"git push to '{remote}'", *args, remote, f"HEAD:refs/heads/{branch}",
                  kill_after_timeout=NETWORK_TIMEOUT)

    def push_tags(self, remote: str, names: list[str]) -> None:
        if names:
            refs = [f"refs/tags/{n}:refs/tags/{n}" for n in names]
            self._run(f"git push of tags to '{remote}'", "push", "--porcelain", remote, *refs,
                      kill_after_timeout=NETWORK_TIMEOUT)

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
        out = self._run(f"git ls-remote of '{remote}'", "ls-remote", "--tags", "--refs", remote,
                        f"refs/tags/{prefix}*", kill_after_timeout=NETWORK_TIMEOUT)
        return [line.split("refs/tags/", 1)[1] for line in out.splitlines() if "refs/tags/" in line]


def _first_line(exc: Exception) -> str:
    stderr = getattr(exc, "stderr", "") or ""
    text = stderr.strip().strip("'").strip() or str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text


# == Peer challenge and sync (used by scrtui.supervision) =====================================
NETWORK_TIMEOUT = 300  # seconds; a fetch or push that hangs longer is stopped


@dataclass(frozen=True)
class TagInfo:
    """A tag: its name, the commit it names, and (for an annotated tag) who made it, when, why."""

    name: str
    sha: str
    tagger: str
    email: str
    when: datetime
    message: str


def _git_says(exc: Exception) -> str:
    """git's own reason ("fatal: ...", "error: ..."), from GitPython's wrapped stderr."""
    stderr = (getattr(exc, "stderr", "") or "").strip()
    stderr = stderr.removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:", "! [")):
            return line
    return lines[-1] if lines else _first_line(exc)


# == Build provenance (used by scrtui.build) ====================================================
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
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=60)
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
    dirty = bool(run("status", "--porcelain", "--untracked-files=normal").strip())
    tags = run("for-each-ref", "--count=1", "--format=%(refname)", "refs/tags/signoff/")
    return Snapshot(sha.strip(), datetime.fromtimestamp(int(when), tz=UTC), message.strip(),
                    dirty, bool(tags.strip()))
