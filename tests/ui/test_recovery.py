"""Issue 17 item 3: the UI does not die with the build, and a crash loses no unsaved edit.

Every worker failure is shown in the app and the session goes on; any other failure keeps the
unsaved buffers under .git/scr-recovered/ before the app ends (with one line, never a traceback
of local values, which hold the register's real names), and the next `scr open` offers them.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys

import psutil
import pytest

from conftest import (
    SOURCE,
    edit_source_title,
    open_part,
    run_git,
    select,
    settle,
    subjects,
)
from scrtui.store import recovery
from scrtui.store.recovery import recovery_folder
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
DRAFT = " (unsaved draft)"
REGISTERED = ("Hartley", "Kerry", "Alfie", "Doyle", "Pike", "Whitfield", "Qureshi")


def said(app) -> str:
    """Every notification the app showed, in one text."""
    return "\n".join(str(n.message) for n in app._notifications)


def plant_build_breakers(root) -> None:
    """The inputs that killed the app through F8: a 600-letter capitalised word and a finding
    whose id is not PREFIX-digits."""
    path = root / "findings/F-01.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('id = "F-01"', 'id = "F-xx"', 1)
    path.write_text(text + "\nA" + "b" * 600 + " was written here.\n", encoding="utf-8")
    run_git("commit", "-qam", "Findings: inputs that once crashed the build", cwd=root)


async def test_f8_on_the_inputs_that_crashed_it_keeps_the_app_and_the_unsaved_edit(review):
    plant_build_breakers(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot, DRAFT)
        await pilot.press("f8")
        await settle(pilot)
        assert app.is_running and app.current_part == "build"
        assert app.last_build is None and app.last_build_error  # it stopped, and said why
        assert app.session.is_dirty(SOURCE)
        assert "(unsaved draft)" in app.session.documents[SOURCE].render()
        shown = said(app) + str(app.part_widget("build").query_one(".build-result").render())
        assert not [name for name in REGISTERED if name in shown]


async def test_a_bug_in_the_build_is_shown_and_the_session_goes_on(review, monkeypatch):
    import scrtui.publish as build_module

    def broken_build(root, *args, **kwargs):
        secret = {"register": "Kerry Hartley"}  # a local a traceback with locals would print
        raise RuntimeError(f"internal failure near {secret['register']}")

    monkeypatch.setattr(build_module, "build", broken_build)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot, DRAFT)
        await pilot.press("f8")
        await settle(pilot)
        assert app.is_running
        assert "The build stopped on an internal error (RuntimeError)" in app.last_build_error
        assert "your edits are kept" in app.last_build_error
        assert not [name for name in REGISTERED if name in said(app)]
        assert app.session.is_dirty(SOURCE)
        await pilot.press("ctrl+s")  # the session still saves
        await settle(pilot)
        assert subjects(review)[0].startswith("Source SRC-014: title")
    log = (recovery_folder(review) / "errors.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log and "broken_build" in log
    assert "secret =" not in log  # the traceback names lines, never the values of locals


async def test_a_failure_in_any_other_worker_is_shown_and_the_app_goes_on(review, monkeypatch):
    from scrtui.store.gitrepo import Repository

    def broken(*args, **kwargs):
        raise OSError("the disk went away")

    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_source_title(pilot, DRAFT)
        monkeypatch.setattr(Repository, "history", broken)
        await open_part(pilot, "history")
        await settle(pilot)
        assert app.is_running
        assert "stopped on an internal error (OSError)" in said(app)
        assert app.session.is_dirty(SOURCE)


async def test_a_crash_keeps_the_unsaved_edits_and_the_next_open_restores_them(
    review, monkeypatch, capsys
):
    app = ScrApp(review)

    def broken_help(self):
        names = ["Kerry Hartley", "Alfie Hartley"]  # noqa: F841 - what locals would show
        raise RuntimeError("help could not be drawn")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await edit_source_title(pilot, DRAFT)
            monkeypatch.setattr(ScrApp, "action_help", broken_help)
            await pilot.press("f1")
            await settle(pilot)
    monkeypatch.undo()
    assert app.return_code == 1
    assert app.kept_unsaved is not None and app.kept_unsaved.is_dir()
    # What the terminal is left with: one line, no traceback, no register name.
    last_words = " ".join(capsys.readouterr().err.split())
    assert last_words.startswith(
        "scr stopped on an internal error (RuntimeError); the unsaved "
        "edits are in .git/scr-recovered/unsaved-"
    )
    assert "`scr open` offers them; the details are in .git/scr-recovered/errors.log" in last_words
    assert "Traceback" not in last_words and "Hartley" not in last_words
    on_disk = (review / SOURCE).read_text(encoding="utf-8")
    assert "(unsaved draft)" not in on_disk  # never written into the working tree
    assert run_git("status", "--porcelain", cwd=review) == ""

    again = ScrApp(review)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(again.screen).__name__ == "RecoveredEditsScreen"
        shown = " ".join(str(s.render()) for s in again.screen.query("Static"))
        assert SOURCE in shown and "RuntimeError" in shown
        await pilot.press("r")
        await settle(pilot)
        assert again.session.is_dirty(SOURCE)
        part = await open_part(pilot, "sources")
        await select(pilot, part, SOURCE)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "(unsaved draft)" in (review / SOURCE).read_text(encoding="utf-8")
    assert subjects(review)[0].startswith("Source SRC-014: title")
    assert recovery.pending(review) == []  # offered once


async def test_a_restored_edit_of_a_file_changed_since_asks_before_saving(review):
    before = (review / SOURCE).read_text(encoding="utf-8")
    mine = before.replace('title = "', 'title = "Restored: ', 1)
    recovery.keep_unsaved(review, [recovery.Buffer(SOURCE, before, mine)], "test: a crash")
    theirs = before.replace('access = "full"', 'access = "partial"')
    (review / SOURCE).write_text(theirs, encoding="utf-8")
    run_git("commit", "-qam", "Pulled: SRC-014 access", cwd=review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictScreen"  # never written over theirs
    assert (review / SOURCE).read_text(encoding="utf-8") == theirs


async def test_declined_edits_are_not_offered_again_and_stay_on_disk(review):
    before = (review / SOURCE).read_text(encoding="utf-8")
    folder = recovery.keep_unsaved(
        review, [recovery.Buffer(SOURCE, before, before + "# x\n")], "test: a crash"
    )
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert not app.session.is_dirty(SOURCE)
    assert recovery.pending(review) == []
    assert (folder / "000.edited").read_text(encoding="utf-8") == before + "# x\n"
    again = ScrApp(review)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(again.screen).__name__ != "RecoveredEditsScreen"


def _ended(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_lost_connection_keeps_the_unsaved_edits(review, git_identity, tmp_path):
    """SIGHUP, as an SSH connection that drops sends it, to `scr open` in a real terminal."""
    from test_tmux_e2e import MISSING_TMUX, TMUX, Tmux, wait_until

    assert os.path.isfile(TMUX) and os.access(TMUX, os.X_OK), MISSING_TMUX
    pid_file = tmp_path / "scr.pid"
    env = {
        "HOME": os.environ["HOME"],
        "GIT_CONFIG_GLOBAL": str(git_identity),
        "GIT_CONFIG_NOSYSTEM": "1",
        "TERM": "xterm-256color",
    }
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            "sh",
            "-c",
            shlex.quote(
                f"echo $$ > {pid_file}; exec "
                f"{shlex.quote(sys.executable)} -m scrtui open "
                f"{shlex.quote(str(review))}"
            ),
        ]
    )
    tmux = Tmux("hangup")
    try:
        tmux("new-session", "-d", "-s", "scr", "-x", "80", "-y", "24", command)
        tmux.wait_for("No problems: scr check is clean.")
        tmux.keys(*["Down"] * 6)  # Overview -> ... -> Findings
        tmux.wait_for("Findings: Analysis and the report")
        tmux.keys("Enter")
        tmux.wait_for("a Add")
        tmux.keys("Enter")  # into the first finding's title
        tmux.keys(" (typed before the line dropped)", literal=True)
        tmux.wait_for("1 unsaved file")
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGHUP)
        wait_until(lambda: recovery.pending(review), "the unsaved edits to be kept")
    finally:
        tmux.kill()
    # the process ends, not left spinning on a terminal that is gone
    wait_until(lambda: _ended(pid), "scr open to end after the hangup")
    kept = recovery.pending(review)[0]
    assert "SIGHUP" in kept.reason
    assert any("(typed before the line dropped)" in b.text for b in kept.buffers)
