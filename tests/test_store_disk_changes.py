"""A file open for editing that changes, vanishes or becomes unreadable on disk is never
overwritten or re-created silently; a CRLF file is not a false "changed on disk"."""

from __future__ import annotations

import pytest

from conftest import git
from scrtui.editing.session import SaveFailed, Session
from scrtui.store.documents import (
    CHANGED,
    REMOVED,
    UNREADABLE,
    ChangedOnDisk,
    MarkdownFile,
    TomlFile,
    open_document,
)

SOURCE = "sources/SRC-014.toml"
FINDING = "findings/F-01.md"


def to_crlf(path) -> bytes:
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("rel", [SOURCE, FINDING, "review.toml", "register.toml"])
def test_a_crlf_file_is_not_changed_on_disk_and_saves_with_its_line_endings(example_repo, rel):
    data = to_crlf(example_repo / rel)
    document = open_document(example_repo, rel)
    assert document.disk_change() is None
    assert not document.dirty
    assert document.save() is False  # nothing changed: no byte written
    assert (example_repo / rel).read_bytes() == data
    if isinstance(document, MarkdownFile):
        document.body += "One more sentence.\r\n"
    else:
        document.doc["zz_note"] = "mine"
    assert document.save() is True  # no ChangedOnDisk
    after = (example_repo / rel).read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")  # still CRLF throughout
    assert document.disk_change() is None
    document.save()  # and the next save does not raise either


def test_a_file_with_a_bom_is_not_changed_on_disk(example_repo):
    path = example_repo / SOURCE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    document = TomlFile.open(example_repo, SOURCE)
    assert document.disk_change() is None
    document.doc["title"] = "Edited"
    assert document.save() is True


def test_line_endings_changed_by_another_editor_are_a_change(example_repo):
    document = TomlFile.open(example_repo, SOURCE)
    to_crlf(example_repo / SOURCE)
    assert document.disk_change() == CHANGED
    document.doc["title"] = "Mine"
    with pytest.raises(ChangedOnDisk) as caught:
        document.save()
    assert caught.value.kind == CHANGED and "\r\n" in caught.value.disk_text


def test_the_same_bytes_written_again_elsewhere_are_no_change(example_repo):
    path = example_repo / SOURCE
    document = TomlFile.open(example_repo, SOURCE)
    path.write_bytes(path.read_bytes())
    assert document.disk_change() is None


def test_a_file_removed_on_disk_is_never_re_created_without_force(example_repo):
    path = example_repo / FINDING
    document = MarkdownFile.open(example_repo, FINDING)
    document.body += "A new sentence.\n"
    path.unlink()
    assert document.disk_change() == REMOVED
    with pytest.raises(ChangedOnDisk) as caught:
        document.save()
    assert caught.value.kind == REMOVED and caught.value.disk_text is None
    assert "removed on disk" in str(caught.value)
    assert not path.exists()
    assert document.save(force=True) is True  # "keep mine": re-created on purpose
    assert path.read_text().endswith("A new sentence.\n")
    assert document.disk_change() is None


def test_an_unedited_file_removed_on_disk_is_not_re_created_either(example_repo):
    path = example_repo / SOURCE
    document = TomlFile.open(example_repo, SOURCE)
    path.unlink()
    with pytest.raises(ChangedOnDisk):
        document.save()
    assert not path.exists()


def test_a_file_that_is_not_text_any_more_is_unreadable_and_kept(example_repo):
    path = example_repo / SOURCE
    document = TomlFile.open(example_repo, SOURCE)
    document.doc["title"] = "Mine"
    path.write_bytes(b"\xff\xfe binary \x00 junk")
    assert document.disk_change() == UNREADABLE
    with pytest.raises(ChangedOnDisk) as caught:
        document.save()
    assert caught.value.kind == UNREADABLE and caught.value.disk_text is None
    assert path.read_bytes() == b"\xff\xfe binary \x00 junk"


def test_a_folder_in_place_of_the_file_is_unreadable(example_repo):
    path = example_repo / SOURCE
    document = TomlFile.open(example_repo, SOURCE)
    path.unlink()
    path.mkdir()
    assert document.disk_change() == UNREADABLE
    document.doc["title"] = "Mine"
    with pytest.raises(ChangedOnDisk):
        document.save()
    assert path.is_dir()


def test_a_new_record_whose_file_appeared_meanwhile_is_a_change(example_repo):
    session = Session(example_repo)
    document = TomlFile.new(
        example_repo, "sources/SRC-099.toml", TomlFile.open(example_repo, SOURCE).doc
    )
    session.add(document)
    assert session.conflicts([document]) == []
    (example_repo / "sources/SRC-099.toml").write_text("# someone else's\n")
    assert session.conflicts([document]) == [document]
    assert session.disk_changes() == {"sources/SRC-099.toml": CHANGED}


def test_the_session_names_every_open_file_changed_removed_or_unreadable(example_repo):
    session = Session(example_repo)
    for rel in (SOURCE, FINDING, "review.toml", "scope.toml"):
        assert session.open(rel) is not None
    (example_repo / FINDING).unlink()
    (example_repo / "review.toml").write_text(
        "# theirs\n" + (example_repo / "review.toml").read_text()
    )
    (example_repo / SOURCE).write_bytes(b"\xff\xff")
    assert session.disk_changes() == {FINDING: REMOVED, "review.toml": CHANGED, SOURCE: UNREADABLE}
    assert session.disk_changes(["scope.toml"]) == {}
    assert session.stale() == sorted([FINDING, "review.toml", SOURCE])


def test_a_save_that_stops_at_a_removed_file_says_which_were_written(example_repo):
    session = Session(example_repo)
    first = session.open("review.toml")
    second = session.open(FINDING)
    first.doc["stage"] = "outputs"
    second.body += "Mine.\n"
    session.touch("review.toml")
    session.touch(FINDING)
    (example_repo / FINDING).unlink()
    plan = session.plan([first, second])
    with pytest.raises(SaveFailed) as caught:
        session.write(plan)
    assert caught.value.written == ["review.toml"]
    assert caught.value.rel == FINDING
    assert not (example_repo / FINDING).exists()
    assert session.is_dirty(FINDING)  # the edit is still there to save
    assert "Mine." in second.render()
    assert "outputs" in git("diff", "review.toml", cwd=example_repo)
