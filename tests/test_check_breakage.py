"""Break the example review in many ways; `scr check` must name the file (and line) every time.

Each case mutates a fresh copy of the shipped example and returns what the user should see:
the file, the line where a parser (or the file's own text) gives one, and words of the message.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import run_scr


def first(root: Path, pattern: str) -> Path:
    return sorted(root.glob(pattern))[0]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def replace_line(path: Path, pattern: str, new: str) -> int:
    """Replace the first line matching `pattern`; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        if re.match(pattern, line):
            lines[index] = new
            path.write_text("\n".join(lines), encoding="utf-8")
            return index + 1
    raise AssertionError(f"{pattern!r} not in {path}")


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


# Each case: (root) -> (relative path, expected line or None, words expected in the message)


def bad_toml_syntax(root):
    src = first(root, "sources/SRC-*.toml")
    line = replace_line(src, r"^title = ", 'title = "an unclosed string')
    return rel(root, src), line, "TOML syntax error"


def bad_toml_in_front_matter(root):
    f = first(root, "findings/F-*.md")
    line = replace_line(f, r"^priority = ", "priority = = 1")
    return rel(root, f), line, "TOML syntax error"


def impossible_date(root):
    chron = first(root, "chronology/*.toml")
    line = replace_line(chron, r"^date = ", "date = 2024-13-45")
    return rel(root, chron), line, "TOML syntax error"


def date_that_is_text(root):
    chron = first(root, "chronology/*.toml")
    line = replace_line(chron, r"^date = ", 'date = "early March"')
    return rel(root, chron), line, "'entry.date' should be a date"


def unknown_reference_in_prose(root):
    ep = first(root, "episodes/KPE-*.md")
    ep.write_text(ep.read_text(encoding="utf-8") + "\nThe record says so [CH-9999].\n")
    return rel(root, ep), len(ep.read_text().splitlines()), "[CH-9999] does not exist"


def unknown_evidence_id(root):
    f = first(root, "findings/F-*.md")
    line = replace_line(f, r"^evidence = ", 'evidence = ["KPE-77"]')
    return rel(root, f), line, "evidence 'KPE-77' does not exist"


def duplicate_chronology_id(root):
    files = sorted(root.glob("chronology/*.toml"))
    first_id = re.search(r'^id = "(CH-\d+)"', files[0].read_text(), re.M).group(1)
    line = replace_line(files[1], r"^id = ", f'id = "{first_id}"')
    return rel(root, files[1]), line, f"duplicate id '{first_id}'"


def missing_required_field(root):
    src = first(root, "sources/SRC-*.toml")
    replace_line(src, r"^title = ", "")
    return rel(root, src), None, "missing required field 'title'"


def wrong_type(root):
    f = first(root, "findings/F-*.md")
    line = replace_line(f, r"^priority = ", 'priority = "high"')
    return rel(root, f), line, "'priority' should be a whole number"


def binary_garbage(root):
    src = first(root, "sources/SRC-*.toml")
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    return rel(root, src), 3, "not a text file"  # the NUL follows two newlines


def invalid_utf8(root):
    src = first(root, "sources/SRC-*.toml")
    src.write_bytes(src.read_bytes() + b'\nnotes = "caf\xe9"\n')
    return rel(root, src), len(src.read_bytes().split(b"\n")) - 1, "not valid UTF-8"


def empty_file(root):
    f = first(root, "findings/F-*.md")
    f.write_text("")
    return rel(root, f), None, "file is empty"


def folder_instead_of_file(root):
    (root / "scope.toml").unlink()
    (root / "scope.toml").mkdir()
    return "scope.toml", None, "is a folder"


def file_instead_of_folder(root):
    shutil.rmtree(root / "sources")
    (root / "sources").write_text("a list of sources\n")
    return "sources", None, "expected a folder"


def missing_review_part(root):
    (root / "register.toml").unlink()
    return "register.toml", None, "file is missing"


