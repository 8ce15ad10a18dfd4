"""The publication gate: what makes a draft uncleared, what blocks it, and what clears it."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from conftest import git, run_scr
from scrtui.publish import build, render_html
from scrtui.publish.extract import docx_paragraphs

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}


def clock():
    return datetime(2025, 8, 1, 9, 30, tzinfo=UTC)


def add_sentence(
    root: Path, sentence: str, finding: str = "F-02", section: str = "## How it showed in this case"
) -> int:
    """Put a sentence first in a finding's section, commit it; the line it is on."""
    path = root / "findings" / f"{finding}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(section) + 1
    lines.insert(index, sentence)
    path.write_text("\n".join(lines), encoding="utf-8")
    git("commit", "-qam", f"Add to {finding}", cwd=root)
    return index + 1


def allow(root: Path, text: str, reason: str) -> None:
    path = root / "register.toml"
    entry = f'\n[[allow]]\ntext = "{text}"\nreason = "{reason}"\n'
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
    git("commit", "-qam", "Allow a candidate", cwd=root)


@pytest.mark.parametrize(
    "sentence, kind, text",
    [
        ("A neighbour, Mrs Kowalczyk, also raised a concern.", "name", "Kowalczyk"),
        ("The family lived near NE6 5TT at the time.", "postcode", "NE6 5TT"),
        ("The older sibling, DOB 14/03/2019, was at school.", "date_of_birth", "14/03/2019"),
    ],
)
def test_a_residual_candidate_makes_the_draft_uncleared(example_repo, sentence, kind, text):
    line = add_sentence(example_repo, sentence)
    result = run_scr("build", str(example_repo), env=FIXED)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    col = sentence.index(text) + 1
    expected = (
        f"findings/F-02.md:{line}:{col}: residual candidate ({kind}) '{text}' is not "
        "allowed in the register"
    )
    assert expected in result.stderr.splitlines()
    assert "NOT CLEARED FOR PUBLICATION" in result.stdout

    publication = example_repo / "build" / "publication"
    manifest = json.loads((publication / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cleared"] is False and manifest["status"] == "not cleared"
    assert manifest["stamp"] == "NOT CLEARED FOR PUBLICATION"
    assert manifest["residual_candidates"]["by_kind"][kind]["not_allowed"] == 1
    assert text not in json.dumps(manifest)  # the public manifest counts, it never quotes

    # stamped on the first page of every format
    md = (publication / "report.md").read_text(encoding="utf-8")
    assert md.split("\n")[2].startswith("> **NOT CLEARED FOR PUBLICATION.**")
    page = (publication / "report.html").read_text(encoding="utf-8")
    assert page.index('class="stamp"') < page.index("<nav")
    assert "<title>NOT CLEARED: " in page
    data = (publication / "report.docx").read_bytes()
    paragraphs = docx_paragraphs(data)
    assert paragraphs[1].startswith("NOT CLEARED FOR PUBLICATION.")
    header = docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    assert header == "NOT CLEARED FOR PUBLICATION"

    report = (example_repo / "build/confidential/residual-risk.md").read_text(encoding="utf-8")
    assert f"| {kind} | {text} | findings/F-02.md:{line}:{col} |" in report


def test_allowing_the_candidate_with_a_reason_clears_the_draft(example_repo):
    add_sentence(example_repo, "The board met at Kowalczyk House in the autumn.")
    assert run_scr("build", str(example_repo), env=FIXED).returncode == 1
    allow(example_repo, "Kowalczyk House", "the partnership's offices, named in every report")
    result = run_scr("build", str(example_repo), env=FIXED)
    assert result.returncode == 0, (result.stdout, result.stderr)
    report = (example_repo / "build/confidential/residual-risk.md").read_text(encoding="utf-8")
    assert "the partnership's offices, named in every report" in report


def test_an_allowance_without_a_reason_does_not_clear(example_repo):
    add_sentence(example_repo, "The board met at Kowalczyk House in the autumn.")
    allow(example_repo, "Kowalczyk House", "")
    result = run_scr("build", str(example_repo), env=FIXED)
    assert result.returncode == 1
    assert "allowed without a reason" in result.stderr


def test_registering_the_name_clears_it_by_replacing_it(example_repo, tmp_path):
    add_sentence(example_repo, "A neighbour, Mrs Kowalczyk, also raised a concern.")
    path = example_repo / "register.toml"
    entry = (
        '\n[[person]]\nid = "P-16"\nname = "Marta Kowalczyk"\naliases = ["Mrs Kowalczyk"]\n'
        'label = "a neighbour"\nrole = "other"\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
    result = build(example_repo, tmp_path / "out", clock=clock)
    assert result.cleared, result.reasons
    text = (tmp_path / "out/publication/report.md").read_text(encoding="utf-8")
    assert "Kowalczyk" not in text and "A neighbour, a neighbour, also raised" in text


def test_a_survivor_in_a_finished_file_blocks_and_removes_the_files(
    example_repo, tmp_path, monkeypatch
):
    real = render_html.finish_html

    def leaky(page, stamp, fills):  # a renderer bug that lets a name through
        return real(page, stamp, fills).replace("</main>", "<p>Alfie</p></main>")

    monkeypatch.setattr(render_html, "finish_html", leaky)
    out = tmp_path / "out"
    result = build(example_repo, out, clock=clock)
    assert result.status == "blocked" and result.exit_code == 1
    assert result.publication == [] and result.manifest is None
    assert list((out / "publication").iterdir()) == []
    assert result.found and result.found[0].file == "report.html"
    assert "P-01" in result.found[0].entry_ids
    assert "registered identifier found in the finished report.html" in result.reasons[0]
    report = (out / "confidential/residual-risk.md").read_text(encoding="utf-8")
    assert "BLOCKED" in report and "| report.html |" in report


def test_a_missing_register_blocks(example_repo):
    (example_repo / "register.toml").unlink()
    assert run_scr("build", str(example_repo), env=FIXED).returncode == 1
    git("commit", "-qam", "Remove the register", cwd=example_repo)
    result = run_scr("build", str(example_repo), env=FIXED)
    assert result.returncode == 1
    assert "BLOCKED" in result.stdout and "register" in result.stdout
    assert not any((example_repo / "build/publication").iterdir())


def test_a_broken_register_blocks(example_repo):
    path = example_repo / "register.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[person]\n", encoding="utf-8")
    result = run_scr("build", str(example_repo), env=FIXED)
    assert result.returncode == 1, result.stdout
    assert "cannot be anonymised" in result.stdout
    assert not any((example_repo / "build/publication").iterdir())


def test_a_label_that_contains_a_registered_name_is_not_cleared(example_repo, tmp_path):
    path = example_repo / "register.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('label = "Grandmother"', 'label = "Nan Denise"'), encoding="utf-8")
    result = build(example_repo, tmp_path / "out", clock=clock)
    assert result.status in ("not cleared", "blocked")
    assert any("label" in reason for reason in result.reasons)


def test_the_confidential_report_locates_candidates_in_toml_fields(example_repo, tmp_path):
    path = example_repo / "scope.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('name = "Police"', 'name = "Police, Kowalczyk Road station"'), encoding="utf-8"
    )
    rows = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, row in enumerate(rows, 1) if "Kowalczyk Road" in row)
    col = rows[line - 1].index("Kowalczyk") + 1
    result = build(example_repo, tmp_path / "out", clock=clock)
    assert not result.cleared
    where = {c.where for c in result.candidates if c.allowed is None}
    assert f"scope.toml:{line}:{col}" in where
