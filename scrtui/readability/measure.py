"""The review's prose in the draft's order, measured: textstat's figures for each section and
the whole draft, with the long sentences, passives, jargon and acronyms found."""

from __future__ import annotations

import re
from typing import Any

from .. import model as m
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


CLOSING_SECTION = 90  # report/90-*.md and later come after the findings (as in the draft)


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


def figures(
    title: str,
    path: str,
    prose: str,
    long: list[Sentence],
    passive: list[Mark],
    jargon_found: list[Mark],
) -> Figures:
    """textstat's figures for `prose` (the sentences of the section, one unit per line)."""
    ts = _textstat()
    if not prose.strip():
        return Figures(title, path, 0, 0, 0.0, 0.0, long, passive, jargon_found)
    return Figures(
        title,
        path,
        ts.lexicon_count(prose),
        ts.sentence_count(prose),
        float(ts.flesch_reading_ease(prose)),
        float(ts.words_per_sentence(prose)),
        long,
        passive,
        jargon_found,
    )


def _ended(text: str) -> str:
    """A unit as a sentence: a list item or cell without a full stop still ends one."""
    text = " ".join(text.split())
    return text if re.search(r"[.!?][\"'\u2019\u201d)\]]*$", text) else text + "."


def measure(
    texts: list[SourceText], words: PlainEnglish, thresholds: m.Readability | None = None
) -> Report:
    """The figures for each section and for the whole draft, and the acronyms in draft order."""
    thresholds = thresholds or m.Readability()
    ts = _textstat()
    sections: list[Figures] = []
    everything: list[str] = []
    first_use: dict[str, Place] = {}
    defined: dict[str, Place] = {}
    for source in texts:
        found_units = units(source.body, source.body_line)
        prose, long, passive, jargon_found = [], [], [], []
        for unit in found_units:
            for match in ACRONYM.finditer(unit.text):
                acronym = match.group(1)
                place = Place(source.path, unit.line_at(match.start()))
                first_use.setdefault(acronym, place)
                if acronym not in defined and defined_here(unit.text, match):
                    defined[acronym] = place
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
        everything.append(text)
        sections.append(figures(source.title, source.path, text, long, passive, jargon_found))
    known = {a.upper() for a in words.known_acronyms}
    acronyms = []
    for acronym, place in first_use.items():
        if acronym in known:
            continue
        where = defined.get(acronym)
        if where is None or where != place:
            acronyms.append(Acronym(acronym, place, where))
    whole_text = "\n".join(t for t in everything if t)
    whole = figures("Whole draft", "", whole_text, [], [], [])
    return Report(whole, sections, acronyms, thresholds, words.path, library_version())
