"""Files changed, removed or made unreadable on disk while the UI has them open: the next
save or part switch says so, nothing is silently re-created, nothing is lost; CRLF files save
without a false conflict."""

from __future__ import annotations

from conftest import (
    SOURCE,
    edit_source_title,
    open_part,
    run_git,
    save,
    select,
    settle,
    subjects,
    type_into,
)
from scrtui.store.recovery import recovery_folder
from scrtui.ui.app import ScrApp
from scrtui.ui.conflict_screen import MARK

SIZE = (80, 24)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_crlf_file_saves_without_a_false_conflict_and_stays_crlf(review):
    path = review / SOURCE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    run_git("commit", "-qam", "Source as another editor saved it (CRLF)", cwd=review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        await save(pilot)
        assert type(app.screen).__name__ != "ConflictScreen"
        assert subjects(review)[0].startswith("Source SRC-014: title")
        data = path.read_bytes()
        assert b"(mine)" in data and data.count(b"\n") == data.count(b"\r\n")
        await type_into(pilot, app.part_widget("sources"), "title", " again")
        await save(pilot)  # the second save is not a conflict either
        assert type(app.screen).__name__ != "ConflictScreen"
        assert b"(mine) again" in path.read_bytes()
        assert run_git("status", "--porcelain", cwd=review) == ""


async def test_a_removed_file_is_a_conflict_and_keep_mine_re_creates_it(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        (review / SOURCE).unlink()
        await save(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ConflictScreen"
        title = str(screen.query_one(".dialog-title").render())
        assert "removed on disk" in title
        assert not (review / SOURCE).exists()  # not silently re-created
        await pilot.press("k")
        await settle(pilot)
        assert "(mine)" in (review / SOURCE).read_text()
        assert subjects(review)[0].endswith("(re-created after it was removed on disk)")
        assert app.session.dirty() == []


async def test_accepting_the_deletion_keeps_mine_aside_and_drops_the_record(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await edit_source_title(pilot)
        (review / SOURCE).unlink()
        await save(pilot)
        await pilot.press("t")  # "take the disk version" is not offered for a deletion
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictScreen"
        await pilot.press("d")
        await settle(pilot)
        assert not (review / SOURCE).exists()
        assert len(subjects(review)) == 1  # nothing committed
        kept = list((recovery_folder(review) / "sources").glob("SRC-014.toml.*"))
        assert len(kept) == 1 and "(mine)" in kept[0].read_text()
        assert SOURCE not in [ref.rel for ref in part.refs()]
        assert app.session.dirty() == []
        assert any("Accepted the deletion" in m for m in notes(app))


async def test_an_unreadable_file_is_a_conflict_and_keep_mine_keeps_what_was_there(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        junk = b"\xff\xfe not text \x00"
        (review / SOURCE).write_bytes(junk)
        await save(pilot)
        assert type(app.screen).__name__ == "ConflictScreen"
        assert (review / SOURCE).read_bytes() == junk
        await pilot.press("k")
        await settle(pilot)
        assert "(mine)" in (review / SOURCE).read_text()
        assert subjects(review)[0].endswith("(replaces a file that could not be read)")
        kept = list((recovery_folder(review) / "sources").glob("SRC-014.toml.disk.*"))
        assert len(kept) == 1 and kept[0].read_bytes() == junk


async def test_a_save_that_cannot_write_says_why_and_keeps_the_edit(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        (review / SOURCE).unlink()
        (review / SOURCE).mkdir()  # a folder where the file was: it cannot be replaced
        await save(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert app.is_running and type(app.screen).__name__ != "ConflictScreen"
        assert any(m.startswith("Not saved:") for m in notes(app))
        assert [d.rel for d in app.session.dirty()] == [SOURCE]
        assert "(mine)" in app.session.documents[SOURCE].render()
        assert len(subjects(review)) == 1


async def test_a_part_switch_names_files_changed_or_removed_on_disk(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        await select(pilot, app.part_widget("sources"), "sources/SRC-001.toml")
        (review / SOURCE).unlink()
        other = review / "sources/SRC-001.toml"
        other.write_text(other.read_text() + "# theirs\n")
        await open_part(pilot, "findings")
        said = "\n".join(notes(app))
        assert f"{SOURCE} was removed on disk; your unsaved edits are kept" in said
        assert "sources/SRC-001.toml changed on disk; F5 re-reads it" in said
        count = len(notes(app))
        await open_part(pilot, "sources")
        assert len(notes(app)) == count  # said once, not on every switch
        assert [d.rel for d in app.session.dirty()] == [SOURCE]
        assert not (review / SOURCE).exists()


async def test_the_diff_scrolls_with_the_arrow_keys_and_the_focused_button_is_marked(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        path = review / SOURCE
        path.write_text(path.read_text() + "".join(f"# their line {i}\n" for i in range(60)))
        await save(pilot)
        screen = app.screen
        diff = screen.query_one("#diff")
        assert diff.max_scroll_y > 0 and diff.scroll_y == 0
        await pilot.press("down", "down", "down")
        await settle(pilot, 1)
        assert diff.scroll_y == 3
        await pilot.press("pagedown")
        await settle(pilot, 1)
        assert diff.scroll_y == 13
        await pilot.press("up")
        await settle(pilot, 1)
        assert diff.scroll_y == 12
        buttons = list(screen.query("MarkedButton"))
        assert str(buttons[0].label).startswith(MARK) and buttons[0].has_focus
        await pilot.press("right")
        await settle(pilot, 1)
        assert str(buttons[1].label) == f"{MARK}m Merge"
        assert not str(buttons[0].label).startswith(MARK)
        await pilot.press("enter")  # the focused button: merge
        await settle(pilot)
        assert type(app.screen).__name__ != "ConflictScreen"
        assert "(mine)" in path.read_text() and "# their line 59" in path.read_text()