def finding_without_evidence(root):
    f = first(root, "findings/F-*.md")
    line = replace_line(f, r"^evidence = ", "evidence = []")
    return rel(root, f), line, "a finding needs evidence"


def episode_without_local_rationality(root):
    ep = first(root, "episodes/KPE-*.md")
    text = ep.read_text(encoding="utf-8")
    ep.write_text(text.replace("## Local rationality", "## Thoughts"), encoding="utf-8")
    return rel(root, ep), None, "missing section '## Local rationality'"


def empty_local_rationality(root):
    ep = first(root, "episodes/KPE-*.md")
    text = ep.read_text(encoding="utf-8")
    head = text[: text.index("## Local rationality")]
    ep.write_text(head + "## Local rationality\n\n", encoding="utf-8")
    line = line_of(ep, "## Local rationality")
    return rel(root, ep), line, "section 'Local rationality' is empty"


def id_does_not_match_file_name(root):
    src = first(root, "sources/SRC-*.toml")
    copy = root / "sources" / "SRC-900.toml"
    copy.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return "sources/SRC-900.toml", line_of(copy, "id = "), "does not match the file name"


def chronology_source_unknown(root):
    chron = first(root, "chronology/*.toml")
    line = replace_line(chron, r"^source = ", 'source = "SRC-404"')
    return rel(root, chron), line, "source 'SRC-404' does not exist"


def source_agency_not_in_scope(root):
    src = first(root, "sources/SRC-*.toml")
    line = replace_line(src, r"^agency = ", 'agency = "fire-service"')
    return rel(root, src), line, "'fire-service' is not an agency in scope.toml"


def chronology_for_agency_not_in_scope(root):
    chron = first(root, "chronology/*.toml")
    text = chron.read_text(encoding="utf-8")
    agency = chron.stem
    new = root / "chronology" / "housing-provider.toml"
    text = text.replace(f'agency = "{agency}"', 'agency = "housing-provider"')
    text = re.sub(r'id = "CH-(\d+)"', lambda m: f'id = "CH-{int(m.group(1)) + 8000}"', text)
    new.write_text(text, encoding="utf-8")
    return "chronology/housing-provider.toml", None, "not an agency in scope.toml"


def episode_ends_before_it_starts(root):
    ep = first(root, "episodes/KPE-*.md")
    line = replace_line(ep, r"^end = ", "end = 1999-01-01")
    return rel(root, ep), line, "ends (1999-01-01) before it starts"


def unclosed_front_matter(root):
    ep = first(root, "episodes/KPE-*.md")
    ep.write_text(ep.read_text(encoding="utf-8").replace("\n+++\n", "\n", 1), encoding="utf-8")
    return rel(root, ep), 1, "never closed"


def missing_front_matter(root):
    f = first(root, "findings/F-*.md")
    text = f.read_text(encoding="utf-8")
    f.write_text(text.split("+++\n", 2)[2], encoding="utf-8")
    return rel(root, f), 1, "missing TOML front matter"


def challenge_target_gone(root):
    chl = first(root, "challenges/CHL-*.md")
    line = replace_line(chl, r"^target = ", 'target = "F-42"')
    return rel(root, chl), line, "challenge target 'F-42' does not exist"


def value_not_allowed(root):
    src = first(root, "sources/SRC-*.toml")
    line = replace_line(src, r"^access = ", 'access = "sometimes"')
    return rel(root, src), line, "expected one of: full, partial, refused, pending"


def question_status_not_allowed(root):
    marker = root / "markers" / "analysis.toml"
    line = replace_line(marker, r"^status = ", 'status = "done"')
    return "markers/analysis.toml", line, "'question.status' is 'done'"


def review_without_label(root):
    replace_line(root / "review.toml", r"^label = ", "")
    return "review.toml", None, "missing required field 'label'"


def wrong_kind_of_id_in_episode(root):
    ep = first(root, "episodes/KPE-*.md")
    src_id = first(root, "sources/SRC-*.toml").stem
    line = replace_line(ep, r"^chronology = ", f'chronology = ["{src_id}"]')
    return rel(root, ep), line, "is not a chronology id"


