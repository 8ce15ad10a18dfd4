"""`scr import chronology`: real spreadsheets into a real copy of the example review."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import tomli

from conftest import git, run_scr
from spreadsheets import entries_of, with_saved_values, write_csv, write_ods, write_xlsx

TODAY = {"SCR_TODAY": "2025-06-01"}
ROWS = [
    [
        date(2024, 8, 2),
        "10:30",
        "Home visit",
        "Saw the mother and the baby; feeding well.",
        "Jo Bright",
        "Health visitor",
        "Next visit booked",
    ],
    [
        "14/11/2024",
        "",
        "Phone call",
        "Mother asked about the children's centre.",
        "Jo Bright",
        "Health visitor",
        "",
    ],
    ["March 2024", "", "Background", "Notification of the pregnancy received.", "", "", ""],
]


def imported(review, *args, env=TODAY):
    return run_scr("import", "chronology", *map(str, args), env=env)


def commits(review) -> list[str]:
    return git("log", "--format=%s", cwd=review).splitlines()


def test_an_xlsx_is_imported_in_date_order_with_its_source_and_one_commit(example_repo, tmp_path):
    chron = example_repo / "chronology" / "health-visiting.toml"
    chron.write_text("# kept: the health visitor's own notes\n" + chron.read_text(), "utf-8")
    git("commit", "-qam", "a comment", cwd=example_repo)
    sheet = write_xlsx(tmp_path / "hv.xlsx", ROWS)

    result = imported(example_repo, sheet, example_repo, "--agency", "health-visiting")

    assert result.returncode == 0, result.stderr
    assert commits(example_repo)[0] == (
        "Chronology: 3 entries imported from health-visiting (SRC-022)"
    )
    assert git("status", "--porcelain", cwd=example_repo) == ""
    text = chron.read_text("utf-8")
    assert text.startswith("# kept: the health visitor's own notes\n")
    entries = entries_of(example_repo, "health-visiting")
    days = [e["date"] for e in entries]
    assert days == sorted(days)  # every entry, old and new, in date order
    new = [e for e in entries if e.get("row")]
    assert [(e["id"], e["row"]) for e in new] == [("CH-0055", 4), ("CH-0056", 2), ("CH-0057", 3)]
    visit = new[1]
    assert visit["what"] == (
        "Home visit. Saw the mother and the baby; feeding well. Outcome: Next visit booked"
    )
    assert (visit["who"], visit["time"], visit["precision"]) == (
        "Jo Bright (Health visitor)",
        "10:30",
        "day",
    )
    assert (new[0]["precision"], new[0]["date_text"]) == ("month", "March 2024")
    source = tomli.loads((example_repo / "sources" / "SRC-022.toml").read_text("utf-8"))
    assert (source["kind"], source["agency"], source["received"]) == (
        "agency chronology",
        "health-visiting",
        date(2025, 6, 1),
    )
    assert {e["source"] for e in new} == {"SRC-022"}
    assert run_scr("check", str(example_repo)).returncode == 0

    again = imported(example_repo, sheet, example_repo, "--agency", "health-visiting")
    assert again.returncode == 0, again.stderr
    assert "Nothing new to import." in again.stdout
    assert "3 already imported" in again.stdout
    assert len(commits(example_repo)) == 3  # no commit for a re-import that adds nothing


def test_a_newer_version_adds_only_new_and_changed_rows(example_repo, tmp_path):
    imported(
        example_repo,
        write_xlsx(tmp_path / "v1.xlsx", ROWS),
        example_repo,
        "--agency",
        "health-visiting",
    )
    newer = [
        ROWS[0],
        [*ROWS[1][:3], "Mother asked about the children's centre and a nursery.", *ROWS[1][4:]],
        ROWS[2],
        ["2024-12-01", "", "Clinic", "Baby weighed.", "", "", ""],
    ]
    result = imported(
        example_repo,
        write_xlsx(tmp_path / "v2.xlsx", newer),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 0, result.stderr
    assert "row 3 changed: CH-0057 updated" in result.stdout
    assert commits(example_repo)[0] == (
        "Chronology: 2 entries imported from health-visiting (SRC-022): 1 new, 1 changed"
    )
    entries = {e["id"]: e for e in entries_of(example_repo, "health-visiting")}
    assert entries["CH-0057"]["what"].endswith("and a nursery.")
    assert entries["CH-0058"]["what"] == "Clinic. Baby weighed."
    assert sum(1 for e in entries.values() if e.get("row")) == 4  # never a duplicate
    assert run_scr("check", str(example_repo)).returncode == 0


def test_mapping_by_flag_is_saved_for_the_next_import(example_repo, tmp_path):
    headers = ["Contact on", "What we did", "Worker", "Notes"]
    rows = [["02/08/2024", "Home visit.", "Jo Bright", "ignore me"]]
    refused = imported(
        example_repo,
        write_xlsx(tmp_path / "a.xlsx", rows, headers=headers),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert refused.returncode == 2
    assert (
        'the headers found (row 1): "Contact on", "What we did", "Worker", "Notes"'
        in refused.stderr
    )
    assert '--map "Contact on=date" --map "What we did=what"' in refused.stderr
    assert git("status", "--porcelain", cwd=example_repo) == ""

    result = imported(
        example_repo,
        tmp_path / "a.xlsx",
        example_repo,
        "--agency",
        "health-visiting",
        "--map",
        "contact  ON=date",
        "--map",
        "What we did=what",
        "--map",
        "D=ignore",
    )
    assert result.returncode == 0, result.stderr
    assert 'A "Contact on" -> date (--map)' in result.stdout
    text = (example_repo / "chronology" / "health-visiting.toml").read_text("utf-8")
    assert (
        '[mapping]\nsheet = "Chronology"\ndate = ["Contact on"]\nwhat = ["What we did"]\n'
        'who = ["Worker"]\nignore = ["Notes"]\n'
    ) in text

    rows.append(["03/08/2024", "Phone call.", "Jo Bright", ""])
    later = imported(
        example_repo,
        write_xlsx(tmp_path / "b.xlsx", rows, headers=headers),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert later.returncode == 0, later.stderr
    assert 'A "Contact on" -> date (saved)' in later.stdout
    assert "1 new" in later.stdout


def test_rejected_rows_are_reported_at_their_cell_and_the_rest_imported(example_repo, tmp_path):
    rows = [
        ROWS[0],
        ["31/02/2024", "", "Visit", "x", "", "", ""],
        ["04/05/2024", "", "", "", "Jo", "", ""],
        ["", "", "Visit", "no date", "", "", ""],
        ["05/05/2024", "25:00", "Visit", "bad time", "", "", ""],
    ]
    result = imported(
        example_repo,
        write_xlsx(tmp_path / "hv.xlsx", rows),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 1
    err = result.stderr
    assert "hv.xlsx:Chronology!3:1: '31/02/2024' is not a date: February 2024 has 29 days" in err
    assert 'hv.xlsx:Chronology!4:3: nothing in "Event", "Details"' in err
    assert "hv.xlsx:Chronology!5:1: no date" in err
    assert "hv.xlsx:Chronology!6:2: '25:00' is not a time of day" in err
    assert commits(example_repo)[0] == (
        "Chronology: 1 entry imported from health-visiting (SRC-022); 4 rows rejected"
    )

    csv_file = write_csv(tmp_path / "hv.csv", [["13/13/2024", "", "Visit", "x", "", "", ""]])
    result = imported(example_repo, csv_file, example_repo, "--agency", "health-visiting")
    assert result.returncode == 1
    assert "hv.csv:2:1: '13/13/2024' is not a date: there is no month 13" in result.stderr


def test_every_date_form_of_the_issue(example_repo, tmp_path):
    forms = [
        "2024-04-01",
        "02/04/2024",
        "3/4/24",
        "4 April 2024",
        "5th Apr 2024",
        "06/04/2024 14:15",
        "45394",
        "May 2024",
        "2024",
        "c. 2023",
        "approx June 2024",
    ]
    rows = [[text, "", "Contact", f"entry {i}", "", "", ""] for i, text in enumerate(forms)]
    result = imported(
        example_repo,
        write_csv(tmp_path / "dates.csv", rows),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 0, result.stderr
    got = {e["what"]: e for e in entries_of(example_repo, "health-visiting") if e.get("row")}
    want = [
        (date(2024, 4, 1), "day"),
        (date(2024, 4, 2), "day"),
        (date(2024, 4, 3), "day"),
        (date(2024, 4, 4), "day"),
        (date(2024, 4, 5), "day"),
        (date(2024, 4, 6), "day"),
        (date(2024, 4, 12), "day"),
        (date(2024, 5, 1), "month"),
        (date(2024, 1, 1), "year"),
        (date(2023, 1, 1), "approximate"),
        (date(2024, 6, 1), "approximate"),
    ]
    for i, (day, precision) in enumerate(want):
        entry = got[f"Contact. entry {i}"]
        assert (entry["date"], entry["precision"]) == (day, precision), forms[i]
    assert got["Contact. entry 5"]["time"] == "14:15"


def test_a_column_that_writes_month_first_is_not_guessed(example_repo, tmp_path):
    rows = [
        ["04/13/2024", "", "Visit", "a", "", "", ""],
        ["03/04/2024", "", "Visit", "b", "", "", ""],
        ["25/04/2024", "", "Visit", "c", "", "", ""],
    ]
    result = imported(
        example_repo,
        write_csv(tmp_path / "us.csv", rows),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 1
    assert "us.csv:2:1: '04/13/2024' is not a date: there is no month 13" in result.stderr
    assert "us.csv:3:1: '03/04/2024' is ambiguous: 3 April 2024 or 4 March 2024?" in (result.stderr)
    assert [e["what"] for e in entries_of(example_repo, "health-visiting") if e.get("row")] == [
        "Visit. c"
    ]


def test_dry_run_writes_nothing_and_says_what_would_happen(example_repo, tmp_path):
    result = imported(
        example_repo,
        write_xlsx(tmp_path / "hv.xlsx", ROWS),
        example_repo,
        "--agency",
        "health-visiting",
        "--dry-run",
    )
    assert result.returncode == 0, result.stderr
    assert "CH-0055 to CH-0057 would be added to chronology/health-visiting.toml" in (result.stdout)
    assert "Dry run: nothing was written." in result.stdout
    assert git("status", "--porcelain", cwd=example_repo) == ""
    assert len(commits(example_repo)) == 1


def test_unregistered_names_and_identifiers_are_listed_with_their_rows(example_repo, tmp_path):
    rows = [
        [
            date(2024, 8, 2),
            "",
            "Visit",
            "Kerry Hartley said Mrs Pemberton next door helps.",
            "",
            "",
            "",
        ],
        [date(2024, 8, 3), "", "Call", "Kerry rang from 07700 900123.", "", "", ""],
    ]
    result = imported(
        example_repo,
        write_xlsx(tmp_path / "hv.xlsx", rows),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 0, result.stderr
    names = result.stdout.split("Names and identifiers the register does not hold", 1)[1]
    assert "Pemberton" in names and "row 2" in names
    assert "07700 900123" in names and "row 3" in names
    assert "Kerry" not in names and "Hartley" not in names  # registered (P-02)


def test_an_ods_file(example_repo, tmp_path):
    rows = [[date(2024, 8, 2), "09:00", "Visit", "Saw the baby.", "Jo", "HV", ""]]
    result = imported(
        example_repo,
        write_ods(tmp_path / "hv.ods", rows),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 0, result.stderr
    entry = [e for e in entries_of(example_repo, "health-visiting") if e.get("row")][0]
    assert (entry["date"], entry["time"], entry["row"]) == (date(2024, 8, 2), "09:00", 2)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "note"),
    [
        ("utf-8", ",", None),
        ("utf-8-sig", ";", "columns separated by semicolons"),
        ("cp1252", "\t", "read as Windows-1252 text"),
    ],
)
def test_csv_encodings_and_separators(example_repo, tmp_path, encoding, delimiter, note):
    rows = [["02/08/2024", "", "Visit", "Café visit; cost £5", "", "", ""]]
    sheet = write_csv(tmp_path / "hv.csv", rows, encoding=encoding, delimiter=delimiter)
    result = imported(example_repo, sheet, example_repo, "--agency", "health-visiting")
    assert result.returncode == 0, result.stderr
    assert [e["what"] for e in entries_of(example_repo, "health-visiting") if e.get("row")] == [
        "Visit. Café visit; cost £5"
    ]
    if note:
        assert f"note: {note}" in result.stdout


# -- bad input: a clear message, nothing half-written ------------------------------------------


def refused(example_repo, sheet, *more):
    result = imported(example_repo, sheet, example_repo, "--agency", "health-visiting", *more)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert git("status", "--porcelain", cwd=example_repo) == ""
    assert len(commits(example_repo)) == 1
    return result.stderr


def test_an_empty_file(example_repo, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "the file is empty" in refused(example_repo, tmp_path / "empty.csv")
    book = write_xlsx(tmp_path / "blank.xlsx", [], headers=[])
    assert "is empty; there is nothing to import" in refused(example_repo, book)


def test_a_file_with_only_headers(example_repo, tmp_path):
    err = refused(example_repo, write_xlsx(tmp_path / "h.xlsx", []))
    assert "has headers (row 1) but no rows under them" in err


def test_merged_cells_title_row_and_hidden_sheets(example_repo, tmp_path):
    rows = [
        [date(2024, 8, 2), "", "Visit", "Saw the baby.", "", "", ""],
        [None, "", "Call", "Rang the GP.", "", "", ""],
    ]
    book = write_xlsx(
        tmp_path / "m.xlsx",
        rows,
        before=[["Health visiting chronology: Child A"]],
        merge=("A1:G1", "A3:A4"),  # a title across the top, a date down two rows
        more={"Lookups": [["Date", "Event"], ["01/01/2020", "old"]]},
        hidden=("Lookups",),
    )
    result = imported(example_repo, book, example_repo, "--agency", "health-visiting")
    assert result.returncode == 0, result.stderr
    assert "headers in row 2" in result.stdout
    assert "note: merged cells A1:G1, A3:A4" in result.stdout
    assert "note: sheet 'Lookups' is hidden and was not read" in result.stdout
    new = [e for e in entries_of(example_repo, "health-visiting") if e.get("row")]
    assert [(e["date"], e["what"]) for e in new] == [
        (date(2024, 8, 2), "Visit. Saw the baby."),
        (date(2024, 8, 2), "Call. Rang the GP."),
    ]


def test_merged_header_cells_name_every_column_under_them(example_repo, tmp_path):
    headers = ["Date", "Details", None]
    rows = [["02/08/2024", "Home visit", "Saw the baby."]]
    book = write_xlsx(tmp_path / "m.xlsx", rows, headers=headers, merge=("B1:C1",))
    result = imported(example_repo, book, example_repo, "--agency", "health-visiting")
    assert result.returncode == 0, result.stderr
    new = [e for e in entries_of(example_repo, "health-visiting") if e.get("row")]
    assert new[0]["what"] == "Home visit. Saw the baby."


def test_formulas_use_their_saved_value_and_one_without_is_reported(example_repo, tmp_path):
    rows = [
        ["=DATE(2024,8,2)", "", "Visit", "Saw the baby.", "", "", ""],
        ["=DATE(2024,8,3)", "", "Visit", '=UPPER("no value")', "", "", ""],
    ]
    book = with_saved_values(write_xlsx(tmp_path / "f.xlsx", rows), {"A2": "45506"})
    result = imported(example_repo, book, example_repo, "--agency", "health-visiting")
    assert result.returncode == 1
    assert (
        "f.xlsx:Chronology!3:1: the date is a formula (=DATE(2024,8,3)) with no saved value"
    ) in result.stderr
    assert "note: 1 cell holds a formula; the value saved with the file is imported" in (
        result.stdout
    )
    new = [e for e in entries_of(example_repo, "health-visiting") if e.get("row")]
    assert [(e["date"], e["row"]) for e in new] == [(date(2024, 8, 2), 2)]


def test_a_password_protected_xlsx(example_repo, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", ROWS)
    with open(plain, "rb") as source, open(tmp_path / "locked.xlsx", "wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    assert "is protected by a password" in refused(example_repo, tmp_path / "locked.xlsx")


def test_a_corrupt_xlsx(example_repo, tmp_path):
    data = write_xlsx(tmp_path / "good.xlsx", ROWS).read_bytes()
    (tmp_path / "bad.xlsx").write_bytes(data[: len(data) // 2])
    assert "is damaged" in refused(example_repo, tmp_path / "bad.xlsx")


def test_an_old_binary_xls(example_repo, tmp_path):
    # the first bytes of every OLE2 compound file, as old Excel writes them
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    assert "save it as .xlsx" in refused(example_repo, tmp_path / "old.xls")


def test_a_50_mb_csv(example_repo, tmp_path):
    line = "02/08/2024,,Visit," + "x" * 200 + ",,,\r\n"
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write(
            ",".join(["Date", "Time", "Event", "Details", "Practitioner", "Role", "Outcome"])
            + "\r\n"
        )
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    assert "is 52.4 MB; scr imports spreadsheets of up to 20 MB" in refused(example_repo, big)


def test_dates_in_the_future_or_before_the_review_period_are_warned_and_imported(
    example_repo, tmp_path
):
    rows = [
        ["01/01/2026", "", "Visit", "future", "", "", ""],
        ["01/01/2023", "", "Visit", "before", "", "", ""],
    ]
    result = imported(
        example_repo,
        write_csv(tmp_path / "w.csv", rows),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 0, result.stderr
    assert "w.csv:2:1: warning: the date 2026-01-01 is in the future; imported" in result.stderr
    assert (
        "w.csv:3:1: warning: 2023-01-01 is before the review period (from 2024-03-26); imported"
    ) in result.stderr
    assert len([e for e in entries_of(example_repo, "health-visiting") if e.get("row")]) == 2


def test_duplicate_rows_in_one_file_are_imported_once(example_repo, tmp_path):
    result = imported(
        example_repo,
        write_csv(tmp_path / "d.csv", [ROWS[1], ROWS[1]]),
        example_repo,
        "--agency",
        "health-visiting",
    )
    assert result.returncode == 0, result.stderr
    assert "d.csv:3: warning: the same as row 2; imported once" in result.stderr
    assert len([e for e in entries_of(example_repo, "health-visiting") if e.get("row")]) == 1


def test_an_agency_not_in_scope(example_repo, tmp_path):
    sheet = write_csv(tmp_path / "x.csv", [ROWS[1]])
    result = imported(example_repo, sheet, example_repo, "--agency", "probation")
    assert result.returncode == 2
    assert (
        "agency 'probation' is not in the review's scope; the agencies in scope.toml: "
        "maternity, health-visiting, gp-practice, childrens-social-care, police, "
        "primary-school"
    ) in result.stderr
    assert git("status", "--porcelain", cwd=example_repo) == ""


def test_a_csv_in_an_unexpected_encoding(example_repo, tmp_path):
    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes("Date,Event\r\n02/08/2024,報告、訪問\r\n".encode("shift_jis"))
    err = refused(example_repo, sjis)
    assert "sjis.csv:2:14: byte 0x8D is neither UTF-8 nor Windows-1252 text" in err
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("Date,Event\r\n02/08/2024,Visit\r\n".encode("utf-16-le"))
    assert "UTF-16 text without a byte order mark" in refused(example_repo, utf16)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("report.xlsx", b"%PDF-1.7\n...", "is a PDF document, not a spreadsheet"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "is a PNG image"),
        ("notes.xlsx", b"Just some notes, not a workbook.\n", "is not a .xlsx file"),
        ("blob.csv", bytes(range(1, 32)) * 300, "is not a spreadsheet"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet(example_repo, tmp_path, name, data, says):
    (tmp_path / name).write_bytes(data)
    assert says in refused(example_repo, tmp_path / name)


def test_a_word_document(example_repo, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Chronology")
    document.save(tmp_path / "chron.docx")
    assert "is a word-processor document" in refused(example_repo, tmp_path / "chron.docx")


def test_several_sheets_that_look_like_chronologies(example_repo, tmp_path):
    other = [["Date", "Event"], ["01/09/2024", "From the other sheet"]]
    book = write_xlsx(tmp_path / "two.xlsx", ROWS, more={"Older": other})
    err = refused(example_repo, book)
    assert (
        "several sheets look like chronologies ('Chronology', 'Older'); choose one with --sheet"
    ) in err
    missing = refused(example_repo, book, "--sheet", "Nope")
    assert "has no sheet 'Nope'; its sheets: 'Chronology', 'Older'" in missing
    result = imported(
        example_repo, book, example_repo, "--agency", "health-visiting", "--sheet", "Older"
    )
    assert result.returncode == 0, result.stderr
    assert [e["what"] for e in entries_of(example_repo, "health-visiting") if e.get("row")] == [
        "From the other sheet"
    ]


def test_excel_datetime_cells(example_repo, tmp_path):
    rows = [[datetime(2024, 8, 2, 23, 40), "", "Incident", "Police attended.", "", "", ""]]
    result = imported(
        example_repo, write_xlsx(tmp_path / "t.xlsx", rows), example_repo, "--agency", "police"
    )
    assert result.returncode == 0, result.stderr
    entry = [e for e in entries_of(example_repo, "police") if e.get("row")][0]
    assert (entry["date"], entry["time"]) == (date(2024, 8, 2), "23:40")


def test_the_example_ships_the_gp_practice_chronology_and_its_script(example_repo, tmp_path):
    import runpy

    from scrtui.resources import example_dir

    script = example_dir() / "imports" / "make_gp_chronology.py"
    made = runpy.run_path(str(script))["make"](tmp_path / "again.xlsx")
    shipped = example_repo / "imports" / "gp-practice-chronology.xlsx"
    assert made.read_bytes() == shipped.read_bytes()  # the script makes the shipped file

    result = run_scr(
        "import",
        "chronology",
        "imports/gp-practice-chronology.xlsx",
        "--agency",
        "gp-practice",
        cwd=example_repo,
        env=TODAY,
    )
    assert result.returncode == 1  # one date that does not exist
    assert (
        "imports/gp-practice-chronology.xlsx:GP chronology!7:1: '31/11/2024' is not a "
        "date: November 2024 has 30 days; row not imported"
    ) in result.stderr
    assert "GP chronology!11: warning: the same as row 10; imported once" in result.stderr
    assert "8 new, 0 changed, 0 already imported, 1 rejected" in result.stdout
    assert "Okonkwo" in result.stdout.split("register does not hold", 1)[1]
    assert run_scr("check", str(example_repo)).returncode == 0
    again = run_scr(
        "import",
        "chronology",
        "imports/gp-practice-chronology.xlsx",
        "--agency",
        "gp-practice",
        cwd=example_repo,
        env=TODAY,
    )
    assert "0 new, 0 changed, 8 already imported" in again.stdout
