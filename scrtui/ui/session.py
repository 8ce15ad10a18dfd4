"""The documents open in the UI: what is edited, what is unsaved, and what a save commits.

Plain Python (no Textual): the app asks the session for documents, edits them through tomlkit,
and hands the session's save plan to a worker that writes and commits.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError

from ..changes import commit_message, record_label
from ..problems import Problem
from ..store.documents import DocumentError, MarkdownFile, TomlFile, open_document
from ..store.documents import parse_document as parse_document_text
from ..store.loader import RECORD_FILES
from ..store.markdown import split_front_matter

Document = TomlFile | MarkdownFile
MESSAGE_LIMIT = 100


@dataclass(frozen=True)
class Invalid:
    """Text typed into a field that is not a valid value: the record is not saved meanwhile."""

    rel: str
    record: str  # the record's key in its part's list
    field: str  # the field's key
    label: str  # the field's label, for messages
    text: str  # what was typed, kept until it is fixed
    message: str


@dataclass
class SaveItem:
    """One file of a save: its document, the text to write, and the commit line for it."""

    document: Document
    text: str
    message: str
    force: bool = False


@dataclass
class SavePlan:
    """Files to write and the single commit that records them."""

    items: list[SaveItem] = field(default_factory=list)

    @property
    def rels(self) -> list[str]:
        return [item.document.rel for item in self.items]

    @property
    def message(self) -> str:
        return combined_message([item.message for item in self.items])


def combined_message(lines: list[str]) -> str:
    """One subject line a supervisor can read; the per-file lines follow when there are many."""
    if len(lines) == 1:
        return lines[0]
    subject = "; ".join(lines)
    if len(subject) <= MESSAGE_LIMIT:
        return subject
    subject = f"{lines[0]}; and {len(lines) - 1} more records"
    if len(subject) > MESSAGE_LIMIT:
        subject = f"{len(lines)} records changed"
    return subject + "\n\n" + "\n".join(f"- {line}" for line in lines)


class Session:
    """Open documents by workspace-relative path, plus the files that could not be opened."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.documents: dict[str, Document] = {}
        self.broken: dict[str, Problem] = {}
        self.new: set[str] = set()  # created in the UI and never saved
        self.touched: set[str] = set()  # edited at some point: only these can be unsaved
        self.invalid: dict[tuple[str, str, str], Invalid] = {}  # (rel, record, field) -> ...

    # -- opening ------------------------------------------------------------------------------
    def open(self, rel: str) -> Document | None:
        """The document for `rel`, opened once; None (and a problem in `broken`) if it cannot."""
        if rel in self.documents:
            return self.documents[rel]
        try:
            document = open_document(self.root, rel)
        except DocumentError as exc:
            self.broken[rel] = exc.problem
            return None
        self.broken.pop(rel, None)
        self.documents[rel] = document
        return document

    def adopt(self, opened: dict[str, Document], broken: dict[str, Problem]) -> bool:
        """Take documents a worker opened; False if any was opened here meanwhile (kept)."""
        clean = True
        for rel, document in opened.items():
            if rel in self.documents:
                clean = False
                continue
            self.documents[rel] = document
            self.broken.pop(rel, None)
        for rel, problem in broken.items():
            if rel in self.documents:
                clean = False
            else:
                self.broken[rel] = problem
        return clean

    def folder(self, folder: str) -> list[str]:
        """Record files of a folder (on disk and created here), sorted by name."""
        pattern, _ = RECORD_FILES[folder]
        found = set()
        path = self.root / folder
        if path.is_dir():
            found = {f"{folder}/{p.name}" for p in path.iterdir()
                     if p.is_file() and pattern.fullmatch(p.name)}
        found |= {rel for rel in self.new if rel.startswith(f"{folder}/")}
        return sorted(found)

    def add(self, document: Document) -> None:
        self.documents[document.rel] = document
        self.new.add(document.rel)
        self.touched.add(document.rel)

    def touch(self, rel: str) -> None:
        """Note an edit, so that unsaved-change checks render only documents that were edited."""
        self.touched.add(rel)

    def forget(self, rel: str) -> None:
        self.documents.pop(rel, None)
        self.broken.pop(rel, None)
        self.new.discard(rel)
        self.touched.discard(rel)
        self._drop_invalid(rel)

    # -- invalid typed values -----------------------------------------------------------------
    def set_invalid(self, invalid: Invalid) -> None:
        self.invalid[(invalid.rel, invalid.record, invalid.field)] = invalid
        self.touched.add(invalid.rel)

    def clear_invalid(self, rel: str, record: str, field: str) -> None:
        self.invalid.pop((rel, record, field), None)

    def invalid_value(self, rel: str, record: str, field: str) -> Invalid | None:
        return self.invalid.get((rel, record, field))

    def invalid_in(self, rel: str) -> list[Invalid]:
        return [item for key, item in self.invalid.items() if key[0] == rel]

    def _drop_invalid(self, rel: str) -> None:
        for key in [key for key in self.invalid if key[0] == rel]:
            del self.invalid[key]

    def is_new(self, rel: str) -> bool:
        return rel in self.new

    # -- unsaved changes ----------------------------------------------------------------------
    def dirty(self) -> list[Document]:
        return [self.documents[rel] for rel in sorted(self.touched)
                if rel in self.documents and self.is_dirty(rel)]

    def is_dirty(self, rel: str) -> bool:
        if rel not in self.touched:
            return False
        document = self.documents.get(rel)
        return document is not None and (rel in self.new or document.dirty
                                         or bool(self.invalid_in(rel)))

    def conflicts(self, documents: list[Document]) -> list[Document]:
        """Documents whose file changed on disk since they were read (or appeared, if new)."""
        found = []
        for document in documents:
            if document.rel in self.new:
                if document.path.exists():
                    found.append(document)
            elif document.changed_on_disk():
                found.append(document)
        return found

    def plan(self, documents: list[Document], forced: set[str] | None = None) -> SavePlan:
        """What saving these documents writes, with a commit line per file."""
        plan = SavePlan()
        for document in documents:
            text = document.render()
            old = None if document.rel in self.new else document.original
            message = commit_message(document.rel, old, text)
            force = forced is not None and document.rel in forced
            if force:
                message = _fit(message, " (replaces the version changed on disk)")
            plan.items.append(SaveItem(document, text, message, force))
        return plan

    def write(self, plan: SavePlan) -> None:
        """Write each file atomically; a conflict not forced raises ChangedOnDisk first."""
        for item in plan.items:
            item.document.save(force=item.force)
            self.new.discard(item.document.rel)

    def reload(self, rel: str) -> Document | None:
        """Read `rel` again from disk, dropping what was open (the caller decided to)."""
        self.documents.pop(rel, None)
        self.new.discard(rel)
        self.touched.discard(rel)
        self._drop_invalid(rel)
        if not (self.root / rel).exists():
            self.broken.pop(rel, None)
            return None
        return self.open(rel)

    # -- unsaved edits kept by a session that ended without saving them -------------------------
    def unsaved(self) -> tuple[list, list[str]]:
        """What a crash would lose: the unsaved buffers, and field text that is not valid yet."""
        from ..store.recovery import Buffer  # noqa: PLC0415

        buffers = [Buffer(d.rel, d.original, d.render(), d.rel in self.new)
                   for d in self.dirty()]
        typed = [f"{i.rel}: {i.label} was being typed as {i.text!r} ({i.message})"
                 for i in self.invalid.values()]
        return buffers, typed

    def restore(self, rel: str, read: str, text: str, new: bool = False) -> Document:
        """Open `rel` with the text a crashed session had typed, as unsaved edits of the
        version it was read as: a save then commits it, or finds the file changed since."""
        if rel.endswith(".md"):
            split = split_front_matter(text)
            front = None
            if split.front_matter is not None:
                front = parse_document_text(split.front_matter, rel, split.front_line)
            document: Document = MarkdownFile(self.root, rel, read, front, split.body, split)
        else:
            document = TomlFile(self.root, rel, read, parse_document_text(text, rel))
        self.documents[rel] = document
        self.broken.pop(rel, None)
        self.touched.add(rel)
        if new:
            self.new.add(rel)
        return document

    def stale(self) -> list[str]:
        """Open, unmodified documents whose file changed or vanished on disk."""
        found = []
        for rel, document in self.documents.items():
            if self.is_dirty(rel):
                continue
            if document.disk_text() is None or document.changed_on_disk():
                found.append(rel)
        return sorted(found)


def stored_base(document: Document):
    """The document's TOML as last read or saved (a Markdown file's front matter), or None.

    Read only: it is parsed once per saved text and shared.
    """
    return _parse_stored(document.original, hasattr(document, "doc"))


@lru_cache(maxsize=8)
def _parse_stored(text: str, is_toml: bool):
    if not is_toml:
        text = split_front_matter(text).front_matter if text else None
        if text is None:
            return None
    try:
        return tomlkit.parse(text)
    except ParseError:
        return None


def _fit(message: str, suffix: str) -> str:
    if len(message) + len(suffix) <= MESSAGE_LIMIT:
        return message + suffix
    return message[: MESSAGE_LIMIT - len(suffix) - 3] + "..." + suffix


def removal_message(rel: str) -> str:
    return f"{record_label(rel)} removed"


def text_diff(old: str | None, new: str | None, old_name: str, new_name: str) -> list[str]:
    """A unified diff, one line per list item, for showing two versions of a file."""
    return list(difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(),
        fromfile=old_name, tofile=new_name, lineterm="", n=2,
    ))


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An agency id from its name: lower-case letters, digits and hyphens."""
    return _SLUG.sub("-", text.lower()).strip("-")
