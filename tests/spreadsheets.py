"""Real spreadsheets for the chronology tests, written with the libraries agencies' files come
from: openpyxl (xlsx), odfpy (ods), the csv module; no binary fixtures."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl

HEADERS = ["Date", "Time", "Event", "Details", "Practitioner", "Role", "Outcome"]


def write_xlsx(
    path: Path,
    rows: list[list],
    sheet: str = "Chronology",
    *,
    headers=HEADERS,
    more: dict[str, list[list]] | None = None,
    hidden: tuple[str, ...] = (),
    merge: tuple[str, ...] = (),
    before: list[list] = (),
) -> Path:
    """A workbook with one sheet of `headers` and `rows` (after the `before` rows), more sheets
    by name, some of them hidden, and cell ranges merged ("C1:D1")."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in [*before, headers, *rows]:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    for name, content in (more or {}).items():
        other = book.create_sheet(name)
        for row in content:
            other.append(row)
        if name in hidden:
            other.sheet_state = "hidden"
    book.save(path)
    return path


def with_saved_values(path: Path, values: dict[str, str]) -> Path:
    """Give formula cells the value Excel would have saved with them ("A2" -> "45365"):
    openpyxl writes formulas without one, as a program that never calculated them does."""
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                for ref, value in values.items():
                    start = data.index(f'<c r="{ref}"'.encode())
                    end = data.index(b"</c>", start)
                    cell = data[start:end].replace(b"<v></v>", f"<v>{value}</v>".encode())
                    cell = cell.replace(b"<v/>", f"<v>{value}</v>".encode())
                    data = data[:start] + cell + data[end:]
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


def write_csv(
    path: Path, rows: list[list], *, headers=HEADERS, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in [headers, *rows]:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_ods(path: Path, rows: list[list], sheet: str = "Chronology", *, headers=HEADERS) -> Path:
    """An OpenDocument spreadsheet, as LibreOffice saves one: dates as date cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in [headers, *rows]:
        tr = TableRow()
        for value in row:
            if isinstance(value, date | datetime):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text="" if value is None else str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def entries_of(root: Path, agency: str) -> list[dict]:
    import tomli

    path = root / "chronology" / f"{agency}.toml"
    return tomli.loads(path.read_text(encoding="utf-8")).get("entry", [])
