"""Where a span stands in its sentence: the words around it, and whether a position starts one.

A review is written one sentence per line, in Markdown. So the words quoted around a found
name come from its own line, and a sentence starts at the start of the text, of a line (after
the marks of a heading, a quotation or a list item), of a table cell, or after the full stop,
question or exclamation mark that ends the one before. The anonymiser capitalises a lower-case
label there ("the mother" -> "The mother"); the residual detector does not take a capital there
for a name's. Both, and the survivor check, quote `context`.
"""

from __future__ import annotations

import re

_SENTENCE_BEFORE = re.compile(
    r"(?:[.!?][\"'\u2019\u201d)\]]*[ \t]+|\|[ \t]*"
    r"|\n[ \t]*(?:(?:#{1,6}|>|[*+-]|\d{1,3}[.)])[ \t]+)*)\Z"
)
_LINE_START_MARKERS = re.compile(r"[ \t]*(?:(?:#{1,6}|>|[*+-]|\d{1,3}[.)])[ \t]+)*")
# The eight words before a span, found in the reversed text: the same span as searching
# r"(?:\S+\s+){0,8}\S*\Z" forwards, which tries every start and costs a hundred times more.
_WORDS_BEFORE_REVERSED = re.compile(r"\S*(?:\s+\S+){0,8}")
_WORDS_AFTER = re.compile(r"\S*(?:\s+\S+){0,8}")


def sentence_start(text: str, at: int) -> bool:
    """Whether `at` starts a sentence, a line, a heading, a list item or a table cell."""
    if _SENTENCE_BEFORE.search(text, max(0, at - 16), at):
        return True
    return at < 64 and _LINE_START_MARKERS.fullmatch(text, 0, at) is not None


def context(text: str, start: int, end: int) -> str:
    """Up to eight words either side of text[start:end], from its own line (a sentence, in a
    review written one sentence per line), on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _WORDS_BEFORE_REVERSED.match(text[max(line_start, start - 160) : start][::-1])
    after = _WORDS_AFTER.match(text, end, min(line_end, end + 160))
    lo = start - before.end() if before else start
    hi = after.end() if after else end
    return " ".join(text[lo:hi].split())
