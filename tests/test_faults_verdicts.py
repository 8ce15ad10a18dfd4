"""One verdict from every command (issue 17, item 14), and never a traceback.

A folder that is not a review gets the same one line and exit 2 from every command; `--json`
always prints JSON, whatever happened; and on broken workspaces each command answers with
lines and an exit code, not a crash.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import git, run_scr

COMMANDS = [
    ("check", "{path}"),
    ("build", "{path}"),
    ("open", "{path}"),
    ("diff", "-C", "{path}"),
    ("challenge", "list", "-C", "{path}"),
    ("challenge", "add", "F-01", "--text", "Why?", "-C", "{path}"),
    ("signoff", "-C", "{path}"),
    ("sync", "-C", "{path}"),
]


def not_a_review(kind: str, tmp_path: Path) -> tuple[Path, str]:
    """A folder that is not a review, and the reason every command must give."""
    path = tmp_path / "review"
    if kind == "missing":
        return path, f"{path}: no such folder"
    if kind == "a file":
        path.write_text("x", encoding="utf-8")
        return path, f"{path}: not a folder"
    path.mkdir()
    git("init", "-q", cwd=path)
    (path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "notes", cwd=path)
    if kind == "no review.toml":
        return path, f"{path}: not a review (no review.toml)"
    (path / "review.toml").mkdir()
    (path / "review.toml/x").write_text("x", encoding="utf-8")
    return path, f"{path}: not a review (review.toml is a folder, not a file)"


@pytest.mark.parametrize(
    ("kind", "commands"),
    [
        ("review.toml folder", COMMANDS),
        ("no review.toml", COMMANDS),
        ("missing", COMMANDS[:3] + COMMANDS[-1:]),
        ("a file", COMMANDS[:3] + COMMANDS[-1:]),
    ],
)
def test_every_command_gives_the_same_verdict_on_a_folder_that_is_not_a_review(
    kind, commands, tmp_path
):
    path, reason = not_a_review(kind, tmp_path)
    for command in commands:
        args = [part.format(path=path) for part in command]
        result = run_scr(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stderr.strip() == f"scr: {reason}", (args, result.stderr)


@pytest.mark.parametrize("kind", ["missing", "a file", "no review.toml", "review.toml folder"])
def test_check_json_prints_json_when_the_folder_is_not_a_review(kind, tmp_path):
    path, reason = not_a_review(kind, tmp_path)
    result = run_scr("check", str(path), "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["error"] == reason and data["exit"] == 2
    assert data["problems"] == [] and data["progress"] == []


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--json", "--no-such-option"),
        ("diff", "--json", "-C", "{missing}"),
        ("challenge", "list", "--json", "-C", "{missing}"),
        ("signoff", "--json", "-C", "{missing}"),
        ("diff", "no-such-revision", "--json", "-C", "{review}"),
    ],
)
def test_json_is_printed_whatever_stops_the_command(args, example_repo, tmp_path):
    values = {"missing": str(tmp_path / "missing"), "review": str(example_repo)}
    result = run_scr(*[part.format(**values) for part in args])
    assert result.returncode in (1, 2)
    data = json.loads(result.stdout)
    assert data["exit"] == result.returncode and data["error"]
    assert "Traceback" not in result.stderr


def break_review(case: str, root: Path) -> None:
    if case == "review.toml is binary":
        (root / "review.toml").write_bytes(b"\x00\x01\x02")
    elif case == "sources is a file":
        shutil.rmtree(root / "sources")
        (root / "sources").write_text("x", encoding="utf-8")
    elif case == "no git repository":
        shutil.rmtree(root / ".git")
    elif case == "a finding that is not UTF-8":
        (root / "findings/F-02.md").write_bytes(b'+++\nid = "F-02"\n+++\n\xff\xfe bad\n')
    elif case == "register.toml broken":
        (root / "register.toml").write_text("[[person]\nname = ", encoding="utf-8")
    elif case == "a challenge without front matter":
        (root / "challenges/CHL-001.md").write_text("# Just text\n", encoding="utf-8")


@pytest.mark.parametrize(
    "case",
    [
        "review.toml is binary",
        "sources is a file",
        "no git repository",
        "a finding that is not UTF-8",
        "register.toml broken",
        "a challenge without front matter",
    ],
)
def test_broken_workspaces_get_lines_and_exit_codes_never_a_traceback(case, example_repo):
    break_review(case, example_repo)
    root = str(example_repo)
    commands = [["check", "--json", root], ["build", root], ["diff", "-C", root]]
    if "challenge" in case:
        commands.append(["challenge", "respond", "CHL-001", "--text", "Done.", "-C", root])
    for args in commands:
        result = run_scr(*args)
        assert result.returncode in (0, 1, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr and "Error:" not in result.stderr, args
        if "--json" in args:
            json.loads(result.stdout)
        if result.returncode and "build" not in args and "check" not in args:
            assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
