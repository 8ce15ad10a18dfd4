"""Faults in the git layer (issue 17, items 6 and 7): stale lock files and an interrupted save's
temporary files. The kill tests, which make these faults for real, are in test_faults_kill.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import git, run_scr
from scrtui.store import gitrepo, locking
from scrtui.store.documents import TomlFile
from scrtui.store.files import atomic_write
from scrtui.store.snapshot import snapshot


def status(root: Path) -> str:
    return git("status", "--porcelain", "--untracked-files=all", cwd=root)


def challenge_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "challenges").glob("CHL-*.md"))


# -- item 6: stale locks ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "locks", [[".git/index.lock"], [".git/HEAD.lock", ".git/refs/heads/main.lock"]]
)
def test_a_stale_lock_is_named_and_a_failed_challenge_leaves_nothing_behind(example_repo, locks):
    for rel in locks:
        (example_repo / rel).write_text("", encoding="utf-8")
    before = challenge_files(example_repo)
    for _attempt in range(2):  # a retry adds no duplicate either
        result = run_scr(
            "challenge", "add", "F-01", "--text", "Why priority 1?", "-C", str(example_repo)
        )
        assert result.returncode == 1
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and "Traceback" not in line
        assert line.startswith("scr: git commit failed: the repository is locked by ")
        for rel in locks:
            assert f"{rel}, which no process holds" in line
            assert str(example_repo / rel) in line.split("remove ", 1)[1]
        assert "with: rm " in line
        assert challenge_files(example_repo) == before
        assert status(example_repo) == ""
    for rel in locks:
        (example_repo / rel).unlink()
    result = run_scr(
        "challenge", "add", "F-01", "--text", "Why priority 1?", "-C", str(example_repo)
    )
    assert result.returncode == 0, result.stderr
    assert len(challenge_files(example_repo)) == len(before) + 1
    assert status(example_repo) == ""


def test_a_failed_response_puts_the_challenge_back_as_it_was(example_repo):
    path = example_repo / "challenges/CHL-002.md"
    before = path.read_bytes()
    (example_repo / ".git/index.lock").write_text("", encoding="utf-8")
    result = run_scr(
        "challenge", "respond", "CHL-002", "--text", "Agreed.", "-C", str(example_repo)
    )
    assert result.returncode == 1 and "index.lock" in result.stderr
    assert path.read_bytes() == before
    assert status(example_repo) == ""


def test_the_lock_error_says_who_holds_a_lock_and_removal_waits_for_it(example_repo):
    lock = example_repo / ".git/index.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; f = open(sys.argv[1], 'w'); print('ready', flush=True); sys.stdin.read()",
            str(lock),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        (example_repo / "findings/F-01.md").write_text("changed\n", encoding="utf-8")
        with pytest.raises(locking.RepositoryLocked) as caught:
            gitrepo.Repository(example_repo).commit("Change F-01", ["findings/F-01.md"])
        error = caught.value
        assert [lock.name for lock in error.locks] == [".git/index.lock"]
        assert error.locks[0].held and not error.stale
        assert error.locks[0].holders[0].pid == holder.pid
        assert f"held by a running process (pid {holder.pid}" in str(error)
        assert "wait for that git command to finish" in str(error)
        with pytest.raises(locking.LockInUse):
            locking.remove_stale_lock(error.locks[0])
        assert lock.exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    found = locking.find_locks(example_repo)
    assert [entry.stale for entry in found] == [True]
    locking.remove_stale_lock(found[0])
    assert not lock.exists()
    sha = gitrepo.Repository(example_repo).commit("Change F-01", ["findings/F-01.md"])
    assert sha is not None


def test_find_locks_sees_branch_locks_and_nothing_in_a_clean_repository(example_repo):
    assert locking.find_locks(example_repo) == []
    (example_repo / ".git/refs/heads/main.lock").write_text("", encoding="utf-8")
    (example_repo / ".git/HEAD.lock").write_text("", encoding="utf-8")
    names = [lock.name for lock in locking.find_locks(example_repo)]
    assert names == [".git/HEAD.lock", ".git/refs/heads/main.lock"]


# -- item 7: an interrupted save's temporary files ------------------------------------------------
def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_temporary_files_are_ignored_by_check_build_and_git_and_cleaned_by_the_next_save(
    example_repo,
):
    stale = [
        example_repo / f"findings/.F-01.md.{dead_pid()}.k2j4_x9q.tmp",
        example_repo / ".review.toml.8fz3kq1a.tmp",
    ]  # the second as scr 0.1 named them
    for path in stale:
        path.write_text("half a save", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale[1], (old, old))
    check = run_scr("check", str(example_repo))
    assert check.returncode == 0, check.stderr
    assert not snapshot(example_repo).dirty
    assert not gitrepo.Repository(example_repo).is_dirty()
    build = run_scr("build", str(example_repo), "--format", "md")
    assert build.returncode == 0, build.stderr
    assert "Working tree: clean" in (example_repo / "build/publication/report.md").read_text(
        "utf-8"
    )

    document = TomlFile.open(example_repo, "review.toml")
    document.doc["title"] = "Serious Case Review: Child A (revised)"
    document.save()
    assert not stale[1].exists()  # the same folder: cleaned by the save itself
    assert stale[0].exists()
    gitrepo.Repository(example_repo).commit("Retitle")  # every save is a commit: all folders
    assert not stale[0].exists()
    assert status(example_repo) == ""


def test_a_temporary_file_that_a_live_save_is_writing_is_kept(tmp_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        busy = tmp_path / f".F-02.md.{writer.pid}.abcdefgh.tmp"
        busy.write_text("being written", encoding="utf-8")
        atomic_write(tmp_path / "F-02.md", "done\n")
        assert busy.exists()
    finally:
        writer.stdin.close()
        writer.wait(timeout=10)
    atomic_write(tmp_path / "F-02.md", "again\n")
    assert not busy.exists()


def test_commit_of_everything_never_takes_a_temporary_file(example_repo):
    (example_repo / f"sources/.SRC-001.toml.{dead_pid()}.abcdefgh.tmp").write_text("x")
    (example_repo / "sources/SRC-001.toml").write_text(
        (example_repo / "sources/SRC-001.toml").read_text("utf-8") + "# note\n"
    )
    from scrtui.store.files import _writing  # noqa: PLC0415 - keep it: a save in flight

    in_flight = example_repo / f"report/.01-introduction.md.{os.getpid()}.abcdefgh.tmp"
    in_flight.write_text("x")
    _writing.add(str(in_flight))
    try:
        gitrepo.Repository(example_repo).commit("Note")
    finally:
        _writing.discard(str(in_flight))
    tracked = git("ls-files", cwd=example_repo)
    assert ".tmp" not in tracked


def test_init_writes_a_gitignore_that_names_the_temporary_files(tmp_path):
    assert run_scr("init", str(tmp_path / "new")).returncode == 0
    lines = (tmp_path / "new/.gitignore").read_text("utf-8").splitlines()
    assert "build/" in lines and ".*.tmp" in lines
