"""Markdown that is safe to publish: raw HTML shown as text, links only where they may lead.

`report.md` is published as it is, and websites and git hosts render it with raw HTML on; the
HTML and Word files are made from the same text. So the text itself is made inert, once, for
every format: each `<` that could open an HTML tag is escaped (`\\<`), and a link, image,
autolink or reference definition whose target is not https, http, mailto or an anchor in the
document (`#...`) is broken up so that no renderer makes a link of it (`]\\(`, `\\<`, `\\[`);
its words stay. The target is judged after decoding character references and percent-escapes
and removing control characters and spaces, as a browser would read it.

Code (fenced and indented blocks, and code spans on one line) is left alone: nothing in it is
markup. Everything else is treated with suspicion: text that only might be a link or a tag is
escaped too, which at worst shows a backslash that was not needed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .draft import Chunk

ALLOWED_SCHEMES = ("https", "http", "mailto")

# Whatever could need work; a text without any of these is returned as it is, at once. A `<`
# already escaped (after an odd number of backslashes) and a definition already escaped do
# not count, so that text made inert once is not worked through again.
_TAG_CANDIDATE = re.compile(r"<[A-Za-z/!?]")
_LINK_CANDIDATE = re.compile(r"\]\([ \t]*\n?[ \t]*(?!#|https?://|mailto:)")
_DEFINITION_CANDIDATE = re.compile(
    r"^(?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?[ \t]{0,3}\[(?:[^\[\]\\\n]|\\.)+\]:", re.M
)
_CONTROL = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f"
    r"\u2060\u3000\ufeff]+"
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\x00-\x20<>]*)>")
_EMAIL_AUTOLINK = re.compile(
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9]"
    r"(?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)
_DEFINITION = re.compile(
    r"(?P<lead>(?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?[ \t]{0,3})"
    r"\[(?P<label>(?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*(?P<dest><[^<>\n]*>|\S+)?"
)
_TAG_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")


@dataclass(frozen=True)
class Dropped:
    """A link scr did not keep: where in the text it stood (offset of its target), the
    target as written, and what it was (link, image, autolink, reference)."""

    offset: int
    target: str
    kind: str


@lru_cache(maxsize=4096)
def link_allowed(target: str) -> bool:
    """Whether a link may lead to `target`: https, http, mailto, or an anchor (`#...`)."""
    text = html.unescape(target)
    for _ in range(4):  # %2561 -> %61 -> a: a browser decodes once, scr until nothing changes
        decoded = unquote(text)
        if decoded == text:
            break
        text = html.unescape(decoded)
    text = _CONTROL.sub("", text).replace("\\", "")
    if text.startswith("#"):
        return True
    scheme, colon, _rest = text.partition(":")
    return bool(colon) and scheme.lower() in ALLOWED_SCHEMES


def neutralise(text: str) -> tuple[str, list[Dropped]]:
    """The text with raw HTML escaped and every link that may not stay broken up; and the
    links dropped, by their offset in `text` (the text given, not the one returned)."""
    if not _suspect(text):
        return text, []
    return _Neutraliser(text).run()


def _suspect(text: str) -> bool:
    for match in _TAG_CANDIDATE.finditer(text):
        at = match.start()
        slashes = 0
        while at - slashes > 0 and text[at - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return True
    return bool(_LINK_CANDIDATE.search(text) or _DEFINITION_CANDIDATE.search(text))


@cache
def _blocks() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415

    parser = MarkdownIt("commonmark", {"html": False})
    parser.enable(["table"])
    parser.disable("inline")  # only where the code blocks and tables are
    return parser


class _Neutraliser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.inserts: list[int] = []  # offsets in `text` before which a backslash goes
        self.dropped: list[Dropped] = []
        self.quiet_until = -1  # inside a dropped link's target: escape, but report once

    def run(self) -> tuple[str, list[Dropped]]:
        text = self.text
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        code: set[int] = set()
        table: set[int] = set()
        for token in _blocks().parse(text):
            if token.map is None:
                continue
            if token.type in ("fence", "code_block"):
                code.update(range(*token.map))
            elif token.type == "table_open":
                table.update(range(*token.map))
        for number, line in enumerate(lines):
            if number in code:
                continue
            start = starts[number]
            self._definition(number, line, start, lines, starts, code)
            cells = _cells(line) if number in table else [(0, len(line))]
            for cell_start, cell_end in cells:
                self._inline(start + cell_start, start + cell_end)
        return self._result()

    def _result(self) -> tuple[str, list[Dropped]]:
        if not self.inserts:
            return self.text, self.dropped
        out, at = [], 0
        for offset in sorted(set(self.inserts)):
            out.append(self.text[at:offset])
            out.append("\\")
            at = offset
        out.append(self.text[at:])
        return "".join(out), sorted(self.dropped, key=lambda d: d.offset)

    def _drop(self, offset: int, target: str, kind: str) -> None:
        if offset > self.quiet_until:
            self.dropped.append(Dropped(offset, target, kind))

    def _definition(
        self,
        number: int,
        line: str,
        start: int,
        lines: list[str],
        starts: list[int],
        code: set[int],
    ) -> None:
        """`[label]: target` at the start of a line: a reference definition."""
        match = _DEFINITION.match(line)
        if match is None:
            return
        dest = match.group("dest")
        dest_at = start + (match.start("dest") if dest else len(line))
        if dest is None:  # the target may stand on the next line
            following = number + 1
            if following >= len(lines) or following in code or not lines[following].strip():
                return
            nxt = lines[following]
            dest = nxt.split()[0]
            dest_at = starts[following] + nxt.index(dest)
        target = dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest
        if not link_allowed(target):
            self.inserts.append(start + match.start("lead") + len(match.group("lead")))
            self._drop(dest_at, target, "reference")

    def _inline(self, begin: int, end: int) -> None:
        text = self.text
        at = begin
        while at < end:
            char = text[at]
            if char == "\\":
                at += 2  # an escaped character is text
                continue
            if char == "`":
                run = _run_length(text, at, end)
                close = _closing_backticks(text, at + run, end, run)
                at = close if close is not None else at + run  # a code span, or literal `
                continue
            if char == "<" and at + 1 < end and text[at + 1] in _TAG_START:
                at = self._angle(at, end)
                continue
            if char == "]" and text.startswith("](", at):
                at = self._link(at, end)
                continue
            at += 1

    def _angle(self, at: int, end: int) -> int:
        """At a `<` that may open a tag or an autolink: keep an allowed autolink, escape the
        rest."""
        text = self.text
        for pattern, email in ((_AUTOLINK, False), (_EMAIL_AUTOLINK, True)):
            match = pattern.match(text, at, end)
            if match is not None:
                target = match.group(1)
                if email or link_allowed(target):
                    return match.end()
                self.inserts.append(at)
                self._drop(at + 1, target, "autolink")
                return at + 1
        self.inserts.append(at)  # raw HTML: shown as text
        return at + 1

    def _link(self, at: int, end: int) -> int:
        """At `](`: the target of an inline link or image, which may stand on the next line."""
        text = self.text
        index = at + 2
        limit = len(text)
        while index < limit and text[index] in " \t":
            index += 1
        if index < limit and text[index] == "\n":
            index += 1
            while index < limit and text[index] in " \t":
                index += 1
        image = _image_before(text, at)
        kind = "image" if image else "link"
        if index < limit and text[index] == "<":
            close = text.find(">", index + 1)
            newline = text.find("\n", index + 1)
            if close != -1 and (newline == -1 or close < newline):
                target = text[index + 1 : close]
                if link_allowed(target):
                    return close + 1 if close < end else end
                self.inserts.append(at + 1)
                self._drop(index + 1, target, kind)
                self.quiet_until = close
                return at + 2
        target_end = _destination_end(text, index)
        target = text[index:target_end]
        if not link_allowed(target):
            self.inserts.append(at + 1)
            self._drop(index, target, kind)
            self.quiet_until = target_end
        return at + 2


def _run_length(text: str, at: int, end: int) -> int:
    run = 0
    while at + run < end and text[at + run] == "`":
        run += 1
    return run


def _closing_backticks(text: str, at: int, end: int, run: int) -> int | None:
    """Where a code span opened by `run` backticks ends (after its closing backticks)."""
    while at < end:
        index = text.find("`", at, end)
        if index == -1:
            return None
        length = _run_length(text, index, end)
        if length == run:
            return index + length
        at = index + length
    return None


def _destination_end(text: str, index: int) -> int:
    """The end of a link destination that is not in <...>: up to a space, or the `)` that
    balances the parentheses."""
    depth = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            index += 2
            continue
        if char in " \t\n" or ord(char) < 0x20:
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return index


def _image_before(text: str, at: int) -> bool:
    """Whether the `]` at `at` closes `![...`: an image (as far as one line shows)."""
    line_start = text.rfind("\n", 0, at) + 1
    opening = text.rfind("[", line_start, at)
    return opening > line_start and text[opening - 1] == "!"


def _cells(line: str) -> list[tuple[int, int]]:
    """A table row's cells, split at the pipes that are not escaped (as GFM splits them,
    before it looks for code spans)."""
    cells = []
    start = 0
    index = 0
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == "|":
            cells.append((start, index))
            start = index + 1
        index += 1
    cells.append((start, len(line)))
    return cells


def neutralise_chunks(chunks: list[Chunk]) -> tuple[list[Chunk], list[tuple[int, Dropped]]]:
    """Each of the reviewer's chunks neutralised; the dropped links, by chunk index and their
    offset in the chunk's new text (so the build's locator finds their file and line)."""
    import bisect  # noqa: PLC0415

    out = list(chunks)
    dropped: list[tuple[int, Dropped]] = []
    for index, chunk in enumerate(chunks):
        if not chunk.user or not _suspect(chunk.text):
            continue
        work = _Neutraliser(chunk.text)
        text, found = work.run()
        if not work.inserts:
            continue
        out[index] = type(chunk)(text, chunk.source, chunk.line, chunk.user)
        inserts = sorted(set(work.inserts))
        for drop in found:
            shift = bisect.bisect_right(inserts, drop.offset)
            dropped.append((index, Dropped(drop.offset + shift, drop.target, drop.kind)))
    return out, dropped
