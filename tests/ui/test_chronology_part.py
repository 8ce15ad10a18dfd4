"""The Chronology part: all agencies' entries in one date order, its filters and gaps, an
entry's record, and importing an agency's spreadsheet (previewed, then one commit)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Select

from conftest import open_part, run_git, settle, subjects
from scrtui.ui.app import ScrApp
from scrtui.ui.dialogs import ChoiceScreen, PromptScreen
from scrtui.ui.import_chronology_screen import ImportChronologyScreen
from scrtui.ui.import_pieces import NamesList
from spreadsheets import entries_of, write_xlsx

SIZE = (80, 24)
ROWS = [
    [
        date(2024, 9, 2),
        "10:30",
        "Welfare check",
        "Officers attended after a neighbour called; the baby was asleep.",
        "PC Dawson",
        "Response officer",
        "No further action",
    ],
    ["31/11/2024", "", "Call", "A call about noise.", "", "", ""],
    [date(2024, 12, 14), "", "Referral", "Referral sent to children's social care.", "", "", ""],
]
MESSAGE = "Chronology: 2 entries imported from police (SRC-022); 1 row rejected"


def cells(part, index: int) -> list[str]:
    """What the table shows in a row: date, agency, episode, what."""
    return [str(getattr(cell, "plain", cell)) for cell in part.table.get_row_at(index)]


def shown_rows(part) -> list[list[str]]:
    return [cells(part, i) for i in range(part.table.row_count)]


def entry_ids(part) -> list[str]:
    return [row.entry.id for row in part.view_rows if row.entry is not None]


async def open_chronology(pilot):
    part = await open_part(pilot, "chronology")
    await settle(pilot)
    return part


async def test_the_view_shows_every_agencys_entries_in_date_order(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        part = await open_chronology(pilot)
        assert app.focused is part.table and not part.showing_records
        model = app.loaded.model
        assert sorted(entry_ids(part)) == sorted(e.id for e in model.chronology)
        assert len({e.agency for e in model.chronology}) == 6
        rows = [r for r in shown_rows(part) if r[3].startswith("CH-")]
        assert len(rows) == len(model.chronology)
        days = [r[0].removeprefix("c.") for r in rows]  # c.2024-09-24: approximate
        assert days == sorted(days)
        summary = str(part.query_one(".chronology-summary").render())
        assert "54 entries · 6 agencies" in summary
        assert "all agencies and episodes" in summary
        # the episodes and the incident stand in the listing too
        whats = [r[3] for r in shown_rows(part)]
        assert any(w.startswith("── KPE-03 from 2024-12-13 to 2024-12-16") for w in whats)
        assert "══ INCIDENT 2025-02-11" in whats


async def test_a_gap_is_marked_and_g_goes_to_the_next(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        part = await open_chronology(pilot)
        marked = [r for r in shown_rows(part) if r[3].startswith("·· no contact by any agency")]
        assert marked, "no gap of all agencies in the listing"
        assert all(r[1] == "··" for r in marked)
        await pilot.press("g")
        await settle(pilot, 1)
        row = cells(part, part.table.cursor_row)
        assert row[3].startswith("·") and "no contact" in row[3]
        detail = str(part.query_one(".chronology-detail").render())
        assert detail.startswith("A gap: no contact")
        # an agency's own silence between two of its contacts is a row of its own
        assert "·  no contact from police for 149 days (to 2024-12-12)" in [
            r[3] for r in shown_rows(part)
        ]
        await pilot.press("enter")  # a gap has no record: the view stays
        await settle(pilot, 1)
        assert not part.showing_records


async def test_filters_narrow_the_view_to_an_agency_and_an_episode(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        part = await open_chronology(pilot)
        everything = len(entry_ids(part))
        await pilot.press("a")
        await settle(pilot, 1)
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        await pilot.press(*["down"] * [v for _, v in dialog.options].index("police"), "enter")
        await settle(pilot)
        police = [e for e in app.loaded.model.chronology if e.agency == "police"]
        assert sorted(entry_ids(part)) == sorted(e.id for e in police)
        assert {r[1] for r in shown_rows(part) if r[3].startswith("CH-")} == {"police"}
        assert "only agency police" in str(part.query_one(".chronology-summary").render())

        await pilot.press("e")
        await settle(pilot, 1)
        dialog = app.screen
        await pilot.press(*["down"] * [v for _, v in dialog.options].index("KPE-03"), "enter")
        await settle(pilot)
        episode = next(e for e in app.loaded.model.episodes if e.id == "KPE-03")
        shown = entry_ids(part)
        assert shown and set(shown) <= {e.id for e in police}
        for entry in police:
            cited = entry.id in episode.chronology
            within = episode.start <= entry.date <= episode.end
            assert (entry.id in shown) == (cited or within), entry.id
        assert "only agency police, episode KPE-03" in str(
            part.query_one(".chronology-summary").render()
        )

        await pilot.press("a")  # "All agencies" is the first choice
        await settle(pilot, 1)
        await pilot.press("enter")
        await pilot.press("e")
        await settle(pilot, 1)
        await pilot.press("enter")
        await settle(pilot)
        assert len(entry_ids(part)) == everything


async def test_enter_opens_the_entrys_record_and_l_comes_back(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        part = await open_chronology(pilot)
        index = next(i for i, r in enumerate(part.view_rows) if r.entry and r.entry.id == "CH-0027")
        part.table.move_cursor(row=index)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert part.showing_records
        assert part.selected.key == "chronology/police.toml#entry=CH-0027"
        assert app.focused is part.records
        assert "CH-0027" in str(part.query_one(".editor-title").render())
        assert str(part.query_one(".part-title").render()).startswith("Chronology by agency")
        await pilot.press("down")  # the next police entry, in the agency's list
        await settle(pilot, 1)
        moved_to = part.selected.key
        await pilot.press("l")
        await settle(pilot, 1)
        assert not part.showing_records and app.focused is part.table
        assert part.current_row().key == moved_to


async def test_f7_on_an_entry_shows_its_files_history(review):
    from scrtui.ui.history_screen import HistoryScreen

    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        part = await open_chronology(pilot)
        index = next(i for i, r in enumerate(part.view_rows) if r.entry and r.entry.id == "CH-0027")
        part.table.move_cursor(row=index)
        await pilot.pause()
        await pilot.press("f7")
        await settle(pilot, 1)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.rel == "chronology/police.toml"


# -- importing -----------------------------------------------------------------------------------


async def open_import(pilot, path) -> ImportChronologyScreen:
    """The palette's "Import an agency chronology", the file's name typed in."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot, 1)
    await pilot.press(*"import", "space", *"agency")
    await settle(pilot, 1)
    await pilot.press("enter")
    await settle(pilot, 1)
    screen = app.screen
    assert isinstance(screen, ImportChronologyScreen)
    screen.query_one("#import-file", Input).value = str(path)
    await pilot.pause()
    return screen


