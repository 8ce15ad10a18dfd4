"""Issue 15: a build with nothing changed since the last one keeps its files, and says so; the
gate still reads every kept file back and scans it; anything changed builds afresh."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import git, run_scr
from scrtui.publish import build
from scrtui.publish.content_cache import survivor_search
from scrtui.publish.reuse import record_path
from scrtui.publish.targets import DRAFT
from scrtui.store.loader import load

KEPT = "Nothing has changed since the last build"
FIXED_TIME = "2025-08-01T09:30:00Z"  # so that a build again writes the same bytes


def files(root):
    """Every publication file's bytes and modification time."""
    folder = root / "build" / "publication"
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def digests(root):
    return {name: hashlib.sha256(data).hexdigest() for name, (data, _) in files(root).items()}


def test_a_build_again_with_nothing_changed_keeps_the_files_and_says_so(example_repo):
    first = run_scr("build", str(example_repo))
    assert first.returncode == 0, first.stderr
    assert KEPT not in first.stdout
    before = files(example_repo)
    again = run_scr("build", str(example_repo))
    assert again.returncode == 0, again.stderr
    assert KEPT in again.stdout
    assert "scanned again for registered identifiers" in again.stdout
    assert "Cleared: no registered identifier survives" in again.stdout
    assert files(example_repo) == before  # not one byte written, not even touched
    # the same files listed, the same reports named
    assert again.stdout.split("\n", 1)[1] == first.stdout.split("\n", 1)[1]


def test_the_kept_result_is_the_last_builds(example_repo):
    first = build(example_repo)
    again = build(example_repo)
    assert again.reused and not first.reused
    assert again.status == first.status and again.reasons == first.reasons
    assert again.candidates == first.candidates
    assert again.flagged == first.flagged
    assert again.publication == first.publication
    assert again.manifest == first.manifest
    assert again.problems == first.problems


def test_an_uncommitted_edit_builds_afresh(example_repo):
    build(example_repo)
    intro = example_repo / "report" / "01-introduction.md"
    intro.write_text(intro.read_text("utf-8") + "\nA sentence added today.\n", "utf-8")
    result = build(example_repo)
    assert not result.reused
    assert "A sentence added today." in (example_repo / "build/publication/report.md").read_text(
        "utf-8"
    )
    assert build(example_repo).reused  # and that build is the one kept next


def test_a_new_commit_or_a_sign_off_tag_builds_afresh(example_repo):
    build(example_repo)
    git("commit", "-q", "--allow-empty", "-m", "Nothing but a commit", cwd=example_repo)
    assert not build(example_repo).reused
    git("tag", "-a", "signoff/test", "-m", "signed off", cwd=example_repo)
    assert not build(example_repo).reused


def test_another_target_format_day_or_folder_builds_afresh(example_repo, tmp_path, monkeypatch):
    build(example_repo)
    assert not build(example_repo, formats=("md",)).reused
    build(example_repo)
    monkeypatch.setenv("SCR_TODAY", "2031-01-01")  # overdue actions are counted by the day
    assert not build(example_repo).reused
    assert not build(example_repo, out=tmp_path / "elsewhere").reused
    assert build(example_repo, out=tmp_path / "elsewhere").reused


def test_a_registered_name_added_after_the_build_is_never_kept(example_repo):
    """The register changed: the place name that the last build published is now registered,
    and the next build replaces it, instead of keeping the files that hold it."""
    build(example_repo)
    assert "Northmoor" in (example_repo / "build/publication/report.md").read_text("utf-8")
    register = example_repo / "register.toml"
    register.write_text(
        register.read_text("utf-8")
        + '\n[[place]]\nid = "PL-99"\nname = "Northmoor"\nlabel = "the town"\n',
        "utf-8",
    )
    git("commit", "-q", "-am", "Register: Northmoor", cwd=example_repo)
    result = build(example_repo)
    assert not result.reused
    for name, (data, _) in files(example_repo).items():
        if name.endswith((".md", ".html")):
            assert b"Northmoor" not in data, name


