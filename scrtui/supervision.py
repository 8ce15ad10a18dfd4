"""Peer challenge through git: what changed since a sign-off, challenges, sign-off and sync.

Headless: the CLI and the UI call these functions; each refusal is a `Refused` with one line
a supervisor can act on and the exit code it means. Challenges are files (so they travel with
pull and push), a sign-off is an annotated tag `signoff/<n>` on the reviewed commit, and sync
is fetch, rebase, push: on a conflict it aborts, so nothing local is ever lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomli
from tomlkit import TOMLDocument

from . import model as m
from .changes import FileChange, describe, sentence_diff, sentences
from .peer_record import (
    CHALLENGE_ID,
    CLOSED,
    OPEN,
    OPEN_LINE,
    RESOLVED_LINE,
    SIGNOFF,
    SignOff,
    id_label,
    signoffs,
)
from .store import gitrepo
from .store.documents import MarkdownFile
from .store.files import atomic_write
from .store.giterror import GitError
from .store.loader import NotAReview, load
from .store.markdown import headings, split_front_matter
from .store.network import NETWORK_TIMEOUT, NoAnswer
from .store.records import new_challenge
from .store.workspace import not_a_review

REFUSED, USAGE = 1, 2  # exit codes, as in DESIGN.md
_ORDER = (
    "review.toml",
    "purpose.md",
    "scope.toml",
    "sources/",
    "chronology/",
    "episodes/",
    "findings/",
    "markers/",
    "challenges/",
    "report/",
    "register.toml",
)


class Refused(Exception):
    """An expected refusal: one line, and the exit code it means (1 refused, 2 usage)."""

    def __init__(self, message: str, code: int = REFUSED) -> None:
        super().__init__(message)
        self.code = code


def _repository(root: Path, joining: bool = False) -> gitrepo.Repository:
    """The review's repository; refused (exit 2) when the folder is not a review, as every
    command refuses it. `joining`: a repository with no commit yet may hold no review, since
    `scr sync` is how it receives one."""
    reason = not_a_review(root)
    if reason is not None and not (joining and Path(root).is_dir()):
        raise Refused(reason, USAGE)
    try:
        repo = gitrepo.Repository(root)
    except GitError as exc:
        raise Refused(
            f"{exc}; scr diff, challenge, signoff and sync need the review's git repository", USAGE
        ) from exc
    if reason is not None and repo.has_commits:
        raise Refused(reason, USAGE)
    return repo


def _model(root: Path) -> m.ReviewModel:
    try:
        return load(root).model
    except NotAReview as exc:
        raise Refused(str(exc), USAGE) from exc


# == scr diff ===================================================================================
@dataclass
class DiffReport:
    """What changed between two commits, record by record."""

    base: str  # as the user or the default named it: "signoff/2", "the first commit", a rev
    base_sha: str
    target: str
    target_sha: str
    commits: int
    changes: list[FileChange]
    full: dict[str, list[str]] = field(default_factory=dict)  # path -> sentence diff lines
    base_signoff: SignOff | None = None

    def header(self) -> str:
        since = f"{self.base} ({self.base_sha[:8]}"
        if self.base_signoff is not None:
            signed = self.base_signoff
            since += f", signed off by {signed.by} on {signed.when:%Y-%m-%d}"
        since += ")"
        count = f"{self.commits} commit{'s' if self.commits != 1 else ''}"
        return f"Changes since {since} to {self.target} ({self.target_sha[:8]}), {count}:"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "from": {"rev": self.base, "commit": self.base_sha},
            "to": {"rev": self.target, "commit": self.target_sha},
            "commits": self.commits,
            "changes": [change.to_json() for change in self.changes],
        }
        if self.base_signoff is not None:
            data["from"]["signoff"] = self.base_signoff.to_json()
        if self.full:
            data["diff"] = self.full
        return data


def _file_order(path: str) -> tuple[int, str]:
    for index, start in enumerate(_ORDER):
        if path == start or (start.endswith("/") and path.startswith(start)):
            return index, path
    return len(_ORDER), path


def diff(
    root: Path, rev: str | None = None, to: str | None = None, full: bool = False
) -> DiffReport:
    """Summarise every changed record from `rev` (default: the last sign-off, else the first
    commit) to `to` (default: HEAD)."""
    repo = _repository(root)
    if not repo.has_commits:
        raise Refused("nothing to compare: the repository has no commits yet")
    signed = None
    if rev is None:
        all_signoffs = signoffs(repo)
        if all_signoffs:
            signed = all_signoffs[-1]
            base, base_sha = signed.name, signed.sha
        else:
            base, base_sha = "the first commit", repo.root_commit() or ""
    else:
        base, base_sha = rev, _resolve(repo, rev)
        signed = next((s for s in signoffs(repo) if s.name == rev), None)
    target = to or "HEAD"
    target_sha = _resolve(repo, target)
    changes: list[FileChange] = []
    texts: dict[str, list[str]] = {}
    for status, path in sorted(
        repo.changed_files(base_sha, target_sha), key=lambda item: _file_order(item[1])
    ):
        if Path(path).name.startswith("."):
            continue  # .gitkeep, .gitignore: not records
        old = None if status == "A" else repo.text_at(base_sha, path)
        new = None if status == "D" else repo.text_at(target_sha, path)
        changes.append(describe(path, old, new))
        if full:
            texts[path] = sentence_diff(old, new, path)
    commits = repo.count_commits(base_sha, target_sha)
    return DiffReport(base, base_sha, target, target_sha, commits, changes, texts, signed)


def _resolve(repo: gitrepo.Repository, rev: str) -> str:
    try:
        return repo.resolve(rev)
    except GitError as exc:
        raise Refused(f"{exc}; give a commit, a tag such as signoff/1, or a branch", USAGE) from exc


# == challenges ================================================================================
def _prepare(root: Path, joining: bool = False) -> tuple[gitrepo.Repository, str]:
    """The repository and the author's name; refused before anything is written."""
    repo = _repository(root, joining)
    name, _email = gitrepo.identity(root)
    return repo, name


