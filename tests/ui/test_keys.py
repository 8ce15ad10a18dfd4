"""The keys F1 lists as working everywhere work in every kind of widget, and no key eats text.

A lead reviewer types for hours in prose fields: a global key that the text area takes for
itself (F6 "select line", F7 "select all") followed by any letter used to replace the whole
field. These tests press each global key in each widget type of the real app.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from conftest import open_part, select, settle, subjects
from scrtui.ui.app import ScrApp
from scrtui.ui.checklist import ChecklistList
from scrtui.ui.guidance_screen import GuidanceScreen
from scrtui.ui.help_screen import HelpScreen
from scrtui.ui.history_screen import HistoryScreen
from scrtui.ui.part_nav import PartNav

SIZE = (80, 24)
FINDING = "findings/F-01.md"


def _as_terminal_sends(app, key: str, character: str | None) -> None:
    """A key event exactly as the driver delivers one from the terminal."""
    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


def _notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def _focus(pilot, part, selector: str):
    """Focus a fresh widget of the kind (a reload rebuilds the form)."""
    app = pilot.app
    widget = app.query_one(PartNav) if selector == "PartNav" else part.query(selector).first()
    app.screen.set_focus(widget)
    await pilot.pause()
    return widget


async def test_item1_f7_then_x_in_a_finding_body_changes_nothing(review):
    """The reproduction from the issue: Findings, Enter, Enter, Tab x3, F7, x, Ctrl+S."""
    before = (review / FINDING).read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 6, "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 1)
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        assert type(app.focused).__name__ == "BodyArea"
        await pilot.press("f7", "x", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)  # F7 did what F1 says: record history
        await pilot.press("escape")
        await settle(pilot, 1)
        assert type(app.focused).__name__ == "BodyArea"
        await pilot.press("f6", "x")  # F6: back to the parts, so the x lands nowhere
        await settle(pilot)
        assert isinstance(app.focused, PartNav)
    assert (review / FINDING).read_text() == before
    assert len(subjects(review)) == 1


GLOBAL_KEYS = ("f1", "f3", "f4", "f5", "f6", "escape", "f7", "ctrl+s", "f2", "ctrl+p")
CHEAP_KEYS = ("f7", "f4", "f6")  # text areas took F6 and F7; all keys are pressed in the body


def _widget_classes():
    from textual.widgets import Button, Input, OptionList, Select, TextArea
    from textual.widgets._select import SelectCurrent, SelectOverlay

    from scrtui.ui import (
        actions_part,
        build_part,
        checklist,
        chronology_part,
        history,
        import_pieces,
        overview,
        part_editor,
        readability_panel,
        record_editor,
    )

    return [
        Input,
        TextArea,
        Select,
        SelectCurrent,
        SelectOverlay,
        OptionList,
        Button,
        PartNav,
        record_editor.FieldInput,
        record_editor.FieldArea,
        record_editor.BodyArea,
        record_editor.FieldSelect,
        part_editor.RecordList,
        checklist.ChecklistList,
        overview.ProblemList,
        build_part.CandidateList,
        history.CommitList,
        chronology_part.ChronologyTable,
        import_pieces.NamesList,
        actions_part.PlanChecklistList,
        readability_panel.ReadabilityList,
    ]


def test_no_widget_can_shadow_a_global_key():
    """A widget's own binding for a key F1 lists as global must lose to the app's."""
    app_keys = {}
    for binding in ScrApp.BINDINGS:
        for key in binding.key.split(","):
            app_keys[key.strip()] = binding
    for cls in _widget_classes():
        for key, bindings in cls._merged_bindings.key_to_bindings.items():
            if key in app_keys and key != "escape":
                assert app_keys[key].priority, (cls.__name__, key, bindings[0].action)


async def _press_global(pilot, part, selector: str, key: str) -> None:
    app = pilot.app
    await _focus(pilot, part, selector)
    app.clear_notifications()
    await pilot.press(key)
    await pilot.pause()
    where = f"{key} in {selector}"
    screen = type(app.screen).__name__
    if key == "f1":
        assert isinstance(app.screen, HelpScreen), where
    elif key == "f3":
        assert isinstance(app.screen, GuidanceScreen), where
    elif key == "f4":
        assert isinstance(app.focused, ChecklistList), where  # the Actions part's own too
    elif key == "f5":
        await settle(pilot)
        assert any(m.startswith("Reloaded") for m in _notices(app)), where
    elif key in ("f6", "escape"):
        assert isinstance(app.focused, PartNav), where
    elif key == "f7":
        assert isinstance(app.screen, HistoryScreen), where
    elif key in ("ctrl+s", "f2"):
        assert any(m.startswith("Nothing to save") for m in _notices(app)), where
    elif key == "ctrl+p":
        assert screen == "CommandPalette", where
    if app.screen is not app.screen_stack[0]:
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0], f"{where}: Esc did not close {screen}"


async def test_every_global_key_works_in_every_widget_and_no_text_changes(review):
    before = (review / FINDING).read_text()
    source_before = (review / "sources/SRC-014.toml").read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        findings = await open_part(pilot, "findings")
        await select(pilot, findings, FINDING)
        for key in GLOBAL_KEYS:
            await _press_global(pilot, findings, "BodyArea", key)
        for selector in ("FieldInput", "RecordList", "ChecklistList", "PartNav"):
            for key in CHEAP_KEYS:
                await app.go_to_part("findings")
                await _press_global(pilot, findings, selector, key)
        sources = await open_part(pilot, "sources")
        await select(pilot, sources, "sources/SRC-014.toml")
        for selector in ("FieldSelect", "FieldArea"):
            for key in CHEAP_KEYS:
                await app.go_to_part("sources")
                await _press_global(pilot, sources, selector, key)
        chronology = await open_part(pilot, "chronology")
        chronology.table.move_cursor(row=1)  # an entry: F7 shows its file's history
        for key in CHEAP_KEYS:
            await app.go_to_part("chronology")
            await _press_global(pilot, chronology, "ChronologyTable", key)
        assert app.session.dirty() == []

        # No key selects the whole prose field: after each, one letter adds one letter
        await app.go_to_part("findings")
        await settle(pilot, 1)
        for key in ("f6", "f7", "ctrl+a", "ctrl+shift+a", "f9", "f11", "f12"):
            area = await _focus(pilot, findings, "BodyArea")
            length = len(area.text)
            await pilot.press(key)
            await settle(pilot, 1)
            if app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
                await settle(pilot, 1)
            if app.screen.maximized is not None:
                app.screen.minimize()
            area = await _focus(pilot, findings, "BodyArea")
            await pilot.press("x")
            await pilot.pause()
            assert len(area.text) == length + 1, key
            await pilot.press("backspace")
            await pilot.pause()
        assert app.session.dirty() == []

        # In a dialog's text area, the global keys that do not apply there change nothing
        await _focus(pilot, findings, "ChecklistList")
        await pilot.press("enter")
        await settle(pilot, 1)
        note = app.screen.query_one("#note")
        text = note.text
        await pilot.press("f6", "f7", "x")
        await pilot.pause()
        assert note.text == text + "x"  # the cursor starts at the end of the note
        await pilot.press("escape")
        await settle(pilot, 1)

        # F8 builds from inside a prose field too
        await _focus(pilot, findings, "BodyArea")
        await pilot.press("f8")
        await settle(pilot)
        assert app.current_part == "build"
        assert (review / "build/publication/report.md").is_file()
    assert (review / FINDING).read_text() == before
    assert (review / "sources/SRC-014.toml").read_text() == source_before


async def test_every_global_key_works_in_the_actions_part_and_the_readability_panel(
    review, monkeypatch
):
    """The new widgets: the Actions part's list, form and checklist, the Build part's
    readability list. No key changes a file; F4 reaches the plan's checklist."""
    monkeypatch.setenv("SCR_TODAY", "2025-07-01")
    before = {p.name: p.read_text() for p in (review / "actions").glob("*.toml")}
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actions = await open_part(pilot, "actions")
        await select(pilot, actions, "actions/ACT-001.toml")
        for selector in ("RecordList", "FieldInput", "FieldSelect", "FieldArea"):
            for key in CHEAP_KEYS:
                await app.go_to_part("actions")
                await _press_global(pilot, actions, selector, key)
        for key in GLOBAL_KEYS:
            if key != "f3":  # no marker checks the Actions part: F3 says so (below)
                await app.go_to_part("actions")
                await _press_global(pilot, actions, "PlanChecklistList", key)
        await _focus(pilot, actions, "PlanChecklistList")
        app.clear_notifications()
        await pilot.press("f3")
        await pilot.pause()
        assert "No quality marker checks this part." in _notices(app)
        assert app.session.dirty() == []

        await app.go_to_part("build", focus=True)
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        build = app.part_widget("build")
        said = {  # the Build part has no checklist and no record: these keys say so
            "f4": "No quality marker checks this part.",
            "f7": "Choose a record first; the History part shows every commit.",
        }
        for key in ("f1", "f4", "f5", "f6", "f7", "ctrl+s", "ctrl+p"):
            await app.go_to_part("build")
            await _focus(pilot, build, "ReadabilityList")
            if key in said:
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                assert said[key] in _notices(app), key
                assert type(app.focused).__name__ == "ReadabilityList", key
                continue
            await _press_global(pilot, build, "ReadabilityList", key)
        assert app.session.dirty() == []
    assert {p.name: p.read_text() for p in (review / "actions").glob("*.toml")} == before


