"""The published timeline as a picture (SVG): one lane per agency, one column per month, each
cell the number of contacts the agency recorded in that month; months without any contact
shaded across every lane, the key practice episodes as bands above, the incident's month in red.

Made from the same month rows as the table (`timeline.timeline`), with words the build has
already anonymised (the agencies' names as published); the episodes are shown by number only.
The finished file is read back and scanned by the gate like every other publication file.
"""

from __future__ import annotations

from html import escape

from . import mdtext
from .refs import number
from .timeline_rows import Timeline

CELL_W = 28
LANE_H = 22
LABEL_W = 230
TOP = 70
BAND_H = 14
COLOURS = {"ink": "#1f1f1f", "contact": "#1f4e79", "none": "#d0d0d0", "band": "#4a78c2"}
TITLE = "Contacts by agency, month by month"


def render(
    rows: Timeline, agency_names: dict[str, str], order: list[str], stamp: str | None = None
) -> str:
    """The SVG text; `agency_names` as the publication gives them (anonymised); `stamp`, the
    gate's words when the draft is not cleared, across the top as on every other file."""
    months = rows.months
    seen = {agency for row in months for agency, _ in row.contacts}
    lanes = [a for a in order if a in seen] + sorted(seen - set(order))
    episodes = list(dict.fromkeys(e for row in months for e in row.episodes))
    bands_h = BAND_H * len(episodes)
    width = LABEL_W + CELL_W * len(months) + 20
    top = TOP + (20 if stamp else 0)
    height = top + bands_h + LANE_H * len(lanes) + 60
    most = max((count for row in months for _, count in row.contacts), default=1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(TITLE)}" '
        'font-family="Arial, Helvetica, sans-serif" font-size="11">',
        f"<title>{escape(TITLE)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-size="15" fill="{COLOURS["ink"]}">{escape(TITLE)}</text>',
        f'<text x="10" y="40" fill="#555555">{escape(_subtitle(rows))}</text>',
    ]
    if stamp:
        out.append(
            f'<text x="10" y="58" fill="#c00000" font-weight="bold">NOT CLEARED FOR '
            f"PUBLICATION. {escape(stamp)}</text>"
        )
    lanes_top = top + bands_h
    for index, episode in enumerate(episodes):
        columns = [i for i, row in enumerate(months) if episode in row.episodes]
        y = top + index * BAND_H
        x = LABEL_W + columns[0] * CELL_W
        w = (columns[-1] - columns[0] + 1) * CELL_W
        out.append(
            f'<rect x="{x}" y="{y + 2}" width="{w}" height="{BAND_H - 4}" '
            f'fill="{COLOURS["band"]}" opacity="0.35"/>'
        )
        out.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAND_H - 3}" text-anchor="end" '
            f'fill="{COLOURS["ink"]}">Episode {number(episode)}</text>'
        )
    for column, row in enumerate(months):
        x = LABEL_W + column * CELL_W
        if not row.contacts:  # no contact by any agency: shaded across every lane
            out.append(
                f'<rect x="{x}" y="{lanes_top}" width="{CELL_W}" height="{LANE_H * len(lanes)}" '
                f'fill="{COLOURS["none"]}"/>'
            )
        if row.incident:
            out.append(
                f'<rect x="{x}" y="{top - 6}" width="{CELL_W}" '
                f'height="{bands_h + LANE_H * len(lanes) + 6}" fill="none" stroke="#c00000" '
                'stroke-width="2"/>'
            )
        counts = dict(row.contacts)
        for lane, agency in enumerate(lanes):
            count = counts.get(agency, 0)
            if not count:
                continue
            y = lanes_top + lane * LANE_H
            shade = 0.25 + 0.75 * count / most
            out.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{CELL_W - 2}" height="{LANE_H - 2}" '
                f'fill="{COLOURS["contact"]}" opacity="{shade:.2f}"/>'
            )
            out.append(
                f'<text x="{x + CELL_W / 2:g}" y="{y + 15}" text-anchor="middle" '
                f'fill="#ffffff">{count}</text>'
            )
        label_y = lanes_top + LANE_H * len(lanes) + 14
        name = mdtext.MONTHS[row.month - 1][:3]
        out.append(
            f'<text x="{x + CELL_W / 2:g}" y="{label_y}" text-anchor="middle" '
            f'fill="{COLOURS["ink"]}">{name}</text>'
        )
        if row.month == 1 or column == 0:
            out.append(
                f'<text x="{x + 2}" y="{label_y + 14}" fill="{COLOURS["ink"]}">{row.year}</text>'
            )
    for lane, agency in enumerate(lanes):
        y = lanes_top + lane * LANE_H
        name = agency_names.get(agency, agency)
        shown = name if len(name) <= 36 else name[:35] + "\u2026"
        out.append(
            f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end" '
            f'fill="{COLOURS["ink"]}">{escape(shown)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _subtitle(rows: Timeline) -> str:
    first, last = rows.months[0], rows.months[-1]
    text = (
        f"{mdtext.month_year(first.first_day)} to {mdtext.month_year(last.first_day)}; "
        "grey: no contact by any agency; red: the month of the incident"
    )
    return text
