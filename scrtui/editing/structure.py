"""Structural edits: adding, removing and reordering records, through tomlkit.

Nothing is written here: new files join the session unsaved and new tables are appended to
their open document, so the UI only decides when to save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import tomlkit

from .. import model as m
from ..slug import slug
from ..store import records
from ..store.documents import TomlFile
from . import fields as f
from .forms import REGISTER_KINDS
from .ids import IdsInUse
from .refs import Locator, RecordRef, base_table, items_of, record_key
from .register import ENTRY_KINDS
from .session import Document, Session

# What the "add" key offers in each part: (kind, what the picker says).
ADDERS = {
    "purpose": (
        ("complicating_factor", "A complicating factor"),
        ("communication", "A communication (who was told)"),
    ),
    "scope": (("line_of_enquiry", "A line of enquiry"), ("agency", "An agency")),
    "sources": (("source", "A source"),),
    "chronology": (("entry", "A chronology entry"),),
    "episodes": (("episode", "A key practice episode"), ("factor", "A contributory factor")),
    "findings": (("finding", "A finding"),),
    "register": tuple(
        (kind, f"A {kind}" if kind != "allow" else "An allowance") for kind, _, _ in REGISTER_KINDS
    ),
    "challenges": (("challenge", "A peer challenge"),),
    "actions": (
        ("action", "An action (the partners' response to a finding)"),
        ("evidence", "Evidence of impact (of the selected action)"),
    ),
}
# Records that are a whole file: removing one deletes its file.
WHOLE_FILE_KINDS = ("source", "episode", "finding", "challenge", "action")


@dataclass
class Added:
    """Where a new record went, so the UI can select it."""

    rel: str
    locator: Locator = ()
    new_file: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The new record's row in its part's list."""
        return record_key(self.rel, self.locator)


def add_record(
    session: Session,
    model: m.ReviewModel | None,
    kind: str,
    near: RecordRef | None = None,
    value: str = "",
) -> Added:
    """Create a record of `kind` with a tool-assigned id; `value` is a name or target asked for.

    New files are added to the session unsaved; new tables are appended to their document,
    which is then unsaved too.
    """
    added = _add(session, IdsInUse(model, session), kind, near, value)
    session.touch(added.rel)
    return added


def _add(session: Session, ids: IdsInUse, kind: str, near: RecordRef | None, value: str) -> Added:
    root = session.root
    document: Document
    if kind == "source":
        document = records.new_source(root, ids)
        session.add(document)
        return Added(document.rel, new_file=True)
    if kind == "episode":
        document = records.new_episode(root, ids, start=_period_start(session))
        session.add(document)
        return Added(document.rel, new_file=True)
    if kind == "finding":
        document = records.new_finding(root, ids)
        session.add(document)
        return Added(document.rel, new_file=True)
    if kind == "challenge":
        target = value or (near.record_id if near else "")
        document = records.new_challenge(root, ids, target=target, raised_by=_who(), text="")
        session.add(document)
        return Added(document.rel, new_file=True)
    if kind == "action":  # `value`: the finding it answers
        document = records.new_action(root, ids, finding=value)
        session.add(document)
        return Added(document.rel, new_file=True)
    if kind == "entry":
        return _add_entry(session, ids, near, value)
    if kind == "evidence":
        if near is None or near.part != "actions":
            raise ValueError("choose the action to add evidence of impact to")
        document = session.documents[near.rel]
        assert isinstance(document, TomlFile)  # an action is a TOML record
        table = tomlkit.table()
        table.update({"note": ""})  # its date: when the evidence was seen, typed in the form
        records.array_of_tables(document.doc, "evidence").append(table)
        return Added(near.rel, (("evidence", len(document.doc["evidence"]) - 1),))
    if kind == "factor":
        if near is None or near.part != "episodes":
            raise ValueError("choose the key practice episode to add a factor to")
        document = session.documents[near.rel]
        front = base_table(document, create=True)
        table = tomlkit.table()
        table.update(
            {"category": "task", "type": "contributory", "description": "", "evidence": []}
        )
        records.array_of_tables(front, "factor").append(table)
        return Added(near.rel, (("factor", len(front["factor"]) - 1),))
    if kind in ("complicating_factor", "communication"):
        document = _opened(session, "purpose.md")
        front = base_table(document, create=True)
        table = tomlkit.table()
        if kind == "complicating_factor":
            table.update({"kind": "other", "description": "", "acknowledged": ""})
        else:
            table.update({"audience": "", "how": ""})  # the date: when it happened
        records.array_of_tables(front, kind).append(table)
        return Added("purpose.md", ((kind, len(front[kind]) - 1),))
    if kind == "line_of_enquiry":
        scope = _opened_toml(session, "scope.toml")
        ident = records.next_id(list(ids.known_ids()), "line_of_enquiry")
        table = tomlkit.table()
        table.update({"id": ident, "question": value})
        records.array_of_tables(scope.doc, kind).append(table)
        return Added("scope.toml", ((kind, ident),))
    if kind == "agency":
        scope = _opened_toml(session, "scope.toml")
        ident = slug(value)
        if not ident:
            raise ValueError("an agency needs a name")
        existing = {f.get(t, "id") for t in items_of(scope.doc, "agency")}
        if ident in existing:
            raise ValueError(f"there is already an agency '{ident}'")
        table = tomlkit.table()
        table.update({"id": ident, "name": value, "role": ""})
        records.array_of_tables(scope.doc, kind).append(table)
        return Added("scope.toml", ((kind, ident),))
    if kind in {k for k, _, _ in REGISTER_KINDS}:
        register = _opened_toml(session, "register.toml")
        if kind in ENTRY_KINDS:
            records.add_register_entry(register, ids, kind, value)
        else:
            table = tomlkit.table()
            if kind == "allow":
                table.update({"text": value, "reason": ""})
            else:
                table.update({"name": value, "label": ""})  # a shared surname
            records.array_of_tables(register.doc, kind).append(table)
        return Added("register.toml", ((kind, len(register.doc[kind]) - 1),))
    raise ValueError(f"cannot add a {kind}")


