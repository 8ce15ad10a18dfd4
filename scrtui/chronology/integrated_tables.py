"""The integrated chronology as tables for the panel meeting: CSV rows, and an xlsx workbook
(the chronology with gaps, episodes and incident coloured, the who-knew-what groups, the gaps)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, cast

from ..model import ChronologyEntry
from .integrated import Band, Gap, View, day_of, listing

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


COLUMNS = (
    "kind",
    "date",
    "precision",
    "time",
    "agency",
    "id",
    "episodes",
    "group",
    "what",
    "who",
    "significance",
    "source",
    "record",
    "row",
    "days",
)


def rows(view: View) -> list[dict[str, object]]:
    """The listing as table rows for the panel meeting: entries, gaps, episodes, incident."""
    out = []
    for _key, kind, item in listing(view):
        row: dict[str, object] = dict.fromkeys(COLUMNS, "")
        row["kind"] = kind.replace("band ", "episode ")
        if kind == "entry":
            e = cast(ChronologyEntry, item)
            row.update(
                date=e.date.isoformat() if e.date else "",
                precision=e.precision,
                time=e.time,
                agency=e.agency,
                id=e.id,
                episodes=" ".join(view.episodes_of.get(e.id, [])),
                group=view.group_of.get(e.id, ""),
                what=e.what,
                who=e.who,
                significance=e.significance,
                source=e.source,
                record=e.record,
                row=e.row if e.row is not None else "",
            )
        elif kind in ("gap", "agency gap"):
            gap = cast(Gap, item)
            who = f"from {gap.agency}" if gap.agency else "by any agency"
            row.update(
                date=gap.start.isoformat(),
                agency=gap.agency or "",
                days=gap.days,
                what=f"no contact {who} from {gap.start.isoformat()} to {gap.end.isoformat()}",
            )
        elif kind == "band start":
            band = cast(Band, item)
            row.update(
                date=band.start.isoformat(),
                id=band.id,
                episodes=band.id,
                what=f"{band.title} (to {band.end.isoformat()})",
                days=(band.end - band.start).days + 1,
            )
        elif kind == "band end":
            band = cast(Band, item)
            row.update(
                date=band.end.isoformat(), id=band.id, episodes=band.id, what=f"end of {band.id}"
            )
        elif kind == "incident":
            row.update(date=cast(date, item).isoformat(), what="the incident")
        out.append(row)
    return out


def to_csv(view: View) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(view))
    return buffer.getvalue()


def to_xlsx(view: View) -> bytes:
    """A workbook for the panel: the chronology (gaps grey, episodes blue, the incident red),
    the who-knew-what groups, and the gaps."""
    from openpyxl import Workbook  # noqa: PLC0415 - only --format xlsx needs it
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415

    book = Workbook()
    sheet = cast("Worksheet", book.active)  # a new workbook's one sheet
    sheet.title = "Chronology"
    fills = {
        "gap": "DDDDDD",
        "agency gap": "EEEEEE",
        "episode start": "DCE6F1",
        "episode end": "DCE6F1",
        "incident": "F4CCCC",
    }
    widths = {
        "kind": 12,
        "date": 11,
        "precision": 10,
        "time": 6,
        "agency": 18,
        "id": 9,
        "episodes": 10,
        "group": 6,
        "what": 70,
        "who": 24,
        "significance": 40,
        "source": 9,
        "record": 14,
        "row": 5,
        "days": 5,
    }
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows(view):
        sheet.append([row[c] for c in COLUMNS])
        fill = fills.get(str(row["kind"]))
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            if fill:
                cell.fill = PatternFill("solid", start_color=fill)
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[_letter(index)].width = widths[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    groups = book.create_sheet("Who knew what")
    groups.append(
        [
            "group",
            "from",
            "to",
            "agencies",
            "shared words",
            "not in the records of",
            "date",
            "agency",
            "id",
            "what",
        ]
    )
    for cell in groups[1]:
        cell.font = Font(bold=True)
    for group in view.groups:
        for entry in group.entries:
            groups.append(
                [
                    group.id,
                    group.start.isoformat(),
                    group.end.isoformat(),
                    ", ".join(group.agencies),
                    ", ".join(group.words),
                    ", ".join(group.absent),
                    day_of(entry).isoformat(),
                    entry.agency,
                    entry.id,
                    entry.what,
                ]
            )
    gaps = book.create_sheet("Gaps")
    gaps.append(["from", "to", "days", "no contact by"])
    for cell in gaps[1]:
        cell.font = Font(bold=True)
    for gap in [*view.gaps, *view.agency_gaps]:
        gaps.append(
            [gap.start.isoformat(), gap.end.isoformat(), gap.days, gap.agency or "any agency"]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    from .reading import column_letter  # noqa: PLC0415

    return column_letter(index)
