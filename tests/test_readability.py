"""Plain English, measured: `scr check --readability` and build/confidential/readability.md."""

from __future__ import annotations

import json
import re

import textstat

from conftest import run_scr
from scrtui.model import Readability
from scrtui.readability.measure import measure
from scrtui.readability.results import PlainEnglish, SourceText

KNOWN = (
    "The health visitor saw the baby at home on a cold morning. "
    "She weighed the baby and talked with the mother about feeding and sleep. "
    "Nothing in the record system asked her about marks or bruises, so she wrote what she saw "
    "in the free text of the visit."
)
LONG = (
    "When the two professionals who shared the care of the baby each recorded the bruise "
    "and each believed that the other had made the referral, nobody made it, and the "
    "protocol did not say who should."
)
LONG_WORDS = 36


def _section(review, rel: str, text: str) -> None:
    (review / rel).write_text(text, encoding="utf-8")


def _check(review, *args):
    result = run_scr("check", str(review), "--readability", "--json", *args)
    return result, json.loads(result.stdout)


def test_figures_on_a_known_text_equal_textstats(example_copy):
    _section(example_copy, "report/01-introduction.md", f"# Introduction\n\n{KNOWN}\n")
    result, data = _check(example_copy)
    assert result.returncode == 0, result.stderr
    section = next(
        s for s in data["readability"]["sections"] if s["path"] == "report/01-introduction.md"
    )
    assert section["reading_ease"] == textstat.flesch_reading_ease(KNOWN)
    assert section["words_per_sentence"] == textstat.words_per_sentence(KNOWN)
    assert section["sentences"] == textstat.sentence_count(KNOWN) == 3
    assert section["words"] == textstat.lexicon_count(KNOWN)
    assert "Flesch reading ease = 206.835 - 1.015" in data["readability"]["formula"]
    assert data["readability"]["library"].startswith("textstat ")


def test_the_whole_draft_is_measured_as_one_text():
    assert textstat.lexicon_count(LONG) == LONG_WORDS
    texts = [
        SourceText("One", "report/01-a.md", f"# One\n\n{KNOWN}\n", 1),
        SourceText("Two", "report/02-b.md", f"# Two\n\n- {LONG}\n", 1),
    ]
    report = measure(texts, PlainEnglish())
    whole = f"{KNOWN}\n{LONG}"
    assert report.whole.reading_ease == textstat.flesch_reading_ease(whole)
    assert report.whole.words_per_sentence == textstat.words_per_sentence(whole)
    assert [s.sentences for s in report.sections] == [3, 1]


def test_a_long_sentence_is_reported_at_its_line_in_the_source_file(example_copy):
    finding = example_copy / "findings" / "F-02.md"
    lines = finding.read_text(encoding="utf-8").split("\n")
    at = lines.index("## Why it matters") + 1  # the section's first line (0-based index)
    lines.insert(at + 1, f"It began well. {LONG}")  # the second sentence of a line
    finding.write_text("\n".join(lines), encoding="utf-8")
    expected = at + 2  # the line number in the file, front matter included
    result, data = _check(example_copy)
    assert result.returncode == 0, result.stderr
    long = [s for s in data["readability"]["long_sentences"] if s["text"] == LONG]
    assert long == [
        {"path": "findings/F-02.md", "line": expected, "words": LONG_WORDS, "text": LONG}
    ]
    text = run_scr("check", str(example_copy), "--readability")
    assert f'  findings/F-02.md:{expected}: {LONG_WORDS} words: "When the two' in text.stdout


def test_a_sentence_over_two_lines_of_a_list_item_is_found_at_its_first_line():
    first, second = LONG.split(", nobody")
    body = f"# Title\n\nIntro.\n\n- Short item.\n- {first},\n  nobody{second}\n"
    texts = [SourceText("T", "report/01-t.md", body, 3)]
    report = measure(texts, PlainEnglish())
    assert [(s.place.path, s.place.line, s.words) for s in report.long] == [
        ("report/01-t.md", 8, LONG_WORDS)
    ]


