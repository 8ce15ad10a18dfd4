"""What the anonymiser gives back: the text, and what it replaced and flagged, with where."""

from __future__ import annotations

import gc
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
        # Where the line breaks are counted: the folded source has them where the source has,
        # and is searched faster (one byte a character, where the source may take two).
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
            # Tens of thousands of new tuples, none of them in a cycle: without the collector
            # running every 700 of them (and now and then over the whole heap, which can cost
            # more than the records themselves), it runs again after, once over what is left.
            collecting = gc.isenabled()
            gc.disable()
            try:
                self._records = self._make_records()
            finally:
                if collecting:
                    gc.enable()
        return self._records

    def _make_records(self) -> tuple[list[Replacement], list[Flag]]:
        text = self._source
        replacements: list[Replacement] = []
        flagged: list[Flag] = []
        line, line_start, at = 1, 0, 0
        count, rfind, make = self._line_text.count, self._line_text.rfind, tuple.__new__
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
            else:  # a Target or a UrlEdit: label, ids, kind, ordinary first, read by index
                add(
                    make(
                        Replacement,
                        (
                            start,
                            end,
                            text[start:end],
                            new,
                            target[0],
                            target[1],
                            target[2],
                            line,
                            start - line_start + 1,
                            target[3],
                        ),
                    )
                )
        return replacements, flagged
