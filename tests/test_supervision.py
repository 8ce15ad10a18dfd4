"""`scr diff`, `scr challenge` and `scr signoff` on real git repositories."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomli

from conftest import git, run_scr
from scrtui import peer_record, supervision
from scrtui.changes import sentences
from scrtui.store.loader import load


def scr(root: Path, *args: str, **kwargs):
    return run_scr(*args, cwd=root, **kwargs)


def as_supervisor(root: Path) -> None:
    git("config", "user.name", "Helen Marsh", cwd=root)
    git("config", "user.email", "helen@example.org", cwd=root)


def commit_all(root: Path, message: str) -> None:
    git("add", "--all", cwd=root)
    git("commit", "-q", "-m", message, cwd=root)


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return tomli.loads(text.split("+++\n")[1])


def one_line_failure(result, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scr: "), result.stderr
    return lines[0]


# -- scr diff --------------------------------------------------------------------------------
def replace_section(text: str, title: str, new: str) -> tuple[str, int]:
    """The text with a section's body replaced, and how many sentences it had."""
    pattern = re.compile(rf"(## {re.escape(title)}\n)(.*?)(?=\n## |\Z)", re.S)
    match = pattern.search(text)
    assert match, title
    return text[: match.start(2)] + new + text[match.end(2) :], len(sentences(match.group(2)))


