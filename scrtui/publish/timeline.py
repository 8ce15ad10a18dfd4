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

from datetime import date

from .. import model as m
from . import mdtext
from .draft import Draft
from .refs import anchor, number

TIMELINE_HEADING = "## Timeline {#timeline}"


def _months(start: date, end: date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_section(draft: Draft, review: m.ReviewModel) -> None:
    """The section: one table row per month from the first dated entry to the last."""
    from ..chronology.integrated import build  # noqa: PLC0415

    view = build(review)
    draft.tool(f"{TIMELINE_HEADING}\n\n")
    placed = [e for e in view.entries if e.date is not None and e.precision in ("day", "month")]
    unplaced = len(view.entries) - len(placed)
    if not placed:
        draft.tool("The chronology has no entries dated to the month, so there is no timeline.\n\n")
        return
    first = min(e.date for e in placed if e.date is not None)
    last = max(e.date for e in placed if e.date is not None)
    if view.incident is not None:
        first, last = min(first, view.incident), max(last, view.incident)
    draft.tool(
        "How many contacts each agency recorded with the family in each month, from the "
        "integrated chronology (dates by month only); a month in which no agency recorded "
        "any contact is marked as such.\n\n"
    )
    agencies = {a.id: a for a in review.scope.agencies} if review.scope else {}
    order = [a.id for a in review.scope.agencies] if review.scope else []
    episodes = {e.id: e for e in review.episodes}
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for entry in placed:
        assert entry.date is not None
        month = counts.setdefault((entry.date.year, entry.date.month), {})
        month[entry.agency] = month.get(entry.agency, 0) + 1
    titled: set[str] = set()
    draft.tool("| Month | Contacts by agency | Key practice episodes |\n|---|---|---|\n")
    for year, month in _months(first, last):
        draft.tool(f"| {mdtext.month_year(date(year, month, 1))} | ")
        seen = counts.get((year, month), {})
        if not seen:
            draft.tool("*no contact recorded by any agency*")
        ids = sorted(seen, key=lambda a: (order.index(a) if a in order else len(order), a))
        for n, agency_id in enumerate(ids):
            if n:
                draft.tool("; ")
            agency = agencies.get(agency_id)
            if agency is not None and agency.name.strip():
                draft.cell(agency.name, agency.origin, "name")
            else:
                draft.tool(mdtext.cell(agency_id))
            draft.tool(f" ({seen[agency_id]})")
        draft.tool(" | ")
        month_start = date(year, month, 1)
        month_end = date(year + (month == 12), month % 12 + 1, 1)
        written = 0
        for band in view.bands:
            if band.start < month_end and band.end >= month_start:
                episode = episodes.get(band.id)
                if written:
                    draft.tool("; ")
                if episode is None:  # a band is an episode of the review: never, in fact
                    continue
                draft.tool(f"[Episode {number(episode.id)}](#{anchor(episode.id)})")
                if band.id not in titled:  # its title once, in its first month
                    titled.add(band.id)
                    draft.tool(": ")
                    draft.cell(episode.title, episode.origin, "title")
                written += 1
        if view.incident is not None and month_start <= view.incident < month_end:
            draft.tool("; " if written else "")
            draft.tool("**the incident**")
        draft.tool(" |\n")
    draft.tool("\n")
    if unplaced:
        noun = "entry" if unplaced == 1 else "entries"
        draft.tool(
            f"{unplaced} chronology {noun} dated only by year, approximately or not at all "
            f"{'is' if unplaced == 1 else 'are'} not shown by month.\n\n"
        )
