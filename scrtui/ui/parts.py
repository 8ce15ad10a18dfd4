"""The parts of a review as lists of records, and the structural edits on them.

Plain Python (no Textual). Each part of the left navigation maps to files of the workspace;
each row of a part's record list is a `RecordRef` that says which file, which table inside it
and which fields the form shows. Adding, removing and reordering records happen here, through
tomlkit, so the UI only decides when to save.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import tomlkit

from .. import model as m
from ..store import records
from ..store.locate import locate_keys
from ..store.markdown import split_front_matter
from . import fields as f
from .fields import Field
from .nav import (  # noqa: F401 - re-exported: parts are where the UI looks them up
    FOLDER_OF,
    MARKER_PARTS,
    NAV,
    PURPOSES,
    SINGLE_FILE,
    TITLES,
    part_of_path,
)
from .session import Document, Session, slug, stored_base

AGENCIES = "@agencies"  # choices filled in from scope.toml when the form is built

REVIEW_FIELDS = (
    Field("title", "Title"),
    Field("label", "Public label"),
    Field("type", "Type", f.CHOICE, m.REVIEW_TYPES),
    Field("stage", "Stage", f.CHOICE, m.STAGES),
    Field("partnership", "Partnership"),
    Field("lead_reviewers", "Lead reviewers", f.NAMES),
    Field("supervisor", "Supervisor"),
    Field("model", "Model"),
    Field("dates.incident", "Incident", f.DATE, optional=True),
    Field("dates.referral", "Referral", f.DATE, optional=True),
    Field("dates.decision", "Decision", f.DATE, optional=True),
    Field("dates.commissioned", "Commissioned", f.DATE, optional=True),
    Field("dates.report_due", "Report due", f.DATE, optional=True),
)
COMPLICATING_FIELDS = (
    Field("kind", "Kind", f.CHOICE, m.COMPLICATING_KINDS),
    Field("description", "Description", f.LONG),
    Field("acknowledged", "Acknowledged", f.LONG),
)
COMMUNICATION_FIELDS = (
    Field("audience", "Audience"),
    Field("date", "Date", f.DATE),
    Field("how", "How", f.LONG),
)
SCOPE_GROUPS = (
    (
        "terms",
        "Terms and period",
        (
            Field("terms_of_reference", "Terms of ref.", f.LONG),
            Field("period.start", "Period start", f.DATE, optional=True),
            Field("period.end", "Period end", f.DATE, optional=True),
            Field("period.rationale", "Why this", f.LONG),
        ),
    ),
    (
        "proportionality",
        "Proportionality",
        (
            Field("proportionality.case_factors", "Case factors", f.LINES),
            Field("proportionality.context_factors", "Context", f.LINES),
            Field("proportionality.rationale", "Rationale", f.LONG),
        ),
    ),
    (
        "methodology",
        "Methodology",
        (
            Field("methodology.model", "Model"),
            Field("methodology.description", "Description", f.LONG),
            Field("methodology.techniques", "Techniques", f.LINES),
        ),
    ),
    (
        "governance",
        "Governance",
        (
            Field("governance.conducted_by", "Conducted by"),
            Field("governance.quality_assured_by", "QA by"),
            Field("governance.signed_off_by", "Signed off by"),
        ),
    ),
    (
        "involvement",
        "Involvement",
        (
            Field("involvement.family", "Family", f.LONG),
            Field("involvement.practitioners", "Practitioners", f.LONG),
        ),
    ),
)
LOE_FIELDS = (Field("id", "Id", f.READONLY), Field("question", "Question", f.LONG))
AGENCY_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("name", "Name"),
    Field("role", "Role", f.LONG),
)
SOURCE_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("title", "Title"),
    Field("kind", "Kind", f.CHOICE, m.SOURCE_KINDS),
    Field("agency", "Agency", f.CHOICE, (AGENCIES,)),
    Field("requested", "Requested", f.DATE, optional=True),
    Field("received", "Received", f.DATE, optional=True),
    Field("access", "Access", f.CHOICE, m.ACCESS),
    Field("non_cooperation", "Why not full", f.LONG),
    Field("location", "Kept at"),
    Field("notes", "Notes", f.LONG),
)
ENTRY_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("date", "Date", f.DATE),
    Field("precision", "Precision", f.CHOICE, m.PRECISIONS),
    Field("what", "What", f.LONG),
    Field("who", "Who"),
    Field("source", "Source"),
    Field("significance", "Significance", f.LONG),
)
EPISODE_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("title", "Title"),
    Field("start", "Start", f.DATE),
    Field("end", "End", f.DATE),
    Field("chronology", "Chronology", f.IDS),
    Field("standard", "Standard", f.LONG),
    Field("hindsight_technique", "Hindsight", f.LONG),
)
FACTOR_FIELDS = (
    Field("category", "Category", f.CHOICE, m.FACTOR_CATEGORIES),
    Field("type", "Type", f.CHOICE, m.FACTOR_TYPES),
    Field("description", "Description", f.LONG),
    Field("evidence", "Evidence", f.IDS),
)
FINDING_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("title", "Title"),
    Field("priority", "Priority", f.INT),
    Field("evidence", "Evidence", f.IDS),
)
CHALLENGE_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("target", "Target"),
    Field("raised_by", "Raised by"),
    Field("raised", "Raised", f.DATE, optional=True),
    Field("status", "Status", f.CHOICE, m.CHALLENGE_STATUSES),
)
PERSON_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("name", "Real name"),
    Field("aliases", "Aliases", f.NAMES),
    Field("label", "Label"),
    Field("role", "Role", f.CHOICE, m.ROLES),
)
ENTITY_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("name", "Real name"),
    Field("aliases", "Aliases", f.NAMES),
    Field("label", "Label"),
)
SURNAME_FIELDS = (Field("name", "Surname"), Field("label", "Label"))
ALLOW_FIELDS = (Field("text", "Text"), Field("reason", "Reason", f.LONG))
REGISTER_KINDS = (
    ("person", "People", PERSON_FIELDS),
    ("place", "Places", ENTITY_FIELDS),
    ("organisation", "Organisations", ENTITY_FIELDS),
    ("term", "Terms", ENTITY_FIELDS),
    ("surname", "Shared surnames", SURNAME_FIELDS),
    ("allow", "Allowed in publication", ALLOW_FIELDS),
)

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
}


@dataclass
class RecordRef:
    """One row of a part's record list: a table inside a file, and the fields it shows."""

    part: str
    rel: str
    label: str
    kind: str
    locator: tuple = ()  # (array name, id or index) pairs down to the record's table
    fields: tuple[Field, ...] = ()
    body: bool = False  # the Markdown body is edited with this record
    record_id: str = ""
    prefix: str = ""  # key path of the table in the file, for finding a problem's line
    removable: bool = True
    movable: bool = False

    @property
    def key(self) -> str:
        return record_key(self.rel, self.locator, self.prefix)

    @property
    def title(self) -> str:
        """What the editor's heading calls the record."""
        return f"{self.label}  ({self.rel})"