def _as_sentences(text: str) -> str:
    """Prose as the workspace keeps it: one sentence per line, so diffs show sentences."""
    found = sentences(text)
    if not found:
        raise Refused("the text is empty; say what you want to write with --text", USAGE)
    return "\n".join(found)


def _challenge(root: Path, challenge_id: str) -> tuple[MarkdownFile, TOMLDocument]:
    """The challenge's file and its front matter (a file without one is refused)."""
    ident = challenge_id.strip().upper()
    rel = f"challenges/{ident}.md"
    if not CHALLENGE_ID.fullmatch(ident) or not (root / rel).is_file():
        known = sorted(p.stem for p in (root / "challenges").glob("CHL-*.md"))
        hint = f"; challenges: {', '.join(known)}" if known else "; there are no challenges yet"
        raise Refused(f"no challenge '{challenge_id}' in this review{hint}", USAGE)
    try:
        document = MarkdownFile.open(root, rel)
    except Exception as exc:  # DocumentError: unreadable file, bad front matter
        raise Refused(str(exc)) from exc
    if document.front is None:
        raise Refused(f"{rel}: missing TOML front matter; fix the file first")
    return document, document.front


def _status(front: TOMLDocument) -> str:
    return str(front.get("status", "open"))


def set_section(body: str, title: str, text: str, append: bool = False) -> str:
    """The body with the `## title` section's text replaced (or added to, or created)."""
    lines = body.split("\n")
    found = headings(body)
    index = next((i for i, h in enumerate(found) if h.level == 2 and h.title == title), None)
    if index is None:
        kept = body.rstrip("\n")
        return f"{kept}\n\n## {title}\n{text}\n" if kept else f"## {title}\n{text}\n"
    start = found[index].line  # 1-based heading line; its text starts on the next line
    later = [h.line for h in found[index + 1 :] if h.level <= 2]
    end = later[0] - 1 if later else len(lines)
    old = "\n".join(lines[start:end]).strip("\n")
    new = f"{old}\n\n{text}" if append and old.strip() else text
    tail = lines[end:]
    block = [*lines[:start], *new.split("\n")]
    if tail:
        block += ["", *tail]
    else:
        block.append("")
    return "\n".join(block)


