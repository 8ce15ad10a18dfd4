"""What a save would lose: whole `## ` sections of a Markdown record, or most of a record's text.

Plain Python from two texts of one file (as read, as it would be saved) to the losses the
UI asks about before saving. A save that only rewrites (removes about as much as it adds) is
no loss; one select-all and one key that empties a finding is.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import tomli

from .changes import record_label
from .store.markdown import sections, split_front_matter

MIN_LOST = 40  # characters: losing less than this is never worth a question
SHOWN_LINES = 400  # lines of lost text the dialog shows at most


@dataclass(frozen=True)
class Loss:
    """One record that a save would shrink: the sections that go, how much text, which."""

    rel: str
    record: str  # "Finding F-01", "Chronology (police) entry CH-0009"
    before: int  # characters of text (not counting spaces) as read
    after: int  # as it would be saved
    sections: tuple[str, ...] = ()  # headings of `## ` sections that go
    gone: tuple[str, ...] = field(default=(), repr=False)  # the lines that go

    @property
    def lost(self) -> int:
        return self.before - self.after

    def summary(self) -> str:
        parts = []
        if self.sections:
            names = ", ".join(f"'{name}'" for name in self.sections)
            noun = "section" if len(self.sections) == 1 else "sections"
            parts.append(f"{noun} {names} removed")
        if self.before and self.lost * 2 > self.before:
            parts.append(
                f"{self.lost * 100 // self.before}% of its text goes "
                f"({self.after} of {self.before} characters left)"
            )
        return f"{self.record}: {'; '.join(parts)}"


def losses(rel: str, old: str | None, new: str | None) -> list[Loss]:
    """The records of one file that saving `new` over `old` would mostly or partly delete."""
    if old is None or new is None or old == new:
        return []
    label = record_label(rel, old)
    if rel.endswith(".md"):
        return _markdown_losses(rel, label, old, new)
    try:
        before, after = tomli.loads(old), tomli.loads(new)
    except tomli.TOMLDecodeError:
        return []
    old_records, new_records = _records(before), _records(after)
    found = []
    for key, old_texts in old_records.items():
        new_texts = new_records.get(key)
        if new_texts is None:
            continue  # a removed entry: the Remove action asked already
        loss = _shrunk(rel, f"{label} {key}".strip(), old_texts, new_texts)
        if loss is not None:
            found.append(loss)
    return found


def _markdown_losses(rel: str, label: str, old: str, new: str) -> list[Loss]:
    old_split, new_split = split_front_matter(old), split_front_matter(new)
    old_texts = _front_texts(old_split.front_matter) + old_split.body.splitlines()
    new_texts = _front_texts(new_split.front_matter) + new_split.body.splitlines()
    _, old_sections = sections(old_split.body)
    _, new_sections = sections(new_split.body)
    kept = Counter(s.title.strip() for s in new_sections if s.text.strip())
    new_lines = {line.strip() for line in new_split.body.splitlines() if line.strip()}
    gone_sections = []
    for section in old_sections:
        title = section.title.strip()
        if not section.text.strip():
            continue
        if kept[title]:
            kept[title] -= 1
        elif not _text_survives(section.text, new_lines):  # not renamed, not merged: gone
            gone_sections.append(title)
    loss = _shrunk(rel, label, old_texts, new_texts, tuple(gone_sections))
    return [loss] if loss is not None else []


def _text_survives(text: str, new_lines: set[str]) -> bool:
    """Whether at least half of a section's lines are still in the body somewhere."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return sum(line in new_lines for line in lines) * 2 >= len(lines)


def _shrunk(
    rel: str,
    record: str,
    old_texts: list[str],
    new_texts: list[str],
    gone_sections: tuple[str, ...] = (),
) -> Loss | None:
    before, after = _size(old_texts), _size(new_texts)
    most = before - after >= MIN_LOST and (before - after) * 2 > before
    if not most and not gone_sections:
        return None
    return Loss(rel, record, before, after, gone_sections, _gone_lines(old_texts, new_texts))


def _size(texts: list[str]) -> int:
    return sum(len("".join(text.split())) for text in texts)


def _gone_lines(old: list[str], new: list[str]) -> tuple[str, ...]:
    old_lines = [line for text in old for line in text.splitlines()]
    new_lines = [line for text in new for line in text.splitlines()]
    gone: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            gone.extend(line for line in old_lines[i1:i2] if line.strip())
    return tuple(gone[:SHOWN_LINES])


def _front_texts(front: str | None) -> list[str]:
    if not front:
        return []
    try:
        data = tomli.loads(front)
    except tomli.TOMLDecodeError:
        return []
    return [text for texts in _records(data).values() for text in texts]


def _records(data: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    """The text of each record of a TOML document: the document itself (key "") and each
    table of an array of tables (key "entry CH-0009", "agency 2"), strings field by field."""
    found: dict[str, list[str]] = {prefix: []}
    own = found[prefix]

    def walk(value: object, into: list[str]) -> None:
        if isinstance(value, str):
            into.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                if _is_table_list(item):
                    continue
                walk(item, into)
        elif isinstance(value, list):
            for item in value:
                walk(item, into)

    walk(data, own)
    for name, value in data.items():
        if _is_table_list(value):
            for index, table in enumerate(value, start=1):
                ident = table.get("id")
                key = f"{name} {ident if isinstance(ident, str | int) else index}"
                found.update(_records(table, f"{prefix} {key}".strip()))
        elif isinstance(value, dict):
            for key, texts in _records(value, prefix).items():
                if key != prefix:
                    found[key] = texts
    return found


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
