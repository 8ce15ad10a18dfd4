"""Reading an agency's spreadsheet: .xlsx/.xlsm and .ods through python-calamine, .csv through
the csv module, with what scr had to decide about the file said in `notes`.

Why python-calamine: it reads xlsx, xlsm and ods with one interface (Rust, well kept), gives
date cells as dates, names hidden sheets and merged cells, and reads a 20,000-row workbook
about twenty times faster than openpyxl's read-only mode. It does not say which cells are
formulas; openpyxl (read-only) is asked that, and only when the workbook holds a formula.

Every failure that makes the file unusable raises `Unusable` with one line a user can act on
(the CLI's exit 2); nothing is read past it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..problems import location

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

SPREADSHEET_KINDS = ("xlsx", "xlsm", "ods", "csv")
MAX_BYTES = 20 * 1024 * 1024  # an agency chronology is rarely 2 MB; past this it is not one
MAX_TEXT = "20 MB"
MAX_ROWS = 50_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_OTHER_KINDS = (  # magic bytes of files that are sometimes sent instead of a spreadsheet
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)


class Unusable(Exception):
    """The file cannot be imported at all; the message is the one line to show."""


@dataclass
class SheetInfo:
    name: str
    visible: bool


Row = tuple[int, list[object]]  # (row number, cell values); a row's cells from column 1


@dataclass
class Table:
    """The cells of one sheet (or a CSV file), numbered as the user sees them."""

    path: Path
    kind: str  # xlsx, xlsm, ods, csv
    sheet: str | None  # None for a CSV file
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    # (row, column) of each formula cell -> its formula ("=B4+1"); xlsx and xlsm only
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1

    def where(self, row: int, col: int | None = None) -> str:
        """FILE:SHEET!ROW:COL (a sheet) or FILE:ROW:COL (a CSV file)."""
        place = f"{self.path}:{self.sheet}!{row}" if self.sheet else f"{self.path}:{row}"
        return f"{place}:{col}" if col is not None else place


def kind_of(path: Path) -> str:
    """What the file is (xlsx, xlsm, ods or csv), from its name and its first bytes; Unusable
    when it is none of them, with what it is instead when that can be told."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise Unusable(f"{path}: no such file") from None
    except OSError as exc:
        raise Unusable(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise Unusable(f"{path}: is a folder, not a spreadsheet")
    if size == 0:
        raise Unusable(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise Unusable(
            f"{path}: is {size / 1e6:.1f} MB; scr imports spreadsheets of up to "
            f"{MAX_TEXT} (an agency chronology is rarely over 2 MB): split it, by "
            "year for example, and import each part"
        )
    with open(path, "rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower().lstrip(".")
    if head.startswith(_OLE2):
        if _is_encrypted(path):
            raise Unusable(
                f"{path}: is protected by a password; open it in Excel or "
                "LibreOffice, save a copy without the password, and import that"
            )
        raise Unusable(
            f"{path}: is in the old binary Excel format (.xls); open it in Excel or "
            "LibreOffice and save it as .xlsx, then import that"
        )
    if suffix == "xls":
        raise Unusable(
            f"{path}: .xls files are not read; open it in Excel or LibreOffice and "
            "save it as .xlsx, then import that"
        )
    for magic, what in _OTHER_KINDS:
        if head.startswith(magic):
            raise Unusable(f"{path}: is {what}, not a spreadsheet (xlsx, xlsm, ods or csv)")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, suffix)
    if suffix in ("xlsx", "xlsm", "ods"):
        raise Unusable(
            f"{path}: is not a .{suffix} file (it may be damaged, or another kind of file renamed)"
        )
    return "csv"


def _is_encrypted(path: Path) -> bool:
    with open(path, "rb") as handle:
        return _ENCRYPTED in handle.read(1024 * 1024)


def _zip_kind(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise Unusable(f"{path}: is damaged and cannot be read ({exc})") from None
    if "xl/workbook.xml" in names:
        return "xlsm" if suffix == "xlsm" else "xlsx"
    if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
        return "ods"
    if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis.opendocument.t"):
        raise Unusable(
            f"{path}: is a word-processor document, not a spreadsheet; copy its table "
            "into a spreadsheet and save that as .xlsx"
        )
    raise Unusable(f"{path}: is a zip archive, not a spreadsheet (xlsx, xlsm, ods or csv)")


# -- workbooks ---------------------------------------------------------------------------------


def _workbook(path: Path) -> CalamineWorkbook:
    import python_calamine  # noqa: PLC0415 - only the import command needs it

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise Unusable(
            f"{path}: is protected by a password; save a copy without the password and import that"
        ) from None
    except Exception as exc:  # noqa: BLE001 - calamine's errors (zip, xml, format) all mean this
        raise Unusable(f"{path}: is damaged and cannot be read ({_first_line(exc)})") from None


def sheets(path: Path, kind: str | None = None) -> list[SheetInfo]:
    """The sheets of a workbook in order, with whether each is visible; [] for a CSV file."""
    kind = kind or kind_of(path)
    if kind == "csv":
        return []
    import python_calamine  # noqa: PLC0415

    book = _workbook(path)
    visible = python_calamine.SheetVisibleEnum.Visible
    try:
        return [SheetInfo(meta.name, meta.visible == visible) for meta in book.sheets_metadata]
    finally:
        book.close()


def read(path: Path, sheet: str | None = None, kind: str | None = None) -> Table:
    """The cells of `sheet` (a workbook) or of the file (a CSV file)."""
    kind = kind or kind_of(path)
    if kind == "csv":
        return read_csv(path)
    if sheet is None:
        raise ValueError("a workbook needs a sheet name")
    book = _workbook(path)
    try:
        try:
            data = book.get_sheet_by_name(sheet)
        except Exception as exc:  # noqa: BLE001 - WorksheetNotFound, or a damaged sheet
            names = ", ".join(f"'{n}'" for n in book.sheet_names)
            if sheet not in book.sheet_names:
                raise Unusable(f"{path}: has no sheet '{sheet}'; its sheets: {names}") from None
            raise Unusable(f"{path}: sheet '{sheet}' is damaged ({_first_line(exc)})") from None
        try:
            # cells of every kind, which `_fill_merged` later writes to
            values = cast("list[list[object]]", data.to_python(skip_empty_area=False))
        except Exception as exc:  # noqa: BLE001
            raise Unusable(f"{path}: sheet '{sheet}' is damaged ({_first_line(exc)})") from None
        merged = sorted(
            (r0 + 1, c0 + 1, r1 + 1, c1 + 1)
            for (r0, c0), (r1, c1) in (data.merged_cell_ranges or [])
        )
    finally:
        book.close()
    if len(values) > MAX_ROWS + 1:
        raise Unusable(
            f"{path}: sheet '{sheet}' has {len(values):,} rows; scr imports up to "
            f"{MAX_ROWS:,} rows at a time: split it and import each part"
        )
    table = Table(
        path,
        kind,
        sheet,
        [(number, row) for number, row in enumerate(values, start=1)],
        merged=merged,
    )
    _fill_merged(table)
    if kind in ("xlsx", "xlsm"):
        table.formulas = _formulas(path, sheet)
    return table


def _fill_merged(table: Table) -> None:
    """Give every cell of a merged range the value of its first cell, as a reader sees it (a
    date merged down three rows is the date of all three)."""
    if not table.merged:
        return
    by_number = {number: row for number, row in table.rows}
    for r0, c0, r1, c1 in table.merged:
        first = by_number.get(r0)
        if first is None or c0 - 1 >= len(first):
            continue
        value = first[c0 - 1]
        for r in range(r0, r1 + 1):
            row = by_number.get(r)
            if row is None:
                continue
            while len(row) < c1:
                row.append("")
            for c in range(c0, c1 + 1):
                row[c - 1] = value
    ranges = ", ".join(f"{_ref(r0, c0)}:{_ref(r1, c1)}" for r0, c0, r1, c1 in table.merged[:5])
    more = f" and {len(table.merged) - 5} more" if len(table.merged) > 5 else ""
    table.notes.append(
        f"merged cells {ranges}{more}: each cell of a merged range is read as "
        "the value of its first cell"
    )


def _formulas(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The formula cells of a sheet. A quick look into the file first: most chronologies hold
    no formula, and then openpyxl is never loaded."""
    try:
        with zipfile.ZipFile(path) as archive:
            if not any(
                _FORMULA.search(archive.read(name))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            ):
                return {}
    except (zipfile.BadZipFile, OSError):
        return {}
    import openpyxl  # noqa: PLC0415

    found: dict[tuple[int, int], str] = {}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - calamine read it; openpyxl's opinion is only a bonus
        return {}
    try:
        for row in book[sheet].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", "") == "f":
                    # a formula cell has its place (the stubs allow None for an empty cell)
                    found[(cell.row, cell.column)] = str(cell.value)  # type: ignore[index]
    except Exception:  # noqa: BLE001
        return found
    finally:
        book.close()
    return found


# -- CSV ---------------------------------------------------------------------------------------


def read_csv(path: Path) -> Table:
    data = path.read_bytes()
    text, encoding = _decode(path, data)
    notes = []
    if encoding != "UTF-8":
        notes.append(f"read as {encoding} text")
    _not_binary(path, text)
    delimiter = _delimiter(text)
    if delimiter != ",":
        notes.append(f"columns separated by {_DELIMITER_NAMES[delimiter]}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    line = 1
    try:
        for record in reader:
            rows.append((line, list(record)))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS + 1:
                raise Unusable(
                    f"{path}: has more than {MAX_ROWS:,} rows; scr imports up to "
                    f"{MAX_ROWS:,} rows at a time: split it and import each part"
                )
    except csv.Error as exc:
        raise Unusable(f"{path}:{line}: cannot be read as CSV ({exc})") from None
    return Table(path, "csv", None, rows, notes)


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise Unusable(f"{path}: is not valid UTF-16 text; save it as 'CSV UTF-8'") from None
    if b"\x00" in data[:4096]:
        raise Unusable(
            f"{path}: is not text (it holds NUL bytes; if it is UTF-16 text without a "
            "byte order mark, save it as 'CSV UTF-8'): not a spreadsheet scr can read"
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        offset = exc.start  # a byte that is neither
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    raise Unusable(
        f"{location(str(path), line, col)}: byte 0x{data[offset]:02X} is neither UTF-8 nor "
        "Windows-1252 text: save the file as 'CSV UTF-8 (comma delimited)' and "
        "import that"
    )


def _not_binary(path: Path, text: str) -> None:
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n")
    if controls > max(2, len(sample) // 100):
        raise Unusable(
            f"{path}: is not a spreadsheet (xlsx, xlsm, ods or csv): it holds binary data"
        )


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines into the same number of
    columns, most of them (commas when none does)."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        header = counts[0]
        if header < 2:
            continue
        score = (sum(1 for c in counts if c == header), header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str) -> int | None:
    """A column's number from its letters ("C" -> 3); None when they are not column letters."""
    if not re.fullmatch(r"[A-Za-z]{1,3}", letters):
        return None
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
