"""Plain English, measured: the figures behind `scr check --readability`.

The reviewer's Markdown (report sections, key practice episodes, findings, in the order the
draft gives them) is read as prose: each paragraph, list item and table cell, with the line it
stands on in its source file. Headings, code and scr's own words are left out of the figures.

- Flesch reading ease and words per sentence come from textstat (the same function on the same
  text, so the figures are the library's); the formula is `FORMULA`.
- Sentences are cut at `.`, `!` or `?` before a capital, a digit or the end of the paragraph
  (not after Dr, Mr, e.g. ...); each is counted in words with textstat's `lexicon_count`, and
  reported at the source line where it starts.
- Passive constructions, by a heuristic (`PASSIVE`): a form of *be* (or *get*), up to two
  adverbs, then a past participle: a word of five letters or more ending in *-ed*, or one of
  the irregular participles listed below. It also counts adjectives such as "was worried": it
  points at sentences to read again, it does not judge them.
- Acronyms: a word of two or more capitals (with & allowed, "A&E"; a plural s allowed, "GPs").
  It is defined where it stands in brackets after its words, "multi-agency safeguarding hub
  (MASH)", or is followed by its words in brackets, "MASH (multi-agency safeguarding hub)".
  Reported when used before that, or never defined, unless plain-english.toml lists it as
  known.
- Jargon: the words and phrases of plain-english.toml, in any case, with -s, -ed, -ing endings.

Headless and pure apart from textstat: the store gives the texts and the word list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from . import model as m

if TYPE_CHECKING:
    from pathlib import Path

    from markdown_it import MarkdownIt

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


# -- the review's prose, in the draft's order ------------------------------------------------
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


# -- Markdown to prose units -------------------------------------------------------------------
@dataclass
class Unit:
    """A paragraph, list item, table cell or heading as plain text; `lines[i]` is the source
    line of the text's i-th line."""

    text: str
    lines: list[int]
    heading: bool = False

    def line_at(self, offset: int) -> int:
        return self.lines[self.text.count("\n", 0, offset)]


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415

    # The blocks only: an inline token's raw text is what is measured (`plain` takes the
    # markup out line by line, so each line keeps its number).
    return MarkdownIt("commonmark").enable("table").disable("inline")


_MARKUP = [  # (a character without which the pattern cannot match, the pattern, replacement)
    ("[", re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    ("[", re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    ("[", re.compile(r"\s*\[[A-Z]{1,4}-\d{2,}\]"), ""),  # references to records: not words
    ("{", re.compile(r"\s*\{#[^}]*\}"), ""),  # heading anchors
    ("<", re.compile(r"<[^>]*>"), ""),  # HTML tags and autolinks
    ("\\", re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),  # backslash escapes
    ("`", re.compile(r"`+"), ""),
    ("*", re.compile(r"\*+"), ""),  # emphasis
    ("_", re.compile(r"(?<!\w)_+|_+(?!\w)"), ""),
    (" ", re.compile(r"[ \t]+([.,;:!?])"), r"\1"),  # a space left before punctuation
]


def plain(line: str) -> str:
    for trigger, pattern, replacement in _MARKUP:
        if trigger in line:
            line = pattern.sub(replacement, line)
    return line.strip()


def units(body: str, body_line: int) -> list[Unit]:
    """The prose of a Markdown body, unit by unit, with each line's line in the file."""
    found: list[Unit] = []
    tokens = _parser().parse(body)
    block_line = 0
    heading = False
    for token in tokens:
        if token.map is not None:
            block_line = token.map[0]
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        if token.type != "inline" or not token.content.strip():
            continue
        start = token.map[0] if token.map is not None else block_line
        texts, lines = [], []
        for index, raw in enumerate(token.content.split("\n")):
            text = plain(raw)
            if text:
                texts.append(text)
                lines.append(body_line + start + index)
        if texts:
            found.append(Unit("\n".join(texts), lines, heading))
    return found


# -- sentences ---------------------------------------------------------------------------------
_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]*[A-Z0-9]|\s*$)")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "vs", "cf", "approx", "prof"}
)


