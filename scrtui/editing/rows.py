"""The rows of each part's record list, built from the open documents of a session.

Each part of the left navigation maps to files of the workspace (part_files); each row says
which file and table it stands for (refs) and which fields its form shows (forms).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from .. import model as m
from ..problems import Problem
from ..store.documents import TomlFile
from . import fields as f
from .forms import (
    ACTION_FIELDS,
    AGENCY_FIELDS,
    CHALLENGE_FIELDS,
    COMMUNICATION_FIELDS,
    COMPLICATING_FIELDS,
    ENTRY_FIELDS,
    EPISODE_FIELDS,
    EVIDENCE_FIELDS,
    FACTOR_FIELDS,
    FINDING_FIELDS,
    LOE_FIELDS,
    REGISTER_KINDS,
    SCOPE_GROUPS,
    SOURCE_FIELDS,
    review_fields,
)
from .part_files import FOLDER_OF, SINGLE_FILE
from .refs import Broken, Heading, RecordRef, Row, base_table, items_of, text_of
from .session import Document, Session

# A part's rows from its files: a single file's builder takes the session, a folder's also the
# files to build (`only`, None for all of them).
Builder = Callable[..., list[Row]]


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
    for index, table in enumerate(items_of(front, "complicating_factor")):
        found.append(
            RecordRef(
                "purpose",
                rel,
                f"{text_of(table, 'kind') or 'factor'}: "
                f"{_short(text_of(table, 'description'), 30)}",
                "complicating_factor",
                (("complicating_factor", index),),
                COMPLICATING_FIELDS,
                prefix=f"complicating_factor[{index}]",
            )
        )
    found.append(Heading("Who was told", "h:communications"))
    for index, table in enumerate(items_of(front, "communication")):
        found.append(
            RecordRef(
                "purpose",
                rel,
                f"{text_of(table, 'date')} {_short(text_of(table, 'audience'), 30)}",
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
    rel, doc = document.rel, base_table(document)
    groups = {key: (label, fields) for key, label, fields in SCOPE_GROUPS}
    label, fields = groups["terms"]
    found.append(RecordRef("scope", rel, label, "scope", fields=fields, removable=False))
    found.append(Heading("Lines of enquiry", "h:loe"))
    for index, table in enumerate(items_of(doc, "line_of_enquiry")):
        ident = text_of(table, "id")
        found.append(
            RecordRef(
                "scope",
                rel,
                f"{ident} {_short(text_of(table, 'question'), 30)}",
                "line_of_enquiry",
                (("line_of_enquiry", ident or index),),
                LOE_FIELDS,
                record_id=ident,
                prefix=f"line_of_enquiry[{index}]",
            )
        )
    found.append(Heading("Agencies", "h:agencies"))
    for index, table in enumerate(items_of(doc, "agency")):
        ident = text_of(table, "id")
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


def _folder_rows(
    session: Session,
    part: str,
    make: Callable[[Document], list[Row]],
    only: set[str] | None = None,
) -> list[Row]:
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

    def make(document: Document) -> list[Row]:
        doc = base_table(document)
        ident = text_of(doc, "id") or document.path.stem
        requested, received = _date(doc, "requested"), _date(doc, "received")
        state = state_of(text_of(doc, "access"), requested, received, day, overdue_days)
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


def _date(table: object, key: str) -> date | None:
    value = table.get(key) if hasattr(table, "get") else None
    return value if isinstance(value, date) else None


def _overdue_days(session: Session) -> int:
    """review.toml's `[sources] overdue_after_days` (28 when unset or not a number)."""
    review = session.open("review.toml")
    doc = base_table(review) if review is not None else None
    sources = doc.get("sources") if doc is not None else None
    days = sources.get("overdue_after_days") if isinstance(sources, Mapping) else None
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else 28