def test_item14_the_terminal_parser_turns_esc_then_a_key_into_alt_key():
    """What Textual's parser makes of Esc and a letter that arrive within the escape delay."""
    parser = XTermParser()
    keys = [e for e in parser.feed("\x1ba") if isinstance(e, events.Key)]
    keys += [e for e in parser.feed("") if isinstance(e, events.Key)]
    assert [(k.key, k.character) for k in keys] == [("alt+a", "a")]


async def test_item14_esc_then_a_key_quickly_never_types_into_a_field(review):
    """Esc (back to the parts) then `a` sent together, as a slow SSH link delivers them."""
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, "sources/SRC-014.toml")
        title = await _focus(pilot, part, "FieldInput")
        value = title.value
        _as_terminal_sends(app, "alt+x", "x")  # what the parser gives for Esc, x
        await settle(pilot, 1)
        assert title.value == value
        assert isinstance(app.focused, PartNav)  # the Esc went back to the parts
        assert app.session.dirty() == []
        body = part.query("FieldArea").first()
        app.screen.set_focus(body)
        await pilot.pause()
        text = body.text
        _as_terminal_sends(app, "alt+f6", None)  # a key with no character: unchanged
        _as_terminal_sends(app, "alt+q", "q")
        await settle(pilot, 1)
        assert body.text == text and isinstance(app.focused, PartNav)


