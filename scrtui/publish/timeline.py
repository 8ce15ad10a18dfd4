"""The published timeline (`[build] include_timeline = true`): the agencies' contact with the
family month by month, from the integrated chronology.

Month-level on purpose, as every date in the draft: an exact day can identify. What it shows is
counts (how many entries each agency recorded in a month), the months in which no agency
recorded any contact, the key practice episodes that each month falls in and the month of the
incident. The entries' own text is not in it (it is the agencies' working record, full of
names): the words it does carry, the agencies' names and the episodes' titles, are the
reviewer's, written into the draft as such, so they are anonymised, read by the residual
detector and checked by the gate like every other word of the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import model as m
from . import mdtext
from .draft import Draft
from .refs import anchor, number

TIMELINE_HEADING = "## Timeline {#timeline}"
PICTURE_NOTE = "the file report-timeline.svg, published beside this report"


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
        month = counts.setdefault((day.year, day.month), {})
        month[entry.agency] = month.get(entry.agency, 0) + 1
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


def timeline_section(draft: Draft, review: m.ReviewModel) -> None:
    """The section: one table row per month."""
    rows = timeline(review)
    draft.tool(f"{TIMELINE_HEADING}\n\n")
    if not rows.months:
        draft.tool("The chronology has no entries dated to the month, so there is no timeline.\n\n")
        return
    draft.tool(
        "How many contacts each agency recorded with the family in each month, from the "
        "integrated chronology (dates by month only); a month in which no agency recorded "
        f"any contact is marked as such. The same, as a picture: {PICTURE_NOTE}.\n\n"
    )
    agencies = {a.id: a for a in review.scope.agencies} if review.scope else {}
    episodes = {e.id: e for e in review.episodes}
    titled: set[str] = set()
    draft.tool("| Month | Contacts by agency | Key practice episodes |\n|---|---|---|\n")
    for row in rows.months:
        draft.tool(f"| {mdtext.month_year(row.first_day)} | ")
        if not row.contacts:
            draft.tool("*no contact recorded by any agency*")
        for n, (agency_id, count) in enumerate(row.contacts):
            if n:
                draft.tool("; ")
            agency = agencies.get(agency_id)
            if agency is not None and agency.name.strip():
                draft.cell(agency.name, agency.origin, "name")
            else:
                draft.tool(mdtext.cell(agency_id))
            draft.tool(f" ({count})")
        draft.tool(" | ")
        for n, episode_id in enumerate(row.episodes):
            episode = episodes[episode_id]
            draft.tool("; " if n else "")
            draft.tool(f"[Episode {number(episode.id)}](#{anchor(episode.id)})")
            if episode.id not in titled:  # its title once, in its first month
                titled.add(episode.id)
                draft.tool(": ")
                draft.cell(episode.title, episode.origin, "title")
        if row.incident:
            draft.tool("; " if row.episodes else "")
            draft.tool("**the incident**")
        draft.tool(" |\n")
    draft.tool("\n")
    if rows.unplaced:
        noun = "entry" if rows.unplaced == 1 else "entries"
        draft.tool(
            f"{rows.unplaced} chronology {noun} dated only by year, approximately or not at all "
            f"{'is' if rows.unplaced == 1 else 'are'} not shown by month.\n\n"
        )
