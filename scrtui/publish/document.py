"""The finished Markdown parsed once, for the HTML and DOCX renderers and the contents list.

markdown-it with tables and strikethrough, raw HTML off (the reviewer's text never becomes
markup), `{#id}` at the end of a heading as its anchor, and a unique slug for every other
heading. The same tokens feed both renderers, so the formats cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..slug import slug
from .draft import CONTENTS
from .hostile import link_allowed

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

STAMP_TEXT = "NOT CLEARED FOR PUBLICATION"
_EXPLICIT_ID = re.compile(r"\s*\{#([A-Za-z][\w-]*)\}\s*$")
RESERVED_IDS = ("contents", "main")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str


@dataclass
class Parsed:
    tokens: list[Token]
    headings: list[Heading] = field(default_factory=list)
    title: str = ""


def _explicit_ids(state: StateCore) -> None:
    """`### Title {#id}`: the id becomes the heading's anchor and leaves its text."""
    used = state.env.setdefault("ids", set(RESERVED_IDS))
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            inline = tokens[index + 1]
            match = _EXPLICIT_ID.search(inline.content)
            if match and match.group(1) not in used:
                inline.content = inline.content[: match.start()]
                token.attrSet("id", match.group(1))
                used.add(match.group(1))


def _slug_ids(state: StateCore) -> None:
    used = state.env.setdefault("ids", set(RESERVED_IDS))
    headings = state.env.setdefault("headings", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "th_open":
            token.attrSet("scope", "col")
        if token.type != "heading_open":
            continue
        text = plain_text(tokens[index + 1].children or [])
        ident = token.attrGet("id")
        if not ident:
            base = slug(text) or "section"
            ident, n = base, 1
            while ident in used:
                n += 1
                ident = f"{base}-{n}"
            used.add(ident)
            token.attrSet("id", ident)
        headings.append(Heading(int(token.tag[1:]), text, str(ident)))


def _inline(state: StateCore) -> None:
    """markdown-it's core `inline` rule, with the plain forms made directly (`fastinline`)."""
    from markdown_it.token import Token  # noqa: PLC0415

    from .fastinline import inline_tokens  # noqa: PLC0415

    md = state.md
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        children = inline_tokens(token.content, md, Token, state.env.get("references"))
        if children is None:
            md.inline.parse(token.content, md, state.env, token.children)
        else:
            token.children.extend(children)


def plain_text(children: list[Token]) -> str:
    if len(children) == 1 and children[0].type == "text":  # most headings
        return " ".join(children[0].content.split())
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child.children or []) or child.content)
    return " ".join("".join(parts).split())


@cache
def parser(fast: bool = True) -> MarkdownIt:
    """The draft's parser; `fast=False` leaves every inline run to markdown-it (for tests)."""
    from markdown_it import MarkdownIt  # noqa: PLC0415

    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # With raw HTML off these two rules only ever answer "no"; asked some 30,000 times a draft.
    md.disable(["html_block", "html_inline"])
    md.core.ruler.after("block", "scr_explicit_ids", _explicit_ids)
    md.core.ruler.push("scr_slug_ids", _slug_ids)
    if fast:
        md.core.ruler.at("inline", _inline)
    # A report links to the same few anchors thousands of times; normalising a link target is a
    # pure function of its text, so each different one is worked out once. (markdown-it declares
    # both as methods; an attribute of the instance replaces them, hence the two ignores.)
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    markdown_it_allows = md.validateLink

    def validate(url: str) -> bool:
        """Only https, http, mailto and #anchors lead anywhere (the text was made inert
        before it was parsed: `hostile.neutralise`; this holds whatever it missed)."""
        return link_allowed(url) and markdown_it_allows(url)

    md.validateLink = lru_cache(maxsize=4096)(validate)  # type: ignore[method-assign]
    return md


def parse(markdown: str, fast: bool = True) -> Parsed:
    env: dict[str, Any] = {}
    tokens = parser(fast).parse(markdown, env)
    headings = env.get("headings", [])
    title = next((h.text for h in headings if h.level == 1), "")
    return Parsed(tokens, headings, title)


def is_placeholder(tokens: list[Token], index: int, marker: str = CONTENTS) -> bool:
    """Whether tokens[index] opens the paragraph that holds only `marker`."""
    return (
        tokens[index].type == "paragraph_open"
        and index + 1 < len(tokens)
        and tokens[index + 1].type == "inline"
        and tokens[index + 1].content.strip() == marker
    )


def contents(headings: list[Heading], deepest: int = 3) -> list[Heading]:
    """The headings a table of contents lists: below the title, down to `deepest`."""
    return [h for h in headings if 2 <= h.level <= deepest]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def contents_markdown(headings: list[Heading]) -> str:
    """The Markdown file's own contents list: nested links to the headings."""
    lines = ["## Contents {#contents}", ""]
    for heading in contents(headings):
        indent = "  " * (heading.level - 2)
        text = _MD_SPECIAL.sub(r"\\\1", heading.text)
        lines.append(f"{indent}- [{text}](#{heading.id})")
    return "\n".join(lines)