def record_key(rel: str, locator: tuple = (), prefix: str = "") -> str:
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


# -- reading tables ----------------------------------------------------------------------------
def base_table(document: Document, create: bool = False):
    """The TOML of a document: the whole file, or a Markdown file's front matter."""
    if hasattr(document, "doc"):
        return document.doc
    if document.front is None and create:
        document.front = tomlkit.document()
    return document.front


def table_of(document: Document, ref: RecordRef, create: bool = False):
    """The tomlkit table a record lives in, or None if it is gone."""
    return table_in(base_table(document, create), ref)


def stored_table_of(document: Document, ref: RecordRef):
    """The record's table as the file was last read or saved (None if it was not there)."""
    return table_in(stored_base(document), ref)


def table_in(node, ref: RecordRef):
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


def _text(table, key: str) -> str:
    value = f.get(table, key)
    return f.to_text(Field(key, key), value) if value is not None else ""


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _array(table, name: str) -> list:
    value = table.get(name) if table is not None else None
    return list(value) if value is not None and hasattr(value, "__iter__") else []


# -- rows per part -----------------------------------------------------------------------------
def rows(part: str, session: Session, only: set[str] | None = None) -> list[Row]:
    """The part's rows; with `only`, just the rows of those files (for relabelling)."""
    builder = _BUILDERS.get(part)
    if builder is None:
        return []
    if only is not None:
        single = SINGLE_FILE.get(part)
        if single is not None:
            return builder(session) if single in only else []
        return builder(session, only)
    return builder(session)


