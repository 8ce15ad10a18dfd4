"""The anonymiser's quick paths give what the straightforward ones give.

The records count lines in the folded text (one byte a character) rather than in the text; a
name's surroundings are ruled out by one set look-up before the tests for a title or initials
before it. Each quick path is checked here against the plain one it stands for, on generated
text; tests/test_anonymise_differential.py checks the whole against a frozen copy.
"""

from __future__ import annotations

import gc
import itertools
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from scrtui.anonymise import Anonymiser
from scrtui.anonymise.results import AnonymisedResult
from scrtui.anonymise.tables import KEPT, ORDINARY, PERSON, SURNAME, Target, UrlEdit
from scrtui.anonymise.titles_and_initials import (
    INITIAL_TAILS,
    TITLE_TAILS,
    TWO_SPACES,
    WIDEN_BEFORE,
)
from scrtui.model import Register, RegisterEntry
from scrtui.normalise import replacement
from scrtui.textscan.folding import _fold_char, fold, fold_special

TARGETS = [
    Target("Child A", ("P-01",), "name", False, PERSON),
    Target("the mother", ("P-02", "P-03"), "word", True, PERSON | ORDINARY | SURNAME),
    Target("River Tay", ("PL-01",), "ambiguous", False, KEPT),
    UrlEdit("Child B", ("P-04",), "alias", False, 8, "child-b"),
]


@st.composite
def edits(draw, in_order: bool):
    text = draw(st.text(alphabet="ab \n\r\t’é\u00a0", min_size=0, max_size=200))
    n = draw(st.integers(0, 12))
    points = draw(st.lists(st.integers(0, len(text)), min_size=2 * n, max_size=2 * n))
    pairs = [tuple(sorted(points[2 * k : 2 * k + 2])) for k in range(n)]
    if in_order:
        pairs.sort()
    starts = [a for a, _b in pairs]
    ends = [b for _a, b in pairs]
    targets = [draw(st.sampled_from(TARGETS)) for _ in range(n)]
    news = [None if draw(st.integers(0, 3)) == 0 else t.label for t in targets]
    return text, (starts, ends, news, targets)


@settings(max_examples=300, deadline=None)
@given(case=edits(in_order=True) | edits(in_order=False))
def test_records_counted_in_the_folded_text_are_those_counted_in_the_text(case):
    text, edit_lists = case
    by_text = AnonymisedResult(text, text, edit_lists, [])
    by_folded = AnonymisedResult(text, text, edit_lists, [], fold(text))
    assert by_folded.replacements == by_text.replacements
    assert by_folded.flagged == by_text.flagged


def test_the_records_of_a_long_text_have_their_lines_and_columns():
    register = Register(
        entries=[RegisterEntry("P-01", "person", "Jayden Smith", "Child A", ["Jay"], "child")]
    )
    text = "".join(
        f"Line {i}: Jayden{' ' * (i % 3)} saw Jay’s.\n" + "\n" * (i % 2) for i in range(300)
    )
    result = Anonymiser.from_register(register).apply(text)
    lines = text.split("\n")
    assert len(result.replacements) == 600
    for r in result.replacements:
        assert lines[r.line - 1][r.col - 1 :].startswith(r.original)


def test_the_collector_runs_again_after_the_records():
    result = AnonymisedResult("x", "x", ([0], [1], ["y"], [TARGETS[0]]), [])
    assert gc.isenabled()
    assert len(result.replacements) == 1
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(AnonymisedResult("x", "x", ([0], [1], ["y"], [TARGETS[0]]), []).flagged) == 0
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def _old_tests_pass(before: str) -> bool:
    """The tests the anonymiser makes for initials or a title before a name, on the three
    characters before it (at three or more from the start)."""
    folded = fold(before)
    return before[1:] in INITIAL_TAILS or folded in TITLE_TAILS or folded[1:] in TWO_SPACES


def test_the_widen_set_holds_every_ascii_tail_that_the_tests_let_through():
    # Every three ASCII characters drawn from those the tests name, and some others.
    alphabet = sorted(set("".join(INITIAL_TAILS | TITLE_TAILS | TWO_SPACES)) | set("aZ9_-(|"))
    alphabet += [c.upper() for c in alphabet if c.islower()]
    for chars in itertools.product(alphabet, repeat=3):
        before = "".join(chars)
        if _old_tests_pass(before):
            assert before in WIDEN_BEFORE, before


@settings(max_examples=500, deadline=None)
@given(before=st.text(alphabet=st.characters(max_codepoint=127), min_size=3, max_size=3))
def test_the_widen_set_rules_out_only_what_the_tests_would(before):
    if _old_tests_pass(before):
        assert before in WIDEN_BEFORE


_LOWER_TABLE = {i: chr(i).lower() for i in range(ord("A"), ord("Z") + 1)}


def _fold_one_by_one(text: str) -> str:
    """Folding as the tables say, a character at a time: A-Z lowered, every other ASCII
    character kept, anything else through `_fold_char`."""
    return "".join(c.translate(_LOWER_TABLE) if c.isascii() else _fold_char(c) for c in text)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(max_codepoint=0x2FFF))
    | st.text(st.characters(max_codepoint=127))
    | st.text(alphabet="AbZ’é\u00a0\u0301 -?\n")
)
def test_folding_lowers_ascii_as_the_tables_say(text):
    others = [c for c in text if not c.isascii()]
    marks = any(_fold_char(c) == "'" and unicodedata.combining(c) > 0 for c in others)
    special = any(replacement(c) is not None for c in others)
    assert fold_special(text) == (_fold_one_by_one(text), marks, special)
