"""The detector: every residual candidate in a text, each kind claiming its text in the order
of `KINDS`, each candidate located, quoted and matched against the register's allow-list.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from rapidfuzz import process
from rapidfuzz.distance import OSA

from scrtui.anonymise import identifier_phrases
from scrtui.model import Allowance, Register
from scrtui.normalise import hidden_characters, lookalike_words
from scrtui.textscan.folding import canon
from scrtui.textscan.sentence import context, sentence_start
from scrtui.textscan.words import ordinary_words

from . import patterns, tokens, triggers
from .candidate import ResidualCandidate
from .patterns import nhs_number_valid
from .phrases import PhraseSets
from .vocabulary import vocabulary

# What a word is wherever it stands: its length without a possessive, kind, detail, and
# whether it is not one at the start of a sentence.
_Verdict = tuple[int, str, str, bool]
_UNJUDGED: _Verdict = (0, "", "", False)  # told apart by identity: the word is not judged yet
# Per phrase set, the spans of its matches in a text, in order (`PhraseSets.find`).
_Spans = list[list[tuple[int, int]]]


def detect_residuals(text: str, register: Register, *, source: str = "") -> list[ResidualCandidate]:
    """Every residual candidate in `text`, in order of position."""
    return ResidualDetector(register).detect(text, source=source)


class ResidualDetector:
    """The register's allow-list, labels and names, compiled once for many texts."""

    def __init__(self, register: Register):
        self.register = register
        self.allows = [a for a in register.allows if a.text.strip()]
        self._allow_exact = {a.text.strip().casefold(): a for a in reversed(self.allows)}
        labels = [e.label for e in register.entries] + [r.label for r in register.surnames]
        labels += [p for e in register.entries for p in e.ambiguous]  # kept on purpose, listed
        vocab_words, vocab_phrases = vocabulary()
        # One pass finds them all: [0] labels, [1] vocabulary phrases, [2:] each allowance.
        self._phrases = PhraseSets(
            [
                [*labels, "the family", "name withheld"],
                vocab_phrases,
                *([a.text] for a in self.allows),
            ]
        )
        self._vocab_words = vocab_words
        self._words = ordinary_words()
        # Words of registered identifiers, for near misses: folded word -> (as written, ids).
        # Every word of a person's name; of places, organisations and terms only the words
        # that are neither ordinary nor professional ("Rosehill", not "Primary", "School" or
        # "Children's"), compared as the words of the text are: without a possessive.
        people = {e.id for e in register.people}
        near: dict[str, tuple[str, set[str]]] = {}
        for text, entry_id, _derived in identifier_phrases(register):
            for word in text.split():
                key = canon(word).replace(" ", "")
                if entry_id not in people:
                    if self._generic(key):
                        continue
                    word = tokens.POSSESSIVE.sub("", word) or word
                    key = canon(word).replace(" ", "")
                    if self._generic(key):
                        continue
                if len(key) < 4:
                    continue
                near.setdefault(key, (word, set()))[1].add(entry_id)
        self._near = near
        self._near_keys = list(near)
        self._verdicts: dict[str, _Verdict | None] = {}

    def _generic(self, key: str) -> bool:
        return key in self._words or key in self._vocab_words

    # -- the scan ----------------------------------------------------------------------------------

    def detect(self, text: str, *, source: str = "") -> list[ResidualCandidate]:
        found: list[tuple[int, int, str, str]] = []  # start, end, kind, detail
        starts: list[int] = []  # the claimed spans, which never overlap, kept in order
        ends: list[int] = []

        def claim(start: int, end: int, kind: str, detail: str = "") -> None:
            """Keep a candidate unless an earlier (stronger) kind holds any of its text."""
            i = bisect.bisect_left(starts, start)
            if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
                return
            starts.insert(i, start)
            ends.insert(i, end)
            found.append((start, end, kind, detail))

        if not text.isascii():  # what hides a word from a reader or a matcher, first
            for start, end, what in hidden_characters(text):
                claim(start, end, "hidden_character", what)
            for start, end, what in lookalike_words(text):
                claim(start, end, "lookalike", what)
        at = triggers.Starts(text)
        nhs = triggers.matches_at(patterns.NHS, text, at.digits)
        for start, end in triggers.emails(text):
            claim(start, end, "email")
        for m in nhs:
            digits = m.group(1) + m.group(3) + m.group(4)
            if nhs_number_valid(digits):
                claim(m.start(), m.end(), "nhs_number", "modulus 11 check digit is right")
        for m in triggers.ni_numbers(text):
            claim(m.start(), m.end(), "ni_number")
        for m in patterns.PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if m.group().startswith(("+44", "0044")):
                digits = "0" + digits[2 if m.group().startswith("+") else 4 :]
                if digits.startswith("00"):  # "+44 (0)20 ..." brings its own zero
                    digits = digits[1:]
            if len(digits) in (10, 11) and digits[0] == "0" and digits[1] in "1235789":
                claim(m.start(), m.end(), "phone")
        for m in patterns.POSTCODE.finditer(text):
            claim(m.start(), m.end(), "postcode")
        for start, end, detail in self._dates(text, at):
            before = text[max(0, start - 40) : start]
            if patterns.DOB_BEFORE.search(before):
                claim(start, end, "date_of_birth", detail)
            else:
                claim(start, end, "date", detail)
        for m in triggers.matches_at(patterns.BORN_MONTH_YEAR, text, at.months):
            claim(m.start(), m.end(), "date_of_birth", "month and year of birth")
        for m in triggers.ages(text, at):
            claim(m.start(), m.end(), "age")
        for start, end in self._addresses(text, at):
            claim(start, end, "address")
        for m in nhs:  # ten digits that fail the check: still a long number
            digits = m.group(1) + m.group(3) + m.group(4)
            if not nhs_number_valid(digits):
                claim(m.start(), m.end(), "long_number", "ten digits; NHS checksum fails")
        for m in triggers.matches_at(patterns.LONG_NUMBER, text, at.digits):
            claim(m.start(), m.end(), "long_number")
        for kind, start, end, detail in self._unregistered(text):
            claim(start, end, kind, detail)
        phrases = self._phrases.find(text, at.keys)
        for start, end, kind, detail in self._words_in(text, phrases):
            claim(start, end, kind, detail)
        # After the unknown words, which are candidates on their own: "Mrs Brown", "Green Lane
        # Primary School", of ordinary words that name someone or somewhere all the same.
        for start, end in self._titled(text):
            claim(start, end, "name", "a title and a name")
        for start, end in self._apposed(text):
            claim(start, end, "name", "a name beside a relation or role")
        labels = self._label_texts
        for m in patterns.INSTITUTION.finditer(text):
            if not _inside_label(labels, text, m):
                claim(m.start(), m.end(), "institution")

        found.sort()
        newlines = [m.start() for m in re.finditer("\n", text)]
        allow_spans = phrases[2:]  # per allowance, in the register's order
        out = []
        for start, end, kind, detail in found:
            line = bisect.bisect_left(newlines, start) + 1
            col = start - (newlines[line - 2] + 1 if line > 1 else 0) + 1
            out.append(
                ResidualCandidate(
                    kind=kind,
                    text=text[start:end],
                    line=line,
                    col=col,
                    offset=start,
                    context=context(text, start, end),
                    source=source,
                    detail=detail,
                    allowed_by=self._allowed(text[start:end], start, end, allow_spans),
                )
            )
        return out

    def _unregistered(self, text: str) -> list[tuple[str, int, int, str]]:
        """Identifiers the register cannot hold in advance: a lower-case or spaceless postcode,
        a vehicle registration, a handle."""
        out = []
        if any(c.isdigit() for c in text):
            out += [
                ("postcode", m.start(), m.end(), "in lower case")
                for m in patterns.POSTCODE_LOWER.finditer(text)
            ]
            out += [
                ("vehicle", m.start(), m.end(), "vehicle registration")
                for m in patterns.VEHICLE.finditer(text)
            ]
        if "@" in text:
            out += [("handle", m.start(), m.end(), "") for m in patterns.HANDLE.finditer(text)]
        return out

    def _titled(self, text: str) -> list[tuple[int, int]]:
        """A title and a capitalised word that is not a label ("Mrs Brown"): a person, even
        when the word is an ordinary one."""
        labels, registered = self._label_texts, self._registered
        return [
            m.span()
            for m in patterns.TITLED.finditer(text)
            if m.group().casefold() not in labels
            and not _inside_label(labels, text, m)
            and canon(m.group()) not in registered
            and canon(m.group().split()[-1]) not in registered
        ]

    def _apposed(self, text: str) -> list[tuple[int, int]]:
        """The capitalised word after a relation ("the neighbour, Dawn, called"), unless it is
        a label or registered (the anonymiser's to replace)."""
        labels, registered = self._label_texts, self._registered
        out = []
        for m in patterns.APPOSED.finditer(text):
            word, start = m.group("name"), m.start("name")
            if (
                canon(word) in registered
                or patterns.TITLE_WORD.fullmatch(word)
                or self._known(word)
            ):
                continue  # a title is the titled name's; a professional word is no one
            following = canon(text[start : start + 60])
            if any(following == label or following.startswith(label + " ") for label in labels):
                continue  # "the mother, Mother A,": the label itself
            out.append((start, m.end("name")))
        return out

    @cached_property
    def _registered(self) -> frozenset[str]:
        """The registered identifiers, folded: the anonymiser's to replace, not candidates."""
        return frozenset(canon(t) for t, _, _ in identifier_phrases(self.register))

    @cached_property
    def _label_texts(self) -> frozenset[str]:
        labels = [e.label for e in self.register.entries]
        labels += [r.label for r in self.register.surnames]
        return frozenset(t.strip().casefold() for t in labels if t.strip())

    # -- dates, addresses --------------------------------------------------------------------------

    def _dates(self, text: str, at: triggers.Starts) -> list[tuple[int, int, str]]:
        out = []
        for name, pattern in patterns.DATE_PATTERNS:
            starts = (
                at.months
                if name in triggers.MONTH_DATES
                else at.weekdays
                if name == "weekday day"
                else at.digits
            )  # numeric, iso
            for m in triggers.matches_at(pattern, text, starts):
                if name == "numeric":  # day or month first: either reading will do
                    if not patterns.valid_day_month(int(m.group("a")), int(m.group("b"))):
                        continue
                elif name == "iso" and not (
                    1 <= int(m.group("b")) <= 12 and 1 <= int(m.group("a")) <= 31
                ):
                    continue
                out.append((m.start(), m.end(), name))
        # Longest first where two formats overlap ("Tuesday 3rd April" over "Tuesday 3rd").
        out.sort(key=lambda d: (d[0], -(d[1] - d[0])))
        return out

    def _addresses(self, text: str, at: triggers.Starts) -> list[tuple[int, int]]:
        out = []
        for m in triggers.address_matches(text, at):
            # "The Road", "On Mill Lane": a leading ordinary word is not part of the name.
            lead = patterns.ADDRESS_LEAD.match(text, m.start(), m.end())
            start = lead.end() if lead else m.start()
            if len(text[start : m.end()].split()) >= 2:
                out.append((start, m.end()))
        out.sort(key=lambda d: (d[0], -(d[1] - d[0])))
        return out

    # -- names -------------------------------------------------------------------------------------

    def _words_in(self, text: str, phrases: _Spans) -> list[tuple[int, int, str, str]]:
        """Near misses and name-like words, in order (those run together with digits first).

        Whether a word is a candidate depends on the word alone, except where it stands: inside
        a label, a vocabulary phrase or a record id it is not one, and a near miss that is an
        ordinary word does not count at the start of a sentence. So each different word is
        judged once, and only the words that may be candidates are looked for where they stand.
        """
        out = self._names_inside_tokens(text)
        verdicts = self._verdicts
        verdict_of = self._verdict
        present: dict[str, _Verdict] = {}  # the words that may be candidates, and what they are
        for word in tokens.distinct(text):
            verdict = verdicts.get(word, _UNJUDGED)
            if verdict is _UNJUDGED:
                verdict = verdicts[word] = verdict_of(word)
            if verdict is not None:
                present[word] = verdict
        found = tokens.find(text, present)
        masked = self._masked(text, phrases) if found else []
        for start, word in found:
            length, kind, detail, unless_sentence_start = present[word]
            end = start + length
            if _inside(masked, start, end):
                continue
            if unless_sentence_start and sentence_start(text, start):
                continue
            out.append((start, end, kind, detail))
        return out

    def _verdict(self, token: str) -> _Verdict | None:
        """What a token is wherever it stands: None (never a candidate) or (its length without
        a possessive, kind, detail, whether it is not one at the start of a sentence)."""
        word = tokens.POSSESSIVE.sub("", token) or token
        if len(word) < 2 or any(c.isdigit() for c in word):
            return None
        capital = word[0].isupper()
        key = canon(word)
        known = self._known(word)
        if not known and (capital or key.replace(" ", "") not in self._words):
            near = self._near_misses({word})
            if word in near:
                return (len(word), "near_miss", near[word], capital and self._ordinary(word))
        if not capital or self._ordinary(word) or known:
            return None
        if word.isupper() and len(word) < 3:
            return None  # two capitals: an initialism far more often than a name
        return (len(word), "name", "", False)

    def _names_inside_tokens(self, text: str) -> list[tuple[int, int, str, str]]:
        """A registered name run together with digits or underscores ("jayden2015",
        "2015_Smith"): not a whole word, so the anonymiser leaves it, but it identifies.

        The words looked at are the runs of word characters that hold a letter next to a digit
        or an underscore; found from those marks, which are rare in prose."""
        out = []
        done = 0
        for mark in tokens.MIXED_AT.finditer(text):
            at = mark.start()
            if at < done:
                continue  # in the word just looked at
            start = at
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            word_end = tokens.WORD_END.match(text, at)
            assert word_end is not None  # \w* matches everywhere, if only the empty string
            end = word_end.end()
            done = end
            for run in tokens.LETTER_RUN.findall(text, start, end):
                key = canon(run).replace(" ", "")
                if key in self._near:
                    written, ids = self._near[key]
                    detail = f"contains '{written}' ({', '.join(sorted(ids))})"
                    out.append((start, end, "near_miss", detail))
                    break
        return out

    def _ordinary(self, word: str) -> bool:
        parts = [canon(p).replace(" ", "") for p in re.split(r"[-’']", word) if p]
        if canon(word).replace(" ", "") in self._words:
            return True
        return bool(parts) and all(p in self._words or p in self._vocab_words for p in parts)

    def _known(self, word: str) -> bool:
        key = canon(word)
        return (
            key in self._vocab_words
            or key.replace(" ", "") in self._vocab_words
            or bool(patterns.ROMAN.match(word))
        )

    def _near_misses(self, words: set[str]) -> dict[str, str]:
        """Which of `words` are near, but not equal to, a word of a registered identifier."""
        if not self._near_keys:
            return {}
        out = {}
        for word in words:
            key = canon(word).replace(" ", "")
            if len(key) < 4 or key in self._near:
                continue
            best = process.extractOne(key, self._near_keys, scorer=OSA.distance, score_cutoff=2)
            if best is None:
                continue
            match, distance, _ = best
            if distance == 0 or distance > (1 if len(match) <= 6 else 2):
                continue
            written, ids = self._near[match]
            out[word] = f"near '{written}' ({', '.join(sorted(ids))})"
        return out

    def _masked(self, text: str, phrases: _Spans | None = None) -> list[tuple[int, int]]:
        """Spans whose words are not names: labels, vocabulary phrases, record ids."""
        if phrases is None:
            phrases = self._phrases.find(text)
        spans = [m.span() for m in patterns.RECORD_ID_AT.finditer(text)]
        return _merge([*spans, *phrases[0], *phrases[1]])

    # -- the allow-list ----------------------------------------------------------------------------

    def _allowed(self, found: str, start: int, end: int, spans: _Spans) -> Allowance | None:
        """The first allowance (in the register's order) equal to the candidate, or holding it
        where it stands. `spans` are each allowance's matches: in order, never overlapping."""
        exact = self._allow_exact.get(found.strip().casefold())
        if exact is not None:
            return exact
        for allowance, matches in zip(self.allows, spans, strict=True):
            i = bisect.bisect_right(matches, (start, float("inf"))) - 1
            if i >= 0 and matches[i][0] <= start and end <= matches[i][1]:
                return allowance
        return None


def _inside_label(labels: frozenset[str], text: str, m: re.Match[str]) -> bool:
    """Whether a match is part of a publication label as it stands in the text."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : len(text) if line_end < 0 else line_end].casefold()
    inner = m.group().casefold()
    return any(inner in label and label in line for label in labels)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the merged, ordered `spans`."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