def _single(session: Session, part: str) -> tuple[Document | None, list[Row]]:
    rel = SINGLE_FILE[part]
    document = session.open(rel)
    if document is None:
        problem = session.broken.get(rel)
        return None, [Broken(rel, problem, part)] if problem else []
    return document, []


def _purpose_rows(session: Session) -> list[Row]:
    document, found = _single(session, "purpose")
    if document is None:
        return found
    rel = document.rel
    found.append(
        RecordRef("purpose", rel, "Purpose statement", "purpose", body=True, removable=False)
    )
    front = base_table(document)
    found.append(Heading("Complicating factors", "h:factors"))
    for index, table in enumerate(_array(front, "complicating_factor")):
        found.append(
            RecordRef(
                "purpose",
                rel,
                f"{_text(table, 'kind') or 'factor'}: {_short(_text(table, 'description'), 30)}",
                "complicating_factor",
                (("complicating_factor", index),),
                COMPLICATING_FIELDS,
                prefix=f"complicating_factor[{index}]",
            )
        )
    found.append(Heading("Who was told", "h:communications"))
    for index, table in enumerate(_array(front, "communication")):
        found.append(
            RecordRef(
                "purpose",
                rel,
                f"{_text(table, 'date')} {_short(_text(table, 'audience'), 30)}",
                "communication",
                (("communication", index),),
                COMMUNICATION_FIELDS,
                prefix=f"communication[{index}]",
            )
        )
    return found


def _scope_rows(session: Session) -> list[Row]:
    document, found = _single(session, "scope")
    if document is None:
        return found
    rel, doc = document.rel, document.doc
    groups = {key: (label, fields) for key, label, fields in SCOPE_GROUPS}
    label, fields = groups["terms"]
    found.append(RecordRef("scope", rel, label, "scope", fields=fields, removable=False))
    found.append(Heading("Lines of enquiry", "h:loe"))
    for index, table in enumerate(_array(doc, "line_of_enquiry")):
        ident = _text(table, "id")
        found.append(
            RecordRef(
                "scope",
                rel,
                f"{ident} {_short(_text(table, 'question'), 30)}",
                "line_of_enquiry",
                (("line_of_enquiry", ident or index),),
                LOE_FIELDS,
                record_id=ident,
                prefix=f"line_of_enquiry[{index}]",
            )
        )
    found.append(Heading("Agencies", "h:agencies"))
    for index, table in enumerate(_array(doc, "agency")):
        ident = _text(table, "id")
        found.append(
            RecordRef(
                "scope",
                rel,
                ident or f"agency {index + 1}",
                "agency",
                (("agency", ident or index),),
                AGENCY_FIELDS,
                record_id=ident,
                prefix=f"agency[{index}]",
            )
        )
    found.append(Heading("Approach", "h:approach"))
    for key in ("proportionality", "methodology", "governance", "involvement"):
        label, fields = groups[key]
        found.append(
            RecordRef("scope", rel, label, "scope", fields=fields, removable=False, prefix=key)
        )
    return found


def _folder_rows(session: Session, part: str, make, only: set[str] | None = None) -> list[Row]:
    found: list[Row] = []
    rels = (
        session.folder(FOLDER_OF[part])
        if only is None
        else sorted(rel for rel in only if rel.startswith(f"{FOLDER_OF[part]}/"))
    )
    for rel in rels:
        document = session.open(rel)
        if document is None:
            found.append(Broken(rel, session.broken.get(rel), part))
            continue
        found.extend(make(document))
    return found


def _source_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    from ..current_day import today  # noqa: PLC0415
    from ..status import state_of  # noqa: PLC0415

    day, overdue_days = today(), _overdue_days(session)

    def make(document):
        doc = document.doc
        ident = _text(doc, "id") or document.path.stem
        state = state_of(
            _text(doc, "access"), _date(doc, "requested"), _date(doc, "received"), day, overdue_days
        )
        shown = "" if state == "received" else f"[{state}] "
        return [
            RecordRef(
                "sources",
                document.rel,
                f"{ident} {shown}{_title(doc)}",
                "source",
                fields=SOURCE_FIELDS,
                record_id=ident,
            )
        ]

    return _folder_rows(session, "sources", make, only)


def _date(table, key: str) -> date | None:
    value = table.get(key) if hasattr(table, "get") else None
    return value if isinstance(value, date) else None


