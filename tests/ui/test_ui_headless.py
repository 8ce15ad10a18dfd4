"""The UI's editing rules are plain Python: no Textual, and tomlkit keeps every byte it can."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
import tomlkit

from scrtui.editing import fields as f
from scrtui.editing.session import MESSAGE_LIMIT, combined_message, slug


@pytest.mark.parametrize("module", ["scrtui.ui", "scrtui.ui.nav"])
def test_editing_rules_do_not_load_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


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


def test_commit_messages_for_several_files_stay_readable():
    assert combined_message(["Finding F-02: priority 2 -> 1"]) == "Finding F-02: priority 2 -> 1"
    two = combined_message(["Finding F-02: priority 2 -> 1", "Finding F-01: priority 1 -> 2"])
    assert two == "Finding F-02: priority 2 -> 1; Finding F-01: priority 1 -> 2"
    many = combined_message([f"Source SRC-0{n:02d}: title changed" for n in range(10)])
    subject, _, body = many.partition("\n\n")
    assert len(subject) <= MESSAGE_LIMIT and subject.endswith("and 9 more records")
    assert body.count("\n- ") == 9


def test_agency_ids_from_names():
    assert slug("Youth Offending Service") == "youth-offending-service"
    assert slug("  A&E (Northmoor) ") == "a-e-northmoor"
