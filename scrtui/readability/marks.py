"""What is marked in the prose for the reviewer to read again: passive constructions (a
heuristic), acronyms and where they are defined, jargon with a plainer alternative."""

from __future__ import annotations

import re
from functools import cache

from .prose import Unit
from .results import Mark, Place, PlainEnglish

IRREGULAR_PARTICIPLES = frozenset(
    {
        "arisen",
        "awoken",
        "beaten",
        "become",
        "begun",
        "bent",
        "bitten",
        "blown",
        "born",
        "borne",
        "bought",
        "bound",
        "brought",
        "built",
        "burnt",
        "caught",
        "chosen",
        "come",
        "cut",
        "dealt",
        "done",
        "drawn",
        "driven",
        "eaten",
        "fallen",
        "felt",
        "fought",
        "found",
        "forbidden",
        "forgiven",
        "forgotten",
        "frozen",
        "given",
        "gone",
        "ground",
        "grown",
        "heard",
        "held",
        "hidden",
        "hit",
        "hung",
        "hurt",
        "kept",
        "knelt",
        "known",
        "laid",
        "led",
        "left",
        "lent",
        "let",
        "lit",
        "lost",
        "made",
        "meant",
        "met",
        "mistaken",
        "overlooked",
        "overseen",
        "overtaken",
        "paid",
        "proven",
        "put",
        "quit",
        "read",
        "rung",
        "risen",
        "run",
        "said",
        "seen",
        "sent",
        "set",
        "shaken",
        "shed",
        "shot",
        "shown",
        "shut",
        "sold",
        "sought",
        "spent",
        "split",
        "spoken",
        "spread",
        "stolen",
        "struck",
        "stuck",
        "sung",
        "sunk",
        "sworn",
        "taken",
        "taught",
        "thought",
        "thrown",
        "told",
        "torn",
        "understood",
        "undertaken",
        "upheld",
        "withdrawn",
        "won",
        "worn",
        "written",
    }
)
_NOT_PARTICIPLES = frozenset(
    {
        "hundred",
        "indeed",
        "naked",
        "wicked",
        "sacred",
        "kindred",
        "rugged",
        "ragged",
        "beloved",
        "embed",
        "exceed",
        "proceed",
        "succeed",
        "breed",
        "speed",
    }
)
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten|getting)"
_ADVERB = r"(?:\w+ly|not|also|then|often|never|always|still|already|usually|all|both|each)"
PASSIVE = re.compile(rf"\b{_BE}\s+(?:{_ADVERB}\s+){{0,2}}([A-Za-z]+)\b", re.IGNORECASE)


def _participle(word: str) -> bool:
    word = word.casefold()
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) >= 5 and word.endswith("ed") and word not in _NOT_PARTICIPLES


def passives(unit: Unit, path: str) -> list[Mark]:
    found = []
    for match in PASSIVE.finditer(unit.text):
        if _participle(match.group(1)):
            found.append(
                Mark(" ".join(match.group(0).split()), Place(path, unit.line_at(match.start())))
            )
    return found


ACRONYM = re.compile(r"(?<![\w&'\u2019-])([A-Z][A-Z&]*[A-Z])(s?)(?![\w&-])")


def defined_here(text: str, match: re.Match[str]) -> bool:
    """ "words (ACR)" or "ACR (words)"."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :]
    if before.endswith("(") and after.lstrip().startswith((")", ",", ";")):
        return True
    follow = re.match(r"\s*\(([^)]*[a-z][^)]*)\)", after)
    return follow is not None


@cache
def _jargon_pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    parts = []
    for index, phrase in enumerate(entries):
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        ending = r"(?:s|es|d|ed|ing)?"
        if phrase.endswith("e"):
            words = rf"(?:{words}|{words[:-1]}(?=ing))"
        parts.append(rf"(?P<j{index}>{words}{ending})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


@cache
def _jargon_stems(entries: tuple[str, ...]) -> tuple[str, ...]:
    """A piece of each phrase that any match contains: the phrase without a final e."""
    return tuple(
        " ".join(p.split())[:-1] if p.endswith("e") else " ".join(p.split()) for p in entries
    )


def jargon(unit: Unit, path: str, words: PlainEnglish) -> list[Mark]:
    entries = tuple(words.alternatives)
    pattern = _jargon_pattern(entries)
    if pattern is None:
        return []
    folded = " ".join(unit.text.casefold().split())
    if not any(stem in folded for stem in _jargon_stems(entries)):  # most text: no regex
        return []
    found = []
    for match in pattern.finditer(unit.text):
        phrase = entries[int(match.lastgroup[1:])]  # type: ignore[index]  # each one is a group
        found.append(
            Mark(
                " ".join(match.group(0).split()),
                Place(path, unit.line_at(match.start())),
                words.alternatives[phrase],
            )
        )
    return found
