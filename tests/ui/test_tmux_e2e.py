"""End to end in a real terminal: tmux at 80x24 runs `scr open`, keys edit a finding and save.

The test drives the installed command exactly as a reviewer over SSH would: a pseudo-terminal
of 80x24 with TERM=xterm-256color, keystrokes only. It waits for the screen (or git) to show
each step with a generous deadline; it never asserts how long anything took.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time

from conftest import run_git, subjects

# SCR_TEST_TMUX names another tmux (tests/test_faults_readme.py points it nowhere to check
# the message below).
TMUX = os.environ.get("SCR_TEST_TMUX") or shutil.which("tmux") or "/usr/bin/tmux"
MISSING_TMUX = (
    f"tmux is not installed (looked for {TMUX}): this test runs `scr open` in a real terminal. "
    "Install it with: sudo apt-get install tmux (Debian, Ubuntu), sudo dnf install tmux "
    "(Fedora), brew install tmux (macOS); or leave this one test out with: "
    "pytest --deselect tests/ui/test_tmux_e2e.py"
)
DEADLINE = 60.0


class Tmux:
    """A private tmux server (its own socket), so nothing else running is touched."""

    def __init__(self, name: str) -> None:
        self.socket = f"scr-e2e-{os.getpid()}-{name}"

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def screen(self, colours: bool = False) -> str:
        return self("capture-pane", "-p", *(["-e"] if colours else []), "-t", "scr")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self("send-keys", "-t", "scr", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str) -> str:
        end = time.monotonic() + DEADLINE
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")
            time.sleep(0.2)

    def kill(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


def wait_until(predicate, what: str):
    end = time.monotonic() + DEADLINE
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def test_edit_a_finding_and_save_in_tmux_at_80x24(review, git_identity):
    assert os.path.isfile(TMUX) and os.access(TMUX, os.X_OK), MISSING_TMUX
    env = {
        "HOME": os.environ["HOME"],
        "GIT_CONFIG_GLOBAL": str(git_identity),
        "GIT_CONFIG_NOSYSTEM": "1",
        "TERM": "xterm-256color",
    }
    command = (
        " ".join(
            [
                "env",
                "-u",
                "COLORTERM",
                "-u",
                "GIT_AUTHOR_NAME",
                "-u",
                "GIT_AUTHOR_EMAIL",
                *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
                shlex.quote(sys.executable),
                "-m",
                "scrtui",
                "open",
                shlex.quote(str(review)),
            ]
        )
        + "; echo SCR-EXITED $?; sleep 600"
    )
    tmux = Tmux("finding")
    try:
        tmux("new-session", "-d", "-s", "scr", "-x", "80", "-y", "24", command)
        assert (
            tmux("display-message", "-p", "-t", "scr", "#{pane_width}x#{pane_height}").strip()
            == "80x24"
        )
        tmux.wait_for("No problems: scr check is clean.")
        first = tmux.screen()
        assert "Overview" in first and "^s Save" in first and "f1 Help" in first

        tmux.keys(*["Down"] * 6)  # Overview -> ... -> Findings
        tmux.wait_for("Findings: Analysis and the report")
        tmux.keys("Enter")  # into the list of findings: its keys show in the footer
        tmux.wait_for("a Add")
        tmux.keys("Down")  # F-02: the form's heading follows the cursor
        tmux.wait_for("2. F-02 Notifications about babies are")
        tmux.keys("Enter")  # into its first field: the title
        tmux.keys(" (reviewed)", literal=True)
        tmux.wait_for("1 unsaved file")
        tmux.keys("C-s")
        wait_until(lambda: len(subjects(review)) == 2, "the commit")
        saved = tmux.wait_for("Saved and committed")  # the notice, with the commit
        assert "all saved" in saved

        colours = tmux.screen(colours=True)
        assert "\x1b[38;5;" in colours or "\x1b[48;5;" in colours  # 256-colour codes
        assert "\x1b[38;2;" not in colours  # and no true-colour ones

        tmux.keys("C-q")
        tmux.wait_for("SCR-EXITED 0")
    finally:
        tmux.kill()

    text = (review / "findings/F-02.md").read_text()
    assert "(reviewed)" in text.split("\n", 3)[2]  # the title line of the front matter
    subject = subjects(review)[0]
    assert subject.startswith("Finding F-02: title")
    assert run_git("log", "-1", "--format=%an", cwd=review).strip() == "Test Reviewer"
    assert run_git("status", "--porcelain", cwd=review) == ""


def scr_in_tmux(tmux: Tmux, review, git_identity) -> None:
    """`scr open` in a new 80x24 tmux session, as a reviewer over SSH starts it."""
    assert os.path.isfile(TMUX) and os.access(TMUX, os.X_OK), MISSING_TMUX
    env = {
        "HOME": os.environ["HOME"],
        "GIT_CONFIG_GLOBAL": str(git_identity),
        "GIT_CONFIG_NOSYSTEM": "1",
        "TERM": "xterm-256color",
    }
    command = (
        " ".join(
            [
                "env",
                "-u",
                "COLORTERM",
                "-u",
                "GIT_AUTHOR_NAME",
                "-u",
                "GIT_AUTHOR_EMAIL",
                *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
                shlex.quote(sys.executable),
                "-m",
                "scrtui",
                "open",
                shlex.quote(str(review)),
            ]
        )
        + "; echo SCR-EXITED $?; sleep 600"
    )
    tmux("new-session", "-d", "-s", "scr", "-x", "80", "-y", "24", command)
    tmux.wait_for("No problems: scr check is clean.")


def test_f7_in_a_finding_body_and_an_invalid_date_lose_nothing_in_tmux(review, git_identity):
    """Issue 10 items 1 and 2 through a real terminal: F7 in a prose field opens the record's
    history (it never selects the text for the next key to replace), and an invalid date
    blocks the save of its record with the error beside the field, the stored value kept."""
    finding = (review / "findings/F-01.md").read_text()
    source = (review / "sources/SRC-001.toml").read_text()
    tmux = Tmux("keys")
    try:
        scr_in_tmux(tmux, review, git_identity)
        tmux.keys(*["Down"] * 6)
        tmux.wait_for("Findings: Analysis and the report")
        tmux.keys("Enter")
        tmux.wait_for("a Add")
        tmux.keys("Enter")
        tmux.wait_for("█Title")
        tmux.keys("Tab", "Tab", "Tab")  # title, priority, evidence, then the prose
        tmux.wait_for("█ # ")  # the focus bar beside the prose
        tmux.keys("F7")
        tmux.wait_for("History of ")
        tmux.keys("x")
        tmux.keys("C-s")
        tmux.keys("Escape")
        time.sleep(0.5)
        tmux.keys("F6")
        time.sleep(0.3)
        tmux.keys("x")
        time.sleep(0.5)
        assert "all saved" in tmux.screen()

        tmux.keys("Up", "Up", "Up")  # Findings -> Episodes -> Chronology -> Sources
        tmux.wait_for("Sources:")
        tmux.keys("Enter")
        tmux.wait_for("SRC-001")
        tmux.keys("Enter")  # the first field: the title
        tmux.wait_for("█Title")  # the focus bar: what a user waits to see
        tmux.keys("Tab", "Tab", "Tab", "Tab")  # kind, agency, requested, received
        tmux.wait_for("█Received")
        tmux.keys("End")
        tmux.keys("C-u")
        tmux.keys("2025-13-45", literal=True)
        tmux.wait_for("1 unsaved file")
        tmux.keys("C-s")
        screen = tmux.wait_for("not saved")
        assert "YYYY-MM-DD" in screen  # the error beside the field, on screen at 80x24
        assert "2025-13-45" in screen  # what was typed is kept
        assert "all saved" not in screen
    finally:
        tmux.kill()
    assert (review / "findings/F-01.md").read_text() == finding
    assert (review / "sources/SRC-001.toml").read_text() == source
    assert len(subjects(review)) == 1
