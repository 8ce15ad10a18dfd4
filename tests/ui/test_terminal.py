"""Terminal reality: 80x24, keyboard only, every key described, no swallowed-only keys."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.binding import Binding

from conftest import open_part, posted, settle
from scrtui.ui import app as ui_app
from scrtui.ui.actions_part import PlanChecklistList
from scrtui.ui.app import ScrApp
from scrtui.ui.build_part import CandidateList
from scrtui.ui.checklist import ChecklistList
from scrtui.ui.confirm_quit_screen import ConfirmQuitScreen
from scrtui.ui.conflict_screen import ConflictScreen
from scrtui.ui.dialogs import ChoiceScreen, ConfirmScreen, PromptScreen
from scrtui.ui.guidance_screen import GuidanceScreen
from scrtui.ui.help_screen import HelpScreen, help_sections, key_name
from scrtui.ui.history import CommitList
from scrtui.ui.history_screen import HistoryScreen
from scrtui.ui.import_chronology_screen import ImportChronologyScreen
from scrtui.ui.loss_screen import LossScreen
from scrtui.ui.merge_screen import MergeScreen
from scrtui.ui.overview import ProblemList
from scrtui.ui.part_editor import RecordList
from scrtui.ui.question_screen import QuestionScreen
from scrtui.ui.readability_panel import ReadabilityList

CLASSES = [
    ScrApp,
    ui_app.PartNav,
    RecordList,
    ChecklistList,
    PlanChecklistList,
    ProblemList,
    CandidateList,
    ReadabilityList,
    CommitList,
    ConflictScreen,
    ConfirmQuitScreen,
    ConfirmScreen,
    ChoiceScreen,
    PromptScreen,
    QuestionScreen,
    GuidanceScreen,
    HelpScreen,
    HistoryScreen,
    LossScreen,
    MergeScreen,
]
# Keys a terminal or tmux may take for itself: never the only way to an action.
SWALLOWED = {
    "ctrl+s",
    "ctrl+q",
    "f1",
    "f10",
    "f11",
    "ctrl+b",
    "ctrl+z",
    "ctrl+c",
    "ctrl+h",
    "ctrl+j",
    "ctrl+m",
    "ctrl+i",
    "ctrl+backslash",
}


def bindings():
    for cls in CLASSES:
        for binding in cls.BINDINGS:
            yield cls, binding if isinstance(binding, Binding) else Binding(*binding)


def test_every_binding_has_a_description():
    for cls, binding in bindings():
        assert binding.description, (cls.__name__, binding.key)


def test_no_app_action_on_tmux_prefix_suspend_or_interrupt():
    for cls, binding in bindings():
        keys = {key.strip() for key in binding.key.split(",")}
        assert not keys & {"ctrl+b", "ctrl+z", "ctrl+c"}, (cls.__name__, binding)


def test_a_swallowable_key_always_has_a_twin():
    from scrtui.ui.commands import ACTIONS

    in_palette = {action for _, action, _ in ACTIONS}
    in_palette.add("quit")  # Textual's own "Quit" palette command calls the app's action_quit
    for cls, binding in bindings():
        keys = {key.strip() for key in binding.key.split(",")}
        if keys & SWALLOWED and cls is ScrApp and binding.action in in_palette:
            continue  # e.g. F1 (GNOME Terminal takes it): Help is also in the ctrl+p palette
        if keys & SWALLOWED:
            assert keys - SWALLOWED, (cls.__name__, binding.key, "needs a twin")


def test_help_lists_every_binding():
    listed = {(keys, text) for _, rows in help_sections(ScrApp.BINDINGS) for keys, text in rows}
    listed_keys = " / ".join(keys for keys, _ in listed).split(" / ")
    for cls, binding in bindings():
        for key in binding.key.split(","):
            assert key_name(key.strip()) in listed_keys, (cls.__name__, key)


async def test_f1_shows_the_help_screen(review):
    app = ScrApp(review)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot, 1)
        assert isinstance(app.screen, HelpScreen)
        rows = {row for _, rows in app.screen.sections for row in rows}
        for row in (
            ("Ctrl+S / F2", "Save"),
            ("Ctrl+Q / F10", "Quit"),
            ("Space", "Cycle status"),
            ("k", "Keep mine"),
            ("F1", "Help"),
        ):
            assert row in rows, row
        await pilot.press("escape")
        await settle(pilot, 1)
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(79, 24), (80, 23), (60, 20)])
async def test_too_small_says_so(review, size):
    app = ScrApp(review)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        message = app.query_one("#too-small")
        assert message.display and not app.query_one("#main").display
        assert "Terminal too small (need 80x24" in str(message.render())


async def test_80x24_shows_the_layout(review):
    app = ScrApp(review)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.query_one("#too-small").display
        assert app.query_one("#main").display
        assert app.screen.has_class("-narrow")


async def test_very_wide_terminal_puts_the_checklist_beside_the_work(review):
    app = ScrApp(review)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        assert app.screen.has_class("-very-wide")
        panel, editor = part.checklist.region, part.editor.region
        assert panel.x >= editor.right and panel.height > editor.height // 2


async def test_120x36_gives_the_form_room_and_the_checklist_below(review):
    app = ScrApp(review)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        assert app.screen.has_class("-wide")
        panel, editor = part.checklist.region, part.editor.region
        assert editor.width >= 60 and panel.y >= editor.bottom and panel.height == 12


def test_every_palette_entry_names_an_action_of_the_app():
    """The palette runs actions by name (as a key does): each name is one the app has, with
    the arguments it takes, for the fixed entries and a record's (an id with a quote in it)."""
    import inspect

    from textual.actions import parse

    from scrtui.ui.commands import ACTIONS, open_action

    assert {title for title, _, _ in ACTIONS} >= {f"Go to {title}" for _, title in ui_app.p.NAV}
    opening = open_action("sources", "sources/SRC-0'1.md", "SRC-0'1")
    for action in [a for _, a, _ in ACTIONS] + [opening]:
        namespace, name, args = parse(action)
        method = getattr(ScrApp, f"action_{name}", None)
        assert namespace == "" and method is not None, action
        inspect.signature(method).bind(None, *args)  # the arguments it takes
    assert parse(opening)[2] == ("sources", "sources/SRC-0'1.md", "SRC-0'1")


