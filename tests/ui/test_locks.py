"""Issue 17 item 6 in the UI: a lock a killed git left is named and, on a key, removed."""

from __future__ import annotations

import subprocess

from conftest import SOURCE, edit_source_title, save, settle, subjects
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


async def edit_and_save(pilot) -> None:
    await edit_source_title(pilot, " (checked)")
    await save(pilot)


async def test_a_stale_index_lock_is_named_and_removed_on_r_then_the_save_commits(review):
    lock = review / ".git/index.lock"
    lock.write_text("")
    before = subjects(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_and_save(pilot)
        assert type(app.screen).__name__ == "UnlockScreen"
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert ".git/index.lock, which no process holds" in shown
        assert subjects(review) == before  # nothing committed yet
        await pilot.press("r")
        await settle(pilot)
    assert not lock.exists()
    assert subjects(review)[0].startswith("Source SRC-014: title")


async def test_esc_leaves_the_lock_and_says_how_to_remove_it(review):
    lock = review / ".git/index.lock"
    lock.write_text("")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_and_save(pilot)
        await pilot.press("escape")
        await settle(pilot)
        said = "\n".join(str(n.message) for n in app._notifications)
        assert "not committed" in said and f"rm {lock}" in said
    assert lock.exists()
    assert "(checked)" in (review / SOURCE).read_text()  # written, waiting for its commit


async def test_a_lock_a_running_process_holds_is_never_offered_for_removal(review):
    lock = review / ".git/index.lock"
    with open(lock, "w") as handle:
        holder = subprocess.Popen(["sleep", "120"], stdout=handle)
    try:
        app = ScrApp(review)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await edit_and_save(pilot)
            assert type(app.screen).__name__ != "UnlockScreen"
            said = "\n".join(str(n.message) for n in app._notifications)
            assert f"held by a running process (pid {holder.pid}" in said
            assert "wait for that git command to finish" in said
        assert lock.exists()
    finally:
        holder.kill()
        holder.wait()