@contextmanager
def _undone_on_failure(document: MarkdownFile) -> Iterator[None]:
    """Save and commit as one step: if the commit fails (a lock, a full disk, Ctrl+C), the
    file goes back to what it was (a new one is removed), so that a retry makes no
    duplicate and leaves nothing uncommitted behind."""
    path = document.path
    before = path.read_bytes() if path.exists() else None
    try:
        yield
    except BaseException:
        if before is None:
            path.unlink(missing_ok=True)
        elif path.exists() and path.read_bytes() != before:
            atomic_write(path, before.decode("utf-8"))
        raise


def add_challenge(root: Path, target: str, text: str) -> tuple[str, str | None]:
    """Raise a challenge against any record; (challenge id, commit sha)."""
    root = Path(root)
    repo, name = _prepare(root)
    review = _model(root)
    target = target.strip()
    known = review.known_ids()
    if target not in known:
        raise Refused(
            f"no record '{target}' in this review; a challenge targets a record id "
            "such as F-02, KPE-01, CH-0012 or SRC-003",
            USAGE,
        )
    document = new_challenge(root, review, target, name, _as_sentences(text), date.today())
    ident = Path(document.rel).stem
    with _undone_on_failure(document):
        document.save()
        sha = repo.commit(f"Challenge {ident} raised on {id_label(target)}", [document.rel])
    return ident, sha


def respond(root: Path, challenge_id: str, text: str) -> tuple[str, str | None]:
    """Write (or add to) the response to a challenge; its status becomes 'responded'."""
    root = Path(root)
    repo, _name = _prepare(root)
    document, front = _challenge(root, challenge_id)
    ident = Path(document.rel).stem
    status = _status(front)
    if status in CLOSED:
        raise Refused(f"{ident} is already {status}; raise a new challenge to reopen the matter")
    document.body = set_section(document.body, "Response", _as_sentences(text), append=True)
    front["status"] = "responded"
    with _undone_on_failure(document):
        document.save()
        return ident, repo.commit(f"Challenge {ident}: response written", [document.rel])


def resolve(
    root: Path, challenge_id: str, impasse: bool = False, text: str | None = None
) -> tuple[str, str | None]:
    """Close a challenge as resolved (or at impasse), recording who closed it and when."""
    root = Path(root)
    repo, name = _prepare(root)
    document, front = _challenge(root, challenge_id)
    ident = Path(document.rel).stem
    status = _status(front)
    if status in CLOSED:
        raise Refused(f"{ident} is already {status}")
    new_status = "impasse" if impasse else "resolved"
    front["status"] = new_status
    front["resolved_by"] = name
    front["resolved"] = date.today()
    if text:
        document.body = set_section(document.body, "Resolution", _as_sentences(text))
    verb = "closed at impasse" if impasse else "resolved"
    with _undone_on_failure(document):
        document.save()
        return ident, repo.commit(f"Challenge {ident} {verb}", [document.rel])


def challenges(root: Path, open_only: bool = False) -> list[m.Challenge]:
    found = sorted(_model(Path(root)).challenges, key=lambda c: c.id)
    return [c for c in found if c.status not in CLOSED] if open_only else found


def _status_in(text: str | None) -> str | None:
    """A challenge file's status, read from its text at some revision."""
    if text is None:
        return None
    split = split_front_matter(text)
    try:
        data = tomli.loads(split.front_matter or "")
    except tomli.TOMLDecodeError:
        return None
    status = data.get("status")
    return status if isinstance(status, str) else None


# == sign-off ==================================================================================
def _describe_challenge(challenge: m.Challenge) -> str:
    return f"{challenge.id} ({challenge.target}, {challenge.status})"


