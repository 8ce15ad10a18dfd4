"""`scr sync` between a reviewer and a supervisor through a bare remote, as they would work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import git, run_scr


def scr(root: Path, *args: str):
    result = run_scr(*args, cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def ok(root: Path, *args: str) -> str:
    result = scr(root, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def who(root: Path, name: str, email: str) -> None:
    git("config", "user.name", name, cwd=root)
    git("config", "user.email", email, cwd=root)


def edit(root: Path, rel: str, old: str, new: str, message: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git("commit", "-q", "-am", message, cwd=root)


def first_sentence(root: Path, rel: str, section: str) -> str:
    text = (root / rel).read_text(encoding="utf-8")
    return text.split(f"## {section}\n", 1)[1].splitlines()[0]


def commits(root: Path, rev: str = "HEAD") -> set[str]:
    return set(git("rev-list", rev, cwd=root).split())


def status(root: Path, rel: str) -> str:
    return re.search(r'^status = "(\w+)"', (root / rel).read_text(), re.M).group(1)


@pytest.fixture
def team(tmp_path, example_repo):
    """(remote, reviewer clone, supervisor clone), all holding the example review."""
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    reviewer = example_repo
    who(reviewer, "Ruth Okafor", "ruth@example.org")
    git("remote", "add", "origin", str(remote), cwd=reviewer)
    assert ok(reviewer, "sync") == "Synced with origin/main: received 0 commits, sent 1 commit.\n"
    supervisor = tmp_path / "supervisor"
    git("clone", "-q", str(remote), str(supervisor), cwd=tmp_path)
    who(supervisor, "Helen Marsh", "helen@example.org")
    return remote, reviewer, supervisor


def test_a_round_of_peer_challenge_through_a_shared_remote(team):
    remote, reviewer, supervisor = team

    # The reviewer works on a finding; the supervisor pulls and reads what changed.
    edit(reviewer, "findings/F-03.md", "priority = 3", "priority = 2", "F-03 priority")
    ok(reviewer, "sync")
    assert "received 1 commit" in ok(supervisor, "sync")
    summary = ok(supervisor, "diff")
    assert "  Finding F-03: priority 3 -> 2\n" in summary

    # Two challenges, pushed.
    ok(supervisor, "challenge", "add", "F-03", "--text", "Is priority 2 justified?")
    ok(supervisor, "challenge", "add", "KPE-01", "--text", "Which standard applies here?")
    assert ok(supervisor, "sync").startswith(
        "Synced with origin/main: received 0 commits, sent 2 commits"
    )

    # The reviewer responds to both, resolves one, and syncs.
    assert "received 2 commits" in ok(reviewer, "sync")
    ok(reviewer, "challenge", "respond", "CHL-003", "--text", "Yes: see the data.")
    ok(reviewer, "challenge", "respond", "CHL-004", "--text", "The 2022 procedure.")
    ok(reviewer, "challenge", "resolve", "CHL-004")
    assert "sent 3 commits" in ok(reviewer, "sync")

    # The supervisor signs off: refused while CHL-002 and CHL-003 are open.
    assert "received 3 commits" in ok(supervisor, "sync")
    refused = scr(supervisor, "signoff")
    assert refused.returncode == 1
    assert "(CHL-002, CHL-003)" in refused.stderr
    assert git("tag", "-l", cwd=supervisor) == ""
    ok(supervisor, "challenge", "resolve", "CHL-003")
    ok(supervisor, "challenge", "resolve", "CHL-002", "--impasse")
    signed = ok(supervisor, "signoff", "-m", "Findings agreed")
    assert signed.startswith("Signed off ") and "as signoff/1 (Helen Marsh)" in signed
    assert "Resolved since the last sign-off: CHL-001, CHL-002, CHL-003, CHL-004." in signed
    assert ok(supervisor, "sync") == (
        "Synced with origin/main: received 0 commits, sent 2 commits, sent signoff/1.\n"
    )

    # The tag arrives in the reviewer's clone, with the supervisor as tagger.
    assert ok(reviewer, "sync") == (
        "Synced with origin/main: received 2 commits, sent 0 commits, received signoff/1.\n"
    )
    assert git("tag", "-l", cwd=reviewer).split() == ["signoff/1"]
    tagger = git("tag", "-l", "--format=%(taggername)|%(subject)", "signoff/1", cwd=reviewer)
    assert tagger.strip() == "Helen Marsh|Sign-off 1: Findings agreed"
    assert git("rev-parse", "signoff/1^{commit}", cwd=reviewer) == git(
        "rev-parse", "HEAD", cwd=supervisor
    )
    assert ok(reviewer, "diff").strip().endswith("no changes.")
    authors = git("log", "--format=%an|%s", cwd=reviewer).splitlines()
    assert "Helen Marsh|Challenge CHL-003 raised on Finding F-03" in authors
    assert "Ruth Okafor|Challenge CHL-004 resolved" in authors
    assert git("ls-remote", "--tags", "--refs", str(remote), cwd=reviewer).count("signoff/1") == 1
    # Nothing new to send: the tag is not pushed again.
    assert ok(reviewer, "sync") == "Synced with origin/main: received 0 commits, sent 0 commits.\n"


def test_edits_of_different_findings_merge_without_conflict(team):
    _remote, reviewer, supervisor = team
    edit(reviewer, "findings/F-01.md", "priority = 1", "priority = 4", "F-01 by the reviewer")
    line = first_sentence(supervisor, "findings/F-02.md", "Why it matters")
    edit(
        supervisor,
        "findings/F-02.md",
        line,
        line + "\nA sentence from the supervisor.",
        "F-02 by the supervisor",
    )
    ok(reviewer, "sync")
    assert ok(supervisor, "sync") == (
        "Synced with origin/main: received 1 commit, sent 1 commit.\n"
    )
    assert "received 1 commit" in ok(reviewer, "sync")
    for clone in (reviewer, supervisor):
        assert "priority = 4" in (clone / "findings/F-01.md").read_text()
        assert "A sentence from the supervisor." in (clone / "findings/F-02.md").read_text()
        subjects = git("log", "--format=%s", cwd=clone).splitlines()
        assert subjects[:2] == ["F-02 by the supervisor", "F-01 by the reviewer"]
    assert git("rev-parse", "HEAD", cwd=reviewer) == git("rev-parse", "HEAD", cwd=supervisor)


def test_edits_of_different_chronology_entries_in_one_file_merge(team):
    _remote, reviewer, supervisor = team
    rel = "chronology/police.toml"
    entries = re.findall(r'^significance = (".*")$', (reviewer / rel).read_text(), re.M)
    assert len(entries) >= 3
    text = (reviewer / rel).read_text()
    first, last = text.index("significance = "), text.rindex("significance = ")
    (reviewer / rel).write_text(
        text[:first]
        + 'significance = "Reviewer note."'
        + text[first + len("significance = ") + len(entries[0]) :]
    )
    git("commit", "-q", "-am", "first entry", cwd=reviewer)
    text = (supervisor / rel).read_text()
    (supervisor / rel).write_text(
        text[:last]
        + 'significance = "Supervisor note."'
        + text[last + len("significance = ") + len(entries[-1]) :]
    )
    git("commit", "-q", "-am", "last entry", cwd=supervisor)
    ok(reviewer, "sync")
    ok(supervisor, "sync")
    merged = (supervisor / rel).read_text()
    assert "Reviewer note." in merged and "Supervisor note." in merged


def test_a_conflict_stops_and_loses_nothing(team):
    _remote, reviewer, supervisor = team
    rel = "findings/F-01.md"
    sentence = first_sentence(reviewer, rel, "Finding")
    edit(reviewer, rel, sentence, "The reviewer's version of the finding.", "reviewer wording")
    edit(
        supervisor, rel, sentence, "The supervisor's version of the finding.", "supervisor wording"
    )
    ok(reviewer, "sync")
    their_commits = commits(reviewer)

    before_head = git("rev-parse", "HEAD", cwd=supervisor)
    before_text = (supervisor / rel).read_text()
    before_commits = commits(supervisor)
    result = scr(supervisor, "sync")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "findings/F-01.md: changed both here and on origin/main"
    assert lines[-1].startswith(
        "scr: sync stopped: 1 file changed on both sides "
        "(findings/F-01.md); nothing was changed and your 1 local "
        "commit is kept unpushed"
    )
    # Exactly as it was: same commit, same text, clean tree, no rebase left half-done.
    assert git("rev-parse", "HEAD", cwd=supervisor) == before_head
    assert (supervisor / rel).read_text() == before_text
    assert git("status", "--porcelain", cwd=supervisor) == ""
    assert not (supervisor / ".git/rebase-merge").exists()
    assert not (supervisor / ".git/rebase-apply").exists()
    assert git("symbolic-ref", "HEAD", cwd=supervisor).strip() == "refs/heads/main"
    # Both clones still hold every commit: the supervisor's own and (fetched) the reviewer's.
    assert before_commits <= commits(supervisor)
    assert their_commits <= commits(supervisor, "origin/main")
    assert their_commits <= commits(reviewer)
    assert "The supervisor's version" not in (reviewer / rel).read_text()


def test_sync_refusals_are_one_line(example_repo):
    result = scr(example_repo, "sync")
    assert result.returncode == 1
    assert result.stderr.startswith("scr: no git remote is configured; add one with: git remote")
    assert len(result.stderr.strip().splitlines()) == 1


def test_sync_refuses_uncommitted_changes(team):
    _remote, reviewer, _supervisor = team
    (reviewer / "review.toml").write_text((reviewer / "review.toml").read_text() + "# draft\n")
    result = scr(reviewer, "sync")
    assert result.returncode == 1 and "uncommitted changes" in result.stderr


def test_sync_with_a_url_remote_and_no_upstream(tmp_path, example_repo):
    remote = tmp_path / "shared.git"
    git("init", "-q", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    git("remote", "add", "shared", remote.as_uri(), cwd=example_repo)
    assert ok(example_repo, "sync") == (
        "Synced with shared/main: received 0 commits, sent 1 commit.\n"
    )
    assert git("rev-parse", "--abbrev-ref", "@{u}", cwd=example_repo).strip() == "shared/main"
    assert git("rev-parse", "main", cwd=remote) == git("rev-parse", "HEAD", cwd=example_repo)
    unknown = scr(example_repo, "sync", "--remote", "nowhere")
    assert unknown.returncode == 2 and "no remote 'nowhere'" in unknown.stderr


def test_sync_replays_again_when_someone_pushes_in_between(team, monkeypatch):
    """A push rejected because the remote moved is retried after a fresh fetch and rebase."""
    from scrtui import supervision
    from scrtui.store import gitrepo

    _remote, reviewer, supervisor = team
    edit(reviewer, "findings/F-01.md", "priority = 1", "priority = 4", "reviewer F-01")
    edit(supervisor, "findings/F-03.md", "priority = 3", "priority = 5", "supervisor F-03")
    real_push = gitrepo.Repository.push
    calls = []

    def push(self, remote, branch, set_upstream=False):
        calls.append(branch)
        if len(calls) == 1:  # the reviewer gets in first, between our fetch and our push
            ok(reviewer, "sync")
        return real_push(self, remote, branch, set_upstream)

    monkeypatch.setattr(gitrepo.Repository, "push", push)
    result = supervision.sync(supervisor)
    assert len(calls) == 2 and result.conflicts == []
    assert result.pulled == 1 and result.pushed == 1
    ok(reviewer, "sync")
    assert "priority = 5" in (reviewer / "findings/F-03.md").read_text()
    assert "priority = 4" in (supervisor / "findings/F-01.md").read_text()


def test_joining_with_git_init_and_an_unreachable_remote(team, tmp_path):
    remote, reviewer, _supervisor = team
    ok(reviewer, "challenge", "add", "F-01", "--text", "Why priority 1?")
    ok(reviewer, "sync")
    fresh = tmp_path / "fresh"
    git("init", "-q", str(fresh), cwd=tmp_path)
    git("remote", "add", "origin", str(remote), cwd=fresh)
    assert ok(fresh, "sync") == "Synced with origin/main: received 2 commits, sent 0 commits.\n"
    assert (fresh / "challenges/CHL-003.md").is_file()
    git("remote", "set-url", "origin", str(tmp_path / "nowhere.git"), cwd=fresh)
    result = scr(fresh, "sync")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"scr: git fetch from 'origin' failed: fatal: "
        f"'{tmp_path / 'nowhere.git'}' does not appear to be a git "
        "repository"
    )
