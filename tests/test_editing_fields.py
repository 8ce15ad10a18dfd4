"""Form fields: a value shown as text and written back through tomlkit, byte for byte."""

from __future__ import annotations

from datetime import date

import pytest
import tomlkit

from conftest import git, save
from scrtui.editing import fields as f
from scrtui.editing.refs import RecordRef, stored_table_of, table_of
from scrtui.editing.rows import overview_ref, rows
from scrtui.editing.session import Session

PARTS = ("purpose", "scope", "sources", "chronology", "episodes", "findings", "register")


def test_a_multiline_string_keeps_its_style_and_comment():
    doc = tomlkit.parse('notes = """\nFirst.\n"""  # why\ntitle = "A"   # kept\n')
    f.write(doc, f.Field("notes", "Notes", f.LONG), "First.\nSecond.")
    f.write(doc, f.Field("title", "Title"), "B")
    assert doc.as_string() == 'notes = """\nFirst.\nSecond.\n"""  # why\ntitle = "B"   # kept\n'
    assert tomlkit.parse(doc.as_string())["notes"] == "First.\nSecond.\n"


def test_dates_lists_and_optional_values():
    doc = tomlkit.parse('[period]\nrationale = ""\n')
    start = f.Field("period.start", "Start", f.DATE, optional=True)
    f.write(doc, start, f.parse(start, "2024-03-26"))
    assert doc["period"]["start"] == date(2024, 3, 26)
    f.write(doc, start, f.parse(start, ""))
    assert "start" not in doc["period"]
    ids = f.Field("evidence", "Evidence", f.IDS)
    assert f.parse(ids, "KPE-01, SRC-004  CH-0001") == ["KPE-01", "SRC-004", "CH-0001"]
    names = f.Field("aliases", "Aliases", f.NAMES)
    assert f.parse(names, "Ms Hartley, Kerry ") == ["Ms Hartley", "Kerry"]
    with pytest.raises(f.FieldError):
        f.parse(start, "26/03/2024")
    with pytest.raises(f.FieldError):
        f.parse(f.Field("priority", "Priority", f.INT), "high")


def test_unchanged_values_are_not_rewritten():
    long = f.Field("what", "What", f.LONG)
    assert f.same(long, "A sentence.\n", "A sentence.")
    assert f.same(f.Field("evidence", "Evidence", f.IDS), None, [])
    assert not f.same(f.Field("title", "Title"), "A", "B")


def _write_as_typed(session: Session, ref: RecordRef, field: f.Field, text: str) -> None:
    """What the record form does with a field's text: parse it, write it only if it differs."""
    document = session.documents[ref.rel]
    table = table_of(document, ref, create=True)
    value = f.parse(field, text)
    if not f.same(field, f.get(table, field.key), value):
        f.write(table, field, value)
        session.touch(ref.rel)


def test_every_field_of_the_example_saved_as_shown_changes_no_byte(example_repo):
    session = Session(example_repo)
    refs = [overview_ref(None, session.open("review.toml"))]
    refs += [row for part in PARTS for row in rows(part, session) if isinstance(row, RecordRef)]
    shown = 0
    for ref in refs:
        table = table_of(session.documents[ref.rel], ref)
        for field in ref.fields:
            if field.kind != f.READONLY:
                _write_as_typed(session, ref, field, f.to_text(field, f.get(table, field.key)))
                shown += 1
    assert shown > 700  # every form of the example, not a few
    assert session.dirty() == []
    assert save(session) == ([], None)
    assert git("status", "--porcelain", cwd=example_repo) == ""


def test_a_field_edit_keeps_the_files_comments_and_key_order(example_repo):
    session = Session(example_repo)
    ref = next(r for r in rows("register", session) if isinstance(r, RecordRef))
    before = (example_repo / "register.toml").read_text(encoding="utf-8")
    label = next(field for field in ref.fields if field.key == "label")
    _write_as_typed(session, ref, label, "The child")
    written, sha = save(session)
    assert written == ["register.toml"] and sha is not None
    after = (example_repo / "register.toml").read_text(encoding="utf-8")
    assert after == before.replace('label = "Child A"', 'label = "The child"', 1)
    assert after.startswith("# CONFIDENTIAL.")
    assert git("log", "-1", "--format=%s", cwd=example_repo).strip().startswith("Register")
    again = Session(example_repo)
    table = table_of(again.open("register.toml"), ref)
    assert f.get(table, "label") == "The child" and list(table)[:3] == ["id", "name", "aliases"]


def test_a_date_cleared_and_typed_again_goes_back_where_it_stood(example_repo):
    session = Session(example_repo)
    rel = "sources/SRC-001.toml"
    ref = next(r for r in rows("sources", session) if isinstance(r, RecordRef) and r.rel == rel)
    requested = next(field for field in ref.fields if field.key == "requested")
    document = session.documents[rel]
    table = table_of(document, ref)
    f.write(table, requested, f.parse(requested, ""))
    assert "requested" not in document.render()
    f.write(table, requested, f.parse(requested, "2025-04-01"), stored_table_of(document, ref))
    assert document.render() == (example_repo / rel).read_text(encoding="utf-8")