async def test_keys_typed_while_enter_opens_a_record_land_in_its_form(review):
    """A burst (a fast typist, or SSH delivering keys together): Enter on a record and the
    characters after it arrive before the form has the focus. They must reach the title, never
    act as the list's own keys (r responds, x removes) or be dropped."""
    from textual import events

    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 6, "enter")  # into the findings list
        await settle(pilot)
        await pilot.press("down")  # F-02
        await settle(pilot)
        burst = [
            ("enter", "\r"),
            ("space", " "),
            ("left_parenthesis", "("),
            ("r", "r"),
            ("x", "x"),
            ("a", "a"),
            ("right_parenthesis", ")"),
        ]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert type(app.screen).__name__ == "Screen"  # no respond, remove or add dialog
        title = app.focused
        assert type(title).__name__ == "FieldInput" and title.field.key == "title"
        assert title.value.endswith(" (rxa)")


async def test_a_burst_with_tabs_after_enter_types_into_the_field_the_tabs_reach(review):
    """Enter, Tab x4 and characters, all before the form has the focus (a slow machine, a
    fast link): the characters reach Received, four fields on; the title is untouched."""
    from textual import events

    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        part.records.focus()
        await settle(pilot)
        fields = {w.field.key: w for w in part.editor.query("FieldInput")}
        title_before, received_before = fields["title"].value, fields["received"].value
        burst = [("enter", "\r")] + [("tab", "\t")] * 4 + [("x", "x"), ("y", "y")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        fields = {w.field.key: w for w in part.editor.query("FieldInput")}
        assert fields["title"].value == title_before
        assert app.focused is fields["received"]
        assert "xy" in fields["received"].value and fields["received"].value != received_before


async def test_a_fields_own_keys_act_in_the_order_they_came(review):
    """End, Ctrl+U and a date arriving together: the date is what stays (Textual would run the
    bindings after the characters, and Ctrl+U would clear the date)."""
    from textual import events

    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, "sources/SRC-001.toml")
        received = next(w for w in part.editor.query("FieldInput") if w.field.key == "received")
        received.focus()
        await pilot.pause()
        burst = [("end", None), ("ctrl+u", None)]
        burst += [(c if c.isdigit() else "minus", c) for c in "2025-13-45"]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert received.value == "2025-13-45"
        assert received.has_class("-invalid")
