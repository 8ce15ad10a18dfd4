"""What a measurement of the prose gives back: each section's figures, the long sentences, the
passives, jargon and acronyms marked at their source lines, and the report of them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import model as m

FORMULA = (
    "Flesch reading ease = 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / "
    "words) (Flesch, 1948); 60-70 is plain English, higher is easier"
)
LIBRARY = "textstat"


@dataclass
class PlainEnglish:
    """plain-english.toml: jargon and its plain alternatives, and acronyms that need no
    definition. `path` is the file the list came from, as the report names it."""

    alternatives: dict[str, str] = field(default_factory=dict)
    known_acronyms: set[str] = field(default_factory=set)
    path: str = m.PLAIN_ENGLISH_FILE


@dataclass
class SourceText:
    """One measured section: a Markdown body of the review and where it starts in its file."""

    title: str
    path: str
    body: str
    body_line: int


@dataclass(frozen=True)
class Place:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Sentence:
    text: str
    place: Place
    words: int


@dataclass
class Mark:
    """A passive construction or a jargon word: the words, where, and (jargon) what instead."""

    text: str
    place: Place
    instead: str = ""


@dataclass
class Acronym:
    acronym: str
    first_use: Place
    defined: Place | None  # None: never defined

    @property
    def message(self) -> str:
        if self.defined is None:
            return f"{self.acronym} is never defined"
        return f"{self.acronym} is used before it is defined (at {self.defined})"


@dataclass
class Figures:
    """The figures of one section (or of the whole draft, `path` "")."""

    title: str
    path: str
    words: int
    sentences: int
    reading_ease: float
    words_per_sentence: float
    long: list[Sentence]
    passives: list[Mark]
    jargon: list[Mark]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "path": self.path,
            "words": self.words,
            "sentences": self.sentences,
            "reading_ease": self.reading_ease,
            "words_per_sentence": self.words_per_sentence,
            "long_sentences": len(self.long),
            "passives": len(self.passives),
            "jargon": len(self.jargon),
        }


@dataclass
class Report:
    whole: Figures
    sections: list[Figures]
    acronyms: list[Acronym]
    thresholds: m.Readability
    words_file: str
    library: str

    def low_ease(self, figures: Figures) -> bool:
        return figures.words > 0 and figures.reading_ease < self.thresholds.reading_ease_min

    def long_average(self, figures: Figures) -> bool:
        return figures.words_per_sentence > self.thresholds.sentence_words_max

    @property
    def long(self) -> list[Sentence]:
        return [s for f in self.sections for s in f.long]

    @property
    def passives(self) -> list[Mark]:
        return [p for f in self.sections for p in f.passives]

    @property
    def jargon(self) -> list[Mark]:
        return [j for f in self.sections for j in f.jargon]

    def to_json(self) -> dict[str, Any]:
        t = self.thresholds
        return {
            "formula": FORMULA,
            "library": self.library,
            "thresholds": {
                "reading_ease_min": t.reading_ease_min,
                "sentence_words_max": t.sentence_words_max,
                "long_sentence_words": t.long_sentence_words,
            },
            "words_file": self.words_file,
            "whole": self.whole.to_json(),
            "sections": [f.to_json() for f in self.sections],
            "long_sentences": [
                {"path": s.place.path, "line": s.place.line, "words": s.words, "text": s.text}
                for s in self.long
            ],
            "passives": [
                {"path": p.place.path, "line": p.place.line, "text": p.text} for p in self.passives
            ],
            "acronyms": [
                {
                    "acronym": a.acronym,
                    "path": a.first_use.path,
                    "line": a.first_use.line,
                    "defined": None if a.defined is None else str(a.defined),
                    "message": a.message,
                }
                for a in self.acronyms
            ],
            "jargon": [
                {"path": j.place.path, "line": j.place.line, "text": j.text, "instead": j.instead}
                for j in self.jargon
            ],
        }
