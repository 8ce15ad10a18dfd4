"""The conflict dialog's merge: clean merges are one commit; overlaps show conflict markers and
are never saved until resolved."""

from __future__ import annotations

from textual.widgets.text_area import Selection

from conftest import (
    SOURCE,
    edit_source_title,
    open_part,
    run_git,
    save,
    select,
    settle,
    subjects,
)
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
FINDING = "findings/F-01.md"


async def delete_lines(pilot, area, first: str, count: int) -> None:
    """Select `count` whole lines from the one that is `first` (as Shift+Down would over
    unwrapped lines) and delete them with Backspace."""
    start = area.text.split("\n").index(first)
    area.focus()
    area.selection = Selection((start, 0), (start + count, 0))
    await pilot.pause()
    await pilot.press("backspace")
    await settle(pilot, 1)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_clean_merge_keeps_both_changes_in_one_commit(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await edit_source_title(pilot)
        path = review / SOURCE
        path.write_text(path.read_text().replace('access = "full"', 'access = "partial"'))
        await save(pilot)
        assert type(app.screen).__name__ == "ConflictScreen"
        await pilot.press("m")
        await settle(pilot)
        assert type(app.screen).__name__ != "ConflictScreen"
        text = path.read_text()
        assert "(mine)" in text and 'access = "partial"' in text  # theirs and mine
        log = subjects(review)
        assert len(log) == 2  # one commit
        assert log[0].startswith("Source SRC-014: title")
        assert log[0].endswith("(merged with the version changed on disk)")
        assert run_git("status", "--porcelain", "--ignored", cwd=review) == ""
        assert app.session.dirty() == []
        access = next(w for w in part.editor.query("FieldSelect") if w.field.key == "access")
        assert access.value == "partial"  # the form shows the merge


async def test_overlapping_prose_shows_markers_and_is_not_saved_until_resolved(review):
    path = review / FINDING
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        await select(pilot, part, FINDING)
        area = part.editor.query_one("BodyArea")
        row = next(
            i
            for i in range(area.document.line_count)
            if area.document.get_line(i).startswith("When two professionals")
        )
        area.focus()
        area.move_cursor((row, len(area.document.get_line(row))))
        await pilot.press("space", "M", "i", "n", "e", "full_stop")
        await settle(pilot, 1)
        theirs = path.read_text().replace(
            "When two professionals share", "When two or more professionals share"
        )
        path.write_text(theirs)
        await save(pilot)
        await pilot.press("m")
        await settle(pilot)
        area = part.editor.query_one("BodyArea")
        assert "<<<<<<< yours" in area.text and ">>>>>>> on disk" in area.text
        assert "Both you and the disk version changed these lines" in str(
            part.editor.query_one(".body-label").render()
        )
        assert area.has_focus and area.cursor_location[0] == area.text.split("\n").index(
            "<<<<<<< yours"
        )
        assert path.read_text() == theirs and len(subjects(review)) == 1

        await save(pilot)  # refused: the markers are still there
        assert path.read_text() == theirs and len(subjects(review)) == 1
        assert any("still has conflict markers" in m for m in notes(app))
        assert [d.rel for d in app.session.dirty()] == [FINDING]

        # keep mine: delete the marker lines and the disk's line, as a user would
        await delete_lines(pilot, area, "<<<<<<< yours", 1)
        await delete_lines(pilot, area, "=======", 3)  # and the disk's line, and >>>>>>>
        assert "<<<<<<<" not in area.text and ">>>>>>>" not in area.text
        assert "Both you and" not in str(part.editor.query_one(".body-label").render())
        await save(pilot)
        text = path.read_text()
        assert "share the care of a baby, each can reasonably believe" in text
        assert "Mine." in text and "<<<<<<<" not in text
        log = subjects(review)
        assert len(log) == 2 and log[0].endswith("(merged with the version changed on disk)")
        assert app.session.dirty() == []


async def test_overlapping_toml_opens_the_file_as_text_and_applies_only_when_resolved(review):
    path = review / SOURCE
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        theirs = path.read_text().replace('title = "', 'title = "Theirs: ')
        path.write_text(theirs)
        await save(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "MergeScreen"
        merged = screen.query_one("#merged")
        assert "<<<<<<< yours" in merged.text
        await pilot.press("ctrl+s")  # markers left: refused, the screen stays
        await settle(pilot, 1)
        assert app.screen is screen
        assert "Conflict markers are left" in str(screen.query_one(".merge-error").render())
        assert path.read_text() == theirs

        await delete_lines(pilot, merged, "<<<<<<< yours", 1)  # mine stays
        await delete_lines(pilot, merged, "=======", 3)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ not in ("MergeScreen", "ConflictScreen")
        text = path.read_text()
        assert "(mine)" in text and "Theirs:" not in text and "<<<<<<<" not in text
        log = subjects(review)
        assert len(log) == 2 and log[0].endswith("(merged with the version changed on disk)")
        assert app.session.dirty() == []


async def test_cancelling_a_text_merge_writes_nothing_and_keeps_the_edit(review):
    path = review / SOURCE
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        theirs = path.read_text().replace('title = "', 'title = "Theirs: ')
        path.write_text(theirs)
        await save(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert path.read_text() == theirs and len(subjects(review)) == 1
        assert [d.rel for d in app.session.dirty()] == [SOURCE]
        assert "(mine)" in app.session.documents[SOURCE].render()
        await save(pilot)  # still a conflict: asks again
        assert type(app.screen).__name__ == "ConflictScreen"
