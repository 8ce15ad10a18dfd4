"""An invalid typed value blocks the save of its record, shows its error beside the field at
80x24, and loses neither the stored value nor what was typed."""

from __future__ import annotations

from conftest import open_part, save, select, settle, subjects, type_into
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
SOURCE = "sources/SRC-001.toml"


def _status(app) -> str:
    return str(app.query_one("#status").render())


def _error_beside(part, field_key: str):
    """The error line shown under a field, and the field's row."""
    for row in part.editor.query(".field-row"):
        widgets = [w for w in row.children if getattr(w, "field", None) is not None]
        if widgets and widgets[0].field.key == field_key:
            errors = [
                w
                for w in row.parent.query(".field-error")
                if w.display and getattr(w, "field_key", None) == field_key
            ]
            return (errors[0] if errors else None), row
    raise AssertionError(field_key)


async def test_item2_an_invalid_date_blocks_the_save_and_keeps_both_values(review):
    stored = (review / SOURCE).read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, SOURCE)
        await type_into(pilot, part, "title", " (copy)")  # a valid edit in the same record
        # The keys: Received, Ctrl+U, type 2025-13-45, Ctrl+S
        received = next(w for w in part.editor.query("FieldInput") if w.field.key == "received")
        received.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"2025-13-45")
        await settle(pilot, 1)
        await save(pilot)
        assert (review / SOURCE).read_text() == stored  # the stored date is kept on disk
        assert len(subjects(review)) == 1  # nothing committed
        assert "all saved" not in _status(app) and "unsaved" in _status(app)
        assert received.value == "2025-13-45"  # and what was typed is kept in the field
        assert received.has_class("-invalid")
        error, row = _error_beside(part, "received")
        assert error is not None and "YYYY-MM-DD" in str(error.render())
        # beside the field, and on screen at 80x24
        assert error.region.y == row.region.bottom and error.region.height >= 1
        assert error.region.bottom <= SIZE[1] - 1 and error.region.width > 20
        notices = [n.message for n in app._notifications]
        assert any("not saved" in m.lower() and "SRC-001" in m for m in notices), notices

        # Another record, then back: the typed text and the error are still there
        await select(pilot, part, "sources/SRC-002.toml")
        await select(pilot, part, SOURCE)
        received = next(w for w in part.editor.query("FieldInput") if w.field.key == "received")
        assert received.value == "2025-13-45"
        assert _error_beside(part, "received")[0] is not None

        # Quitting asks, because the record is not saved
        await pilot.press("ctrl+q")
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "ConfirmQuitScreen"
        assert SOURCE in app.screen.rels
        await pilot.press("escape")
        await settle(pilot, 1)

        # Fixed: the save goes through, with the title edit, the key where it was
        received.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"2025-04-25")
        await settle(pilot, 1)
        assert _error_beside(part, "received")[0] is None
        await save(pilot)
        assert "all saved" in _status(app)
    text = (review / SOURCE).read_text()
    assert "received = 2025-04-25" in text and "(copy)" in text
    assert text.splitlines().index("received = 2025-04-25") == stored.splitlines().index(
        "received = 2025-04-24"
    )  # the key did not move
    assert subjects(review)[0].startswith("Source SRC-001:")


async def test_item2_invalid_number_and_id_list_block_only_their_record(review):
    finding = "findings/F-03.md"
    stored = (review / finding).read_text()
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        await select(pilot, part, finding)
        await type_into(pilot, part, "priority", "x")  # "3x"
        error, _ = _error_beside(part, "priority")
        assert error is not None and "whole number" in str(error.render())
        await type_into(pilot, part, "evidence", ", not an id")
        error, _ = _error_beside(part, "evidence")
        assert error is not None and "'not'" in str(error.render())
        # another file with a valid edit is saved; this one is not
        sources = await open_part(pilot, "sources")
        await select(pilot, sources, SOURCE)
        await type_into(pilot, sources, "location", " (copy)")
        await save(pilot)
        assert "(copy)" in (review / SOURCE).read_text()
        assert subjects(review)[0].startswith("Source SRC-001: location")
        assert [d.rel for d in app.session.dirty()] == [finding]
    assert (review / finding).read_text() == stored
