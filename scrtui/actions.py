"""The improvement plan: the partners' response to each finding and what they are doing.

Plain Python over a loaded review and a "today" given by the caller (the CLI reads the real
date, or SCR_TODAY), so the same review always gives the same plan on the same day.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import model as m


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


def plan(review: m.ReviewModel, today: date) -> Plan:
    """Every finding in priority order with what answers it; actions of unknown findings last."""
    by_finding: dict[str, list[m.Action]] = {}
    for action in sorted(review.actions, key=lambda a: a.id):
        by_finding.setdefault(action.finding, []).append(action)
    findings = []
    for finding in review.findings_by_priority():
        actions = by_finding.pop(finding.id, [])
        responses = [a.response for a in actions if a.response]
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
