"""Each part, as a user works in it: open, edit a field and the prose, save, see the commit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

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


@dataclass(frozen=True)
class Select:
    """Choose a record (or a table inside a file) in the part's list."""

    key: str

    async def run(self, pilot, part) -> None:
        await select(pilot, part, self.key)


@dataclass(frozen=True)
class Type:
    """Type at the end of a field, or in place of its value."""

    field: str
    text: str
    clear: bool = False

    async def run(self, pilot, part) -> None:
        await type_into(pilot, part, self.field, self.text, clear=self.clear)


@dataclass(frozen=True)
class Prose:
    """Type at the end of a line of the record's prose: a 0-based line, or the one under a
    `## heading`."""

    at: int | str
    text: str

    async def run(self, pilot, part) -> None:
        line = self.at if isinstance(self.at, int) else body_line(part, self.at)
        await type_into_body(pilot, part, line, self.text)


@dataclass(frozen=True)
class NextOption:
    """Open a drop-down field and take the option below the current one."""

    field: str

    async def run(self, pilot, part) -> None:
        widget = next(w for w in part.editor.query("FieldSelect") if w.field.key == self.field)
        widget.focus()
        await pilot.press("enter", "down", "enter")
        await settle(pilot, 1)


@dataclass(frozen=True)
class Edit:
    """Edits in one part, and what the saved file and the commit subject must then say."""

    part: str
    steps: tuple
    file: str
    saved: tuple[str, ...]
    subject_starts: str
    subject_has: tuple[str, ...] = ()
    file_starts: str = ""


EDITS = [
    pytest.param(
        Edit(
            "purpose",
            (
                Select("purpose.md"),
                Prose(2, " It was agreed by the board."),
                Select("purpose.md#complicating_factor=1"),
                Type("acknowledged", " The press officer agreed."),
            ),
            "purpose.md",
            saved=(
                "and the prevention of similar harm to other babies. It was agreed by the board.",
                "takes precedence over detail in the report. Practitioners were told this at "
                "their briefing. The press officer agreed.",
            ),
            subject_starts="Purpose: complicating factor",
            subject_has=("opening text",),
            file_starts="+++\n[[complicating_factor]]\n",
        ),
        id="purpose-prose-and-complicating-factor",
    ),
    pytest.param(
        Edit(
            "scope",
            (Select("scope.toml#line_of_enquiry=LOE-02"), Type("question", " And why?")),
            "scope.toml",
            saved=("And why?",),
            subject_starts="Scope: LOE-02 question",
        ),
        id="scope-line-of-enquiry",
    ),
    pytest.param(
        Edit(
            "sources",
            (
                Select("sources/SRC-014.toml"),
                Type("title", " (revised)"),
                Type("notes", " Checked again in May."),
            ),
            "sources/SRC-014.toml",
            saved=(
                'title = "Front door procedure for police domestic abuse notifications (2023) '
                '(revised)"',
                "answered within two working days. Checked again in May.",
            ),
            subject_starts="Source SRC-014: title",
            subject_has=("notes",),
        ),
        id="sources-title-and-notes",
    ),
    pytest.param(
        Edit(
            "chronology",
            (
                Select("chronology/police.toml#entry=CH-0009"),
                Type("who", " and sergeant"),
                NextOption("precision"),
            ),
            "chronology/police.toml",
            saved=(
                'who = "Police call handler; attending officer and sergeant"',
                'precision = "month"',
            ),
            subject_starts="Chronology (police): CH-0009",
            subject_has=("day -> month", "who"),
        ),
        id="chronology-entry-and-precision",
    ),
    pytest.param(
        Edit(
            "episodes",
            (
                Select("episodes/KPE-01.md"),
                Type("chronology", ", CH-0021"),
                Prose("Local rationality", " It was a busy week."),
            ),
            "episodes/KPE-01.md",
            saved=('"CH-0020", "CH-0021"]', "It was a busy week."),
            subject_starts="Episode KPE-01: chronology added CH-0021;",
            subject_has=("'Local rationality'",),
        ),
        id="episodes-field-and-appraisal",
    ),
    pytest.param(
        Edit(
            "findings",
            (
                Select("findings/F-02.md"),
                Type("priority", "9", clear=True),
                Prose("Why it matters", " The board asked for this."),
            ),
            "findings/F-02.md",
            saved=("priority = 9\n", "The board asked for this."),
            subject_starts="Finding F-02: priority 2 -> 9; 'Why it matters'",
        ),
        id="findings-priority-and-why-it-matters",
    ),
    pytest.param(
        Edit(
            "challenges",
            (
                Select("challenges/CHL-002.md"),
                NextOption("status"),  # open -> responded
                Prose("Response", "A second conversation with the GP is booked."),
            ),
            "challenges/CHL-002.md",
            saved=(
                'status = "responded"',
                "## Response\nA second conversation with the GP is booked.",
            ),
            subject_starts="Challenge CHL-002: status open -> responded",
        ),
        id="challenges-status-and-response",
    ),
]


@pytest.mark.parametrize("edit", EDITS)
async def test_an_edit_in_a_part_is_saved_and_its_commit_says_what_changed(review, edit):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, edit.part)
        for step in edit.steps:
            await step.run(pilot, part)
        await save(pilot)
        text = (review / edit.file).read_text()
        for saved in edit.saved:
            assert saved in text
        assert text.startswith(edit.file_starts)
        subject = subjects(review)[0]
        assert subject.startswith(edit.subject_starts), subject
        for words in edit.subject_has:
            assert words in subject, subject


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
