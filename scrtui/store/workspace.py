"""What makes a folder a review, and what of it scr will read.

Small and quick to import: the CLI asks `not_a_review` before a UI starts, and every command
asks it so that all of them give the same verdict on the same folder. The loader asks
`refusal` of every file before reading it: a file that is a link leaving the review, or one
too large to be a review's text, is reported and never read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# A review's files are prose and records written by people: the longest real report is a few
# hundred kilobytes. A larger file is a mistake (an export pasted in, a log), and reading it
# would make `scr check` and `scr build` slow and memory-hungry, so it is refused.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILE_TEXT = "2 MiB"
# An agency's chronology is written by `scr import chronology` from the agency's spreadsheet,
# not by hand: a long one (20,000 rows) is several megabytes of records and is read all the same.
MAX_CHRONOLOGY_BYTES = 16 * 1024 * 1024
MAX_CHRONOLOGY_TEXT = "16 MiB"


def size_limit(rel: str) -> tuple[int, str]:
    """The largest file scr reads at `rel` (bytes, and as said to a user)."""
    if rel.startswith("chronology/"):
        return MAX_CHRONOLOGY_BYTES, MAX_CHRONOLOGY_TEXT
    return MAX_FILE_BYTES, MAX_FILE_TEXT


# The temporary file of an atomic write (`store.files.atomic_write`): `.NAME.<pid>.<random>.tmp`,
# or `.NAME.<random>.tmp` from scr 0.1. Never part of the review.
TEMP_FILE = re.compile(r"\..+\.[A-Za-z0-9_]+\.tmp")
TEMP_GLOB = ".*.tmp"

# What `scr init` and `scr demo` write to the review's .gitignore.
GITIGNORE = (
    "# scr's outputs: the publication draft and the confidential residual-risk report\n"
    "build/\n"
    "# an interrupted save's temporary files\n"
    f"{TEMP_GLOB}\n"
)


def not_a_review(path: Path | str) -> str | None:
    """Why the folder at `path` is not a review (one line), or None when it is one."""
    path = Path(path)
    if not path.exists():
        return f"{path}: no such folder"
    if not path.is_dir():
        return f"{path}: not a folder"
    review = path / "review.toml"
    if not os.path.lexists(review):
        return f"{path}: not a review (no review.toml)"
    if review.is_dir():
        return f"{path}: not a review (review.toml is a folder, not a file)"
    if not review.is_file():
        return f"{path}: not a review (review.toml is not a readable file)"
    return None


def is_temp_file(name: str) -> bool:
    """Whether a file name is an atomic write's temporary file."""
    return TEMP_FILE.fullmatch(name) is not None


def leaves(root: Path, path: Path) -> bool:
    """Whether `path` (a file or folder of the review at `root`) is, or goes through, a
    symbolic link that ends outside the review."""
    try:
        real = Path(os.path.realpath(path))
        base = Path(os.path.realpath(root))
    except (OSError, ValueError):
        return True
    return real != base and base not in real.parents


def refusal(root: Path, rel: str) -> str | None:
    """Why scr will not read the review's file `rel` (the problem's message), or None."""
    path = Path(root) / rel
    if leaves(root, path):
        target = os.path.realpath(path)
        return (
            f"is a link to {target}, outside the review; scr reads only files inside "
            "the review (copy the file in, or remove the link)"
        )
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it will say what is wrong
    limit, limit_text = size_limit(rel)
    if size > limit and path.is_file():
        return (
            f"is {size / (1024 * 1024):.1f} MiB; scr reads files of up to {limit_text} "
            "(split it into several files, or move material that is not the review's "
            "own text out of the review)"
        )
    return None


def inside(root: Path, path: Path) -> bool:
    """Whether `path` (which need not exist yet) is the review's folder or inside it, links
    followed."""
    base = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    return real == base or base in real.parents
