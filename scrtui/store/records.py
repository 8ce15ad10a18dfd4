"""New records with ids assigned by the tool, as editable documents ready to save.

Ids never change once given and are never reused while the file exists: the next id is one
past the highest in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Table

from ..model import CHALLENGE_SECTIONS, EPISODE_SECTIONS, FINDING_SECTIONS
from .documents import MarkdownFile, TomlFile

PREFIXES = {
    "source": ("SRC", 3),
    "chronology": ("CH", 4),
    "episode": ("KPE", 2),
    "finding": ("F", 2),
    "challenge": ("CHL", 3),
    "action": ("ACT", 3),
    "line_of_enquiry": ("LOE", 2),
    "person": ("P", 2),
    "place": ("PL", 2),
    "organisation": ("ORG", 2),
    "term": ("T", 2),
}
FOLDERS = {
    "source": "sources",
    "episode": "episodes",
    "finding": "findings",
    "challenge": "challenges",
    "action": "actions",
}


class _Ranked(Protocol):
    @property
    def priority(self) -> int | None: ...


class KnownIds(Protocol):
    """What a new id is counted from: a loaded review (`ReviewModel`), or one that also knows
    the records of documents not saved yet (`editing.ids.IdsInUse`)."""

    def known_ids(self) -> Mapping[str, object]: ...

    @property
    def findings(self) -> Sequence[_Ranked]: ...


def next_id(existing: Iterable[str], kind: str) -> str:
    prefix, width = PREFIXES[kind]
    pattern = re.compile(rf"{prefix}-(\d+)")
    highest = 0
    for value in existing:
        match = pattern.fullmatch(value)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}-{highest + 1:0{width}d}"


def _ids_in_folder(root: Path, kind: str) -> list[str]:
    folder = root / FOLDERS[kind]
    return [p.stem for p in folder.glob("*.*")] if folder.is_dir() else []


def next_record_id(root: Path, model: KnownIds | None, kind: str) -> str:
    """The next id, counting both the loaded records and files on disk (even broken ones)."""
    known = list(model.known_ids()) if model is not None else []
    if kind in FOLDERS:
        known += _ids_in_folder(root, kind)
    return next_id(known, kind)


def new_source(root: Path, model: KnownIds | None, title: str = "") -> TomlFile:
    record_id = next_record_id(root, model, "source")
    doc = tomlkit.document()
    doc["id"] = record_id
    doc["title"] = title  # empty: the form's hint asks for one
    doc["kind"] = "agency record"
    doc["agency"] = ""
    doc["access"] = "pending"  # no requested date until it is requested
    doc["non_cooperation"] = ""
    doc["location"] = ""
    doc["notes"] = ""
    return TomlFile.new(root, f"sources/{record_id}.toml", doc)


def _front_and_body(
    front: dict[str, Any], title: str, sections: tuple[str, ...], texts: dict[str, str]
) -> tuple[tomlkit.TOMLDocument, str]:
    doc = tomlkit.document()
    for key, value in front.items():
        doc[key] = value
    body = [f"# {title}".rstrip(), ""]
    for section in sections:
        body += [f"## {section}", texts.get(section, ""), ""]
    return doc, "\n".join(body).rstrip("\n") + "\n"


def new_episode(
    root: Path, model: KnownIds | None, title: str = "", start: date | None = None
) -> MarkdownFile:
    """A new episode: no title, and the review period's start (when known) for its dates,
    never today's date, which would pass for a real one."""
    record_id = next_record_id(root, model, "episode")
    fields: dict[str, Any] = {"id": record_id, "title": title}
    if start is not None:
        fields.update(start=start, end=start)
    fields.update(chronology=[], standard="", hindsight_technique="")
    front, body = _front_and_body(fields, title, EPISODE_SECTIONS, {})
    return MarkdownFile.new(root, f"episodes/{record_id}.md", front, body)


