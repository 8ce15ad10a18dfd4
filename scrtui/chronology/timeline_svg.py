"""The integrated chronology as a timeline picture (SVG, opens in any browser): one lane per
agency, each entry a mark in its lane (a dot for a day, a bar for a month or a year, a ring for
an approximate date), the key practice episodes as bands over the period, the gaps with no
contact by any agency shaded across every lane and an agency's own gaps in its lane, the
"who knew what, when" groups joined by a line, and the incident as a red line.

Hovering over a mark shows the entry (its id, date and the start of what happened): the picture
is part of the confidential working paper, like the rest of the view.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from .dates import shown
from .integrated import Gap, View

WIDTH = 1200
LABEL_W = 180
RIGHT = 20
LANE_H = 22
TOP = 52
BAND_LABEL_H = 14
AXIS_H = 40
COLOURS = {
    "entry": "#1f4e79",
    "band": "#4a78c2",
    "gap": "#888888",
    "agency_gap": "#bbbbbb",
    "incident": "#c00000",
    "group": "#d9822b",
}


def render(view: View) -> str:
    lanes = [a for a, _ in view.agencies if any(e.agency == a for e in view.entries)]
    names = dict(view.agencies)
    start, end = _span(view)
    days = max(1, (end - start).days + 1)
    plot_w = WIDTH - LABEL_W - RIGHT
    rows = _band_rows(view)
    bands_h = (max(rows.values(), default=-1) + 1) * BAND_LABEL_H
    lanes_top = TOP + bands_h + 6
    lanes_h = max(1, len(lanes)) * LANE_H
    height = lanes_top + lanes_h + AXIS_H + 30

    def x(day: date) -> float:
        return round(LABEL_W + plot_w * (day - start).days / days, 1)

    def x_end(day: date) -> float:  # the right edge of a day
        return round(LABEL_W + plot_w * ((day - start).days + 1) / days, 1)

    lane_y = {agency: lanes_top + i * LANE_H for i, agency in enumerate(lanes)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(f'Integrated chronology: {view.title}')}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="20" font-size="15" font-weight="bold">'
        f"{escape(f'Integrated chronology: {view.title}')}</text>",
        f'<text x="10" y="36" fill="#444">{escape(_subtitle(view, start, end))}</text>',
    ]
    # lanes
    for i, agency in enumerate(lanes):
        y = lane_y[agency]
        if i % 2 == 0:
            out.append(
                f'<rect class="lane" x="{LABEL_W}" y="{y}" width="{plot_w}" '
                f'height="{LANE_H}" fill="#f4f6f9"/>'
            )
        label = agency if len(agency) <= 26 else agency[:25] + "…"
        out.append(
            f'<text class="lane-label" x="{LABEL_W - 6}" y="{y + LANE_H / 2 + 4}" '
            f'text-anchor="end"><title>{escape(names.get(agency, agency))}</title>'
            f"{escape(label)}</text>"
        )
    # episodes as bands, labelled above the lanes
    for band in view.bands:
        b0, b1 = max(band.start, start), min(band.end, end)
        if b1 < b0:
            continue
        left, right = x(b0), x_end(b1)
        out.append(
            f'<rect class="episode" x="{left}" y="{lanes_top}" '
            f'width="{max(1.0, right - left):.1f}" height="{lanes_h}" '
            f'fill="{COLOURS["band"]}" fill-opacity="0.13" stroke="{COLOURS["band"]}" '
            f'stroke-opacity="0.5"><title>'
            f"{escape(f'{band.id} {band.start} to {band.end}: {band.title}')}"
            "</title></rect>"
        )
        label_y = TOP + rows[band.id] * BAND_LABEL_H + 10
        out.append(
            f'<text class="episode-label" x="{left + 2}" y="{label_y}" '
            f'fill="{COLOURS["band"]}" font-weight="bold">{escape(band.id)}</text>'
        )
    # gaps: across every lane, then each agency's own
    for gap in view.gaps:
        left, right = x(max(gap.start, start)), x_end(min(gap.end, end))
        out.append(
            f'<rect class="gap" x="{left}" y="{lanes_top}" '
            f'width="{max(1.0, right - left):.1f}" height="{lanes_h}" '
            f'fill="{COLOURS["gap"]}" fill-opacity="0.28"><title>'
            f"{escape(_gap_text(gap))}</title></rect>"
        )
    for gap in view.agency_gaps:
        if gap.agency not in lane_y:
            continue
        left, right = x(max(gap.start, start)), x_end(min(gap.end, end))
        y = lane_y[gap.agency] + 3
        out.append(
            f'<rect class="agency-gap" x="{left}" y="{y}" '
            f'width="{max(1.0, right - left):.1f}" height="{LANE_H - 6}" '
            f'fill="{COLOURS["agency_gap"]}" fill-opacity="0.35"><title>'
            f"{escape(_gap_text(gap))}</title></rect>"
        )
    # who knew what, when: the entries of a group joined
    marks = {}
    for entry in view.entries:
        if entry.date is None or entry.agency not in lane_y or not start <= entry.date <= end:
            continue
        marks[entry.id] = (
            x(entry.date) + (x_end(entry.date) - x(entry.date)) / 2,
            lane_y[entry.agency] + LANE_H / 2,
        )
    for group in view.groups:
        points = [marks[e.id] for e in group.entries if e.id in marks]
        if len(points) < 2:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        said = f"{group.id}: {', '.join(group.agencies)} ({', '.join(group.words)})"
        out.append(
            f'<polyline class="group" points="{path}" fill="none" '
            f'stroke="{COLOURS["group"]}" stroke-width="1.5" stroke-dasharray="3,2">'
            f"<title>{escape(said)}</title></polyline>"
        )
    # the entries
    for entry in view.entries:
        if entry.id not in marks:
            continue
        cx, cy = marks[entry.id]
        assert entry.date is not None  # marked: dated
        tip = escape(
            f"{entry.id} {shown(entry.date, entry.precision)} {entry.agency}: {_short(entry.what)}"
        )
        if entry.precision in ("month", "year"):
            last = _last(entry.date, entry.precision)
            left, right = x(max(entry.date, start)), x_end(min(last, end))
            out.append(
                f'<rect class="entry" x="{left}" y="{cy - 3}" '
                f'width="{max(2.0, right - left):.1f}" height="6" rx="3" '
                f'fill="{COLOURS["entry"]}" fill-opacity="0.35"><title>{tip}</title></rect>'
            )
        elif entry.precision == "approximate":
            out.append(
                f'<circle class="entry" cx="{cx:.1f}" cy="{cy}" r="4" fill="#ffffff" '
                f'stroke="{COLOURS["entry"]}" stroke-width="1.5"><title>{tip}</title>'
                "</circle>"
            )
        else:
            out.append(
                f'<circle class="entry" cx="{cx:.1f}" cy="{cy}" r="4" '
                f'fill="{COLOURS["entry"]}"><title>{tip}</title></circle>'
            )
    # the incident
    if view.incident and start <= view.incident <= end:
        ix = x(view.incident) + (x_end(view.incident) - x(view.incident)) / 2
        out.append(
            f'<line class="incident" x1="{ix:.1f}" y1="{TOP}" x2="{ix:.1f}" '
            f'y2="{lanes_top + lanes_h}" stroke="{COLOURS["incident"]}" '
            'stroke-width="2"/>'
        )
        out.append(
            f'<text class="incident-label" x="{ix + 3:.1f}" y="{TOP - 3}" text-anchor="end" '
            f'fill="{COLOURS["incident"]}" font-weight="bold">incident '
            f"{view.incident.isoformat()}</text>"
        )
    # the axis: a tick at the start of each month (or each year over a long period)
    axis_y = lanes_top + lanes_h
    out.append(
        f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{LABEL_W + plot_w}" y2="{axis_y}" stroke="#333"/>'
    )
    for tick, label in _ticks(start, end):
        tx = x(tick)
        out.append(f'<line x1="{tx}" y1="{axis_y}" x2="{tx}" y2="{axis_y + 5}" stroke="#333"/>')
        out.append(f'<text x="{tx}" y="{axis_y + 17}" text-anchor="middle">{label}</text>')
    legend_y = axis_y + AXIS_H
    out.append(
        f'<text x="10" y="{legend_y}" fill="#444">dot: a day · ring: approximate · '
        "bar: a month or a year · blue band: key practice episode · grey: no contact "
        "by any agency (light: by that agency) · dashed: who knew what, when · red: "
        "the incident</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _gap_text(gap: Gap) -> str:
    who = f"from {gap.agency}" if gap.agency else "by any agency"
    return f"no contact {who} for {gap.days} days ({gap.start} to {gap.end})"


def _span(view: View) -> tuple[date, date]:
    dated = [e.date for e in view.entries if e.date]
    start = view.start or (min(dated) if dated else date.today())
    end = view.end or (max(dated) if dated else start)
    if end < start:
        start, end = end, start
    return start, end


def _subtitle(view: View, start: date, end: date) -> str:
    involved = len({e.agency for e in view.entries})
    text = (
        f"{start.isoformat()} to {end.isoformat()} · {len(view.entries)} entries · "
        f"{involved} agencies · gaps over {view.gap_days} days"
    )
    if view.filters:
        text += " · " + "; ".join(view.filters)
    return text


def _band_rows(view: View) -> dict[str, int]:
    """A row for each episode's label, so that labels of overlapping episodes do not overlap."""
    rows: dict[str, int] = {}
    ends: list[date] = []
    for band in sorted(view.bands, key=lambda b: (b.start, b.id)):
        for i, last in enumerate(ends):
            if band.start > last + timedelta(days=20):
                ends[i] = band.end
                rows[band.id] = i
                break
        else:
            rows[band.id] = len(ends)
            ends.append(band.end)
    return rows


def _last(day: date, precision: str) -> date:
    if precision == "year":
        return date(day.year, 12, 31)
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _ticks(start: date, end: date) -> list[tuple[date, str]]:
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 24 else 3 if months <= 60 else 12
    tick = date(start.year, start.month, 1)
    if tick < start:
        tick = _next_month(tick)
    out: list[tuple[date, str]] = []
    while tick <= end:
        if (tick.month - 1) % step == 0:
            label = tick.strftime("%b %Y") if tick.month == 1 or not out else tick.strftime("%b")
            out.append((tick, label if step < 12 else str(tick.year)))
        tick = _next_month(tick)
    return out


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
