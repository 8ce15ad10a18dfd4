"""The editing session: what is unsaved, and what one save writes and commits."""

from __future__ import annotations

from conftest import git, save
from scrtui.editing.session import (
    MESSAGE_LIMIT,
    Invalid,
    Session,
    combined_message,
    disk_notice,
)
from scrtui.editing.structure import add_record


def test_commit_messages_for_several_files_stay_readable():
    assert combined_message(["Finding F-02: priority 2 -> 1"]) == "Finding F-02: priority 2 -> 1"
    two = combined_message(["Finding F-02: priority 2 -> 1", "Finding F-01: priority 1 -> 2"])
    assert two == "Finding F-02: priority 2 -> 1; Finding F-01: priority 1 -> 2"
    many = combined_message([f"Source SRC-0{n:02d}: title changed" for n in range(10)])
    subject, _, body = many.partition("\n\n")
    assert len(subject) <= MESSAGE_LIMIT and subject.endswith("and 9 more records")
    assert body.count("\n- ") == 9


def test_edits_of_several_files_are_one_commit_naming_each(example_repo):
    session = Session(example_repo)
    for rel in ("sources/SRC-001.toml", "sources/SRC-002.toml"):
        session.open(rel).doc["location"] = "The panel's archive"
        session.touch(rel)
    session.open("sources/SRC-003.toml")  # read, not edited: not part of the save
    session.touch("sources/SRC-004.toml")  # touched, unchanged: not either
    written, sha = save(session)
    assert written == ["sources/SRC-001.toml", "sources/SRC-002.toml"]
    assert git("rev-list", "--count", "HEAD", cwd=example_repo).strip() == "2"
    subject = git("log", "-1", "--format=%s", cwd=example_repo).strip()
    assert subject.startswith("Source SRC-001: ") and "; Source SRC-002: " in subject
    assert session.dirty() == [] and git("status", "--porcelain", cwd=example_repo) == ""


def test_a_new_record_never_saved_is_forgotten_without_a_trace(example_repo):
    session = Session(example_repo)
    added = add_record(session, None, "source")
    assert session.is_new(added.rel) and [d.rel for d in session.dirty()] == [added.rel]
    session.forget(added.rel)
    assert session.dirty() == [] and not (example_repo / added.rel).exists()
    assert added.rel not in session.folder("sources")


def test_text_that_is_not_a_value_yet_is_kept_as_unsaved(example_repo):
    session = Session(example_repo)
    rel = "sources/SRC-001.toml"
    session.open(rel)
    typed = Invalid(rel, rel, "requested", "Requested", "1st April", "a date is YYYY-MM-DD")
    session.set_invalid(typed)
    assert session.is_dirty(rel)
    _buffers, said = session.unsaved()
    assert said == [f"{rel}: Requested was being typed as '1st April' (a date is YYYY-MM-DD)"]
    session.clear_invalid(rel, rel, "requested")
    assert not session.is_dirty(rel)


def test_an_edit_restored_after_a_crash_saves_as_an_edit_of_the_version_read(example_repo):
    rel = "sources/SRC-001.toml"
    read = (example_repo / rel).read_text(encoding="utf-8")
    typed = read.replace('access = "full"', 'access = "partial"')
    session = Session(example_repo)
    session.restore(rel, read, typed)
    assert [d.rel for d in session.dirty()] == [rel]
    save(session)
    assert (example_repo / rel).read_text(encoding="utf-8") == typed
    assert "access" in git("log", "-1", "--format=%s", cwd=example_repo)


def test_files_changed_on_disk_are_named_with_what_to_do(example_repo):
    session = Session(example_repo)
    for rel in ("sources/SRC-001.toml", "sources/SRC-002.toml"):
        session.open(rel)
    (example_repo / "sources/SRC-001.toml").write_text('id = "SRC-001"\n')
    (example_repo / "sources/SRC-002.toml").unlink()
    changes = session.disk_changes()
    assert changes == {"sources/SRC-001.toml": "changed", "sources/SRC-002.toml": "removed"}
    assert disk_notice(changes, {"sources/SRC-001.toml"}).split("\n") == [
        "sources/SRC-001.toml changed on disk; your unsaved edits are kept and Ctrl+S asks "
        "what to keep.",
        "sources/SRC-002.toml was removed on disk; F5 re-reads it (you have no edits in it).",
    ]
    assert session.stale() == ["sources/SRC-001.toml", "sources/SRC-002.toml"]
