"""The publication draft as a list of chunks of Markdown, each knowing where it came from.

Pure: a loaded review and its provenance in, chunks out. The reviewer's words are kept apart
from scr's own words so that the residual detector's candidates can be traced to a file and
line, and so that nothing the reviewer wrote reaches the draft without being anonymised and
checked. Joined in order, the chunks are the report's Markdown (with placeholders the build
fills in: the stamp, the contents, the build time and the content hash).
"""

from __future__ import annotations

import re
from functools import partial

from .. import kinds
from .. import model as m
from . import mdtext
from .audit import audit_trail
from .draft import CONTENTS, STAMP, Draft, preamble, section_line
from .provenance import Provenance
from .refs import References, anchor, number, reached_anchor

CLOSING_SECTION = 90  # report/90-*.md and later come after the findings
REVIEW_TYPES = {
    "SCR": "Serious case review",
    "LCSPR": "Local child safeguarding practice review",
    "CPR": "Child practice review",
    "SAR": "Safeguarding adults review",
}
FINDING_HEADINGS = {"Finding": "The finding"}


def report_number(section: m.ReportSection) -> int:
    match = re.match(r"report/(\d+)-", section.path)
    return int(match.group(1)) if match else 0


def assemble(
    review: m.ReviewModel, refs: References, provenance: Provenance, problems: int
) -> Draft:
    """The whole draft: front matter, report sections, scope, episodes, findings, audit trail."""
    draft = Draft()
    _front(draft, review)
    sections = sorted(review.report, key=lambda s: (report_number(s), s.path))
    opening = [s for s in sections if report_number(s) < CLOSING_SECTION]
    closing = [s for s in sections if report_number(s) >= CLOSING_SECTION]
    _summary(draft, review)
    for section in opening:
        _report_section(draft, section)
    _scope(draft, review)
    _episodes(draft, review, refs)
    _findings(draft, review, refs)
    if review.review is not None and review.review.include_timeline:
        from .timeline import timeline_section  # noqa: PLC0415

        timeline_section(draft, review)
    for section in closing:
        _report_section(draft, section)
    if review.review is not None and review.review.include_action_plan:
        _action_plan(draft, review)
    audit_trail(draft, review, refs, provenance, problems)
    return draft.close()


# -- the front: title, stamp, facts, contents, summary of findings ------------------------------
def _front(draft: Draft, review: m.ReviewModel) -> None:
    info = review.review
    draft.tool("# ")
    if info is not None and info.title.strip():
        draft.field(info.title, info.origin, "title", one_line=True)
        draft.title = info.title
    else:
        draft.tool("Review report")
        draft.title = "Review report"
    draft.tool(f"\n\n{STAMP}\n\n")
    if info is not None:
        facts: list[tuple[str, str, str | list[str]]] = []
        kind = kinds.of(review)
        if info.partnership:
            facts.append(("Partnership", "partnership", info.partnership))
        if kind is None:
            facts.append(("Type of review", "type", REVIEW_TYPES.get(info.type, info.type)))
        else:
            facts.append(("Type of review", "kind", f"{kind.name} ({kind.short_name})"))
        if kind is not None and kind.commissioner_long:
            facts.append(("Commissioned by", "commissioner", kind.commissioner_long))
        subject = kind.subject if kind is not None and kind.subject else "the child"
        facts.append((subject[:1].upper() + subject[1:], "label", info.label))
        if info.lead_reviewers:
            what = "Lead reviewers" if len(info.lead_reviewers) > 1 else "Lead reviewer"
            facts.append((what, "lead_reviewers", info.lead_reviewers))
        if info.model:
            facts.append(("Review model", "model", info.model))
        for name, key, value in facts:
            draft.tool(f"- **{name}:** ")
            if key in ("kind", "commissioner"):  # the words of the kind's own file
                assert kind is not None and isinstance(value, str)  # added only with a kind
                where = "name" if key == "kind" else "commissioner_long"
                draft.field(value, kind.origin, where, one_line=True)
            elif isinstance(value, list):
                draft.field(", ".join(value), info.origin, key, one_line=True)
            elif key == "type" and info.type in REVIEW_TYPES:
                draft.tool(f"{value} ({info.type})")
            else:
                draft.field(value, info.origin, key, one_line=True)
            draft.tool("\n")
        draft.tool("\n")
    draft.tool(f"{CONTENTS}\n\n")


