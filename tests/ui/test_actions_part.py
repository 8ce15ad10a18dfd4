"""The Actions part: the improvement plan's records, their form and the plan's checklist."""

from __future__ import annotations

import tomllib

import pytest

from conftest import field_widget, open_part, run_git, save, select, settle, subjects, type_into
from scrtui.editing.choices import options
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
ACT_001 = "actions/ACT-001.toml"  # in progress, due 2025-09-30, with comments
OVERDUE_DAY = "2025-10-01"


@pytest.fixture(autouse=True)
def before_any_due_date(monkeypatch):
    """The plan is read on a fixed day (SCR_TODAY, as scr actions reads it): nothing is due yet."""
    monkeypatch.setenv("SCR_TODAY", "2025-07-01")


def row_labels(part) -> list[str]:
    listing = part.records
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def checklist_lines(part) -> list[str]:
    listing = part.checklist.query_one("PlanChecklistList")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def choose(pilot, widget, key: str, value: str) -> None:
    """Pick a value in a choice field with the keys a user presses: Enter opens it, the arrows
    move, Enter chooses."""
    select_widget = field_widget(widget, key)
    select_widget.focus()
    await pilot.pause()
    values = [v for _, v in options(pilot.app.session, select_widget.field, select_widget.value)]
    now = values.index(select_widget.value)
    await pilot.press("enter")
    await pilot.pause()
    step = "down" if values.index(value) > now else "up"
    await pilot.press(*[step] * abs(values.index(value) - now), "enter")
    await settle(pilot, 1)
    assert select_widget.value == value


async def test_actions_are_listed_under_their_findings_and_an_overdue_one_is_marked(
    review, monkeypatch
):
    monkeypatch.setenv("SCR_TODAY", OVERDUE_DAY)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "actions")
        labels = [label.strip() for label in row_labels(part)]
        assert labels[:5] == [
            "F-01 Whether a bruise on a baby is referred depends on memory and on who saw it first",
            "ACT-001 OVERDUE",
            "ACT-002 done",
            "- impact 2025-07-15",
            "- impact 2025-09-12",
        ]
        assert "ACT-005 dropped" in labels and "ACT-003 in progress" in labels
        overdue = part.records.get_option_at_index(1).prompt
        assert "red" in str(overdue.style)  # in colour too, not only in words
        calm = part.records.get_option_at_index(2).prompt
        assert "red" not in str(calm.style)
        checklist = checklist_lines(part)
        assert "[ ] ACT-001 was due on 2025-09-30 and is still in progress: OVERDUE" in checklist
        title = str(part.checklist.query_one(".checklist-title").render())
        assert title.startswith("Checklist: responses 4/4 | on time 2/3 | reasons 1/1")

    monkeypatch.setenv("SCR_TODAY", "2025-07-01")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "actions")
        assert "ACT-001 in progress" in [label.strip() for label in row_labels(part)]
        assert "[x] ACT-001 is in progress, due on 2025-09-30" in checklist_lines(part)


async def test_editing_due_date_and_status_commits_once_and_keeps_the_files_comments(review):
    before = (review / ACT_001).read_text(encoding="utf-8")
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "actions")
        await select(pilot, part, ACT_001)
        await type_into(pilot, part, "due", "2025-12-31", clear=True)
        await choose(pilot, part, "status", "done")
        assert app.session.is_dirty(ACT_001)
        commits = len(subjects(review))
        await save(pilot)
        assert len(subjects(review)) == commits + 1
        assert subjects(review)[0].startswith("Action ACT-001:")
        assert "status" in subjects(review)[0]
        assert run_git("status", "--porcelain", cwd=review) == ""
    after = (review / ACT_001).read_text(encoding="utf-8")
    expected = before.replace("due = 2025-09-30", "due = 2025-12-31").replace(
        'status = "in progress"            #', 'status = "done"            #'
    )
    assert after == expected  # only the two values changed; comments and layout kept
    data = tomllib.loads(after)
    assert (data["due"].isoformat(), data["status"]) == ("2025-12-31", "done")


async def test_adding_an_action_asks_its_finding_and_saves_one_new_file(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "actions")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot, 1)
        assert type(app.screen).__name__ == "ChoiceScreen"  # an action, or evidence of impact
        await pilot.press("enter")
        await settle(pilot, 1)
        dialog = app.screen
        assert dialog.title_text == "Which finding does the action answer?"
        assert [value for _, value in dialog.options][:1] == ["F-01"]
        await pilot.press("down", "down", "enter")  # F-03
        await settle(pilot)
        assert part.selected.rel == "actions/ACT-006.toml"
        assert field_widget(part, "finding").value == "F-03"
        await type_into(pilot, part, "action", "Audit twenty records of new partners.")
        await choose(pilot, part, "agency", "maternity")
        await type_into(pilot, part, "role", "Head of midwifery")
        await type_into(pilot, part, "due", "2026-06-30")
        # The plan follows the form before it is saved
        assert "[x] ACT-006 is planned, due on 2026-06-30" in checklist_lines(part)
        commits = len(subjects(review))
        await save(pilot)
        assert len(subjects(review)) == commits + 1
        assert subjects(review)[0].startswith("Action ACT-006: added")
        text = (review / "actions/ACT-006.toml").read_text(encoding="utf-8")
        assert text.startswith("# An improvement action:")
        assert 'status = "planned" # planned, in progress, done, dropped' in text
        data = tomllib.loads(text)
        assert data["finding"] == "F-03" and data["agency"] == "maternity"
        assert data["due"].isoformat() == "2026-06-30"
        assert "ACT-006 planned" in [label.strip() for label in row_labels(part)]
        assert not [p for p in app.problems if p.path.startswith("actions/")]


