"""Unsaved edits kept when scr stops unexpectedly, and offered back on the next open.

A crash, a lost SSH connection or a kill must not take a reviewer's paragraph with it. Before
the UI goes down it hands its unsaved buffers here; they are written under
`.git/scr-recovered/` (inside the repository's git folder: never in the working tree, never
committed, never published) with the text each edit started from, so that a restore that meets
a file changed since is treated as the conflict it is, not written over it.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .files import atomic_write
from .locking import git_dir

MANIFEST = "unsaved.json"
ERRORS = "errors.log"


@dataclass(frozen=True)
class Buffer:
    """One unsaved file: the text it was read as ('' for a new file) and the text edited."""

    rel: str
    read: str
    text: str
    new: bool = False


@dataclass
class RecoveredSet:
    """The unsaved files of one session that ended without saving them."""

    folder: Path
    saved_at: str
    buffers: list[Buffer] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # invalid field text, described
    reason: str = ""

    @property
    def rels(self) -> list[str]:
        return [buffer.rel for buffer in self.buffers]


def recovery_folder(root: Path) -> Path:
    """`scr-recovered/` in the repository's git folder (`.git`, or a worktree's own)."""
    return git_dir(Path(root)) / "scr-recovered"


def keep_unsaved(
    root: Path, buffers: list[Buffer], reason: str, typed: list[str] | None = None
) -> Path | None:
    """Write the buffers to a new set under .git/scr-recovered/; its folder (None if nothing).

    Each file is written atomically and the manifest last, so a set that is listed is whole.
    """
    if not buffers and not typed:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = recovery_folder(root) / f"unsaved-{stamp}"
    entries = []
    for index, buffer in enumerate(buffers):
        name = f"{index:03d}"
        atomic_write(folder / f"{name}.read", buffer.read)
        atomic_write(folder / f"{name}.edited", buffer.text)
        entries.append({"rel": buffer.rel, "file": name, "new": buffer.new})
    manifest = {
        "saved_at": datetime.now().isoformat(timespec="seconds"),
        "reason": reason,
        "files": entries,
        "typed": list(typed or []),
        "state": "pending",
    }
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return folder


def pending(root: Path) -> list[RecoveredSet]:
    """Sets not yet restored or declined, oldest first; a set that cannot be read is skipped
    (it stays on disk for a person to look at)."""
    found: list[RecoveredSet] = []
    base = recovery_folder(root)
    if not base.is_dir():
        return found
    for folder in sorted(base.glob("unsaved-*")):
        manifest = _manifest(folder)
        if manifest is None or manifest.get("state") != "pending":
            continue
        try:
            buffers = [
                Buffer(
                    entry["rel"],
                    (folder / f"{entry['file']}.read").read_text("utf-8"),
                    (folder / f"{entry['file']}.edited").read_text("utf-8"),
                    bool(entry.get("new")),
                )
                for entry in manifest.get("files", [])
            ]
        except (OSError, KeyError, TypeError, UnicodeDecodeError):
            continue
        found.append(
            RecoveredSet(
                folder,
                str(manifest.get("saved_at", "")),
                buffers,
                [str(t) for t in manifest.get("typed", [])],
                str(manifest.get("reason", "")),
            )
        )
    return found


def settle(recovered: RecoveredSet, state: str) -> None:
    """Mark a set restored or declined: it is not offered again, and its files stay."""
    manifest = _manifest(recovered.folder) or {}
    manifest["state"] = state
    manifest["settled_at"] = datetime.now().isoformat(timespec="seconds")
    atomic_write(recovered.folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")


def _manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def describe_error(error: BaseException) -> str:
    """A traceback with files, lines and code only: never the values of local variables,
    which hold the register's real names."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def log_error(root: Path, what: str, error: BaseException) -> Path:
    """Append a failure to .git/scr-recovered/errors.log; the log's path."""
    target = recovery_folder(root) / ERRORS
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().isoformat(timespec="seconds")
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"--- {stamp}: {what}\n{describe_error(error)}\n")
    return target
