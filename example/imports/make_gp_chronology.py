"""Write gp-practice-chronology.xlsx: the GP practice's own chronology for the example review,
as a practice manager would send it (wholly fictional, like the rest of the example).

    python example/imports/make_gp_chronology.py [OUT.xlsx]

It has what agencies' spreadsheets have: a title row merged across the top, Excel date cells
next to dates typed as text ("21/01/2025", "Nov 2024", "c. 2022"), a time column, a row from
before the review period, a row typed twice, one date that does not exist, and a name the
register does not hold. Importing it (see docs/chronology.md) shows each being dealt with.
The same script always writes the same cells.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
WHEN = datetime(2025, 4, 15, 9, 0)  # when the practice manager saved it
HEADERS = ["Date", "Time", "Type of contact", "Details", "Practitioner", "Role", "Outcome"]
ROWS = [
    ["c. 2022", None, "Registration", "Mother registered with the practice after moving to "
     "the Brookfield Estate; previous records requested from her former practice.",
     None, "Practice administrator", "Records received"],
    [date(2024, 4, 9), "09:40", "Consultation", "Low mood and tiredness in early pregnancy. "
     "Support from her own mother and 'a new friend'. Referred to talking therapies; review in "
     "four weeks.", "Dr Amrit Sandhu", "GP partner", "Review booked"],
    [date(2024, 5, 7), None, "Did not attend", "Four-week review of low mood not attended. "
     "No follow-up recorded.", None, "Practice administrator", None],
    ["18/06/2024", None, "Correspondence", "Discharge letter from talking therapies (two "
     "missed appointments, no reply to an opt-in letter) filed without being passed to a "
     "clinician.", None, "Practice administrator", "Filed"],
    ["31/11/2024", None, "Correspondence", "Maternity discharge summary scanned.", None,
     "Practice administrator", None],
    [datetime(2024, 11, 28, 10, 15), None, "Baby check", "Eight-week check and first "
     "immunisations. Faint yellowish mark on the left cheek; mother said it was from a "
     "sibling's toy. Not referred.", "Dr Qureshi", "GP", "Routine follow-up"],
    ["Nov 2024", None, "Audit note", "Practice register of children under one updated; "
     "Child A added.", None, "Practice manager", None],
    [date(2025, 1, 9), "11:00", "Immunisation", "Second immunisations. Brought by the mother "
     "and a man recorded as 'stepdad'. Locum nurse Bernadette Okonkwo.", None, "Practice nurse",
     "Third immunisations due"],
    [date(2025, 1, 9), "11:00", "Immunisation", "Second immunisations. Brought by the mother "
     "and a man recorded as 'stepdad'. Locum nurse Bernadette Okonkwo.", None, "Practice nurse",
     "Third immunisations due"],
    ["21/01/2025", "16:20", "Telephone consultation", "Mother said the baby was unsettled and "
     "crying after feeds. Advice on feeding and reflux; bring in if worse. Not examined.",
     None, "GP", "Advice given"],
]


def make(out: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "GP chronology"
    sheet.append(["Moorgate Medical Centre: chronology for the review (confidential)"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in ROWS:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=3):
        if isinstance(row[0].value, datetime):
            row[0].number_format = "dd/mm/yyyy hh:mm"
        elif isinstance(row[0].value, date):
            row[0].number_format = "dd/mm/yyyy"
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (16, 7, 20, 60, 18, 22, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet("Notes")
    notes.append(["Prepared by the practice manager from the clinical system."])
    notes.sheet_state = "hidden"
    book.properties.creator = "Moorgate Medical Centre"
    book.properties.created = WHEN
    book.save(out)
    _same_bytes(out)
    return out


def _same_bytes(path: Path) -> None:
    """openpyxl stamps the file with the time it was saved; put one fixed time everywhere, so
    that the script always writes the same bytes (and git sees no change)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w",
                                                          zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" +
                              WHEN.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data)
            info = zipfile.ZipInfo(name, date_time=WHEN.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "gp-practice-chronology.xlsx"
    print(make(target))
