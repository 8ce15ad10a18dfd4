"""The readability report as it is read: text for an 80-column terminal, and the confidential
Markdown report of a build (build/confidential/readability.md) with the key it was written for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import model as m
from .measure import library_version
from .results import FORMULA, Figures, PlainEnglish, Report, SourceText

if TYPE_CHECKING:
    from pathlib import Path


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
