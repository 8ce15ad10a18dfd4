"""Three-way merge through git (`git merge-file` semantics), temporary files in .git only."""

from __future__ import annotations

import pytest

from conftest import git
from scrtui.store.documents import DocumentError, MarkdownFile, TomlFile, disk_state
from scrtui.store.merge import has_markers, merge_texts

BASE = "one\ntwo\nthree\nfour\nfive\nsix\n"


def test_changes_to_different_lines_merge_cleanly(example_repo):
    merged = merge_texts(example_repo, BASE, BASE.replace("one", "ONE"), BASE.replace("six", "SIX"))
    assert merged.clean and merged.text == "ONE\ntwo\nthree\nfour\nfive\nSIX\n"


def test_changes_to_the_same_line_give_markers_naming_both_sides(example_repo):
    merged = merge_texts(
        example_repo, BASE, BASE.replace("three", "theirs"), BASE.replace("three", "mine")
    )
    assert merged.conflicts == 1 and has_markers(merged.text)
    assert "<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> on disk\n" in merged.text


def test_the_merge_leaves_nothing_in_the_working_tree_or_in_git(example_repo):
    merge_texts(example_repo, BASE, BASE + "x\n", "y\n" + BASE)
    assert git("status", "--porcelain", "--ignored", cwd=example_repo) == ""
    assert list((example_repo / ".git" / "scr-merge").iterdir()) == []


def test_crlf_texts_merge_with_their_line_endings(example_repo):
    base = BASE.replace("\n", "\r\n")
    merged = merge_texts(example_repo, base, base.replace("one", "ONE"), base.replace("six", "SIX"))
    assert merged.clean and merged.text == "ONE\r\ntwo\r\nthree\r\nfour\r\nfive\r\nSIX\r\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a\n<<<<<<< yours\n", True),
        ("=======\n", True),
        (">>>>>>> on disk\n", True),
        ("a ======= b\n", False),
        ("<<<<<<<<\n", False),
        ("plain\n", False),
    ],
)
def test_markers_are_whole_marker_lines(text, expected):
    assert has_markers(text) is expected


def test_a_merge_that_does_not_parse_changes_nothing(example_repo):
    for cls, rel in ((TomlFile, "sources/SRC-014.toml"), (MarkdownFile, "findings/F-01.md")):
        document = cls.open(example_repo, rel)
        before = document.render()
        state = disk_state(example_repo / rel)
        broken = before.replace("id = ", "<<<<<<< yours\nid = ", 1)
        with pytest.raises(DocumentError):
            document.rebase(broken, state)
        assert document.render() == before
