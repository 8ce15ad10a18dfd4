"""The learning briefing ("7-minute briefing"), assembled from the workspace like the draft.

Pure: a loaded review in, chunks out (see `assemble`). Nothing in it is typed twice: each
finding is given by its own `## Finding` and `## Questions for the board` sections
(findings/F-*.md), in the order of priority the report uses; the case in brief, why it
matters, what practitioners should do differently and where to find the report come from
briefing.md, the only place they are written. One to two printed pages: no contents list, no
audit trail (the report has both), and references link only to the findings shown here.
"""

from __future__ import annotations

from functools import partial

from .. import kinds
from .. import model as m
from . import mdtext
from .audit import provenance_section
from .draft import STAMP, Draft, preamble, section_line
from .provenance import Provenance
from .refs import References, anchor, number

NOT_WRITTEN = "*Not yet written.*"


def assemble(
    review: m.ReviewModel,
    refs: References,
    provenance: Provenance,
    problems: int,
    kind: kinds.Kind | None,
) -> Draft:
    """The briefing: title, the case, why it matters, the findings with their questions, what
    to do differently, where the report is, provenance. `Draft.missing` names what is not
    written."""
    draft = Draft()
    info = review.review
    briefing = review.briefing
    label = info.label if info is not None and info.label.strip() else ""
    draft.tool("# Learning briefing")
    if label and info is not None:
        draft.tool(": ")
        draft.field(label, info.origin, "label", one_line=True)
    draft.title = f"Learning briefing: {label}" if label else "Learning briefing"
    draft.tool(f"\n\n{STAMP}\n\n")
    _front(draft, review, kind)
    if briefing is not None:
        text, line = preamble(briefing.body, briefing.body_line)
        if text:
            draft.user(mdtext.fit_headings(text, 1, 0), briefing.origin.path, line)
            draft.tool("\n\n")
    _part(draft, briefing, "The case in brief")
    _part(draft, briefing, "Why it matters")
    missing_findings = _findings(draft, review, refs)
    _part(draft, briefing, "What practitioners should do differently")
    _report(draft, review, briefing)
    if briefing is not None:
        for title, section in briefing.sections.items():
            if title not in m.BRIEFING_SECTIONS:
                draft.tool("## ")
                draft.user(mdtext.one_line(title), briefing.origin.path, section.line)
                draft.tool("\n\n")
                _body(draft, briefing, section)
    draft.tool("## About this briefing {#about-this-briefing}\n\n")
    draft.tool(
        "scr made this briefing from the review's records, anonymised like the report: "
        "people are named by their role or label.\n\n"
    )
    provenance_section(
        draft, provenance, problems, md_name="briefing.md", manifest_name="briefing-manifest.json"
    )
    draft.missing = [
        title for title in m.BRIEFING_NEEDED if briefing is None or not briefing.text(title)
    ] + missing_findings
    return draft.close()


def _front(draft: Draft, review: m.ReviewModel, kind: kinds.Kind | None) -> None:
    info = review.review
    if info is None:
        return
    if info.title.strip():
        draft.tool("- **Review:** ")
        draft.field(info.title, info.origin, "title", one_line=True)
        draft.tool("\n")
    if info.partnership:
        draft.tool("- **Partnership:** ")
        draft.field(info.partnership, info.origin, "partnership", one_line=True)
        draft.tool("\n")
    if kind is not None and kind.name:
        draft.tool(f"- **Kind of review:** {mdtext.one_line(kind.name)}\n")
    draft.tool("\n")


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def _body(draft: Draft, record: m.Briefing | m.Finding, section: m.Section, level: int = 2) -> bool:
    if not section.text.strip():
        return False
    body = mdtext.fit_headings(section.text, level, 0)
    draft.later(
        body, record.origin.path, partial(section_line, record.body, record.body_line, section)
    )
    draft.tool("\n\n")
    return True


def _part(draft: Draft, briefing: m.Briefing | None, title: str) -> None:
    draft.tool(f"## {title} {{#{_anchor(title)}}}\n\n")
    section = briefing.sections.get(title) if briefing is not None else None
    if briefing is None or section is None or not _body(draft, briefing, section):
        draft.tool(f"{NOT_WRITTEN}\n\n")


def _findings(draft: Draft, review: m.ReviewModel, refs: References) -> list[str]:
    """Each finding in brief, with its questions for the board; the findings not written."""
    draft.tool("## What the review found {#what-the-review-found}\n\n")
    findings = review.findings_by_priority()
    if not findings:
        draft.tool("The review has no findings yet.\n\n")
        return ["the findings"]
    for finding in findings:
        refs.anchors[finding.id] = anchor(finding.id)  # [F-02] links to its place here
    draft.tool(
        "The findings are in order of priority, each with the questions the review asks "
        "the board. The full report shows how each was reached.\n\n"
    )
    missing = []
    for finding in findings:
        draft.tool(f"### Finding {number(finding.id)}: ")
        draft.field(finding.title, finding.origin, "title", one_line=True)
        draft.tool(f" {{#{anchor(finding.id)}}}\n\n")
        section = finding.sections.get("Finding")
        if section is None or not _body(draft, finding, section, level=3):
            draft.tool(f"{NOT_WRITTEN}\n\n")
            missing.append(f"{finding.id}: Finding")
        questions = finding.sections.get("Questions for the board")
        if questions is not None and questions.text.strip():
            draft.tool("**Questions for the board:**\n\n")
            _body(draft, finding, questions, level=3)
        else:
            missing.append(f"{finding.id}: Questions for the board")
    return missing


def _report(draft: Draft, review: m.ReviewModel, briefing: m.Briefing | None) -> None:
    """The report's title and address (briefing.md's `report_url`), then the section."""
    title = "Where to find the full report"
    draft.tool(f"## {title} {{#{_anchor(title)}}}\n\n")
    info = review.review
    if info is not None and info.title.strip():
        draft.tool("The full report: *")
        draft.field(info.title, info.origin, "title", one_line=True)
        draft.tool("*")
        if briefing is not None and briefing.report_url:
            draft.tool(", at <")
            draft.field(briefing.report_url, briefing.origin, "report_url", one_line=True)
            draft.tool(">")
        draft.tool(".\n\n")
    section = briefing.sections.get(title) if briefing is not None else None
    if briefing is not None and section is not None:
        _body(draft, briefing, section)
