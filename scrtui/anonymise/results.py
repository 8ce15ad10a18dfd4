"""What the anonymiser gives back: the text, and what it replaced and flagged, with where."""

from __future__ import annotations

import gc
from bisect import bisect_left
from itertools import accumulate, compress, islice, repeat
from operator import add, is_not, itemgetter, le, sub
from typing import NamedTuple

from scrtui.textscan import sentence

from .tables import KEPT, SURNAME, Target, UrlEdit

# An anonymiser's edits, as parallel lists in order: start, end, new text (None: flagged),
# the target (or the decision taken inside a URL).
Edits = tuple[list[int], list[int], list[str | None], list[Target | UrlEdit]]


class Replacement(NamedTuple):
    """One identifier replaced: where (in the input), what it was, what it became.

    Named tuples, not dataclasses: a long draft has tens of thousands of these, and building
    them is most of the anonymiser's per-name cost.
    """

    start: int
    end: int
    original: str
    replacement: str
    label: str
    entry_ids: tuple[str, ...]
    kind: str  # name, alias, word, surname, shared
    line: int
    col: int
    ordinary_word: bool = False  # an ordinary English word replaced because it was capitalised


class Flag(NamedTuple):
    """A registered identifier left in place: a lower-case ordinary word that is also a
    registered name (`kind` "ordinary", or "surname" when it is a person's surname: that one
    keeps the draft from publication), or a phrase the register says is not a name
    ("ambiguous")."""

    start: int
    end: int
    text: str
    label: str
    entry_ids: tuple[str, ...]
    line: int
    col: int
    context: str
    kind: str = "ordinary"


class AnonymisedResult:
    """The anonymised text, and (built on first use) what was replaced and what was flagged.

    The records are built lazily: a caller that only wants the text (a preview, an idempotence
    check) does not pay for tens of thousands of them.
    """

    def __init__(
        self,
        text: str,
        source: str,
        edits: Edits,
        warnings: list[str],
        folded: str | None = None,
    ):
        self.text = text
        self.warnings = warnings
        self._source = source
        # Where the line breaks are: the folded source has them where the source has, and is
        # searched faster (one byte a character, where the source may take two).
        self._line_text = source if folded is None else folded
        # Parallel lists, in order: start, end, new text (None: flagged), target.
        self._edits = edits
        self._records: tuple[list[Replacement], list[Flag]] | None = None

    @property
    def replacements(self) -> list[Replacement]:
        return self._build()[0]

    @property
    def flagged(self) -> list[Flag]:
        return self._build()[1]

    def _build(self) -> tuple[list[Replacement], list[Flag]]:
        if self._records is None:
            starts = self._edits[0]
            # Tens of thousands of new tuples, none of them in a cycle: without the collector
            # running every 700 of them (and now and then over the whole heap), the records
            # take about a fifth less time. It runs again after, once over what survived.
            collecting = gc.isenabled()
            gc.disable()
            try:
                if all(map(le, starts, islice(starts, 1, None))):
                    self._records = self._build_in_order()
                else:
                    self._records = self._build_one_by_one()
            finally:
                if collecting:
                    gc.enable()
        return self._records

    def _build_in_order(self) -> tuple[list[Replacement], list[Flag]]:
        """The records of edits whose starts never go back (all but a freak few), built in C
        pieces (`map`, `zip`, `bisect`) rather than a Python loop."""
        text = self._source
        starts, ends, news, targets = self._edits
        # The line break before each line (-1 before the first), from the folded text (one
        # byte a character, the quicker to split): an edit's line is the number of them
        # before it, its column its distance from the last of them.
        breaks = list(
            accumulate(map(add, map(len, self._line_text.split("\n")), repeat(1)), initial=-1)
        )
        lines = list(map(bisect_left, repeat(breaks), starts))
        breaks.insert(0, 0)  # now breaks[line] is the break before that line
        cols = list(map(sub, starts, map(breaks.__getitem__, lines)))
        flagged: list[Flag] = []
        if None in news:
            context = sentence.context
            for k in [k for k, new in enumerate(news) if new is None]:
                start, end, target = starts[k], ends[k], targets[k]
                mode = target.mode
                flagged.append(
                    Flag(
                        start,
                        end,
                        text[start:end],
                        target.label,
                        target.ids,
                        lines[k],
                        cols[k],
                        context(text, start, end),
                        "ambiguous" if mode & KEPT else "surname" if mode & SURNAME else "ordinary",
                    )
                )
            kept = list(map(is_not, news, repeat(None)))
            starts, ends, news, targets, lines, cols = (
                list(compress(column, kept))
                for column in (starts, ends, news, targets, lines, cols)
            )
        fields = zip(
            starts,
            ends,
            map(text.__getitem__, map(slice, starts, ends)),
            news,
            map(_LABEL, targets),
            map(_IDS, targets),
            map(_KIND, targets),
            lines,
            cols,
            map(_ORDINARY, targets),
            strict=True,
        )
        replacements: list[Replacement] = list(map(tuple.__new__, repeat(Replacement), fields))
        return replacements, flagged

    def _build_one_by_one(self) -> tuple[list[Replacement], list[Flag]]:
        """The records of any edits, each line and column counted from the edit before."""
        text = self._source
        replacements: list[Replacement] = []
        flagged: list[Flag] = []
        line, line_start, at = 1, 0, 0
        count, rfind, make = text.count, text.rfind, tuple.__new__
        add = replacements.append
        for start, end, new, target in zip(*self._edits, strict=True):
            newlines = count("\n", at, start)
            if newlines:
                line += newlines
                line_start = rfind("\n", at, start) + 1
            at = start
            if new is None:
                mode = target.mode
                kind = "ambiguous" if mode & KEPT else "surname" if mode & SURNAME else "ordinary"
                flagged.append(
                    Flag(
                        start,
                        end,
                        text[start:end],
                        target.label,
                        target.ids,
                        line,
                        start - line_start + 1,
                        sentence.context(text, start, end),
                        kind,
                    )
                )
            else:
                add(
                    make(
                        Replacement,
                        (
                            start,
                            end,
                            text[start:end],
                            new,
                            target.label,
                            target.ids,
                            target.kind,
                            line,
                            start - line_start + 1,
                            target.ordinary,
                        ),
                    )
                )
        return replacements, flagged


# The fields of a Target or a UrlEdit (the same first four), read in C.
_LABEL, _IDS, _KIND, _ORDINARY = (itemgetter(i) for i in range(4))
