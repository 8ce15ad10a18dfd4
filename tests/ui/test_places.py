"""Going to a place: a problem or a residual candidate opens its record at the right line;
`b` in the Build part builds; the too-small message follows the window and focus comes back."""

from __future__ import annotations

from conftest import open_part, save, settle, type_into_body
from scrtui.store.markdown import split_front_matter
from scrtui.ui.app import ScrApp
from scrtui.ui.part_nav import PartNav

SIZE = (80, 24)


def _cursor_line(app) -> tuple[int, str]:
    area = app.focused
    assert type(area).__name__ == "BodyArea", type(area).__name__
    row = area.cursor_location[0]
    return row, area.document.get_line(row)


async def test_items_8_9_problem_and_candidate_open_at_their_line_and_b_builds(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # A finding made in this session (its front matter was never read from a file)
        part = await open_part(pilot, "findings")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot)
        assert part.selected.rel == "findings/F-05.md"
        area = part.editor.query_one("BodyArea")
        line = next(i for i, text in enumerate(area.text.split("\n")) if text == "## Finding")
        await type_into_body(pilot, part, line + 1, "Zorblax Quentworth saw it, as [F-99] says.")
        await save(pilot)
        await settle(pilot)
        text = (review / "findings/F-05.md").read_text()
        file_line = text.split("\n").index("Zorblax Quentworth saw it, as [F-99] says.") + 1
        body_line = split_front_matter(text).body_line

        # The problem scr check reports, opened from the Overview
        problem = next(p for p in app.problems if "[F-99]" in p.message)
        assert (problem.path, problem.line) == ("findings/F-05.md", file_line)
        await app.go_to_part("overview")
        listing = app.part_widget("overview").query_one("ProblemList")
        listing.focus()
        listing.highlighted = app.problems.index(problem)
        await pilot.press("enter")
        await settle(pilot)
        row, shown = _cursor_line(app)
        assert row == file_line - body_line and "[F-99]" in shown

        # `b` in the Build part builds (and F8 still does)
        build = await open_part(pilot, "build")
        candidates = build.query_one("CandidateList")
        assert app.focused is candidates
        await pilot.press("b")
        await settle(pilot)
        assert (review / "build/publication/report.md").is_file()
        assert any("Zorblax" in c.text for c in build.candidates)

        # The residual candidate, opened at its place
        index = next(i for i, c in enumerate(build.candidates) if "Zorblax" in c.text)
        assert build.candidates[index].line == file_line
        candidates.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        row, shown = _cursor_line(app)
        assert row == file_line - body_line and shown.startswith("Zorblax")


async def test_item10_too_small_shows_the_size_and_focus_comes_back(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        field = part.editor.query("FieldInput").first()
        field.focus()
        await pilot.pause()
        await pilot.resize_terminal(70, 20)
        await settle(pilot, 1)
        message = str(app.query_one("#too-small").render())
        assert "this is 70x20" in message
        await pilot.resize_terminal(79, 30)
        await settle(pilot, 1)
        assert "this is 79x30" in str(app.query_one("#too-small").render())
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 1)
        assert not app.query_one("#too-small").display
        assert app.focused is field  # back where the reviewer was typing
        await pilot.press("x")
        await pilot.pause()
        assert field.value.endswith("x")

        # and when that widget went away meanwhile, to the part list
        await pilot.resize_terminal(60, 20)
        await settle(pilot, 1)
        await app.go_to_part("findings")
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 1)
        assert isinstance(app.focused, PartNav)
