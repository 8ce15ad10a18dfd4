"""`scr chronology`: the integrated view of the shipped example, in every format."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import openpyxl
import pytest

from conftest import run_scr
from scrtui.chronology import integrated
from scrtui.model import ChronologyEntry, Episode, Review, ReviewModel
from scrtui.resources import example_dir
from scrtui.store.loader import load
from spreadsheets import write_xlsx

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def example_text() -> str:
    result = run_scr("chronology", str(example_dir()))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_text_fits_80_columns_and_keeps_date_order(example_text):
    lines = example_text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "Integrated chronology: Local Child Safeguarding Practice Review: Child A"
    assert "2024-03-26 to 2025-02-14 · 54 entries · 6 agencies" in lines[1]
    days = [line[:10] for line in lines if line[:4] == "2024" or line[:4] == "2025"]
    assert days == sorted(days)
    assert "Agencies: hv = health-visiting, csc = childrens-social-care, ps = primary-school" in (
        example_text
    )


def test_gaps_episodes_and_the_incident_are_in_the_listing(example_text):
    assert "·· no contact by any agency for 34 days (2024-04-10 to 2024-05-13) ··" in (example_text)
    assert "·  no contact from police for 149 days (2024-07-17 to 2024-12-12)" in example_text
    assert "── KPE-03 from 2024-12-13 to 2024-12-16: The police response" in example_text
    assert "── KPE-03 ends (2024-12-16)" in example_text
    listing = example_text.split("Who knew what, when")[0]
    incident = listing.index("══ INCIDENT 2025-02-11")
    # the incident stands before the entries of its day
    assert listing.index("CH-0047") < incident < listing.index("CH-0048")


def test_who_knew_what_when(example_text):
    groups = example_text.split("Who knew what, when", 1)[1]
    block = groups.split("W2  2024-12-16: police, primary-school", 1)[1].split("\nW3")[0]
    assert "shared words: encompass, operation" in block
    assert "CH-0027 Operation Encompass notification" in block
    assert "not in the records of: health-visiting, gp-practice, childrens-social-care" in block
    assert "CH-0027 (W2) Operation Encompass" in example_text  # marked in the listing too


def test_filters(tmp_path):
    root = str(example_dir())
    police = run_scr("chronology", root, "--agency", "police")
    assert police.returncode == 0, police.stderr
    listing = police.stdout.split("-------")[-1].split("Who knew")[0]
    shown = [
        line.split()[1] for line in listing.splitlines() if line[:3] == "202" or line[:4] == "c.20"
    ]
    assert set(shown) == {"police"} and len(shown) == 7
    episode = run_scr("chronology", root, "--episode", "KPE-03")
    assert episode.returncode == 0, episode.stderr
    ids = {
        word
        for line in episode.stdout.split("Who knew")[0].splitlines()
        for word in line.split()
        if word.startswith("CH-")
    }
    assert {"CH-0009", "CH-0013", "CH-0025", "CH-0026", "CH-0027"} <= ids
    assert "CH-0001" not in ids
    month = run_scr("chronology", root, "--from", "2024-12", "--to", "December 2024")
    assert "2024-12-01 to 2024-12-31" in month.stdout
    for args, says in [
        (("--agency", "probation"), "--agency 'probation' is not an agency"),
        (("--episode", "KPE-99"), "--episode 'KPE-99' is not a key practice"),
        (("--from", "31/02/2024"), "--from: '31/02/2024' is not a date"),
        (("--format", "pdf"), "--format 'pdf': use one of text, csv, xlsx, svg"),
        (("--format", "xlsx"), "say where with --out FILE.xlsx"),
    ]:
        result = run_scr("chronology", root, *args)
        assert result.returncode == 2, args
        assert says in result.stderr
    assert run_scr("chronology", str(tmp_path)).returncode == 2  # not a review


def test_csv_for_the_panel(tmp_path):
    result = run_scr("chronology", str(example_dir()), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    entries = [r for r in rows if r["kind"] == "entry"]
    assert len(entries) == 54
    assert [r["date"] for r in entries] == sorted(r["date"] for r in entries)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"entry", "gap", "agency gap", "episode start", "episode end", "incident"}
    encompass = next(r for r in entries if r["id"] == "CH-0027")
    assert (encompass["agency"], encompass["episodes"], encompass["group"]) == (
        "police",
        "KPE-03",
        "W2",
    )


def test_xlsx_for_the_panel(tmp_path):
    out = tmp_path / "panel.xlsx"
    result = run_scr("chronology", str(example_dir()), "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Chronology", "Who knew what", "Gaps"]
    sheet = book["Chronology"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["kind", "date", "precision", "time", "agency", "id"]
    assert sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "entry") == 54
    assert book["Gaps"].max_row == 1 + 3 + 14


def test_svg_timeline(tmp_path):
    out = tmp_path / "timeline.svg"
    result = run_scr("chronology", str(example_dir()), "--format", "svg", "--out", str(out))
    assert result.returncode == 0, result.stderr
    tree = ET.parse(out)
    by_class: dict[str, list] = {}
    for element in tree.iter():
        by_class.setdefault(element.get("class"), []).append(element)
    assert [e.itertext().__next__() for e in by_class["lane-label"]] == [
        "Maternity and acute hospital services",
        "Health visiting service",
        "GP practice",
        "Children's social care",
        "Police",
        "Primary school",
    ]  # each lane names its agency
    assert len(by_class["entry"]) == 54
    assert len(by_class["episode"]) == 5
    assert len(by_class["gap"]) == 3 and len(by_class["agency-gap"]) == 14
    assert len(by_class["incident"]) == 1
    assert "incident 2025-02-11" in "".join(by_class["incident-label"][0].itertext())


def test_imported_entries_join_the_integrated_view(example_repo, tmp_path):
    rows = [
        [
            date(2024, 12, 16),
            "09:10",
            "Phone call",
            "Operation Encompass notification discussed with the school nurse.",
            "Jo Bright",
            "Health visitor",
            "",
        ]
    ]
    result = run_scr(
        "import",
        "chronology",
        str(write_xlsx(tmp_path / "hv.xlsx", rows)),
        str(example_repo),
        "--agency",
        "health-visiting",
        env={"SCR_TODAY": "2025-06-01"},
    )
    assert result.returncode == 0, result.stderr
    view = run_scr("chronology", str(example_repo)).stdout
    assert "CH-0055 (W2) 09:10 Phone call. Operation" in view
    groups = view.split("Who knew what, when", 1)[1]
    block = groups.split("W2  2024-12-16: police, primary-school, health-visiting", 1)[1]
    assert "hv      CH-0055 Phone call." in block.split("\nW3")[0]


def entry(agency: str, day: date, what: str, number: int) -> ChronologyEntry:
    return ChronologyEntry(f"CH-{number:04d}", agency, day, what, "SRC-001")


def test_an_agency_gap_needs_contact_before_and_after():
    model = ReviewModel(root=".", review=Review("T", "Child A", "SCR", "running"))
    model.chronology = [
        entry("police", date(2024, 1, 1), "a", 1),
        entry("school", date(2024, 1, 10), "b", 2),
        entry("police", date(2024, 3, 1), "c", 3),
        entry("school", date(2024, 1, 20), "d", 4),
    ]
    model.episodes = [
        Episode("KPE-01", "E", date(2024, 1, 5), date(2024, 1, 12), [], "", "", [], {}, "", None)
    ]
    view = integrated.build(model, gap_days=28)
    assert [(g.agency, g.start, g.end, g.days) for g in view.agency_gaps] == [
        ("police", date(2024, 1, 2), date(2024, 2, 29), 59)
    ]  # the school: never before and after
    assert [(g.start, g.end) for g in view.gaps] == [(date(2024, 1, 21), date(2024, 2, 29))]
    assert [b.id for b in view.bands] == ["KPE-01"]


def test_the_50x_review_loads_only_what_the_view_needs():
    loaded = load(example_dir(), only=integrated.PARTS)
    assert loaded.model.chronology and loaded.model.episodes and loaded.model.scope
    assert not loaded.model.findings and loaded.model.register is None
