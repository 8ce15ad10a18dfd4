"""The survivor check: every registered identifier still present in a finished text.

The build's second line of defence, run on the finished Markdown, HTML and DOCX text after the
anonymiser. Written apart from the anonymiser on purpose, so that a bug in one is caught by the
other: its own tokens (runs of letters and digits), its own normalisation (NFKD without marks,
casefold; not the anonymiser's `fold`), its own keys built straight from the register, and no
part of the matcher it checks (`tables`, `scanner`, `replacement`). It shares with it only what
the register says an identifier is (`identifiers`) and percent-decoding (`urls`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from scrtui.model import Register
from scrtui.normalise import needs_normalising, normalise
from scrtui.textscan.folding import NOT_DECOMPOSABLE
from scrtui.textscan.sentence import context
from scrtui.textscan.tries import trie_pattern
from scrtui.textscan.words import ordinary_words

from .identifiers import (
    GENERIC_NAME_LABEL,
    GENERIC_SURNAME_LABEL,
    TITLES,
    identifier_phrases,
    run_together_forms,
)
from .urls import percent_decode


class Survivor(NamedTuple):
    """A registered identifier still present in a finished text."""

    start: int
    end: int
    text: str
    identifier: str
    entry_ids: tuple[str, ...]
    line: int
    col: int
    context: str


def survivor_search(register: Register) -> Callable[[str], list[Survivor]]:
    """`Anonymiser.survivors` without the rest of the anonymiser: what the build's helper
    process needs to read the finished files back. The index is made on first use."""
    index: list[SurvivorIndex] = []

    def survivors(text: str) -> list[Survivor]:
        if not index:
            index.append(SurvivorIndex(register))
        return index[0].find(text, False)

    return survivors


def _norm2(text: str) -> list[str]:
    """Survivor-side normalisation: NFKD, no marks, casefold, words. Deliberately not `fold`."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    words = re.findall(r"[^\W_]+", stripped.casefold())
    return [w.translate(_NOT_DECOMPOSABLE_TABLE) for w in words]


_NOT_DECOMPOSABLE_TABLE = str.maketrans(NOT_DECOMPOSABLE)
_SURVIVOR_TOKEN = re.compile(r"[^\W_]+")
_SURVIVOR_GAP = re.compile(
    r"\s+|[-_'\u2018\u2019\u02bc\u2010\u2011\u2013+.]|%20|%2[dD]|%5[fF]|%27|%E2%80%99"
)
# A chunk (a run of characters that are not spaces, quotes or brackets) that holds a character
# reference or a percent-escape is decoded and read again. Found from the reference or the escape,
# which are rare, then widened to the whole chunk.
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+\d*);")
_ENTITY_CHUNK_END = re.compile(r"[^\s<>\"]*")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENT_CHUNK_END = re.compile(r"[^\s<>\"()\[\]]*")
# Every ASCII character that is not a letter or a digit, as a space (bytes; others kept).
_SURVIVOR_SPACES = bytes(32 if c < 128 and not chr(c).isalnum() else c for c in range(256))


