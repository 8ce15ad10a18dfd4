"""The inline tokens of the draft's plainest lines, made without markdown-it's inline parser.

A large draft holds some 14,000 inline runs (paragraphs, list items, table cells, headings),
and markdown-it-py reads each one character by character: most of a build's parsing time.
Nearly all of them are plain text, `[label](#anchor)` links, `**Label:**` lead-ins, escaped
punctuation (`\\[`) and brackets that are not links ("[name withheld]"). For a run made only
of those, the tokens markdown-it would make are known exactly, so they are made directly; any
other run (emphasis, code, images, entities, other links, anything unusual) goes to markdown-it
as before. Tests hold the two to the same tokens on the example review, a generated review and
random text, through public names only: `inline_tokens` (the one way in: document.parser's
inline rule calls it) against markdown-it's own `parseInline`.

Kept, measured (issue 14): parsing the 50x review's draft takes 1.21 s of CPU with it and
1.38 s without (median of 7 each, interleaved); the whole 50x build saves about 0.2 s, some
10% of its time on a quiet machine, more than the run-to-run spread. What it relies on (the
tokens markdown-it-py makes, its `text_join` rule) is why pyproject.toml holds markdown-it-py
to the versions these tests were run with.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Characters that mean nothing to markdown-it's inline rules with raw HTML, linkify and the
# typographer off: all but `\` (escapes), `` ` `` (code), `*` `_` (emphasis), `~`
# (strikethrough), `[` `]` (links), `<` (autolinks), `!` before `[` (an image) and `&` before
# `#` or a name and `;` (an entity); tabs and carriage returns are left to markdown-it too.
_PLAIN_CHAR = r"[^\n\\`*_~\[\]<\t\r!&]"
_ODD_PLAIN = r"!(?!\[)|&(?!#|[A-Za-z][A-Za-z0-9]{1,31};)"
_PLAIN = rf"(?:{_PLAIN_CHAR}|{_ODD_PLAIN})"
# A run of plain characters, matched a stretch at a time and never given back (possessive): the
# same strings as `_PLAIN+`, at the speed of one character class.
_PLAIN_RUN = rf"(?:{_PLAIN_CHAR}++|{_ODD_PLAIN})++"
_PIECE = re.compile(
    rf"(?P<text>{_PLAIN_RUN})"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"  # a backslash before ASCII punctuation
    rf"|\[(?P<label>{_PLAIN_RUN})\]\((?P<dest>#[A-Za-z0-9_-]+)\)"
    # "[name withheld]": brackets that are not a link, as long as no reference says otherwise
    rf"|\[(?P<bare>{_PLAIN_RUN})\](?![(\[])"
    # `**Label:**`: opens after a space or the start (left-flanking only: it is followed by a
    # letter or digit), closes before a space, a line end or the end (right-flanking only).
    rf"|(?<![^ \n])\*\*(?P<strong>[A-Za-z0-9](?:{_PLAIN}*[^\s*_~\[\]<\\`!&])?)\*\*(?=[ \n]|\Z)"
    r"|\n(?P<indent> *)"
)
# Whatever is not plain: a run without any of it is one text token (most cells and headings).
_NOT_PLAIN = re.compile(r"[\n\\`*_~\[\]<\t\r]|!\[|&(?:#|[A-Za-z][A-Za-z0-9]{1,31};)")


def inline_tokens(
    content: str,
    md: MarkdownIt,
    token_class: type[Token],
    references: Container[str] | None = None,
) -> list[Token] | None:
    """The children markdown-it would give an inline token holding `content`, or None when
    `content` is not one of the plain forms this knows. `references`: the document's link
    reference definitions, if it has any."""
    if _NOT_PLAIN.search(content) is None:
        return [token_class("text", "", 0, content=content)] if content else []
    out: list[Token] = []
    pending: list[str] = []
    # An escaped character that begins a run of text after something other than text keeps
    # its escape as the run's markup (markdown-it's `text_join` merges into that token).
    lead: str = ""

    def flush() -> None:
        nonlocal lead
        text = "".join(pending)
        pending.clear()
        if text:
            out.append(
                token_class("text", "", 0, content=text, markup=lead, info="escape" if lead else "")
            )
        lead = ""

    at = 0
    for m in _PIECE.finditer(content):
        if m.start() != at:
            return None
        at = m.end()
        kind = m.lastgroup
        if kind == "text":
            pending.append(m.group())
        elif kind == "escaped":
            if not pending and (not out or out[-1].type != "text"):
                lead = m.group()
            pending.append(m.group(kind))
        elif kind == "bare":
            if references:
                from markdown_it.common.utils import normalizeReference  # noqa: PLC0415

                if normalizeReference(m.group(kind)) in references:
                    return None
            pending.append(m.group())
        elif kind == "indent":  # markdown-it's newline rule: two trailing spaces break the line
            text = "".join(pending)
            pending.clear()
            if text.endswith("  "):
                pending.append(text.rstrip(" "))
                flush()
                out.append(token_class("hardbreak", "br", 0))
            else:
                pending.append(text[:-1] if text.endswith(" ") else text)
                flush()
                out.append(token_class("softbreak", "br", 0))
        elif kind == "dest":
            href = md.normalizeLink(m.group("dest"))
            if not md.validateLink(href):
                return None
            flush()
            link = token_class("link_open", "a", 1)
            link.attrs = {"href": href}
            out.append(link)
            out.append(_token(token_class, "text", "", 0, m.group("label"), level=1))
            out.append(token_class("link_close", "a", -1))
        else:  # strong: the outer '*' of each pair stays as an empty text token
            flush()
            out.append(_token(token_class, "text", "", 0, ""))
            out.append(_token(token_class, "strong_open", "strong", 1, "", markup="**"))
            out.append(_token(token_class, "text", "", 0, m.group("strong"), level=1))
            out.append(_token(token_class, "strong_close", "strong", -1, "", markup="**"))
            out.append(_token(token_class, "text", "", 0, ""))
    if at != len(content):
        return None
    flush()
    return _join_text(out)


def _token(
    token_class: type[Token],
    kind: str,
    tag: str,
    nesting: Literal[-1, 0, 1],
    content: str,
    *,
    level: int = 0,
    markup: str = "",
) -> Token:
    return token_class(kind, tag, nesting, level=level, content=content, markup=markup)


def _join_text(tokens: list[Token]) -> list[Token]:
    """Adjacent text tokens as one, as markdown-it's `fragments_join` leaves them."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "text" and out and out[-1].type == "text":
            out[-1].content += token.content
        else:
            out.append(token)
    return out
