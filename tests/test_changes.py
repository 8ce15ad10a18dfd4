"""Summaries of changes in words a supervisor reads, and commit messages that name no one."""

from __future__ import annotations

import pytest

from scrtui.changes import (
    MESSAGE_LIMIT,
    commit_message,
    describe,
    fit_message,
    record_label,
    sentence_counts,
    sentence_diff,
    sentences,
    summarise_file_change,
)

FINDING = """+++
id = "F-02"
title = "Notifications about babies are closed at the front door"
priority = 3
evidence = ["KPE-04", "CH-0003", "SRC-010"]
+++
# Notifications about babies are closed at the front door

## Finding
Notifications are closed without asking health visiting.

## Why it matters
Babies are the most vulnerable.
The health visitor is often the only professional who sees them.

## Counter-evidence considered
Most notifications are closed appropriately.
"""

CHRONOLOGY = """agency = "police"

[[entry]]
id = "CH-0003"
date = 2024-04-03
precision = "day"
what = "Notification made. Officer attended."
who = "Police officer"
source = "SRC-004"
significance = ""

[[entry]]
id = "CH-0010"
date = 2024-08-20
precision = "day"
what = "Second call."
source = "SRC-004"
"""

MARKER = """# A checklist
id = "analysis"
title = "Analysis"

[[question]]
id = "Q1"
text = "Is the approach understood?"
status = "met"
note = ""
evidence = []

[[question]]
id = "Q3"
text = "Has the analysis established what happened?"
status = "not started"
note = ""
evidence = []
"""

REGISTER = """[[person]]
id = "P-01"
name = "Alfie Hartley"
aliases = ["Alfie"]
label = "Child A"
role = "child"

[[person]]
id = "P-02"
name = "Tayla Hartley"
aliases = ["Tayla"]
label = "Sibling"
role = "child"

[[allow]]
text = "Monday"
reason = "a day"
"""


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(
    ("rel", "label"),
    [
        ("findings/F-02.md", "Finding F-02"),
        ("sources/SRC-003.toml", "Source SRC-003"),
        ("episodes/KPE-01.md", "Episode KPE-01"),
        ("challenges/CHL-001.md", "Challenge CHL-001"),
        ("chronology/health-visiting.toml", "Chronology (health-visiting)"),
        ("review.toml", "Review"),
        ("purpose.md", "Purpose"),
        ("scope.toml", "Scope"),
        ("register.toml", "Register"),
        ("report/01-introduction.md", "Report section 01-introduction"),
        ("notes.txt", "notes.txt"),
    ],
)
def test_record_labels(rel, label):
    assert record_label(rel, "") == label


def test_a_marker_is_labelled_by_its_title():
    assert record_label("markers/analysis.toml", MARKER) == "Marker Analysis"
    assert record_label("markers/local-one.toml", "not toml [") == "Marker local-one"


def test_finding_fields_lists_and_prose_sections():
    new = edit(
        FINDING,
        ("priority = 3", "priority = 1"),
        ('"CH-0003", "SRC-010"]', '"SRC-010", "SRC-014"]'),
        (
            "Babies are the most vulnerable.\nThe health visitor is often the only professional "
            "who sees them.\n",
            "Babies are the most vulnerable to serious harm.\nA second point.\nA third point.\n"
            "A fourth point.\n",
        ),
    )
    assert summarise_file_change("findings/F-02.md", FINDING, new) == [
        "priority 3 -> 1",
        "evidence added SRC-014, removed CH-0003",
        "'Why it matters' rewritten (+4 -2 sentences)",
    ]
    message = commit_message("findings/F-02.md", FINDING, new)
    assert message == (
        "Finding F-02: priority 3 -> 1; evidence added SRC-014, removed CH-0003; "
        "'Why it matters' rewritten"
    )
    assert "\n" not in message and len(message) <= MESSAGE_LIMIT


def test_prose_verbs_say_how_a_section_changed():
    finding = edit(FINDING, ("Most notifications are closed appropriately.\n", ""))
    grown = edit(
        FINDING,
        (
            "Most notifications are closed appropriately.\n",
            "Most notifications are closed appropriately.\nOne more.\n",
        ),
    )
    assert summarise_file_change("findings/F-02.md", FINDING, finding) == [
        "'Counter-evidence considered' emptied (-1 sentence)"
    ]
    assert summarise_file_change("findings/F-02.md", finding, FINDING) == [
        "'Counter-evidence considered' written (+1 sentence)"
    ]
    assert summarise_file_change("findings/F-02.md", FINDING, grown) == [
        "'Counter-evidence considered' extended (+1 sentence)"
    ]
    assert summarise_file_change("findings/F-02.md", grown, FINDING) == [
        "'Counter-evidence considered' shortened (-1 sentence)"
    ]