def _summary(draft: Draft, review: m.ReviewModel) -> None:
    findings = review.findings_by_priority()
    draft.tool("## Summary of findings {#summary-of-findings}\n\n")
    if not findings:
        draft.tool("The review has no findings yet.\n\n")
        return
    count = len(findings)
    draft.tool(
        f"The review makes {_count(count, 'finding')} about the local safeguarding "
        "system, listed here in order of priority. "
        "Each is set out in full under [Findings](#findings), in the same structure, "
        "with questions for the board.\n\n"
    )
    for index, finding in enumerate(findings, start=1):
        draft.tool(f"{index}. [Finding {number(finding.id)}: ")
        draft.field(finding.title, finding.origin, "title", one_line=True)
        draft.tool(f"](#{anchor(finding.id)})")
        if finding.priority is not None:
            draft.tool(f" (priority {finding.priority})")
        draft.tool("\n")
    draft.tool("\n")


# -- the reviewer's report sections -------------------------------------------------------------
def _report_section(draft: Draft, section: m.ReportSection) -> None:
    body = mdtext.fit_headings(section.body, parent=1, shift=1)
    if not section.title:
        draft.tool("## Untitled section\n\n")
    draft.user(body.strip("\n"), section.path, section.body_line)
    draft.tool("\n\n")


# -- scope and methodology, generated from scope.toml and the sources ---------------------------
def _scope(draft: Draft, review: m.ReviewModel) -> None:
    scope = review.scope
    draft.tool("## Scope and methodology {#scope-and-methodology}\n\n")
    if scope is None:
        draft.tool("The scope of the review has not been written yet.\n\n")
        return
    origin = scope.origin
    if scope.terms_of_reference.strip():
        draft.tool("### Terms of reference\n\n")
        draft.field(scope.terms_of_reference, origin, "terms_of_reference")
        draft.tool("\n\n")
    draft.tool("### Period under review\n\n")
    draft.tool(
        f"The review considers the period from {mdtext.month_year(scope.period_start)} "
        f"to {mdtext.month_year(scope.period_end)}.\n"
    )
    if scope.period_rationale.strip():
        draft.field(scope.period_rationale, origin, "period.rationale")
        draft.tool("\n")
    draft.tool("\n")
    if scope.lines_of_enquiry:
        draft.tool("### Lines of enquiry {#lines-of-enquiry}\n\n")
        for loe in scope.lines_of_enquiry:
            if m.ID_PATTERNS["line_of_enquiry"].fullmatch(loe.id):
                draft.tool(f"- **Line of enquiry {number(loe.id)}.** ")
            else:
                draft.tool("- ")
            draft.field(loe.question, loe.origin, "question", one_line=True)
            draft.tool("\n")
        draft.tool("\n")
    if scope.agencies:
        draft.tool("### Agencies involved\n\n")
        for agency in scope.agencies:
            draft.tool("- **")
            draft.field(agency.name or agency.id, agency.origin, "name", one_line=True)
            draft.tool("**")
            if agency.role.strip():
                draft.tool(": ")
                draft.field(agency.role, agency.origin, "role", one_line=True)
            draft.tool("\n")
        draft.tool("\n")
    if scope.case_factors or scope.context_factors or scope.proportionality_rationale:
        draft.tool("### Why this approach is proportionate\n\n")
        for title, key, items in (
            ("Factors of the case", "proportionality.case_factors", scope.case_factors),
            (
                "Factors of the local context",
                "proportionality.context_factors",
                scope.context_factors,
            ),
        ):
            if items:
                draft.tool(f"{title}:\n\n")
                for item in items:
                    draft.tool("- ")
                    draft.field(str(item), origin, key, one_line=True)
                    draft.tool("\n")
                draft.tool("\n")
        if scope.proportionality_rationale.strip():
            draft.field(scope.proportionality_rationale, origin, "proportionality.rationale")
            draft.tool("\n\n")
    _methodology(draft, review, scope)
    _involvement(draft, scope)


def _methodology(draft: Draft, review: m.ReviewModel, scope: m.Scope) -> None:
    origin = scope.origin
    method = scope.methodology
    draft.tool("### Methodology\n\n")
    model = method.get("model")
    if isinstance(model, str) and model.strip():
        draft.tool("The review followed the ")
        draft.field(model, origin, "methodology.model", one_line=True)
        draft.tool(" model.\n")
    description = method.get("description")
    if isinstance(description, str) and description.strip():
        draft.field(description, origin, "methodology.description")
        draft.tool("\n")
    draft.tool("\n")
    listed = method.get("techniques")
    techniques = [t for t in listed if isinstance(t, str)] if isinstance(listed, list) else []
    if techniques:
        draft.tool("The techniques used were:\n\n")
        for technique in techniques:
            draft.tool("- ")
            draft.field(technique, origin, "methodology.techniques", one_line=True)
            draft.tool("\n")
        draft.tool("\n")
    if review.episodes or review.findings:
        draft.tool(
            f"The analysis rests on {_count(len(review.episodes), 'key practice episode')}"
            f" and leads to {_count(len(review.findings), 'finding')}.\n\n"
        )
    _sources_summary(draft, review)
    governance = scope.governance
    rows = [
        (label, key, value)
        for label, key in (
            ("Conducted by", "conducted_by"),
            ("Quality assured by", "quality_assured_by"),
            ("Signed off by", "signed_off_by"),
        )
        if isinstance(value := governance.get(key), str) and value.strip()
    ]
    if rows:
        draft.tool("### Governance\n\n")
        for label, key, value in rows:
            draft.tool(f"- **{label}:** ")
            draft.field(value, origin, f"governance.{key}", one_line=True)
            draft.tool("\n")
        draft.tool("\n")