def _overdue_days(session: Session) -> int:
    """review.toml's `[sources] overdue_after_days` (28 when unset or not a number)."""
    review = session.open("review.toml")
    sources = review.doc.get("sources") if review is not None else None
    days = sources.get("overdue_after_days") if hasattr(sources, "get") else None
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else 28


def _chronology_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    def make(document):
        doc = document.doc
        agency = _text(doc, "agency") or document.path.stem
        found: list[Row] = [Heading(f"{agency}", f"h:{document.rel}")]
        for index, table in enumerate(_array(doc, "entry")):
            ident = _text(table, "id")
            found.append(
                RecordRef(
                    "chronology",
                    document.rel,
                    f"{ident} {_text(table, 'date')} {_short(_text(table, 'what'), 40)}",
                    "entry",
                    (("entry", ident or index),),
                    ENTRY_FIELDS,
                    record_id=ident,
                    prefix=f"entry[{index}]",
                    movable=True,
                )
            )
        return found

    return _folder_rows(session, "chronology", make, only)


def _episode_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    def make(document):
        front = base_table(document)
        ident = _text(front, "id") or document.path.stem
        found: list[Row] = [
            RecordRef(
                "episodes",
                document.rel,
                f"{ident} {_title(front)}",
                "episode",
                fields=EPISODE_FIELDS,
                body=True,
                record_id=ident,
            )
        ]
        for index, table in enumerate(_array(front, "factor")):
            found.append(
                RecordRef(
                    "episodes",
                    document.rel,
                    f"  {ident} factor {index + 1}: {_text(table, 'category')}",
                    "factor",
                    (("factor", index),),
                    FACTOR_FIELDS,
                    prefix=f"factor[{index}]",
                )
            )
        return found

    return _folder_rows(session, "episodes", make, only)


def _finding_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    def make(document):
        front = base_table(document)
        ident = _text(front, "id") or document.path.stem
        priority = f.get(front, "priority")
        shown = f"{priority}." if isinstance(priority, int) else "-."
        return [
            RecordRef(
                "findings",
                document.rel,
                f"{shown} {ident} {_title(front)}",
                "finding",
                fields=FINDING_FIELDS,
                body=True,
                record_id=ident,
                movable=True,
            )
        ]

    found = _folder_rows(session, "findings", make, only)
    return sorted(found, key=_priority_order(session))


def _priority_order(session: Session):
    def order(row):
        if not isinstance(row, RecordRef):
            return (2, 0, row.rel)
        priority = f.get(base_table(session.documents[row.rel]), "priority")
        known = isinstance(priority, int)
        return (0 if known else 1, priority if known else 0, row.record_id)

    return order


def _register_rows(session: Session) -> list[Row]:
    document, found = _single(session, "register")
    if document is None:
        return found
    doc = document.doc
    for kind, heading, fields in REGISTER_KINDS:
        found.append(Heading(heading, f"h:{kind}"))
        for index, table in enumerate(_array(doc, kind)):
            ident = _text(table, "id")
            name = _text(table, "text") if kind == "allow" else _text(table, "name")
            label = f"{ident} {name}" if ident else name
            found.append(
                RecordRef(
                    "register",
                    document.rel,
                    label or f"{kind} {index + 1}",
                    kind,
                    ((kind, index),),
                    fields,
                    record_id=ident,
                    prefix=f"{kind}[{index}]",
                )
            )
    return found


def _challenge_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    statuses: dict[str, str] = {}

    def make(document):
        front = base_table(document)
        ident = _text(front, "id") or document.path.stem
        statuses[document.rel] = _text(front, "status") or "open"
        return [
            RecordRef(
                "challenges",
                document.rel,
                f"{ident} on {_text(front, 'target')}",
                "challenge",
                fields=CHALLENGE_FIELDS,
                body=True,
                record_id=ident,
            )
        ]

    found = _folder_rows(session, "challenges", make, only)
    if only is not None:
        return found
    order = list(m.CHALLENGE_STATUSES)
    grouped: list[Row] = []
    for status in [*order, *sorted(set(statuses.values()) - set(order))]:
        group = [
            row for row in found if isinstance(row, RecordRef) and statuses.get(row.rel) == status
        ]
        if group:
            grouped.append(Heading(f"{status.capitalize()} ({len(group)})", f"h:{status}"))
            grouped += group
    return grouped + [row for row in found if isinstance(row, Broken)]


