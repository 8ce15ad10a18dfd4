"""The draft's pieces: chunks of Markdown that know where they came from, and the placeholders.

The assemblers of the report, the rapid review and the briefing, and the audit trail they
append, all write into a `Draft`; the build fills the placeholders in after anonymisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from .. import model as m
from ..store.markdown import headings
from . import mdtext

if TYPE_CHECKING:
    from .timeline_rows import Timeline

# Placeholders, filled in after anonymisation. Private-use characters and digits: nothing in
# them can match a name.
STAMP = "\ue0001\ue000"
CONTENTS = "\ue0002\ue000"
BUILT_AT = "\ue0003\ue000"
CONTENT_HASH = "\ue0004\ue000"
PROVENANCE_HEADING = "### Provenance {#provenance}"


class Chunk:
    """Markdown text and where it came from.

    `user` marks the reviewer's words (or anything read from the review's files or its git
    history): the residual detector's candidates in them are reported. scr's own words carry
    no `source`.

    The line of a value read from a TOML key, or of a section's text, is worked out only when
    asked (`Chunk.later`): finding a key's line costs a scan of its file, and a build asks for
    the lines of the few chunks that hold a residual candidate, not of the thousands of values
    in a long review. Read-only by convention; compared by value, like the dataclass it was.
    """

    __slots__ = ("text", "source", "user", "_line", "_find_line")

    def __init__(
        self, text: str, source: str = "", line: int | None = None, user: bool = False
    ) -> None:
        self.text = text
        self.source = source
        self.user = user
        self._line = line
        self._find_line: Callable[[], int | None] | None = None

    @classmethod
    def later(cls, text: str, source: str, find_line: Callable[[], int | None]) -> Chunk:
        """The reviewer's words from `source`, whose line `find_line()` gives when first asked."""
        chunk = cls(text, source, None, True)
        chunk._find_line = find_line
        return chunk

    @property
    def line(self) -> int | None:
        if self._find_line is not None:
            self._line = self._find_line()
            self._find_line = None
        return self._line

    def _fields(self) -> tuple[str, str, int | None, bool]:
        return (self.text, self.source, self.line, self.user)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Chunk(text={self.text!r}, source={self.source!r}, line={self.line!r}, "
            f"user={self.user!r})"
        )


def _key_line(origin: m.Origin, key: str | None) -> int | None:
    """The line of a TOML key of a record, else of the record."""
    line = origin.at(key)[0] if key is not None else origin.line
    return line if line is not None else origin.line


@dataclass
class Draft:
    """The chunks, and what the build needs to know about them.

    scr's own words between two pieces of the reviewer's share one chunk (a long review has
    tens of thousands of them): `close` when done. A piece that is not ASCII starts a chunk,
    so each chunk still normalises (NFC) to its pieces normalised one by one: no ASCII
    character combines with the one before it.
    """

    chunks: list[Chunk] = field(default_factory=list)
    title: str = ""
    missing: list[str] = field(default_factory=list)  # parts a document must have, not written
    timeline: Timeline | None = None  # its month rows, when the draft has a timeline
    _words: list[str] = field(default_factory=list, repr=False)  # scr's, not yet in a chunk

    def tool(self, text: str) -> None:
        if text:
            if not text.isascii():
                self._flush()
            self._words.append(text)

    def user(self, text: str, source: str, line: int | None) -> None:
        if text:
            self._flush()
            self.chunks.append(Chunk(text, source, line, True))

    def later(self, text: str, source: str, find_line: Callable[[], int | None]) -> None:
        """The reviewer's words, whose line is worked out only if asked (see Chunk)."""
        if text:
            self._flush()
            self.chunks.append(Chunk.later(text, source, find_line))

    def close(self) -> Draft:
        self._flush()
        return self

    def _flush(self) -> None:
        if self._words:
            self.chunks.append(Chunk("".join(self._words)))
            self._words.clear()

    def field(
        self, text: str, origin: m.Origin, key: str | None = None, one_line: bool = False
    ) -> None:
        """A value read from a TOML key (or a record), kept on one line where asked."""
        text = mdtext.one_line(text) if one_line else text.strip()
        self.later(text, origin.path, partial(_key_line, origin, key))

    def cell(self, text: str, origin: m.Origin, key: str | None = None) -> None:
        self.later(mdtext.cell(text), origin.path, partial(_key_line, origin, key))

    def agency_cell(self, agency: m.Agency | None) -> bool:
        """An agency's name from scope.toml as a table cell; False, writing nothing, when it
        has none (the caller writes what stands for it instead)."""
        if agency is None or not agency.name.strip():
            return False
        self.cell(agency.name, agency.origin, "name")
        return True


def section_line(body: str, body_line: int, section: m.Section) -> int:
    """The file line where a section's text starts (the first non-blank line after its heading)."""
    lines = body.split("\n")
    index = section.line - body_line + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return body_line + index


def preamble(body: str, body_line: int) -> tuple[str, int]:
    """Text between a record's `# Title` and its first `## ` section, with its first line."""
    lines = body.split("\n")
    found = headings(body, body_line)
    title = next((h for h in found if h.level == 1), None)
    start = title.line - body_line + 1 if title else 0
    later = [h for h in found if h.level >= 2 and (title is None or h.line > title.line)]
    end = later[0].line - body_line if later else len(lines)
    while start < end and not lines[start].strip():
        start += 1
    return "\n".join(lines[start:end]).strip(), body_line + start
