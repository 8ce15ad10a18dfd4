"""Small Markdown helpers for putting the reviewer's text into the draft's structure."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_HEADING_HINT = re.compile(r"^ {0,3}(?:#|(?:=+|-+)[ \t]*$)", re.M)


def one_line(text: str) -> str:
    """Text for a place that holds one line (a heading, a list item): whitespace collapsed."""
    return " ".join(text.split())


def cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped."""
    return one_line(text).replace("|", "\\|")


def month_year(day: date | None, precision: str = "day") -> str:
    """A date as the publication gives it: never the exact day, which could identify."""
    if day is None:
        return "date not known"
    if precision == "year":
        return str(day.year)
    text = f"{MONTHS[day.month - 1]} {day.year}"
    return f"around {text}" if precision == "approximate" else text


def period(start: date | None, end: date | None) -> str:
    first, last = month_year(start), month_year(end)
    return first if first == last else f"{first} to {last}"


@cache
def _block_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415

    parser = MarkdownIt("commonmark")
    parser.disable("inline")  # headings and their lines are all that is needed here
    return parser


def fit_headings(text: str, parent: int, shift: int) -> str:
    """The text with its headings moved under a heading of level `parent`.

    Each heading goes `shift` levels deeper, but never deeper than one below the heading
    before it (so no level is skipped), never up to `parent`, never past 6. Setext headings
    become ATX headings. Headings inside lists and quotes are left as they are.
    """
    if not _HEADING_HINT.search(text):
        return text
    lines: list[str | None] = list(text.split("\n"))
    previous = parent
    tokens = _block_parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        level = int(token.tag[1:])
        new = max(parent + 1, min(level + shift, previous + 1))
        new = min(new, 6)
        previous = new
        start, end = token.map
        title = one_line(tokens[index + 1].content)
        lines[start] = "#" * new + (" " + title if title else "")
        for k in range(start + 1, end):
            lines[k] = None  # a setext heading's other lines
    return "\n".join(line for line in lines if line is not None)


def strip_title(body: str) -> str:
    """A record's body without its first `# Title` line (the draft writes its own heading)."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            if re.match(r" {0,3}# ", line) or line.strip() == "#":
                return "\n".join(lines[index + 1 :])
            return body
    return body
