"""Markdown read as prose: each paragraph, list item, table cell or heading as plain text with
the source line of each of its lines, and the sentences of a unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


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
