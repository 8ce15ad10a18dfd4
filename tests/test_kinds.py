"""Review kinds as data, working days with each nation's bank holidays, and `scr status`."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from conftest import REPO, run_scr
from scrtui import workdays
from scrtui.store.kinds import shipped_kinds


# -- working days ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("nation", "start", "count", "expected"),
    [
        # Easter 2025: Good Friday 18 April everywhere, Easter Monday 21 April except Scotland
        ("england", date(2025, 4, 17), 1, date(2025, 4, 22)),
        ("wales", date(2025, 4, 17), 1, date(2025, 4, 22)),
        ("northern-ireland", date(2025, 4, 17), 1, date(2025, 4, 22)),
        ("scotland", date(2025, 4, 17), 1, date(2025, 4, 21)),
        # Christmas 2025 falls on a Thursday: Christmas Day and Boxing Day, then the weekend
        ("england", date(2025, 12, 24), 1, date(2025, 12, 29)),
        # New Year: Scotland also keeps 2 January
        ("england", date(2025, 12, 31), 1, date(2026, 1, 2)),
        ("scotland", date(2025, 12, 31), 1, date(2026, 1, 5)),
        # St Patrick's Day is a bank holiday in Northern Ireland only
        ("northern-ireland", date(2025, 3, 14), 1, date(2025, 3, 18)),
        ("england", date(2025, 3, 14), 1, date(2025, 3, 17)),
        # the rapid review clock: 15 working days over the Easter weekend
        ("england", date(2025, 4, 10), 15, date(2025, 5, 6)),
    ],
)
def test_working_days_skip_each_nations_bank_holidays(nation, start, count, expected):
    assert workdays.add_working_days(start, count, nation) == expected
    assert workdays.working_days_between(start, expected, nation) == count


def test_a_month_later_is_the_last_day_when_the_month_is_shorter():
    assert workdays.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert workdays.add_months(date(2025, 3, 20), 6) == date(2025, 9, 20)


# -- the shipped kinds ----------------------------------------------------------------------
def test_every_required_kind_ships_and_says_who_commissions_it():
    kinds = {kind.id: kind for kind in shipped_kinds()}
    for required in (
        "rapid-review",
        "lcspr",
        "scr",
        "susr",
        "cpr-concise",
        "cpr-extended",
        "learning-review",
        "sar",
    ):
        assert required in kinds
    assert kinds["lcspr"].commissioner == "safeguarding partners"
    assert kinds["sar"].subject == "the adult"
    assert kinds["learning-review"].nation == "scotland"
    assert kinds["scr"].legacy and kinds["scr"].commissioner == "LSCB"
    lcspr = kinds["lcspr"]
    assert lcspr.milestone("notification").working_days == 5
    assert lcspr.milestone("rapid_review").working_days == 15
    assert lcspr.milestone("published").months == 6
    scottish = kinds["learning-review"].milestone("care_inspectorate_notified")
    assert scottish.days == 7 and scottish.after == ("ratified",)
    # where the guidance sets no timescale the milestone has none
    assert kinds["sar"].milestone("report").timescale == ""


# -- scr status -----------------------------------------------------------------------------
# The example is an LCSPR: incident and awareness 11 February 2025, notification 14 February,
# decision 3 March, rapid review sent 6 March, review started 20 March, report due 29 August;
# SRC-019 (the conversation with the mother) requested 10 April and not received.
EXAMPLE_TODAY = "2025-07-28"


def _dates(review, **dates):
    """Change the example's recorded dates (None removes one), keeping the rest of the file."""
    import tomlkit  # noqa: PLC0415

    path = review / "review.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for key, value in dates.items():
        if value is None:
            doc["dates"].pop(key, None)
        else:
            doc["dates"][key] = date.fromisoformat(value)
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")


def _kind(review, kind):
    text = (review / "review.toml").read_text(encoding="utf-8")
    assert 'kind = "lcspr"' in text
    (review / "review.toml").write_text(
        text.replace('kind = "lcspr"', f'kind = "{kind}"'), encoding="utf-8"
    )