def part_files(part: str, session: Session) -> list[str]:
    """The files a part shows (and the marker files its checklist reads) not yet open."""
    rels = list(session.folder("markers"))
    if part in SINGLE_FILE:
        rels.append(SINGLE_FILE[part])
    elif part in FOLDER_OF:
        rels += session.folder(FOLDER_OF[part])
    if part in ("chronology", "sources"):
        rels.append("scope.toml")  # the agencies, for the form's choices
    return [rel for rel in rels if rel not in session.documents]


def open_part_files(root, part: str, rels: list[str]):
    """In a worker: open files without touching the UI's session; (opened, broken, rows).

    `rows` is None when some file of the part was already open in the UI (it is read there).
    """
    scratch = Session(root)
    for rel in rels:
        scratch.open(rel)
    needed = (
        set(scratch.folder(FOLDER_OF[part]))
        if part in FOLDER_OF
        else {SINGLE_FILE[part]}
        if part in SINGLE_FILE
        else set()
    )
    rows_read = rows(part, scratch) if needed <= set(rels) else None
    return scratch.documents, scratch.broken, rows_read


def overview_ref(model: m.ReviewModel | None = None, document: Document | None = None) -> RecordRef:
    """review.toml in the Overview: its dates are the milestones of the review's kind."""
    return RecordRef(
        "overview",
        "review.toml",
        "Review",
        "review",
        fields=review_fields(model, document),
        removable=False,
    )


LEGACY_DATES = ("incident", "referral", "decision", "commissioned", "report_due")


def review_fields(
    model: m.ReviewModel | None, document: Document | None = None
) -> tuple[Field, ...]:
    """The review's own fields, then a date per milestone of its kind (and a due date where
    the guidance sets no timescale, for you to set), then any other date the file holds, so
    that nothing in review.toml is hidden from the form."""
    from ..kinds import LEGACY_KIND  # noqa: PLC0415
    from ..store.kinds import available, resolve, shipped_kinds  # noqa: PLC0415

    if model is not None:
        kind, kinds = resolve(model).kind, tuple(sorted(available(model)))
    else:  # before the review is loaded: the shipped kinds, by the name in the file
        shipped = {k.id: k for k in shipped_kinds()}
        if document is not None and hasattr(document, "doc"):
            own = document.root / "kinds"
            names = {p.stem for p in own.glob("*.toml")} if own.is_dir() else set()
            name = str(document.doc.get("kind") or LEGACY_KIND)
        else:
            names, name = set(), LEGACY_KIND
        kind, kinds = shipped.get(name), tuple(sorted(set(shipped) | names))
    base = [fld for fld in REVIEW_FIELDS if not fld.key.startswith("dates.")]
    if kinds:
        base.insert(2, Field("kind", "Kind", f.CHOICE, kinds))
    if kind is not None and kind.stages:
        base = [
            Field("stage", "Stage", f.CHOICE, tuple(kind.stages)) if fld.key == "stage" else fld
            for fld in base
        ]
    dates = (
        f.get(document.doc, "dates") if document is not None and hasattr(document, "doc") else None
    )
    recorded = set(dates) if isinstance(dates, dict) else set()
    keys = ["incident"]
    if kind is not None and kind.milestones:
        for milestone in kind.milestones:
            keys.append(milestone.id)
            # A due date to set by hand: where the guidance gives no timescale and the
            # milestone has not happened yet (or a due date is already recorded).
            open_ended = (
                not milestone.timescale and not milestone.before and milestone.sense == "by"
            )
            if open_ended and (milestone.id not in recorded or f"{milestone.id}_due" in recorded):
                keys.append(f"{milestone.id}_due")
    else:
        keys += list(LEGACY_DATES[1:])
    if isinstance(dates, dict):
        keys += [key for key in dates if key not in keys]
    return tuple(base) + tuple(
        Field(f"dates.{key}", _date_label(key), f.DATE, optional=True)
        for key in dict.fromkeys(keys)
    )


def _date_label(key: str) -> str:
    words = key.removesuffix("_due").replace("_", " ").capitalize()
    return f"{words} due" if key.endswith("_due") else words


