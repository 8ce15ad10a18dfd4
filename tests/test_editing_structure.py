"""Structural edits without the app: records added with the next id, removed, reordered."""

from __future__ import annotations

from datetime import date

import pytest
import tomlkit

from conftest import git, save
from scrtui.editing import fields as f
from scrtui.editing.refs import RecordRef, table_of
from scrtui.editing.rows import rows
from scrtui.editing.session import Session
from scrtui.editing.structure import ADDERS, add_record, move_record, remove_record
from scrtui.slug import slug
from scrtui.store.loader import load

# What a user types when the add key asks for a name, a target or an agency.
ASKED = {
    "agency": "Youth Offending Service",
    "entry": "police",
    "line_of_enquiry": "Who knew about the partner's history?",
    "person": "Jo Bloggs",
    "place": "Elm Street",
    "organisation": "Northmoor Nursery",
    "term": "Sunflower Ward",
    "surname": "Hartley",
    "allow": "Northmoor",
    "challenge": "F-01",
    "action": "F-02",  # the finding a new action answers
}
# Where each new record is (its file and the id it gets), one past the highest in use.
EXPECTED = {
    "source": ("sources/SRC-022.toml", "SRC-022"),
    "episode": ("episodes/KPE-06.md", "KPE-06"),
    "finding": ("findings/F-05.md", "F-05"),
    "challenge": ("challenges/CHL-003.md", "CHL-003"),
    "entry": ("chronology/police.toml", "CH-0055"),
    "line_of_enquiry": ("scope.toml", "LOE-06"),
    "agency": ("scope.toml", "youth-offending-service"),
    "person": ("register.toml", "P-16"),
    "action": ("actions/ACT-006.toml", "ACT-006"),
}
KINDS = [kind for adders in ADDERS.values() for kind, _ in adders]


def _rows(session: Session, part: str) -> list[RecordRef]:
    return [row for row in rows(part, session) if isinstance(row, RecordRef)]


def _episode(session: Session) -> RecordRef:
    return next(r for r in _rows(session, "episodes") if r.kind == "episode")


def _action(session: Session) -> RecordRef:
    return next(r for r in _rows(session, "actions") if r.record_id == "ACT-004")


NEAR = {"factor": _episode, "evidence": _action}  # what these are added to


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_record_is_saved_and_committed_where_its_part_lists_it(example_repo, kind):
    session = Session(example_repo)
    model = load(example_repo).model
    near = NEAR[kind](session) if kind in NEAR else None
    added = add_record(session, model, kind, near, ASKED.get(kind, ""))
    part = next(part for part, adders in ADDERS.items() if kind in dict(adders))
    assert added.key in [row.key for row in _rows(session, part)]
    if kind in EXPECTED:
        rel, ident = EXPECTED[kind]
        assert added.rel == rel
        assert ident in [row.record_id for row in _rows(session, part) if row.kind == kind]
    written, sha = save(session)
    assert written == [added.rel] and sha is not None
    assert git("status", "--porcelain", cwd=example_repo) == ""
    assert git("show", "--stat", "--format=", "HEAD", cwd=example_repo).count("|") == 1
    reread = Session(example_repo)
    assert added.key in [row.key for row in _rows(reread, part)]


def test_a_new_entry_goes_where_its_date_puts_it_and_its_file_keeps_the_rest(example_repo):
    rel = "chronology/police.toml"
    before = (example_repo / rel).read_text(encoding="utf-8")
    session = Session(example_repo)
    added = add_record(session, load(example_repo).model, "entry", None, "police")
    save(session)
    after = (example_repo / rel).read_text(encoding="utf-8")
    entries = tomlkit.parse(after)["entry"]
    assert entries[0]["id"] == "CH-0055"
    assert entries[0]["date"] == date(2024, 3, 26)  # the review period's start, until given one
    assert after.endswith(before.split("\n", 2)[2])  # every entry after it is untouched
    assert added.new_file is False


def test_two_records_added_before_a_save_get_different_ids(example_repo):
    session = Session(example_repo)
    model = load(example_repo).model
    first = add_record(session, model, "source")
    second = add_record(session, model, "source")
    people = [add_record(session, model, "person", None, name) for name in ("Ann", "Bea")]
    assert (first.rel, second.rel) == ("sources/SRC-022.toml", "sources/SRC-023.toml")
    register = session.documents["register.toml"].doc
    assert [register["person"][a.locator[0][1]]["id"] for a in people] == ["P-16", "P-17"]


def test_an_agency_needs_a_name_that_no_other_agency_has(example_repo):
    session = Session(example_repo)
    with pytest.raises(ValueError, match="already an agency 'police'"):
        add_record(session, None, "agency", None, "Police")
    with pytest.raises(ValueError, match="needs a name"):
        add_record(session, None, "agency", None, " & ")
    added = add_record(session, None, "agency", None, "Café Nord Outreach")
    assert added.locator == (("agency", "cafe-nord-outreach"),)


