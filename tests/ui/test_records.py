"""Adding, removing and reordering records: ids come from the tool, every change is a commit."""

from __future__ import annotations

import re
import tomllib

import pytest

from conftest import field_widget, open_part, run_git, save, select, settle, subjects, type_into
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


async def test_add_a_source_gets_the_next_id_and_commits_on_save(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot)
        assert part.selected.rel == "sources/SRC-022.toml"
        assert "1 unsaved file" in str(app.query_one("#status").render())
        await type_into(pilot, part, "title", "Notes", clear=True)
        await save(pilot)
        data = tomllib.loads((review / "sources/SRC-022.toml").read_text())
        assert data["id"] == "SRC-022" and data["title"] == "Notes"
        assert subjects(review)[0].startswith("Source SRC-022: added")
        assert run_git("status", "--porcelain", cwd=review) == ""


async def test_two_new_findings_before_a_save_get_different_ids(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot)
        part.records.focus()
        await pilot.press("a")
        await settle(pilot)
        new = sorted(rel for rel in app.session.new)
        assert new == ["findings/F-05.md", "findings/F-06.md"]
        await save(pilot)
        assert (review / "findings/F-06.md").read_text().startswith('+++\nid = "F-06"\n')
        assert "priority = 6" in (review / "findings/F-06.md").read_text()
        subject = subjects(review)[0]
        assert "Finding F-05: added" in subject and "Finding F-06: added" in subject


@pytest.mark.parametrize(
    ("part_key", "record", "key", "file_removed", "subject"),
    [
        pytest.param(
            "sources",
            "sources/SRC-019.toml",
            "x",
            True,
            "Source SRC-019 removed",
            id="source-file-with-x",
        ),
        pytest.param(
            "chronology",
            "chronology/police.toml#entry=CH-0009",
            "delete",
            False,
            "Chronology (police): CH-0009 removed",
            id="chronology-entry-with-delete",
        ),
    ],
)
async def test_removing_a_record_asks_then_commits_at_once(
    review, part_key, record, key, file_removed, subject
):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, part_key)
        await select(pilot, part, record)
        record_id = part.selected.record_id
        part.records.focus()
        await pilot.press(key)
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await settle(pilot)
        path = review / record.partition("#")[0]
        if file_removed:
            assert not path.exists()
        else:
            assert record_id not in path.read_text()
        assert subjects(review)[0] == subject
        assert record_id not in {r.record_id for r in part.refs()}


async def test_removing_is_refused_without_confirmation(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, "sources/SRC-019.toml")
        part.records.focus()
        await pilot.press("x")
        await settle(pilot, 1)
        await pilot.press("n")
        await settle(pilot)
        assert (review / "sources/SRC-019.toml").exists()
        assert len(subjects(review)) == 1


async def test_add_a_chronology_entry_asks_its_agency_and_stands_in_date_order(review):
    """Issue 10 item 11: no real-looking date (the review period's start), the agency asked
    (the selected entry's first), and the entry placed where its date puts it."""
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "chronology")
        await select(pilot, part, "chronology/police.toml#entry=CH-0009")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "ChoiceScreen"
        assert "Which agency's chronology" in dialog.title_text
        assert dialog.options[0] == ("police", "police")
        await pilot.press("enter")
        await settle(pilot)
        new = part.selected
        assert new.rel == "chronology/police.toml"
        new_id = new.record_id
        highest = max(
            int(n)
            for path in (review / "chronology").glob("*.toml")
            for n in re.findall(r'id = "CH-(\d+)"', path.read_text())
        )
        assert new_id == f"CH-{highest + 1:04d}"
        start = tomllib.loads((review / "scope.toml").read_text())["period"]["start"]
        assert field_widget(part, "date").value == start.isoformat()
        assert app.session.is_dirty("chronology/police.toml")
        await type_into(pilot, part, "what", "Police shared the history.")
        await type_into(pilot, part, "source", "SRC-004")
        await save(pilot)
        data = tomllib.loads((review / "chronology/police.toml").read_text())
        dates = [entry["date"] for entry in data["entry"]]
        at = [entry["id"] for entry in data["entry"]].index(new_id)
        assert all(d <= start for d in dates[:at]) and all(d > start for d in dates[at + 1 :])
        assert data["entry"][at]["what"] == "Police shared the history."
        assert subjects(review)[0].startswith(f"Chronology (police): {new_id} added")


async def test_move_a_chronology_entry_up(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "chronology")
        before = [
            e["id"] for e in tomllib.loads((review / "chronology/police.toml").read_text())["entry"]
        ]
        moved = before[-1]
        await select(pilot, part, f"chronology/police.toml#entry={moved}")
        part.records.focus()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await save(pilot)
        after = [
            e["id"] for e in tomllib.loads((review / "chronology/police.toml").read_text())["entry"]
        ]
        assert after[-2] == moved and sorted(after) == sorted(before)


async def test_moving_a_finding_up_swaps_priorities_in_one_commit(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        await select(pilot, part, "findings/F-03.md")
        part.records.focus()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert [r.record_id for r in part.refs()] == ["F-01", "F-03", "F-02", "F-04"]
        await save(pilot)
        assert "priority = 2\n" in (review / "findings/F-03.md").read_text()
        assert "priority = 3\n" in (review / "findings/F-02.md").read_text()
        assert len(subjects(review)) == 2
        subject = subjects(review)[0]
        assert "Finding F-02: priority 2 -> 3" in subject
        assert "Finding F-03: priority 3 -> 2" in subject
        changed = run_git("show", "--name-only", "--format=", "HEAD", cwd=review).split()
        assert sorted(changed) == ["findings/F-02.md", "findings/F-03.md"]


async def test_add_a_person_to_the_register_asks_the_name(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "register")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "ChoiceScreen"
        await pilot.press("enter")  # a person
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "PromptScreen"
        await pilot.press(*"Dana", "enter")
        await settle(pilot)
        assert part.selected.kind == "person"
        await type_into(pilot, part, "label", "Neighbour")
        await save(pilot)
        data = tomllib.loads((review / "register.toml").read_text())
        person = data["person"][-1]
        assert person["name"] == "Dana" and person["label"] == "Neighbour"
        assert person["id"] == f"P-{len(data['person']):02d}"
        assert subjects(review)[0].startswith("Register: 1 entry added")
