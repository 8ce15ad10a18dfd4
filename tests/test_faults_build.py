"""Faults in what a build reads and where it writes (issue 17, items 1, 4, 5, 13, 15).

Each case breaks a copy of the example review the way a hostile user or a slip would, then
runs the real `scr` commands: every failure is one line and an exit code, never a traceback,
nothing outside the review is published, and no confidential file lands inside the review.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_scr

FIXED = {"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"}
OUTSIDE_WORDS = "Outsidesecret Marchbanks wrote this file somewhere else entirely."


@pytest.fixture(scope="module")
def identity(tmp_path_factory) -> dict:
    """A git identity for the module's shared review (the per-test one is not set up yet)."""
    home = tmp_path_factory.mktemp("faults-home")
    config = home / ".gitconfig"
    config.write_text(
        "[user]\n\tname = Test Reviewer\n\temail = reviewer@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    return {"HOME": str(home), "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory, identity) -> Path:
    """The example review as `scr init --example` makes it, built once and cleared."""
    root = tmp_path_factory.mktemp("faults-build") / "review"
    assert run_scr("init", "--example", str(root), env=identity).returncode == 0
    result = run_scr("build", str(root), env={**identity, **FIXED})
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def review(good_build, tmp_path) -> Path:
    """A fresh copy of the built review (its git repository and build/ included)."""
    target = tmp_path / "review"
    shutil.copytree(good_build, target, symlinks=True)
    return target


def one_line_failure(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def set_front_id(path: Path, new_id: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r'(?m)^id = "[^"]*"$', f"id = {json.dumps(new_id)}", text, count=1), encoding="utf-8"
    )


def publication(root: Path) -> dict[str, bytes]:
    folder = root / "build/publication"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# -- item 1: ids that are not PREFIX-digits -----------------------------------------------------
@pytest.mark.parametrize(
    ("record", "bad_id"),
    [
        *[("findings/F-01.md", bad) for bad in ("F-xx", "Fxx", "", "KPE", "../../x")],
        ("episodes/KPE-02.md", "KPE"),
        ("episodes/KPE-02.md", "../../x"),
    ],
)
def test_a_malformed_id_stops_the_build_before_it_touches_the_last_one(review, record, bad_id):
    before = publication(review)
    record_before = (review / "build/confidential/last-build.json").read_bytes()
    set_front_id(review / record, bad_id)
    line = one_line_failure(run_scr("build", str(review), env=FIXED), 1)
    assert line.startswith(f"scr: cannot build: {record}:")
    assert "is not of the form" in line and "the last build's files are kept" in line
    assert publication(review) == before
    assert (review / "build/confidential/last-build.json").read_bytes() == record_before
    check = run_scr("check", str(review))
    assert check.returncode == 1 and record in check.stderr


# -- item 4: links that leave the review --------------------------------------------------------
def outside_file(tmp_path: Path, name: str, text: str) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    target = elsewhere / name
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "rel", ["report/80-x.md", "findings/F-09.md", "purpose.md", "sources/SRC-099.toml"]
)
def test_a_file_linked_from_outside_is_refused_by_check_and_build(review, tmp_path, rel):
    if rel.endswith(".toml"):
        text = f'id = "SRC-099"\ntitle = "{OUTSIDE_WORDS}"\n'
    elif rel.startswith("findings/"):
        text = f'+++\nid = "F-09"\ntitle = "x"\n+++\n# X\n\n{OUTSIDE_WORDS}\n'
    else:
        text = f"# Elsewhere\n\n{OUTSIDE_WORDS}\n"
    link = review / rel
    link.unlink(missing_ok=True)
    link.symlink_to(outside_file(tmp_path, Path(rel).name, text))
    check = run_scr("check", str(review))
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert f"{rel}: is a link to {tmp_path / 'elsewhere'}" in check.stderr
    assert "outside the review" in check.stderr
    built = run_scr("build", str(review), env=FIXED)
    assert built.returncode == 1, built.stdout
    assert "not read (a link that leaves the review" in built.stdout
    for name, data in publication(review).items():
        assert b"Outsidesecret" not in data, name
    manifest = json.loads((review / "build/publication/manifest.json").read_text("utf-8"))
    assert manifest["cleared"] is False


def test_a_record_folder_linked_from_outside_is_refused(review, tmp_path):
    elsewhere = tmp_path / "elsewhere-episodes"
    shutil.copytree(review / "episodes", elsewhere)
    (elsewhere / "KPE-09.md").write_text(
        (elsewhere / "KPE-01.md").read_text("utf-8").replace('id = "KPE-01"', 'id = "KPE-09"')
        + f"\n{OUTSIDE_WORDS}\n",
        encoding="utf-8",
    )
    shutil.rmtree(review / "episodes")
    (review / "episodes").symlink_to(elsewhere, target_is_directory=True)
    check = run_scr("check", str(review))
    assert check.returncode == 1
    assert f"episodes: is a link to {elsewhere}" in check.stderr
    built = run_scr("build", str(review), env=FIXED)
    assert built.returncode == 1
    for name, data in publication(review).items():
        assert b"Outsidesecret" not in data, name


