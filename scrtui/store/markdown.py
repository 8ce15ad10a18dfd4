"""Markdown records: TOML front matter between `+++` lines, then `## Section` headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Section

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

FENCE = "+++"


@dataclass
class SplitMarkdown:
    """A Markdown file cut into its front matter and body, keeping line numbers."""

    front_matter: str | None  # the TOML text, None when the file has no front matter
    front_line: int  # line of the first front-matter line (after the opening +++)
    body: str
    body_line: int  # line of the first body line
    unclosed: bool = False  # an opening +++ without its closing line
    opening: str = FENCE  # the fence lines exactly as written, so a save changes no byte
    closing: str = FENCE
    closing_newline: bool = True


def split_front_matter(text: str) -> SplitMarkdown:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return SplitMarkdown(None, 1, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            front = "".join(line + "\n" for line in lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SplitMarkdown(
                front,
                2,
                body,
                index + 2,
                opening=lines[0],
                closing=lines[index],
                closing_newline=index + 1 < len(lines),
            )
    return SplitMarkdown("\n".join(lines[1:]), 2, "", len(lines) + 1, unclosed=True)


def join_front_matter(
    front_matter: str | None, body: str, like: SplitMarkdown | None = None
) -> str:
    """The inverse of split_front_matter: `+++`, the TOML, `+++`, the body.

    Given the split it came from (`like`), the fence lines are written back exactly as read.
    """
    if front_matter is None:
        return body
    if front_matter and not front_matter.endswith("\n"):
        front_matter += "\n"
    opening, closing = (like.opening, like.closing) if like else (FENCE, FENCE)
    newline = "\n" if like is None or like.closing_newline or body else ""
    return f"{opening}\n{front_matter}{closing}{newline}{body}"


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415 - only texts with code blocks need it

    # Only headings are needed, and where code blocks hide them: the heading, fence, code and
    # paragraph rules. Leaving out inline parsing and the other block rules is 3x faster.
    parser = MarkdownIt("zero")
    parser.enable(["heading", "fence", "code"])
    parser.disable("inline")
    return parser


@dataclass
class Heading:
    level: int
    title: str
    line: int  # 1-based line in the file


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$", re.M)
_CODE_HINT = re.compile(r"^(?: {0,3}(?:```|~~~)|(?: {4}|\t))", re.M)


def headings(body: str, body_line: int = 1) -> list[Heading]:
    """Every heading with its line, as markdown-it's block parser sees them.

    Without fenced or indented code in the text, every ATX heading line is a heading, so a
    regular expression gives the same answer far faster; anything else goes to markdown-it.
    tests/test_markdown.py holds the two to the same result.
    """
    if _CODE_HINT.search(body) is not None:
        return parsed_headings(body, body_line)
    found: list[Heading] = []
    line, counted = body_line, 0
    for match in _ATX.finditer(body):
        line += body.count("\n", counted, match.start())
        counted = match.start()
        found.append(Heading(len(match.group(1)), (match.group(2) or "").strip(), line))
    return found


def parsed_headings(body: str, body_line: int = 1) -> list[Heading]:
    """Every heading with its line, from markdown-it's token map (so code blocks don't count)."""
    tokens = _block_parser().parse(body)
    found: list[Heading] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            title = tokens[index + 1].content.strip() if index + 1 < len(tokens) else ""
            found.append(Heading(int(token.tag[1:]), title, token.map[0] + body_line))
    return found


def sections(body: str, body_line: int = 1) -> tuple[Heading | None, list[Section]]:
    """The first level-1 heading (the title), and each level-2 section with its text."""
    lines = body.split("\n")
    all_headings = headings(body, body_line)
    title = next((h for h in all_headings if h.level == 1), None)
    level2 = [h for h in all_headings if h.level == 2]
    found: list[Section] = []
    for index, heading in enumerate(level2):
        start = heading.line - body_line + 1
        end = level2[index + 1].line - body_line if index + 1 < len(level2) else len(lines)
        text = "\n".join(lines[start:end]).strip("\n")
        found.append(Section(heading.title, text.strip(), heading.line))
    return title, found
