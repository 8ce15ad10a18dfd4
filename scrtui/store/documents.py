"""Editable workspace files: tomlkit documents that keep comments, order and every byte.

The UI edits these; a save writes only when the text changed, and never over a file that
changed on disk since it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.toml_document import TOMLDocument

from ..problems import Problem
from .files import atomic_write, read_text
from .markdown import SplitMarkdown, join_front_matter, split_front_matter


class DocumentError(Exception):
    """A file could not be opened for editing; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class ChangedOnDisk(Exception):
    """The file changed on disk since it was read; saving would lose someone's work."""

    def __init__(self, rel: str, disk_text: str | None) -> None:
        super().__init__(f"{rel}: changed on disk since it was read")
        self.rel = rel
        self.disk_text = disk_text


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

    @property
    def path(self) -> Path:
        return self.root / self.rel

    def render(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def dirty(self) -> bool:
        return self.render() != self.original

    def disk_text(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError):
            return None

    def changed_on_disk(self) -> bool:
        current = self.disk_text()
        return current is not None and current.removeprefix("\ufeff") != self.original

    def save(self, force: bool = False) -> bool:
        """Write the document if it changed; True when bytes were written."""
        text = self.render()
        if text == self.original and self.path.exists():
            return False
        if not force and self.path.exists() and self.changed_on_disk():
            raise ChangedOnDisk(self.rel, self.disk_text())
        atomic_write(self.path, text)
        self.original = text
        return True


@dataclass
class TomlFile(_Tracked):
    doc: TOMLDocument = field(default_factory=TOMLDocument)

    @classmethod
    def open(cls, root: Path, rel: str) -> TomlFile:
        text, problem = read_text(root / rel, rel)
        if problem is not None:
            raise DocumentError(problem)
        return cls(root, rel, text, parse_document(text, rel))

    @classmethod
    def new(cls, root: Path, rel: str, doc: TOMLDocument) -> TomlFile:
        return cls(root, rel, "", doc)

    def render(self) -> str:
        return self.doc.as_string()


@dataclass
class MarkdownFile(_Tracked):
    front: TOMLDocument | None = None
    body: str = ""
    split: SplitMarkdown | None = field(default=None, repr=False)

    @classmethod
    def open(cls, root: Path, rel: str) -> MarkdownFile:
        text, problem = read_text(root / rel, rel)
        if problem is not None:
            raise DocumentError(problem)
        split = split_front_matter(text)
        if split.unclosed:
            raise DocumentError(Problem(rel, 1, 1, "front matter opened with +++ is never closed"))
        front = None
        if split.front_matter is not None:
            front = parse_document(split.front_matter, rel, split.front_line)
        return cls(root, rel, text, front, split.body, split)

    @classmethod
    def new(cls, root: Path, rel: str, front: TOMLDocument | None, body: str) -> MarkdownFile:
        return cls(root, rel, "", front, body)

    def render(self) -> str:
        front = self.front.as_string() if self.front is not None else None
        return join_front_matter(front, self.body, self.split)


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
