"""Bad files and problems: a broken workspace still opens, says where, and the rest is editable."""

from __future__ import annotations

import re

from conftest import open_part, save, select, settle, subjects, type_into
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


def problems_shown(app) -> list[str]:
    return [
        str(problem) for problem in app.part_widget("overview").query_one("ProblemList").problems
    ]


async def test_a_broken_source_file_is_named_and_the_rest_is_editable(review):
    (review / "sources/SRC-003.toml").write_text('id = "SRC-003"\ntitle = "unfinished\n')
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = problems_shown(app)
        assert any(re.match(r"sources/SRC-003\.toml:2:\d+: TOML syntax error", p) for p in shown)
        part = await open_part(pilot, "sources")
        labels = [
            str(part.records.get_option_at_index(i).prompt)
            for i in range(part.records.option_count)
        ]
        assert "! SRC-003.toml (cannot be read)" in labels
        await select(pilot, part, "broken:sources/SRC-003.toml")
        message = str(part.editor.query_one(".broken").render())
        assert re.search(r"sources/SRC-003\.toml:2:\d+: TOML syntax error", message)
        await select(pilot, part, "sources/SRC-004.toml")
        await type_into(pilot, part, "location", " (copy)")
        await save(pilot)
        assert "(copy)" in (review / "sources/SRC-004.toml").read_text()
        assert subjects(review)[0].startswith("Source SRC-004: location")


async def test_a_broken_single_file_part_says_what_is_wrong(review):
    (review / "scope.toml").write_text("terms_of_reference = [\n")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "scope")
        assert [row.key for row in part.rows] == ["broken:scope.toml"]
        message = str(part.editor.query_one(".broken").render())
        assert message.startswith("scope.toml:")
        assert "TOML syntax error" in message
        findings = await open_part(pilot, "findings")
        assert len(findings.refs()) == 4


async def test_a_broken_review_toml_still_opens(review):
    (review / "review.toml").write_text('title = "x\n')
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.part_widget("overview")
        assert "review.toml:1:" in str(overview.editor.query_one(".broken").render())
        part = await open_part(pilot, "challenges")
        assert len(part.refs()) == 2


async def test_enter_on_a_problem_opens_the_prose_at_its_place(review):
    finding = review / "findings/F-03.md"
    finding.write_text(finding.read_text() + "\nSee also [SRC-999].\n")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [problem] = app.part_widget("overview").query_one("ProblemList").problems
        assert problem.path == "findings/F-03.md" and "SRC-999" in problem.message
        app.part_widget("overview").query_one("ProblemList").focus()
        await pilot.press("enter")
        await settle(pilot)
        part = app.part_widget("findings")
        assert app.current_part == "findings" and part.selected.record_id == "F-03"
        area = part.editor.query_one("BodyArea")
        assert app.focused is area
        row, col = area.cursor_location
        assert area.document.get_line(row) == "See also [SRC-999]."
        assert col == problem.col - 1


async def test_enter_on_a_problem_opens_the_field_of_a_chronology_entry(review):
    path = review / "chronology/police.toml"
    path.write_text(path.read_text().replace('source = "SRC-004"', 'source = "SRC-998"', 1))
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [problem] = app.part_widget("overview").query_one("ProblemList").problems
        assert "SRC-998" in problem.message
        app.part_widget("overview").query_one("ProblemList").focus()
        await pilot.press("enter")
        await settle(pilot)
        part = app.part_widget("chronology")
        assert part.selected.rel == "chronology/police.toml"
        assert app.focused.field.key == "source"
        assert app.focused.value == "SRC-998"
        await pilot.press("backspace", "backspace", "backspace", "0", "0", "4")
        await settle(pilot, 1)
        await save(pilot)
        assert problems_shown(app) == []


async def test_a_marker_problem_opens_its_question(review):
    path = review / "markers/analysis.toml"
    text = path.read_text()
    path.write_text(text.replace("evidence = [", 'evidence = ["NOPE-1", ', 1))
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problems = app.part_widget("overview").query_one("ProblemList").problems
        assert any(p.path == "markers/analysis.toml" for p in problems)
        app.part_widget("overview").query_one("ProblemList").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_part == "episodes"
        assert type(app.focused).__name__ == "ChecklistList"
