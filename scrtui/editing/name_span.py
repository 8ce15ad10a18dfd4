"""The whole name a residual candidate is part of, to offer when it goes into the register.

The residual scan reports the word it was unsure of ("Tracey"); the reviewer registers the
name ("Tracey Burns"), so the span is widened over the capitalised words beside it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from ..textscan.sentence import sentence_start

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})  # not part of a registered name
_CAPITALISED_AFTER = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_CAPITALISED_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+\Z")
_POSSESSIVE_END = re.compile(r"(?:['’]s?|-)\Z")


class Located(Protocol):
    """A residual candidate where the build found it (`publish.gate.Candidate`, above this
    layer): its text and context, and its file, line and column when known."""

    @property
    def text(self) -> str: ...
    @property
    def context(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def col(self) -> int | None: ...


def full_span(text: str, context: str, line: str | None = None, col: int | None = None) -> str:
    """The whole name a residual candidate is part of: "Tracey Burns" for "Tracey".

    The candidate is extended over the capitalised words next to it on its own line (the
    file's line when the candidate is still at `col`, else its context), leaving out a title
    ("Mr"), an ordinary word that starts the sentence ("When") and a possessive ("'s").
    Where a sentence starts is the one rule the residual scan and the anonymiser follow
    (`textscan.sentence.sentence_start`): a table cell starts one, a colon does not.
    """
    if line is not None and col is not None and line[col - 1 : col - 1 + len(text)] == text:
        return _extend(line, col - 1, col - 1 + len(text))
    spans = [
        _extend(context, m.start(), m.end())
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(text)}(?!\w)", context)
    ]
    return max(spans, key=len) if spans else text


def candidate_span(root: Path, candidate: Located) -> str:
    """`full_span` of a located candidate, looking first at its line in the saved file."""
    from ..store.files import read_text  # noqa: PLC0415

    line = None
    if candidate.source and candidate.line:
        text, _problem = read_text(root / candidate.source, candidate.source)
        lines = text.split("\n") if text is not None else []
        if 0 < candidate.line <= len(lines):
            line = lines[candidate.line - 1]
    return full_span(candidate.text, candidate.context, line, candidate.col)


def _extend(line: str, start: int, end: int) -> str:
    from ..anonymise import canon, ordinary_words  # noqa: PLC0415 - a large word list

    while (after := _CAPITALISED_AFTER.match(line, end)) and after.group(1)[0].isupper():
        end = after.end()
    while before := _CAPITALISED_BEFORE.search(line, 0, start):
        word = before.group(1)
        if not word[0].isupper() or word.rstrip(".").lower() in TITLES:
            break
        if (
            sentence_start(line, before.start())
            and canon(word).replace(" ", "") in ordinary_words()
        ):
            break
        start = before.start()
    span = line[start:end]
    while (cut := _POSSESSIVE_END.search(span)) and cut.start() > 0:
        span = span[: cut.start()]
    return span.strip()