def _sources_summary(draft: Draft, review: m.ReviewModel) -> None:
    """How much information the review drew on, by kind and access; never a source's title."""
    if not review.sources:
        return
    draft.tool("### Sources of information\n\n")
    draft.tool(
        f"The review drew on {_count(len(review.sources), 'source')} of information. "
        "Each source the report cites is described in the audit trail by its kind and "
        "agency.\n\n"
    )
    kinds: dict[str, int] = {}
    for source in review.sources:
        kind = source.kind if source.kind in m.SOURCE_KINDS else "other"
        kinds[kind] = kinds.get(kind, 0) + 1
    draft.tool("| Kind of source | Number |\n|---|---:|\n")
    for kind in m.SOURCE_KINDS:
        if kind in kinds:
            draft.tool(f"| {kind[0].upper() + kind[1:]} | {kinds[kind]} |\n")
    draft.tool("\n")
    limited = [s for s in review.sources if s.access in ("partial", "refused", "pending")]
    if limited:
        draft.tool("Access was limited for these sources:\n\n")
        for source in limited:
            draft.tool(f"- Source {number(source.id)}: access {source.access}.")
            if source.non_cooperation.strip():
                draft.tool(" ")
                draft.field(source.non_cooperation, source.origin, "non_cooperation", one_line=True)
            draft.tool("\n")
        draft.tool("\n")


def _involvement(draft: Draft, scope: m.Scope) -> None:
    involvement = scope.involvement
    items = [
        (label, key, value)
        for label, key in (("The family", "family"), ("Practitioners", "practitioners"))
        if isinstance(value := involvement.get(key), str) and value.strip()
    ]
    if not items:
        return
    draft.tool("### Involvement of the family and practitioners\n\n")
    for label, key, value in items:
        draft.tool(f"**{label}.** ")
        draft.field(value, scope.origin, f"involvement.{key}", one_line=True)
        draft.tool("\n\n")


# -- key practice episodes and findings ----------------------------------------------------------
def _record_sections(
    draft: Draft,
    record: m.Episode | m.Finding,
    order: tuple[str, ...],
    parent: int,
    renamed: dict[str, str] | None = None,
) -> None:
    """A record's preamble and `##` sections, the standard ones first, under `parent`."""
    text, line = preamble(record.body, record.body_line)
    if text:
        draft.user(mdtext.fit_headings(text, parent, parent - 1), record.origin.path, line)
        draft.tool("\n\n")
    names = [t for t in order if t in record.sections]
    names += [t for t in record.sections if t not in order]
    for title in names:
        section = record.sections[title]
        shown = (renamed or {}).get(title, title)
        draft.tool(f"{'#' * (parent + 1)} ")
        if shown == title:
            draft.user(mdtext.one_line(title), record.origin.path, section.line)
        else:
            draft.tool(shown)
        draft.tool("\n\n")
        if section.text.strip():
            body = mdtext.fit_headings(section.text, parent + 1, parent - 1)
            draft.later(
                body,
                record.origin.path,
                partial(section_line, record.body, record.body_line, section),
            )
            draft.tool("\n\n")


def _episodes(draft: Draft, review: m.ReviewModel, refs: References) -> None:
    draft.tool("## Key practice episodes {#key-practice-episodes}\n\n")
    if not review.episodes:
        draft.tool("The review has no key practice episodes yet.\n\n")
        return
    draft.tool(
        "A key practice episode is a period of practice that the review looked at "
        "closely: what happened, how practice compares with the standard expected at "
        "the time, and why it made sense to the people involved (local rationality). "
        "The contributory factors of each episode are listed by category in the "
        "[audit trail](#contributory-factors-by-category).\n\n"
    )
    for episode in sorted(review.episodes, key=lambda e: e.id):
        draft.tool(f"### Key practice episode {number(episode.id)}: ")
        draft.field(episode.title, episode.origin, "title", one_line=True)
        draft.tool(f" {{#{anchor(episode.id)}}}\n\n")
        draft.tool(f"*{mdtext.period(episode.start, episode.end)}.*")
        rests = [c for c in episode.chronology if refs.label(c)]
        if rests:
            draft.tool(f" It rests on {refs.links(rests)}.")
        draft.tool("\n\n")
        if episode.standard.strip():
            draft.tool("**The standard practice is judged against:** ")
            draft.field(episode.standard, episode.origin, "standard", one_line=True)
            draft.tool("\n\n")
        if episode.hindsight_technique.strip():
            draft.tool("**How hindsight bias was limited:** ")
            draft.field(
                episode.hindsight_technique, episode.origin, "hindsight_technique", one_line=True
            )
            draft.tool("\n\n")
        _record_sections(draft, episode, m.EPISODE_SECTIONS, parent=3)


