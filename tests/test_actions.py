"""The improvement plan: actions/ACT-*.toml, `scr actions`, its checks and the draft's plan."""

from __future__ import annotations

import json
import re

from conftest import run_scr
from scrtui.store.loader import load

OVERDUE_DAY = "2025-10-01"  # docs/learning.md: ACT-001 (due 2025-09-30) is overdue that day


def test_the_example_has_a_response_to_every_finding_and_one_overdue_action(example_copy):
    result = run_scr("actions", str(example_copy), "--json", env={"SCR_TODAY": OVERDUE_DAY})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [f["id"] for f in data["findings"]] == ["F-01", "F-02", "F-03", "F-04"]
    assert all(f["responses"] for f in data["findings"])
    assert 3 <= len(data["actions"]) <= 5
    assert [a["id"] for a in data["actions"] if a["overdue"]] == ["ACT-001"]
    assert data["counts"] == {"planned": 1, "in progress": 2, "done": 1, "dropped": 1}
    assert data["problems"] == []


def test_an_overdue_action_makes_actions_overdue_exit_1(example_copy):
    late = run_scr("actions", str(example_copy), "--overdue", env={"SCR_TODAY": OVERDUE_DAY})
    assert late.returncode == 1, late.stderr
    assert "ACT-001" in late.stdout and "OVERDUE" in late.stdout
    assert "ACT-003" not in late.stdout  # only the overdue ones are listed
    early = run_scr("actions", str(example_copy), "--overdue", "--today", "2025-09-01")
    assert early.returncode == 0, early.stderr
    assert "0 overdue on 2025-09-01" in early.stdout
    plain = run_scr("actions", str(example_copy), env={"SCR_TODAY": OVERDUE_DAY})
    assert plain.returncode == 0  # without --overdue, the list is information
    assert "Response: The safeguarding partners accept this finding." in plain.stdout


def test_a_done_or_dropped_action_is_never_overdue(example_copy):
    result = run_scr("actions", str(example_copy), "--json", "--overdue", "--today", "2030-01-01")
    assert result.returncode == 1
    ids = [a["id"] for a in json.loads(result.stdout)["actions"]]
    assert ids == ["ACT-001", "ACT-003", "ACT-004"]  # ACT-002 done, ACT-005 dropped


BAD_ACTION = """\
id = "ACT-009"
finding = "F-99"
action = "Something."
agency = "health-visiting"
role = "Team leader"
due = "end of March"
status = "underway"
"""


def test_bad_actions_are_check_problems_at_their_line_and_column(example_copy):
    (example_copy / "actions" / "ACT-009.toml").write_text(BAD_ACTION, encoding="utf-8")
    (example_copy / "actions" / "ACT-010.toml").write_text(
        'id = "ACT-010"\nfinding = "KPE-01"\naction = "x"\nagency = "nowhere"\nrole = "r"\n'
        'status = "dropped"\n',
        encoding="utf-8",
    )
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "actions/ACT-009.toml:2:1: finding 'F-99' does not exist" in lines
    assert any(
        line.startswith("actions/ACT-009.toml:6:1: 'due' should be a date") for line in lines
    ), lines
    assert (
        "actions/ACT-009.toml:7:1: 'status' is 'underway'; expected one of: planned, "
        "in progress, done, dropped"
    ) in lines
    assert "actions/ACT-010.toml:2:1: finding 'KPE-01' is not a finding" in lines
    assert "actions/ACT-010.toml:4:1: agency 'nowhere' is not an agency in scope.toml" in lines
    assert (
        "actions/ACT-010.toml:6:1: a dropped action needs its reason: say why in 'reason'" in lines
    )


def test_an_action_file_with_another_name_is_a_problem(example_copy):
    (example_copy / "actions" / "plan.toml").write_text('id = "x"\n', encoding="utf-8")
    result = run_scr("check", str(example_copy))
    assert "actions/plan.toml: unexpected file name; expected ACT-001.toml" in result.stderr


def test_once_published_unanswered_findings_and_late_actions_are_problems(example_copy):
    review = example_copy / "review.toml"
    review.write_text(review.read_text().replace('stage = "running"', 'stage = "published"'))
    (example_copy / "actions" / "ACT-004.toml").unlink()  # F-03's only response
    result = run_scr("check", str(example_copy), env={"SCR_TODAY": OVERDUE_DAY})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(
        re.fullmatch(
            r"findings/F-03\.md:2:1: the review is published but F-03 has no "
            r"response from the partners: .*",
            line,
        )
        for line in lines
    ), lines
    assert (
        "actions/ACT-001.toml:12:1: ACT-001 was due on 2025-09-30 and is still in "
        "progress (2025-10-01): update its status, or agree a new due date"
    ) in lines
    assert len(lines) == 2, lines
    early = run_scr("check", str(example_copy), env={"SCR_TODAY": "2025-09-01"})
    assert "ACT-001" not in early.stderr  # not yet due


def test_before_publication_the_plan_is_a_draft_and_check_is_clean(example_copy):
    result = run_scr("check", str(example_copy), env={"SCR_TODAY": "2030-01-01"})
    assert result.returncode == 0, result.stderr


