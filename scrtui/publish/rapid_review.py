"""The rapid review document, assembled from the workspace like the draft.

Pure: a loaded review in, chunks out (see `assemble`). Each part comes from one place, so a
reader (and docs/rapid-review.md) can say where: the facts, the learning, the action taken,
the criteria and the decision from rapid-review.md; the agencies from scope.toml; the
timescales from the dates in review.toml and the kind's milestones. Only months reach the
document, never an exact day: the build time is the only thing that may differ between two
builds of the same commit.
"""

from __future__ import annotations

from functools import partial

from .. import kinds
from .. import model as m
from ..workdays import working_days_between
from . import mdtext
from .audit import provenance_section
from .draft import CONTENTS, STAMP, Draft, preamble, section_line
from .provenance import Provenance
from .refs import References

# the milestones the rapid review answers for, in the order they happen
MILESTONES = ("notification", "decision", "rapid_review")
NOT_WRITTEN = "*Not yet written.*"
DECISIONS = {
    "lcspr": "decided to commission a Local Child Safeguarding Practice Review",
    "no-lcspr": "decided not to commission a Local Child Safeguarding Practice Review",
}


def assemble(
    review: m.ReviewModel,
    refs: References,
    provenance: Provenance,
    problems: int,
    kind: kinds.Kind | None,
) -> Draft:
    """The rapid review: front facts, timescales, the facts, agencies, learning, action, the
    criteria and the decision, then provenance. `Draft.missing` names the parts not written."""
    draft = Draft()
    info = review.review
    rapid = review.rapid_review
    partners = (
        kind.commissioner if kind is not None and kind.commissioner else "safeguarding partners"
    )
    label = info.label if info is not None and info.label.strip() else ""
    draft.tool("# Rapid review")
    if label and info is not None:
        draft.tool(": ")
        draft.field(label, info.origin, "label", one_line=True)
    draft.title = f"Rapid review: {label}" if label else "Rapid review"
    draft.tool(f"\n\n{STAMP}\n\n")
    _front(draft, review, kind)
    draft.tool(f"{CONTENTS}\n\n")
    if rapid is not None:
        text, line = preamble(rapid.body, rapid.body_line)
        if text:
            draft.user(mdtext.fit_headings(text, 1, 0), rapid.origin.path, line)
            draft.tool("\n\n")
    _timescales(draft, review, kind)
    _part(draft, rapid, "The facts in brief")
    _agencies(draft, review, rapid)
    _part(draft, rapid, "Key practice episodes", optional=True)
    _part(draft, rapid, "Immediate learning")
    _part(draft, rapid, "Action already taken")
    _part(draft, rapid, "Racism and other inequalities")
    _criteria(draft, rapid, partners)
    _decision(draft, rapid, partners)
    if rapid is not None:
        for title, section in rapid.sections.items():
            if title not in m.RAPID_REVIEW_SECTIONS:
                _section(draft, rapid, section, title)
    draft.tool("## About this document {#about-this-document}\n\n")
    draft.tool(
        f"This is the {partners}' rapid review, made by scr from the review's records and "
        "anonymised like the report: people are named by their role or label, and only "
        "months are given.\n\n"
    )
    provenance_section(
        draft,
        provenance,
        problems,
        md_name="rapid-review.md",
        manifest_name="rapid-review-manifest.json",
    )
    draft.missing = [title for title in m.RAPID_REVIEW_NEEDED if not _written(rapid, title)]
    return draft.close()


def _written(rapid: m.RapidReview | None, title: str) -> bool:
    """Whether a part the rapid review must have is there: the criteria may be the
    front matter's answer alone; a decision needs its rationale."""
    if rapid is None:
        return False
    if title == "Whether the criteria for an LCSPR are met":
        return rapid.criteria_met is not None or bool(rapid.text(title))
    if title == "The decision and its rationale":
        return bool(rapid.decision) and bool(rapid.text(title))
    return bool(rapid.text(title))


def _front(draft: Draft, review: m.ReviewModel, kind: kinds.Kind | None) -> None:
    info = review.review
    if info is None:
        return
    if info.partnership:
        draft.tool("- **Partnership:** ")
        draft.field(info.partnership, info.origin, "partnership", one_line=True)
        draft.tool("\n")
    if kind is not None and kind.commissioner_long:
        draft.tool("- **Made by:** ")
        draft.field(kind.commissioner_long, kind.origin, "commissioner_long", one_line=True)
        draft.tool("\n")
    if kind is not None and kind.panel:
        draft.tool("- **Sent to:** the ")
        draft.field(kind.panel, kind.origin, "panel", one_line=True)
        draft.tool("\n")
    subject = kind.subject if kind is not None and kind.subject else "the child"
    draft.tool(f"- **{subject[:1].upper() + subject[1:]}:** ")
    draft.field(info.label, info.origin, "label", one_line=True)
    draft.tool("\n")
    incident = info.dates.get("incident")
    if incident is not None:
        draft.tool(f"- **Serious incident:** {mdtext.month_year(incident)}\n")
    draft.tool("\n")


