"""The review's prose in the draft's order, measured: textstat's figures for each section and
the whole draft, with the long sentences, passives, jargon and acronyms found."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Protocol

from .. import model as m
from ..digest import digest
from .marks import ACRONYM, defined_here, jargon, passives
from .prose import sentences, units
from .results import (
    LIBRARY,
    Acronym,
    Figures,
    Mark,
    Place,
    PlainEnglish,
    Report,
    Sentence,
    SourceText,
)

CLOSING_SECTION = 90  # report/90-*.md and later come after the findings (as in the draft)
# Flesch's constants for English, as results.FORMULA states them and textstat uses them.
FRE_BASE, FRE_SENTENCE_LENGTH, FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6
LANG = "en_US"  # textstat's default, which scr never changes
WORDS_KEY = "syllables of each word"  # in the memo, beside the sections' digests


def sources(review: m.ReviewModel) -> list[SourceText]:
    """The Markdown the draft is made of, in the draft's order: the opening report sections,
    the key practice episodes, the findings (by priority), the closing report sections."""

    def number(section: m.ReportSection) -> int:
        found = re.match(r"report/(\d+)-", section.path)
        return int(found.group(1)) if found else 0

    report = sorted(review.report, key=lambda s: (number(s), s.path))
    opening = [s for s in report if number(s) < CLOSING_SECTION]
    closing = [s for s in report if number(s) >= CLOSING_SECTION]
    found = [SourceText(s.title or s.path, s.path, s.body, s.body_line) for s in opening]
    found += [
        SourceText(f"{e.id}: {e.title}", e.origin.path, e.body, e.body_line)
        for e in sorted(review.episodes, key=lambda e: e.id)
    ]
    found += [
        SourceText(f"{f.id}: {f.title}", f.origin.path, f.body, f.body_line)
        for f in review.findings_by_priority()
    ]
    found += [SourceText(s.title or s.path, s.path, s.body, s.body_line) for s in closing]
    return found


def _textstat() -> Any:  # textstat has no types
    import textstat  # noqa: PLC0415 - its word list loads on first use: only when measuring

    return textstat


def library_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return f"{LIBRARY} {version(LIBRARY)}"
    except PackageNotFoundError:
        return LIBRARY


def _ended(text: str) -> str:
    """A unit as a sentence: a list item or cell without a full stop still ends one."""
    text = " ".join(text.split())
    return text if re.search(r"[.!?][\"'\u2019\u201d)\]]*$", text) else text + "."


class Memo(Protocol):
    """Where each section's measurement is kept by content (`publish.piece_cache.PieceCache`):
    a build after one finding changed measures that one section."""

    def get(self, key: str) -> Any: ...
    def put(self, key: str, value: Any) -> None: ...


def section_key(source: SourceText) -> str:
    """What a section's measurement depends on, of the section itself (the word list, the
    thresholds and scr's code are the memo's own key)."""
    return digest(source.title, source.path, source.body_line, source.body)


def _measure_section(
    source: SourceText,
    words: PlainEnglish,
    thresholds: m.Readability,
    known: dict[str, int],
    dictionary: Callable[[], Mapping[str, int]] | None,
) -> dict[str, Any]:
    """One section's figures and marks, as plain JSON rows (lines, not places: the path is the
    section's own), and its acronyms in order of first use: (acronym, line first used, line of
    its first definition or None)."""
    ts = _textstat()
    acronyms: dict[str, list[Any]] = {}
    prose: list[str] = []
    long: list[Sentence] = []
    passive: list[Mark] = []
    jargon_found: list[Mark] = []
    for unit in units(source.body, source.body_line):
        for match in ACRONYM.finditer(unit.text):
            line = unit.line_at(match.start())
            row = acronyms.setdefault(match.group(1), [match.group(1), line, None])
            if row[2] is None and defined_here(unit.text, match):
                row[2] = line
        jargon_found += jargon(unit, source.path, words)
        if unit.heading:
            continue
        prose.append(_ended(unit.text))
        passive += passives(unit, source.path)
        for text, offset in sentences(unit):
            count = ts.lexicon_count(text)
            if count > thresholds.long_sentence_words:
                long.append(Sentence(text, Place(source.path, unit.line_at(offset)), count))
    text = "\n".join(prose)
    syllables = syllable_count(text, known, dictionary)
    found = figures(source.title, source.path, text, syllables, long, passive, jargon_found)
    return {
        "prose": text,
        "syllables": syllables,
        "figures": [found.words, found.sentences, found.reading_ease, found.words_per_sentence],
        "long": [[s.text, s.place.line, s.words] for s in long],
        "passives": [[p.text, p.place.line] for p in passive],
        "jargon": [[j.text, j.place.line, j.instead] for j in jargon_found],
        "acronyms": list(acronyms.values()),
    }


def _section_figures(source: SourceText, part: dict[str, Any]) -> Figures:
    path = source.path
    count, sentence_count, ease, per_sentence = part["figures"]
    return Figures(
        source.title,
        path,
        int(count),
        int(sentence_count),
        float(ease),
        float(per_sentence),
        [Sentence(t, Place(path, line), n) for t, line, n in part["long"]],
        [Mark(t, Place(path, line)) for t, line in part["passives"]],
        [Mark(t, Place(path, line), instead) for t, line, instead in part["jargon"]],
    )


def dictionary_counts() -> dict[str, int]:
    """Every word of textstat's pronouncing dictionary and its syllables, as textstat counts
    them (a word without a pronunciation is left out: textstat hyphenates it instead)."""
    from textstat.backend.utils import get_cmudict  # noqa: PLC0415

    return {
        word: sum(1 for p in phones[0] if p[-1].isdigit())
        for word, phones in (get_cmudict(LANG) or {}).items()
        if phones
    }


def syllable_count(
    text: str, known: dict[str, int], dictionary: Callable[[], Mapping[str, int]] | None = None
) -> int:
    """`textstat.syllable_count(text)`, word by word as textstat counts them, each word's
    count taken from `known` (and added to it), else from `dictionary()` (default: textstat's
    pronouncing dictionary, which takes most of a second to load; the build keeps its counts),
    else by hyphenation, as textstat does. The same as textstat's
    (tests/test_readability_memo.py holds them equal; textstat is pinned)."""
    from textstat.backend.selections import list_words  # noqa: PLC0415
    from textstat.backend.utils import get_pyphen  # noqa: PLC0415

    total = 0
    table: Mapping[str, int] | None = None
    for word in list_words(text, lowercase=True):
        count = known.get(word)
        if count is None:
            if table is None:
                table = (dictionary or _dictionary)()
            count = table.get(word)
            if count is None:
                count = len(get_pyphen(LANG).positions(word)) + 1
            known[word] = count
        total += count
    return total


@cache
def _dictionary() -> dict[str, int]:
    return dictionary_counts()


def figures(
    title: str,
    path: str,
    text: str,
    syllables: int,
    long: list[Sentence],
    passive: list[Mark],
    jargon_found: list[Mark],
) -> Figures:
    """textstat's figures for `text` (sentences one unit per line) of `syllables` syllables:
    its words and sentences counted by textstat, the reading ease by textstat's arithmetic
    (`textstat.flesch_reading_ease`, which would count the syllables again)."""
    ts = _textstat()
    if not text.strip():
        return Figures(title, path, 0, 0, 0.0, 0.0, long, passive, jargon_found)
    count = ts.lexicon_count(text)
    sentence_count = ts.sentence_count(text)
    per_sentence = count / sentence_count if sentence_count else 0.0
    per_word = syllables / count if count else 0.0
    ease = (
        0.0
        if per_sentence == 0 or per_word == 0
        else FRE_BASE - FRE_SENTENCE_LENGTH * per_sentence - FRE_SYLLABLES_PER_WORD * per_word
    )
    return Figures(
        title, path, count, sentence_count, ease, per_sentence, long, passive, jargon_found
    )


def measure(
    texts: list[SourceText],
    words: PlainEnglish,
    thresholds: m.Readability | None = None,
    memo: Memo | None = None,
    dictionary: Callable[[], Mapping[str, int]] | None = None,
) -> Report:
    """The figures for each section and for the whole draft, and the acronyms in draft order;
    each section's measurement taken from `memo` when it holds it, and kept there, and the
    syllables of a word not counted before from `dictionary()` (see `syllable_count`)."""
    thresholds = thresholds or m.Readability()
    kept_words = memo.get(WORDS_KEY) if memo is not None else None
    counts: dict[str, int] = dict(kept_words) if isinstance(kept_words, dict) else {}
    counted = len(counts)
    sections: list[Figures] = []
    everything: list[str] = []
    syllables = 0
    first_use: dict[str, Place] = {}
    defined: dict[str, Place] = {}
    for source in texts:
        key = section_key(source)
        part = memo.get(key) if memo is not None else None
        if part is None:
            part = _measure_section(source, words, thresholds, counts, dictionary)
            if memo is not None:
                memo.put(key, part)
        for acronym, line, defined_line in part["acronyms"]:
            first_use.setdefault(acronym, Place(source.path, line))
            if acronym not in defined and defined_line is not None:
                defined[acronym] = Place(source.path, defined_line)
        everything.append(part["prose"])
        syllables += int(part["syllables"])
        sections.append(_section_figures(source, part))
    known = {a.upper() for a in words.known_acronyms}
    acronyms = []
    for acronym, place in first_use.items():
        if acronym in known:
            continue
        where = defined.get(acronym)
        if where is None or where != place:
            acronyms.append(Acronym(acronym, place, where))
    whole_text = "\n".join(t for t in everything if t)
    # A syllable count is the sum of its words': the whole draft's is its sections'.
    whole = figures("Whole draft", "", whole_text, syllables, [], [], [])
    if memo is not None and (len(counts) != counted or kept_words is None):
        memo.put(WORDS_KEY, counts)
    return Report(whole, sections, acronyms, thresholds, words.path, library_version())
