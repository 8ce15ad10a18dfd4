"""What a save would lose: whole sections of a Markdown record, or most of a record's text."""

from __future__ import annotations

import pytest

from scrtui.losses import MIN_LOST, losses
from scrtui.resources import example_dir

EXAMPLE = example_dir()


def read(rel: str) -> str:
    return (EXAMPLE / rel).read_text(encoding="utf-8")


def test_removing_one_section_of_a_finding_is_a_loss_that_names_it():
    old = read("findings/F-01.md")
    start, end = old.index("## How it showed"), old.index("## Why it is underlying")
    found = losses("findings/F-01.md", old, old[:start] + old[end:])
    assert len(found) == 1
    loss = found[0]
    assert loss.record == "Finding F-01"
    assert loss.sections == ("How it showed in this case",)
    assert loss.summary() == "Finding F-01: section 'How it showed in this case' removed"
    assert any("travelled as a comment on an appointment booking" in line for line in loss.gone)
    assert all("## Why it is underlying" not in line for line in loss.gone)


def test_select_all_and_one_key_loses_every_section_and_most_of_the_text():
    old = read("findings/F-01.md")
    front_end = old.index("+++", 3) + 4
    found = losses("findings/F-01.md", old, old[:front_end] + "x\n")
    loss = found[0]
    assert "Finding" in loss.sections and "Counter-evidence considered" in loss.sections
    assert loss.lost * 2 > loss.before
    assert "% of its text goes" in loss.summary()


def test_emptying_a_section_under_its_heading_removes_it():
    old = "# T\n\n## Analysis\n" + "A sentence of analysis that matters.\n" * 3 + "## Next\nMore.\n"
    new = "# T\n\n## Analysis\n\n## Next\nMore.\n"
    assert losses("episodes/KPE-01.md", old, new)[0].sections == ("Analysis",)


def test_renaming_a_heading_is_not_asked_about_when_its_text_stays_and_a_rewrite_is_no_loss():
    old = read("episodes/KPE-02.md")
    line = next(
        line
        for line in old.splitlines()
        if len(line) > 80 and not line.startswith(("#", "+", "[")) and "=" not in line
    )
    rewritten = old.replace(line, line[::-1])  # as long as before: rewritten, not lost
    assert losses("episodes/KPE-02.md", old, rewritten) == []
    assert losses("episodes/KPE-02.md", old, old + "One more sentence.\n") == []


def test_a_renamed_heading_or_a_heading_merged_into_the_section_above_is_no_loss():
    old = read("findings/F-01.md")
    assert losses("findings/F-01.md", old, old.replace("## Finding\n", "## The finding\n")) == []
    assert losses("findings/F-01.md", old, old.replace("## Why it matters\n", "")) == []


def test_a_duplicate_heading_counts_each_section():
    old = "## Note\nFirst note with text.\n## Note\nSecond note with text.\n"
    new = "## Note\nFirst note with text.\n"
    assert losses("findings/F-09.md", old, new)[0].sections == ("Note",)


def test_most_of_a_chronology_entry_emptied_is_a_loss_of_that_entry():
    old = read("chronology/police.toml")
    import tomli

    entry = tomli.loads(old)["entry"][0]
    found = losses("chronology/police.toml", old, old.replace(entry["what"], "x"))
    assert [loss.record for loss in found] == [f"Chronology (police) entry {entry['id']}"]
    assert found[0].gone == (entry["what"],)


def test_clearing_one_field_of_a_longer_record_or_a_short_value_is_no_loss():
    old = read("sources/SRC-014.toml")
    import tomli

    title = tomli.loads(old)["title"]
    assert losses("sources/SRC-014.toml", old, old.replace(title, "")) == []  # < half
    assert losses("sources/SRC-014.toml", old, old.replace('"full"', '"partial"')) == []
    short = 'id = "SRC-001"\ntitle = "A short title"\n'
    assert len("A short title") < MIN_LOST
    assert losses("sources/SRC-001.toml", short, 'id = "SRC-001"\ntitle = ""\n') == []


def test_a_source_record_that_loses_most_of_its_text():
    old = 'id = "SRC-001"\ntitle = "T"\nnotes = "' + "Long notes about the record. " * 5 + '"\n'
    new = 'id = "SRC-001"\ntitle = "T"\nnotes = ""\n'
    assert losses("sources/SRC-001.toml", old, new)[0].record == "Source SRC-001"


@pytest.mark.parametrize(
    "old, new", [(None, "x"), ("x", None), ("a = 1", "a = 1"), ("a = [", "a = 2")]
)
def test_new_removed_unchanged_or_unparseable_files_are_no_loss(old, new):
    assert losses("sources/SRC-001.toml", old, new) == []


def test_every_example_file_saved_unchanged_is_no_loss():
    for path in EXAMPLE.rglob("*"):
        if path.suffix in (".toml", ".md"):
            rel = path.relative_to(EXAMPLE).as_posix()
            text = path.read_text(encoding="utf-8")
            assert losses(rel, text, text) == [], rel
