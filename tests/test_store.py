"""The store: round-trips that change no byte, atomic writes, locating keys, the git layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import git
from scrtui.store import gitrepo
from scrtui.store.documents import ChangedOnDisk, MarkdownFile, TomlFile, open_document
from scrtui.store.files import atomic_write, write_if_changed
from scrtui.store.giterror import GitError
from scrtui.store.loader import load
from scrtui.store.locate import locate_keys
from scrtui.store.markdown import join_front_matter, split_front_matter


def workspace_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and p.suffix in (".toml", ".md")
    )


def test_loading_and_saving_every_example_file_unchanged_leaves_git_clean(example_repo):
    files = workspace_files(example_repo)
    assert len(files) > 30
    for rel in files:
        document = open_document(example_repo, rel)
        assert not document.dirty, rel
        assert document.save() is False, rel
    assert git("status", "--porcelain", cwd=example_repo) == ""


def test_forced_rewrite_of_every_example_file_is_byte_identical(example_repo):
    for rel in workspace_files(example_repo):
        document = open_document(example_repo, rel)
        atomic_write(document.path, document.render())
    assert git("status", "--porcelain", cwd=example_repo) == ""


def test_editing_one_value_keeps_comments_and_order(example_repo):
    document = TomlFile.open(example_repo, "review.toml")
    before = document.original
    document.doc["stage"] = "outputs"
    assert document.dirty
    assert document.save() is True
    after = (example_repo / "review.toml").read_text()
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1 and "outputs" in changed[0][1]
    assert load(example_repo).model.review.stage == "outputs"


def test_editing_a_markdown_body_keeps_the_front_matter(example_repo):
    rel = sorted(p.name for p in (example_repo / "findings").glob("F-*.md"))[0]
    document = MarkdownFile.open(example_repo, f"findings/{rel}")
    front_before = document.front.as_string()
    document.body += "\nA new sentence.\n"
    document.save()
    reopened = MarkdownFile.open(example_repo, f"findings/{rel}")
    assert reopened.front.as_string() == front_before
    assert reopened.body.endswith("A new sentence.\n")


def test_a_save_never_overwrites_a_file_changed_on_disk(example_repo):
    document = TomlFile.open(example_repo, "review.toml")
    document.doc["stage"] = "outputs"
    path = example_repo / "review.toml"
    path.write_text(path.read_text() + "# edited elsewhere\n")
    with pytest.raises(ChangedOnDisk) as caught:
        document.save()
    assert "# edited elsewhere" in caught.value.disk_text
    assert path.read_text().endswith("# edited elsewhere\n")


def test_write_if_changed_touches_nothing_when_equal(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text("a = 1\n")
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10_000_000_000, stamp - 10_000_000_000))
    old = path.stat().st_mtime_ns
    assert write_if_changed(path, "a = 1\n") is False
    assert path.stat().st_mtime_ns == old
    assert write_if_changed(path, "a = 2\n") is True
    assert path.read_text() == "a = 2\n"


def test_atomic_write_leaves_no_temporary_files_and_keeps_mode(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write(path, "new")
    assert path.read_text() == "new"
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]


@pytest.mark.parametrize(
    "text",
    [
        "+++\nid = 1\n+++\nbody\n",
        "+++\n+++\n",
        "+++ \nid = 1\n+++  \n# T\n",
        "+++\nid = 1\n+++",
        "no front matter\n",
        "+++\r\nid = 1\r\n+++\r\nbody\r\n",
    ],
)
def test_front_matter_round_trips_exactly(text):
    split = split_front_matter(text)
    assert join_front_matter(split.front_matter, split.body, split) == text


def test_locate_keys_finds_lines_of_tables_and_keys():
    text = (
        'title = "x"\n'
        'notes = """\n'
        "fake = 1\n"
        '"""\n'
        "[period]\n"
        "start = 2024-01-01\n"
        "[[entry]]\n"
        'id = "CH-0001"\n'
        "[[entry]]\n"
        '  id = "CH-0002"\n'
    )
    keys = locate_keys(text)
    assert keys["title"] == (1, 1)
    assert "fake" not in keys  # inside a multi-line string
    assert keys["period.start"] == (6, 1)
    assert keys["entry[0].id"] == (8, 1)
    assert keys["entry[1]"] == (9, 1)
    assert keys["entry[1].id"] == (10, 3)


def test_git_layer_commits_history_and_diff(example_repo):
    repo = gitrepo.Repository(example_repo)
    first = repo.head()
    assert repo.commit("Nothing changed") is None
    path = example_repo / "review.toml"
    path.write_text(path.read_text().replace('stage = "', 'stage = "x', 1))
    sha = repo.commit("Review: stage changed", ["review.toml"])
    assert sha and sha != first
    history = repo.history("review.toml")
    assert [c.subject for c in history] == ["Review: stage changed", history[-1].subject]
    assert history[0].author == "Test Reviewer"
    diff = repo.diff(first, sha)
    assert 'stage = "x' in diff and diff.count("diff --git") == 1
    assert repo.show(first, "review.toml") != path.read_text()
    assert not repo.is_dirty()


def test_git_layer_refuses_without_identity(example_repo, git_identity):
    git_identity.write_text("")
    (example_repo / "purpose.md").write_text("# Purpose\n\nChanged.\n")
    with pytest.raises(GitError, match="git config --global user.name"):
        gitrepo.Repository(example_repo).commit("Purpose: statement rewritten")


def test_not_a_repository_is_a_clear_error(tmp_path):
    with pytest.raises(GitError, match="not a git repository"):
        gitrepo.Repository(tmp_path)