async def preview(pilot, screen) -> str:
    await pilot.press("enter")
    await settle(pilot)
    return str(screen.query_one("#import-text").render())


def status(screen) -> str:
    return str(screen.query_one("#import-status").render())


async def test_the_import_previews_the_mapping_and_the_rejected_rows_and_esc_writes_nothing(
    review, tmp_path
):
    sheet = write_xlsx(tmp_path / "police-chronology.xlsx", ROWS)
    before = (review / "chronology/police.toml").read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        screen = await open_import(pilot, sheet)
        text = await preview(pilot, screen)
        assert screen.query_one("#import-agency", Select).value == "police"  # from its name
        assert f"{sheet}:Chronology!3:1: '31/11/2024' is not a date: November 2024 has 30 " in (
            text.replace("\n", " ")
        )
        for line in (
            'A "Date" -> date (recognised)',
            'D "Details" -> what (recognised)',
            'E "Practitioner" -> who (recognised)',
            "3 rows read: 2 new, 0 changed, 0 already imported, 1 rejected",
            "would be added to chronology/police.toml, in date order",
        ):
            assert line in text, line
        assert status(screen) == f"Ctrl+S imports: {MESSAGE}"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportChronologyScreen)
    assert subjects(review) == ["Start review: the example review"]
    assert run_git("status", "--porcelain", cwd=review) == ""
    assert (review / "chronology/police.toml").read_text() == before


