"""Titles and initials written with a person's name, which go with it into the label: where they
start and end ("Ms Smith", "Dr.\\nJones", "J. R. Smith", "Kerry H."), and initials with full
stops standing for a person on their own ("A.H.", "K. H.").

Each has a cheap test (a set of two-character strings) that the anonymiser tries before the
regular expression, once per name found.
"""

from __future__ import annotations

import itertools
import re

from .identifiers import TITLES

# The last character of a title and the whitespace after it: a cheap test before the regex.
TITLE_TAILS = frozenset(
    tail + space
    for tail in {t[-2:].rjust(2) for t in TITLES} | {t[-1] + "." for t in TITLES}
    for space in " \t\n\r"
)
TWO_SPACES = frozenset(a + b for a in " \t\n\r" for b in " \t\n\r")  # "Ms\n  Smith"
# The two characters before a name that initials can end with: a capital or a full stop, then
# whitespace (a cheap test before the regex).
INITIAL_TAILS = frozenset(a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ." for b in " \t\n\r")
# Initials right before a person's name ("J. Smith", "J.R. Smith", "J R Smith"): a capital with
# a full stop, or alone; "A" and "I" alone are words ("A Smith relative"), never initials.
_INITIALS = re.compile(
    r"(?<![^\s(\[\"'\u2018\u201c])(?:[A-Z]\.[ \t]*\n?[ \t]*|(?![AI])[A-Z][ \t]+\n?[ \t]*)"
    r"(?:[A-Z]\.[ \t]*\n?[ \t]*|(?![AI])[A-Z][ \t]+\n?[ \t]*)*\Z"
)
SAME_PHRASE_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_TITLE_TAIL = re.compile(r"(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+\Z")


def _ascii_forms(folded: str) -> set[str]:
    """Every ASCII text that folds to `folded` (an ASCII letter in either case)."""
    options = [(c, c.upper()) if "a" <= c <= "z" else (c,) for c in folded]
    return {"".join(chars) for chars in itertools.product(*options)}


# The three characters of ASCII text before a name after which initials or a title may go with
# it: a superset of what the tests above let through, so that one set look-up rules out the
# usual case (a name after an ordinary word). Text with a character outside ASCII there, or
# nearer than three characters to the start, takes the tests themselves.
WIDEN_BEFORE = frozenset(
    {chr(c) + pair for c in range(128) for pair in INITIAL_TAILS | TWO_SPACES}
    | {form for tail in TITLE_TAILS for form in _ascii_forms(tail)}
)

# A capital letter (not "A" or "I", which are words) after a space: perhaps an initial after a
# name ("Kerry H."). A cheap test before the regex.
INITIAL_HEADS = frozenset(" " + c for c in "BCDEFGHJKLMNOPQRSTUVWXYZ") | {" A", " I"}
_INITIAL_AFTER = re.compile(r"[ \t]+(?:(?P<dot>[A-Z])\.(?![^\W_])|(?![AI])[A-Z](?![^\W_]|['’.-]))")
# After an initial's full stop, the end of a line or of the text: the stop ends the sentence too
# (prose is one sentence per line; "R. Smith" mid-line is a middle initial).
SENTENCE_AFTER = re.compile(r"[ \t]*(?:\r?\n|\Z)")
# Initials with full stops, as a person's ("A.H.", "K. H.", "J.R.S."): found from the full
# stop before the second capital (a literal, which `re` skips to at memory speed).
DOTTED = re.compile(r"\.[ \t]?[A-Z]\.")
UNDOTTED_INITIALS = re.compile(r"(?<![\w.'’&/-])[A-Z]{2,3}(?![\w'’&/-]|\.\w)")
DOTTED_INITIALS = re.compile(r"(?<![^\W_])(?<![.'’-])(?:[A-Z]\.[ \t]?){2,4}(?![^\W_])")


def initial_after(text: str, end: int) -> int:
    """Where a name that ends at `end` ends with the initial after it ("Kerry H."). A full stop
    that also ends the sentence stays in the text."""
    m = _INITIAL_AFTER.match(text, end)
    if m is None:
        return end
    if m.group("dot") and SENTENCE_AFTER.match(text, m.end()):
        return m.end() - 1
    return m.end()


def initials_start(text: str, start: int) -> int | None:
    """Where initials right before `start` begin, if there are any."""
    m = _INITIALS.search(text, max(0, start - 24), start)
    return m.start() if m else None


def title_start(folded: str, start: int) -> int | None:
    """Where a title right before `start` begins ("Ms Smith", "Dr.\\nJones"), if there is one."""
    m = _TITLE_TAIL.search(folded, max(0, start - 16), start)
    if m is None:
        return None
    begin = m.start()
    if begin > 0 and (folded[begin - 1].isalnum() or folded[begin - 1] == "_"):
        return None
    return begin