def _chunks(
    text: str, marker: re.Pattern[str], chunk_end: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """The whole chunks (runs of what `chunk_end` allows) that hold a `marker`, in order."""
    done = 0
    for m in marker.finditer(text):
        if m.start() < done:
            continue
        start = m.start()
        while start > 0 and chunk_end.fullmatch(text, start - 1, start):
            start -= 1
        tail = chunk_end.match(text, m.end())
        done = m.end() if tail is None else tail.end()  # `[^...]*` always matches
        yield start, done


def _survivor_tokens(text: str) -> set[str]:
    """The different tokens (runs of letters and digits) of `text`: as `_SURVIVOR_TOKEN` finds
    them, but split in bytes at memory speed; only the pieces with non-ASCII are tokenised."""
    raw = text.encode("utf-8", "surrogatepass").translate(_SURVIVOR_SPACES)
    out: set[str] = set()
    for piece in set(raw.split()):
        if piece.isascii():
            out.add(piece.decode("ascii"))
        else:
            out.update(_SURVIVOR_TOKEN.findall(piece.decode("utf-8", "surrogatepass")))
    return out


class SurvivorIndex:
    """The register's identifiers as the survivor check's own keys (tuples of normalised
    tokens), the labels and ambiguous phrases that contain one (not reported), and plurals."""

    def __init__(self, register: Register):
        words = ordinary_words()
        self.keys: dict[tuple[str, ...], tuple[str, tuple[str, ...], bool]] = {}
        normal: dict[str, list[str]] = {}

        def norm2(text: str) -> list[str]:
            if text not in normal:
                normal[text] = _norm2(text)
            return normal[text]

        for text, entry_id, _derived in identifier_phrases(register):
            forms = {tuple(norm2(text))}
            parts = text.split()
            if any(len(norm2(w)) > 1 for w in parts):  # "O'Neill" is also "oneill"
                forms.add(tuple("".join(norm2(x)) for x in parts))
            for key in forms:
                if not key:
                    continue
                known = self.keys.get(key)
                ids = tuple(dict.fromkeys((*(known[1] if known else ()), entry_id)))
                ordinary = len(key) == 1 and key[0] in words
                self.keys[key] = (text, ids, ordinary)
        # An initial and the last name run together ("khartley"): the anonymiser leaves it
        # (see `tables.compile_register`), so finding it here keeps the draft unpublished.
        for entry in register.people:
            for form in run_together_forms(entry.identifiers, initial_first=True):
                self.keys.setdefault((form,), (form, (entry.id,), False))
        for rule in register.surnames:
            key = tuple(_norm2(rule.name))
            if key and key not in self.keys:
                self.keys[key] = (rule.name, (), len(key) == 1 and key[0] in words)
        self.protected: set[tuple[str, ...]] = set()
        labels = [e.label for e in register.entries] + [r.label for r in register.surnames]
        for label in [*labels, GENERIC_SURNAME_LABEL, GENERIC_NAME_LABEL]:
            key = tuple(_norm2(label))
            if (
                key
                and key not in self.keys
                and any(
                    key[i:j] in self.keys
                    for i in range(len(key))
                    for j in range(i + 1, len(key) + 1)
                )
            ):
                self.protected.add(key)
        # A phrase the register lists as `ambiguous` ("River Tay") is kept as written, on purpose.
        for entry in register.entries:
            for phrase in entry.ambiguous:
                key = tuple(_norm2(phrase))
                if key:
                    self.protected.add(key)
        self.longest = max((len(k) for k in [*self.keys, *self.protected]), default=1)
        self.firsts = {k[0] for k in [*self.keys, *self.protected]}
        self._norms: dict[str, str] = {}  # token -> its normal form
        # Plurals of a registered word that is not an ordinary one ("the Hartleys"): the
        # anonymiser does not replace them (no label reads right in the plural), so they block.
        self.plurals: dict[str, tuple[str, tuple[str, ...]]] = {}
        for key, (text, ids, ordinary) in self.keys.items():
            if len(key) != 1 or ordinary or len(key[0]) < 3:
                continue
            for plural in (key[0] + "s", key[0] + "es"):
                if plural not in words and (plural,) not in self.keys:
                    self.plurals.setdefault(plural, (text, ids))

    def norm(self, token: str) -> str:
        norm = self._norms.get(token)
        if norm is None:
            if len(self._norms) > 200_000:
                self._norms.clear()
            norm = token.casefold() if token.isascii() else "".join(_norm2(token))
            self._norms[token] = norm
        return norm

    def find(self, text: str, include_lowercase: bool) -> list[Survivor]:
        tokens = _survivor_tokens(text)  # once: for the starts and the plurals
        found = self._find(text, text, include_lowercase, tokens=tokens)
        for c_start, c_end in _chunks(text, _PERCENT, _PERCENT_CHUNK_END):
            decoded, starts, ends = percent_decode(text[c_start:c_end])
            for s in self._find(decoded, text, include_lowercase, c_start):
                o_start = c_start + starts[s.start]
                o_end = c_start + ends[s.end - 1]
                found.append(_survivor(text, o_start, o_end, s.identifier, s.entry_ids))
        # HTML: "O&#x27;Neill", "Zo&euml;", "Jayden&nbsp;Smith". Reported as the whole chunk.
        for c_start, c_end in _chunks(text, _ENTITY, _ENTITY_CHUNK_END):
            decoded = html.unescape(text[c_start:c_end])
            for s in self._find(decoded, text, include_lowercase, c_start):
                found.append(_survivor(text, c_start, c_end, s.identifier, s.entry_ids))
        if self.plurals:
            present = [t for t in tokens if self.norm(t) in self.plurals]
            if present:
                pattern = re.compile(
                    r"(?<![^\W_])(?:" + "|".join(map(re.escape, present)) + r")(?![^\W_])"
                )
                for m in pattern.finditer(text):
                    ident, ids = self.plurals[self.norm(m.group())]
                    found.append(_survivor(text, m.start(), m.end(), ident, ids))
        # A name hidden from a matcher ("Ke\u200brry", a Cyrillic "е", "Hart-" over a line
        # break): found in the normalised text, reported where it stands as written.
        # Only where the scans above found nothing: what they found stays reported as it was.
        if needs_normalising(text):
            normalised = normalise(text)
            seen = [(s.start, s.end) for s in found]
            for s in self._find(normalised.text, normalised.text, include_lowercase):
                o_start, o_end = normalised.span(s.start, s.end)
                if not any(a < o_end and o_start < b for a, b in seen):
                    found.append(_survivor(text, o_start, o_end, s.identifier, s.entry_ids))
        unique = {(s.start, s.end): s for s in found}
        spans = sorted(unique, key=lambda k: (k[0], -k[1]))
        kept: list[Survivor] = []
        for start, end in spans:  # one report where a decoded chunk holds what the raw scan saw
            if kept and start >= kept[-1].start and end <= kept[-1].end:
                continue
            kept.append(unique[(start, end)])
        return kept

    def _starts(self, text: str, tokens: set[str] | None = None) -> list[tuple[int, int]]:
        """Where a token that may start an identifier stands: (start, end), in order.

        Most texts hold few of those words: they are found among the text's different tokens,
        then every place where one stands as a whole token is found with one pattern, a trie of
        those words, so that `re` skips at memory speed to the characters they start with."""
        if tokens is None:
            tokens = _survivor_tokens(text)
        present = [t for t in tokens if self.norm(t) in self.firsts]
        if not present:
            return []
        pattern = re.compile(trie_pattern(present) + r"(?![^\W_])")
        # A match inside a longer token ends where that token ends: no token starts inside it.
        return [
            m.span()
            for m in pattern.finditer(text)
            if not m.start() or not text[m.start() - 1].isalnum()
        ]

    def _find(
        self,
        text: str,
        original: str,
        include_lowercase: bool,
        base: int | None = None,
        tokens: set[str] | None = None,
    ) -> list[Survivor]:
        """Identifiers in `text`: from each token that starts one, the longest key over the
        tokens that follow, joined by the gaps a name may have; the tokens a hit covers start
        nothing more."""
        out: list[Survivor] = []
        norm = self.norm
        done = 0
        for start, end in self._starts(text, tokens):
            if start < done:
                continue
            norms = [norm(text[start:end])]
            hit = None
            at = end
            while True:
                key = tuple(norms)
                if key in self.protected:
                    hit = ("protected", at, key)
                elif key in self.keys:
                    hit = ("identifier", at, key)
                if len(norms) >= self.longest:
                    break
                m = _SURVIVOR_TOKEN.search(text, at)
                if m is None or not _SURVIVOR_GAP.fullmatch(text, at, m.start()):
                    break
                norms.append(norm(m.group()))
                at = m.end()
            if hit is None:
                continue
            kind, hit_end, key = hit
            done = hit_end
            if kind != "identifier":
                continue
            ident, ids, ordinary = self.keys[key]
            title_before = re.search(
                r"\b(?:" + "|".join(TITLES) + r"|mister)\.?\s+\Z",
                text[max(0, start - 12) : start],
                re.I,
            )
            if include_lowercase or not ordinary or text[start].isupper() or title_before:
                if base is None:
                    out.append(_survivor(original, start, hit_end, ident, ids))
                else:
                    out.append(Survivor(start, hit_end, text[start:hit_end], ident, ids, 0, 0, ""))
        return out


def _survivor(text: str, start: int, end: int, ident: str, ids: Iterable[str]) -> Survivor:
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Survivor(
        start, end, text[start:end], ident, tuple(ids), line, col, context(text, start, end)
    )
