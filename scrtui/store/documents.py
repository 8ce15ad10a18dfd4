"""Editable workspace files: tomlkit documents that keep comments, order and every byte.

The UI edits these; a save writes only when the text changed, and never over a file that
changed on disk since it was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.toml_document import TOMLDocument

from ..problems import Problem
from .files import atomic_write, decode_text, read_text_and_bytes
from .markdown import SplitMarkdown, join_front_matter, split_front_matter

_BARE_LF = re.compile(r"(?<!\r)\n")


class DocumentError(Exception):
    """A file could not be opened for editing; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


CHANGED, REMOVED, UNREADABLE = "changed", "removed", "unreadable"
_SAYS = {
    CHANGED: "changed on disk since it was read",
    REMOVED: "was removed on disk since it was read",
    UNREADABLE: "cannot be read on disk any more",
}


class ChangedOnDisk(Exception):
    """The file changed, vanished or became unreadable on disk since it was read; saving
    would lose someone's work (or silently re-create what someone removed)."""

    def __init__(self, rel: str, disk_text: str | None, kind: str = CHANGED) -> None:
        super().__init__(f"{rel}: {_SAYS[kind]}")
        self.rel = rel
        self.disk_text = disk_text
        self.kind = kind


@dataclass(frozen=True)
class DiskState:
    """What is on disk now at a document's path: its bytes, or why there are none."""

    data: bytes | None
    missing: bool = False
    error: str | None = None  # why the bytes could not be read

    @property
    def text(self) -> str | None:
        """The file's text exactly as stored (line endings kept, a BOM dropped), or None."""
        return None if self.data is None else decode_text(self.data, "")[0]


def disk_state(path: Path) -> DiskState:
    try:
        with open(path, "rb") as handle:
            return DiskState(handle.read())
    except FileNotFoundError:
        return DiskState(None, missing=True)
    except IsADirectoryError:
        return DiskState(None, error="is a folder")
    except OSError as exc:
        return DiskState(None, error=exc.strerror or str(exc))


def parse_document(text: str, rel: str, first_line: int = 1) -> TOMLDocument:
    try:
        return tomlkit.parse(text)
    except ParseError as exc:
        message = str(exc).rsplit(" at line ", 1)[0]
        raise DocumentError(
            Problem(rel, exc.line + first_line - 1, exc.col, f"TOML syntax error: {message}")
        ) from exc