def test_the_example_is_an_lcspr_with_one_overdue_source_and_a_due_date_ahead():
    result = run_scr("status", "example", cwd=REPO, env={"SCR_TODAY": EXAMPLE_TODAY})
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""  # a kind is named: no notice about the legacy SCR
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Local Child Safeguarding Practice Review · stage: running · {EXAMPLE_TODAY}"
    )
    assert "Sources waiting: 1 (1 overdue)" in lines
    assert re.search(r"^ !SRC-019 .* requested 109 days ago$", result.stdout, re.M)
    assert re.search(
        r"^  Final report to the safeguarding pa… +due 2025-08-29 \(23 w\.d\. left\)$",
        result.stdout,
        re.M,
    ), result.stdout
    # the rapid review's clock was kept: every step before the review started is done
    assert result.stdout.count("  done 2025-0") == 5 and "done late" not in result.stdout
    assert not [line for line in lines if line.startswith(" !") and "SRC-019" not in line]
    assert "scr check: 0 problems" in lines
    assert all(len(line) <= 80 for line in lines)


def test_status_counts_the_lcspr_clock_in_working_days_and_exits_1_when_overdue(example_copy):
    # aware 14 Feb 2025; notification sent 19 Feb (in time); rapid review not yet recorded;
    # the report due 28 November, later than the publication the guidance expects
    _dates(
        example_copy,
        aware="2025-02-14",
        notification="2025-02-19",
        rapid_review=None,
        report_due="2025-11-28",
    )
    result = run_scr("status", str(example_copy), "--json", env={"SCR_TODAY": "2025-03-20"})
    assert result.returncode == 1, result.stderr
    status = json.loads(result.stdout)
    by_id = {m["id"]: m for m in status["milestones"]}
    assert by_id["notification"]["state"] == "done"  # 3 working days after aware
    assert by_id["notification"]["due"] == "2025-02-21"
    # 15 working days after 19 February is 12 March: overdue on 20 March by 6 working days
    assert by_id["rapid_review"]["due"] == "2025-03-12"
    assert by_id["rapid_review"]["state"] == "overdue"
    assert by_id["rapid_review"]["working_days_left"] == -6
    # the decision is recorded (3 March), within the rapid review's 15 days
    assert by_id["decision"]["state"] == "done"
    # published: six months after the review started (commissioned 20 March 2025)
    assert by_id["published"]["due"] == "2025-09-20"
    assert by_id["available_until"]["state"] == "until"
    # a report due 28 November is later than the 6-month expectation, and status says so
    assert any("after report published is expected (2025-09-20" in w for w in status["warnings"])
    assert status["next_steps"][0].startswith("Rapid review sent to the Panel: overdue")
    assert status["kind"]["name"] == "Local Child Safeguarding Practice Review"


def test_the_examples_own_due_date_keeps_the_six_month_expectation(example_copy):
    result = run_scr("status", str(example_copy), "--json", env={"SCR_TODAY": EXAMPLE_TODAY})
    status = json.loads(result.stdout)
    assert status["warnings"] == []
    by_id = {m["id"]: m for m in status["milestones"]}
    assert by_id["report"]["due"] == "2025-08-29" < by_id["published"]["due"] == "2025-09-20"


def test_status_text_fits_80_columns_and_names_the_overdue_source(example_copy):
    result = run_scr("status", str(example_copy), env={"SCR_TODAY": "2025-06-30"})
    assert result.returncode == 1, result.stderr  # SRC-019, requested 10 April, not received
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Local Child Safeguarding Practice Review · stage: running")
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert re.search(r"!SRC-019 .* requested 81 days ago", result.stdout)
    assert "Open challenges: 1" in result.stdout and "CHL-002 on KPE-02" in result.stdout
    assert "Rapid review sent to the Panel" in result.stdout
    assert "done 2025-03-06" in result.stdout