def _findings(draft: Draft, review: m.ReviewModel, refs: References) -> None:
    draft.tool("## Findings {#findings}\n\n")
    findings = review.findings_by_priority()
    if not findings:
        draft.tool("The review has no findings yet.\n\n")
        return
    draft.tool(
        "The findings are in order of priority. Each follows the same structure: the "
        "finding; how it showed in this case; why it is underlying, not a quirk; how "
        "widespread it is, and how we know; why it matters; questions for the board; and "
        "the counter-evidence considered. The [audit trail](#how-each-finding-was-"
        "reached) shows what each finding rests on.\n\n"
    )
    for finding in findings:
        draft.tool(f"### Finding {number(finding.id)}: ")
        draft.field(finding.title, finding.origin, "title", one_line=True)
        draft.tool(f" {{#{anchor(finding.id)}}}\n\n")
        if finding.priority is not None:
            draft.tool(f"*Priority {finding.priority}.* ")
        draft.tool(f"[How this finding was reached](#{reached_anchor(finding.id)}).\n\n")
        _record_sections(draft, finding, m.FINDING_SECTIONS, parent=3, renamed=FINDING_HEADINGS)


# -- the partners' response and the action plan ([build] include_action_plan) ----------------
ACTION_PLAN_HEADING = "## The safeguarding partners' response and action plan {#action-plan}"


def _action_plan(draft: Draft, review: m.ReviewModel) -> None:
    """Each finding with the partners' response and the actions that answer it (actions/).

    Every text is the reviewer's words, so it is anonymised and checked like the rest; dates
    are given as month and year, as everywhere in the draft.
    """
    draft.tool(f"{ACTION_PLAN_HEADING}\n\n")
    if not review.actions:
        draft.tool("The safeguarding partners have not yet recorded their response.\n\n")
        return
    draft.tool(
        "The safeguarding partners' response to each finding, and the actions they are "
        "taking, with the agency and role that owns each one and its status.\n\n"
    )
    agencies = {a.id: a for a in review.scope.agencies} if review.scope else {}
    by_finding: dict[str, list[m.Action]] = {}
    for action in sorted(review.actions, key=lambda a: a.id):
        by_finding.setdefault(action.finding, []).append(action)
    for finding in review.findings_by_priority():
        actions = by_finding.get(finding.id, [])
        draft.tool(f"### Finding {number(finding.id)}: ")
        draft.field(finding.title, finding.origin, "title", one_line=True)
        draft.tool(f" {{#{anchor(finding.id)}-response}}\n\n")
        draft.tool(f"[The finding in full](#{anchor(finding.id)}).\n\n")
        responses = [a for a in actions if a.response]
        if not responses:
            draft.tool("The partners have not yet responded to this finding.\n\n")
        for action in responses:
            draft.tool("**The partners' response.** ")
            draft.field(action.response, action.origin, "response", one_line=True)
            draft.tool("\n\n")
        if not actions:
            continue
        draft.tool("| Action | Owner | Due | Status |\n|---|---|---|---|\n")
        for action in actions:
            draft.tool("| ")
            draft.cell(action.action, action.origin, "action")
            draft.tool(" | ")
            if not draft.agency_cell(agencies.get(action.agency)):
                draft.cell(action.agency, action.origin, "agency")
            if action.role.strip():
                draft.tool(": ")
                draft.cell(action.role, action.origin, "role")
            draft.tool(
                f" | {mdtext.month_year(action.due) if action.due else 'not set'} | "
                f"{action.status or 'not set'}"
            )
            if action.status == "dropped" and action.reason:
                draft.tool(": ")
                draft.cell(action.reason, action.origin, "reason")
            draft.tool(" |\n")
        draft.tool("\n")
        evidence = [e for action in actions for e in action.evidence]
        if evidence:
            draft.tool("Evidence of impact:\n\n")
            for item in evidence:
                draft.tool(f"- {mdtext.month_year(item.date)}: ")
                if item.note.strip():
                    draft.field(item.note, item.origin, "note", one_line=True)
                if item.source.strip():
                    draft.tool(f" [{item.source}]" if item.note.strip() else f"[{item.source}]")
                draft.tool("\n")
            draft.tool("\n")


def _count(n: int, noun: str) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    amount = words[n] if n < len(words) else str(n)
    return f"{amount} {noun}{'' if n == 1 else 's'}"
