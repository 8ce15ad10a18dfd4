"""`scr init`, `scr demo` and `scr check` as a user runs them: real processes, real git."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git, run_scr

LAYOUT = [
    "review.toml",
    "purpose.md",
    "scope.toml",
    "register.toml",
    "markers/clarity-of-purpose.toml",
    "markers/form-and-focus.toml",
    "markers/assembling-information.toml",
    "markers/analysis.toml",
    "markers/the-report.toml",
    "report/01-introduction.md",
    ".gitignore",
]


def test_init_then_check_is_clean_with_one_commit(tmp_path):
    review = tmp_path / "new-review"
    result = run_scr("init", str(review), "--title", "SCR: Child B")
    assert result.returncode == 0, result.stderr
    for rel in LAYOUT:
        assert (review / rel).is_file(), rel
    for folder in ("sources", "chronology", "episodes", "findings", "challenges"):
        assert (review / folder).is_dir(), folder
    assert "build/" in (review / ".gitignore").read_text().splitlines()

    log = git("log", "--format=%an|%s", cwd=review).splitlines()
    assert log == ["Test Reviewer|Start review: SCR: Child B"]
    assert git("status", "--porcelain", cwd=review) == ""

    text = (review / "review.toml").read_text()
    assert 'title = "SCR: Child B"' in text
    assert "# The review. Public information only" in text  # the template's comments survive

    check = run_scr("check", str(review))
    assert check.returncode == 0, check.stderr
    assert check.stderr == ""
    assert "Clarity of purpose" in check.stdout and "0/3 answered" in check.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run_scr("init", str(tmp_path / "busy"))
    assert result.returncode == 2
    assert "not empty" in result.stderr
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"
    assert not (tmp_path / "busy" / "review.toml").exists()


def test_init_into_an_existing_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run_scr("init", str(tmp_path / "empty")).returncode == 0
    assert (tmp_path / "empty" / ".git").is_dir()


def test_init_without_a_git_identity_explains_and_leaves_nothing(tmp_path, git_identity):
    git_identity.write_text("")  # no user.name / user.email anywhere
    review = tmp_path / "r"
    result = run_scr("init", str(review))
    assert result.returncode == 1
    assert "git config --global user.name" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not review.exists()


def test_example_review_passes_check(tmp_path, example_repo):
    result = run_scr("check", str(example_repo))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "The report" in result.stdout


def test_check_json_reports_problems_and_progress(example_copy):
    finding = sorted((example_copy / "findings").glob("F-*.md"))[0]
    finding.write_text(finding.read_text() + "\nSee [SRC-999].\n")
    result = run_scr("check", str(example_copy), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    [problem] = report["problems"]
    assert problem["path"] == f"findings/{finding.name}"
    assert problem["line"] == len(finding.read_text().splitlines())
    assert problem["col"] == 5  # the "[" of "See [SRC-999]."
    assert "SRC-999" in problem["message"]
    assert {m["id"] for m in report["progress"]} >= {"analysis", "the-report"}


def test_check_on_a_folder_that_is_not_a_review(tmp_path):
    result = run_scr("check", str(tmp_path))
    assert result.returncode == 2
    assert "not a review" in result.stderr
    assert run_scr("check", str(tmp_path / "missing")).returncode == 2


def test_check_defaults_to_the_current_folder(example_copy):
    assert run_scr("check", cwd=example_copy).returncode == 0


def test_a_sixth_marker_needs_no_code_change(example_copy):
    (example_copy / "markers" / "family-involvement.toml").write_text(
        'id = "family-involvement"\n'
        'title = "Family involvement"\n'
        'stage = "running the review"\n'
        'parts = ["scope"]\n'
        'statement = """Family members are invited to contribute."""\n'
        "\n[[guidance]]\n"
        'title = "Knowledge base"\n'
        'text = "- Families hold knowledge no agency record has."\n'
        "\n[[question]]\n"
        'id = "Q1"\n'
        'text = "Were family members invited to contribute?"\n'
        'status = "met"\n'
        'note = "Grandmother met the reviewer."\n'
        'evidence = ["scope.toml"]\n'
        "\n[[question]]\n"
        'id = "Q2"\n'
        'text = "Was their contribution fed back to them?"\n'
        'status = "not started"\n'
        'note = ""\n'
        "evidence = []\n",
        encoding="utf-8",
    )
    result = run_scr("check", str(example_copy))
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if "Family involvement" in ln)
    assert "1/2 answered" in line


def test_demo_copies_the_example_and_says_where(tmp_path):
    target = tmp_path / "demo"
    result = run_scr("demo", str(target), "--no-open")
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    assert (target / "review.toml").is_file()
    assert git("log", "--format=%s", cwd=target).strip() == "Start review: the example review"


def test_demo_works_without_a_git_identity(tmp_path, git_identity):
    git_identity.write_text("")
    target = tmp_path / "demo"
    result = run_scr("demo", str(target), "--no-open")
    assert result.returncode == 0, result.stderr
    assert (target / "findings").is_dir()
    assert "nothing was committed" in result.stderr
    assert run_scr("check", str(target)).returncode == 0


def test_demo_defaults_to_a_temporary_folder():
    result = run_scr("demo", "--no-open")
    assert result.returncode == 0, result.stderr
    where = Path(result.stdout.splitlines()[0].rsplit(" ", 1)[1])
    try:
        assert (where / "review.toml").is_file()
    finally:
        import shutil

        shutil.rmtree(where.parent, ignore_errors=True)
