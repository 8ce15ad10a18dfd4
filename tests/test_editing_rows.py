"""The rows of each part's record list, read from the files, and the way back from a line."""

from __future__ import annotations

from scrtui.editing.lines import record_at_line, saved_body_line
from scrtui.editing.part_files import FOLDER_OF, SINGLE_FILE
from scrtui.editing.refs import Broken, Heading, RecordRef
from scrtui.editing.rows import open_part_files, part_files, rows
from scrtui.editing.session import Session


def _records(session: Session, part: str) -> list[RecordRef]:
    return [row for row in rows(part, session) if isinstance(row, RecordRef)]


def test_every_record_file_of_the_example_is_listed_in_its_part(example_repo):
    session = Session(example_repo)
    for part, folder in FOLDER_OF.items():
        on_disk = {f"{folder}/{p.name}" for p in (example_repo / folder).iterdir()}
        assert {row.rel for row in _records(session, part)} == on_disk, part
    for part, rel in SINGLE_FILE.items():
        if part != "overview":
            assert {row.rel for row in _records(session, part)} == {rel}, part


def test_findings_are_listed_in_priority_order_and_challenges_by_status(example_repo):
    session = Session(example_repo)
    assert [r.label for r in _records(session, "findings")][0].startswith("1. F-01 ")
    (example_repo / "findings/F-01.md").write_text(
        (example_repo / "findings/F-01.md").read_text().replace("priority = 1", "priority = 9")
    )
    assert [r.record_id for r in _records(Session(example_repo), "findings")] == [
        "F-02",
        "F-03",
        "F-04",
        "F-01",
    ]
    headings = [row.text for row in rows("challenges", session) if isinstance(row, Heading)]
    assert headings == ["Open (1)", "Resolved (1)"]


def test_a_file_that_cannot_be_read_is_a_row_that_says_so_and_the_rest_still_list(example_repo):
    (example_repo / "sources/SRC-003.toml").write_text('id = "SRC-003"\ntitle = \n')
    session = Session(example_repo)
    listed = rows("sources", session)
    broken = [row for row in listed if isinstance(row, Broken)]
    assert [row.rel for row in broken] == ["sources/SRC-003.toml"]
    assert broken[0].label == "! SRC-003.toml (cannot be read)" and broken[0].problem.line == 2
    assert len([row for row in listed if isinstance(row, RecordRef)]) == 20


def test_relabelling_one_file_reads_only_its_rows(example_repo):
    session = Session(example_repo)
    rows("chronology", session)
    only = rows("chronology", session, {"chronology/police.toml"})
    assert {row.rel for row in only if isinstance(row, RecordRef)} == {"chronology/police.toml"}


def test_a_worker_reads_the_same_rows_without_touching_the_session(example_repo):
    session = Session(example_repo)
    needed = part_files("episodes", session)
    assert "episodes/KPE-01.md" in needed and "markers/analysis.toml" in needed
    opened, broken, listed = open_part_files(example_repo, "episodes", needed)
    assert session.documents == {} and broken == {}
    assert [row.key for row in listed] == [row.key for row in rows("episodes", session)]
    session.adopt(opened, broken)
    assert part_files("episodes", session) == []


def test_a_problems_line_leads_back_to_its_record_and_field(example_repo):
    session = Session(example_repo)
    scope = session.open("scope.toml")
    refs = _records(session, "scope")
    lines = (example_repo / "scope.toml").read_text().split("\n")
    line = lines.index('id = "LOE-03"') + 2  # the question under it
    ref, key = record_at_line(scope, refs, line)
    assert (ref.record_id, key) == ("LOE-03", "question")
    assert record_at_line(scope, refs, None) == (refs[0], None)


def test_a_line_in_a_records_prose_leads_to_its_body(example_repo):
    session = Session(example_repo)
    finding = session.open("findings/F-01.md")
    refs = [r for r in _records(session, "findings") if r.rel == "findings/F-01.md"]
    text = (example_repo / "findings/F-01.md").read_text().split("\n")
    body_line = text.index("## Finding") + 1
    assert saved_body_line(finding) == text.index("+++", 1) + 2
    assert record_at_line(finding, refs, body_line) == (refs[0], "@body")
    assert record_at_line(finding, refs, 4) == (refs[0], "priority")
