"""A newcomer can run the tests (issue 17, item 16): the README says what they need, and the
terminal test says how to install tmux when it is missing."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO


def test_the_readme_says_what_the_tests_need():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    needs = readme.split("Run the tests:", 1)[1].split("## Commands", 1)[0]
    for word in (
        "git",
        "tmux",
        "apt-get install tmux",
        "brew install tmux",
        "--deselect tests/ui/test_tmux_e2e.py",
        "CI",
    ):
        assert word in needs, word


def test_the_terminal_test_says_how_to_install_tmux_when_it_is_missing(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            str(REPO / "tests/ui/test_tmux_e2e.py"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SCR_TEST_TMUX": str(tmp_path / "no-tmux-here")},
    )
    assert result.returncode == 1, result.stdout
    assert "tmux is not installed" in result.stdout
    assert "sudo apt-get install tmux" in result.stdout
    tests = (REPO / "tests/ui/test_tmux_e2e.py").read_text(encoding="utf-8").count("\ndef test_")
    assert f"{tests} failed" in result.stdout  # each terminal test, each with the message
    assert result.stdout.count("tmux is not installed") >= tests
