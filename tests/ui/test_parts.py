"""Each part, as a user works in it: open, edit a field and the prose, save, see the commit."""

from __future__ import annotations

from conftest import (
    open_part,
    save,
    select,
    settle,
    subjects,
    type_into,
    type_into_body,
)
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


def body_line(widget, heading: str) -> int:
    """The 0-based line of the prose just under a `## heading`."""
    lines = widget.editor.query_one("BodyArea").text.split("\n")
    return lines.index(f"## {heading}") + 1


async def test_overview_edits_the_review_details(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.part_widget("overview")
        assert "Clarity of purpose" in str(overview.query_one(".progress").render())
        await type_into(pilot, overview, "supervisor", " (interim)")
        assert "1 unsaved file" in str(app.query_one("#status").render())
        await save(pilot)
        assert 'supervisor = "Helen Marsh (interim)"' in (review / "review.toml").read_text()
        # the template's comments and alignment survive the save
        assert (
            'label = "Child A"                 # the public label'
            in (review / "review.toml").read_text()
        )
        assert subjects(review)[0].startswith("Review: supervisor")
        assert "all saved" in str(app.query_one("#status").render())


async def test_purpose_prose_and_a_complicating_factor(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "purpose")
        await select(pilot, part, "purpose.md")
        await type_into_body(pilot, part, 2, " It was agreed by the board.")
        await select(pilot, part, "purpose.md#complicating_factor=1")
        await type_into(pilot, part, "acknowledged", " The press officer agreed.")
        await save(pilot)
        text = (review / "purpose.md").read_text()
        assert (
            "and the prevention of similar harm to other babies. It was agreed by the "
            "board." in text
        )
        assert (
            "takes precedence over detail in the report. Practitioners were told this at "
            "their briefing. The press officer agreed." in text
        )
        assert text.startswith("+++\n[[complicating_factor]]\n")
        subject = subjects(review)[0]
        assert subject.startswith("Purpose: complicating factor")
        assert "opening text" in subject


async def test_scope_terms_and_a_line_of_enquiry(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "scope")
        await select(pilot, part, "scope.toml#line_of_enquiry=LOE-02")
        await type_into(pilot, part, "question", " And why?")
        await save(pilot)
        assert "And why?" in (review / "scope.toml").read_text()
        assert subjects(review)[0].startswith("Scope: LOE-02 question")


async def test_sources_title_and_access(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, "sources/SRC-014.toml")
        await type_into(pilot, part, "title", " (revised)")
        await type_into(pilot, part, "notes", " Checked again in May.")
        await save(pilot)
        text = (review / "sources/SRC-014.toml").read_text()
        assert (
            'title = "Front door procedure for police domestic abuse notifications (2023) '
            '(revised)"' in text
        )
        assert "answered within two working days. Checked again in May." in text
        subject = subjects(review)[0]
        assert subject.startswith("Source SRC-014: title") and "notes" in subject


async def test_chronology_entry_and_its_precision(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "chronology")
        await select(pilot, part, "chronology/police.toml#entry=CH-0009")
        await type_into(pilot, part, "who", " and sergeant")
        select_widget = next(
            w for w in part.editor.query("FieldSelect") if w.field.key == "precision"
        )
        select_widget.focus()
        await pilot.press("enter", "down", "enter")
        await settle(pilot, 1)
        await save(pilot)
        text = (review / "chronology/police.toml").read_text()
        assert 'who = "Police call handler; attending officer and sergeant"' in text
        assert 'precision = "month"' in text
        subject = subjects(review)[0]
        assert subject.startswith("Chronology (police): CH-0009")
        assert "day -> month" in subject and "who" in subject


async def test_episode_field_and_appraisal(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "episodes")
        await select(pilot, part, "episodes/KPE-01.md")
        await type_into(pilot, part, "chronology", ", CH-0021")
        await type_into_body(
            pilot, part, body_line(part, "Local rationality"), " It was a busy week."
        )
        await save(pilot)
        text = (review / "episodes/KPE-01.md").read_text()
        assert '"CH-0020", "CH-0021"]' in text
        assert "It was a busy week." in text
        subject = subjects(review)[0]
        assert subject.startswith("Episode KPE-01: chronology added CH-0021;")
        assert "'Local rationality'" in subject


async def test_finding_why_it_matters_and_priority(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        await select(pilot, part, "findings/F-02.md")
        await type_into(pilot, part, "priority", "9", clear=True)
        await type_into_body(
            pilot, part, body_line(part, "Why it matters"), " The board asked for this."
        )
        await save(pilot)
        text = (review / "findings/F-02.md").read_text()
        assert "priority = 9\n" in text
        assert "The board asked for this." in text
        subject = subjects(review)[0]
        assert subject.startswith("Finding F-02: priority 2 -> 9; 'Why it matters'")


async def test_register_is_confidential_and_editable(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "register")
        assert "CONFIDENTIAL" in str(part.query_one(".part-title").render())
        await select(pilot, part, "register.toml#person=0")
        await type_into(pilot, part, "aliases", ", Alfie H")
        await save(pilot)
        text = (review / "register.toml").read_text()
        assert 'aliases = ["Alfie", "Alf", "baby Alfie", "Alfie H"]' in text
        assert text.startswith("# CONFIDENTIAL.")
        # the commit message never quotes the register: counts only
        assert subjects(review)[0].startswith("Register: 1 entry changed")
        assert "Alfie" not in subjects(review)[0]


async def test_challenge_status_and_response(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "challenges")
        await select(pilot, part, "challenges/CHL-002.md")
        status = next(w for w in part.editor.query("FieldSelect") if w.field.key == "status")
        status.focus()
        await pilot.press("enter", "down", "enter")  # open -> responded
        await settle(pilot, 1)
        await type_into_body(
            pilot, part, body_line(part, "Response"), "A second conversation with the GP is booked."
        )
        await save(pilot)
        text = (review / "challenges/CHL-002.md").read_text()
        assert 'status = "responded"' in text
        assert "## Response\nA second conversation with the GP is booked." in text
        subject = subjects(review)[0]
        assert subject.startswith("Challenge CHL-002: status open -> responded")


async def test_history_lists_commits_and_shows_a_diff(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.part_widget("overview")
        await type_into(pilot, overview, "model", " (adapted)")
        await save(pilot)
        part = await open_part(pilot, "history")
        view = part.query_one("HistoryView")
        assert [c.subject for c in view.commits] == [
            subjects(review)[0],
            "Start review: the example review",
        ]
        assert subjects(review)[0].startswith("Review: model")
        assert view.commits[0].author == "Test Reviewer"
        diff = str(view.query_one(".diff-text").render())
        assert '+model = "Learning Together (adapted)"' in diff
        await pilot.press("down")
        await settle(pilot)
        assert "Start review" in str(view.query_one(".diff-text").render())


async def test_a_record_shows_its_own_history(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "sources")
        await select(pilot, part, "sources/SRC-003.toml")
        await type_into(pilot, part, "location", " (copy)")
        await save(pilot)
        await select(pilot, part, "sources/SRC-003.toml")
        part.records.focus()
        await pilot.press("f7")
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        view = app.screen.query_one("HistoryView")
        assert view.path == "sources/SRC-003.toml"
        assert view.commits[0].subject.startswith("Source SRC-003: location")
        assert "sources/SRC-003.toml" in str(view.query_one(".diff-text").render())
        assert "SRC-004" not in str(view.query_one(".diff-text").render())
        await pilot.press("escape")
        await settle(pilot, 1)
        assert type(app.screen).__name__ != "HistoryScreen"
