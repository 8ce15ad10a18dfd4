"""A remote that never answers (issue 17, item 11).

The remote is local and hangs on purpose: git's ext:: transport runs `sleep` in place of the
other side (allowed in these repositories only, with protocol.ext.allow). No network address
is ever used. scr must give up after the configured silence, stop at once on Ctrl+C, leave the
repository as it was, and leave no process behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import git, run_scr
from scrtui import supervision

SLEEP = "317"  # seconds, and a mark to find the remote's process by


def hanging_remote(root: Path, url: str = f"ext::sleep {SLEEP}") -> None:
    git("config", "protocol.ext.allow", "always", cwd=root)
    git("remote", "add", "origin", url, cwd=root)


def state(root: Path) -> tuple:
    """What a sync must not change when it stops: branch, refs, index and files, locks."""
    refs = git("for-each-ref", "--format=%(refname) %(objectname)", cwd=root)
    files = git("status", "--porcelain", "--untracked-files=all", cwd=root)
    locks = sorted(str(p) for p in (root / ".git").rglob("*.lock"))
    return git("rev-parse", "HEAD", cwd=root), refs, files, locks


def remote_sleepers(under: int | None = None) -> list[psutil.Process]:
    """The hanging remote's processes; with `under`, only those started by that process (a
    sleeper left by an earlier test must not stand for this one's)."""
    found = []
    if under is not None:
        try:
            candidates = psutil.Process(under).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for process in candidates:
            with contextlib.suppress(psutil.Error):
                process.info = process.as_dict(["cmdline", "status"])
    else:
        candidates = psutil.process_iter(["cmdline", "status"])
    for process in candidates:
        if not hasattr(process, "info"):
            continue
        command = process.info["cmdline"] or []
        if (
            len(command) == 2
            and Path(command[0]).name == "sleep"
            and command[1] == SLEEP
            and process.info["status"] != psutil.STATUS_ZOMBIE
        ):
            found.append(process)
    return found


def no_sleeper_left() -> bool:
    for _ in range(50):  # a killed process may take a moment to be reaped
        if not remote_sleepers():
            return True
        time.sleep(0.05)
    return False


def test_a_silent_remote_times_out_with_one_line_and_changes_nothing(example_repo):
    hanging_remote(example_repo)
    before = state(example_repo)
    result = run_scr("sync", "-C", str(example_repo), env={"SCR_SYNC_TIMEOUT": "1"})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "scr: sync stopped: git fetch from 'origin': no answer for 1 s, so scr stopped it and "
        "nothing was changed; check the network and the remote's address (git remote get-url "
        "origin), or allow longer with SCR_SYNC_TIMEOUT=SECONDS or [sync] timeout in "
        "review.toml"
    )
    assert state(example_repo) == before
    assert no_sleeper_left()


def test_the_timeout_can_be_set_in_review_toml(example_repo):
    review = example_repo / "review.toml"
    review.write_text(review.read_text("utf-8") + "\n[sync]\ntimeout = 1.5\n", encoding="utf-8")
    git("commit", "-q", "-am", "Sync timeout", cwd=example_repo)
    hanging_remote(example_repo)
    result = run_scr("sync", "-C", str(example_repo))
    assert result.returncode == 1
    assert "no answer for 1.5 s" in result.stderr
    assert no_sleeper_left()


@pytest.mark.parametrize("value", ["soon", "0", "-3", "inf"])
def test_a_timeout_that_is_not_a_number_of_seconds_is_refused(example_repo, value):
    hanging_remote(example_repo)
    result = run_scr("sync", "-C", str(example_repo), env={"SCR_SYNC_TIMEOUT": value})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"scr: SCR_SYNC_TIMEOUT is {value!r}; it must be a number of seconds above 0"
    )


def test_ctrl_c_stops_a_hanging_sync_at_once_with_the_repository_as_it_was(example_repo):
    hanging_remote(example_repo)
    before = state(example_repo)
    # Its own session, so that the interrupt goes to scr and the git it runs, as a terminal's
    # Ctrl+C does; and Ctrl+C's default action, as in a terminal's foreground: a runner that
    # starts the tests in the background hands every child SIGINT ignored (CI did, and scr,
    # rightly, then does not stop).
    process = subprocess.Popen(
        [sys.executable, "-m", "scrtui", "sync", "-C", str(example_repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        env={**os.environ, "SCR_SYNC_TIMEOUT": "120"},
    )
    try:
        for _ in range(400):  # until the remote's side is running: scr is waiting on it
            if remote_sleepers(under=process.pid):
                break
            time.sleep(0.05)
        assert remote_sleepers(under=process.pid), (
            "the hanging remote never started",
            process.poll(),
            process.stderr.read() if process.poll() is not None else "",
        )
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, err.strip()) == (130, "scr: sync interrupted: nothing was changed")
    assert state(example_repo) == before
    assert no_sleeper_left()


def test_progress_is_reported_while_waiting(example_repo, monkeypatch):
    hanging_remote(example_repo)
    monkeypatch.setenv("SCR_SYNC_TIMEOUT", "0.5")
    heard: list[str] = []
    with pytest.raises(supervision.Refused, match="no answer for 0.5 s"):
        supervision.sync(example_repo, progress=heard.append)
    assert (
        heard[0] == "git fetch from 'origin' (Ctrl+C stops; gives up after 0.5 s without an answer)"
    )
    assert no_sleeper_left()


def test_a_push_that_hangs_after_the_rebase_puts_the_branch_back(example_repo, tmp_path):
    """Fetch answers, push never does: the commits replayed onto the remote's go back to
    where they were."""
    bare = tmp_path / "remote.git"
    git("clone", "-q", "--bare", str(example_repo), str(bare), cwd=tmp_path)
    other = tmp_path / "other"
    git("clone", "-q", str(bare), str(other), cwd=tmp_path)
    (other / "report/01-introduction.md").write_text(
        (other / "report/01-introduction.md").read_text("utf-8") + "\nTheirs.\n", "utf-8"
    )
    git("commit", "-q", "-am", "Theirs", cwd=other)
    git("push", "-q", "origin", "main", cwd=other)
    (example_repo / "report/90-conclusions.md").write_text(
        (example_repo / "report/90-conclusions.md").read_text("utf-8") + "\nMine.\n", "utf-8"
    )
    git("commit", "-q", "-am", "Mine", cwd=example_repo)
    script = tmp_path / "remote.sh"
    script.write_text(
        '#!/bin/sh\nif [ "$1" = git-upload-pack ]; then exec git upload-pack '
        f'"$2"; fi\nexec sleep {SLEEP}\n',
        encoding="utf-8",
    )
    hanging_remote(example_repo, f"ext::sh {script} %S {bare}")
    mine = git("rev-parse", "HEAD", cwd=example_repo)
    result = run_scr("sync", "-C", str(example_repo), env={"SCR_SYNC_TIMEOUT": "1"})
    assert result.returncode == 1
    assert "git push to 'origin': no answer for 1 s" in result.stderr
    assert git("rev-parse", "HEAD", cwd=example_repo) == mine
    assert "Theirs." not in (example_repo / "report/01-introduction.md").read_text("utf-8")
    assert git("status", "--porcelain", cwd=example_repo) == ""
    assert no_sleeper_left()
