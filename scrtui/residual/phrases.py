"""Phrase sets: many lists of phrases (labels, vocabulary, allowances) found in one pass.

`phrase_pattern` is one alternation of every phrase, and `re` tries every alternative at every
position of the text: with the register's 1,400 labels that is most of a large build. The
matches are the same when only the places where a phrase can start are tried: a phrase can match
only where the text's word (a run of \\w) equals its first word, and its second word the next
one, case-insensitively. So the text is keyed once (`wordkeys`), an Aho-Corasick automaton finds
the words that start some phrase, and at each such word the few phrases that start with it (and
with the word after it) are tried with `re` itself, in the order the alternation would try them.
Same engine, same pattern, same rules (case, accents, apostrophes, whitespace, whole words): only
the positions where no phrase can start are skipped.
"""

from __future__ import annotations

import re

try:
    import ahocorasick
except ImportError:  # pragma: no cover - the plain alternations do the work
    ahocorasick = None

from . import wordkeys


def phrase_pattern(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive, whole-word pattern for phrases; spaces match any whitespace."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = [
        r"\s+".join(re.escape(w).replace("'", "['’]") for w in p.replace("’", "'").split())
        for p in parts
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.I)


def _alternative(phrase: str) -> str:
    """One phrase as `phrase_pattern` writes it: words apart by any whitespace, either
    apostrophe."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.replace("’", "'").split())


_NOT_SPACE = re.compile(r"[^ ]")


class PhraseSets:
    """Several lists of phrases, each found as `phrase_pattern(list).finditer(text)` finds it
    (leftmost, then the longest phrase, never overlapping), all in one pass over the text."""

    def __init__(self, sets: list[list[str] | tuple[str, ...]]):
        self.patterns: list[re.Pattern[str] | None] = []
        self._alternatives: list[list[str]] = []
        self._whole: set[int] = set()  # sets matched with their whole alternation
        # First word's key -> (set, characters before that word, second word's key or None ->
        # the indices of the phrases, in the alternation's order); one automaton for all.
        self._first: dict[str, list[tuple[int, int, dict[str | None, list[int]]]]] = {}
        self._compiled: dict[tuple[int, int, str, str | None], re.Pattern[str] | None] = {}
        self._unordered: set[int] = set()  # sets whose phrases do not all start with a word
        usable = ahocorasick is not None
        for index, phrases in enumerate(sets):
            parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
            self.patterns.append(phrase_pattern(parts) if parts else None)
            self._alternatives.append([_alternative(p) for p in parts])
            groups: dict[tuple[str, int], dict[str | None, list[int]]] = {}
            for order, phrase in enumerate(parts):
                words = phrase.replace("’", "'").split()
                runs = [m for word in words for m in wordkeys.RUN.finditer(word)]
                first = wordkeys.RUN.search(words[0])
                if not usable or first is None or wordkeys.ODD in phrase:
                    self._whole.add(index)
                    break
                second = wordkeys.run_key(runs[1].group()) if len(runs) > 1 else None
                lead = first.start()
                if lead:
                    self._unordered.add(index)
                group = groups.setdefault((wordkeys.run_key(first.group()), lead), {})
                group.setdefault(second, []).append(order)
            if index in self._whole:
                continue
            for (key, lead), group in groups.items():
                self._first.setdefault(key, []).append((index, lead, group))
        # First word's key -> the second words' keys its phrases need (empty: none needs one),
        # and (first, second or None) -> what to try there: (set, lead, pattern), once worked out.
        self._seconds = {
            key: {
                second for _index, _lead, group in entries for second in group if second is not None
            }
            for key, entries in self._first.items()
        }
        self._tries: dict[tuple[str, str | None], list[tuple[int, int, re.Pattern[str]]]] = {}
        self._automaton = None
        if self._first:
            self._automaton = ahocorasick.Automaton()
            for key in self._first:
                self._automaton.add_word(f" {key} ", key)
            self._automaton.make_automaton()

    def _pattern(
        self,
        index: int,
        lead: int,
        first: str,
        group: dict[str | None, list[int]],
        second: str | None,
    ) -> re.Pattern[str] | None:
        """The phrases of one set that may start at a word `first` followed by `second`."""
        cache_key = (index, lead, first, second)
        if cache_key in self._compiled:
            return self._compiled[cache_key]
        orders = sorted(group.get(None, []) + (group.get(second, []) if second else []))
        pattern = None
        if orders:
            alternatives = self._alternatives[index]
            pattern = re.compile(
                r"(?<![\w])(?:" + "|".join(alternatives[i] for i in orders) + r")(?![\w])", re.I
            )
        self._compiled[cache_key] = pattern
        return pattern

    def _to_try(self, first: str, second: str | None) -> list[tuple[int, int, re.Pattern[str]]]:
        """What to try at a word `first` followed by `second` (None: by no phrase's second word):
        per set and lead, the phrases that may start there."""
        out = []
        for index, lead, group in self._first[first]:
            pattern = self._pattern(index, lead, first, group, second if second in group else None)
            if pattern is not None:
                out.append((index, lead, pattern))
        return out

    def find(self, text: str, keys: str | None = None) -> list[list[tuple[int, int]]]:
        """Per set, the spans of its phrases in `text`, in order. `keys`: the text's word keys
        with a space before and two after, where the caller has them already."""
        out: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        whole = set(range(len(self.patterns))) if wordkeys.ODD in text else self._whole
        for index in whole:
            pattern = self.patterns[index]
            if pattern is not None:
                out[index] = [m.span() for m in pattern.finditer(text)]
        if self._automaton is None or len(whole) == len(self.patterns):
            return out
        if keys is None:
            keys = " " + wordkeys.word_keys(text) + "  "
        tries: list[list[tuple[int, re.Pattern[str]]]] = [[] for _ in self.patterns]
        seconds_of = self._seconds
        known = self._tries
        find_space = keys.find
        for end, first in self._automaton.iter(keys):
            second: str | None = None
            seconds = seconds_of[first]
            if seconds:  # some phrase has a second word: the next word must be one
                after = end + 1
                if keys[after] == " ":
                    more = _NOT_SPACE.search(keys, after)
                    after = more.start() if more else len(keys) - 1
                second = keys[after : find_space(" ", after)]
                if second not in seconds:
                    second = None
            todo = known.get((first, second))
            if todo is None:
                todo = known[first, second] = self._to_try(first, second)
            if todo:
                start = end - len(first) - 1  # where the word starts in `text`
                for index, lead, pattern in todo:
                    if start >= lead:
                        tries[index].append((start - lead, pattern))
        for index, candidates in enumerate(tries):
            if index in whole:
                continue
            if index in self._unordered:
                candidates.sort(key=lambda item: item[0])
            spans = out[index]
            done = 0
            for at, pattern in candidates:
                if at < done:
                    continue  # inside the last match: finditer would not look here
                m = pattern.match(text, at)
                if m is not None:
                    spans.append(m.span())
                    done = m.end()
        return out
