"""The improvement plan: the partners' response to each finding and what they are doing.

Plain Python over a loaded review and a "today" given by the caller (the CLI reads the real
date, or SCR_TODAY), so the same review always gives the same plan on the same day. The rules
`scr check`, `scr actions` and the UI's Actions part share are here: what answers a finding,
when the plan is due (`published`), and the plan's checklist.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import model as m
from .problems import Problem


@dataclass
class FindingPlan:
    """One finding, the partners' responses to it and its actions (in id order)."""

    id: str
    title: str
    responses: list[str]
    actions: list[m.Action]


@dataclass
class Plan:
    today: date
    findings: list[FindingPlan]
    unknown: list[m.Action] = field(default_factory=list)  # actions naming no finding

    @property
    def actions(self) -> list[m.Action]:
        return [a for f in self.findings for a in f.actions] + self.unknown

    @property
    def overdue(self) -> list[m.Action]:
        return [a for a in self.actions if a.overdue(self.today)]

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in m.ACTION_STATUSES}
        for action in self.actions:
            if action.status in counts:
                counts[action.status] += 1
        return counts

    def to_json(self, only_overdue: bool = False) -> dict[str, Any]:
        def action_json(a: m.Action) -> dict[str, Any]:
            return {
                "id": a.id,
                "finding": a.finding,
                "action": a.action,
                "agency": a.agency,
                "role": a.role,
                "due": _iso(a.due),
                "status": a.status,
                "reason": a.reason,
                "overdue": a.overdue(self.today),
                "path": a.origin.path,
                "evidence": [
                    {"date": _iso(e.date), "source": e.source, "note": e.note} for e in a.evidence
                ],
            }

        shown = self.overdue if only_overdue else self.actions
        return {
            "today": self.today.isoformat(),
            "counts": self.counts(),
            "overdue": len(self.overdue),
            "findings": [
                {
                    "id": f.id,
                    "title": f.title,
                    "responses": f.responses,
                    "actions": [a.id for a in f.actions],
                }
                for f in self.findings
            ],
            "actions": [action_json(a) for a in shown],
        }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def responds(action: m.Action) -> bool:
    """Whether an action carries the partners' response to its finding (one is enough)."""
    return bool(action.response.strip())


def published(review: m.ReviewModel) -> bool:
    """Once review.toml's stage is "published", every finding needs a response and an open
    action past its due date is a problem."""
    return review.review is not None and review.review.stage == "published"


def unanswered(review: m.ReviewModel) -> list[m.Finding]:
    """The findings no action gives the partners' response to, in file order."""
    answered = {a.finding for a in review.actions if responds(a)}
    return [f for f in review.findings if f.id not in answered]


def action_problems(problems: list[Problem]) -> list[Problem]:
    """The problems of the action files (an action scr could not read is not in the plan)."""
    return [p for p in problems if p.path.startswith("actions/")]


def plan(review: m.ReviewModel, today: date) -> Plan:
    """Every finding in priority order with what answers it; actions of unknown findings last."""
    by_finding: dict[str, list[m.Action]] = {}
    for action in sorted(review.actions, key=lambda a: a.id):
        by_finding.setdefault(action.finding, []).append(action)
    findings = []
    for finding in review.findings_by_priority():
        actions = by_finding.pop(finding.id, [])
        responses = [a.response for a in actions if responds(a)]
        findings.append(FindingPlan(finding.id, finding.title, responses, actions))
    unknown = [a for actions in by_finding.values() for a in actions]
    return Plan(today, findings, unknown)