def test_sections_added_removed_and_the_heading():
    new = edit(
        FINDING,
        (
            "## Counter-evidence considered\nMost notifications are closed appropriately.\n",
            "## Questions for the board\n- Why?\n",
        ),
        ("# Notifications about babies", "# Notifications about all babies"),
    )
    assert summarise_file_change("findings/F-02.md", FINDING, new) == [
        "heading changed",
        "section 'Counter-evidence considered' removed",
        "section 'Questions for the board' added",
    ]


def test_a_title_is_never_quoted():
    new = edit(FINDING, ('title = "Notifications', "title = \"Alfie Hartley's notifications"))
    phrases = summarise_file_change("findings/F-02.md", FINDING, new)
    assert phrases == ["title changed"]


def test_chronology_entries_by_id():
    new = edit(
        CHRONOLOGY,
        ('id = "CH-0003"', 'id = "CH-0004"'),  # CH-0003 removed, CH-0004 added
        ('what = "Second call."', 'what = "Second call. Officer spoke to Tayla."'),
        ("date = 2024-08-20", "date = 2024-08-21"),
    )
    assert summarise_file_change("chronology/police.toml", CHRONOLOGY, new) == [
        "CH-0003 removed",
        "CH-0010 date changed, what extended (+1 sentence)",
        "CH-0004 added",
    ]
    assert "Tayla" not in commit_message("chronology/police.toml", CHRONOLOGY, new)


def test_a_new_chronology_file_counts_its_entries():
    assert summarise_file_change("chronology/police.toml", None, CHRONOLOGY) == [
        "added (2 entries)"
    ]
    assert summarise_file_change("chronology/police.toml", CHRONOLOGY, None) == ["removed"]
    assert (
        commit_message("chronology/police.toml", None, CHRONOLOGY)
        == "Chronology (police): added (2 entries)"
    )


def test_marker_question_status():
    new = edit(
        MARKER,
        (
            'status = "not started"\nnote = ""\nevidence = []',
            'status = "met"\nnote = "See the finding."\nevidence = ["F-01"]',
        ),
    )
    assert summarise_file_change("markers/analysis.toml", MARKER, new) == [
        "Q3 not started -> met, note set, evidence added F-01"
    ]
    assert (
        commit_message("markers/analysis.toml", MARKER, new)
        == "Marker Analysis: Q3 not started -> met, note set, evidence added F-01"
    )


def test_the_register_is_summarised_by_counts_only():
    new = edit(
        REGISTER,
        ('label = "Sibling"', 'label = "Sibling 1"'),
        ('aliases = ["Alfie"]', 'aliases = ["Alfie", "Alf"]'),
    )
    new += (
        '\n[[person]]\nid = "P-03"\nname = "Jordan Pike"\nlabel = "Mother\'s partner"\n'
        'role = "parent"\n\n[[allow]]\ntext = "Brookfield"\nreason = "estate name"\n'
    )
    phrases = summarise_file_change("register.toml", REGISTER, new)
    assert phrases == ["2 entries changed, 1 added", "allowances: 1 added"]
    message = commit_message("register.toml", REGISTER, new)
    assert message == "Register: 2 entries changed, 1 added; allowances: 1 added"
    for name in ("Alfie", "Alf", "Hartley", "Tayla", "Jordan", "Pike", "Brookfield", "Sibling"):
        assert name not in message


def test_a_challenge_raised_answered_and_resolved():
    raised = """+++
id = "CHL-003"
target = "F-02"
raised_by = "Helen Marsh"
raised = 2025-07-02
status = "open"
+++
## Challenge
Is this about the system?

## Response
"""
    answered = edit(
        raised,
        ('status = "open"', 'status = "responded"'),
        ("## Response\n", "## Response\nAgreed.\nRewritten.\n"),
    )
    closed = edit(
        answered,
        (
            'status = "responded"',
            'status = "resolved"\nresolved_by = "Helen Marsh"\nresolved = 2025-07-09',
        ),
    )
    assert summarise_file_change("challenges/CHL-003.md", None, raised) == ["raised on F-02"]
    assert summarise_file_change("challenges/CHL-003.md", raised, answered) == [
        "status open -> responded",
        "'Response' written (+2 sentences)",
    ]
    assert summarise_file_change("challenges/CHL-003.md", answered, closed) == [
        "status responded -> resolved"
    ]
    assert "Helen" not in " ".join(summarise_file_change("challenges/CHL-003.md", answered, closed))


