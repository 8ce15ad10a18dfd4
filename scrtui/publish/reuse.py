"""A build again with nothing changed: the last build's files, read back and scanned again.

A reviewer builds from the Build part many times a day, often with nothing changed since the
last build (to look at the draft, after a sync that brought nothing, after allowing nothing new).
When the review's files, its commit, its sign-offs, scr itself and what was asked for (target,
formats, output folder, fixed build time) are exactly as they were for the last build of this
target, the files that build wrote are still its answer: they are kept, not rendered again.

The publication gate is never skipped: every kept publication file is checked against the
checksum the last build recorded, read back from disk and scanned for registered identifiers
with the register as it is now, as a build does. Anything that does not hold (a file changed or
missing, a survivor found, a record that does not read) means a whole build, which decides
afresh. The record lives in the output folder's `.cache/` (git-ignored with build/, never
published); deleting it only costs the next build its shortcut.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, fields
from functools import partial
from pathlib import Path
from typing import Any

from .. import __version__
from ..current_day import today
from ..digest import PartsDigest
from .confidential import DroppedLink, Flagged
from .content_cache import CACHE, code_state
from .gate import Candidate
from .result import BuildResult
from .targets import Target

FORMAT = 1  # of the record; a record of another format is not read


def record_path(out: Path, target: Target) -> Path:
    return out / CACHE / f"last-{target.id}.json"


def fingerprint(
    root: Path, out: Path, target: Target, formats: tuple[str, ...], readability: bool
) -> str | None:
    """What decides the build's files, as one digest; None when it cannot be known (no git,
    no commit yet, git failing), and then nothing is reused."""
    git = _git_state(root)
    if git is None:
        return None
    digest = PartsDigest()
    add = digest.add
    add(FORMAT, __version__, sys.version, target.id, ",".join(formats), readability)
    # The day too: `scr check` (whose problems the draft counts) reads overdue actions by it.
    add(os.path.abspath(out), today().isoformat(), git)
    add(sorted((k, v) for k, v in os.environ.items() if k.startswith("SCR_")))
    add(code_state())
    for rel, data in _workspace_files(root, out):
        add(rel, data)
    return digest.hexdigest()


def _git_state(root: Path) -> str | None:
    """HEAD, every ref (the sign-off tags among them) and the working tree's changes."""
    try:
        refs = subprocess.run(
            ["git", "show-ref", "--head"], cwd=root, capture_output=True, timeout=30
        )
        status = subprocess.run(
            ["git", "status", "--porcelain", "-z", "--untracked-files=all"],
            cwd=root,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if refs.returncode != 0 or status.returncode != 0 or b" HEAD\n" not in refs.stdout:
        return None
    return (refs.stdout + b"\0" + status.stdout).decode("utf-8", "surrogateescape")


def _workspace_files(root: Path, out: Path) -> list[tuple[str, bytes]]:
    """Every file of the review (not .git, not the output folder, not build/) and its bytes."""
    root = root.resolve()
    skip = {os.path.join(str(root), ".git"), os.path.join(str(root), "build"), str(out.resolve())}
    found: list[tuple[str, bytes]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if os.path.join(folder, d) not in skip)
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as exc:  # unreadable now: it reads differently from last time
                data = f"unreadable: {exc}".encode()
            found.append((os.path.relpath(path, root), data))
    return found


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def remember(out: Path, target: Target, key: str, result: Any, confidential: list[Path]) -> None:
    """After a build that kept its publication files: what it wrote and what it decided."""
    from ..store.files import atomic_write  # noqa: PLC0415

    files = {}
    for path in [*result.publication, *confidential]:
        sha = _sha256(path)
        if sha is None:
            return
        files[os.path.relpath(path, out)] = sha
    record = {
        "format": FORMAT,
        "fingerprint": key,
        "status": result.status,
        "reasons": result.reasons,
        "problems": result.problems,
        "missing": result.missing,
        "manifest": result.manifest,
        "publication": [os.path.relpath(p, out) for p in result.publication],
        "residual_report": _relative(result.residual_report, out),
        "readability_report": _relative(result.readability_report, out),
        "files": files,
        "candidates": [asdict(c) for c in result.candidates],
        "flagged": [asdict(f) for f in result.flagged],
        "dropped_links": [asdict(d) for d in result.dropped_links],
    }
    path = record_path(out, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")


def forget(out: Path, target: Target) -> None:
    """Before a build writes anything: its last record no longer describes the files."""
    record_path(out, target).unlink(missing_ok=True)


def _relative(path: Path | None, out: Path) -> str | None:
    return None if path is None else os.path.relpath(path, out)


def last_build(out: Path, target: Target, key: str) -> dict[str, Any] | None:
    """The last build's record, when it was made for this very fingerprint and every file it
    lists is on disk as it wrote it; else None."""
    try:
        record = json.loads(record_path(out, target).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    if record.get("fingerprint") != key or not record.get("publication"):
        return None
    files = record.get("files")
    if not isinstance(files, dict):
        return None
    for rel, sha in files.items():
        if _sha256(out / rel) != sha:
            return None
    return record


def _rows(cls: type, items: Any) -> list[Any]:
    names = {f.name for f in fields(cls)}
    rows = []
    for item in items or []:
        values = {k: v for k, v in item.items() if k in names}
        if "entry_ids" in values:
            values["entry_ids"] = tuple(values["entry_ids"])
        rows.append(cls(**values))
    return rows


def candidates(record: dict[str, Any]) -> list[Candidate]:
    return _rows(Candidate, record.get("candidates"))


def flagged(record: dict[str, Any]) -> list[Flagged]:
    return _rows(Flagged, record.get("flagged"))


def dropped_links(record: dict[str, Any]) -> list[DroppedLink]:
    return _rows(DroppedLink, record.get("dropped_links"))


def kept(root: Path, out: Path, target: Target, key: str) -> BuildResult | None:
    """The last build's result, when nothing has changed since it and its publication files,
    read back from disk, still hold no registered identifier; else None (build afresh)."""
    from .gate import scan_files  # noqa: PLC0415

    started = time.perf_counter()
    record = last_build(out, target, key)
    if record is None:
        return None
    from ..store.loader import NotAReview, load  # noqa: PLC0415
    from .content_cache import survivor_search  # noqa: PLC0415

    try:
        register = load(root, only=("register.toml",)).model.register
    except NotAReview:
        return None
    if register is None:
        return None
    publication = [out / rel for rel in record["publication"]]
    # The Word file, the slowest to read back, in a helper while this process reads the rest.
    slow = [p for p in publication if p.suffix in (".docx", ".pdf")]
    rest = [p for p in publication if p not in slow]
    from .answers import answers, scanned  # noqa: PLC0415
    from .background import Worker  # noqa: PLC0415

    with Worker(partial(answers, register, None, out)) as helper:
        asked = [helper.ask(("scan", [path])) for path in slow]
        found, unreadable = scan_files(survivor_search(register, out), rest)
        for scan in asked:
            more_found, more_unreadable = scanned(scan)
            found += more_found
            unreadable += more_unreadable
    if found or unreadable:
        return None  # a whole build decides, and blocks
    result = BuildResult(
        record["status"],
        list(record["reasons"]),
        out,
        publication=publication,
        residual_report=_path(out, record.get("residual_report")),
        manifest=record.get("manifest"),
        candidates=candidates(record),
        flagged=flagged(record),
        dropped_links=dropped_links(record),
        problems=int(record.get("problems") or 0),
        target=target,
        missing=list(record.get("missing") or []),
        readability_report=_path(out, record.get("readability_report")),
        reused=True,
    )
    result.timings["kept: checked and scanned"] = time.perf_counter() - started
    return result


def _path(out: Path, rel: str | None) -> Path | None:
    return None if rel is None else out / rel
