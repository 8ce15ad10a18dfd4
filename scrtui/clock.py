"""The review's clock: each milestone of its kind, when it is due, and whether it is late.

A milestone's date, once it happened, is recorded in review.toml `[dates]` under the
milestone's id (`notification = 2025-02-17`). Its due date is the user's own
(`<id>_due = ...` in `[dates]`) or else comes from the kind's timescale, counted from the
first recorded (or, failing that, due) date that the milestone is `after`. Working days use
the bank holidays of the kind's nation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from . import workdays
from .kinds import Kind, Milestone
from .model import Review
from .problems import Problem

DONE, LATE, OVERDUE, DUE, UNDATED, UNTIL = "done", "done late", "overdue", "due", "no date", "until"


@dataclass
class MilestoneStatus:
    milestone: Milestone
    state: str  # one of DONE, LATE, OVERDUE, DUE, UNDATED, UNTIL
    happened: date | None = None
    due: date | None = None
    due_from: str = ""  # "guidance: 15 working days after notification" or "set in review.toml"
    working_days_left: int | None = None  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE

    def describe(self) -> str:
        """The state in a few words, for the status screen."""
        # `_state` gives each state what it shows: the day it happened when done, the due date
        # when overdue, due or until, and the working days when late or overdue.
        left = self.working_days_left
        if self.state in (DONE, LATE):
            assert self.happened is not None
            late = ""
            if self.state == LATE:
                assert left is not None
                late = f", {-left} working days late"
            return f"done {self.happened.isoformat()}{late}"
        if self.state == OVERDUE:
            assert self.due is not None and left is not None
            return f"OVERDUE since {self.due.isoformat()} ({-left} w.d.)"
        if self.state == DUE:
            assert self.due is not None
            return (
                f"due {self.due.isoformat()} ({left} w.d. left)"
                if left
                else (f"due {self.due.isoformat()} (today)")
            )
        if self.state == UNTIL:
            assert self.due is not None
            return f"keep until {self.due.isoformat()}"
        return f"not set: add {self.milestone.id}_due"


def schedule(review: Review, kind: Kind, today: date) -> list[MilestoneStatus]:
    """Every milestone of the kind, in the kind's order, with its state on `today`."""
    dates = review.dates
    due: dict[str, date] = {}
    statuses: list[MilestoneStatus] = []
    for ms in kind.milestones:
        own_due = dates.get(f"{ms.id}_due")
        happened = dates.get(ms.id)
        computed, anchor = _from_guidance(ms, dates, due, kind.nation)
        if own_due is not None:
            when, why = own_due, "set in review.toml"
        elif computed is not None:
            when, why = computed, f"guidance: {ms.timescale} after {anchor}"
        else:
            when, why = None, ""
        if when is not None:
            due[ms.id] = when
        statuses.append(_state(ms, happened, when, why, today, kind.nation))
    # `before` milestones are due by the date of the one they precede, known only now
    for index, status in enumerate(statuses):
        ms = status.milestone
        if ms.before and status.due is None:
            target = dates.get(ms.before) or due.get(ms.before)
            if target is not None:
                why = f"before {ms.before}"
                statuses[index] = _state(ms, status.happened, target, why, today, kind.nation)
    return statuses


def _from_guidance(
    ms: Milestone, dates: Mapping[str, date], due: Mapping[str, date], nation: str
) -> tuple[date | None, str]:
    if not ms.timescale:
        return None, ""
    for name in ms.after:
        start = dates.get(name) or due.get(name)
        if start is None:
            continue
        if ms.working_days is not None:
            return workdays.add_working_days(start, ms.working_days, nation), name
        if ms.days is not None:
            return start + timedelta(days=ms.days), name
        assert ms.months is not None  # the one timescale left: `timescale` said there is one
        return workdays.add_months(start, ms.months), name
    return None, ""


def _state(
    ms: Milestone, happened: date | None, when: date | None, why: str, today: date, nation: str
) -> MilestoneStatus:
    if ms.sense == "not-before":
        return MilestoneStatus(ms, UNTIL if when else UNDATED, happened, when, why)
    if happened is not None:
        if when is not None and happened > when:
            late = workdays.working_days_between(when, happened, nation)
            return MilestoneStatus(ms, LATE, happened, when, why, -late)
        return MilestoneStatus(ms, DONE, happened, when, why)
    if when is None:
        return MilestoneStatus(ms, UNDATED)
    left = workdays.working_days_between(today, when, nation)
    return MilestoneStatus(ms, OVERDUE if when < today else DUE, None, when, why, left)


def warnings(statuses: list[MilestoneStatus]) -> list[str]:
    """Due dates that the guidance's own timescales make impossible (a report due after the
    date by which the guidance expects it published)."""
    found = []
    for index, status in enumerate(statuses):
        if status.due is None or not status.due_from.startswith("guidance"):
            continue
        if status.happened is not None or status.milestone.sense != "by":
            continue
        for earlier in statuses[:index]:
            if earlier.due is not None and earlier.due > status.due and earlier.happened is None:
                found.append(
                    f"{earlier.milestone.name} is due {earlier.due.isoformat()}, after "
                    f"{status.milestone.name.lower()} is expected ({status.due.isoformat()}, "
                    f"{status.due_from.removeprefix('guidance: ')})"
                )
    return found


def date_problems(review: Review, kind: Kind) -> list[Problem]:
    """Recorded milestone dates that cannot be right: before the incident, or before the
    milestone they follow (a decision before the notification)."""
    problems = []
    dates = review.dates
    incident = dates.get("incident")

    def problem(key: str, message: str) -> None:
        line, col = review.origin.child("dates").at(key)
        problems.append(Problem(review.origin.path, line, col, message))

    for ms in kind.milestones:
        happened = dates.get(ms.id)
        if happened is None:
            continue
        if incident is not None and happened < incident and ms.id != "incident":
            problem(
                ms.id,
                f"'{ms.id}' ({happened.isoformat()}) is before the incident "
                f"({incident.isoformat()})",
            )
            continue
        for name in ms.after:
            start = dates.get(name)
            if start is not None:
                if happened < start:
                    problem(
                        ms.id,
                        f"'{ms.id}' ({happened.isoformat()}) is before '{name}' "
                        f"({start.isoformat()})",
                    )
                break
    return problems
