"""Snapshots of the main screens at 80x24 and 120x36 (update with --snapshot-update).

The review's commits have fixed dates and a fixed author, and times are shown in UTC, so the
History screens are the same on every machine.
"""

from __future__ import annotations

import pytest

from conftest import open_part, select, settle, type_into
from scrtui.ui.app import ScrApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


async def _ready(pilot) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot, 1)


def run(steps):
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await steps(pilot)
        await _ready(pilot)

    return run_before


async def _nothing(pilot) -> None:
    return None


async def _findings(pilot) -> None:
    part = await open_part(pilot, "findings")
    await select(pilot, part, "findings/F-02.md")


async def _chronology(pilot) -> None:
    part = await open_part(pilot, "chronology")
    await select(pilot, part, "chronology/police.toml#entry=CH-0009")


async def _register(pilot) -> None:
    part = await open_part(pilot, "register")
    await select(pilot, part, "register.toml#person=0")


async def _history(pilot) -> None:
    part = await open_part(pilot, "sources")
    await select(pilot, part, "sources/SRC-014.toml")
    await type_into(pilot, part, "location", " (copy)")
    await pilot.press("ctrl+s")
    await settle(pilot)
    await open_part(pilot, "history")


async def _conflict(pilot) -> None:
    part = await open_part(pilot, "sources")
    await select(pilot, part, "sources/SRC-014.toml")
    await type_into(pilot, part, "title", " (mine)")
    path = pilot.app.root / "sources/SRC-014.toml"
    path.write_text(path.read_text().replace('access = "full"', 'access = "partial"'))
    await pilot.press("ctrl+s")


async def _build(pilot) -> None:
    await pilot.press("f8")
    await settle(pilot)


async def _challenges(pilot) -> None:
    part = await open_part(pilot, "challenges")
    await select(pilot, part, "challenges/CHL-002.md")


async def _help(pilot) -> None:
    await pilot.press("f1")


async def _quit(pilot) -> None:
    await _conflict_free_edit(pilot)
    await pilot.press("ctrl+q")


async def _conflict_free_edit(pilot) -> None:
    overview = pilot.app.part_widget("overview")
    await type_into(pilot, overview, "model", " (adapted)")


async def _guidance(pilot) -> None:
    await open_part(pilot, "purpose")
    await pilot.press("f3")


SCREENS = {
    "overview": _nothing,
    "findings": _findings,
    "chronology": _chronology,
    "register": _register,
    "history": _history,
    "build": _build,
    "challenges": _challenges,
    "conflict": _conflict,
    "help": _help,
    "quit": _quit,
    "guidance": _guidance,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, fixed_review, screen, size):
    assert snap_compare(ScrApp(fixed_review), terminal_size=size, run_before=run(SCREENS[screen]))


async def _actions(pilot) -> None:
    part = await open_part(pilot, "actions")
    await select(pilot, part, "actions/ACT-001.toml")  # overdue on the day the test reads


async def _readability(pilot) -> None:
    await pilot.press("f8")
    await settle(pilot)
    await pilot.press("p")


NEW_VIEWS = {"actions": _actions, "readability": _readability}


@pytest.mark.parametrize("screen", list(NEW_VIEWS))
def test_new_view(snap_compare, fixed_review, monkeypatch, screen):
    """The Actions part (on a day ACT-001 is overdue) and the Build part's readability panel,
    at 80x24."""
    monkeypatch.setenv("SCR_TODAY", "2025-10-01")
    assert snap_compare(
        ScrApp(fixed_review), terminal_size=(80, 24), run_before=run(NEW_VIEWS[screen])
    )


def test_too_small(snap_compare, fixed_review):
    assert snap_compare(ScrApp(fixed_review), terminal_size=(60, 20), run_before=run(_nothing))


async def _chronology_view(pilot) -> None:
    part = await open_part(pilot, "chronology")
    part.table.move_cursor(row=1)  # the first entry, under the first episode's start


def test_chronology_integrated_view(snap_compare, fixed_review):
    """The Chronology part's first screen at 80x24: every agency's entries in date order, the
    gaps marked, an episode's start, the entry under the cursor in full below."""
    assert snap_compare(
        ScrApp(fixed_review), terminal_size=(80, 24), run_before=run(_chronology_view)
    )
