"""The integrated chronology as text that fits a terminal (80 columns): the listing, the gaps,
the episodes and the incident as notes, then the who-knew-what groups (`scr chronology`)."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import cast

from ..model import ChronologyEntry
from .dates import shown
from .integrated import WINDOW_DAYS, Band, Gap, View, day_of, listing, short_names


def text_lines(view: View, width: int = 80) -> list[str]:
    """The view as text that fits `width` columns."""
    date_w, ep_w = 12, 7
    longest = max((len(a) for a, _ in view.agencies), default=6)
    agency_w = min(max(longest, 6), 13)
    short = short_names([a for a, _ in view.agencies], agency_w)
    what_w = max(20, width - date_w - agency_w - ep_w - 6)
    indent = " " * (date_w + agency_w + ep_w + 6)
    out = [_fit(f"Integrated chronology: {view.title}", width)]
    span = (
        f"{view.start.isoformat()} to {view.end.isoformat()}"
        if view.start and view.end
        else "no dated entries"
    )
    involved = len({e.agency for e in view.entries})
    out.append(_fit(f"{span} · {len(view.entries)} entries · {involved} agencies", width))
    for said in view.filters:
        out.append(_fit(f"Shown: {said}", width))
    if view.incident:
        out.append(f"Incident: {view.incident.isoformat()}")
    out.append(
        _fit(
            f"Gaps: more than {view.gap_days} days without contact: "
            f"{len(view.gaps)} by any agency, {len(view.agency_gaps)} by one agency",
            width,
        )
    )
    renamed = [(short[a], a) for a, _ in view.agencies if short[a] != a]
    if renamed:
        legend = "Agencies: " + ", ".join(f"{s} = {a}" for s, a in renamed)
        out += textwrap.wrap(legend, width, subsequent_indent="  ")
    out.append("")
    out.append(f"{'DATE':<{date_w}}  {'AGENCY':<{agency_w}}  {'EPISODE':<{ep_w}}  WHAT")
    out.append(f"{'-' * date_w}  {'-' * agency_w}  {'-' * ep_w}  {'-' * what_w}")
    for _key, kind, item in listing(view):
        if kind == "entry":
            entry = cast(ChronologyEntry, item)
            day = shown(entry.date, entry.precision) if entry.date else "no date"
            episodes = view.episodes_of.get(entry.id, [])
            ep = episodes[0] + ("+" if len(episodes) > 1 else "") if episodes else ""
            head = entry.id + (f" ({view.group_of[entry.id]})" if entry.id in view.group_of else "")
            if entry.time:
                head += f" {entry.time}"
            text = f"{head} {' '.join(entry.what.split())}"
            wrapped = wrap(text, what_w)
            out.append(
                f"{day:<{date_w}}  {short[entry.agency]:<{agency_w}}  {ep:<{ep_w}}  {wrapped[0]}"
            )
            out += [indent + line for line in wrapped[1:]]
        elif kind == "gap":
            gap = cast(Gap, item)
            out += _note(
                f"no contact by any agency for {gap.days} days "
                f"({gap.start.isoformat()} to {gap.end.isoformat()}) ··",
                width,
                "·· ",
            )
        elif kind == "agency gap":
            gap = cast(Gap, item)
            out += _note(
                f"no contact from {gap.agency} for {gap.days} days "
                f"({gap.start.isoformat()} to {gap.end.isoformat()})",
                width,
                "·  ",
            )
        elif kind == "band start":
            band = cast(Band, item)
            out += _note(
                f"{band.id} from {band.start.isoformat()} to {band.end.isoformat()}: {band.title}",
                width,
                "── ",
                rule="─",
            )
        elif kind == "band end":
            band = cast(Band, item)
            out += _note(f"{band.id} ends ({band.end.isoformat()})", width, "── ", rule="─")
        elif kind == "incident":
            out += _note(f"INCIDENT {cast(date, item).isoformat()}", width, "══ ", rule="═")
    out.append("")
    out += _groups_text(view, width, short)
    return out


def wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most `width` characters, a longer word cut; textwrap does the
    same about five times slower, which a chronology of thousands of entries notices."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def wrap_indented(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`wrap` with a prefix on the first line and another on the others."""
    lines = wrap(text, width - max(len(first), len(rest)))
    return [(first if i == 0 else rest) + line for i, line in enumerate(lines)]


def _note(text: str, width: int, lead: str, rule: str = "") -> list[str]:
    lines = wrap_indented(text, width - 2, lead, "   ")
    if rule and len(lines) == 1 and len(lines[0]) + 2 < width:
        lines[0] = f"{lines[0]} {rule * (width - len(lines[0]) - 1)}"
    return lines


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _groups_text(view: View, width: int, short: dict[str, str]) -> list[str]:
    out = textwrap.wrap(
        "Who knew what, when: entries of different agencies within "
        f"{WINDOW_DAYS} days of each other that share words",
        width,
    )
    if not view.groups:
        return [*out, "  none found"]
    for group in view.groups:
        out.append("")
        span = (
            group.start.isoformat()
            if group.start == group.end
            else (f"{group.start.isoformat()} to {group.end.isoformat()}")
        )
        out += wrap_indented(f"{span}: {', '.join(group.agencies)}", width, f"{group.id}  ", "    ")
        if group.words:
            out += wrap_indented(f"shared words: {', '.join(group.words)}", width, "    ", "    ")
        for entry in group.entries:
            agency_w = max(len(short.get(a, a)) for a in group.agencies)
            name = short.get(entry.agency, entry.agency)
            head = f"    {day_of(entry).isoformat()}  {name:<{agency_w}}  "
            text = f"{entry.id} {' '.join(entry.what.split())}"
            out.append(_fit(head + text, width))
        if group.absent:
            out += wrap_indented(
                "not in the records of: " + ", ".join(group.absent) + " (involved at the time)",
                width,
                "    ",
                "    ",
            )
    return out