def test_passives_acronyms_and_jargon_at_their_lines(example_copy):
    _section(
        example_copy,
        "report/01-introduction.md",
        "# Introduction\n\n"
        "The case was sent to the MASH by the police.\n"  # line 3
        "The multi-agency safeguarding hub (MASH) screens contacts.\n"  # line 4
        "A key practice episode (KPE) is a period of practice.\n"  # line 5
        "Each KPE was appraised, in order to learn, and the DASH form was utilised.\n"
        "The GP knew the family.\n",
    )
    words = example_copy / "plain-english.toml"
    words.write_text(
        words.read_text(encoding="utf-8").replace(
            "[acronyms]", '"signposted" = "told about"\n\n[acronyms]'
        ),
        encoding="utf-8",
    )
    with (example_copy / "report/01-introduction.md").open("a", encoding="utf-8") as out:
        out.write("The mother was signposted to a parenting group.\n")  # line 8
    result, data = _check(example_copy)
    assert result.returncode == 0, result.stderr
    r = data["readability"]
    intro = [p for p in r["passives"] if p["path"] == "report/01-introduction.md"]
    assert [(p["line"], p["text"]) for p in intro] == [
        (3, "was sent"),
        (6, "was appraised"),
        (6, "was utilised"),
        (8, "was signposted"),
    ]
    acronyms = {a["acronym"]: a for a in r["acronyms"]}
    assert acronyms["MASH"]["line"] == 3
    assert acronyms["MASH"]["message"] == (
        "MASH is used before it is defined (at report/01-introduction.md:4)"
    )
    assert acronyms["DASH"]["message"] == "DASH is never defined"
    assert "KPE" not in acronyms  # defined where it is first used
    assert "GP" not in acronyms  # known: plain-english.toml's [acronyms] known
    jargon = [
        (j["line"], j["text"], j["instead"])
        for j in r["jargon"]
        if j["path"] == "report/01-introduction.md"
    ]
    assert jargon == [
        (6, "in order to", "to"),
        (6, "utilised", "use"),
        (8, "signposted", "told about"),
    ]


def test_poor_figures_are_information_and_exit_0(example_copy):
    review = example_copy / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            "reading_ease_min = 60", "reading_ease_min = 99"
        ),
        encoding="utf-8",
    )
    result = run_scr("check", str(example_copy), "--readability")
    assert result.returncode == 0, result.stderr
    assert "reading ease 99 or more" in result.stdout
    assert re.search(r"^  Whole draft +!\d+\.\d ", result.stdout, re.M)


def test_problems_keep_their_exit_code_with_readability(example_copy):
    review = example_copy / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            "long_sentence_words = 30", 'long_sentence_words = "thirty"'
        ),
        encoding="utf-8",
    )
    result = run_scr("check", str(example_copy), "--readability")
    assert result.returncode == 1
    line = next(
        n
        for n, text in enumerate(review.read_text().split("\n"), 1)
        if text.startswith("long_sentence_words")
    )
    assert (
        f"review.toml:{line}:1: 'readability.long_sentence_words' should be a whole number, "
        'not the text "thirty"'
    ) in result.stderr
    assert "Readability of the draft's prose" in result.stdout  # the default 30 is used


def test_thresholds_come_from_review_toml_with_documented_defaults(example_copy):
    assert Readability() == Readability(60.0, 20.0, 30)
    review = example_copy / "review.toml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            "long_sentence_words = 30", "long_sentence_words = 40"
        ),
        encoding="utf-8",
    )
    _result, data = _check(example_copy)
    r = data["readability"]
    assert r["thresholds"] == {
        "reading_ease_min": 60.0,
        "sentence_words_max": 20.0,
        "long_sentence_words": 40,
    }
    assert all(s["words"] > 40 for s in r["long_sentences"])


def test_the_build_writes_the_same_figures_to_its_confidential_report(example_repo):
    result, data = _check(example_repo)
    built = run_scr("build", str(example_repo), "--format", "md")
    assert built.returncode == 0, built.stderr
    report = (example_repo / "build" / "confidential" / "readability.md").read_text("utf-8")
    whole = data["readability"]["whole"]
    assert f"| Whole draft |  | **{whole['reading_ease']:.1f}** | " in report
    for long in data["readability"]["long_sentences"]:
        assert f"- {long['path']}:{long['line']} ({long['words']} words): " in report
    assert not (example_repo / "build" / "publication" / "readability.md").exists()
    again = run_scr("build", str(example_repo), "--format", "md")  # same texts: same report
    assert again.returncode == 0
    assert (example_repo / "build/confidential/readability.md").read_text("utf-8") == report
    intro = example_repo / "report" / "01-introduction.md"
    text = intro.read_text("utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 1
    intro.write_text(text + f"{LONG}\n", encoding="utf-8")
    run_scr("build", str(example_repo), "--format", "md")
    changed = (example_repo / "build/confidential/readability.md").read_text("utf-8")
    assert f"- report/01-introduction.md:{line} ({LONG_WORDS} words): When the two" in changed