def _timescales(draft: Draft, review: m.ReviewModel, kind: kinds.Kind | None) -> None:
    """Each timed step of the rapid review's clock: the month it happened, the step it is
    counted from, the working days between them, and what the guidance allows."""
    info = review.review
    steps = [
        ms
        for ms in (kind.milestones if kind is not None else [])
        if ms.id in MILESTONES and ms.timescale
    ]
    if info is None or kind is None or not steps:
        return
    steps.sort(key=lambda ms: MILESTONES.index(ms.id))
    names = {ms.id: ms.name for ms in kind.milestones}
    draft.tool("## Timescales {#timescales}\n\n")
    draft.tool("| Step | When | Counted from | Working days | Guidance |\n|---|---|---|---:|---|\n")
    for ms in steps:
        happened = info.dates.get(ms.id)
        when = mdtext.month_year(happened) if happened is not None else "not yet"
        anchor = next((name for name in ms.after if info.dates.get(name) is not None), None)
        start = names.get(anchor, f"The {anchor}") if anchor is not None else "-"
        days = "-"
        if happened is not None and anchor is not None:
            count = working_days_between(info.dates[anchor], happened, kind.nation)
            late = ms.working_days is not None and count > ms.working_days
            days = f"{count} (late)" if late else str(count)
        draft.tool(
            f"| {mdtext.cell(ms.name)} | {when} | {mdtext.cell(start)} | {days} | "
            f"within {ms.timescale} |\n"
        )
    draft.tool("\n")


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def _section(draft: Draft, rapid: m.RapidReview, section: m.Section, title: str) -> None:
    draft.tool("## ")
    draft.user(mdtext.one_line(title), rapid.origin.path, section.line)
    draft.tool("\n\n")
    _body(draft, rapid, section)


def _body(draft: Draft, rapid: m.RapidReview, section: m.Section) -> bool:
    if not section.text.strip():
        return False
    body = mdtext.fit_headings(section.text, 2, 0)
    draft.later(
        body, rapid.origin.path, partial(section_line, rapid.body, rapid.body_line, section)
    )
    draft.tool("\n\n")
    return True


def _part(draft: Draft, rapid: m.RapidReview | None, title: str, optional: bool = False) -> None:
    section = rapid.sections.get(title) if rapid is not None else None
    written = section is not None and section.text.strip()
    if optional and not written:
        return
    draft.tool(f"## {title} {{#{_anchor(title)}}}\n\n")
    if not written:
        draft.tool(f"{NOT_WRITTEN}\n\n")
        return
    assert rapid is not None and section is not None  # written: both are there
    _body(draft, rapid, section)


def _agencies(draft: Draft, review: m.ReviewModel, rapid: m.RapidReview | None) -> None:
    """The agencies from scope.toml, each with its role; then the rapid review's account."""
    draft.tool("## The agencies involved {#the-agencies-involved}\n\n")
    agencies = review.scope.agencies if review.scope is not None else []
    for agency in agencies:
        draft.tool("- **")
        draft.field(agency.name or agency.id, agency.origin, "name", one_line=True)
        draft.tool("**")
        if agency.role.strip():
            draft.tool(": ")
            draft.field(agency.role, agency.origin, "role", one_line=True)
        draft.tool("\n")
    if agencies:
        draft.tool("\n")
    section = rapid.sections.get("Agency involvement") if rapid is not None else None
    shown = rapid is not None and section is not None and _body(draft, rapid, section)
    if not shown and not agencies:
        draft.tool(f"{NOT_WRITTEN}\n\n")


def _criteria(draft: Draft, rapid: m.RapidReview | None, partners: str) -> None:
    title = "Whether the criteria for an LCSPR are met"
    draft.tool(f"## {title} {{#{_anchor(title)}}}\n\n")
    met = rapid.criteria_met if rapid is not None else None
    if met is not None:
        draft.tool(
            f"The {partners} found that the criteria for a Local Child Safeguarding "
            f"Practice Review {'are' if met else 'are not'} met.\n\n"
        )
    section = rapid.sections.get(title) if rapid is not None else None
    shown = rapid is not None and section is not None and _body(draft, rapid, section)
    if not shown and met is None:
        draft.tool(f"{NOT_WRITTEN}\n\n")


def _decision(draft: Draft, rapid: m.RapidReview | None, partners: str) -> None:
    title = "The decision and its rationale"
    draft.tool(f"## {title} {{#{_anchor(title)}}}\n\n")
    decision = rapid.decision if rapid is not None else ""
    if decision:
        draft.tool(f"The {partners} {DECISIONS[decision]}.\n\n")
    else:
        draft.tool(f"The {partners} have not yet recorded their decision.\n\n")
    section = rapid.sections.get(title) if rapid is not None else None
    if not (rapid is not None and section is not None and _body(draft, rapid, section)):
        draft.tool("*The rationale is not yet written.*\n\n")
