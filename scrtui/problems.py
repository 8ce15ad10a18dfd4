"""Problems are values: validators collect them and keep going; the CLI and the UI present them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


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
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
