"""Form fields: how one value of a record is shown as text and written back through tomlkit.

Plain Python (no Textual), so the rules that decide what a keystroke changes in a file are
testable on their own. Writes go through tomlkit so comments, key order and string style
survive, and a value that did not change is never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import tomlkit
from tomlkit.items import Array, String, StringType

TEXT, LONG, DATE, INT, CHOICE, IDS, NAMES, LINES, READONLY = (
    "text", "long", "date", "int", "choice", "ids", "names", "lines", "readonly",
)


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


def get(table, key: str):
    """The plain Python value at a dotted key, or None."""
    node = table
    for part in key.split("."):
        if node is None or not hasattr(node, "get"):
            return None
        node = node.get(part)
    if node is None:
        return None
    return node.unwrap() if hasattr(node, "unwrap") else node


def to_text(field: Field, value) -> str:
    """How a stored value is shown in its field."""
    if value is None:
        return ""
    if field.kind in (IDS, NAMES) and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.kind == LINES and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_SPLIT_IDS = re.compile(r"[,\s]+")


def parse(field: Field, text: str):
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
        return [part for part in _SPLIT_IDS.split(text.strip()) if part]
    if field.kind == NAMES:
        return [part.strip() for part in text.split(",") if part.strip()]
    if field.kind == LINES:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return text


def same(field: Field, old, new) -> bool:
    """Whether writing `new` would change nothing a reader cares about."""
    if field.kind == LONG and isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    if old is None and new in ("", [], None):
        return True
    return old == new


def write(table, field: Field, value) -> None:
    """Set the value at the field's dotted key, creating tables on the way; None removes it."""
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
    node[last] = _item(old_item, value)


def _item(old_item, value):
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