def test_diff_summarises_a_scripted_series_of_edits(example_repo):
    root = example_repo
    finding = root / "findings/F-02.md"
    text = finding.read_text(encoding="utf-8")
    old = front(finding)
    sources = sorted(p.stem for p in (root / "sources").glob("SRC-*.toml"))
    added_source = next(s for s in sources if s not in old["evidence"])
    removed_ref = old["evidence"][0]
    new_evidence = [*old["evidence"][1:], added_source]
    text = text.replace(f"priority = {old['priority']}", "priority = 7", 1)
    listed = ", ".join(f'"{ref}"' for ref in new_evidence)
    text = re.sub(r"^evidence = .*$", f"evidence = [{listed}]", text, count=1, flags=re.M)
    text, before = replace_section(
        text, "Why it matters", "First new sentence.\nSecond new sentence.\nThird new sentence.\n"
    )
    finding.write_text(text, encoding="utf-8")
    commit_all(root, "edit F-02")

    marker = root / "markers/analysis.toml"
    data = tomli.loads(marker.read_text(encoding="utf-8"))
    question = next(q for q in data["question"] if q["status"] != "met")
    marker_text = marker.read_text(encoding="utf-8")
    block = marker_text.index(f'id = "{question["id"]}"')
    at = marker_text.index(f'status = "{question["status"]}"', block)
    marker_text = (
        marker_text[:at]
        + 'status = "met"'
        + marker_text[at + len(f'status = "{question["status"]}"') :]
    )
    marker.write_text(marker_text, encoding="utf-8")
    commit_all(root, "marker")

    register = root / "register.toml"
    register.write_text(
        register.read_text(encoding="utf-8")
        + '\n[[person]]\nid = "P-99"\nname = "Zebedee Quarrington"\n'
        'label = "a neighbour"\nrole = "other"\n',
        encoding="utf-8",
    )
    victim = sources[-1]
    (root / f"sources/{victim}.toml").unlink()
    commit_all(root, "register and a source")

    result = scr(root, "challenge", "add", "F-02", "--text", "Is this about the system?")
    assert result.returncode == 0, result.stderr
    challenge = result.stdout.split()[1]

    result = scr(root, "diff")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Changes since the first commit (")
    assert lines[0].endswith(", 4 commits:")
    title = data["title"]
    assert lines[1:] == [
        f"  Source {victim}: removed",
        f"  Finding F-02: priority {old['priority']} -> 7; evidence added {added_source}, "
        f"removed {removed_ref}; 'Why it matters' rewritten (+3 -{before} sentences)",
        f"  Marker {title}: {question['id']} {question['status']} -> met",
        f"  Challenge {challenge}: raised on F-02",
        "  Register: 1 entry added",
        "5 files changed.",
    ]
    assert "Zebedee" not in result.stdout

    data = json.loads(scr(root, "diff", "--json").stdout)
    assert data["commits"] == 4 and data["from"]["rev"] == "the first commit"
    assert [c["label"] for c in data["changes"]] == [
        f"Source {victim}",
        "Finding F-02",
        f"Marker {title}",
        f"Challenge {challenge}",
        "Register",
    ]
    assert data["changes"][0]["kind"] == "removed"
    assert "diff" not in data

    full = scr(root, "diff", "--full").stdout
    assert "-" + old["evidence"][0] not in full  # the TOML line changed, not a bare id
    assert "+Second new sentence." in full
    assert "+++ b/findings/F-02.md" in full


def test_diff_defaults_to_the_last_signoff_and_takes_any_two_revisions(example_repo):
    root = example_repo
    as_supervisor(root)
    scr(root, "challenge", "resolve", "CHL-002")
    first = git("rev-parse", "HEAD", cwd=root).strip()
    assert scr(root, "signoff").returncode == 0
    result = scr(root, "diff")
    assert result.returncode == 0
    assert result.stdout.startswith("Changes since signoff/1 (")
    assert "signed off by Helen Marsh" in result.stdout and result.stdout.strip().endswith(
        "0 commits: no changes."
    )

    review = root / "review.toml"
    review.write_text(review.read_text().replace('stage = "running"', 'stage = "outputs"'))
    commit_all(root, "stage")
    result = scr(root, "diff")
    assert result.stdout.splitlines()[1:] == [
        "  Review: stage running -> outputs",
        "1 file changed.",
    ]
    between = scr(root, "diff", "HEAD", first)
    assert between.returncode == 0
    assert "Review: stage outputs -> running" in between.stdout


def test_diff_failures_are_one_line(example_repo, tmp_path):
    line = one_line_failure(scr(example_repo, "diff", "no-such-rev"), 2)
    assert "unknown revision 'no-such-rev'" in line
    plain = tmp_path / "plain"
    plain.mkdir()
    one_line_failure(scr(plain, "diff"), 2)


# -- scr challenge ---------------------------------------------------------------------------
def test_challenge_add_respond_resolve_list(example_repo):
    root = example_repo
    as_supervisor(root)
    result = scr(
        root,
        "challenge",
        "add",
        "KPE-01",
        "--text",
        "Is the standard the right one? Please cite the procedure.",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Raised CHL-003 on Episode KPE-01 (commit ")
    path = root / "challenges/CHL-003.md"
    data = front(path)
    assert data["target"] == "KPE-01" and data["raised_by"] == "Helen Marsh"
    assert data["status"] == "open"
    assert (
        "## Challenge\nIs the standard the right one?\nPlease cite the procedure.\n"
        in path.read_text()
    )
    log = git("log", "-1", "--format=%an|%s", cwd=root).strip()
    assert log == "Helen Marsh|Challenge CHL-003 raised on Episode KPE-01"

    git("config", "user.name", "Ruth Okafor", cwd=root)
    result = subprocess.run(
        [sys.executable, "-m", "scrtui", "challenge", "respond", "CHL-003", "--text", "-"],
        cwd=root,
        input="The 2022 procedure is cited.\nSee the appraisal.\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert front(path)["status"] == "responded"
    assert "## Response\nThe 2022 procedure is cited.\nSee the appraisal.\n" in path.read_text()
    assert (
        git("log", "-1", "--format=%an|%s", cwd=root).strip()
        == "Ruth Okafor|Challenge CHL-003: response written"
    )

    listed = scr(root, "challenge", "list", "--open").stdout
    assert [line.split()[0] for line in listed.splitlines()[:-1]] == ["CHL-002", "CHL-003"]
    assert listed.splitlines()[-1] == "2 challenges, 2 open."

    as_supervisor(root)
    result = scr(root, "challenge", "resolve", "CHL-003", "--text", "Agreed.")
    assert result.returncode == 0, result.stderr
    data = front(path)
    assert data["status"] == "resolved" and data["resolved_by"] == "Helen Marsh"
    assert "## Resolution\nAgreed.\n" in path.read_text()
    assert git("log", "-1", "--format=%s", cwd=root).strip() == "Challenge CHL-003 resolved"
    assert git("status", "--porcelain", cwd=root) == ""

    result = scr(root, "challenge", "resolve", "CHL-002", "--impasse")
    assert result.returncode == 0
    assert front(root / "challenges/CHL-002.md")["status"] == "impasse"
    assert scr(root, "challenge", "list", "--open").stdout.strip() == "No open challenges."
    listed = json.loads(scr(root, "challenge", "list", "--json").stdout)
    assert [(c["id"], c["status"]) for c in listed] == [
        ("CHL-001", "resolved"),
        ("CHL-002", "impasse"),
        ("CHL-003", "resolved"),
    ]
    assert load(root).problems == []


def test_challenge_refusals_are_one_line(example_repo):
    root = example_repo
    line = one_line_failure(scr(root, "challenge", "add", "F-99", "--text", "Why?"), 2)
    assert "no record 'F-99'" in line
    line = one_line_failure(scr(root, "challenge", "respond", "CHL-042", "--text", "x"), 2)
    assert "CHL-001, CHL-002" in line
    line = one_line_failure(scr(root, "challenge", "resolve", "CHL-001"), 1)
    assert "already resolved" in line
    one_line_failure(scr(root, "challenge", "respond", "CHL-001", "--text", "Late."), 1)
    one_line_failure(scr(root, "challenge", "add", "F-01", "--text", "  "), 2)
    assert git("status", "--porcelain", cwd=root) == ""


def test_no_git_identity_is_one_line_and_writes_nothing(example_repo, tmp_path):
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("")
    env = {"GIT_CONFIG_GLOBAL": str(empty), "HOME": str(tmp_path)}
    line = one_line_failure(
        scr(example_repo, "challenge", "add", "F-01", "--text", "Why?", env=env), 1
    )
    assert "git config --global user.name" in line
    assert not (example_repo / "challenges/CHL-003.md").exists()
    one_line_failure(scr(example_repo, "signoff", "--with-open", env=env), 1)


def test_check_reports_a_challenge_whose_target_is_gone(example_repo):
    root = example_repo
    assert (
        scr(root, "challenge", "add", "SRC-019", "--text", "Is this source needed?").returncode == 0
    )
    (root / "sources/SRC-019.toml").unlink()
    result = scr(root, "check")
    assert result.returncode == 1
    assert re.search(
        r"^challenges/CHL-003\.md:\d+:\d+: challenge target 'SRC-019' does not "
        r"exist$",
        result.stderr,
        re.M,
    ), result.stderr


def test_set_section_replaces_appends_and_creates():
    body = "## Challenge\nWhy?\n\n## Response\n"
    once = supervision.set_section(body, "Response", "Because.", append=True)
    assert once == "## Challenge\nWhy?\n\n## Response\nBecause.\n"
    twice = supervision.set_section(once, "Response", "Also.", append=True)
    assert twice == "## Challenge\nWhy?\n\n## Response\nBecause.\n\nAlso.\n"
    replaced = supervision.set_section(twice, "Challenge", "How?")
    assert replaced == "## Challenge\nHow?\n\n## Response\nBecause.\n\nAlso.\n"
    assert supervision.set_section(body, "Resolution", "Done.").endswith(
        "## Response\n\n## Resolution\nDone.\n"
    )


# -- scr signoff -----------------------------------------------------------------------------
def test_signoff_is_refused_while_challenges_are_open(example_repo):
    root = example_repo
    as_supervisor(root)
    line = one_line_failure(scr(root, "signoff"), 1)
    assert "1 challenge is still open (CHL-002)" in line
    assert git("tag", "-l", cwd=root).strip() == ""

    result = scr(root, "signoff", "--with-open", "-m", "Chronology agreed")
    assert result.returncode == 0, result.stderr
    assert "Signed off with open challenges: CHL-002." in result.stdout
    message = git("tag", "-l", "--format=%(contents)", "signoff/1", cwd=root)
    assert message.startswith("Sign-off 1: Chronology agreed\n")
    assert "Resolved since the start of the review: CHL-001 (F-02, resolved)" in message
    assert "Signed off with open challenges: CHL-002 (KPE-02, open)" in message
    assert (
        git("tag", "-l", "--format=%(taggername) %(taggeremail)", "signoff/1", cwd=root).strip()
        == "Helen Marsh <helen@example.org>"
    )
    assert git("rev-parse", "signoff/1^{commit}", cwd=root) == git("rev-parse", "HEAD", cwd=root)

    line = one_line_failure(scr(root, "signoff", "--with-open"), 1)
    assert "already signed off as signoff/1" in line

    assert scr(root, "challenge", "resolve", "CHL-002").returncode == 0
    result = scr(root, "signoff", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == "signoff/2" and data["resolved"] == ["CHL-002"] and data["open"] == []
    assert data["by"] == "Helen Marsh"
    signed = peer_record.read_signoffs(root)
    assert [(s.name, s.resolved, s.open) for s in signed] == [
        ("signoff/1", ["CHL-001"], ["CHL-002"]),
        ("signoff/2", ["CHL-002"], []),
    ]


def test_signoff_refuses_uncommitted_changes(example_repo):
    (example_repo / "review.toml").write_text(
        "# draft\n" + (example_repo / "review.toml").read_text()
    )
    line = one_line_failure(scr(example_repo, "signoff", "--with-open"), 1)
    assert "uncommitted changes" in line


# -- for the build ---------------------------------------------------------------------------
def test_peer_challenge_record_is_plain_data(example_repo):
    root = example_repo
    as_supervisor(root)
    scr(root, "challenge", "resolve", "CHL-002", "--text", "A second conversation was held.")
    scr(root, "signoff")
    review = load(root).model
    record = peer_record.peer_challenge_record(review, peer_record.read_signoffs(root))
    assert json.loads(json.dumps(record)) == record
    assert [c["id"] for c in record["challenges"]] == ["CHL-001", "CHL-002"]
    second = record["challenges"][1]
    assert second["target"] == "KPE-02" and second["target_label"] == "Episode KPE-02"
    assert second["status"] == "resolved" and second["resolved_by"] == "Helen Marsh"
    assert second["resolution"] == "A second conversation was held."
    assert record["challenges"][0]["response"].startswith("Agreed.")
    assert record["open"] == []
    (signed,) = record["signoffs"]
    assert signed["by"] == "Helen Marsh" and signed["name"] == "signoff/1"
    assert signed["commit"] == git("rev-parse", "HEAD", cwd=root).strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", signed["when"])
    assert "example.org" not in json.dumps(record)
    assert peer_record.peer_challenge_record(review, []) == {**record, "signoffs": []}


@pytest.mark.parametrize("command", [["signoff"], ["challenge", "list"], ["sync"]])
def test_commands_outside_a_repository_are_one_line(tmp_path, command):
    one_line_failure(run_scr(*command, cwd=tmp_path), 2)