def signoff(root: Path, message: str | None = None, with_open: bool = False) -> SignOff:
    """Sign off HEAD as `signoff/<n>`; refused while challenges are open unless `with_open`."""
    root = Path(root)
    repo, name = _prepare(root)
    if not repo.has_commits:
        raise Refused("nothing to sign off: the repository has no commits yet")
    if repo.has_tracked_changes():
        raise Refused(
            "there are uncommitted changes; commit or discard them, then sign off what is committed"
        )
    review = _model(root)
    head = repo.head() or ""
    earlier = signoffs(repo)
    last = earlier[-1] if earlier else None
    if last is not None and last.sha == head:
        raise Refused(f"nothing to sign off: this commit is already signed off as {last.name}")
    still_open = [
        c for c in sorted(review.challenges, key=lambda c: c.id) if c.status not in CLOSED
    ]
    if still_open and not with_open:
        ids = ", ".join(c.id for c in still_open)
        count = len(still_open)
        them = "them" if count != 1 else "it"
        raise Refused(
            f"{count} challenge{'s are' if count != 1 else ' is'} still open ({ids}); "
            f"resolve {them}, or sign off with --with-open to record {them} as open"
        )
    since = last.sha if last else None
    resolved = []
    for challenge in sorted(review.challenges, key=lambda c: c.id):
        if challenge.status in CLOSED:
            before = _status_in(repo.text_at(since, challenge.origin.path)) if since else None
            if before not in CLOSED:
                resolved.append(challenge)
    number = (last.number if last else 0) + 1
    lines = [f"Sign-off {number}" + (f": {message.strip()}" if message and message.strip() else "")]
    since_name = last.name if last else "the start of the review"
    lines += [
        "",
        f"{RESOLVED_LINE} {since_name}: "
        + (", ".join(_describe_challenge(c) for c in resolved) or "none"),
    ]
    if still_open:
        lines.append(f"{OPEN_LINE} " + ", ".join(_describe_challenge(c) for c in still_open))
    lines.append(f"Signed off by {name}")
    tag = repo.create_tag(f"{SIGNOFF}{number}", "\n".join(lines) + "\n", head)
    return SignOff(
        number,
        tag.name,
        tag.sha,
        tag.tagger,
        tag.email,
        tag.when,
        tag.message,
        [c.id for c in resolved],
        [c.id for c in still_open],
    )


# == sync ======================================================================================
@dataclass
class SyncResult:
    remote: str
    branch: str
    pulled: int = 0  # commits received
    pushed: int = 0  # commits sent
    tags: list[str] = field(default_factory=list)  # sign-off tags sent
    received_tags: list[str] = field(default_factory=list)  # sign-off tags received
    conflicts: list[str] = field(default_factory=list)  # files both sides changed (then nothing)
    ahead: int = 0  # local commits kept unpushed after a conflict


def _choose_remote(repo: gitrepo.Repository, wanted: str | None) -> tuple[str, str | None]:
    """(remote, branch on the remote or None) for this sync."""
    remotes = repo.remotes()
    if not remotes:
        raise Refused(
            "no git remote is configured; add one with: git remote add origin URL "
            "(a bare repository on disk, ssh or https)"
        )
    upstream = repo.upstream()
    if wanted is not None:
        if wanted not in remotes:
            raise Refused(f"no remote '{wanted}'; remotes: {', '.join(remotes)}", USAGE)
        return wanted, upstream[1] if upstream and upstream[0] == wanted else None
    if upstream is not None:
        return upstream
    if "origin" in remotes:
        return "origin", None
    if len(remotes) == 1:
        return remotes[0], None
    raise Refused(f"several remotes ({', '.join(remotes)}); choose one with --remote NAME", USAGE)


SYNC_TIMEOUT_ENV = "SCR_SYNC_TIMEOUT"
INTERRUPTED = 130  # the exit code of a command stopped by Ctrl+C


