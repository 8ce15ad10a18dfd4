"""The residual detector finds, fast, exactly what its regular expressions find.

The detector matches labels, vocabulary phrases and allowances from the words of the text
(`PhraseSets`) instead of trying one large alternation at every position; these tests hold it
to the alternation itself (`_phrase_pattern`, still the fallback), on the example review, on a
generated review and on random text, and hold the whole detector to a frozen list of what it
finds in the example review's own files (names not yet replaced, so there is plenty to find).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrtui import residual
from scrtui.model import Allowance, Register, RegisterEntry
from scrtui.residual import PhraseSets, ResidualDetector, _phrase_pattern, vocabulary
from scrtui.resources import example_dir
from scrtui.store.loader import load

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


def example_text() -> tuple[str, Register]:
    """Every Markdown and TOML file of the example review but the register, as one text."""
    root = example_dir()
    parts = [f"<<{path.relative_to(root).as_posix()}>>\n" + path.read_text("utf-8")
             for path in sorted(root.rglob("*"))
             if path.is_file() and path.suffix in (".md", ".toml") and path.name != "register.toml"]
    return "\n".join(parts), load(root).model.register


def example_rows() -> list[list]:
    text, register = example_text()
    return [[c.kind, c.text, c.line, c.col, c.detail,
             c.allowed_by.text if c.allowed_by else None]
            for c in ResidualDetector(register).detect(text)]


def reference(sets, text: str) -> list[list[tuple[int, int]]]:
    """What one alternation per set finds: the behaviour `PhraseSets` must keep."""
    out = []
    for phrases in sets:
        pattern = _phrase_pattern(list(phrases))
        out.append([m.span() for m in pattern.finditer(text)] if pattern else [])
    return out


def detector_sets(register: Register) -> list[list[str]]:
    labels = [e.label for e in register.entries] + [r.label for r in register.surnames]
    return [[*labels, "the family", "name withheld"], list(vocabulary()[1]),
            *([a.text] for a in register.allows if a.text.strip())]


def test_the_example_review_gives_the_frozen_candidates():
    expected = json.loads((DATA / "residual_example.json").read_text("utf-8"))
    assert example_rows() == expected


def test_phrase_sets_match_the_alternation_on_the_example_review():
    text, register = example_text()
    sets = detector_sets(register)
    found = PhraseSets(sets).find(text)
    assert found == reference(sets, text)
    assert sum(map(len, found)) > 100  # the test sees real matches


def test_phrase_sets_match_the_alternation_on_a_generated_review(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate_review import generate  # noqa: PLC0415
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    generate(tmp_path / "review", scale=2)
    root = tmp_path / "review"
    register = load(root).model.register
    text = "\n".join(p.read_text("utf-8") for p in sorted(root.rglob("*.md")))
    sets = detector_sets(register)
    found = PhraseSets(sets).find(text)
    assert found == reference(sets, text)
    assert sum(map(len, found)) > 100


WORDS = ["the", "The", "THE", "mother", "Mother's", "mother’s", "partner", "child", "Child",
         "A", "a", "family", "Family", "name", "withheld", "Zoë", "ZOE", "zoe", "O'Neill",
         "o’neill", "co-op", "Co", "op", "(unnamed)", "x", "İ", "ı", "i", "ſ", "s", "K", "k",
         "ß", "SS", "Ⓐ", "ⓐ", "\u0345", "ι", "1", "_", "-", "'", "’"]
GAPS = [" ", "  ", "\n", "\n\n ", "\t", "", "-", "'", "’", ".", ",", "(", ")", "\u00a0", "_"]

phrases = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    min_size=0, max_size=8)
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)),
                 max_size=40).map(lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets=st.lists(phrases, min_size=1, max_size=4), text=texts)
def test_phrase_sets_match_the_alternation_on_any_text(sets, text):
    assert PhraseSets(sets).find(text) == reference(sets, text)


@pytest.mark.parametrize("text", [
    "the mother child a family", "The mother\nchild A", "mother child", "x the the mother",
])
def test_overlapping_phrases_are_found_as_finditer_finds_them(text):
    sets = [["the mother", "mother child", "child a", "a family", "the", "the the"]]
    found = PhraseSets(sets).find(text)
    assert found == reference(sets, text)


def test_phrase_sets_fall_back_to_the_alternation_where_words_do_not_decide():
    sets = [["-- x", "\u0345 a"], ["the mother"]]  # a phrase without a word first; Greek iota
    text = "Then -- x and the mother and \u0345 a and ι a."
    assert PhraseSets(sets).find(text) == reference(sets, text)
    assert PhraseSets(sets).find(text + " \u0345") == reference(sets, text + " \u0345")


def test_word_keys_are_equal_for_every_pair_ignorecase_takes_as_equal():
    """The premise of `PhraseSets`: a word's key never separates what re.IGNORECASE joins.
    (Characters without case match only themselves; Greek ypogegrammeni, the one character
    that is not a word character but equals one, sends the text to the whole alternation.)"""
    from _sre import unicode_iscased  # noqa: PLC0415

    cased = [chr(c) for c in range(sys.maxunicode + 1)
             if unicode_iscased(c) and chr(c) != residual._ODD]
    alphabet = "".join(cased)
    for char in cased:
        for other in re.findall(re.escape(char), alphabet, re.I):
            assert residual._key_char(other) == residual._key_char(char), (char, other)


def test_allowances_are_found_where_they_stand():
    register = Register(
        entries=[RegisterEntry("P-01", "person", "Jayden Smith", "Child A", [], "child")],
        allows=[Allowance("Northmoor Safeguarding Children Partnership", "public"),
                Allowance("northmoor", "the area"), Allowance("Okonkwo", "an author")])
    text = "The NORTHMOOR safeguarding\nchildren partnership met in Northmoor; Okonkwo (2019)."
    found = ResidualDetector(register).detect(text)
    assert [(c.text, c.allowed_by.reason) for c in found] == [
        ("NORTHMOOR", "the area"), ("Northmoor", "the area"), ("Okonkwo", "an author")]


@pytest.mark.parametrize("text", [
    "Her account jayden2015 and the file 2015_Smith_notes and x_y and 3a and a3b4.",
    "_Smith_ 12Jayden34 __ 9_9 Ω9 and jayden",
])
def test_names_run_together_with_digits_are_the_words_the_old_pattern_found(text):
    old = re.compile(r"\w*(?:\d[^\W\d_]|[^\W\d_]\d|_)\w*")
    detector = ResidualDetector(Register(entries=[
        RegisterEntry("P-01", "person", "Jayden Smith", "Child A", [], "child")]))
    expected = []
    for m in old.finditer(text):
        for run in re.findall(r"[^\W\d_]{4,}", m.group()):
            if run.lower() in ("jayden", "smith"):
                expected.append(m.span())
                break
    assert [(s, e) for s, e, _k, _d in detector._names_inside_tokens(text)] == expected


# --- patterns rewritten to start with a digit, a capital or a literal: the same matches ----------

PLAIN = {
    "_NHS": r"(?<![\w.,/-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|[.,]\d)",
    "_PHONE": (r"(?<![\w+])(?:(?:\+44|0044)\s?(?:\(0\)\s?)?\d{2,4}|\(0\d{2,4}\)|0\d{2,4})"
               r"(?:[ .-]?\d{3,4}){1,2}(?![\w])"),
    "_POSTCODE": (r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|[A-PR-UWYZ]\d[A-HJKPSTUW])"
                  r" ?\d[ABD-HJLNP-UW-Z]{2}\b"),
    "_LONG_NUMBER": r"(?<![\w.,])\d{7,}(?![\w]|[.,]\d)",
    "numeric": (r"(?<![\w/.-])(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
                r"(?![\w/-]|\.\d)"),
    "iso": r"(?<![\w/.-])(?P<y>\d{4})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<a>\d{1,2})(?![\w/-]|\.\d)",
}


def rewritten(name: str) -> re.Pattern[str]:
    return getattr(residual, name, None) or dict(residual._DATE_PATTERNS)[name]


def same_matches(text: str) -> None:
    for name, plain in PLAIN.items():
        fast = [(m.span(), m.groups()) for m in rewritten(name).finditer(text)]
        assert fast == [(m.span(), m.groups()) for m in re.finditer(plain, text)], name
    assert residual._emails(text) == [m.span() for m in residual._EMAIL.finditer(text)]


def test_rewritten_patterns_on_the_example_review():
    same_matches(example_text()[0])


NUMBERS = ["0", "1", "2", "3", "4", "9", "12", "31", "2024", "0044", "0161", "07700", "943",
           "9434765919", " ", "  ", "\n", "-", ".", ",", "/", "+", "+44", "(0)", "(", ")", "a", "B",
           "NE6", "5TT", "SW1A", "1AA", "M1", "1AE", "x@y.org", "@", "a.b", "’", "_", "é", "٣"]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(NUMBERS), max_size=30))
def test_rewritten_patterns_on_any_text(parts):
    same_matches("".join(parts))