async def choose(pilot, typed: str) -> None:
    """Ctrl+P, `typed`, Enter: the palette's top entry for it."""
    await pilot.press("ctrl+p")
    await settle(pilot, 1)
    await pilot.press(*typed)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def run_entry(pilot, title: str) -> None:
    """The palette's entry `title` chosen, as the palette runs it (without typing it)."""
    from scrtui.ui.commands import ReviewCommands

    app = pilot.app
    hits = [hit async for hit in ReviewCommands(app.screen).search(title)]
    best = max(hits, key=lambda hit: hit.score)
    assert best.text == title, [hit.text for hit in hits]
    app.call_later(best.command)
    await settle(pilot)


async def test_command_palette_runs_each_entry(review):
    """Typed into the palette: a part, a record; then each of the app's actions (the build's
    entry, which F8's tests run, only by its name: see above)."""
    app = ScrApp(review)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, "Go to Register")
        assert app.current_part == "register"
        await choose(pilot, "Open SRC-011")
        assert app.current_part == "sources"
        assert app.part_widget("sources").selected.record_id == "SRC-011"
        for title, screen in (
            ("History of this record", HistoryScreen),
            ("Guidance for this part", GuidanceScreen),
            ("Help: keys", HelpScreen),
            ("Import an agency chronology", ImportChronologyScreen),
        ):
            await run_entry(pilot, title)
            assert isinstance(app.screen, screen), title
            if screen is HistoryScreen:
                assert app.screen.rel == app.part_widget("sources").selected.rel
            await pilot.press("escape")
            await settle(pilot, 1)
            assert not isinstance(app.screen, screen), title
        await run_entry(pilot, "Save (commit)")
        assert posted(app)[-1] == "Nothing to save: there are no unsaved changes."
        await run_entry(pilot, "Reload from disk")
        assert posted(app)[-1] == "Reloaded 0 changed files."
        await run_entry(pilot, "Go to Findings")
        assert app.current_part == "findings"


async def test_keyboard_only_from_parts_to_a_field_and_back(review):
    app = ScrApp(review)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ui_app.PartNav)
        await pilot.press("down", "down", "down", "enter")  # Sources
        await settle(pilot)
        assert isinstance(app.focused, RecordList)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.focused.field.key == "title"
        assert app.part_widget("sources").selected.record_id == "SRC-002"
        await pilot.press("f6")
        await settle(pilot, 1)
        assert isinstance(app.focused, ui_app.PartNav)


def test_open_refuses_a_folder_that_is_not_a_review(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scrtui", "open", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"scr: {tmp_path}: not a review (no review.toml)"
    missing = subprocess.run(
        [sys.executable, "-m", "scrtui", "open", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # the same line as every other command gives (issue 17, item 14)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"scr: {tmp_path / 'none'}: no such folder"


@pytest.mark.parametrize("command", ["open", "demo"])
def test_open_and_demo_offer_no_mouse(command):
    result = subprocess.run(
        [sys.executable, "-m", "scrtui", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "--no-mouse" in result.stdout
