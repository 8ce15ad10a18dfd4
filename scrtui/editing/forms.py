"""What the form of each kind of record shows: its fields, in order, with their kinds.

The review's own form (review.toml) depends on its kind: a date per milestone of the kind.
"""

from __future__ import annotations

from .. import model as m
from . import fields as f
from .fields import Field
from .session import Document

AGENCIES = "@agencies"  # choices filled in from scope.toml when the form is built
FINDINGS = "@findings"  # choices filled in from findings/ (editing.choices)

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
ACTION_FIELDS = (
    Field("id", "Id", f.READONLY),
    Field("finding", "Finding", f.CHOICE, (FINDINGS,)),
    Field("response", "Response", f.LONG),
    Field("action", "Action", f.LONG),
    Field("agency", "Agency", f.CHOICE, (AGENCIES,)),
    Field("role", "Owner (role)"),
    Field("due", "Due", f.DATE, optional=True),
    Field("status", "Status", f.CHOICE, m.ACTION_STATUSES),
    Field("reason", "Why dropped", f.LONG, optional=True),
)
EVIDENCE_FIELDS = (
    Field("date", "Date", f.DATE, optional=True),
    Field("source", "Source (id)", optional=True),
    Field("note", "Note", f.LONG),
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
