"""Issue 15 item 1: the build keeps the detector's answer for each piece of the reviewer's words
and the readability figures of each section, by content, in build/.cache/. A build from the kept
pieces writes the very bytes of a build from nothing; a changed register trusts nothing kept
before it; a cache that is damaged or deleted is rebuilt without a traceback; a build killed
half-way leaves nothing that a later build trusts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import git, run_scr
from scrtui.publish import build
from scrtui.publish.content_cache import CACHE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate_review import generate  # noqa: E402


def clock() -> datetime:
    """A fixed build time: two builds of the same review write the same bytes (and an
    injected clock always builds in full, never reusing the last build's files)."""
    return datetime(2025, 8, 1, 9, 30, tzinfo=UTC)


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a build wrote that a reader meets: publication/ and confidential/."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and CACHE not in p.relative_to(out).parts
    }


def kept_files(out: Path, step: str) -> list[Path]:
    return sorted((out / CACHE).glob(f"{step}-*.json"))


def empty_cache(out: Path) -> None:
    for path in (out / CACHE).glob("*"):
        path.unlink()


def fresh(root: Path, out: Path) -> dict[str, bytes]:
    """The files of a build with nothing kept from before."""
    if out.exists():
        empty_cache(out)
    build(root, out, clock=clock)
    return outputs(out)


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{line}\n", "utf-8")


@pytest.fixture
def generated_repo(tmp_path) -> Path:
    root = tmp_path / "generated"
    generate(root, scale=2)
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "A generated review", cwd=root)
    return root


@pytest.mark.parametrize("review", ["example_repo", "generated_repo"])
def test_a_build_from_kept_pieces_is_byte_identical_to_one_from_nothing(review, request, tmp_path):
    root = request.getfixturevalue(review)
    out = tmp_path / "out"
    from_nothing = fresh(root, out)
    assert kept_files(out, "detect") and kept_files(out, "readability")
    (out / "confidential" / "readability.md").unlink()  # measured again, from kept sections
    assert outputs(out) != from_nothing
    build(root, out, clock=clock)
    assert outputs(out) == from_nothing
    # one finding edited: the kept pieces of the rest, and the same bytes as from nothing
    finding = sorted((root / "findings").glob("*.md"))[0]
    add_line(finding, "Practitioners did not know which agency held the lead at that point.")
    build(root, out, clock=clock)
    edited = outputs(out)
    assert b"did not know which agency held the lead" in edited["publication/report.md"]
    assert edited == fresh(root, tmp_path / "other")


def test_only_the_pieces_of_this_build_are_kept(example_repo, tmp_path):
    out = tmp_path / "out"
    build(example_repo, out, clock=clock)
    [detect] = kept_files(out, "detect")
    before = json.loads(detect.read_text("utf-8"))["pieces"]
    finding = example_repo / "findings" / "F-01.md"
    add_line(finding, "A sentence that makes this finding another piece.")
    build(example_repo, out, clock=clock)
    after = json.loads(detect.read_text("utf-8"))["pieces"]
    assert len(after) == len(before)  # the edited piece replaced, not added beside it
    assert len(set(before) - set(after)) == 1


def test_a_register_change_trusts_nothing_kept_before_it(example_repo, tmp_path):
    out = tmp_path / "out"
    finding = example_repo / "findings" / "F-02.md"
    add_line(finding, "Zebedee Quint rang the duty desk on 01632 960123 that evening.")
    first = build(example_repo, out, clock=clock)
    phone = [c for c in first.candidates if c.kind == "phone"]
    assert phone and not phone[0].allowed and not first.cleared
    [before] = kept_files(out, "detect")
    register = example_repo / "register.toml"
    register.write_text(
        register.read_text("utf-8")
        + '\n[[person]]\nid = "P-90"\nname = "Zebedee Quint"\nlabel = "A neighbour"\n'
        'role = "other"\n\n[[allow]]\ntext = "01632 960123"\n'
        'reason = "the duty desk\'s published number"\n',
        "utf-8",
    )
    second = build(example_repo, out, clock=clock)
    # the same piece of text, but the allowance is the register's now, not the kept answer's
    phone = [c for c in second.candidates if c.kind == "phone"]
    assert phone and phone[0].allowed
    for name, data in outputs(out).items():
        if name.startswith("publication/"):
            assert b"Zebedee" not in data and b"Quint" not in data, name
    assert before not in kept_files(out, "detect") or len(kept_files(out, "detect")) == 2
    assert outputs(out) == fresh(example_repo, tmp_path / "other")


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # cut short at its start
        b"{not json\x00\xff",  # neither JSON nor a pickle
        b'{"format": 1, "salt": "someone else\'s", "pieces": {}}',  # another build's
    ],
)
def test_a_damaged_cache_is_rebuilt_without_a_traceback(example_repo, damage):
    out = example_repo / "build"
    first = run_scr("build", str(example_repo), env={"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"})
    assert first.returncode == 0, first.stderr
    before = outputs(out)
    for path in (out / CACHE).glob("*"):
        path.write_bytes(damage)
    (out / "confidential" / "readability.md").unlink()  # so that the figures are measured
    again = run_scr("build", str(example_repo), env={"SCR_BUILD_TIME": "2025-08-01T09:30:00Z"})
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr + again.stdout
    assert outputs(out) == before
    for path in kept_files(out, "detect") + kept_files(out, "readability"):
        assert json.loads(path.read_text("utf-8"))["pieces"]  # written whole again


def test_a_deleted_cache_is_rebuilt(example_repo, tmp_path):
    out = tmp_path / "out"
    before = fresh(example_repo, out)
    (out / "confidential" / "readability.md").unlink()
    for path in (out / CACHE).glob("*"):
        path.unlink()
    (out / CACHE).rmdir()
    build(example_repo, out, clock=clock)
    assert outputs(out) == before
    assert kept_files(out, "detect") and kept_files(out, "readability")


def test_a_build_killed_half_way_leaves_nothing_a_later_build_trusts(generated_repo, tmp_path):
    env = {**os.environ, "SCR_BUILD_TIME": "2025-08-01T09:30:00Z", "PYTHONDONTWRITEBYTECODE": "1"}
    out = generated_repo / "build"
    clean = tmp_path / "clean"
    expected = fresh(generated_repo, clean)
    finding = sorted((generated_repo / "findings").glob("*.md"))[1]
    for attempt, delay in enumerate((0.6, 1.0, 1.4, 1.8, 2.4)):
        add_line(finding, f"Edit {attempt}: the core group met again without the school.")
        process = subprocess.Popen(
            [sys.executable, "-m", "scrtui", "build", str(generated_repo)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its helper processes
        process.wait()
        for path in kept_files(out, "detect") + kept_files(out, "readability"):
            json.loads(path.read_text("utf-8"))  # only whole files under their own names
    # A later build, from whatever the killed ones left, writes what a build from nothing does.
    build(generated_repo, out, clock=clock)
    assert outputs(out) == fresh(generated_repo, clean)
    assert expected != outputs(out)  # the edits are in


def test_a_build_that_keeps_nothing_writes_no_cache_and_the_same_files(example_repo, tmp_path):
    """`scr export learning` builds into a folder it then removes: nothing is kept there."""
    out = tmp_path / "thrown-away"
    build(example_repo, out, keep=False)  # no injected clock: the shortcut's record too
    assert not (out / CACHE).exists() or list((out / CACHE).iterdir()) == []
    kept_out = tmp_path / "kept"
    build(example_repo, kept_out, clock=clock)
    build(example_repo, out, clock=clock, keep=False)
    assert outputs(out) == outputs(kept_out)
