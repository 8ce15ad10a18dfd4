"""Problems are values: validators collect them and keep going; the CLI and the UI present them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


def location(path: str, line: int | None = None, col: int | None = None) -> str:
    """`path:line:col`, or as much of it as is known: how every place in a file is written, in
    problems, residual candidates and flagged words alike (editors jump to it)."""
    if line is None:
        return path
    return f"{path}:{line}" if col is None else f"{path}:{line}:{col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the workspace, located as precisely as the parser allows.

    `path` is relative to the review root (posix form). `line` and `col` are 1-based and are
    None unless a parser (or the exact text of the file) gave them; they are never guessed.
    """

    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.col)}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
