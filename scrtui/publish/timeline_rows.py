"""The published timeline's rows: one per month from the first chronology entry dated to the
month to the last (and the incident), with the contacts each agency recorded in it, the key
practice episodes it falls in and whether the incident was in it. The table (`timeline`) and
the picture (`timeline_picture`) are both drawn from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import model as m


@dataclass
class Month:
    """One row of the timeline: a month, the contacts each agency recorded in it (in the
    scope's order), the key practice episodes it falls in, and whether the incident was in it."""

    year: int
    month: int
    contacts: list[tuple[str, int]]  # (agency id, entries)
    episodes: list[str]  # episode ids
    incident: bool = False

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


@dataclass
class Timeline:
    months: list[Month] = field(default_factory=list)
    unplaced: int = 0  # entries dated only by year, approximately or not at all


def _months(start: date, end: date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(review: m.ReviewModel) -> Timeline:
    """The month rows, from the first entry dated to the month to the last (and the incident)."""
    from ..chronology.integrated import build  # noqa: PLC0415

    view = build(review)
    placed = [e for e in view.entries if e.date is not None and e.precision in ("day", "month")]
    result = Timeline(unplaced=len(view.entries) - len(placed))
    days = [e.date for e in placed if e.date is not None]
    if not days:
        return result
    first, last = min(days), max(days)
    if view.incident is not None:
        first, last = min(first, view.incident), max(last, view.incident)
    order = [a.id for a in review.scope.agencies] if review.scope else []
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for day, entry in zip(days, placed, strict=True):
        seen_in = counts.setdefault((day.year, day.month), {})
        seen_in[entry.agency] = seen_in.get(entry.agency, 0) + 1
    known = {e.id for e in review.episodes}
    for year, month in _months(first, last):
        seen = counts.get((year, month), {})
        ids = sorted(seen, key=lambda a: (order.index(a) if a in order else len(order), a))
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)
        bands = [b.id for b in view.bands if b.start < end and b.end >= start and b.id in known]
        incident = view.incident is not None and start <= view.incident < end
        result.months.append(Month(year, month, [(a, seen[a]) for a in ids], bands, incident))
    return result