_BUILDERS = {
    "purpose": _purpose_rows,
    "scope": _scope_rows,
    "sources": _source_rows,
    "chronology": _chronology_rows,
    "episodes": _episode_rows,
    "findings": _finding_rows,
    "register": _register_rows,
    "challenges": _challenge_rows,
}


def locate(document: Document, refs: list[RecordRef], line: int | None):
    """The record (and field key) at a line of a file: (ref, key) or (ref, None) or (None, None).

    Uses the same key scan as the loader, so a problem's line leads back to its record; a
    line in a Markdown body returns the body record with key "@body".
    """
    if not refs:
        return None, None
    if line is None:
        return refs[0], None
    text = document.original or document.render()  # lines count in the file as saved
    first_line = 1
    if not hasattr(document, "doc"):
        split = split_front_matter(text)
        if line >= split.body_line:
            body = next((r for r in refs if r.body), refs[0])
            return body, "@body"
        text, first_line = split.front_matter or "", split.front_line
    keys = locate_keys(text, first_line)
    best, best_line = refs[0], 0
    for ref in refs:
        if ref.prefix and ref.prefix in keys:
            start = keys[ref.prefix][0]
            if best_line < start <= line:
                best, best_line = ref, start
    key = None
    for path, (key_line, _col) in keys.items():
        if key_line != line:
            continue
        inner = (
            path[len(best.prefix) + 1 :] if best.prefix and path.startswith(best.prefix) else path
        )
        if any(fd.key == inner for fd in best.fields):
            key = inner
    return best, key


# -- ids for new records ----------------------------------------------------------------------
class IdsInUse:
    """Every id the loaded model knows plus those only in open (maybe unsaved) documents.

    `store.records` asks a model for `known_ids()` and `findings`; this stands in for one so
    that two records added before a save never get the same id.
    """

    def __init__(self, model: m.ReviewModel | None, session: Session) -> None:
        self._model = model
        self._session = session

    def known_ids(self) -> dict[str, object]:
        ids: dict[str, object] = dict(self._model.known_ids()) if self._model else {}
        for rel, document in self._session.documents.items():
            ids.setdefault(rel.rsplit("/", 1)[-1].split(".")[0], rel)
            table = base_table(document)
            if table is None:
                continue
            for name in ("entry", "line_of_enquiry", "person", "place", "organisation", "term"):
                for item in _array(table, name):
                    ident = f.get(item, "id")
                    if isinstance(ident, str):
                        ids.setdefault(ident, rel)
        return ids

    @property
    def findings(self) -> list:
        priorities = {}
        if self._model is not None:
            priorities = {x.id: x.priority for x in self._model.findings}
        for rel, document in self._session.documents.items():
            if rel.startswith("findings/"):
                front = base_table(document)
                value = f.get(front, "priority") if front is not None else None
                priorities[rel] = value if isinstance(value, int) else None
        return [SimpleNamespace(priority=p) for p in priorities.values()]


# -- structural edits --------------------------------------------------------------------------
@dataclass
class Added:
    """Where a new record went, so the UI can select it."""

    rel: str
    locator: tuple = ()
    new_file: bool = False
    notes: list[str] = field(default_factory=list)


