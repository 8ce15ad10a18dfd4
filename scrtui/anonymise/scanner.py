"""The matcher: every registered key in folded text, leftmost-longest, in one pass.

The per-character work happens in C (`str.translate`, `str.find`, a C Aho-Corasick automaton
when pyahocorasick is installed); Python runs only for words that start an identifier.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeAlias, cast

from .tables import Target

try:  # a C Aho-Corasick automaton: about 1.5 times the pure-Python scanner's throughput
    import ahocorasick
except ImportError:  # pragma: no cover - the fallback is tested with automaton=False
    ahocorasick = None

# What may join the words of one name: whitespace, and in prose a hyphen, an underscore or an
# apostrophe ("O'Neill"); in URLs and e-mail addresses also a full stop or a plus.
GAPS_PROSE = frozenset("-_' \t\n\r\f\v")
GAPS_URL = GAPS_PROSE | frozenset(".+")
# Every ASCII character that is not a letter or digit separates words.
_SPACE_TABLE = {i: " " for i in range(128) if not chr(i).isalnum()}
_SPACE_BYTES = bytes(ord(" ") if i in _SPACE_TABLE else i for i in range(256))
# A run-together form is found from a word of five letters or more that it starts with (see
# `Scanner.__init__`).
HEAD_MIN = 5

# What the scanner knows about a word that starts an identifier (see `Scanner.__init__`): its
# length, its own target, the most words a key starting with it has (None: no longer key), the
# word, the two-word keys by their second word, the run-together forms it is the head of, and
# the one two-word key it starts if there is just one (its second word with a space after,
# the key's target, the second word's length).
Info: TypeAlias = tuple[
    int,
    Target | None,
    int | None,
    str,
    dict[str, Target],
    "dict[str, Info] | None",
    tuple[str, Target, int] | None,
]


def _only(second: dict[str, dict[str, Target]], word: str) -> tuple[str, Target, int] | None:
    """The one two-word key that `word` starts, if it starts just one (and no longer one:
    the caller asks only then)."""
    keys = second.get(word, {})
    if len(keys) != 1:
        return None
    ((after, target),) = keys.items()
    return after + " ", target, len(after)


class Scanner:
    """The keys of a register's lookup tables, compiled for scanning."""

    def __init__(
        self,
        keys: dict[str, Target],
        initials: dict[str, Target],
        joined: frozenset[str],
        *,
        automaton: bool = True,
    ):
        self.keys = keys
        self.initials = initials
        triggers = {k.split(" ", 1)[0] for k in keys}
        self._triggers = frozenset(triggers)
        first_max: dict[str, int] = {}
        for key in keys:
            n = key.count(" ") + 1
            if n > 1:
                first = key.split(" ", 1)[0]
                first_max[first] = max(first_max.get(first, 1), n)
        self._first_max = first_max
        self._prefixes = frozenset(
            " ".join(parts[:n])
            for parts in (key.split(" ") for key in keys if " " in key)
            for n in range(2, len(parts))
        )
        # What the scanner needs to know about a word that starts an identifier: its length, its
        # own target, the most words a key starting with it has, and the two-word keys by the
        # second word.
        second: dict[str, dict[str, Target]] = {}
        for key, target in keys.items():
            parts = key.split(" ")
            if len(parts) == 2:
                second.setdefault(parts[0], {})[parts[1]] = target
        self._info: dict[str, Info] = {
            w: (
                len(w),
                keys.get(w),
                first_max.get(w),
                w,
                second.get(w, {}),
                None,
                _only(second, w) if first_max.get(w) == 2 else None,
            )
            for w in triggers
        }
        self.automaton = None
        if automaton and ahocorasick is not None and triggers:
            # A run-together form ("alfiehartley") is not a word of the automaton: it would
            # make it several times larger, and slower. It is found from the word it starts
            # with ("alfie"), whose pattern then has no space after it: a hit there followed by
            # more letters is the whole token looked up among the forms starting with it.
            # Only a head of five letters or more: a shorter one starts too many other words
            # ("wer" in "were"), and every such hit would be looked up.
            heads: dict[str, dict[str, Info]] = {}
            for form in joined or ():
                for cut in range(len(form) - 1, HEAD_MIN - 1, -1):
                    head = form[:cut]
                    if head in self._info and head not in joined:
                        heads.setdefault(head, {})[form] = self._info[form]
                        break
            placed = {form for forms in heads.values() for form in forms}
            machine = ahocorasick.Automaton()
            # Initials with full stops ("A.H.", "K. H."): found as one-letter words here,
            # checked against the text as written by the anonymiser.
            for letters, target in self.initials.items():
                for gaps in itertools.product((" ", "  "), repeat=len(letters) - 1):
                    phrase = letters[0] + "".join(
                        g + c for g, c in zip(gaps, letters[1:], strict=True)
                    )
                    machine.add_word(
                        " " + phrase + " ", (len(phrase), target, None, phrase, {}, None, None)
                    )
            for word, info in self._info.items():
                if word in placed:
                    continue
                if word in heads:
                    machine.add_word(" " + word, (*info[:5], heads[word], info[6]))
                else:
                    machine.add_word(" " + word + " ", info)
            machine.make_automaton()
            self.automaton = machine

    def _trigger_words(self, spaced: str) -> Iterable[tuple[int, Info]]:
        """Every whole word of `spaced` that starts an identifier, as (end, info), in order.

        `end` is the index in `spaced` of the space after the word. A C Aho-Corasick automaton
        finds them in one pass; without it, split + set filter + find do the same in C pieces.
        """
        if self.automaton is not None:
            # pyahocorasick has no types; its words' values are the `Info` tuples added above.
            return cast("Iterable[tuple[int, Info]]", self.automaton.iter(spaced))
        return self._trigger_words_py(spaced)

    def _trigger_words_py(self, spaced: str) -> Iterator[tuple[int, Info]]:
        words = spaced.split()
        present = self._triggers.intersection(words)
        info = self._info
        find = spaced.find
        pos = 0
        for word in filter(present.__contains__, words):
            end = find(" " + word + " ", pos) + len(word) + 1
            pos = end
            yield end, info[word]

    def scan(self, folded: str, gaps: frozenset[str]) -> tuple[list[int], list[int], list[Target]]:
        """Leftmost-longest identifier matches in folded text: their starts, ends and targets.

        The per-character work happens in C; Python runs only for words that start an
        identifier. `gaps` are the characters that may join the words of one name
        (`GAPS_PROSE`, `GAPS_URL`). Parallel lists rather than a tuple per match: tens of
        thousands of surviving tuples would set off full garbage collections.
        """
        # A space before, and room to look one past the end; ASCII goes through the bytes
        # table, about twice as quick as the str one.
        if folded.isascii():
            spaced = (b" " + folded.encode("ascii") + b"  ").translate(_SPACE_BYTES).decode("ascii")
        else:
            spaced = " " + folded.translate(_SPACE_TABLE) + "  "
        find = spaced.find
        folded += " "  # so that folded[end] exists after a last word
        starts: list[int] = []
        ends: list[int] = []
        targets: list[Target] = []
        add_start, add_end, add_target = starts.append, ends.append, targets.append
        done = 0
        for stop, (length, single, most, word, second, joined, only) in self._trigger_words(spaced):
            if joined is not None:  # a word whose pattern has no space after it (see `__init__`)
                stop += 1
                if spaced[stop] != " ":  # more letters: perhaps a run-together form
                    after = find(" ", stop)
                    info = joined.get(spaced[stop - length : after])
                    if info is None:
                        continue
                    length, single, most, word, second, _, only = info
                    stop = after
            # spaced[i] is folded[i - 1]: the space before the word sits at the word's start.
            start = stop - length - 1
            if start < done:
                continue
            end = stop - 1
            if most is None:  # no longer key starts with this word
                target = single
            elif spaced[stop + 1] != " " and folded[end] in gaps:
                # The usual case: a one-character gap, then perhaps the rest of a name.
                if only is not None:  # the one two-word key this word starts: that one?
                    if spaced.startswith(only[0], stop + 1):
                        target, end = only[1], stop + only[2]
                    else:
                        target = single
                elif most == 2:
                    after = find(" ", stop + 1)
                    target = second.get(spaced[stop + 1 : after])
                    if target is not None:
                        end = after - 1
                    else:
                        target = single
                else:
                    target, end = self._extend(word, start, folded, spaced, gaps, most)
            elif folded[end].isspace():  # a longer run of whitespace: a wrapped, indented line
                target, end = self._extend(word, start, folded, spaced, gaps, most)
            else:
                target = single
            if target is not None:
                add_start(start)
                add_end(end)
                add_target(target)
                done = end
        return starts, ends, targets

    def _extend(
        self, word: str, start: int, folded: str, spaced: str, gaps: frozenset[str], most: int
    ) -> tuple[Target | None, int]:
        """The longest key starting with `word` at `start`: the general, slower path."""
        keys = self.keys
        end = at = start + len(word)
        target = keys.get(word)
        key = word
        n_spaced = len(spaced)
        for _ in range(most - 1):
            nxt = at + 2  # spaced index of the next word after a one-character gap
            if nxt >= n_spaced:
                break
            if spaced[nxt] == " ":
                while nxt < n_spaced and spaced[nxt] == " ":
                    nxt += 1
                if nxt >= n_spaced or not folded[at : nxt - 1].isspace():
                    break
            elif folded[at] not in gaps:
                break
            stop = spaced.find(" ", nxt)
            key = key + " " + spaced[nxt:stop]
            at = stop - 1
            found = keys.get(key)
            if found is not None:
                target, end = found, at
            elif key not in self._prefixes:
                break
        return target, end