def _opened(session: Session, rel: str) -> Document:
    """The session's document for `rel`; a file that cannot be read (or is not there) is a
    ValueError, which the UI shows, as for any record that cannot be added."""
    document = session.open(rel)
    if document is None:
        raise ValueError(f"{rel} cannot be read; fix it first")
    return document


def _opened_toml(session: Session, rel: str) -> TomlFile:
    document = _opened(session, rel)
    assert isinstance(document, TomlFile)  # every file but a .md one opens as TOML
    return document


def _who() -> str:
    from ..store.giterror import GitError  # noqa: PLC0415
    from ..store.gitrepo import identity  # noqa: PLC0415 - git only when asked

    try:
        return identity()[0]
    except GitError:
        return ""


def chronology_agencies(session: Session) -> list[str]:
    """Agencies in scope.toml (the files a chronology entry may go into)."""
    scope = session.open("scope.toml")
    if scope is None:
        return []
    return [str(f.get(t, "id")) for t in items_of(base_table(scope), "agency") if f.get(t, "id")]


def _add_entry(session: Session, ids: IdsInUse, near: RecordRef | None, agency: str) -> Added:
    rel = (
        f"chronology/{agency}.toml"
        if agency
        else (near.rel if near is not None and near.part == "chronology" else "")
    )
    if not rel:
        raise ValueError("choose the agency whose chronology the entry goes in")
    document: Document | None = (
        session.open(rel) if (session.root / rel).exists() or rel in session.documents else None
    )
    new_file = False
    if document is None:
        if (session.root / rel).exists():
            raise ValueError(f"{rel} cannot be read; fix it first")
        doc = tomlkit.document()
        doc["agency"] = agency
        document = TomlFile.new(session.root, rel, doc)
        session.add(document)
        new_file = True
    # No real date: the review period's start (the entry shows unsaved until it is given its
    # own), and the entry stands where that date puts it.
    start = _period_start(session)
    assert isinstance(document, TomlFile)  # a chronology is a .toml file
    ident = records.add_chronology_entry(
        document, ids, when=start, what="", source="", in_date_order=True
    )
    return Added(rel, (("entry", ident),), new_file=new_file)


def _period_start(session: Session) -> date | None:
    scope = session.open("scope.toml")
    front = base_table(scope) if scope is not None else None
    period = front.get("period") if front is not None else None
    start = period.get("start") if isinstance(period, Mapping) else None
    return start if isinstance(start, date) else None


def remove_record(session: Session, ref: RecordRef) -> str:
    """Remove a record: "file" when its whole file goes, "table" when a table was cut out."""
    if ref.kind in WHOLE_FILE_KINDS:
        return "file"
    document = session.documents[ref.rel]
    table = base_table(document)
    assert table is not None  # it holds the record being removed
    name, which = ref.locator[-1]
    parent = table
    for step_name, step_which in ref.locator[:-1]:
        parent = next(
            t
            for i, t in enumerate(parent[step_name])
            if i == step_which or t.get("id") == step_which
        )
    array = parent[name]
    index = (
        which
        if isinstance(which, int)
        else next(i for i, t in enumerate(array) if t.get("id") == which)
    )
    del array[index]
    if len(array) == 0:
        del parent[name]
    session.touch(ref.rel)
    return "table"


def move_record(session: Session, ref: RecordRef, delta: int, order: list[RecordRef]) -> list[str]:
    """Move a chronology entry within its file, or a finding up/down in priority.

    `order` is the part's records as listed. Returns the files changed ([] if it cannot move),
    which are then unsaved.
    """
    changed = _move(session, ref, delta, order)
    for rel in changed:
        session.touch(rel)
    return changed


def _move(session: Session, ref: RecordRef, delta: int, order: list[RecordRef]) -> list[str]:
    if ref.kind == "entry":
        document = session.documents[ref.rel]
        assert isinstance(document, TomlFile)  # a chronology is a .toml file
        array = document.doc["entry"]
        ids = [t.get("id") for t in array]
        index = ids.index(ref.locator[-1][1])
        other = index + delta
        if not 0 <= other < len(array):
            return []
        first, second = array[index], array[other]
        array[index], array[other] = second, first
        return [ref.rel]
    if ref.kind == "finding":
        findings = [r for r in order if r.kind == "finding"]
        index = next(i for i, r in enumerate(findings) if r.rel == ref.rel)
        other = index + delta
        if not 0 <= other < len(findings):
            return []
        mine = base_table(session.documents[ref.rel])
        theirs = base_table(session.documents[findings[other].rel])
        a, b = f.get(mine, "priority"), f.get(theirs, "priority")
        if mine is None or theirs is None or not isinstance(a, int) or not isinstance(b, int):
            return []
        if a == b:  # equal priorities: make the order explicit instead of swapping
            if delta < 0:
                theirs["priority"] = a + 1
            else:
                mine["priority"] = a + 1
        else:
            mine["priority"], theirs["priority"] = b, a
        return [ref.rel, findings[other].rel]
    return []
