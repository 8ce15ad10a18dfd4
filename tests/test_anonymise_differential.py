"""Differential: the anonymiser gives exactly what its frozen copy gives.

`anonymise_before` is a frozen copy of the anonymiser (issue 15): on random review text full of
registered names, written in every way the matcher knows (cases, gaps, titles, initials,
possessives, links, e-mail addresses), both give the same text, replacements and flags, with
either scanner. It guards speed work on the anonymiser: a faster pass must give exactly the
records this one gives. A change meant to change the output refreshes the copy (and says so).
"""

from __future__ import annotations

import pickle

import pytest
from anonymise_before import Anonymiser as Before
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrtui.anonymise import Anonymiser
from scrtui.model import Register, RegisterEntry, SurnameRule

REGISTER = Register(
    entries=[
        RegisterEntry("P-01", "person", "Jayden Smith", "Child A", ["Jay", "JJ"], "child"),
        RegisterEntry("P-02", "person", "Kerry-Ann O’Neill", "the mother", ["Kez"], "parent"),
        RegisterEntry("P-03", "person", "John Smith", "Father", [], "parent"),
        RegisterEntry("P-04", "person", "Alfie Hartley", "Child B", ["baby Alfie"], "child"),
        RegisterEntry("P-05", "person", "Zoë Brown", "Sibling", [], "child"),
        RegisterEntry("P-06", "person", "Rose Hall", "Grandmother", [], "relative"),
        RegisterEntry("P-07", "person", "Mark Anthony Ward", "Uncle", [], "relative"),
        RegisterEntry(
            "PL-01", "place", "Rosehill Primary School", "the primary school", ["Rosehill"]
        ),
    ],
    surnames=[SurnameRule("Smith", "the family")],
)
WORDS = [
    "Jayden",
    "Smith",
    "Jay",
    "JJ",
    "Kerry",
    "Ann",
    "Kerry-Ann",
    "O’Neill",
    "O'Neill",
    "ONeill",
    "Kez",
    "John",
    "Alfie",
    "Hartley",
    "Hartleys",
    "alfiehartley",
    "Zoë",
    "Zoe",
    "Brown",
    "Rose",
    "rose",
    "Hall",
    "hall",
    "Mark",
    "mark",
    "Anthony",
    "Ward",
    "Rosehill",
    "Primary",
    "School",
    "Ms",
    "Mr",
    "Dr.",
    "mrs",
    "J.",
    "A.",
    "K.",
    "H.",
    "R",
    "A.H.",
    "KH",
    "the",
    "The",
    "saw",
    "with",
    "and",
    "was",
    "visit",
    "school",
    "nurse",
    "said",
    "that",
    "family",
    "JAYDEN",
    "SMITH",
    "Child",
    "A",
    "I",
    "baby",
    "'s",
    "’s",
    "s'",
]
GLUE = [" ", " ", " ", "\n", "  ", "\n  ", "-", "_", ". ", ", ", ".\n", " (", ") ", "|", "\t"]
EXTRAS = [
    "[Jayden Smith's record](https://example.org/records/jayden-smith)",
    "jay.smith@example.org",
    "www.example.org/alfie_hartley",
    "https://x.org/zo%C3%AB-brown?name=kerry+ann",
    "\n## Alfie Hartley\n",
    "\n| Rose Hall | x |\n",
    "\n- Kerry-\nAnn said",
    "&amp; Jay",
]


@st.composite
def texts(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        if draw(st.integers(0, 9)) == 0:
            parts.append(draw(st.sampled_from(EXTRAS)))
        else:
            parts.append(draw(st.sampled_from(WORDS)))
        parts.append(draw(st.sampled_from(GLUE)))
    return "".join(parts)


PAIRS = {
    automaton: (
        Anonymiser.from_register(REGISTER, automaton=automaton),
        Before.from_register(REGISTER, automaton=automaton),
    )
    for automaton in (True, False)
}


def same(now, before) -> None:
    assert now.text == before.text
    assert now.replacements == before.replacements
    assert now.flagged == before.flagged
    assert now.warnings == before.warnings


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(), automaton=st.booleans())
def test_records_are_those_of_the_anonymiser_before(text, automaton):
    now, before = PAIRS[automaton]
    same(now.apply(text), before.apply(text))
    assert now.undotted_initials(text) == before.undotted_initials(text)


@pytest.mark.parametrize("automaton", [True, False])
def test_the_benchmark_prose_gives_the_same_records(automaton):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_anonymise  # noqa: PLC0415

    register = bench_anonymise.make_register(300, 3)
    prose = bench_anonymise.make_prose(register, 0.3, 3)
    now = Anonymiser.from_register(register, automaton=automaton).apply(prose)
    same(now, Before.from_register(register, automaton=automaton).apply(prose))
    assert len(now.replacements) > 1000


def test_a_pickled_anonymiser_finds_the_same_names():
    """The automaton's values are copies after pickling (a helper process gets one so): the
    scan must not rely on the identity of any value of its own."""
    anonymiser = PAIRS[True][0]
    text = "Ms Smith saw Alfie Hartley and alfiehartley with Kerry-Ann O’Neill.\n"
    copy = pickle.loads(pickle.dumps(anonymiser))
    same(copy.apply(text), anonymiser.apply(text))
    assert copy.apply(text).text.count("Child B") == 2
