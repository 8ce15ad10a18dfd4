"""The text helpers the anonymiser and the residual detector share: one rule for where a
sentence starts and one for the words quoted around a find, and both users keep to them."""

from __future__ import annotations

import pytest

from scrtui.anonymise import Anonymiser
from scrtui.model import Register, RegisterEntry
from scrtui.residual import detect_residuals
from scrtui.textscan.sentence import context, sentence_start

REGISTER = Register(
    entries=[
        RegisterEntry("P-02", "person", "Kerry Brown", "the mother", [], "parent"),
        RegisterEntry("P-03", "person", "Rose Hall", "Grandmother", [], "relative"),
    ]
)

STARTS = [
    "",  # the start of the text
    "# ",  # a heading at the start of the text
    "It ended. ",
    "Did it? ",
    'He said "stop!" ',
    "(It ended.) ",
    "First line\n",
    "First line\n## ",
    "First line\n  - ",
    "First line\n1. ",
    "First line\n> - ",
    "| Person | ",  # a table cell
]
NOT_STARTS = [
    "We saw ",
    "Present: ",  # a colon does not end a sentence
    "Then, ",
    "Here; ",
    "First line\n**",  # emphasis is not a list mark
]


@pytest.mark.parametrize("before", STARTS)
def test_a_sentence_starts_after_a_full_stop_at_a_line_or_a_table_cell(before):
    assert sentence_start(before + "Word", len(before))


@pytest.mark.parametrize("before", NOT_STARTS)
def test_a_sentence_does_not_start_inside_one(before):
    assert not sentence_start(before + "Word", len(before))


@pytest.mark.parametrize("before", STARTS + NOT_STARTS)
def test_both_users_follow_the_one_rule(before):
    """The anonymiser capitalises a lower-case label where a sentence starts; the detector does
    not take a capital there as a name's (an ordinary word near a registered name, "Rise" for
    "Rose", is a candidate only inside a sentence)."""
    starts = sentence_start(before + "Word", len(before))
    anonymised = Anonymiser.from_register(REGISTER).apply(before + "Kerry Brown left").text
    assert anonymised == before + ("The mother left" if starts else "the mother left")
    found = [(c.kind, c.text) for c in detect_residuals(before + "Rise left", REGISTER)]
    assert (("near_miss", "Rise") in found) is not starts


TEXT = (
    "An earlier line about the hall.\n"
    "One two three four five six seven eight nine rose ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen.\n"
    "A later line."
)


def test_context_is_eight_words_either_side_from_the_own_line_on_one_line():
    start = TEXT.index("rose")
    assert context(TEXT, start, start + 4) == (
        "two three four five six seven eight nine rose ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen."
    )
    short = "Line one.\nRose   Hall\tcame.\nLine three."
    assert context(short, 10, 14) == "Rose Hall came."


def test_the_anonymiser_and_the_detector_quote_the_same_context():
    anonymiser = Anonymiser.from_register(REGISTER)
    expected = [
        (word, context(TEXT, TEXT.index(word), TEXT.index(word) + 4)) for word in ("hall", "rose")
    ]
    assert expected[1][1].startswith("two three")  # not the line before
    assert [(f.text, f.context) for f in anonymiser.apply(TEXT).flagged] == expected
    survivors = anonymiser.survivors(TEXT, include_lowercase_ordinary=True)
    assert [(s.text, s.context) for s in survivors] == expected
    text = "An earlier line.\nThey saw Rise there, in the hall.\nA later line."
    [candidate] = detect_residuals(text, REGISTER)
    assert candidate.context == "They saw Rise there, in the hall." == context(text, 26, 30)