def test_toml_tables_lists_and_settings():
    old = (
        'title = "A"\nstage = "running"\nlead_reviewers = ["Dr Ruth Okafor"]\n'
        "[dates]\nincident = 2025-02-11\n"
    )
    new = (
        'title = "A"\nstage = "outputs"\nlead_reviewers = ["Dr Ruth Okafor", "Sam Lee"]\n'
        "[dates]\nincident = 2025-02-12\nreport_due = 2025-11-28\n"
    )
    phrases = summarise_file_change("review.toml", old, new)
    assert phrases == [
        "stage running -> outputs",
        "lead reviewers: 1 added",
        "dates.incident changed",
        "dates.report due set",
    ]
    assert "Sam" not in commit_message("review.toml", old, new)


def test_unnamed_tables_are_counted():
    old = (
        '+++\n[[complicating_factor]]\nkind = "criminal"\ndescription = "A."\n'
        'acknowledged = "B."\n+++\n# Purpose\n\nThe purpose.\n'
    )
    new = old.replace('description = "A."', 'description = "A changed."')
    new += "A second sentence.\n"
    assert summarise_file_change("purpose.md", old, new) == [
        "complicating factor 1 description changed",
        "opening text extended (+1 sentence)",
    ]
    fewer = new.replace(
        '[[complicating_factor]]\nkind = "criminal"\ndescription = "A changed."\n'
        'acknowledged = "B."\n',
        "",
    )
    assert summarise_file_change("purpose.md", new, fewer) == ["complicating factors: 1 removed"]


def test_layout_and_invalid_files():
    assert summarise_file_change("scope.toml", "a = 1\n", "# note\na = 1\n") == [
        "comments or layout changed"
    ]
    assert summarise_file_change("scope.toml", "a = 1\n", "a = \n") == [
        "edited (+1 -1 lines); not valid TOML"
    ]
    assert summarise_file_change("scope.toml", "a = 1\n", "a = 1\n") == []
    assert commit_message("scope.toml", "a = 1\n", "a = 1\n") == "Scope: saved"


def test_describe_gives_plain_data():
    change = describe("findings/F-02.md", FINDING, FINDING.replace("priority = 3", "priority = 2"))
    assert change.to_json() == {
        "path": "findings/F-02.md",
        "label": "Finding F-02",
        "kind": "modified",
        "phrases": ["priority 3 -> 2"],
        "summary": "Finding F-02: priority 3 -> 2",
    }
    assert describe("findings/F-02.md", None, FINDING).kind == "added"
    assert describe("findings/F-02.md", FINDING, None).line() == "Finding F-02: removed"


def test_long_messages_are_cut_to_fit():
    phrases = [f"CH-{n:04d} what changed" for n in range(1, 20)]
    message = fit_message("Chronology (police)", phrases)
    assert len(message) <= MESSAGE_LIMIT
    assert message.startswith("Chronology (police): CH-0001 what changed; ")
    assert message.endswith("more changes")


def test_sentences_split_long_lines_but_keep_one_per_line():
    assert sentences('One. Two? "Three."\nFour [SRC-001].\n\n') == [
        "One.",
        "Two?",
        '"Three."',
        "Four [SRC-001].",
    ]
    assert sentences("Dr. smith said e.g. this.") == ["Dr. smith said e.g. this."]
    assert sentence_counts("A.\nB.\nC.\n", "A.\nB2.\nC.\nD.\n") == (2, 1)


def test_sentence_diff_shows_a_changed_sentence_on_its_own():
    old = 'what = "First sentence. Second sentence. Third sentence."\n'
    new = 'what = "First sentence. Second sentence changed. Third sentence."\n'
    lines = sentence_diff(old, new, "chronology/police.toml")
    assert lines[:2] == ["--- a/chronology/police.toml", "+++ b/chronology/police.toml"]
    assert "-Second sentence." in lines and "+Second sentence changed." in lines
    assert ' Third sentence."' in lines
    assert sentence_diff(None, "A.\n", "x.md")[:2] == ["--- /dev/null", "+++ b/x.md"]


def test_changes_loads_no_git_ui_or_cli():
    import subprocess
    import sys

    code = "import sys, scrtui.changes; print(' '.join(sys.modules))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert not {"git", "textual", "typer", "tomlkit"} & loaded