def test_the_model_holds_each_actions_fields(example_copy):
    model = load(example_copy).model
    act = {a.id: a for a in model.actions}
    assert act["ACT-005"].status == "dropped" and "supplier" in act["ACT-005"].reason
    assert [e.date.isoformat() for e in act["ACT-002"].evidence] == ["2025-07-15", "2025-09-12"]
    assert act["ACT-001"].agency == "health-visiting"
    assert model.review.include_action_plan is False


def test_the_draft_carries_the_plan_only_when_asked(example_repo):
    built = run_scr("build", str(example_repo), "--format", "md")
    assert built.returncode == 0, built.stderr
    assert "action plan" not in (example_repo / "build/publication/report.md").read_text()


def test_the_action_plan_in_the_draft_goes_through_the_anonymiser(example_repo):
    review = example_repo / "review.toml"
    review.write_text(
        review.read_text().replace("include_action_plan = false", "include_action_plan = true")
    )
    act = example_repo / "actions" / "ACT-003.toml"
    act.write_text(
        act.read_text().replace(
            "They will change", "Kerry Hartley was told of it. They will change"
        )
    )
    built = run_scr("build", str(example_repo), "--format", "md,html,docx")
    assert built.returncode == 0, built.stdout + built.stderr
    text = (example_repo / "build/publication/report.md").read_text()
    plan = text.split("## The safeguarding partners' response and action plan", 1)[1]
    plan = plan.split("## Appendix", 1)[0]
    assert "Mother was told of it. They will change the screening form" in plan
    assert (
        "| Children's social care: Head of service for the front door | December 2025 | "
        "in progress |" in plan
    )
    assert "dropped: The system supplier cannot give access" in plan
    assert "- July 2025: The revised protocol was published" in plan
    for name in ("report.md", "report.html"):
        published = (example_repo / "build/publication" / name).read_text()
        assert "Kerry" not in published and "Hartley" not in published


def test_an_owner_is_a_role_not_a_family_members_name(example_copy):
    act = example_copy / "actions" / "ACT-004.toml"
    act.write_text(
        act.read_text().replace(
            'role = "Head of midwifery', 'role = "Kerry Hartley with the head of midwifery'
        )
    )
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert (
        "actions/ACT-004.toml:9:1: the role names P-03, who is not registered as a "
        "professional: give the owner's role, not a name"
    ) in result.stderr.splitlines()


def _checklist(review, today: str = "2025-10-01"):
    from datetime import date  # noqa: PLC0415

    from scrtui.actions import checklist, plan, published  # noqa: PLC0415

    return checklist(plan(review, date.fromisoformat(today)), published(review))


def test_the_plans_checklist_on_the_example(example_copy):
    from scrtui.actions import MET, NOT_YET, TO_DO  # noqa: PLC0415

    items = _checklist(load(example_copy).model)
    assert [(i.check, i.state, i.action) for i in items] == [
        ("response", MET, "ACT-001"),
        ("response", MET, "ACT-003"),
        ("response", MET, "ACT-004"),
        ("response", MET, "ACT-005"),
        ("due", TO_DO, "ACT-001"),  # overdue on 1 October 2025, as scr actions --overdue says
        ("due", MET, "ACT-003"),
        ("due", MET, "ACT-004"),
        ("dropped", MET, "ACT-005"),
        ("impact", MET, "ACT-002"),
    ]
    overdue = items[4]
    assert overdue.text == "ACT-001 was due on 2025-09-30 and is still in progress: OVERDUE"
    assert (overdue.path, overdue.key) == ("actions/ACT-001.toml", "due")
    # Nothing answers F-02 once ACT-003 is gone: not yet a problem, then one once published
    (example_copy / "actions" / "ACT-003.toml").unlink()
    review = load(example_copy).model
    [unanswered] = [i for i in _checklist(review) if i.finding == "F-02"]
    assert (unanswered.state, unanswered.path) == (NOT_YET, "")
    review.review.stage = "published"
    [unanswered] = [i for i in _checklist(review) if i.finding == "F-02"]
    assert unanswered.state == TO_DO
    assert unanswered.text == "F-02 has no response from the partners"


def test_the_checklist_asks_for_reasons_and_evidence_of_impact(example_copy):
    from scrtui.actions import TO_DO  # noqa: PLC0415

    folder = example_copy / "actions"
    dropped = folder / "ACT-005.toml"
    text = dropped.read_text(encoding="utf-8")
    dropped.write_text(text[: text.index("reason = ")], encoding="utf-8")
    done = folder / "ACT-004.toml"
    done.write_text(
        done.read_text(encoding="utf-8").replace('status = "planned"', 'status = "done"'),
        encoding="utf-8",
    )
    items = {(i.check, i.action): i for i in _checklist(load(example_copy).model)}
    assert items["dropped", "ACT-005"].state == TO_DO
    assert items["dropped", "ACT-005"].text == "ACT-005 was dropped without a reason"
    assert items["impact", "ACT-004"].state == TO_DO
    assert items["impact", "ACT-004"].text == "ACT-004 is done, with no evidence of impact yet"
    assert ("due", "ACT-004") not in items  # a done action is never due