def sentences(unit: Unit) -> list[tuple[str, int]]:
    """(sentence, offset in the unit's text) for each sentence of a unit."""
    text = unit.text
    found, start = [], 0
    for end in _END.finditer(text):
        before = text[start : end.start()].split()
        if before and before[-1].casefold().rstrip(".") in _ABBREVIATIONS:
            continue
        piece = text[start : end.end()]
        if piece.strip():
            offset = start + len(piece) - len(piece.lstrip())
            found.append((" ".join(piece.split()), offset))
        start = end.end()
    rest = text[start:]
    if rest.strip():
        found.append((" ".join(rest.split()), start + len(rest) - len(rest.lstrip())))
    return found


# -- passives, acronyms, jargon ---------------------------------------------------------------
IRREGULAR_PARTICIPLES = frozenset(
    {
        "arisen",
        "awoken",
        "beaten",
        "become",
        "begun",
        "bent",
        "bitten",
        "blown",
        "born",
        "borne",
        "bought",
        "bound",
        "brought",
        "built",
        "burnt",
        "caught",
        "chosen",
        "come",
        "cut",
        "dealt",
        "done",
        "drawn",
        "driven",
        "eaten",
        "fallen",
        "felt",
        "fought",
        "found",
        "forbidden",
        "forgiven",
        "forgotten",
        "frozen",
        "given",
        "gone",
        "ground",
        "grown",
        "heard",
        "held",
        "hidden",
        "hit",
        "hung",
        "hurt",
        "kept",
        "knelt",
        "known",
        "laid",
        "led",
        "left",
        "lent",
        "let",
        "lit",
        "lost",
        "made",
        "meant",
        "met",
        "mistaken",
        "overlooked",
        "overseen",
        "overtaken",
        "paid",
        "proven",
        "put",
        "quit",
        "read",
        "rung",
        "risen",
        "run",
        "said",
        "seen",
        "sent",
        "set",
        "shaken",
        "shed",
        "shot",
        "shown",
        "shut",
        "sold",
        "sought",
        "spent",
        "split",
        "spoken",
        "spread",
        "stolen",
        "struck",
        "stuck",
        "sung",
        "sunk",
        "sworn",
        "taken",
        "taught",
        "thought",
        "thrown",
        "told",
        "torn",
        "understood",
        "undertaken",
        "upheld",
        "withdrawn",
        "won",
        "worn",
        "written",
    }
)
_NOT_PARTICIPLES = frozenset(
    {
        "hundred",
        "indeed",
        "naked",
        "wicked",
        "sacred",
        "kindred",
        "rugged",
        "ragged",
        "beloved",
        "embed",
        "exceed",
        "proceed",
        "succeed",
        "breed",
        "speed",
    }
)
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten|getting)"
_ADVERB = r"(?:\w+ly|not|also|then|often|never|always|still|already|usually|all|both|each)"
PASSIVE = re.compile(rf"\b{_BE}\s+(?:{_ADVERB}\s+){{0,2}}([A-Za-z]+)\b", re.IGNORECASE)


def _participle(word: str) -> bool:
    word = word.casefold()
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) >= 5 and word.endswith("ed") and word not in _NOT_PARTICIPLES


def passives(unit: Unit, path: str) -> list[Mark]:
    found = []
    for match in PASSIVE.finditer(unit.text):
        if _participle(match.group(1)):
            found.append(
                Mark(" ".join(match.group(0).split()), Place(path, unit.line_at(match.start())))
            )
    return found


ACRONYM = re.compile(r"(?<![\w&'\u2019-])([A-Z][A-Z&]*[A-Z])(s?)(?![\w&-])")


