"""The checklists beside each part: status in one key, note and evidence, guidance one key away."""

from __future__ import annotations

import tomllib

from conftest import open_part, save, settle, subjects
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


def marker(review, name: str) -> dict:
    return tomllib.loads((review / "markers" / f"{name}.toml").read_text())


async def test_each_part_shows_the_markers_that_declare_it(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        expected = {
            "purpose": ["Clarity of purpose"],
            "scope": ["Form and focus of the review"],
            "sources": ["Assembling information"],
            "chronology": ["Assembling information"],
            "episodes": ["Analysis"],
            "findings": ["Analysis", "The report"],
            "register": [],
            "challenges": [],
        }
        for part_key, titles in expected.items():
            part = await open_part(pilot, part_key)
            assert [view.title for view in part.checklist.views] == titles, part_key
            assert part.checklist.display == bool(titles)


async def test_space_cycles_a_status_and_the_save_commits_the_marker(review):
    before = marker(review, "clarity-of-purpose")["question"][0]["status"]
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_part(pilot, "purpose")
        await pilot.press("f4")
        await settle(pilot, 1)
        assert type(app.focused).__name__ == "ChecklistList"
        await pilot.press("space")
        await settle(pilot)
        await save(pilot)
        after = marker(review, "clarity-of-purpose")["question"][0]["status"]
        statuses = ["not started", "partly", "met", "n.a."]
        assert after == statuses[(statuses.index(before) + 1) % 4]
        subject = subjects(review)[0]
        assert subject.startswith("Marker Clarity of purpose: Q1")
        assert f"{before} -> {after}" in subject
        progress = str(app.part_widget("overview").query_one(".progress").render())
        assert "Clarity of purpose" in progress


async def test_note_and_evidence_of_a_question(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_part(pilot, "sources")
        await pilot.press("f4")
        await settle(pilot, 1)
        await pilot.press("down", "enter")  # Q2 (the first row under the title is Q1)
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "QuestionScreen"
        await pilot.press("end", *" Checked.")
        await pilot.press("tab")
        await pilot.press("end", "comma", "space", *"SRC-019")
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen).__name__ != "QuestionScreen"
        await save(pilot)
        question = marker(review, "assembling-information")["question"][1]
        assert question["note"].endswith(" Checked.")
        assert question["evidence"][-1] == "SRC-019"
        assert subjects(review)[0].startswith("Marker Assembling information: Q2")


async def test_guidance_is_one_key_away(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_part(pilot, "findings")
        await pilot.press("f3")
        await settle(pilot)
        assert type(app.screen).__name__ == "GuidanceScreen"
        from scrtui.ui.guidance_screen import guidance_markdown

        text = guidance_markdown(app.screen.views)
        for heading in (
            "# Analysis",
            "# The report",
            "## Knowledge base",
            "## Link to statutory guidance",
            "## Tackling some common obstacles",
        ):
            assert heading in text, heading
        await pilot.press("escape")
        await settle(pilot, 1)
        assert type(app.screen).__name__ != "GuidanceScreen"
        # from the checklist itself, "g"
        await pilot.press("f4", "g")
        await settle(pilot)
        assert type(app.screen).__name__ == "GuidanceScreen"
