"""Form fields: how one value of a record is shown as text and written back through tomlkit.

Plain Python (no Textual), so the rules that decide what a keystroke changes in a file are
testable on their own. Writes go through tomlkit so comments, key order and string style
survive, and a value that did not change is never rewritten.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import Array, String, StringType

TEXT, LONG, DATE, INT, CHOICE, IDS, NAMES, LINES, READONLY = (
    "text",
    "long",
    "date",
    "int",
    "choice",
    "ids",
    "names",
    "lines",
    "readonly",
)
REFS = "refs"  # record ids or workspace files (a checklist answer's evidence)

# A tomlkit document or table (each is a dict, to mypy): what the fields of a record live in.
Table = MutableMapping[str, Any]
# What a field's text stands for (`parse`): a date, a number, a list of ids or names, a text.
Value = date | int | list[str] | str | None
# The record's table as last read or saved, or a function that gives it (`write`).
Stored = Table | Callable[[], Table | None] | None


@dataclass(frozen=True)
class Field:
    """One editable value of a record: a dotted key inside the record's table."""

    key: str
    label: str
    kind: str = TEXT
    choices: tuple[str, ...] = ()
    optional: bool = False  # an empty value removes the key (e.g. a date not yet known)


class FieldError(ValueError):
    """The text typed into a field is not a valid value for it; the message says why."""


def get(table: object, key: str) -> object:
    """The plain Python value at a dotted key, or None (any TOML value: str, int, date, list,
    dict ...)."""
    node = table
    for part in key.split("."):
        if node is None or not hasattr(node, "get"):
            return None
        node = node.get(part)
    if node is None:
        return None
    return node.unwrap() if hasattr(node, "unwrap") else node


def to_text(field: Field, value: object) -> str:
    """How a stored value is shown in its field."""
    if value is None:
        return ""
    if field.kind in (IDS, REFS, NAMES) and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.kind == LINES and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_SPLIT_IDS = re.compile(r"[,\s]+")
_ID = re.compile(r"[A-Z]{1,4}-\d{2,}")  # the shape of every record id (model.ID_PATTERNS)


def parse(field: Field, text: str) -> Value:
    """The value a field's text stands for; FieldError when it is not valid."""
    if field.kind == DATE:
        text = text.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise FieldError(f"{field.label}: a date is written YYYY-MM-DD") from exc
    if field.kind == INT:
        text = text.strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError as exc:
            raise FieldError(f"{field.label}: a whole number") from exc
    if field.kind == IDS:
        ids = [part for part in _SPLIT_IDS.split(text.strip()) if part]
        wrong = next((part for part in ids if not _ID.fullmatch(part)), None)
        if wrong is not None:
            raise FieldError(
                f"{field.label}: '{wrong}' is not a record id (ids look like "
                "SRC-003, CH-0042, KPE-02, F-01)"
            )
        return ids
    if field.kind == REFS:
        return [part for part in _SPLIT_IDS.split(text.strip()) if part]
    if field.kind == NAMES:
        return [part.strip() for part in text.split(",") if part.strip()]
    if field.kind == LINES:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return text


def same(field: Field, old: object, new: object) -> bool:
    """Whether writing `new` would change nothing a reader cares about."""
    if field.kind == LONG and isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    if old is None and new in ("", [], None):
        return True
    return old == new


def write(table: Table, field: Field, value: object, stored: Stored = None) -> None:
    """Set the value at the field's dotted key, creating tables on the way; None removes it.

    `stored` is the record's table as last read or saved (or a function that gives it, only
    called when needed): a key removed while typing (a date cleared, then typed again) goes
    back where it stood in the file, not to the end.
    """
    *parents, last = field.key.split(".")
    node = table
    for part in parents:
        if part not in node:
            if value is None:
                return
            node[part] = tomlkit.table()
        node = node[part]
    old_item = node.get(last) if hasattr(node, "get") else None
    if value is None or (field.optional and value in ("", [])):
        if last in node:
            del node[last]
        return
    if last not in node and stored is not None:
        stored_table = stored() if callable(stored) else stored
        if _insert_where_stored(node, last, _item(None, value), _node(stored_table, parents)):
            return
    node[last] = _item(old_item, value)


def restore(table: Table, field: Field, stored: Table | None) -> None:
    """Put the stored item of the field back (value, comment and place), or remove the key
    when the stored record has none: what the file says, while the field's text is invalid."""
    *parents, last = field.key.split(".")
    stored_node = _node(stored, parents)
    stored_item = (
        stored_node.item(last)
        if stored_node is not None and hasattr(stored_node, "item") and last in stored_node
        else None
    )
    node = _node(table, parents)
    if stored_item is None:
        if node is not None and last in node:
            del node[last]
        return
    if node is None:
        write(table, Field(field.key, field.label), stored_item.unwrap())
        return
    item = copy.deepcopy(stored_item)
    if last in node or not _insert_where_stored(node, last, item, stored_node):
        node[last] = item


def _node(table: object, parents: list[str]) -> Any:
    """What the key path `parents` leads to in `table` (a table, if anything), or None."""
    node = table
    for part in parents:
        if node is None or not hasattr(node, "get"):
            return None
        node = node.get(part)
    return node


def _insert_where_stored(node: Table, key: str, item: object, stored_node: Any) -> bool:
    """Insert `key` after the key that preceded it in the stored table; False if it cannot."""
    if stored_node is None or key not in stored_node:
        return False
    order = list(stored_node.keys())
    before = order[: order.index(key)]
    anchor = next((k for k in reversed(before) if k in node), None)
    container = node if isinstance(node, Container) else getattr(node, "value", None)
    if anchor is None or not isinstance(container, Container):
        return False
    container._insert_after(anchor, key, item)  # tomlkit has no public insert-at-position
    return True


def _item(old_item: object, value: object) -> object:
    """A tomlkit item for `value` in the style of the item it replaces."""
    if isinstance(value, str):
        multiline = "\n" in value.strip() or (
            isinstance(old_item, String) and old_item.type.is_multiline()
        )
        if not multiline:
            return value
        if isinstance(old_item, str) and old_item.endswith("\n") and not value.endswith("\n"):
            value += "\n"
        item = tomlkit.string(value, multiline=True)
        if isinstance(old_item, String) and old_item.as_string().startswith('"""\n'):
            # keep the opening quotes on their own line; TOML drops that first newline
            item = String(StringType.MLB, value, "\n" + item._original, item.trivia)
        return item
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(value)
        if isinstance(old_item, Array) and "\n" in old_item.as_string():
            array.multiline(True)
        return array
    return value