def new_finding(root: Path, model: KnownIds | None, title: str = "") -> MarkdownFile:
    record_id = next_record_id(root, model, "finding")
    priority = 1 + max((f.priority or 0 for f in model.findings), default=0) if model else 1
    front, body = _front_and_body(
        {"id": record_id, "title": title, "priority": priority, "evidence": []},
        title,
        FINDING_SECTIONS,
        {},
    )
    return MarkdownFile.new(root, f"findings/{record_id}.md", front, body)


def new_challenge(
    root: Path,
    model: KnownIds | None,
    target: str,
    raised_by: str,
    text: str,
    raised: date | None = None,
) -> MarkdownFile:
    record_id = next_record_id(root, model, "challenge")
    doc = tomlkit.document()
    doc["id"] = record_id
    doc["target"] = target
    doc["raised_by"] = raised_by
    doc["raised"] = raised or date.today()
    doc["status"] = "open"
    sections = {"Challenge": text.strip(), "Response": ""}
    body = "\n".join(f"## {s}\n{sections[s]}\n" for s in CHALLENGE_SECTIONS)
    return MarkdownFile.new(root, f"challenges/{record_id}.md", doc, body)


ACTION_HEADER = """\
# An improvement action: the safeguarding partners' response to a finding and one thing they
# will do about it. The owner is an agency in scope.toml and a role there, never a person.
"""


def new_action(root: Path, model: KnownIds | None, finding: str = "") -> TomlFile:
    """A new action answering `finding`: planned, with no due date and no owner yet (the form
    and `scr check` ask for them), never values that could pass for agreed ones."""
    record_id = next_record_id(root, model, "action")
    doc = tomlkit.parse(ACTION_HEADER)
    doc["id"] = record_id
    doc["finding"] = finding
    doc["response"] = ""
    doc["action"] = ""
    doc["agency"] = ""
    doc["role"] = ""
    doc["status"] = "planned"
    doc["status"].comment("planned, in progress, done, dropped")
    return TomlFile.new(root, f"actions/{record_id}.toml", doc)


def add_chronology_entry(
    document: TomlFile,
    model: KnownIds | None,
    *,
    when: date | None,
    what: str,
    source: str,
    who: str = "",
    precision: str = "day",
    significance: str = "",
    in_date_order: bool = False,
) -> str:
    """Add an entry to an agency's chronology document (at the end, or with `in_date_order`
    before the first entry dated later); its new id."""
    record_id = next_id(list(model.known_ids()) if model else [], "chronology")
    entry = tomlkit.table()
    entry["id"] = record_id
    if when is not None:
        entry["date"] = when
    entry["precision"] = precision
    entry["what"] = what
    entry["who"] = who
    entry["source"] = source
    entry["significance"] = significance
    entries = array_of_tables(document.doc, "entry")
    at = len(entries)
    if in_date_order and when is not None:
        at = next(
            (
                i
                for i, e in enumerate(entries)
                if isinstance(e.get("date"), date) and e["date"] > when
            ),
            len(entries),
        )
    if at == len(entries):
        entries.append(entry)
    else:
        entries.insert(at, entry)
    return record_id


def add_register_entry(
    document: TomlFile,
    model: KnownIds | None,
    kind: str,
    name: str,
    label: str = "",
    role: str = "other",
) -> str:
    """Append a person, place, organisation or term to the register document; its new id."""
    record_id = next_id(list(model.known_ids()) if model else [], kind)
    table = tomlkit.table()
    table.update({"id": record_id, "name": name, "aliases": [], "label": label})
    if kind == "person":
        table["role"] = role
    array_of_tables(document.doc, kind).append(table)
    return record_id


def array_of_tables(table: Container | Table, name: str) -> AoT:
    """The `[[name]]` tables of a document or table, made (empty) when there are none yet."""
    if name not in table:
        table[name] = tomlkit.aot()
    found: AoT = table[name]
    return found
