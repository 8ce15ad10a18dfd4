"""The Build part: the gate's decision, and resolving a residual candidate in the register."""

from __future__ import annotations

import tomlkit

from conftest import open_part, posted, run_git, settle, subjects
from scrtui.ui.app import ScrApp

SIZE = (80, 24)
SURNAME = "Featherstonehaugh"


def add_unregistered_surname(root) -> None:
    """A finding quotes someone the register does not know, committed as a reviewer would."""
    path = root / "findings/F-01.md"
    text = path.read_text(encoding="utf-8")
    old = "Each recorded it, and each recorded the other as aware"
    assert old in text
    path.write_text(
        text.replace(
            old, f"Mr {SURNAME} said each recorded it, and each recorded the other as aware"
        ),
        encoding="utf-8",
    )
    run_git("commit", "-qam", "Finding F-01: a sentence added", cwd=root)


def last_message(root) -> str:
    return run_git("log", "-1", "--format=%B", cwd=root)


async def build_now(pilot):
    await pilot.press("f8")
    await settle(pilot)
    return pilot.app.part_widget("build")


async def test_f8_shows_the_build_part_cleared_on_the_example(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await build_now(pilot)
        assert app.current_part == "build"
        assert app.last_build.status == "cleared"
        shown = str(part.query_one(".build-result").render())
        assert shown.startswith("CLEARED for publication")
        assert "build/publication/ (report.md, report.html, report.docx, manifest.json)" in shown
        assert "build/confidential/residual-risk.md" in shown
        assert "CONFIDENTIAL" in str(part.query_one(".part-title").render())
        assert part.candidates and all(c.allowed for c in part.candidates)
        assert app.focused is part.query_one("CandidateList")


async def test_f8_again_with_nothing_changed_says_the_files_were_kept(review):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = await build_now(pilot)
        assert not app.last_build.reused
        assert "Nothing changed" not in str(first.query_one(".build-result").render())
        report = review / "build/publication/report.md"
        written = report.stat().st_mtime_ns
        part = await build_now(pilot)
        assert app.last_build.reused and app.last_build.status == "cleared"
        shown = str(part.query_one(".build-result").render())
        assert shown.startswith("Nothing changed since the last build: its files were read back")
        assert "CLEARED for publication" in shown
        assert report.stat().st_mtime_ns == written


async def test_allowing_a_candidate_writes_the_register_commits_and_rebuilds_cleared(review):
    add_unregistered_surname(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await build_now(pilot)
        assert app.last_build.status == "not cleared"
        shown = str(part.query_one(".build-result").render())
        assert shown.startswith("NOT CLEARED FOR PUBLICATION")
        first = part.candidate
        assert (first.kind, first.text, first.where) == ("name", SURNAME, "findings/F-01.md:16:4")
        row = str(part.query_one("CandidateList").get_option_at_index(0).prompt)
        assert SURNAME in row and "findings/F-01.md:16:4" in row and "said each" in row
        before = len(subjects(review))

        await pilot.press("a")
        await settle(pilot, 1)
        app.screen.query_one("Input").value = "the name of a national scheme, not a person"
        await pilot.press("enter")
        await settle(pilot)

        register = tomlkit.parse((review / "register.toml").read_text(encoding="utf-8"))
        assert {"text": SURNAME, "reason": "the name of a national scheme, not a person"} in [
            dict(t) for t in register["allow"]
        ]
        assert len(subjects(review)) == before + 1
        message = last_message(review)
        assert message.strip() == "Register: 1 residual candidate allowed"
        assert SURNAME not in message and "Mr" not in message
        assert run_git("status", "--porcelain", cwd=review).strip() == ""

        assert "Rebuild" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("y")
        await settle(pilot)
        assert app.last_build.status == "cleared"
        assert str(part.query_one(".build-result").render()).startswith("CLEARED")


async def test_adding_a_candidate_as_a_person_clears_it(review):
    add_unregistered_surname(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await build_now(pilot)
        assert part.candidate.text == SURNAME

        await pilot.press("r")
        await settle(pilot, 1)
        assert app.screen.query_one("Input").value == SURNAME  # "Mr" is not part of the name
        await pilot.press("enter")  # the name as offered
        await settle(pilot, 1)
        await pilot.press("enter")  # what is it? a person is first
        await settle(pilot, 1)
        app.screen.query_one("Input").value = "a neighbour"
        await pilot.press("enter")  # the label
        await settle(pilot, 1)
        await pilot.press("end", "enter")  # role: other
        await settle(pilot)

        register = tomlkit.parse((review / "register.toml").read_text(encoding="utf-8"))
        added = register["person"][-1]
        assert dict(added) == {
            "id": "P-16",
            "name": SURNAME,
            "aliases": [],
            "label": "a neighbour",
            "role": "other",
        }
        message = last_message(review)
        assert message.strip() == "Register: person P-16 added"
        assert SURNAME not in message

        await pilot.press("y")  # rebuild
        await settle(pilot)
        assert app.last_build.status == "cleared"
        assert not [c for c in app.last_build.candidates if c.text == SURNAME]


async def test_enter_on_a_candidate_opens_the_record_there(review):
    add_unregistered_surname(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await build_now(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_part == "findings"
        findings = app.part_widget("findings")
        assert findings.selected.rel == "findings/F-01.md"
        area = findings.editor.query_one("BodyArea")
        assert app.focused is area
        assert SURNAME in area.document.get_line(area.cursor_location[0])


async def test_the_register_is_not_touched_while_it_has_unsaved_changes(review):
    add_unregistered_surname(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        register = app.session.open("register.toml")
        register.doc["person"][0]["label"] = "Child A (edited)"
        app.session.touch("register.toml")
        await build_now(pilot)
        before = (review / "register.toml").read_text(encoding="utf-8")
        await pilot.press("a")
        await settle(pilot, 1)
        app.screen.query_one("Input").value = "harmless"
        await pilot.press("enter")
        await settle(pilot)
        assert (review / "register.toml").read_text(encoding="utf-8") == before
        assert any("unsaved changes" in m for m in posted(app))


async def test_the_last_saved_build_shows_before_building_in_this_session(review):
    """`scr build` run earlier (here, from the command line's function) is shown on opening,
    with its time and commit, candidates included; nothing is built until asked."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from scrtui.publish import build  # noqa: PLC0415

    add_unregistered_surname(review)
    build(review, clock=lambda: datetime(2026, 11, 1, 9, 30, tzinfo=UTC))
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await open_part(pilot, "build")
        assert app.last_build is None  # not built in this session
        shown = str(part.query_one(".build-result").render())
        assert shown.startswith("Last build 2026-11-01T09:30:00Z, commit ")
        assert "NOT CLEARED FOR PUBLICATION" in shown
        assert part.candidate is not None and part.candidate.text == SURNAME
        assert part.candidate.where == "findings/F-01.md:16:4"


def add_unregistered_full_name(root) -> None:
    path = root / "findings/F-01.md"
    text = path.read_text(encoding="utf-8")
    old = "Each recorded it, and each recorded the other as aware"
    path.write_text(
        text.replace(
            old,
            "The aunt, Tracey Burns, said each recorded it, and each recorded the other as aware",
        ),
        encoding="utf-8",
    )
    run_git("commit", "-qam", "Finding F-01: the aunt's account", cwd=root)


async def test_register_offers_the_candidates_whole_name_and_saves_what_was_edited(review):
    add_unregistered_full_name(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        part = await build_now(pilot)
        listing = part.query_one("CandidateList")
        index = next(i for i, c in enumerate(part.candidates) if c.text == "Tracey")
        listing.highlighted = index
        await settle(pilot, 1)
        assert part.candidate.text == "Tracey"

        await pilot.press("r")
        await settle(pilot, 1)
        name = app.screen.query_one("Input")
        assert name.value == "Tracey Burns"  # the whole span, not the one word
        name.value = "Tracey Ann Burns"  # editable before it is saved
        await pilot.press("enter")
        await settle(pilot, 1)
        assert "'Tracey Ann Burns'" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("enter")  # a person
        await settle(pilot, 1)
        app.screen.query_one("Input").value = "a relative"
        await pilot.press("enter")
        await settle(pilot, 1)
        await pilot.press("end", "enter")  # role: other
        await settle(pilot)

        register = tomlkit.parse((review / "register.toml").read_text(encoding="utf-8"))
        added = register["person"][-1]
        assert added["name"] == "Tracey Ann Burns" and added["label"] == "a relative"
        message = last_message(review)
        assert "Tracey" not in message and "Burns" not in message

        await pilot.press("y")  # rebuild: each word of the name now counts on its own
        await settle(pilot)
        texts = {c.text for c in app.last_build.candidates}
        assert "Tracey" not in texts and "Burns" not in texts
        report = (review / "build/publication/report.md").read_text(encoding="utf-8")
        assert "Tracey" not in report and "Burns" not in report


async def test_escape_at_the_name_registers_nothing(review):
    add_unregistered_surname(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await build_now(pilot)
        before = (review / "register.toml").read_text(encoding="utf-8")
        await pilot.press("r")
        await settle(pilot, 1)
        await pilot.press("escape")
        await settle(pilot)
        assert (review / "register.toml").read_text(encoding="utf-8") == before
        assert type(app.screen).__name__ != "PromptScreen"
