"""The Build part's readability panel: `scr check --readability`'s figures, and their places."""

from __future__ import annotations

import json

from conftest import run_git, settle
from scrtui.ui.app import ScrApp

SIZE = (80, 24)


def lines(panel) -> list[str]:
    listing = panel.query_one("ReadabilityList")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def check_json(root) -> dict:
    """What `scr check --readability --json` says of the same files."""
    from typer.testing import CliRunner  # noqa: PLC0415

    from scrtui.cli import app as cli  # noqa: PLC0415

    result = CliRunner().invoke(cli, ["check", str(root), "--readability", "--json"])
    return json.loads(result.stdout)["readability"]


async def test_after_a_build_p_shows_the_figures_scr_check_gives(review):
    expected = check_json(review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        part = app.part_widget("build")
        panel = part.readability
        assert panel.report is not None  # measured after the build, before it is shown
        await pilot.press("p")
        await settle(pilot)
        assert app.focused is panel.query_one("ReadabilityList")
        shown = lines(panel)
        whole = expected["whole"]
        ease, average = f"{whole['reading_ease']:.1f}", f"{whole['words_per_sentence']:.1f}"
        assert shown[1].split() == [
            "Whole",
            "draft",
            f"!{ease}",
            f"!{average}",
            str(len(expected["long_sentences"])),
        ]
        for row, section in zip(shown[2:], expected["sections"], strict=False):
            name, ease, average, long = row.rsplit(None, 3)
            assert section["path"].startswith(name.rstrip("…"))
            assert ease.lstrip("!") == f"{section['reading_ease']:.1f}"
            assert average.lstrip("!") == f"{section['words_per_sentence']:.1f}"
            assert long == str(section["long_sentences"])
        assert shown[2 + len(expected["sections"])].startswith("Sentences over 30 words")
        for sentence in expected["long_sentences"]:
            assert (
                f"{sentence['path']}:{sentence['line']} {sentence['words']} words: "
                in "\n".join(shown)
            )
        assert "episodes/KPE-02.md:40 HV is never defined" in shown
        assert f"Words with a plainer alternative ({len(expected['jargon'])})" in shown
        title = str(panel.query_one(".readability-title").render())
        assert "Targets (review.toml): ease 60+, 20 or fewer words a sentence" in title
        # p again: back to the candidates
        await pilot.press("p")
        await settle(pilot, 1)
        assert app.focused is part.query_one("CandidateList")


async def test_enter_on_a_long_sentence_opens_its_source_line(review, monkeypatch):
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.go_to_part("build", focus=True)
        await settle(pilot)
        await pilot.press("p")  # no build in this session: p measures the saved files
        await settle(pilot)
        panel = app.part_widget("build").readability
        listing = panel.query_one("ReadabilityList")
        sentence = next(
            e
            for e in panel.entries
            if type(e).__name__ == "Sentence" and e.place.path == "findings/F-02.md"
        )
        listing.highlighted = panel.entries.index(sentence)
        await settle(pilot, 1)
        detail = str(panel.query_one(".readability-text").render())
        assert detail.startswith(f"{sentence.place} ({sentence.words} words, Enter opens it)")
        await pilot.press("enter")
        await settle(pilot)
        findings = app.part_widget("findings")
        assert app.current_part == "findings" and findings.selected.record_id == "F-02"
        area = findings.editor.query_one("BodyArea")
        assert app.focused is area
        row, _col = area.cursor_location
        text = (review / "findings/F-02.md").read_text(encoding="utf-8").splitlines()
        assert area.document.get_line(row) == text[sentence.place.line - 1]
        assert area.document.get_line(row).startswith(sentence.text.split(",")[0])

        def broken(*args, **kwargs):
            raise RuntimeError("a bug in measuring")

        monkeypatch.setattr("scrtui.store.loader.readability", broken)
        panel.measure()  # m: a failure is said in the panel, the session goes on
        await settle(pilot)
        title = str(panel.query_one(".readability-title").render())
        assert title.startswith(
            "Not measured: Measuring readability stopped on an internal error (RuntimeError); "
            "your edits are kept; the details are in .git/"
        )
        assert app.is_running


async def test_the_thresholds_are_review_tomls(review):
    path = review / "review.toml"
    text = path.read_text(encoding="utf-8")
    assert "reading_ease_min = 60" in text
    path.write_text(
        text.replace("reading_ease_min = 60", "reading_ease_min = 50").replace(
            "long_sentence_words = 30", "long_sentence_words = 40"
        ),
        encoding="utf-8",
    )
    run_git("commit", "-qam", "Readability targets for a professional audience", cwd=review)
    app = ScrApp(review)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        shown = lines(app.part_widget("build").readability)
        whole = shown[1].split()
        assert whole[2] == "55.1"  # no longer off target: 50 or more
        assert "Sentences over 40 words (2)" in shown
