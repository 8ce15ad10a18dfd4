"""Issue 10 items 6, 7 and 11: prose has room at 80x24 (and F9 gives it the whole screen),
focus is a marker that survives 256 colours, and new records start empty, not with values
that pass for real ones."""

from __future__ import annotations

import tomllib

from conftest import field_widget, open_part, select, settle, subjects
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


async def test_f9_gives_a_prose_field_the_whole_screen_and_saves_from_there(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "episodes")
        await select(pilot, part, "episodes/KPE-02.md")
        area = part.editor.query_one("BodyArea")
        area.focus()
        await pilot.pause()
        assert area.region.height >= 5  # room without F9 too
        await pilot.press("f9")
        await settle(pilot, 1)
        assert app.screen.maximized is area
        assert area.region.height >= 18 and area.region.width >= 70
        assert "KPE-02" in str(area.border_title)
        assert "F9" in str(area.border_subtitle)
        area.move_cursor(area.document.end)
        await pilot.press("Z")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert subjects(review)[0].startswith("Episode KPE-02")
        assert (review / "episodes/KPE-02.md").read_text().rstrip().endswith("Z")
        await pilot.press("f9")
        await settle(pilot, 1)
        assert app.screen.maximized is None and app.focused is area


async def test_f9_works_in_a_prose_field_of_a_form_and_f4_goes_to_the_checklist(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "episodes")
        await select(pilot, part, "episodes/KPE-02.md")
        standard = field_widget(part, "standard")
        standard.focus()
        await pilot.pause()
        await pilot.press("f9")
        await settle(pilot, 1)
        assert app.screen.maximized is standard and standard.region.height >= 18
        assert "Standard" in str(standard.border_title)
        await pilot.press("f4")
        await settle(pilot, 1)
        assert app.screen.maximized is None
        assert type(app.focused).__name__ == "ChecklistList"


async def test_f9_outside_a_text_field_says_what_it_does(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot, 1)
        assert app.screen.maximized is None
        assert "F9 shows a text field full screen" in str(list(app._notifications)[-1].message)


async def test_the_checklist_folds_at_24_rows_until_it_is_used(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        await select(pilot, part, "findings/F-01.md")
        panel = part.query_one("ChecklistPanel")
        assert panel.region.height == 2
        assert part.editor.query_one("BodyArea").region.height >= 8
        await pilot.press("f4")
        await settle(pilot, 1)
        assert panel.region.height == 8


def marker(widget) -> str:
    return widget.styles.border_left[0]


async def test_focus_is_a_bar_at_the_left_of_what_has_it(review):
    """Not only a shade of background: a thick bar in the accent colour, in every colour
    depth, on the parts list, a records list, a field, prose, the checklist and the problems,
    candidates and history lists."""
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        nav = app.query_one("PartNav")
        assert app.focused is nav and marker(nav) == "thick"
        overview = app.part_widget("overview")
        problems = overview.query_one("ProblemList")
        problems.focus()
        await pilot.pause()
        assert marker(problems) == "thick" and marker(nav) == "blank"
        part = await open_part(pilot, "findings")
        records = part.records
        records.focus()
        await pilot.pause()
        assert marker(records) == "thick"
        await select(pilot, part, "findings/F-01.md")
        title = field_widget(part, "title")
        title.focus()
        await pilot.pause()
        row = title.parent
        assert marker(row) == "thick" and marker(records) == "blank"
        body = part.editor.query_one("BodyArea")
        body.focus()
        await pilot.pause()
        assert marker(body) == "thick" and marker(row) == "blank"
        await pilot.press("f4")
        await settle(pilot, 1)
        assert marker(app.focused) == "thick"
        history = await open_part(pilot, "history")
        commits = history.query_one("CommitList")
        commits.focus()
        await pilot.pause()
        assert marker(commits) == "thick"


async def test_new_records_start_with_placeholders_not_real_values(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot)
        new = part.selected
        title = field_widget(part, "title")
        assert title.value == "" and "title" in title.placeholder
        assert field_widget(part, "requested").value == ""
        assert "(no title yet)" in new.label
        episodes = await open_part(pilot, "episodes")
        episodes.records.focus()
        await pilot.press("a")
        await settle(pilot)
        if type(app.screen).__name__ == "ChoiceScreen":  # episode or factor
            await pilot.press("enter")
            await settle(pilot)
        start = tomllib.loads((review / "scope.toml").read_text())["period"]["start"]
        assert field_widget(episodes, "title").value == ""
        assert field_widget(episodes, "start").value == start.isoformat()
        assert app.session.is_dirty(episodes.selected.rel)


async def test_sources_show_their_status_and_the_overview_lists_the_overdue(review, monkeypatch):
    """Issue 10 item 13: SRC-019 was requested on 2025-04-10 and never received."""
    monkeypatch.setenv("SCR_TODAY", "2025-04-20")  # ten days on: requested, not yet overdue
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock = str(app.part_widget("overview").query_one(".clock").render())
        assert "Sources overdue" not in clock
        part = await open_part(pilot, "sources")
        labels = {ref.record_id: ref.label for ref in part.refs()}
        assert labels["SRC-019"].startswith("SRC-019 [requested] ")
        assert labels["SRC-001"].startswith("SRC-001 ") and "[" not in labels["SRC-001"]
    monkeypatch.setenv("SCR_TODAY", "2025-06-01")  # 52 days on, over the 28 of review.toml
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.part_widget("overview")
        clock = overview.query_one(".clock")
        assert "Sources overdue: SRC-019" in str(clock.render())
        assert clock.region.height >= 2  # on screen at 80x24
        part = await open_part(pilot, "sources")
        labels = {ref.record_id: ref.label for ref in part.refs()}
        assert labels["SRC-019"].startswith("SRC-019 [overdue] ")