def add_record(
    session: Session,
    model: m.ReviewModel | None,
    kind: str,
    near: RecordRef | None = None,
    value: str = "",
) -> Added:
    """Create a record of `kind` with a tool-assigned id; `value` is a name or target asked for.

    New files are added to the session unsaved; new tables are appended to their document.
    """
    ids = IdsInUse(model, session)
    root = session.root
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
    if kind == "entry":
        return _add_entry(session, ids, near, value)
    if kind == "factor":
        if near is None or near.part != "episodes":
            raise ValueError("choose the key practice episode to add a factor to")
        document = session.documents[near.rel]
        front = base_table(document, create=True)
        table = tomlkit.table()
        table.update(
            {"category": "task", "type": "contributory", "description": "", "evidence": []}
        )
        _aot(front, "factor").append(table)
        return Added(near.rel, (("factor", len(front["factor"]) - 1),))
    if kind in ("complicating_factor", "communication"):
        document = session.open("purpose.md")
        front = base_table(document, create=True)
        table = tomlkit.table()
        if kind == "complicating_factor":
            table.update({"kind": "other", "description": "", "acknowledged": ""})
        else:
            table.update({"audience": "", "how": ""})  # the date: when it happened
        _aot(front, kind).append(table)
        return Added("purpose.md", ((kind, len(front[kind]) - 1),))
    if kind == "line_of_enquiry":
        document = session.open("scope.toml")
        ident = records.next_id(list(ids.known_ids()), "line_of_enquiry")
        table = tomlkit.table()
        table.update({"id": ident, "question": value})
        _aot(document.doc, kind).append(table)
        return Added("scope.toml", ((kind, ident),))
    if kind == "agency":
        document = session.open("scope.toml")
        ident = slug(value)
        if not ident:
            raise ValueError("an agency needs a name")
        existing = {f.get(t, "id") for t in _array(document.doc, "agency")}
        if ident in existing:
            raise ValueError(f"there is already an agency '{ident}'")
        table = tomlkit.table()
        table.update({"id": ident, "name": value, "role": ""})
        _aot(document.doc, kind).append(table)
        return Added("scope.toml", ((kind, ident),))
    if kind in {k for k, _, _ in REGISTER_KINDS}:
        document = session.open("register.toml")
        table = tomlkit.table()
        if kind == "allow":
            table.update({"text": value, "reason": ""})
        elif kind == "surname":
            table.update({"name": value, "label": ""})
        else:
            table["id"] = records.next_id(list(ids.known_ids()), kind)
            table.update({"name": value, "aliases": [], "label": ""})
            if kind == "person":
                table["role"] = "other"
        _aot(document.doc, kind).append(table)
        return Added("register.toml", ((kind, len(document.doc[kind]) - 1),))
    raise ValueError(f"cannot add a {kind}")


def _title(table) -> str:
    """A record's title in the list; a new record says it has none yet."""
    return _text(table, "title") or "(no title yet)"


def _aot(table, name: str):
    if name not in table:
        table[name] = tomlkit.aot()
    return table[name]


def _who() -> str:
    from ..store.gitrepo import GitError, identity  # noqa: PLC0415 - git only when asked

    try:
        return identity()[0]
    except GitError:
        return ""


def chronology_agencies(session: Session) -> list[str]:
    """Agencies in scope.toml (the files a chronology entry may go into)."""
    scope = session.open("scope.toml")
    if scope is None:
        return []
    return [str(f.get(t, "id")) for t in _array(scope.doc, "agency") if f.get(t, "id")]


def _add_entry(session: Session, ids: IdsInUse, near: RecordRef | None, agency: str) -> Added:
    rel = (
        f"chronology/{agency}.toml"
        if agency
        else (near.rel if near is not None and near.part == "chronology" else "")
    )
    if not rel:
        raise ValueError("choose the agency whose chronology the entry goes in")
    document = (
        session.open(rel) if (session.root / rel).exists() or rel in session.documents else None
    )
    new_file = False
    if document is None:
        if (session.root / rel).exists():
            raise ValueError(f"{rel} cannot be read; fix it first")
        doc = tomlkit.document()
        doc["agency"] = agency
        from ..store.documents import TomlFile  # noqa: PLC0415

        document = TomlFile.new(session.root, rel, doc)
        session.add(document)
        new_file = True
    # No real date: the review period's start (the entry shows unsaved until it is given its
    # own), and the entry stands where that date puts it.
    start = _period_start(session)
    ident = records.add_chronology_entry(
        document, ids, when=start, what="", source="", in_date_order=True
    )
    return Added(rel, (("entry", ident),), new_file=new_file)


def _period_start(session: Session) -> date | None:
    scope = session.open("scope.toml")
    period = scope.doc.get("period") if scope is not None else None
    start = period.get("start") if hasattr(period, "get") else None
    return start if isinstance(start, date) else None


def remove_record(session: Session, ref: RecordRef) -> str:
    """Remove a record: "file" when its whole file goes, "table" when a table was cut out."""
    if ref.kind in ("source", "episode", "finding", "challenge"):
        return "file"
    document = session.documents[ref.rel]
    table = base_table(document)
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
    return "table"


def move_record(session: Session, ref: RecordRef, delta: int, order: list[RecordRef]) -> list[str]:
    """Move a chronology entry within its file, or a finding up/down in priority.

    `order` is the part's records as listed. Returns the files changed ([] if it cannot move).
    """
    if ref.kind == "entry":
        document = session.documents[ref.rel]
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
        if not isinstance(a, int) or not isinstance(b, int):
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