def _defined_here(text: str, match: re.Match[str]) -> bool:
    """ "words (ACR)" or "ACR (words)"."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :]
    if before.endswith("(") and after.lstrip().startswith((")", ",", ";")):
        return True
    follow = re.match(r"\s*\(([^)]*[a-z][^)]*)\)", after)
    return follow is not None


@cache
def _jargon_pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    parts = []
    for index, phrase in enumerate(entries):
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        ending = r"(?:s|es|d|ed|ing)?"
        if phrase.endswith("e"):
            words = rf"(?:{words}|{words[:-1]}(?=ing))"
        parts.append(rf"(?P<j{index}>{words}{ending})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


@cache
def _jargon_stems(entries: tuple[str, ...]) -> tuple[str, ...]:
    """A piece of each phrase that any match contains: the phrase without a final e."""
    return tuple(
        " ".join(p.split())[:-1] if p.endswith("e") else " ".join(p.split()) for p in entries
    )


def jargon(unit: Unit, path: str, words: PlainEnglish) -> list[Mark]:
    entries = tuple(words.alternatives)
    pattern = _jargon_pattern(entries)
    if pattern is None:
        return []
    folded = " ".join(unit.text.casefold().split())
    if not any(stem in folded for stem in _jargon_stems(entries)):  # most text: no regex
        return []
    found = []
    for match in pattern.finditer(unit.text):
        phrase = entries[int(match.lastgroup[1:])]  # type: ignore[index]  # each one is a group
        found.append(
            Mark(
                " ".join(match.group(0).split()),
                Place(path, unit.line_at(match.start())),
                words.alternatives[phrase],
            )
        )
    return found


# -- the report --------------------------------------------------------------------------------
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
                if acronym not in defined and _defined_here(unit.text, match):
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


# -- as text, for the terminal and for the confidential report ------------------------------------
def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_lines(report: Report, width: int = 80) -> list[str]:
    """The figures as they read on an 80-column terminal; then each sentence, passive, acronym
    and jargon word at its source line."""
    import textwrap  # noqa: PLC0415

    t = report.thresholds
    out = [
        f"Readability of the draft's prose ({report.library}).",
        *textwrap.wrap(f"{FORMULA}.", width, initial_indent="  ", subsequent_indent="  "),
        *textwrap.wrap(
            f"Targets (review.toml [readability]): reading ease "
            f"{t.reading_ease_min:g} or more; {t.sentence_words_max:g} words or "
            f"fewer per sentence on average; no sentence over "
            f"{t.long_sentence_words} words. ! marks a figure off target.",
            width,
            initial_indent="  ",
            subsequent_indent="  ",
        ),
        "",
    ]
    name_width = width - 44
    out.append(
        f"  {'section':<{name_width}} {'ease':>6} {'w/sent':>7} {'sents':>5} {'long':>4} "
        f"{'pass':>4} {'jarg':>4}"
    )

    def row(f: Figures, name: str, long: int, passive: int, jargon_count: int) -> str:
        ease = ("!" if report.low_ease(f) else " ") + _fmt(f.reading_ease)
        average = ("!" if report.long_average(f) else " ") + _fmt(f.words_per_sentence)
        return (
            f"  {_clip(name, name_width):<{name_width}} {ease:>6} {average:>7} "
            f"{f.sentences:>5} {long:>4} {passive:>4} {jargon_count:>4}"
        )

    out.append(
        row(report.whole, "Whole draft", len(report.long), len(report.passives), len(report.jargon))
    )
    for f in report.sections:
        out.append(row(f, f.path, len(f.long), len(f.passives), len(f.jargon)))
    out.append("")
    out.append(f"Sentences over {t.long_sentence_words} words ({len(report.long)}):")
    for s in report.long:
        out.append(f'  {s.place}: {s.words} words: "{_clip(s.text, 60)}"')
    out.append(f"Passive constructions ({len(report.passives)}), to read again:")
    for p in report.passives:
        out.append(f'  {p.place}: "{p.text}"')
    out.append(f"Acronyms not defined at first use ({len(report.acronyms)}):")
    for a in report.acronyms:
        out.append(f"  {a.first_use}: {a.message}")
    out.append(
        f"Words with a plainer alternative ({len(report.jargon)}; list: {report.words_file}):"
    )
    for j in report.jargon:
        out.append(f'  {j.place}: "{j.text}": try "{j.instead}"')
    return out


KEY_LINE = "<!-- scr readability of: {} -->"


def key(texts: list[SourceText], words: PlainEnglish, thresholds: m.Readability | None) -> str:
    """What the figures depend on, as one hash: the texts, the word list, the thresholds and
    the library's version. The build keeps its last report while this stays the same."""
    import hashlib  # noqa: PLC0415
    import json  # noqa: PLC0415

    t = thresholds or m.Readability()
    data = json.dumps(
        [
            library_version(),
            [t.reading_ease_min, t.sentence_words_max, t.long_sentence_words],
            sorted(words.alternatives.items()),
            sorted(words.known_acronyms),
            words.path,
            [[s.title, s.path, s.body_line, s.body] for s in texts],
        ]
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def report_key(path: Path | str) -> str | None:
    """The key a readability report was written for (its last line), or None."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 200))
            last = handle.read().decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
    except OSError:
        return None
    found = re.fullmatch(KEY_LINE.format("([0-9a-f]{64})"), last)
    return found.group(1) if found else None


def markdown(report: Report, key: str | None = None) -> str:
    """build/confidential/readability.md: the same figures, as a Markdown report. It quotes
    the reviewer's sentences before anonymisation, so it stays confidential."""
    t = report.thresholds

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    lines = [
        "# Readability",
        "",
        "**CONFIDENTIAL.** This report quotes the review's own words before they are "
        "anonymised. Keep it with the register; never publish it.",
        "",
        f"Figures from {report.library}. {FORMULA}.",
        "",
        f"Targets (review.toml `[readability]`): reading ease {t.reading_ease_min:g} or "
        f"more; {t.sentence_words_max:g} words or fewer per sentence on average; no "
        f"sentence over {t.long_sentence_words} words. Figures off target are in bold. "
        "They are information for the reviewer: they never stop a build.",
        "",
        "| Section | File | Reading ease | Words per sentence | Sentences | Long | "
        "Passive | Jargon |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]

    def row(f: Figures, name: str, path: str, long: int, passive: int, jargon_count: int) -> str:
        ease = _fmt(f.reading_ease)
        ease = f"**{ease}**" if report.low_ease(f) else ease
        average = _fmt(f.words_per_sentence)
        average = f"**{average}**" if report.long_average(f) else average
        return (
            f"| {cell(name)} | {path} | {ease} | {average} | {f.sentences} | {long} | "
            f"{passive} | {jargon_count} |"
        )

    lines.append(
        row(
            report.whole,
            "Whole draft",
            "",
            len(report.long),
            len(report.passives),
            len(report.jargon),
        )
    )
    for f in report.sections:
        lines.append(row(f, f.title, f.path, len(f.long), len(f.passives), len(f.jargon)))
    lines += ["", f"## Sentences over {t.long_sentence_words} words ({len(report.long)})", ""]
    lines += [f"- {s.place} ({s.words} words): {cell(s.text)}" for s in report.long] or ["None."]
    lines += ["", f"## Passive constructions ({len(report.passives)})", ""]
    lines += [f"- {p.place}: {cell(p.text)}" for p in report.passives] or ["None."]
    lines += ["", f"## Acronyms not defined at first use ({len(report.acronyms)})", ""]
    lines += [f"- {a.first_use}: {a.message}" for a in report.acronyms] or ["None."]
    lines += [
        "",
        f"## Words with a plainer alternative ({len(report.jargon)})",
        "",
        f"From {report.words_file}, which the partnership can extend.",
        "",
    ]
    lines += [f"- {j.place}: {cell(j.text)}: try {cell(j.instead)}" for j in report.jargon] or [
        "None."
    ]
    if key is not None:
        lines += ["", KEY_LINE.format(key)]
    return "\n".join(lines) + "\n"
