"""A session's merge of your edits with the version changed on disk, without the app."""

from __future__ import annotations

from conftest import git, save
from scrtui.editing.lines import first_marker_line
from scrtui.editing.session import MERGE_FIELD, Session
from scrtui.store.documents import disk_state
from scrtui.store.merge import merge_texts


def test_a_merged_toml_file_is_saved_over_the_disk_version_without_a_conflict(example_repo):
    rel = "sources/SRC-014.toml"
    session = Session(example_repo)
    document = session.open(rel)
    document.doc["title"] = "Mine"
    session.touch(rel)
    path = example_repo / rel
    path.write_text(path.read_text().replace('access = "full"', 'access = "partial"'))
    assert session.conflicts([document]) == [document] and session.can_merge(document)
    state = disk_state(path)
    merged = merge_texts(example_repo, document.original, state.text, document.render())
    assert merged.clean
    assert session.merge(document, merged.text, state) is True
    assert session.conflicts([document]) == []
    plan = session.plan([document])
    assert plan.message.endswith("(merged with the version changed on disk)")
    assert plan.message.startswith("Source SRC-014: title")  # mine, against the disk's
    session.write(plan)
    text = path.read_text()
    assert 'title = "Mine"' in text and 'access = "partial"' in text
    assert rel not in session.merged


def test_markers_in_a_records_prose_make_it_unsaveable_until_they_are_gone(example_repo):
    rel = "findings/F-01.md"
    session = Session(example_repo)
    document = session.open(rel)
    state = disk_state(example_repo / rel)
    body = document.body
    marked = document.render().replace(
        "## Finding\n", "## Finding\n<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> on disk\n"
    )
    assert session.merge(document, marked, state) is False
    assert session.merge_pending(rel) is not None
    assert [i.field for i in session.invalid_in(rel)] == [MERGE_FIELD]
    assert session.is_dirty(rel)
    document.body = body.replace("## Finding\n", "## Finding\nmine\n")
    assert session.check_markers(rel) is True
    assert session.invalid_in(rel) == []


def test_a_clean_merge_of_prose_saves_both_changes_in_one_commit(example_repo):
    rel = "findings/F-01.md"
    path = example_repo / rel
    session = Session(example_repo)
    document = session.open(rel)
    document.body = document.body.replace("## Finding\n", "## Finding\nMine first.\n")
    session.touch(rel)
    path.write_text(path.read_text().rstrip("\n") + "\nTheirs last.\n")
    state = disk_state(path)
    merged = merge_texts(example_repo, document.original, state.text, document.render())
    assert session.merge(document, merged.text, state) is True
    written, _sha = save(session)
    assert written == [rel]
    text = path.read_text()
    assert "## Finding\nMine first.\n" in text and text.endswith("Theirs last.\n")
    assert (
        git("log", "-1", "--format=%s", cwd=example_repo)
        .strip()
        .endswith("(merged with the version changed on disk)")
    )


def test_the_first_conflict_marker_is_found_at_its_line_in_the_file(example_repo):
    rel = "findings/F-01.md"
    path = example_repo / rel
    session = Session(example_repo)
    document = session.open(rel)
    document.body = document.body.replace("## Finding\n", "## Finding\nMine.\n")
    path.write_text(path.read_text().replace("## Finding\n", "## Finding\nTheirs.\n"))
    state = disk_state(path)
    merged = merge_texts(example_repo, document.original, state.text, document.render())
    assert not merged.clean
    assert session.merge(document, merged.text, state) is False
    lines = document.render().split("\n")
    assert first_marker_line(document) == lines.index("<<<<<<< yours") + 1
    assert lines[lines.index("<<<<<<< yours") - 1] == "## Finding"