def test_status_is_0_when_nothing_is_overdue(example_copy):
    result = run_scr("status", str(example_copy), env={"SCR_TODAY": "2025-04-20"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "due 2025-09-20" in result.stdout  # the publication expected six months in


def test_a_new_kind_file_needs_no_code(example_copy):
    (example_copy / "kinds" / "thematic.toml").write_text(
        'id = "thematic"\nname = "Thematic Practice Review"\nshort_name = "TPR"\n'
        'nation = "northern-ireland"\ncommissioner = "the partnership board"\n'
        'subject = "the young people"\n\n[[milestone]]\nid = "scoped"\n'
        'name = "Scope agreed"\nafter = "commissioned"\nworking_days = 10\n',
        encoding="utf-8",
    )
    _kind(example_copy, "thematic")
    assert run_scr("check", str(example_copy)).returncode == 0
    result = run_scr("status", str(example_copy), env={"SCR_TODAY": "2025-03-21"})
    assert result.stdout.startswith("Thematic Practice Review")
    # 10 working days after 20 March 2025 (no NI bank holiday in between)
    assert "Scope agreed" in result.stdout and "due 2025-04-03" in result.stdout


def test_an_unknown_kind_is_a_problem_that_lists_the_known_ones(example_copy):
    _kind(example_copy, "lscpr")
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert re.search(
        r"^review\.toml:5:1: kind 'lscpr' is not a known review kind; known: "
        r"cpr-concise, .*lcspr",
        result.stderr,
        re.M,
    ), result.stderr


def test_a_kind_file_with_a_syntax_error_is_reported_at_its_line(example_copy):
    (example_copy / "kinds" / "broken.toml").write_text(
        'id = "broken"\nname = "Broken\n', encoding="utf-8"
    )
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert re.search(r"^kinds/broken\.toml:2:\d+: TOML syntax error", result.stderr, re.M)


def test_a_milestone_before_the_incident_or_before_what_it_follows_is_a_problem(example_copy):
    _dates(example_copy, aware="2025-02-01", notification="2025-03-05")
    # aware is before the incident (11 February); the decision (3 March) precedes the
    # notification it follows (5 March)
    lines = (example_copy / "review.toml").read_text(encoding="utf-8").split("\n")
    aware = next(n for n, line in enumerate(lines, 1) if line.startswith("aware ="))
    decision = next(n for n, line in enumerate(lines, 1) if line.startswith("decision ="))
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert re.search(
        rf"^review\.toml:{aware}:1: 'aware' \(2025-02-01\) is before the incident",
        result.stderr,
        re.M,
    ), result.stderr
    assert re.search(
        rf"^review\.toml:{decision}:1: 'decision' \(2025-03-03\) is before "
        r"'notification' \(2025-03-05\)",
        result.stderr,
        re.M,
    ), result.stderr


def test_a_workspace_made_before_kinds_still_checks_and_builds(tmp_path):
    review = tmp_path / "old"
    assert run_scr("init", str(review)).returncode == 0
    # today's `scr init` before kinds: `type = "SCR"`, no `kind`, no kinds/ folder
    text = (review / "review.toml").read_text(encoding="utf-8")
    text = re.sub(r"^kind = .*$", 'type = "SCR"', text, flags=re.M)
    (review / "review.toml").write_text(text, encoding="utf-8")
    for path in (review / "kinds").iterdir():
        path.unlink()
    (review / "kinds").rmdir()
    assert run_scr("check", str(review)).returncode == 0
    result = run_scr("status", str(review))
    assert result.stdout.startswith("Serious Case Review")
    assert result.stdout.count("treated as a Serious Case Review (legacy)") == 1
    assert run_scr("build", str(review)).returncode in (0, 1)  # builds; the gate decides


def test_init_names_the_kind_and_refuses_an_unknown_one(tmp_path):
    review = tmp_path / "sar"
    result = run_scr("init", str(review), "--kind", "sar")
    assert result.returncode == 0, result.stderr
    assert 'kind = "sar"' in (review / "review.toml").read_text(encoding="utf-8")
    assert (review / "kinds" / "sar.toml").is_file()
    assert run_scr("status", str(review)).stdout.startswith("Safeguarding Adults Review")
    refused = run_scr("init", str(tmp_path / "x"), "--kind", "serious")
    assert refused.returncode == 2
    assert "unknown review kind 'serious'; known: cpr-concise" in refused.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("kind", "says", "subject"),
    [
        ("lcspr", "Local Child Safeguarding Practice Review (LCSPR)", "The child"),
        ("sar", "Safeguarding Adults Review (SAR)", "The adult"),
    ],
)
def test_the_built_draft_speaks_the_kind_of_review(tmp_path, kind, says, subject):
    review = tmp_path / kind
    assert run_scr("init", str(review), "--kind", kind).returncode == 0
    result = run_scr("build", str(review), "--format", "md,html")
    assert result.returncode in (0, 1), result.stderr
    for name in ("report.md", "report.html"):
        text = (review / "build" / "publication" / name).read_text(encoding="utf-8")
        assert says in text
        assert f"{subject}:" in text
        assert "LSCB" not in text and "Safeguarding Children Board" not in text
    md = (review / "build" / "publication" / "report.md").read_text(encoding="utf-8")
    if kind == "lcspr":
        assert "**Commissioned by:** the local safeguarding partners" in md
