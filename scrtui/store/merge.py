"""Three-way merge of a file: the version read (base), the one on disk now, and the user's.

`git merge-file` does the merging, so the result is what git itself would make. Its three
inputs are written to temporary files inside the repository's git folder, never into the
review's working tree (where `git add -A` or a build could pick them up).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .giterror import GitError
from .gitrepo import _git
from .locking import git_dir

MINE, BASE, THEIRS = "yours", "as read", "on disk"
_MARKER = re.compile(r"^(?:<{7}|>{7})(?: |$)|^={7}$", re.MULTILINE)
_MAX_CONFLICTS = 127  # git merge-file's exit status counts conflicts up to here; above: error


@dataclass(frozen=True)
class Merged:
    """The merged text, and how many places both sides changed differently (0: clean)."""

    text: str
    conflicts: int

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


def has_markers(text: str) -> bool:
    """Whether a text still holds conflict markers (`<<<<<<<`, `=======`, `>>>>>>>` lines)."""
    return _MARKER.search(text) is not None


def merge_texts(root: Path, base: str, disk: str, mine: str) -> Merged:
    """Merge `mine` and `disk`, both changed from `base`, as `git merge-file -p` does.

    Where both changed the same lines differently the text holds the usual markers:
    `<<<<<<< yours`, then yours, `=======`, the disk's, `>>>>>>> on disk`.
    """
    git = _git()
    folder = git_dir(Path(root)) / "scr-merge"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GitError(f"cannot merge: {folder}: {exc.strerror or exc}") from exc
    paths: list[str] = []
    try:
        for name, text in (("mine", mine), ("base", base), ("disk", disk)):
            fd, path = tempfile.mkstemp(prefix=f"{name}.", suffix=".txt", dir=folder)
            paths.append(path)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        status, out, err = git.Git(str(root)).execute(
            ["git", "merge-file", "-p", "-L", MINE, "-L", BASE, "-L", THEIRS, *paths],
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
        )
    except OSError as exc:
        raise GitError(f"cannot merge: {exc.strerror or exc}") from exc
    finally:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)
    if status < 0 or status > _MAX_CONFLICTS:
        said = (
            err.decode("utf-8", "replace").strip().splitlines()
            if isinstance(err, bytes)
            else str(err).splitlines()
        )
        raise GitError(f"git merge-file failed: {said[0] if said else status}")
    return Merged(out.decode("utf-8"), status)
