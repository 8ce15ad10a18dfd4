"""Triggers: where a pattern can start, found at memory speed, so that it is tried only there.

A pattern that begins with `\\b`, a look-behind, an optional part or (under re.I) a letter gives
`re` no first character to skip to: `finditer` tries it at every position of the text. Such a
pattern is tried instead only where a trigger, found at memory speed, says a match can start
(every such place, and some more), in order, skipping what the last match covers. That is what
`finditer` finds (the leftmost match, then the leftmost from its end), as `match` at a position
sees the text before it just as `finditer` does. Each trigger says why it misses no start; tests
compare each with `finditer`. Where the first character is a digit or a capital, the pattern
may be rewritten instead, as `patterns.NHS` is (the plain form kept in the tests).

Many triggers are looked for in the text's word keys (`wordkeys`), where case is folded as
re.IGNORECASE folds it and every character that is not a word character is a space: there
"aged", "AGED" and "Aged" are one string, and a word's start is a space and a letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from . import patterns, wordkeys


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds, given every place (ascending) where a match can
    start. (None of these patterns matches an empty text.)"""
    out = []
    done = 0
    match = pattern.match
    for at in starts:
        if at >= done:
            m = match(text, at)
            if m is not None:
                out.append(m)
                done = m.end()
    return out


def _hits(trigger: re.Pattern[str], text: str) -> list[int]:
    """Every place where `trigger` matches, overlapping ones too: for rare triggers."""
    out = []
    m = trigger.search(text)
    while m is not None:
        out.append(m.start())
        m = trigger.search(text, m.start() + 1)
    return out


def _runs_back(text: str, at: int, runs: int) -> int:
    r"""Where the `runs`-th run of non-space characters before `at` starts (one that ends at `at`
    is the first), or 0. (`str.isspace` is the `\s` of `re`.)"""
    i = at
    for _ in range(runs):
        while i > 0 and text[i - 1].isspace():
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
    return i


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    """The starts of the words (runs of word characters) in text[lo:hi], and lo if a word runs
    on there."""
    return [m.start() for m in wordkeys.RUN.finditer(text, lo, hi)]


def _first_three(words: list[str]) -> re.Pattern[str]:
    """A pattern for the first three letters of month or day names as `patterns` writes
    them (capitalised or in capitals): every such name starts with one."""
    return re.compile(
        "|".join(sorted({w[:3] for word in words for w in (word.capitalize(), word.upper())}))
    )


_DIGIT_AFTER_SPACE = re.compile(r" \d")  # in the word keys
_MONTH_AT = _first_three(patterns.MONTHS + patterns.MONTHS_SHORT)
_WEEKDAY_AT = _first_three(patterns.WEEKDAYS)
MONTH_DATES = ("day month", "month day", "ordinal words")
# Six digits after an NI number's two letters (and a space, maybe): two or three characters on.
_NI_DIGITS = re.compile(r"\d\d\s?\d\d\s?\d\d")
# The ages' anchor words, in the word keys: "age" or "aged" after a character that is not a word
# character; "old" between two; "yo", "y/o" or "y.o." before one.
_AGE_WORD = re.compile(" age[d ]")
_OLD = re.compile(" old ")
_YO = re.compile("y ?o ")
_FLAT_AT = re.compile("Flat|Apartment|Apt|Unit|Room|Maisonette")


class Starts:
    """Where, in one text, the patterns `re` cannot skip to can start: each worked out once, when
    first asked for."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def keys(self) -> str:
        """The word keys, with a space before and two after: keys[i + 1] is the key of text[i]."""
        return " " + wordkeys.word_keys(self.text) + "  "

    @cached_property
    def digits(self) -> list[int]:
        """Every digit after a character that is not a word character, or first: where the NHS
        number, long number, numeric date and house number patterns can start (each looks behind
        for such a character, or `\\b`). In the keys, a space and a digit; no such pair hides
        another, whose space would be this one's digit."""
        return [m.start() for m in _DIGIT_AFTER_SPACE.finditer(self.keys)]

    @cached_property
    def months(self) -> list[int]:
        """Where a date with a month name ("3 April", "April 3", "the third of April") or a month
        of birth ("born in April 2024") can start: at a word from four runs of non-space
        characters before a month name up to the name itself. Before the month come at most a
        weekday, "the", the day and "of" (or "date of birth:"), none with a space in it, and each
        pattern looks behind for a character that is not a word character, or `\\b`."""
        text = self.text
        starts: set[int] = set()
        for at in _hits(_MONTH_AT, text):
            starts.update(_word_starts(text, _runs_back(text, at, 4), at + 1))
        return sorted(starts)

    @cached_property
    def weekdays(self) -> list[int]:
        """Where "Tuesday the 3rd" can start: at a weekday's name."""
        return _hits(_WEEKDAY_AT, self.text)


def ni_numbers(text: str) -> list[re.Match[str]]:
    """What `patterns.NI.finditer` finds, tried only two and three characters before six digits.
    A match of `_NI_DIGITS` is digits and spaces from a digit on, so none that starts before an
    NI number's digits can run over them: it would hold the letter before them."""
    starts = {s for m in _NI_DIGITS.finditer(text) for s in (m.start() - 3, m.start() - 2)}
    return matches_at(patterns.NI, text, sorted(s for s in starts if s >= 0))


def ages(text: str, starts: Starts) -> list[re.Match[str]]:
    """What the `patterns.AGE_PATTERNS` find, one after the other. "aged 4" starts at "age";
    "four years old" at a word within three runs of non-space characters before "old" (a number
    of up to two words and the unit, none with a space in it); "4 y/o" one to three characters
    before "y"."""
    keys = starts.keys  # keys[i + 1] is text[i]'s
    old: set[int] = set()
    for at in _hits(_OLD, keys):
        old.update(_word_starts(text, _runs_back(text, at, 3), at))
    yo = {s for at in _hits(_YO, keys) for s in (at - 4, at - 3, at - 2) if s >= 0}
    aged, years_old, y_o = patterns.AGE_PATTERNS
    return [
        *matches_at(aged, text, _hits(_AGE_WORD, keys)),
        *matches_at(years_old, text, sorted(old)),
        *matches_at(y_o, text, sorted(yo)),
    ]


def address_matches(text: str, starts: Starts) -> list[re.Match[str]]:
    """What the `patterns.ADDRESS_PATTERNS` find, one after the other: a house number starts at
    a digit after a character that is not a word character, "Flat 3" at the word "Flat" (or the
    like)."""
    return [
        *matches_at(patterns.HOUSE_NUMBER_STREET, text, starts.digits),
        *matches_at(patterns.ADDRESS_PATTERNS[1], text, _hits(_FLAT_AT, text)),
        *patterns.NAMED_STREET.finditer(text),
    ]


def emails(text: str) -> list[tuple[int, int]]:
    """What `patterns.EMAIL.finditer` finds, looked for only where there is an @: a match starts
    where the run of characters allowed before the @ starts, and nowhere else."""
    out: list[tuple[int, int]] = []
    done = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and patterns.EMAIL_LOCAL.match(text, start - 1):
            start -= 1
        if start >= done and start < at:
            m = patterns.EMAIL.match(text, start)
            if m is not None:
                out.append(m.span())
                done = m.end()
        at = text.find("@", at + 1)
    return out
