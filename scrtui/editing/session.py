"""The documents open in the UI: what is edited, what is unsaved, and what a save commits.

Plain Python (no Textual): the app asks the session for documents, edits them through tomlkit,
and hands the session's save plan to a worker that writes and commits.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import tomlkit
from tomlkit import TOMLDocument
from tomlkit.exceptions import ParseError

from ..changes import commit_message, record_label
from ..problems import Problem
from ..store.documents import (
    CHANGED,
    REMOVED,
    UNREADABLE,
    ChangedOnDisk,
    DiskState,
    DocumentError,
    MarkdownFile,
    TomlFile,
    open_document,
)
from ..store.documents import parse_document as parse_document_text
from ..store.loader import RECORD_FILES
from ..store.markdown import split_front_matter

if TYPE_CHECKING:
    from ..losses import Loss
    from ..store.recovery import Buffer

Document = TomlFile | MarkdownFile
MESSAGE_LIMIT = 100
MERGE_FIELD = "@merge"  # the "field" of an Invalid that stands for unresolved conflict markers
MERGED_NOTE = " (merged with the version changed on disk)"
FORCED_NOTE: dict[
    str | None, str
] = {  # the end of a commit line that replaced what was on disk, by what it was
    CHANGED: " (replaces the version changed on disk)",
    REMOVED: " (re-created after it was removed on disk)",
    UNREADABLE: " (replaces a file that could not be read)",
}


@dataclass(frozen=True)
class Invalid:
    """Text typed into a field that is not a valid value: the record is not saved meanwhile."""

    rel: str
    record: str  # the record's key in its part's list
    field: str  # the field's key
    label: str  # the field's label, for messages
    text: str  # what was typed, kept until it is fixed
    message: str


class SaveFailed(Exception):
    """A save stopped at one file; `written` were written before it (and need a commit)."""

    def __init__(self, written: list[str], rel: str, error: Exception) -> None:
        reason = (
            str(error)
            if isinstance(error, ChangedOnDisk)
            else f"{rel}: {getattr(error, 'strerror', None) or error}"
        )
        super().__init__(reason)
        self.written = written
        self.rel = rel
        self.error = error


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

    def only(self, rels: list[str]) -> SavePlan:
        """The part of the plan for these files (those a failed save did write)."""
        return SavePlan([item for item in self.items if item.document.rel in rels])


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
        self.merged: set[str] = set()  # rebased on the disk version by a merge, not yet saved

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
            found = {
                f"{folder}/{p.name}"
                for p in path.iterdir()
                if p.is_file() and pattern.fullmatch(p.name)
            }
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
        self.merged.discard(rel)
        for key in [key for key in self.invalid if key[0] == rel]:
            del self.invalid[key]

    # -- merging with the version on disk -----------------------------------------------------
    def can_merge(self, document: Document) -> bool:
        """A three-way merge needs the version read (not a new file) and a text on disk."""
        return (
            document.rel not in self.new
            and document.stored is not None
            and document.disk_change() == CHANGED
            and document.disk_text() is not None
        )

    def merge(self, document: Document, text: str, state: DiskState) -> bool:
        """Take a merge of mine and the disk version as the edit of the disk version; True
        when it is ready to save, False while its text holds conflict markers (the record
        is then unsaveable until they are gone). DocumentError if it does not parse."""
        document.rebase(text, state)
        self.merged.add(document.rel)
        self.touched.add(document.rel)
        return self.check_markers(document.rel)

    def check_markers(self, rel: str) -> bool:
        """After an edit of a merged record: mark it unsaveable while markers remain."""
        from ..store.merge import has_markers  # noqa: PLC0415

        document = self.documents.get(rel)
        if rel not in self.merged or document is None:
            return True
        if has_markers(document.render()):
            self.set_invalid(
                Invalid(
                    rel,
                    rel,
                    MERGE_FIELD,
                    "text",
                    "conflict markers",
                    "Both you and the disk version changed these lines: keep what should stay and "
                    "delete the <<<<<<< ======= >>>>>>> lines; saving waits until they are gone.",
                )
            )
            return False
        self.clear_invalid(rel, rel, MERGE_FIELD)
        return True

    def merge_pending(self, rel: str) -> Invalid | None:
        return self.invalid.get((rel, rel, MERGE_FIELD))

    def is_new(self, rel: str) -> bool:
        return rel in self.new

    # -- unsaved changes ----------------------------------------------------------------------
    def dirty(self) -> list[Document]:
        return [
            self.documents[rel]
            for rel in sorted(self.touched)
            if rel in self.documents and self.is_dirty(rel)
        ]

    def is_dirty(self, rel: str) -> bool:
        if rel not in self.touched:
            return False
        document = self.documents.get(rel)
        return document is not None and (
            rel in self.new or document.dirty or bool(self.invalid_in(rel))
        )

    def conflicts(self, documents: list[Document]) -> list[Document]:
        """Documents whose file changed, vanished or became unreadable on disk since they
        were read (or appeared, if new): saving them must ask first."""
        return [document for document in documents if document.disk_change() is not None]

    def disk_changes(self, rels: list[str] | None = None) -> dict[str, str]:
        """Open documents (of `rels`, or all) whose file differs on disk: rel -> how."""
        found = {}
        for rel in sorted(self.documents if rels is None else rels):
            document = self.documents.get(rel)
            if document is None:
                continue
            change = document.disk_change()
            if change is not None:
                found[rel] = change
        return found

    def losses(self, documents: list[Document]) -> list[Loss]:
        """What saving these documents would delete (whole sections, most of a record)."""
        from ..losses import losses  # noqa: PLC0415

        found: list[Loss] = []
        for document in documents:
            old = None if document.rel in self.new else document.original
            found += losses(document.rel, old, document.render())
        return found

    def plan(self, documents: list[Document], forced: set[str] | None = None) -> SavePlan:
        """What saving these documents writes, with a commit line per file."""
        plan = SavePlan()
        for document in documents:
            text = document.render()
            old = None if document.rel in self.new else document.original
            message = commit_message(document.rel, old, text)
            force = forced is not None and document.rel in forced
            if document.rel in self.merged:
                message = _fit(message, MERGED_NOTE)
            elif force:
                message = _fit(
                    message, FORCED_NOTE.get(document.disk_change(), FORCED_NOTE[CHANGED])
                )
            plan.items.append(SaveItem(document, text, message, force))
        return plan

    def write(self, plan: SavePlan) -> None:
        """Write each file atomically; a conflict not forced raises ChangedOnDisk first.

        On any failure raises SaveFailed naming the files already written: the others keep
        their unsaved edits in memory, so nothing is lost.
        """
        written: list[str] = []
        for item in plan.items:
            try:
                item.document.save(force=item.force)
            except (ChangedOnDisk, OSError) as exc:
                raise SaveFailed(written, item.document.rel, exc) from exc
            self.new.discard(item.document.rel)
            self.merged.discard(item.document.rel)
            written.append(item.document.rel)

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
    def unsaved(self) -> tuple[list[Buffer], list[str]]:
        """What a crash would lose: the unsaved buffers, and field text that is not valid yet."""
        from ..store.recovery import Buffer  # noqa: PLC0415

        buffers = [Buffer(d.rel, d.original, d.render(), d.rel in self.new) for d in self.dirty()]
        typed = [
            f"{i.rel}: {i.label} was being typed as {i.text!r} ({i.message})"
            for i in self.invalid.values()
        ]
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
        document.stored = None if new else read.encode("utf-8")  # as it was read then
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
            if document.disk_change() is not None:
                found.append(rel)
        return sorted(found)


SAYS = {
    CHANGED: "changed on disk",
    REMOVED: "was removed on disk",
    UNREADABLE: "cannot be read on disk any more",
}


def disk_notice(changes: dict[str, str], unsaved: set[str]) -> str:
    """What the user is told when open files changed on disk: which, how, and what to do."""
    lines = []
    for rel, change in sorted(changes.items()):
        if rel in unsaved:
            lines.append(
                f"{rel} {SAYS[change]}; your unsaved edits are kept and Ctrl+S asks what to keep."
            )
        else:
            lines.append(f"{rel} {SAYS[change]}; F5 re-reads it (you have no edits in it).")
    return "\n".join(lines)


def stored_base(document: Document) -> TOMLDocument | None:
    """The document's TOML as last read or saved (a Markdown file's front matter), or None.

    Read only: it is parsed once per saved text and shared.
    """
    return _parse_stored(document.original, hasattr(document, "doc"))


@lru_cache(maxsize=8)
def _parse_stored(text: str, is_toml: bool) -> TOMLDocument | None:
    if not is_toml:
        front = split_front_matter(text).front_matter if text else None
        if front is None:
            return None
        text = front
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
    return list(
        difflib.unified_diff(
            (old or "").splitlines(),
            (new or "").splitlines(),
            fromfile=old_name,
            tofile=new_name,
            lineterm="",
            n=2,
        )
    )
