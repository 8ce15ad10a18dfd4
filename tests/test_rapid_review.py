"""`scr build --target rapid-review`: the rapid review document from the same workspace,
anonymised and gated like the draft, in md, html and docx."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import git, run_scr
from scrtui.publish.extract import file_texts

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}
FILES = ("rapid-review.md", "rapid-review.html", "rapid-review.docx", "rapid-review-manifest.json")


def texts(out: Path) -> dict[str, str]:
    """Every publication file as the reader sees it (docx and html as their text)."""
    return {
        p.name: "\n".join(file_texts(p.name, p.read_bytes()))
        for p in sorted((out / "publication").iterdir())
        if p.name in FILES
    }


def edit(root: Path, old: str, new: str, rel: str = "rapid-review.md") -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git("commit", "-qam", f"Edit {rel}", cwd=root)


def build(root: Path, *args: str):
    return run_scr("build", str(root), "--target", "rapid-review", *args, env=FIXED)


def test_the_examples_rapid_review_is_built_in_every_format_and_cleared(example_repo):
    result = build(example_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Built the rapid review of" in result.stdout
    out = example_repo / "build"
    assert sorted(p.name for p in (out / "publication").iterdir()) == sorted(FILES)
    assert (out / "confidential" / "rapid-review-residual-risk.md").is_file()
    md = (out / "publication" / "rapid-review.md").read_text(encoding="utf-8")
    assert md.startswith("# Rapid review: Child A\n")
    # each part of the document, from where docs/rapid-review.md says it comes from
    assert "- **Sent to:** the Child Safeguarding Practice Review Panel" in md  # the kind
    assert "- **Serious incident:** February 2025" in md  # review.toml, as a month
    assert "found to have bleeding on both sides of the brain" in md  # rapid-review.md
    assert "- **Health visiting service**: Universal and universal plus" in md  # scope.toml
    assert "## Immediate learning" in md and "## Action already taken" in md
    assert (
        "The safeguarding partners found that the criteria for a Local Child Safeguarding "
        "Practice Review are met."
    ) in md  # criteria_met = true
    assert (
        "The safeguarding partners decided to commission a Local Child Safeguarding "
        "Practice Review." in md
    )  # decision = "lcspr"
    # the clock, in working days, from the dates in review.toml; never an exact day
    assert (
        "| Rapid review sent to the Panel | March 2025 | Serious Incident Notification "
        "sent to the Panel | 14 | within 15 working days |"
    ) in md
    assert not re.search(r"\b\d{1,2} (February|March) 2025", md)
    assert "Not yet written" not in md and "Not yet written" not in result.stdout
    for name, text in texts(out).items():
        if name != "rapid-review-manifest.json":
            assert "Rapid review: Child A" in text, name
            assert "Action already taken" in text, name
    manifest = json.loads((out / "publication" / "rapid-review-manifest.json").read_text())
    assert manifest["cleared"] is True and manifest["title"] == "Rapid review: Child A"
    assert [f["name"] for f in manifest["files"]] == list(FILES[:3])


def test_a_registered_name_planted_in_its_input_reaches_no_format(example_repo):
    edit(
        example_repo,
        "## Immediate learning\n\n",
        "## Immediate learning\n\nKerry Hartley told the health visitor that Alfie was "
        "bruised by Tayla; Ms Hartley's partner Liam was not asked.\n\n",
    )
    edit(
        example_repo,
        'role = "Universal and universal plus',
        'role = "Seen by Sarah Whitfield, universal and universal plus',
        "scope.toml",
    )
    result = build(example_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    found = texts(example_repo / "build")
    assert set(found) == set(FILES)
    for name, text in found.items():
        for word in ("Kerry", "Hartley", "Alfie", "Tayla", "Liam", "Sarah", "Whitfield"):
            assert not re.search(rf"\b{word}\b", text, re.I), (name, word)
    md = found["rapid-review.md"]
    assert "Mother told the health visitor that Child A was bruised by Sibling" in md
    assert "Seen by the health visitor, universal and universal plus" in md


def test_an_unregistered_name_is_not_cleared_and_exits_1_like_the_draft(example_repo):
    edit(
        example_repo,
        "## Action already taken\n\n",
        "## Action already taken\n\nTracey Burns at the front door checked every open contact.\n\n",
    )
    result = build(example_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(
        r"^rapid-review\.md:\d+:1: residual candidate \(name\) 'Tracey' is not "
        r"allowed in the register",
        result.stderr,
        re.M,
    ), result.stderr
    assert "NOT CLEARED FOR PUBLICATION" in result.stdout
    out = example_repo / "build" / "publication"
    md = (out / "rapid-review.md").read_text(encoding="utf-8")
    assert "NOT CLEARED FOR PUBLICATION" in md.split("\n## ", 1)[0]
    manifest = json.loads((out / "rapid-review-manifest.json").read_text())
    assert manifest["cleared"] is False and manifest["stamp"] == "NOT CLEARED FOR PUBLICATION"


def test_the_rapid_review_and_the_draft_keep_each_others_files(example_repo):
    assert run_scr("build", str(example_repo), env=FIXED).returncode == 0
    assert build(example_repo).returncode == 0
    names = {p.name for p in (example_repo / "build" / "publication").iterdir()}
    assert {"report.md", "report.html", "report.docx", "manifest.json", *FILES} <= names
    confidential = {p.name for p in (example_repo / "build" / "confidential").iterdir()}
    assert {
        "residual-risk.md",
        "last-build.json",
        "rapid-review-residual-risk.md",
        "rapid-review-last-build.json",
    } <= confidential
    # the default target is still the draft, and writes no rapid review
    fresh = example_repo.parent / "out"
    assert run_scr("build", str(example_repo), "--out", str(fresh), env=FIXED).returncode == 0
    assert sorted(p.name for p in (fresh / "publication").iterdir()) == [
        "manifest.json",
        "report.docx",
        "report.html",
        "report.md",
    ]


def test_a_format_list_applies_to_the_rapid_review(example_repo):
    assert build(example_repo, "--format", "md").returncode == 0
    assert sorted(p.name for p in (example_repo / "build" / "publication").iterdir()) == [
        "rapid-review-manifest.json",
        "rapid-review.md",
    ]


def test_an_unknown_target_is_exit_2_with_the_known_ones(example_repo):
    result = run_scr("build", str(example_repo), "--target", "briefing-note")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "scr: unknown target 'briefing-note'; known: draft, rapid-review, briefing"
    )
    assert not (example_repo / "build").exists()


def test_not_a_review_is_exit_2(tmp_path):
    result = run_scr("build", str(tmp_path), "--target", "rapid-review")
    assert result.returncode == 2
    assert "not a review" in result.stderr


@pytest.mark.parametrize(
    ("kind", "target", "says"),
    [
        (
            "sar",
            "rapid-review",
            "a Safeguarding Adults Review (sar) has no rapid-review output; "
            "its outputs: draft, briefing",
        ),
        (
            "rapid-review",
            "draft",
            "a Rapid Review (rapid-review) has no draft output; its "
            "outputs: rapid-review; build it with --target rapid-review",
        ),
    ],
)
def test_a_kind_without_the_output_says_so(tmp_path, kind, target, says):
    review = tmp_path / kind
    assert run_scr("init", str(review), "--kind", kind).returncode == 0
    result = run_scr("build", str(review), "--target", target)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == f"scr: {says}"
    assert not (review / "build" / "publication").exists()


def test_a_new_review_has_a_rapid_review_to_fill_in_and_the_build_says_what_is_missing(tmp_path):
    review = tmp_path / "new"
    assert run_scr("init", str(review)).returncode == 0  # an LCSPR by default
    assert (review / "rapid-review.md").is_file()
    assert run_scr("check", str(review)).returncode == 0  # nothing written yet is no problem
    result = build(review)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "Not yet written in the rapid review (shown as such): The facts in brief; "
        "Immediate learning; Action already taken; Whether the criteria for an LCSPR are "
        "met; The decision and its rationale."
    ) in result.stdout
    md = (review / "build" / "publication" / "rapid-review.md").read_text(encoding="utf-8")
    assert "## The facts in brief {#the-facts-in-brief}\n\n*Not yet written.*" in md
    assert "have not yet recorded their decision" in md
    report = (review / "build" / "confidential" / "rapid-review-residual-risk.md").read_text()
    assert "## Not yet written in the rapid review (5)" in report
    # a kind with no rapid review gets no rapid-review.md
    sar = tmp_path / "sar"
    assert run_scr("init", str(sar), "--kind", "sar").returncode == 0
    assert not (sar / "rapid-review.md").exists()


def test_scr_check_reports_a_bad_answer_at_its_line(example_copy):
    path = example_copy / "rapid-review.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("criteria_met = true ", 'criteria_met = "yes"', 1)
    text = text.replace('decision = "lcspr" ', 'decision = "review"', 1)
    text = text.replace(
        "## Immediate learning\n\n", "## Immediate learning\n\nSee [SRC-099].\n\n", 1
    )
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    criteria = next(n for n, line in enumerate(lines, 1) if line.startswith("criteria_met"))
    see = next(n for n, line in enumerate(lines, 1) if line.startswith("See [SRC-099]"))
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert re.search(
        rf"^rapid-review\.md:{criteria}:1: 'criteria_met' should be a boolean "
        r"\(true or false\), not the text \"yes\"",
        result.stderr,
        re.M,
    ), result.stderr
    assert re.search(
        rf"^rapid-review\.md:{criteria + 1}:1: 'decision' is 'review'; expected "
        r"one of: lcspr, no-lcspr",
        result.stderr,
        re.M,
    )
    assert re.search(
        rf"^rapid-review\.md:{see}:5: reference \[SRC-099\] does not exist", result.stderr, re.M
    )


def test_the_same_commit_builds_the_same_bytes(example_repo, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert build(example_repo, "--out", str(out)).returncode == 0
    for name in FILES:
        assert (first / "publication" / name).read_bytes() == (
            second / "publication" / name
        ).read_bytes(), name
