"""Peer challenge in the UI: challenges by status, responding from the record, and History's
changes since the last sign-off."""

from __future__ import annotations

import subprocess
import sys
import threading

from conftest import open_part, save, select, settle, subjects, type_into
from scrtui import supervision
from scrtui.editing import rows as parts
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
EPISODE = "episodes/KPE-02.md"
RESPONSE = "A second conversation with the GP was held. Both other GPs read it the same way."


def row_prompt(part, key: str) -> str:
    index = next(i for i, row in enumerate(part.rows) if row.key == key)
    return str(part.records.get_option_at_index(index).prompt)


def headings(part) -> list[str]:
    return [row.text for row in part.rows if isinstance(row, parts.Heading)]


async def test_challenges_are_listed_by_status(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "challenges")
        labels = [getattr(row, "label", None) or row.text for row in part.rows]
        assert labels == ["Open (1)", "CHL-002 on KPE-02", "Resolved (1)", "CHL-001 on F-02"]
        assert part.selected.record_id == "CHL-002"  # the first challenge, under Open
        assert "The local rationality" in part.editor.query_one("BodyArea").text


async def test_respond_from_the_episode_then_resolve_in_challenges(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "episodes")
        await select(pilot, part, EPISODE)
        assert row_prompt(part, EPISODE).startswith("?KPE-02")
        assert not row_prompt(part, "episodes/KPE-01.md").startswith("?")
        challenge = str(part.editor.query_one(".editor-challenge").render())
        assert challenge.startswith(
            "? CHL-002 (open, Helen Marsh; r responds): The local rationality"
        )
        part.records.focus()
        await pilot.press("r")
        await settle(pilot, 1)
        app.screen.query_one("Input").value = RESPONSE
        await pilot.press("enter")
        await settle(pilot)

        text = (review / "challenges/CHL-002.md").read_text(encoding="utf-8")
        assert 'status = "responded"' in text
        assert (
            "## Response\nA second conversation with the GP was held.\n"
            "Both other GPs read it the same way.\n"
        ) in text
        assert subjects(review)[0] == "Challenge CHL-002: response written"
        # still waiting on the supervisor: the record keeps its marker
        assert row_prompt(part, EPISODE).startswith("?KPE-02")
        assert "(responded, Helen Marsh" in str(part.editor.query_one(".editor-challenge").render())

        challenges = await open_part(pilot, "challenges")
        assert headings(challenges) == ["Responded (1)", "Resolved (1)"]
        assert "A second conversation" in challenges.editor.query_one("BodyArea").text
        await pilot.press("v")  # resolve
        await settle(pilot, 1)
        await pilot.press("enter")  # "resolved" is first
        await settle(pilot, 1)
        await pilot.press("enter")  # no closing note
        await settle(pilot)
        assert subjects(review)[0] == "Challenge CHL-002 resolved"
        assert 'status = "resolved"' in (review / "challenges/CHL-002.md").read_text()
        assert headings(challenges) == ["Resolved (2)"]
        assert not row_prompt(part, EPISODE).startswith("?")


async def test_history_shows_changes_since_the_last_signoff(review):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrtui",
            "signoff",
            "--with-open",
            "-m",
            "Chronology read",
            "--path",
            str(review),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        history = await open_part(pilot, "history")
        shown = str(history.query_one(".since-text").render())
        assert shown.startswith("Changes since signoff/1 (")
        assert "none (0 commits)" in shown

        part = await open_part(pilot, "sources")
        await select(pilot, part, "sources/SRC-014.toml")
        await type_into(pilot, part, "location", " (copy)")
        await save(pilot)
        report = supervision.diff(review)
        assert [c.path for c in report.changes] == ["sources/SRC-014.toml"]
        line = report.changes[0].line()
        assert line.startswith("Source SRC-014:")
        shown = str(history.query_one(".since-text").render())
        assert "1 record, 1 commit" in shown
        assert f"\n  {line}" in shown


async def test_history_without_a_signoff_counts_from_the_first_commit(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "findings")
        await select(pilot, part, "findings/F-02.md")
        await type_into(pilot, part, "title", " (draft)")
        await save(pilot)
        history = await open_part(pilot, "history")
        shown = str(history.query_one(".since-text").render())
        assert shown.startswith("Changes since the first commit (no sign-off yet): 1 record")
        assert "Finding F-02: title" in shown


async def test_a_large_part_opens_in_a_worker_while_keys_still_work(tmp_path, monkeypatch):
    root = tmp_path / "big"
    generator = "benchmarks/generate_review.py"
    subprocess.run(
        [sys.executable, generator, str(root), "--scale", "20"],
        check=True,
        capture_output=True,
        cwd=__file__.rsplit("/tests/", 1)[0],
    )
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "Start"], cwd=root, check=True)

    # Hold the worker at the start of its real work, so that the test knows (without any
    # timing) that the files are still being opened while it presses keys.
    release = threading.Event()
    real = parts.open_part_files

    def held(*args):
        release.wait()
        return real(*args)

    monkeypatch.setattr(parts, "open_part_files", held)
    app = ScrApp(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        try:
            await app.go_to_part("chronology", True)
            await pilot.pause()
            part = app.part_widget("chronology")
            assert app.current_part == "chronology" and not part.ready
            assert str(part.records.get_option_at_index(0).prompt) == "loading…"
            assert "opening its files" in str(part.editor.query_one(".editor-title").render())
            await pilot.press("f1")  # the UI answers while the worker is busy
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await pilot.press("up")  # the parts list still moves
            assert app.query_one("PartNav").chosen == "sources"
            assert "chronology" in app._loading
            await pilot.press("down")
        finally:
            release.set()  # never leave the worker waiting, even on a failure
        await settle(pilot)
        assert part.ready
        entries = [row for row in part.refs() if row.kind == "entry"]
        assert len(entries) == 1000
        assert app.current_part == "chronology"