async def test_confirming_writes_one_commit_and_the_part_shows_the_new_entries(review, tmp_path):
    sheet = write_xlsx(tmp_path / "police-chronology.xlsx", ROWS)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        part = await open_chronology(pilot)
        assert "chronology/police.toml" in app.session.documents  # open, as the list shows it
        screen = await open_import(pilot, sheet)
        await preview(pilot, screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(screen).startswith("Committed ") and status(screen).endswith(MESSAGE)
        await pilot.press("escape")
        await settle(pilot)
        assert subjects(review) == [MESSAGE, "Start review: the example review"]
        assert run_git("status", "--porcelain", cwd=review) == ""
        new = [e for e in entries_of(review, "police") if e.get("row")]
        assert [e["what"].split(".")[0] for e in new] == ["Welfare check", "Referral"]
        ids = [e["id"] for e in new]
        assert set(ids) <= set(entry_ids(part))  # the integrated view
        records = [row.record_id for row in part.refs()]
        assert set(ids) <= set(records)  # and the agency's list, read again from disk
        assert app.session.dirty() == []
        assert "SRC-022" in [row.record_id for row in (await open_part(pilot, "sources")).refs()]


async def test_a_file_that_is_not_a_spreadsheet_is_one_line_and_nothing_is_written(
    review, tmp_path, monkeypatch
):
    bad = tmp_path / "police-chronology.xlsx"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        screen = await open_import(pilot, bad)
        await preview(pilot, screen)
        said = status(screen)
        assert said == f"{bad}: is a PDF document, not a spreadsheet (xlsx, xlsm, ods or csv)"
        assert "Traceback" not in said
        await pilot.press("ctrl+s")  # there is nothing to import
        await settle(pilot)
        assert isinstance(app.screen, ImportChronologyScreen) and screen.stage == "ask"

        def broken(*args, **kwargs):
            raise RuntimeError("a bug in planning")

        monkeypatch.setattr("scrtui.chronology.importer.plan_import", broken)
        screen.query_one("#import-file", Input).value = str(write_xlsx(tmp_path / "p.xlsx", ROWS))
        await preview(pilot, screen)  # a bug: one line in the screen, the session goes on
        assert status(screen).startswith(
            "The preview stopped on an internal error (RuntimeError); nothing was written; "
            "the details are in .git/"
        )
        assert app.is_running and isinstance(app.screen, ImportChronologyScreen)
    assert subjects(review) == ["Start review: the example review"]


async def test_the_import_keys_work_in_every_field_of_the_screen(review, tmp_path):
    """Ctrl+R previews, Ctrl+S imports and Esc closes, wherever the focus is in the screen: a
    text field (Input has many keys of its own), a choice, the preview, the names."""
    places = ["#import-file", "#import-agency", "#import-sheet", "#import-columns"]
    places += ["#import-preview", "NamesList"]
    rows = [list(row) for row in ROWS]
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        for number, place in enumerate(places):
            rows.append(
                [
                    date(2025, 1, 2 + number),
                    "",
                    "Visit",
                    f"Visit {number}; Bernadette Okonkwo.",
                    "",
                    "",
                    "",
                ]
            )
            sheet = write_xlsx(tmp_path / "police-chronology.xlsx", rows)
            screen = await open_import(pilot, sheet)
            widget = screen.query_one(place)
            if place != "NamesList":
                screen.set_focus(widget)
                await pilot.press("ctrl+r")
            else:
                await pilot.press("ctrl+r")
                await settle(pilot)
                assert widget.display, "the names list is shown"
                screen.set_focus(widget)
            await settle(pilot)
            assert screen.stage == "preview", place
            assert app.focused is widget, place
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert screen.stage == "done", place
            added = "3 entries" if number == 0 else "1 entry"
            assert subjects(review)[0].startswith(f"Chronology: {added} imported from police")
            screen.set_focus(widget)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is app.screen_stack[0], place
        assert len(subjects(review)) == 1 + len(places)
        # and Esc in each before anything was written
        for place in places[:4]:
            screen = await open_import(pilot, sheet)
            screen.set_focus(screen.query_one(place))
            await pilot.press("escape")
            await settle(pilot, 1)
            assert app.screen is app.screen_stack[0], place
        assert len(subjects(review)) == 1 + len(places)


async def test_a_name_found_is_registered_from_the_import_screen(review, tmp_path):
    sheet = write_xlsx(tmp_path / "police-chronology.xlsx", ROWS)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await open_chronology(pilot)
        screen = await open_import(pilot, sheet)
        await preview(pilot, screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        names = screen.query_one(NamesList)
        found = [f.text for f in names.findings]
        assert "Dawson" in found
        assert app.focused is names
        names.highlighted = found.index("Dawson")
        await pilot.press("enter")
        await settle(pilot, 1)
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == "Dawson"
        await pilot.press("enter")  # the name as found
        await settle(pilot, 1)
        await pilot.press("enter")  # a person (the first kind)
        await settle(pilot, 1)
        await pilot.press("a", "space", *"police", "space", *"officer", "enter")
        await settle(pilot, 1)
        assert isinstance(app.screen, ChoiceScreen)  # their role
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen  # no rebuild offered over the import
        assert subjects(review)[0].startswith("Register:")
        assert "Dawson" in (review / "register.toml").read_text()
        assert "Dawson" in names.registered
        await pilot.press("g")  # to the Register part
        await settle(pilot)
        assert app.screen is app.screen_stack[0] and app.current_part == "register"
