"""A row of a part's record list, and the table of a file it stands for.

A `RecordRef` says which file, which table inside it (a locator of array names and ids or
indexes) and which fields the form shows; the functions here find that table in an open
document, or in the document as it was last saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, overload

import tomlkit
from tomlkit import TOMLDocument

from ..store.documents import TomlFile
from . import fields as f
from .fields import Field, Table
from .session import Document, stored_base

# The (array name, id or index) pairs down to a record's table: (("entry", "CH-0001"),).
Locator = tuple[tuple[str, str | int], ...]


@dataclass
class RecordRef:
    """One row of a part's record list: a table inside a file, and the fields it shows."""

    part: str
    rel: str
    label: str
    kind: str
    locator: Locator = ()  # (array name, id or index) pairs down to the record's table
    fields: tuple[Field, ...] = ()
    body: bool = False  # the Markdown body is edited with this record
    record_id: str = ""
    prefix: str = ""  # key path of the table in the file, for finding a problem's line
    removable: bool = True
    movable: bool = False
    warning: bool = False  # the row needs attention (an overdue action): marked in its list

    @property
    def key(self) -> str:
        return record_key(self.rel, self.locator, self.prefix)

    @property
    def title(self) -> str:
        """What the editor's heading calls the record."""
        return f"{self.label}  ({self.rel})"


def record_key(rel: str, locator: Locator = (), prefix: str = "") -> str:
    """A row's id in its list: the file, then the path to its table (or its group)."""
    if locator:
        return f"{rel}#" + "/".join(f"{name}={which}" for name, which in locator)
    return f"{rel}@{prefix}" if prefix else rel


@dataclass
class Heading:
    """A group heading inside a record list (not selectable)."""

    text: str
    key: str


@dataclass
class Broken:
    """A file of the part that cannot be opened: the problem says where and why."""

    rel: str
    problem: object
    part: str = ""

    @property
    def key(self) -> str:
        return f"broken:{self.rel}"

    @property
    def label(self) -> str:
        return f"! {self.rel.rsplit('/', 1)[-1]} (cannot be read)"


Row = RecordRef | Heading | Broken


@overload
def base_table(document: Document, create: Literal[True]) -> TOMLDocument: ...
@overload
def base_table(document: Document, create: bool = False) -> TOMLDocument | None: ...
def base_table(document: Document, create: bool = False) -> TOMLDocument | None:
    """The TOML of a document: the whole file, or a Markdown file's front matter."""
    if isinstance(document, TomlFile):
        return document.doc
    if document.front is None and create:
        document.front = tomlkit.document()
    return document.front


def table_of(document: Document, ref: RecordRef, create: bool = False) -> Table | None:
    """The tomlkit table a record lives in, or None if it is gone."""
    return table_in(base_table(document, create), ref)


def stored_table_of(document: Document, ref: RecordRef) -> Table | None:
    """The record's table as the file was last read or saved (None if it was not there)."""
    return table_in(stored_base(document), ref)


def table_in(node: Table | None, ref: RecordRef) -> Table | None:
    """The table a record's locator leads to inside a document's TOML (or None)."""
    for name, which in ref.locator:
        if node is None:
            return None
        array = node.get(name)
        if array is None:
            return None
        if isinstance(which, int):
            node = array[which] if which < len(array) else None
        else:
            node = next((t for t in array if t.get("id") == which), None)
    return node


def text_of(table: object, key: str) -> str:
    """A value of a table as its field shows it ("" when there is none)."""
    value = f.get(table, key)
    return f.to_text(Field(key, key), value) if value is not None else ""


def items_of(table: Table | None, name: str) -> list[Any]:
    """The tables of an array of tables (or the items of an array); [] when it is not there."""
    value = table.get(name) if table is not None else None
    return list(value) if value is not None and hasattr(value, "__iter__") else []