@pytest.mark.parametrize(
    ("kind", "rel"),
    [
        ("complicating_factor", "purpose.md"),
        ("line_of_enquiry", "scope.toml"),
        ("agency", "scope.toml"),
        ("person", "register.toml"),
        ("allow", "register.toml"),
    ],
)
def test_a_record_cannot_be_added_to_a_file_that_cannot_be_read(example_repo, kind, rel):
    """The UI shows the ValueError as a warning; the file is left as it is."""
    broken = "+++\nid = \n" if rel.endswith(".md") else "id = \n"
    (example_repo / rel).write_text(broken, encoding="utf-8")
    session = Session(example_repo)
    with pytest.raises(ValueError, match=f"^{rel} cannot be read; fix it first$"):
        add_record(session, None, kind, None, ASKED.get(kind, ""))
    assert (example_repo / rel).read_text(encoding="utf-8") == broken
    assert session.dirty() == []


def test_agency_ids_from_names():
    assert slug("Youth Offending Service") == "youth-offending-service"
    assert slug("  A&E (Northmoor) ") == "a-e-northmoor"


def test_a_new_action_answers_its_finding_and_evidence_goes_to_its_action(example_repo):
    session = Session(example_repo)
    model = load(example_repo).model
    added = add_record(session, model, "action", None, "F-03")
    data = session.documents[added.rel].doc
    assert (data["id"], data["finding"], data["status"]) == ("ACT-006", "F-03", "planned")
    assert "due" not in data and data["agency"] == ""  # nothing that could pass for agreed
    evidence = add_record(session, model, "evidence", _action(session))
    assert evidence.key == "actions/ACT-004.toml#evidence=0"
    with pytest.raises(ValueError, match="choose the action"):
        add_record(session, model, "evidence", _episode(session))
    action = next(r for r in _rows(session, "actions") if r.record_id == "ACT-005")
    assert remove_record(session, action) == "file"  # its whole file goes


def test_a_factor_needs_its_episode(example_repo):
    with pytest.raises(ValueError, match="key practice episode"):
        add_record(Session(example_repo), None, "factor")


def test_removing_a_table_cuts_out_only_that_record(example_repo):
    session = Session(example_repo)
    loe = next(r for r in _rows(session, "scope") if r.record_id == "LOE-05")
    before = (example_repo / "scope.toml").read_text(encoding="utf-8")
    assert remove_record(session, loe) == "table"
    save(session)
    after = (example_repo / "scope.toml").read_text(encoding="utf-8")
    start = before.index('[[line_of_enquiry]]\nid = "LOE-05"')
    end = before.index("[[agency]]")
    assert after == before[:start] + before[end:]
    assert "LOE-05" not in [r.record_id for r in _rows(Session(example_repo), "scope")]


def test_removing_the_last_table_of_an_array_removes_the_array(example_repo):
    session = Session(example_repo)
    for row in [r for r in _rows(session, "register") if r.kind == "surname"]:
        remove_record(session, row)
    assert "surname" not in session.documents["register.toml"].doc


def test_a_record_with_its_own_file_is_removed_by_the_caller(example_repo):
    session = Session(example_repo)
    finding = next(r for r in _rows(session, "findings") if r.record_id == "F-04")
    assert remove_record(session, finding) == "file"
    assert (example_repo / finding.rel).exists() and session.dirty() == []


def test_moving_an_entry_swaps_it_with_its_neighbour_in_the_file(example_repo):
    session = Session(example_repo)
    entries = [r for r in _rows(session, "chronology") if r.rel == "chronology/police.toml"]
    first, second = entries[0], entries[1]
    assert move_record(session, first, -1, entries) == []  # already at the top
    assert move_record(session, first, 1, entries) == [first.rel]
    save(session)
    ids = [e["id"] for e in tomlkit.parse((example_repo / first.rel).read_text())["entry"]]
    assert ids[:2] == [second.record_id, first.record_id]


def test_moving_a_finding_swaps_the_priorities_of_both_files(example_repo):
    session = Session(example_repo)
    findings = [r for r in _rows(session, "findings")]
    assert [r.record_id for r in findings] == ["F-01", "F-02", "F-03", "F-04"]
    changed = move_record(session, findings[1], -1, findings)
    assert changed == ["findings/F-02.md", "findings/F-01.md"]
    written, _sha = save(session)
    assert sorted(written) == ["findings/F-01.md", "findings/F-02.md"]
    reread = Session(example_repo)
    assert [r.record_id for r in _rows(reread, "findings")][:2] == ["F-02", "F-01"]
    message = git("log", "-1", "--format=%s", cwd=example_repo)
    assert "F-02" in message and "F-01" in message and "priority" in message


def test_equal_priorities_are_made_explicit_rather_than_swapped(example_repo):
    session = Session(example_repo)
    findings = _rows(session, "findings")
    f01 = table_of(session.documents["findings/F-01.md"], findings[0])
    f02 = table_of(session.documents["findings/F-02.md"], findings[1])
    f02["priority"] = 1
    move_record(session, findings[1], -1, findings)
    assert (f.get(f01, "priority"), f.get(f02, "priority")) == (2, 1)
