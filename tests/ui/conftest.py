"""Fixtures and helpers for driving the real UI with Textual's pilot on real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from scrtui.resources import example_dir

FIXED_DATE = "2025-07-01T09:00:00+00:00"


def run_git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def subjects(root: Path) -> list[str]:
    """Commit subjects, newest first."""
    return run_git("log", "--format=%s", cwd=root).splitlines()


def make_review(target: Path, fixed_dates: bool = False) -> Path:
    """The shipped example as `scr init --example` makes it: a git repo with one commit (made
    once per test process, copied for each test: see tests/conftest.py init_example)."""
    from example_init import init_example  # noqa: PLC0415

    env = dict(os.environ)
    if fixed_dates:
        env.update(GIT_AUTHOR_DATE=FIXED_DATE, GIT_COMMITTER_DATE=FIXED_DATE)
    return init_example(target, FIXED_DATE if fixed_dates else "", env)


@pytest.fixture(autouse=True)
def every_notification(monkeypatch):
    """Keep every notification an app posts, in `app.posted` (see `posted`): a notification
    leaves `app._notifications` when it times out, and on a loaded machine a test can read it
    after that."""
    from textual.app import App  # noqa: PLC0415

    notify = App.notify

    def recording(self, message, *args, **kwargs):
        self.__dict__.setdefault("posted", []).append(str(message))
        return notify(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", recording)


def posted(app) -> list[str]:
    """Every notification `app` posted, in order, expired or not."""
    return list(app.__dict__.get("posted", []))


@pytest.fixture
def review(tmp_path) -> Path:
    return make_review(tmp_path / "review")


@pytest.fixture
def fixed_review(tmp_path, monkeypatch) -> Path:
    """A review whose commits have fixed dates (stable hashes) and times shown in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):
        time.tzset()
    root = make_review(tmp_path / "review", fixed_dates=True)
    monkeypatch.setenv("GIT_AUTHOR_DATE", FIXED_DATE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", FIXED_DATE)
    monkeypatch.setenv("SCR_TODAY", FIXED_DATE[:10])  # the review's clock, as scr status reads it
    return root


@pytest.fixture
def example_files(tmp_path) -> Path:
    """A copy of the example without git, for tests that build their own repository."""
    target = tmp_path / "plain"
    shutil.copytree(example_dir(), target)
    return target


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen (no timing involved)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_part(pilot, part: str):
    await pilot.app.go_to_part(part, True)
    await settle(pilot)
    return pilot.app.part_widget(part)


async def select(pilot, widget, key: str) -> None:
    assert await widget.select_key(key), key
    await settle(pilot, 1)


def field_widget(widget, key: str):
    for candidate in widget.editor.query("FieldInput, FieldSelect, FieldArea"):
        if candidate.field.key == key:
            return candidate
    raise AssertionError(f"no field {key}")


async def type_into(pilot, widget, key: str, text: str, clear: bool = False) -> None:
    """Focus a field the way a user would (it is on screen) and type."""
    target = field_widget(widget, key)
    target.focus()
    await pilot.pause()
    if clear:
        if hasattr(target, "select_all"):
            target.select_all()
        else:
            target.value = ""
        await pilot.press("backspace")
    elif hasattr(target, "document"):  # a text area: to the end of its text
        target.move_cursor(target.document.end)
    else:
        await pilot.press("end")
    await pilot.press(*_keys(text))
    await settle(pilot, 1)


SOURCE = "sources/SRC-014.toml"  # the record the save, conflict, merge and recovery tests edit


async def edit_source_title(pilot, text: str = " (mine)"):
    """Type at the end of SOURCE's title and leave it unsaved: where those tests start."""
    part = await open_part(pilot, "sources")
    await select(pilot, part, SOURCE)
    await type_into(pilot, part, "title", text)
    assert pilot.app.session.is_dirty(SOURCE)
    return part


async def type_into_body(pilot, widget, line: int, text: str) -> None:
    """Type at the end of a line (0-based within the body) of the record's prose."""
    area = widget.editor.query_one("BodyArea")
    area.focus()
    area.move_cursor((line, len(area.document.get_line(line))))
    await pilot.pause()
    await pilot.press(*_keys(text))
    await settle(pilot, 1)


def _keys(text: str) -> list[str]:
    names = {
        " ": "space",
        "\n": "enter",
        ".": "full_stop",
        ",": "comma",
        "-": "minus",
        "'": "apostrophe",
        "(": "left_parenthesis",
        ")": "right_parenthesis",
        ":": "colon",
        "[": "left_square_bracket",
        "]": "right_square_bracket",
    }
    return [names.get(ch, ch) for ch in text]


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