def stray_file_in_records_folder(root):
    (root / "findings" / "draft notes.md").write_text("# notes\n")
    return "findings/draft notes.md", None, "unexpected file name"


def duplicate_register_id(root):
    register = root / "register.toml"
    ids = re.findall(r'^id = "(P-\d+)"', register.read_text(), re.M)
    line = replace_line(register, rf'^id = "{ids[1]}"', f'id = "{ids[0]}"')
    return "register.toml", line, f"duplicate id '{ids[0]}'"


def review_toml_syntax(root):
    line = replace_line(root / "review.toml", r"^stage = ", "stage = running")
    return "review.toml", line, "TOML syntax error"


def priority_zero(root):
    f = first(root, "findings/F-*.md")
    line = replace_line(f, r"^priority = ", "priority = 0")
    return rel(root, f), line, "1 is the highest"


def techniques_as_one_text(root):
    """A text where a list belongs would publish one technique per letter."""
    scope = root / "scope.toml"
    text = scope.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^techniques = \[.*?^\]", 'techniques = "interviews"', text, count=1)
    scope.write_text(text, encoding="utf-8")
    words = "'methodology.techniques' should be a list"
    return "scope.toml", line_of(scope, "techniques = "), words


def governance_name_as_number(root):
    scope = root / "scope.toml"
    line = replace_line(scope, r"^conducted_by = ", "conducted_by = 7")
    return "scope.toml", line, "'governance.conducted_by' should be a text, not a number"


CASES = [
    bad_toml_syntax,
    bad_toml_in_front_matter,
    impossible_date,
    date_that_is_text,
    unknown_reference_in_prose,
    unknown_evidence_id,
    duplicate_chronology_id,
    missing_required_field,
    wrong_type,
    binary_garbage,
    invalid_utf8,
    empty_file,
    folder_instead_of_file,
    file_instead_of_folder,
    missing_review_part,
    finding_without_evidence,
    episode_without_local_rationality,
    empty_local_rationality,
    id_does_not_match_file_name,
    chronology_source_unknown,
    source_agency_not_in_scope,
    chronology_for_agency_not_in_scope,
    episode_ends_before_it_starts,
    unclosed_front_matter,
    missing_front_matter,
    challenge_target_gone,
    value_not_allowed,
    question_status_not_allowed,
    review_without_label,
    wrong_kind_of_id_in_episode,
    stray_file_in_records_folder,
    duplicate_register_id,
    review_toml_syntax,
    priority_zero,
    techniques_as_one_text,
    governance_name_as_number,
]


@pytest.mark.parametrize("breakage", CASES, ids=[case.__name__ for case in CASES])
def test_each_breakage_is_reported_at_its_place(example_copy, breakage):
    path, line, words = breakage(example_copy)
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    problems = result.stderr.strip().splitlines()
    prefix = f"{path}:{line}:" if line is not None else f"{path}:"
    matching = [p for p in problems if p.startswith(prefix) and words in p]
    assert matching, f"expected {prefix} ... {words!r} in:\n{result.stderr}"
    if line is None:
        assert any(p.startswith(f"{path}: ") for p in matching)
    # Every problem line has the documented shape.
    for problem in problems:
        assert re.match(r"^[^:]+(:\d+(:\d+)?)?: \S", problem), problem


def test_breakages_are_at_least_twenty_distinct_ways():
    assert len({case.__name__ for case in CASES}) >= 20


def test_problems_do_not_stop_the_rest_loading(example_copy):
    """Two broken files: both reported, and checklist progress still printed."""
    bad_toml_syntax(example_copy)
    empty_file(example_copy)
    result = run_scr("check", str(example_copy), "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    import json

    report = json.loads(result.stdout)
    assert len({p["path"] for p in report["problems"]}) >= 2
    assert len(report["progress"]) == 5
