"""Where a piece of the anonymised draft came from: its chunk, file, line and column.

The anonymiser changes lengths (a name becomes a label), so an offset in the anonymised text
is mapped back through its replacements to the assembled text, then to the chunk that holds
it, then to the line and column of the same words in the reviewer's file.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import location
from .draft import Chunk

if TYPE_CHECKING:
    from ..anonymise import Replacement


class OffsetMap:
    """Offsets in the anonymised text -> offsets in the text before anonymisation."""

    def __init__(self, replacements: Iterable[Replacement]) -> None:
        self._out_starts: list[int] = []
        self._out_ends: list[int] = []
        self._raw_starts: list[int] = []
        self._raw_ends: list[int] = []
        self._after: list[int] = []  # how much longer the output is after each replacement
        delta = 0
        for item in replacements:
            start = item.start + delta
            self._out_starts.append(start)
            self._out_ends.append(start + len(item.replacement))
            self._raw_starts.append(item.start)
            self._raw_ends.append(item.end)
            delta += len(item.replacement) - (item.end - item.start)
            self._after.append(delta)

    def out(self, offset: int) -> int:
        """Offsets in the text before anonymisation -> offsets in the anonymised text."""
        index = bisect.bisect_right(self._raw_starts, offset) - 1
        if index < 0:
            return offset
        if offset < self._raw_ends[index]:
            return self._out_starts[index]  # inside a name: where its label starts
        return offset + self._after[index]

    def raw(self, offset: int) -> int:
        index = bisect.bisect_right(self._out_starts, offset) - 1
        if index < 0:
            return offset
        if offset < self._out_ends[index]:
            return self._raw_starts[index]  # inside a label: where the name stood
        return offset - self._after[index]


class Lines:
    """Line and column (1-based) <-> offset, for one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def offset(self, line: int, col: int) -> int:
        line = max(1, min(line, len(self.starts)))
        return self.starts[line - 1] + max(col - 1, 0)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


@dataclass(frozen=True)
class Place:
    chunk: Chunk | None
    line: int | None
    col: int | None

    def where(self) -> str:
        if self.chunk is None or not self.chunk.source:
            return "scr's own words"
        return location(self.chunk.source, self.line, self.col)


class Locator:
    """Finds the chunk of an offset in the assembled text, and the words in their file."""

    def __init__(self, root: Path, chunks: list[Chunk]) -> None:
        self.root = Path(root)
        self.chunks = chunks
        self.starts: list[int] = []
        at = 0
        for chunk in chunks:
            self.starts.append(at)
            at += len(chunk.text)
        self.end = at
        self._files: dict[str, list[str] | None] = {}

    def chunk_at(self, offset: int) -> tuple[int, Chunk | None]:
        index = bisect.bisect_right(self.starts, offset) - 1
        if index < 0 or index >= len(self.chunks):
            return -1, None
        return index, self.chunks[index]

    def _lines(self, rel: str) -> list[str] | None:
        if rel not in self._files:
            path = self.root / rel
            try:
                text = path.read_text(encoding="utf-8") if path.is_file() else None
            except (OSError, UnicodeDecodeError):
                text = None
            self._files[rel] = text.split("\n") if text is not None else None
        return self._files[rel]

    def place(self, raw_offset: int, words: str) -> Place:
        """Where the words at `raw_offset` of the assembled text stand in the reviewer's file."""
        index, chunk = self.chunk_at(raw_offset)
        if chunk is None or not chunk.source or chunk.line is None:
            return Place(chunk, None, None)
        inside = raw_offset - self.starts[index]
        needle = words.split("\n", 1)[0].strip()
        lines = self._lines(chunk.source)
        if needle and lines is not None:
            nth = chunk.text.count(needle, 0, inside)
            seen = 0
            for number in range(max(chunk.line, 1), len(lines) + 1):
                line = lines[number - 1]
                col = line.find(needle)
                while col >= 0:
                    if seen == nth:
                        return Place(chunk, number, col + 1)
                    seen += 1
                    col = line.find(needle, col + 1)
        # Not found as written (a wrapped phrase): the line within the chunk, without a column.
        return Place(chunk, chunk.line + chunk.text.count("\n", 0, inside), None)
