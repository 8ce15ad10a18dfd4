"""The rows of the Chronology part's integrated view: one per entry, gap, episode start and
end, and the incident, from `chronology.integrated.listing` (the same listing as `scr
chronology`), as table cells and as the text under the table.

No Textual here: Rich text only, so that the rows can be read without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from ..chronology import integrated
from ..chronology.dates import shown
from ..editing.refs import record_key
from ..model import ChronologyEntry

DATE_W, AGENCY_W, EPISODE_W = 12, 11, 7  # c.2024-03-14 is 12
GAP_STYLE = "bold yellow"  # a gap of all agencies; an agency's own gap is plain yellow
BAND_STYLE = "cyan"
INCIDENT_STYLE = "bold red"


@dataclass
class ViewRow:
    """One row of the integrated view."""

    key: str  # an entry's record key (its file and id), or what else the row is
    kind: str  # entry, gap, agency gap, band start, band end, incident
    cells: tuple[Text, Text, Text, Text]  # date, agency, episode, what
    detail: Text  # the whole of it, for the lines under the table
    entry: ChronologyEntry | None = None

    @property
    def is_gap(self) -> bool:
        return self.kind in ("gap", "agency gap")


def entry_key(entry: ChronologyEntry) -> str:
    """The key of the entry's row in the part's record list (and in the view)."""
    return record_key(entry.origin.path, (("entry", entry.id),))


def view_rows(view: integrated.View) -> list[ViewRow]:
    """Every row of the view, in the order `scr chronology` lists them."""
    short = integrated.short_names([a for a, _ in view.agencies], AGENCY_W)
    out = []
    for _order, kind, item in integrated.listing(view):
        if kind == "entry":
            assert isinstance(item, ChronologyEntry)
            out.append(_entry_row(view, item, short))
        elif kind in ("gap", "agency gap"):
            assert isinstance(item, integrated.Gap)
            out.append(_gap_row(item, kind, short))
        elif kind in ("band start", "band end"):
            assert isinstance(item, integrated.Band)
            out.append(_band_row(item, kind))
        else:
            assert isinstance(item, date)
            what = f"══ INCIDENT {item.isoformat()}"
            out.append(
                ViewRow(
                    "incident",
                    kind,
                    _cells(item.isoformat(), "", "", what, INCIDENT_STYLE),
                    Text(f"The incident: {item.isoformat()} (review.toml [dates] incident)"),
                )
            )
    return out


def _cells(day: str, agency: str, episode: str, what: str, style: str = "") -> tuple:
    return (
        Text(day, style=style),
        Text(agency, style=style),
        Text(episode, style=style),
        Text(what, style=style, no_wrap=True, overflow="ellipsis"),
    )


def _entry_row(view, entry: ChronologyEntry, short: dict) -> ViewRow:
    day = shown(entry.date, entry.precision) if entry.date else "no date"
    episodes = view.episodes_of.get(entry.id, [])
    episode = episodes[0] + ("+" if len(episodes) > 1 else "") if episodes else ""
    group = view.group_of.get(entry.id, "")
    what = " ".join(entry.what.split())
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(entry.id, style="dim")
    if group:
        line.append(f" ({group})", style="magenta")
    if entry.time:
        line.append(f" {entry.time}")
    line.append(f" {what}")
    cells = (Text(day), Text(short.get(entry.agency, entry.agency)), Text(episode), line)
    detail = Text()
    detail.append(f"{entry.id} ", style="bold")
    detail.append(f"{day}{' ' + entry.time if entry.time else ''} ")
    detail.append(entry.agency, style="bold")
    if episodes:
        detail.append(f" · {', '.join(episodes)}", style=BAND_STYLE)
    if group:
        detail.append(f" · who knew what: {group}", style="magenta")
    detail.append(f"\n{what}")
    if entry.who:
        detail.append(f" ({entry.who})", style="dim")
    return ViewRow(entry_key(entry), "entry", cells, detail, entry)


def _gap_row(gap: integrated.Gap, kind: str, short: dict) -> ViewRow:
    span = f"{gap.start.isoformat()} to {gap.end.isoformat()}"
    if gap.agency is None:
        what = f"·· no contact by any agency for {gap.days} days (to {gap.end.isoformat()}) ··"
        detail = f"A gap: no contact by any agency for {gap.days} days ({span})."
        agency, style, key = "··", GAP_STYLE, f"gap:{gap.start.isoformat()}"
    else:
        what = f"·  no contact from {gap.agency} for {gap.days} days (to {gap.end.isoformat()})"
        detail = (
            f"A gap: no contact from {gap.agency} for {gap.days} days ({span}), between two of "
            "its own contacts."
        )
        agency, style = short.get(gap.agency, gap.agency), "yellow"
        key = f"gap:{gap.agency}:{gap.start.isoformat()}"
    return ViewRow(
        key, kind, _cells(gap.start.isoformat(), agency, "", what, style), Text(detail, style=style)
    )


def _band_row(band: integrated.Band, kind: str) -> ViewRow:
    if kind == "band start":
        day = band.start
        what = f"── {band.id} from {band.start.isoformat()} to {band.end.isoformat()}: {band.title}"
    else:
        day = band.end
        what = f"── {band.id} ends ({band.end.isoformat()})"
    detail = Text(
        f"Key practice episode {band.id}: {band.title} ({band.start.isoformat()} to "
        f"{band.end.isoformat()})",
        style=BAND_STYLE,
    )
    key = f"band:{band.id}:{'start' if kind == 'band start' else 'end'}"
    return ViewRow(key, kind, _cells(day.isoformat(), "", band.id, what, BAND_STYLE), detail)


def summary(view: integrated.View, agency: str | None, episode: str | None) -> Text:
    """The line above the table: what is shown and the filters."""
    involved = len({e.agency for e in view.entries})
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(
        f"{len(view.entries)} entr{'ies' if len(view.entries) != 1 else 'y'} · {involved} "
        f"agenc{'ies' if involved != 1 else 'y'} · "
    )
    gaps = len(view.gaps) + len(view.agency_gaps)
    text.append(f"{gaps} gap{'s' if gaps != 1 else ''}", style="yellow" if gaps else "")
    text.append(" · ")
    shown_filters = [f"agency {agency}" if agency else "", f"episode {episode}" if episode else ""]
    said = ", ".join(f for f in shown_filters if f)
    text.append(f"only {said}" if said else "all agencies and episodes", style="bold")
    return text
