"""The Monday-morning view of a review: its clock, what is late, what to do next.

Plain Python over a loaded review, its kind and a "today" given by the caller (the CLI reads
the real date, or `SCR_TODAY` in tests), so the same review always gives the same status on
the same day.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import clock
from . import model as m
from .check import MarkerProgress, progress
from .kinds import Kind
from .problems import Problem

SOURCE_STATES = ("not requested", "requested", "overdue", "received", "partial", "refused")


def source_state(source: m.Source, today: date, overdue_days: int) -> str:
    """requested / received / partial / refused / overdue, from the source's dates and access.

    Overdue: requested more than `overdue_days` calendar days ago and still not received.
    """
    return state_of(source.access, source.requested, source.received, today, overdue_days)


def state_of(
    access: str, requested: date | None, received: date | None, today: date, overdue_days: int
) -> str:
    """`source_state` from the bare values (the UI has a TOML table, not a model)."""
    if access == "refused":
        return "refused"
    if received is not None:
        return "partial" if access == "partial" else "received"
    if requested is None:
        return "not requested"
    if (today - requested).days > overdue_days:
        return "overdue"
    return "requested"


@dataclass
class SourceWait:
    source: m.Source
    state: str
    days: int  # calendar days since it was requested


@dataclass
class OpenChallenge:
    challenge: m.Challenge
    age: int | None  # calendar days since it was raised


@dataclass
class Status:
    today: date
    kind: Kind | None
    notice: str
    stage: str
    milestones: list[clock.MilestoneStatus]
    warnings: list[str]
    waiting: list[SourceWait]  # requested and not received, oldest first
    challenges: list[OpenChallenge]
    progress: list[MarkerProgress]
    problems: list[Problem]
    next_steps: list[str] = field(default_factory=list)

    @property
    def overdue_milestones(self) -> list[clock.MilestoneStatus]:
        return [s for s in self.milestones if s.overdue]

    @property
    def overdue_sources(self) -> list[SourceWait]:
        return [w for w in self.waiting if w.state == "overdue"]

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_milestones or self.overdue_sources)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "kind": None if self.kind is None else {"id": self.kind.id, "name": self.kind.name},
            "notice": self.notice,
            "stage": self.stage,
            "overdue": self.overdue,
            "milestones": [
                {
                    "id": s.milestone.id,
                    "name": s.milestone.name,
                    "state": s.state,
                    "happened": _iso(s.happened),
                    "due": _iso(s.due),
                    "due_from": s.due_from,
                    "working_days_left": s.working_days_left,
                }
                for s in self.milestones
            ],
            "warnings": self.warnings,
            "sources_waiting": [
                {
                    "id": w.source.id,
                    "title": w.source.title,
                    "agency": w.source.agency,
                    "requested": _iso(w.source.requested),
                    "days": w.days,
                    "state": w.state,
                }
                for w in self.waiting
            ],
            "open_challenges": [
                {
                    "id": c.challenge.id,
                    "target": c.challenge.target,
                    "status": c.challenge.status,
                    "age_days": c.age,
                }
                for c in self.challenges
            ],
            "progress": [p.to_json() for p in self.progress],
            "problems": len(self.problems),
            "next_steps": self.next_steps,
        }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def status(
    review: m.ReviewModel, kind: Kind | None, today: date, problems: list[Problem], notice: str = ""
) -> Status:
    info = review.review
    overdue_days = info.source_overdue_days if info is not None else 28
    milestones = clock.schedule(info, kind, today) if info is not None and kind else []
    waiting = sorted(
        (
            SourceWait(s, state, (today - s.requested).days)
            for s in review.sources
            # requested or overdue: it has a requested date (`state_of`)
            if (state := source_state(s, today, overdue_days)) in ("requested", "overdue")
            and s.requested is not None
        ),
        key=lambda w: (-w.days, w.source.id),
    )
    challenges = sorted(
        (
            OpenChallenge(c, None if c.raised is None else (today - c.raised).days)
            for c in review.challenges
            if c.status != "resolved"
        ),
        key=lambda c: (c.age is None, -(c.age or 0), c.challenge.id),
    )
    result = Status(
        today=today,
        kind=kind,
        notice=notice,
        stage=info.stage if info is not None else "",
        milestones=milestones,
        warnings=clock.warnings(milestones),
        waiting=waiting,
        challenges=challenges,
        progress=progress(review),
        problems=problems,
    )
    result.next_steps = _next_steps(result)[:3]
    return result


def _next_steps(s: Status) -> list[str]:
    """The most pressing first: what is late, then what blocks the work, then what is next."""
    steps = []
    for ms in s.overdue_milestones:
        assert ms.due is not None  # an overdue milestone has its due date (`clock.schedule`)
        steps.append(f"{ms.milestone.name}: overdue since {ms.due.isoformat()}")
    steps += [
        f"Chase {w.source.id} ({w.source.agency or w.source.title}): requested {w.days} days ago"
        for w in s.overdue_sources
    ]
    steps += [
        f"Answer {c.challenge.id} on {c.challenge.target}"
        + (f" (raised {c.age} days ago)" if c.age is not None else "")
        for c in s.challenges
        if c.challenge.status in ("open", "impasse")
    ]
    if s.problems:
        count = len(s.problems)
        steps.append(f"Fix {count} problem{'s' if count != 1 else ''} that scr check reports")
    # (a milestone that is due has its due date: the test on it only tells mypy so)
    upcoming = [(ms.due, ms) for ms in s.milestones if ms.state == clock.DUE and ms.due is not None]
    if upcoming:
        due, first = min(upcoming, key=lambda pair: pair[0])
        steps.append(f"{first.milestone.name}: due {due.isoformat()}")
    unfinished = [p for p in s.progress if p.total and p.answered < p.total]
    if unfinished:
        least = min(unfinished, key=lambda p: p.answered / p.total)
        steps.append(f"{least.title}: {least.total - least.answered} questions still to answer")
    return steps


def text_lines(s: Status) -> list[str]:
    """The status as it reads on an 80-column terminal, most urgent first."""
    out: list[str] = []
    kind = s.kind.name if s.kind is not None else "unknown kind"
    out.append(f"{kind} · stage: {s.stage or 'not set'} · {s.today.isoformat()}")
    if s.notice:
        out.extend(textwrap.wrap(f"Note: {s.notice}", 80, subsequent_indent="  "))
    out.append("")
    out.append("Milestones")
    width = max((len(ms.milestone.name) for ms in s.milestones), default=0)
    width = min(width, 36)
    for ms in s.milestones:
        flag = "!" if ms.overdue else " "
        name = _clip(ms.milestone.name, width)
        out.append(f" {flag}{name:<{width}}  {ms.describe()}")
    for warning in s.warnings:
        out.extend(textwrap.wrap(warning, 80, initial_indent=" ! ", subsequent_indent="   "))
    out.append("")
    overdue = len(s.overdue_sources)
    out.append(f"Sources waiting: {len(s.waiting)} ({overdue} overdue)")
    for w in s.waiting:
        flag = "!" if w.state == "overdue" else " "
        what = w.source.agency or w.source.title
        out.append(f" {flag}{w.source.id}  {_clip(what, 40):<40}  requested {w.days} days ago")
    out.append(f"Open challenges: {len(s.challenges)}")
    for c in s.challenges:
        age = f"{c.age} days" if c.age is not None else "undated"
        out.append(f"  {c.challenge.id} on {c.challenge.target}  {c.challenge.status}, {age}")
    out.append("Checklists:")
    name_width = min(max((len(p.title) for p in s.progress), default=0), 30)
    for p in s.progress:
        out.append(f"  {_clip(p.title, name_width):<{name_width}}  {p.answered}/{p.total} answered")
    count = len(s.problems)
    out.append(f"scr check: {count} problem{'s' if count != 1 else ''}")
    out.append("")
    out.append("Next:")
    for number, step in enumerate(s.next_steps, start=1):
        out.append(f"  {number}. {_clip(step, 74)}")
    return out


def overview_lines(s: Status) -> list[tuple[str, bool]]:
    """The clock in two or three short lines for the UI's Overview: (text, is a warning)."""
    kind = s.kind.short_name if s.kind is not None else "review"
    ahead = [ms for ms in s.milestones if ms.state == "due"]
    head = f"{kind} · stage: {s.stage or 'not set'}"
    if ahead:
        head += f" · next: {ahead[0].milestone.name}, {ahead[0].describe()}"
    out = [(_clip(head, 200), False)]
    late = [ms.milestone.name for ms in s.overdue_milestones]
    if late:
        out.append((f"Overdue: {', '.join(late)}", True))
    sources = [w.source.id for w in s.overdue_sources]
    if sources:
        out.append((f"Sources overdue: {', '.join(sources)} (requested, not received)", True))
    return out


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
