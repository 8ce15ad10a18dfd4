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

from .. import model as m
from . import mdtext
from .draft import Draft
from .refs import anchor, number
from .timeline_rows import timeline

TIMELINE_HEADING = "## Timeline {#timeline}"
PICTURE_NOTE = "the file report-timeline.svg, published beside this report"


def timeline_section(draft: Draft, review: m.ReviewModel) -> None:
    """The section: one table row per month."""
    rows = draft.timeline = timeline(review)  # the picture is drawn from the same rows
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
            if not draft.agency_cell(agencies.get(agency_id)):
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