@dataclass
class _Tracked:
    root: Path
    rel: str
    original: str = field(repr=False)  # the text as last read or written
    # the exact bytes as last read or written; None for a document never on disk
    stored: bytes | None = field(default=None, repr=False, kw_only=True)

    @property
    def path(self) -> Path:
        return self.root / self.rel

    def render(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _line_endings(self, text: str) -> str:
        """Keep a CRLF file CRLF: lines that tomlkit or an edit added come with a bare LF."""
        if "\r\n" in self.original and "\n" not in self.original.replace("\r\n", ""):
            return _BARE_LF.sub("\r\n", text)
        return text

    @property
    def dirty(self) -> bool:
        return self.render() != self.original

    def disk_text(self) -> str | None:
        """The text on disk now (line endings as stored), or None if there is none to read."""
        return disk_state(self.path).text

    def disk_change(self, state: DiskState | None = None) -> str | None:
        """How the file on disk differs from what was read: None (it does not), CHANGED,
        REMOVED or UNREADABLE. Byte for byte, so CRLF files and BOMs are not a change."""
        state = state or disk_state(self.path)
        if self.stored is None:  # never on disk: only a file that appeared meanwhile counts
            return None if state.missing else CHANGED
        if state.missing:
            return REMOVED
        if state.data is None or state.text is None:
            return UNREADABLE
        return None if state.data == self.stored else CHANGED

    def changed_on_disk(self) -> bool:
        return self.disk_change() is not None

    def save(self, force: bool = False) -> bool:
        """Write the document if it changed; True when bytes were written.

        Without `force`, a file changed, removed or unreadable on disk raises ChangedOnDisk
        and nothing is written: a removed file is never silently re-created.
        """
        text = self.render()
        state = disk_state(self.path)
        change = self.disk_change(state)
        if text == self.original and self.stored is not None and change is None:
            return False
        if not force and change is not None:
            raise ChangedOnDisk(self.rel, state.text, change)
        if text == self.original and state.data == text.encode("utf-8"):
            self.stored = state.data
            return False
        atomic_write(self.path, text)
        self.original = text
        self.stored = text.encode("utf-8")
        return True


@dataclass
class TomlFile(_Tracked):
    doc: TOMLDocument = field(default_factory=TOMLDocument)

    @classmethod
    def open(cls, root: Path, rel: str) -> TomlFile:
        text, data = _read(root, rel)
        return cls(root, rel, text, parse_document(text, rel), stored=data)

    @classmethod
    def new(cls, root: Path, rel: str, doc: TOMLDocument) -> TomlFile:
        return cls(root, rel, "", doc)

    def render(self) -> str:
        return self._line_endings(self.doc.as_string())

    def rebase(self, text: str, state: DiskState) -> None:
        """Hold `text` (a merge) as the edit of the version on disk now, which becomes what
        was read: the next save writes `text` without a conflict. DocumentError if it does
        not parse (then nothing changes)."""
        doc = parse_document(text, self.rel)
        self.doc, self.original, self.stored = doc, state.text or "", state.data


@dataclass
class MarkdownFile(_Tracked):
    front: TOMLDocument | None = None
    body: str = ""
    split: SplitMarkdown | None = field(default=None, repr=False)

    @classmethod
    def open(cls, root: Path, rel: str) -> MarkdownFile:
        text, data = _read(root, rel)
        front, split = cls._parse(text, rel)
        return cls(root, rel, text, front, split.body, split, stored=data)

    @classmethod
    def new(cls, root: Path, rel: str, front: TOMLDocument | None, body: str) -> MarkdownFile:
        return cls(root, rel, "", front, body)

    @staticmethod
    def _parse(text: str, rel: str) -> tuple[TOMLDocument | None, SplitMarkdown]:
        split = split_front_matter(text)
        if split.unclosed:
            raise DocumentError(Problem(rel, 1, 1, "front matter opened with +++ is never closed"))
        front = None
        if split.front_matter is not None:
            front = parse_document(split.front_matter, rel, split.front_line)
        return front, split

    def rebase(self, text: str, state: DiskState) -> None:
        """As TomlFile.rebase: the body may hold conflict markers, the front matter may not."""
        front, split = self._parse(text, self.rel)
        self.front, self.body, self.split = front, split.body, split
        self.original, self.stored = state.text or "", state.data

    def render(self) -> str:
        front = self.front.as_string() if self.front is not None else None
        return self._line_endings(join_front_matter(front, self.body, self.split))


def _read(root: Path, rel: str) -> tuple[str, bytes]:
    """The file's text and the exact bytes it came from (compared before each save)."""
    text, data, problem = read_text_and_bytes(root / rel, rel)
    if problem is not None:
        raise DocumentError(problem)
    assert text is not None and data is not None  # read and decoded, as it has no problem
    return text, data


def open_document(root: Path, rel: str) -> TomlFile | MarkdownFile:
    return MarkdownFile.open(root, rel) if rel.endswith(".md") else TomlFile.open(root, rel)


def set_review_title(root: Path, title: str) -> None:
    document = TomlFile.open(root, "review.toml")
    document.doc["title"] = title
    document.save()


def set_review_kind(root: Path, kind: str) -> None:
    """Name the review's kind in review.toml, keeping its comment."""
    document = TomlFile.open(root, "review.toml")
    document.doc["kind"] = kind
    document.save()