def _chronology_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    def make(document: Document) -> list[Row]:
        doc = base_table(document)
        agency = text_of(doc, "agency") or document.path.stem
        found: list[Row] = [Heading(f"{agency}", f"h:{document.rel}")]
        for index, table in enumerate(items_of(doc, "entry")):
            ident = text_of(table, "id")
            found.append(
                RecordRef(
                    "chronology",
                    document.rel,
                    f"{ident} {text_of(table, 'date')} {_short(text_of(table, 'what'), 40)}",
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
    def make(document: Document) -> list[Row]:
        front = base_table(document)
        ident = text_of(front, "id") or document.path.stem
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
        for index, table in enumerate(items_of(front, "factor")):
            found.append(
                RecordRef(
                    "episodes",
                    document.rel,
                    f"  {ident} factor {index + 1}: {text_of(table, 'category')}",
                    "factor",
                    (("factor", index),),
                    FACTOR_FIELDS,
                    prefix=f"factor[{index}]",
                )
            )
        return found

    return _folder_rows(session, "episodes", make, only)


def _finding_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    def make(document: Document) -> list[Row]:
        front = base_table(document)
        ident = text_of(front, "id") or document.path.stem
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


def _priority_order(session: Session) -> Callable[[Row], tuple[int, int, str]]:
    def order(row: Row) -> tuple[int, int, str]:
        if not isinstance(row, RecordRef):
            assert isinstance(row, Broken)  # a folder's rows are its records and broken files
            return (2, 0, row.rel)
        priority = f.get(base_table(session.documents[row.rel]), "priority")
        if isinstance(priority, int):
            return (0, priority, row.record_id)
        return (1, 0, row.record_id)

    return order


def findings_in_order(session: Session) -> list[tuple[str, str]]:
    """(id, title) of each finding, in priority order, as the Findings part lists them."""
    return [
        (row.record_id, text_of(base_table(session.documents[row.rel]), "title"))
        for row in _finding_rows(session)
        if isinstance(row, RecordRef)
    ]


def _action_rows(session: Session, only: set[str] | None = None) -> list[Row]:
    """Each action under the finding it answers (findings in priority order, as `scr actions`
    lists them), its state in the list (OVERDUE when open past its due date), then its
    evidence of impact."""
    from ..current_day import today  # noqa: PLC0415
    from .plan import action_of  # noqa: PLC0415

    day = today()
    answers: dict[str, str] = {}

    def make(document: Document) -> list[Row]:
        action = action_of(document)
        ident = action.id or document.path.stem
        overdue = action.overdue(day)
        answers[document.rel] = action.finding
        found: list[Row] = [
            RecordRef(
                "actions",
                document.rel,
                f"{ident} {'OVERDUE' if overdue else action.status or '(no status)'}",
                "action",
                fields=ACTION_FIELDS,
                record_id=ident,
                warning=overdue,
            )
        ]
        assert isinstance(document, TomlFile)  # the actions folder holds TOML records
        for index, table in enumerate(items_of(document.doc, "evidence")):
            found.append(
                RecordRef(
                    "actions",
                    document.rel,
                    f"  - impact {text_of(table, 'date') or '(no date)'}",
                    "evidence",
                    (("evidence", index),),
                    EVIDENCE_FIELDS,
                    prefix=f"evidence[{index}]",
                )
            )
        return found

    found = _folder_rows(session, "actions", make, only)
    if only is not None:
        return found
    titles = dict(findings_in_order(session))
    grouped: list[Row] = []
    for finding in [*titles, *sorted(set(answers.values()) - set(titles))]:
        group = [row for row in found if isinstance(row, RecordRef) and answers[row.rel] == finding]
        if not group:
            continue
        if finding in titles:
            heading = f"{finding} {titles[finding] or '(no title yet)'}"
        else:
            heading = f"{finding} (not a finding)" if finding else "(no finding yet)"
        grouped += [Heading(heading, f"h:{finding}"), *group]
    return grouped + [row for row in found if isinstance(row, Broken)]


def _register_rows(session: Session) -> list[Row]:
    document, found = _single(session, "register")
    if document is None:
        return found
    doc = base_table(document)
    for kind, heading, fields in REGISTER_KINDS:
        found.append(Heading(heading, f"h:{kind}"))
        for index, table in enumerate(items_of(doc, kind)):
            ident = text_of(table, "id")
            name = text_of(table, "text") if kind == "allow" else text_of(table, "name")
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

    def make(document: Document) -> list[Row]:
        front = base_table(document)
        ident = text_of(front, "id") or document.path.stem
        statuses[document.rel] = text_of(front, "status") or "open"
        return [
            RecordRef(
                "challenges",
                document.rel,
                f"{ident} on {text_of(front, 'target')}",
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
    if part in ("chronology", "sources", "actions"):
        rels.append("scope.toml")  # the agencies, for the form's choices
    if part == "actions":
        rels += session.folder("findings")  # the findings an action answers, with their titles
    return [rel for rel in rels if rel not in session.documents]


def open_part_files(
    root: Path, part: str, rels: list[str]
) -> tuple[dict[str, Document], dict[str, Problem], list[Row] | None]:
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


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _title(table: object) -> str:
    """A record's title in the list; a new record says it has none yet."""
    return text_of(table, "title") or "(no title yet)"


_BUILDERS: dict[str, Builder] = {
    "purpose": _purpose_rows,
    "scope": _scope_rows,
    "sources": _source_rows,
    "chronology": _chronology_rows,
    "episodes": _episode_rows,
    "findings": _finding_rows,
    "register": _register_rows,
    "challenges": _challenge_rows,
    "actions": _action_rows,
}