async def test_evidence_of_impact_is_added_to_the_selected_action_and_an_action_removed(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "actions")
        await select(pilot, part, "actions/ACT-004.toml")
        part.records.focus()
        await pilot.press("a")
        await settle(pilot, 1)
        await pilot.press("down", "enter")  # Evidence of impact
        await settle(pilot)
        assert part.selected.key == "actions/ACT-004.toml#evidence=0"
        await type_into(pilot, part, "date", "2026-01-15")
        await type_into(pilot, part, "note", "Partners are recorded at every booking.")
        await save(pilot)
        data = tomllib.loads((review / "actions/ACT-004.toml").read_text(encoding="utf-8"))
        [evidence] = data["evidence"]
        assert evidence["note"] == "Partners are recorded at every booking."
        assert evidence["date"].isoformat() == "2026-01-15"
        assert subjects(review)[0].startswith("Action ACT-004:")

        await select(pilot, part, "actions/ACT-005.toml")
        part.records.focus()
        await pilot.press("x")
        await settle(pilot, 1)
        await pilot.press("y")
        await settle(pilot)
        assert not (review / "actions/ACT-005.toml").exists()
        assert subjects(review)[0] == "Action ACT-005 removed"
        assert "[-] F-04 has no response from the partners (needed once published)" in (
            checklist_lines(part)
        )


async def test_the_checklist_follows_the_plan_and_enter_opens_the_field(review):
    path = review / "review.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('stage = "running"', 'stage = "published"'),
        encoding="utf-8",
    )
    act = review / "actions/ACT-003.toml"
    text = act.read_text(encoding="utf-8")
    start = text.index('response = """')
    act.write_text(text[:start] + text[text.index('"""\n', start + 14) + 4 :], encoding="utf-8")
    run_git("commit", "-qam", "Published; F-02's response not yet agreed", cwd=review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "actions")
        lines = checklist_lines(part)
        assert "Every finding has the partners' response: 3/4" in lines
        assert "[ ] F-02 has no response from the partners" in lines  # a problem now
        assert any(p.message.startswith("the review is published but F-02") for p in app.problems)

        # Unsaved edits show at once: a done action with no evidence, a dropped one unexplained
        await select(pilot, part, "actions/ACT-004.toml")
        await choose(pilot, part, "status", "done")
        await select(pilot, part, "actions/ACT-005.toml")
        await type_into(pilot, part, "reason", "", clear=True)
        lines = checklist_lines(part)
        assert "[ ] ACT-004 is done, with no evidence of impact yet" in lines
        assert "[ ] ACT-005 was dropped without a reason" in lines

        # F4 then Enter on the unanswered finding: the response field of its action
        await pilot.press("f4")
        await settle(pilot, 1)
        listing = part.checklist.query_one("PlanChecklistList")
        assert app.focused is listing
        listing.highlighted = lines.index("[ ] F-02 has no response from the partners")
        await pilot.press("enter")
        await settle(pilot, 1)
        assert part.selected.rel == "actions/ACT-003.toml"
        assert app.focused.field.key == "response"
        await type_into(pilot, part, "response", "Accepted.")
        assert "[x] F-02: the partners' response is in ACT-003" in checklist_lines(part)


async def test_a_bad_due_date_shows_the_checks_problem_and_enter_opens_the_field(review):
    act = review / "actions/ACT-003.toml"
    text = act.read_text(encoding="utf-8")
    line = text.splitlines().index("due = 2025-12-31") + 1
    act.write_text(text.replace("due = 2025-12-31", 'due = "end of December"'), encoding="utf-8")
    run_git("commit", "-qam", "ACT-003: due date in words", cwd=review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [problem] = [p for p in app.problems if p.path == "actions/ACT-003.toml"]
        assert problem.line == line and "due" in problem.message
        part = await open_part(pilot, "actions")
        lines = checklist_lines(part)
        assert str(problem) in lines
        assert "1 problem" in str(part.checklist.query_one(".checklist-title").render())
        await pilot.press("f4")
        await settle(pilot, 1)
        listing = part.checklist.query_one("PlanChecklistList")
        listing.highlighted = lines.index(str(problem))
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_part == "actions" and part.selected.rel == "actions/ACT-003.toml"
        assert app.focused.field.key == "due"
        assert app.focused.value == "end of December"
        await type_into(pilot, part, "due", "2025-12-31", clear=True)
        await save(pilot)
        assert [p for p in app.problems if p.path.startswith("actions/")] == []
        assert "No problems in actions/ (scr check)" in checklist_lines(part)
