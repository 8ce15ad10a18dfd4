"""A save that deletes a whole section, or most of a record's text, shows what goes and asks."""

from __future__ import annotations

from textual.widgets.text_area import Selection

from conftest import open_part, save, select, settle, subjects, type_into_body
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
FINDING = "findings/F-01.md"


async def open_body(pilot):
    part = await open_part(pilot, "findings")
    await select(pilot, part, FINDING)
    area = part.editor.query_one("BodyArea")
    return part, area


def line_of(area, prefix: str) -> int:
    return next(
        i for i in range(area.document.line_count) if area.document.get_line(i).startswith(prefix)
    )


async def delete_lines(pilot, area, first: int, last: int) -> None:
    """Select whole lines with the cursor, as Shift+Down would, and delete them."""
    area.focus()
    area.selection = Selection((first, 0), (last, 0))
    await pilot.pause()
    await pilot.press("backspace")
    await settle(pilot, 1)


async def test_deleting_a_section_asks_and_n_keeps_the_edit_unsaved(review):
    before = (review / FINDING).read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _part, area = await open_body(pilot)
        start = line_of(area, "## How it showed")
        end = line_of(area, "## Why it is underlying")
        await delete_lines(pilot, area, start, end)
        await save(pilot)
        screen = app.screen
        assert type(screen).__name__ == "LossScreen"
        summary = str(screen.query_one(".summary").render())
        assert "Finding F-01: section 'How it showed in this case' removed" in summary
        shown = str(screen.query_one("#gone Static").render())
        assert "travelled as a comment on an appointment booking" in shown
        assert (review / FINDING).read_text() == before  # nothing written while asking
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ != "LossScreen"
        assert (review / FINDING).read_text() == before
        assert len(subjects(review)) == 1
        assert [d.rel for d in app.session.dirty()] == [FINDING]
        assert "## How it showed" not in area.text  # the edit is still in the form
        await save(pilot)
        assert type(app.screen).__name__ == "LossScreen"  # asks again
        await pilot.press("y")
        await settle(pilot)
        assert "## How it showed" not in (review / FINDING).read_text()
        assert "section 'How it showed in this case' removed" in subjects(review)[0]
        assert app.session.dirty() == []


async def test_select_all_and_one_key_asks_before_the_finding_shrinks(review):
    before = (review / FINDING).read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _part, area = await open_body(pilot)
        area.focus()
        area.selection = Selection((0, 0), area.document.end)
        await pilot.pause()
        await pilot.press("x")
        await settle(pilot, 1)
        await save(pilot)
        assert type(app.screen).__name__ == "LossScreen"
        summary = str(app.screen.query_one(".summary").render())
        assert "% of its text goes" in summary
        await pilot.press("escape")
        await settle(pilot)
        assert (review / FINDING).read_text() == before
        assert len(subjects(review)) == 1


async def test_an_ordinary_edit_saves_without_asking(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _part, area = await open_body(pilot)
        await type_into_body(pilot, _part, line_of(area, "## Finding"), " (draft)")
        await delete_lines(
            pilot,
            area,
            line_of(area, "When two professionals"),
            line_of(area, "When two professionals") + 1,
        )
        await save(pilot)  # a heading renamed and one sentence deleted: no question
        assert type(app.screen).__name__ != "LossScreen"
        assert subjects(review)[0].startswith("Finding F-01")