def sync_timeout(root: Path) -> float:
    """Seconds a remote may stay silent before sync gives up: SCR_SYNC_TIMEOUT, else
    `[sync] timeout` in review.toml, else 30."""
    value = os.environ.get(SYNC_TIMEOUT_ENV, "").strip()
    where = SYNC_TIMEOUT_ENV
    if not value:
        where = "review.toml [sync] timeout"
        try:
            data = tomli.loads((Path(root) / "review.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            data = {}  # scr check reports a broken review.toml; sync still works
        table = data.get("sync")
        configured = table.get("timeout") if isinstance(table, dict) else None
        if configured is None:
            return NETWORK_TIMEOUT
        value = str(configured) if not isinstance(configured, bool) else "?"
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise Refused(f"{where} is {value!r}; it must be a number of seconds above 0", USAGE)
    return seconds


def sync(
    root: Path,
    remote: str | None = None,
    attempts: int = 3,
    progress: Callable[[str], None] | None = None,
) -> SyncResult:
    """Fetch, replay local commits on top of the remote's, push, and push sign-off tags.

    When both sides changed the same lines, the rebase is aborted: the branch, the working
    tree and every local commit stay exactly as they were, and the files are named. A remote
    that stays silent for `sync_timeout` seconds, or a Ctrl+C, stops the sync with the branch
    put back where it was (`Refused`, exit 1 or 130). `progress` hears each step.
    """
    root = Path(root)
    repo, _name = _prepare(root, joining=True)
    repo.network_timeout = sync_timeout(root)
    repo.progress = progress
    started = repo.head()
    try:
        return _sync(repo, remote, attempts)
    except (KeyboardInterrupt, NoAnswer) as exc:
        if started is not None and repo.head() != started:
            repo.reset_branch(started)  # the replayed commits, back as they were
        if isinstance(exc, KeyboardInterrupt):
            raise Refused("sync interrupted: nothing was changed", INTERRUPTED) from exc
        raise Refused(f"sync stopped: {exc}") from exc


def _sync(repo: gitrepo.Repository, remote: str | None, attempts: int) -> SyncResult:
    branch = repo.current_branch()
    if branch is None:
        raise Refused("HEAD is detached; check out the review's branch (git switch main) first")
    remote, remote_branch = _choose_remote(repo, remote)
    remote_branch = remote_branch or branch
    if repo.has_tracked_changes():
        raise Refused("there are uncommitted changes; commit or discard them, then sync")
    tracking = f"refs/remotes/{remote}/{remote_branch}"
    result = SyncResult(remote, remote_branch)
    had = {s.name for s in signoffs(repo)}
    for attempt in range(attempts):
        repo.fetch(remote)
        theirs = repo.branch_sha(tracking)
        if theirs is not None:
            if not repo.has_commits:  # a new clone or `git init`: take the remote's history
                repo.fast_forward(theirs)
                result.pulled += repo.count_commits_all()
            elif not repo.is_ancestor(theirs, "HEAD"):
                incoming = repo.count_commits("HEAD", theirs)
                conflicts = repo.rebase(theirs)
                if conflicts:
                    result.conflicts = conflicts
                    result.ahead = repo.count_commits(theirs, "HEAD")
                    return result
                result.pulled += incoming
        if not repo.has_commits:
            return result
        ahead = repo.count_commits(theirs, "HEAD") if theirs else repo.count_commits_all()
        if ahead:
            try:
                repo.push(remote, remote_branch, set_upstream=repo.upstream() is None)
            except GitError:
                if attempt + 1 < attempts:
                    continue  # someone pushed in between: fetch and replay again
                raise
            result.pushed = ahead
        elif repo.upstream() is None and theirs is not None:
            repo.set_upstream(remote, remote_branch)
        break
    on_remote = set(repo.remote_tags(remote, SIGNOFF))
    local = [s.name for s in signoffs(repo)]
    result.received_tags = [name for name in local if name not in had]
    result.tags = [name for name in local if name not in on_remote]
    repo.push_tags(remote, result.tags)
    return result


__all__ = [
    "CLOSED",
    "OPEN",
    "DiffReport",
    "Refused",
    "SignOff",
    "SyncResult",
    "add_challenge",
    "challenges",
    "diff",
    "id_label",
    "resolve",
    "respond",
    "set_section",
    "signoff",
    "signoffs",
    "sync",
]