def test_a_publication_file_changed_on_disk_is_built_again(example_repo, monkeypatch):
    monkeypatch.setenv("SCR_BUILD_TIME", FIXED_TIME)
    build(example_repo)
    report = example_repo / "build/publication/report.md"
    clean = report.read_bytes()
    report.write_bytes(clean + b"\nAlfie Hartley\n")
    result = build(example_repo)
    assert not result.reused and result.cleared
    assert report.read_bytes() == clean


def test_the_scan_finds_a_name_even_in_a_file_the_record_vouches_for(example_repo, monkeypatch):
    """The gate is not the record: a file whose checksum the record was made to match (by a bug,
    or by hand) is still read back and scanned, and the name in it means a whole build."""
    monkeypatch.setenv("SCR_BUILD_TIME", FIXED_TIME)
    build(example_repo)
    report = example_repo / "build/publication/report.md"
    clean = report.read_bytes()
    report.write_bytes(clean + b"\nAlfie Hartley was here.\n")
    path = record_path(example_repo / "build", DRAFT)
    record = json.loads(path.read_text("utf-8"))
    record["files"]["publication/report.md"] = hashlib.sha256(report.read_bytes()).hexdigest()
    path.write_text(json.dumps(record), "utf-8")
    result = build(example_repo)
    assert not result.reused
    assert report.read_bytes() == clean


@pytest.mark.parametrize("damage", ["garbage", "empty", "deleted", "other format"])
def test_a_damaged_or_missing_record_builds_afresh_without_a_traceback(example_repo, damage):
    build(example_repo)
    path = record_path(example_repo / "build", DRAFT)
    if damage == "garbage":
        path.write_bytes(b"\x00{not json")
    elif damage == "empty":
        path.write_text("", "utf-8")
    elif damage == "deleted":
        path.unlink()
    else:
        record = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps({**record, "format": 99}), "utf-8")
    result = run_scr("build", str(example_repo))
    assert result.returncode == 0, result.stderr
    assert KEPT not in result.stdout and "Traceback" not in result.stderr
    assert KEPT in run_scr("build", str(example_repo)).stdout


def test_a_build_that_stops_half_way_leaves_no_record_a_later_build_trusts(
    example_repo, monkeypatch
):
    monkeypatch.setenv("SCR_BUILD_TIME", FIXED_TIME)
    build(example_repo)
    before = digests(example_repo)
    from scrtui.publish import render_docx

    real = render_docx.render_docx

    def broken(*args, **kwargs):
        raise KeyboardInterrupt  # as a Ctrl+C (or a kill) while the Word file renders

    monkeypatch.setattr(render_docx, "render_docx", broken)
    intro = example_repo / "report" / "01-introduction.md"
    text = intro.read_text("utf-8")
    intro.write_text(text + "\nAn edit.\n", "utf-8")
    with pytest.raises(KeyboardInterrupt):
        build(example_repo)
    assert not record_path(example_repo / "build", DRAFT).exists()
    monkeypatch.setattr(render_docx, "render_docx", real)
    intro.write_text(text, "utf-8")  # back as the last whole build saw it
    result = build(example_repo)
    assert not result.reused  # the record went before anything was written
    assert digests(example_repo) == before


def test_the_survivor_index_kept_by_content_finds_what_a_fresh_one_finds(example_repo):
    register = load(example_repo, only=("register.toml",)).model.register
    text = "Alfie Hartley met Ms Hartley at Fellside Road; Kerry's friend Liam Doyle came too."
    fresh = survivor_search(register, None)(text)
    folder = example_repo / "build"
    assert survivor_search(register, folder)(text) == fresh  # compiled and kept
    kept = list((folder / ".cache").glob("survivors-*.pickle"))
    assert len(kept) == 1
    assert survivor_search(register, folder)(text) == fresh  # loaded
    kept[0].write_bytes(b"not a pickle")
    assert survivor_search(register, folder)(text) == fresh  # compiled again
    assert [p.name for p in (folder / ".cache").glob("survivors-*.pickle")] == [kept[0].name]
    assert len(fresh) >= 4


def test_the_cache_is_never_published_nor_committed(example_repo):
    build(example_repo)
    build(example_repo)
    assert (example_repo / "build/.cache").is_dir()
    assert not any(p.name.startswith(".") for p in (example_repo / "build/publication").iterdir())
    assert git("status", "--porcelain", "--untracked-files=all", cwd=example_repo) == ""
