"""Saving is a commit; a file changed on disk is never overwritten; quitting asks; nothing lost."""

from __future__ import annotations

from conftest import (
    SOURCE,
    edit_source_title,
    open_part,
    posted,
    run_git,
    save,
    select,
    settle,
    subjects,
)
from scrtui.store.recovery import recovery_folder
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


def change_on_disk(review, commit: bool = False) -> str:
    """What another editor (or a git pull) does while the UI has the file open."""
    path = review / SOURCE
    text = path.read_text().replace('access = "full"', 'access = "partial"\n# theirs')
    path.write_text(text)
    if commit:
        run_git("commit", "-qam", "Pulled: SRC-014 access", cwd=review)
    return text


async def test_conflict_shows_both_versions_and_keep_mine_commits_on_top(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        theirs = change_on_disk(review)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ConflictScreen"
        assert screen.disk_text == theirs and "(mine)" in screen.mine
        shown = str(screen.query_one("VerticalScroll Static").render())
        assert '-access = "partial"' in shown and "+title" in shown
        assert (review / SOURCE).read_text() == theirs  # nothing written yet
        await pilot.press("k")
        await settle(pilot)
        text = (review / SOURCE).read_text()
        assert "(mine)" in text and "# theirs" not in text
        log = subjects(review)
        assert log[1] == "Source SRC-014: version changed outside scr"
        assert log[0].startswith("Source SRC-014: title")
        assert log[0].endswith("(replaces the version changed on disk)")
        # the disk version is in git, one commit below: nothing lost
        assert run_git("show", f"HEAD~1:{SOURCE}", cwd=review) == theirs


async def test_conflict_after_a_pull_keeps_mine_on_top_of_the_pulled_commit(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        change_on_disk(review, commit=True)
        await save(pilot)
        assert type(app.screen).__name__ == "ConflictScreen"
        await pilot.press("k")
        await settle(pilot)
        log = subjects(review)
        assert log[1] == "Pulled: SRC-014 access"  # no empty commit for the disk version
        assert log[0].endswith("(replaces the version changed on disk)")


async def test_conflict_take_the_disk_version_keeps_mine_aside(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await edit_source_title(pilot)
        theirs = change_on_disk(review)
        await save(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert (review / SOURCE).read_text() == theirs
        assert len(subjects(review)) == 1  # nothing committed
        kept = list((recovery_folder(review) / "sources").glob("SRC-014.toml.*"))
        assert len(kept) == 1 and "(mine)" in kept[0].read_text()
        assert app.session.dirty() == []
        assert part.selected.rel == SOURCE
        title = next(w for w in part.editor.query("FieldInput") if w.field.key == "title")
        assert "(mine)" not in title.value


async def test_conflict_cancel_writes_nothing_and_keeps_the_edit(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        theirs = change_on_disk(review)
        await save(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert (review / SOURCE).read_text() == theirs
        assert len(subjects(review)) == 1
        assert [d.rel for d in app.session.dirty()] == [SOURCE]


async def test_quit_with_unsaved_changes_asks_and_esc_stays(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "ConfirmQuitScreen"
        assert app.screen.rels == [SOURCE]
        await pilot.press("escape")
        await settle(pilot, 1)
        assert app.is_running and type(app.screen).__name__ != "ConfirmQuitScreen"
        await pilot.press("f10")
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "ConfirmQuitScreen"
        await pilot.press("d")
        await settle(pilot, 1)
    assert not app.is_running
    assert "(mine)" not in (review / SOURCE).read_text()
    assert len(subjects(review)) == 1


async def test_quit_and_save_commits_then_exits(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot, 1)
        await pilot.press("s")
        await settle(pilot)
    assert not app.is_running
    assert "(mine)" in (review / SOURCE).read_text()
    assert subjects(review)[0].startswith("Source SRC-014: title")


async def test_quit_without_changes_does_not_ask(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot, 1)
    assert not app.is_running


async def test_no_git_identity_keeps_the_file_saved_and_says_why(review, git_identity):
    git_identity.write_text("")  # a machine where git does not know who commits
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot)
        await save(pilot)
        assert "(mine)" in (review / SOURCE).read_text()
        assert len(subjects(review)) == 1
        messages = posted(app)
        assert any("git config --global user.name" in m for m in messages), messages
        assert app.session.dirty() == []


async def test_a_save_that_changes_nothing_writes_nothing(review):
    before = (review / SOURCE).stat().st_mtime_ns
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await edit_source_title(pilot, "x")
        await pilot.press("backspace")
        await settle(pilot, 1)
        assert app.session.dirty() == []
        await save(pilot)
        assert part.selected.rel == SOURCE
    assert (review / SOURCE).stat().st_mtime_ns == before
    assert len(subjects(review)) == 1


async def test_f5_reloads_a_file_changed_outside_that_has_no_unsaved_edits(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, SOURCE)
        change_on_disk(review)
        await pilot.press("f5")
        await settle(pilot)
        access = next(w for w in part.editor.query("FieldSelect") if w.field.key == "access")
        assert access.value == "partial"
        assert app.session.dirty() == []
        assert part.selected.rel == SOURCE


async def test_f8_builds_the_publication_draft_in_a_worker(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert (review / "build/publication/report.md").is_file()
        messages = posted(app)
        assert any(m.startswith("Building the publication draft") for m in messages)
        assert any("Cleared" in m or "CLEARED" in m or "BLOCKED" in m for m in messages)
        assert app.is_running