def test_a_link_that_stays_inside_the_review_is_read(review):
    (review / "report/85-again.md").symlink_to("01-introduction.md")
    check = run_scr("check", str(review))
    assert "85-again.md" not in check.stderr


# -- item 5: --out inside the review ------------------------------------------------------------
@pytest.mark.parametrize("inside", [".", "sources", "report/drafts", "publish", "build/.."])
def test_out_inside_the_review_is_refused_and_writes_nothing(review, inside):
    before = sorted(p.relative_to(review) for p in review.rglob("*") if ".git" not in p.parts)
    line = one_line_failure(run_scr("build", str(review), "--out", str(review / inside)), 2)
    assert "inside the review, where git would commit the confidential" in line
    after = sorted(p.relative_to(review) for p in review.rglob("*") if ".git" not in p.parts)
    assert after == before


def test_out_through_a_link_into_the_review_is_refused(review, tmp_path):
    alias = tmp_path / "alias"
    alias.symlink_to(review / "sources", target_is_directory=True)
    line = one_line_failure(run_scr("build", str(review), "--out", str(alias)), 2)
    assert "inside the review" in line
    assert not (review / "sources/confidential").exists()


def test_out_relative_to_the_current_folder_is_judged_where_it_lands(review):
    line = one_line_failure(run_scr("build", ".", "--out", "sources", cwd=review), 2)
    assert "inside the review" in line


def test_out_in_build_or_outside_the_review_is_fine(review, tmp_path):
    assert (
        run_scr("build", str(review), "--out", str(review / "build/other"), env=FIXED).returncode
        == 0
    )
    assert (review / "build/other/confidential/residual-risk.md").is_file()
    assert run_scr("build", str(review), "--out", str(tmp_path / "out"), env=FIXED).returncode == 0


def test_a_build_folder_git_does_not_ignore_is_refused(review):
    (review / ".gitignore").write_text("", encoding="utf-8")
    line = one_line_failure(run_scr("build", str(review), env=FIXED), 2)
    assert "not ignored by git" in line and "add the line build/" in line


# -- item 13: a reference that does not resolve -------------------------------------------------
def test_a_reference_to_a_record_that_dropped_out_is_not_cleared(review):
    finding = review / "findings/F-02.md"
    finding.write_text(
        finding.read_text("utf-8").replace("priority = ", "priority = = ", 1), encoding="utf-8"
    )  # its TOML breaks: F-02 drops out of the draft
    built = run_scr("build", str(review), env=FIXED)
    assert built.returncode == 1, built.stdout
    assert "NOT CLEARED FOR PUBLICATION" in built.stdout
    assert "do not resolve to a record" in built.stdout
    manifest = json.loads((review / "build/publication/manifest.json").read_text("utf-8"))
    assert manifest["cleared"] is False
    reasons = " ".join(manifest["reasons"])
    assert re.search(r"\d+ references in the draft do not resolve", reasons)
    assert "F-02" not in reasons  # the public reasons count; they never quote
    text = (review / "build/publication/report.md").read_text("utf-8")
    assert text.count("NOT CLEARED FOR PUBLICATION") >= 1


def test_an_unknown_reference_in_prose_is_not_cleared(review):
    episode = review / "episodes/KPE-01.md"
    episode.write_text(episode.read_text("utf-8") + "\nSee also [CH-9999].\n", encoding="utf-8")
    built = run_scr("build", str(review), env=FIXED)
    assert built.returncode == 1
    assert "1 reference in the draft does not resolve" in built.stdout
    # The confidential report says which reference, and where it is written.
    report = (review / "build/confidential/residual-risk.md").read_text("utf-8")
    section = report.split("## Missing from the draft (1)", 1)[1]
    assert re.search(r"CH-9999\\?\] names no record: episodes/KPE-01\.md:\d+:\d+", section)


# -- item 15: a file too large to be a review's text --------------------------------------------
def test_a_huge_markdown_file_is_refused_by_check_and_build(review):
    big = review / "report/50-pasted.md"
    line = "An ordinary sentence about practice in the partnership, repeated many times.\n"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("# Pasted\n\n")
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    check = run_scr("check", str(review))
    assert check.returncode == 1
    assert re.search(
        r"report/50-pasted\.md: is 50\.0 MiB; scr reads files of up to 2 MiB", check.stderr
    )
    built = run_scr("build", str(review), env=FIXED)
    assert built.returncode == 1
    assert "1 file of the review was not read" in built.stdout
    assert b"repeated many times" not in (review / "build/publication/report.md").read_bytes()
    report = (review / "build/confidential/residual-risk.md").read_text("utf-8")
    assert "report/50-pasted.md: is 50.0 MiB" in report.split("## Missing from the draft", 1)[1]


def test_a_file_just_under_the_limit_is_read(review):
    from scrtui.store.workspace import MAX_FILE_BYTES

    big = review / "report/50-long.md"
    sentence = "The practitioners met weekly and wrote down what they decided.\n"
    body = "# Long\n\n" + sentence * ((MAX_FILE_BYTES - 100) // len(sentence))
    big.write_text(body, encoding="utf-8")
    assert os.path.getsize(big) < MAX_FILE_BYTES
    check = run_scr("check", str(review))
    assert "50-long.md" not in check.stderr