def text_lines(p: Plan, only_overdue: bool = False, width: int = 80) -> list[str]:
    """The plan as it reads on an 80-column terminal: per finding, its response and actions."""
    out: list[str] = []
    overdue = {a.id for a in p.overdue}

    def action_lines(a: m.Action) -> list[str]:
        flag = "!" if a.id in overdue else " "
        due = f"due {a.due.isoformat()}" if a.due else "no due date"
        state = "OVERDUE" if a.id in overdue else a.status
        lines = [f" {flag}{a.id}  {state:<11}  {due}  {a.agency}"]
        indent = " " * 10
        lines += textwrap.wrap(a.action, width, initial_indent=indent, subsequent_indent=indent)
        lines += textwrap.wrap(
            f"Owner: {a.role}", width, initial_indent=indent, subsequent_indent=indent + "  "
        )
        if a.status == "dropped" and a.reason:
            lines += textwrap.wrap(
                f"Dropped: {a.reason}",
                width,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
            )
        for e in a.evidence:
            what = e.note or f"see {e.source}"
            if e.note and e.source:
                what = f"{e.note} [{e.source}]"
            lines += textwrap.wrap(
                f"Impact ({_iso(e.date) or 'undated'}): {what}",
                width,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
            )
        return lines

    for finding in p.findings:
        actions = [a for a in finding.actions if not only_overdue or a.id in overdue]
        if only_overdue and not actions:
            continue
        out += textwrap.wrap(f"{finding.id}  {finding.title}", width, subsequent_indent="      ")
        if not only_overdue:
            if finding.responses:
                for response in finding.responses:
                    out += textwrap.wrap(
                        " ".join(response.split()),
                        width,
                        initial_indent="  Response: ",
                        subsequent_indent="            ",
                    )
            else:
                out.append("  No response from the partners yet.")
        for action in actions:
            out += action_lines(action)
        out.append("")
    unknown = [a for a in p.unknown if not only_overdue or a.id in overdue]
    if unknown:
        out.append("Actions that answer no finding of this review:")
        for action in unknown:
            out += action_lines(action)
        out.append("")
    counts = p.counts()
    total = sum(counts.values())
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    out.append(
        f"{total} action{'s' if total != 1 else ''}: {summary}; "
        f"{len(overdue)} overdue on {p.today.isoformat()}."
    )
    return out


# -- the plan's checklist (the UI's Actions part) ------------------------------------------------
MET, TO_DO, NOT_YET = "met", "to do", "not yet"  # not yet: needed only once published
CHECKS = (
    ("response", "Every finding has the partners' response"),
    ("due", "No open action is past its due date"),
    ("dropped", "Each dropped action says why"),
    ("impact", "Each done action shows evidence of impact"),
)


@dataclass(frozen=True)
class CheckItem:
    """One line of the plan's checklist: what it checks, whether it holds, and where to look
    (the action's file and the field to fill in; no file for a finding nothing answers)."""

    check: str  # a key of CHECKS
    state: str  # MET, TO_DO or NOT_YET
    text: str
    finding: str = ""
    action: str = ""
    path: str = ""
    key: str = ""


def checklist(p: Plan, is_published: bool) -> list[CheckItem]:
    """The plan checked as `scr check` and `scr actions` see it, one item per finding or
    action, in the order of CHECKS: the responses (a problem once the review is published),
    the open actions against their due dates (overdue as `scr actions --overdue` says), the
    reasons of dropped actions and the evidence of impact of done ones."""
    items: list[CheckItem] = []
    for finding in p.findings:
        answer = next((a for a in finding.actions if responds(a)), None)
        if answer is not None:
            items.append(
                CheckItem(
                    "response",
                    MET,
                    f"{finding.id}: the partners' response is in {answer.id}",
                    finding.id,
                    answer.id,
                    answer.origin.path,
                    "response",
                )
            )
            continue
        first = finding.actions[0] if finding.actions else None
        text = f"{finding.id} has no response from the partners"
        if not is_published:
            text += " (needed once published)"
        items.append(
            CheckItem(
                "response",
                TO_DO if is_published else NOT_YET,
                text,
                finding.id,
                first.id if first else "",
                first.origin.path if first else "",
                "response",
            )
        )
    for action in p.actions:
        where = {"finding": action.finding, "action": action.id, "path": action.origin.path}
        if action.status in m.OPEN_ACTION_STATUSES:
            if action.due is None:
                state, text = TO_DO, f"{action.id} is {action.status} with no due date"
            elif action.overdue(p.today):
                state = TO_DO
                text = (
                    f"{action.id} was due on {action.due.isoformat()} and is still "
                    f"{action.status}: OVERDUE"
                )
            else:
                state = MET
                text = f"{action.id} is {action.status}, due on {action.due.isoformat()}"
            items.append(CheckItem("due", state, text, key="due", **where))
        elif action.status == "dropped":
            if action.reason:
                state, text = MET, f"{action.id} was dropped, and says why"
            else:
                state, text = TO_DO, f"{action.id} was dropped without a reason"
            items.append(CheckItem("dropped", state, text, key="reason", **where))
        elif action.status == "done":
            dated = sorted(e.date for e in action.evidence if e.date is not None)
            if action.evidence:
                count = len(action.evidence)
                latest = f", the latest on {dated[-1].isoformat()}" if dated else ""
                state = MET
                text = f"{action.id} is done: {count} evidence of impact{latest}"
            else:
                state, text = TO_DO, f"{action.id} is done, with no evidence of impact yet"
            items.append(CheckItem("impact", state, text, key="evidence", **where))
    order = [check for check, _ in CHECKS]
    return sorted(items, key=lambda item: order.index(item.check))
