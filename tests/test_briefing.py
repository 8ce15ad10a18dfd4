"""`scr build --target briefing`: the short learning briefing for practitioners, from the
findings' own sections and briefing.md, anonymised and gated like the draft; written only
once cleared."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import git, run_scr
from scrtui.publish.extract import file_texts

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}
FILES = ("briefing.md", "briefing.html", "briefing.docx", "briefing-manifest.json")
NAMES = ("Kerry", "Hartley", "Alfie", "Tayla", "Liam", "Doyle", "Sarah", "Whitfield")


def texts(out: Path) -> dict[str, str]:
    """Every briefing file as the reader sees it (docx and html as their text)."""
    return {
        p.name: "\n".join(file_texts(p.name, p.read_bytes()))
        for p in sorted((out / "publication").iterdir())
        if p.name.startswith("briefing")
    }


def edit(root: Path, old: str, new: str, rel: str = "briefing.md") -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git("commit", "-qam", f"Edit {rel}", cwd=root)


def build(root: Path, *args: str):
    return run_scr("build", str(root), "--target", "briefing", *args, env=FIXED)


def test_the_examples_briefing_is_built_cleared_from_the_findings_own_words(example_repo):
    result = build(example_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Built the learning briefing of" in result.stdout
    assert "Cleared:" in result.stdout and "Not yet written" not in result.stdout
    out = example_repo / "build"
    assert sorted(p.name for p in (out / "publication").iterdir()) == sorted(FILES)
    assert (out / "confidential" / "briefing-residual-risk.md").is_file()
    md = (out / "publication" / "briefing.md").read_text(encoding="utf-8")
    assert md.startswith("# Learning briefing: Child A\n")
    # the parts, in the order a practitioner reads them
    parts = [
        "## The case in brief",
        "## Why it matters",
        "## What the review found",
        "## What practitioners should do differently",
        "## Where to find the full report",
    ]
    assert [md.index(p) for p in parts] == sorted(md.index(p) for p in parts)
    # each finding by its own sections, not re-typed: the files' words reach the briefing
    for rel in sorted((example_repo / "findings").glob("F-*.md")):
        source = rel.read_text(encoding="utf-8")
        statement = source.split("## Finding\n", 1)[1].split("\n## ", 1)[0].strip()
        questions = source.split("## Questions for the board\n", 1)[1].split("\n## ", 1)[0]
        assert statement in md, rel.name
        for question in questions.strip().split("\n"):
            assert question in md, (rel.name, question)
        assert "## How it showed in this case" not in md  # the report has the rest
    assert "Refer any bruise on a baby who is not mobile" in md  # briefing.md
    assert "<https://example.org/northmoor/reviews/child-a>" in md  # its report_url
    assert "Finding 1: Whether a bruise on a baby is referred" in md  # priority order
    for name, text in texts(out).items():
        if name != "briefing-manifest.json":
            assert "Learning briefing: Child A" in text, name
            assert "What practitioners should do differently" in text, name
    manifest = json.loads((out / "publication" / "briefing-manifest.json").read_text())
    assert manifest["cleared"] is True and manifest["title"] == "Learning briefing: Child A"
    assert [f["name"] for f in manifest["files"]] == list(FILES[:3])


def test_a_registered_name_planted_in_a_findings_summary_reaches_no_format(example_repo):
    edit(
        example_repo,
        "## Finding\n",
        "## Finding\nKerry Hartley told the health visitor that Alfie was bruised by Tayla; "
        "Ms Hartley's partner Liam was not asked.\n",
        "findings/F-01.md",
    )
    edit(
        example_repo,
        "## Why it matters\n\n",
        "## Why it matters\n\nSarah Whitfield saw the bruise.\n\n",
    )
    result = build(example_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    found = texts(example_repo / "build")
    assert set(found) == set(FILES)
    for name, text in found.items():
        for word in NAMES:
            assert not re.search(rf"\b{word}\b", text, re.I), (name, word)
    md = found["briefing.md"]
    assert "Mother told the health visitor that Child A was bruised by Sibling" in md
    assert "The health visitor saw the bruise." in md


def test_not_cleared_writes_nothing_and_exits_1_with_the_gates_reasons(example_repo):
    assert build(example_repo).returncode == 0  # an earlier, cleared briefing
    edit(
        example_repo,
        "## The case in brief\n\n",
        "## The case in brief\n\nTracey Burns at the front door checked every contact.\n\n",
    )
    result = build(example_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(
        r"^briefing\.md:\d+:1: residual candidate \(name\) 'Tracey' is not "
        r"allowed in the register",
        result.stderr,
        re.M,
    ), result.stderr
    assert (
        "NOT CLEARED FOR PUBLICATION: 1 residual candidate not allowed in the register "
        "(1 name)" in result.stdout
    )
    assert (
        "Nothing was written: the learning briefing is built only once it is cleared."
        in result.stdout
    )
    publication = example_repo / "build" / "publication"
    assert not [p.name for p in publication.iterdir() if p.name.startswith("briefing")]
    assert not (example_repo / "build" / ".publication-staging").exists()
    report = (example_repo / "build" / "confidential" / "briefing-residual-risk.md").read_text()
    assert "Tracey" in report  # the reviewer is told where, confidentially


def test_the_briefing_and_the_draft_keep_each_others_files(example_repo):
    assert run_scr("build", str(example_repo), env=FIXED).returncode == 0
    assert build(example_repo).returncode == 0
    names = {p.name for p in (example_repo / "build" / "publication").iterdir()}
    assert {"report.md", "report.html", "report.docx", "manifest.json", *FILES} <= names


def test_a_new_review_has_a_briefing_to_fill_in_and_a_kind_without_one_has_none(tmp_path):
    review = tmp_path / "new"
    assert run_scr("init", str(review)).returncode == 0  # an LCSPR by default
    assert (review / "briefing.md").is_file()
    assert run_scr("check", str(review)).returncode == 0
    result = build(review)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "Not yet written in the learning briefing (shown as such): The case in brief; "
        "Why it matters; What practitioners should do differently; the findings."
    ) in result.stdout
    scr = tmp_path / "scr"
    assert run_scr("init", str(scr), "--kind", "scr").returncode == 0
    assert not (scr / "briefing.md").exists()
    refused = build(scr)
    assert refused.returncode == 2
    assert "has no briefing output" in refused.stderr


def test_scr_check_reports_a_bad_address_and_a_repeated_section_at_their_lines(example_copy):
    path = example_copy / "briefing.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'report_url = "[^"]*"', 'report_url = "the council website"', text)
    text = text.replace(
        "## Why it matters\n", "## Why it matters\n\nSee [F-09].\n\n## Why it matters\n", 1
    )
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    url = next(n for n, line in enumerate(lines, 1) if line.startswith("report_url"))
    see = next(n for n, line in enumerate(lines, 1) if line.startswith("See [F-09]"))
    again = [n for n, line in enumerate(lines, 1) if line == "## Why it matters"][1]
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert re.search(
        rf"^briefing\.md:{url}:1: 'report_url' should be a web address "
        r"\(https://\.\.\.\), not \"the council website\"",
        result.stderr,
        re.M,
    ), result.stderr
    assert re.search(
        rf"^briefing\.md:{see}:5: reference \[F-09\] does not exist", result.stderr, re.M
    ), result.stderr
    assert re.search(
        rf"^briefing\.md:{again}:1: section '## Why it matters' appears twice", result.stderr, re.M
    ), result.stderr


def test_the_same_commit_builds_the_same_bytes(example_repo, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert build(example_repo, "--out", str(out)).returncode == 0
    for name in FILES:
        assert (first / "publication" / name).read_bytes() == (
            second / "publication" / name
        ).read_bytes(), name
