"""`scr export learning`: the national learning export, its schema, its gate and its themes."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess

import jsonschema
import pytest

from conftest import REPO, run_scr
from scrtui.learning import SCHEMA_FILE, list_items, prose, schema
from scrtui.store.loader import load

SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _names(root) -> list[str]:
    """Every registered name and alias, and each word of a person's name (docs/DESIGN)."""
    register = load(root).model.register
    found = set()
    for entry in register.entries:
        found.update(entry.identifiers)
        if entry.kind == "person":
            found.update(entry.name.split())
    return sorted(found, key=len, reverse=True)


def _survivors(text: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text, re.IGNORECASE)]


@pytest.fixture
def exported(example_copy):
    result = run_scr("export", "learning", str(example_copy))
    assert result.returncode == 0, result.stderr
    return example_copy, json.loads(result.stdout), result.stdout


def test_the_example_exports_valid_learning_with_no_registered_name(exported):
    root, record, text = exported
    jsonschema.Draft202012Validator(SCHEMA).validate(record)  # raises if it does not
    assert record["format"] == "scr-learning/1"
    assert record["kind"]["id"] == "lcspr" and record["subject"] == "Child A"
    assert record["child"] == {"age_band": "under 1", "sex": "male"}
    assert record["harm"] == "serious harm"
    assert record["abuse_themes"][0] == "non-accidental injury in infants"
    assert [f["id"] for f in record["findings"]] == ["F-01", "F-02", "F-03", "F-04"]
    first = record["findings"][0]
    assert first["anchor"] == "#f-01" and first["priority"] == 1
    assert first["summary"].startswith("Whether a bruise on a baby who is not mobile leads")
    assert "[" not in first["summary"]  # references to records are taken out
    assert len(first["questions"]) == 4 and first["questions"][0].startswith("How will the")
    assert first["contributory_factors"] == ["individual", "tools", "team", "interagency"]
    assert "Health visiting service" in record["agencies"]
    assert _survivors(text, _names(root)) == []


def test_the_docs_hold_the_examples_exported_learning(exported):
    _root, record, _text = exported
    shown = json.loads((REPO / "docs" / "learning-example.json").read_text(encoding="utf-8"))
    assert shown == record  # refresh with: scr export learning example --out FILE (no git)


def test_a_name_planted_in_a_finding_is_anonymised_in_the_export(example_copy):
    finding = example_copy / "findings" / "F-03.md"
    text = finding.read_text(encoding="utf-8")
    finding.write_text(
        text.replace(
            "## Finding\n", "## Finding\nKerry Hartley's partner, Liam Doyle, was not known.\n"
        ),
        encoding="utf-8",
    )
    result = run_scr("export", "learning", str(example_copy))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    summary = next(f for f in record["findings"] if f["id"] == "F-03")["summary"]
    assert summary.startswith("Mother's partner, Mother's partner, was not known.")
    assert _survivors(result.stdout, _names(example_copy)) == []


def test_a_draft_that_is_not_cleared_is_refused_and_nothing_is_written(example_copy, tmp_path):
    intro = example_copy / "report" / "01-introduction.md"
    intro.write_text(
        intro.read_text(encoding="utf-8") + "\nThe family later moved to Quillerbrook Lane.\n",
        encoding="utf-8",
    )
    out = tmp_path / "learning.json"
    result = run_scr("export", "learning", str(example_copy), "--out", str(out))
    assert result.returncode == 1
    assert not out.exists()
    assert result.stdout == ""
    assert (
        "the draft is not cleared: 1 residual candidate not allowed in the register"
        in result.stderr
    )
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr


def test_several_reviews_give_one_json_lines_file(example_copy, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(example_copy, other)
    review = other / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("anonymous = false", "anonymous = true"),
        encoding="utf-8",
    )
    out = tmp_path / "learning.jsonl"
    result = run_scr("export", "learning", str(example_copy), str(other), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    for record in records:
        jsonschema.Draft202012Validator(SCHEMA).validate(record)
    assert [r["partnership"] for r in records] == [
        "Northmoor Safeguarding Children Partnership",
        "anonymous",
    ]
    assert "Exported 2 reviews as JSON Lines" in result.stderr


def test_one_review_not_cleared_refuses_the_whole_export(example_copy, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(example_copy, other)
    (other / "report" / "90-conclusions.md").write_text(
        "# Conclusions\n\nZebedee Quillerbrook met the family.\n", encoding="utf-8"
    )
    out = tmp_path / "learning.jsonl"
    result = run_scr("export", "learning", str(example_copy), str(other), "--out", str(out))
    assert result.returncode == 1 and not out.exists()
    assert f"{other}: the draft is not cleared" in result.stderr
    assert f"{example_copy}: " not in result.stderr


def test_themes_outside_the_controlled_list_are_problems_naming_the_list(example_copy):
    review = example_copy / "review.toml"
    text = review.read_text(encoding="utf-8")
    review.write_text(
        text.replace('themes = ["non-accidental injury in infants",', 'themes = ["baby injuries",'),
        encoding="utf-8",
    )
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t.startswith("themes = "))
    result = run_scr("check", str(example_copy))
    assert result.returncode == 1
    assert (
        f"review.toml:{line}:1: theme 'baby injuries' is not in the 'abuse' list of "
        "learning-themes.toml; choose one from it, or add it there"
    ) in result.stderr
    refused = run_scr("export", "learning", str(example_copy))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "theme 'baby injuries' is not in the 'abuse' list" in refused.stderr
    # the partnership extends its list, and the theme is accepted
    themes = example_copy / "learning-themes.toml"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace(
            '    "neglect",', '    "neglect",\n    "baby injuries",'
        ),
        encoding="utf-8",
    )
    assert run_scr("check", str(example_copy)).returncode == 0


def test_a_findings_theme_is_checked_and_a_review_without_a_list_uses_scrs(example_copy):
    (example_copy / "learning-themes.toml").unlink()
    finding = example_copy / "findings" / "F-04.md"
    finding.write_text(
        finding.read_text(encoding="utf-8").replace(
            '"health record systems", "information sharing"', '"record systems"'
        ),
        encoding="utf-8",
    )
    result = run_scr("check", str(example_copy))
    assert (
        "findings/F-04.md:6:1: theme 'record systems' is not in the 'learning' list of "
        "scr's default learning-themes.toml (copy it into the review to extend it)" in result.stderr
    )


def test_more_than_three_abuse_themes_is_a_problem(example_copy):
    review = example_copy / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            '"care leavers as parents"]', '"care leavers as parents", "neglect"]'
        ),
        encoding="utf-8",
    )
    result = run_scr("check", str(example_copy))
    assert "'learning.themes' has 4 themes; the national record takes at most 3" in result.stderr


def test_a_value_outside_the_schema_refuses_the_export(example_copy):
    review = example_copy / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace('age_band = "under 1"', 'age_band = "baby"'),
        encoding="utf-8",
    )
    check = run_scr("check", str(example_copy))
    assert "'learning.age_band' is 'baby'; expected one of: unborn, under 1" in check.stderr
    result = run_scr("export", "learning", str(example_copy))
    assert result.returncode == 1
    assert (
        "the record does not match the schema: $.child.age_band: 'baby' is not one of"
        in result.stderr
    )


def test_words_only_the_export_carries_pass_the_residual_detector(example_copy):
    review = example_copy / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            '"the partnership\'s newsletter"', '"a talk by Quentin Ravensworth at the school"'
        ),
        encoding="utf-8",
    )
    result = run_scr("export", "learning", str(example_copy))
    assert result.returncode == 1
    assert "review.toml [learning] $.spread[2]: residual candidate" in result.stderr
    assert "Ravensworth" in result.stderr  # the reviewer is told what to fix (stderr only)


def test_a_folder_that_is_not_a_review_exits_2(tmp_path):
    result = run_scr("export", "learning", str(tmp_path))
    assert result.returncode == 2
    assert "not a review" in result.stderr


def test_the_json_lines_load_into_sqlite_with_the_documented_command(example_copy, tmp_path):
    out = tmp_path / "learning.jsonl"
    copy = tmp_path / "second"
    shutil.copytree(example_copy, copy)
    assert (
        run_scr("export", "learning", str(example_copy), str(copy), "--out", str(out)).returncode
        == 0
    )
    docs = (REPO / "docs" / "learning.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(python3 -c .*?sqlite3.*?)\n```", docs, re.S).group(1)
    subprocess.run(command, shell=True, cwd=tmp_path, check=True, capture_output=True)
    db = sqlite3.connect(tmp_path / "learning.db")
    rows = db.execute("SELECT count(*) FROM review, json_each(review.doc, '$.findings')").fetchone()
    assert rows == (8,)


def test_the_schema_is_shipped_and_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert SCHEMA_FILE.name == "learning.schema.json" and SCHEMA_FILE.parent.name == "data"


def test_questions_and_prose_are_read_as_a_reader_sees_them():
    assert list_items("- One [F-01]\n  two.\n* Three?\n1. Four") == ["One two.", "Three?", "Four"]
    assert prose("A  finding\n[KPE-02] here [SRC-001].") == "A finding here."
