"""URL handling: where the links, bare URLs and e-mail addresses of a text are, percent-decoding,
and a label written as a slug in the style of the URL it goes into.

The anonymiser matches names inside URLs decoded, with a full stop or a plus also joining the
words of a name ("jayden.smith@", "?name=jayden+smith"), and puts the label in as a slug
(`/jayden-smith` -> `/child-a`).
"""

from __future__ import annotations

import re
import unicodedata

from scrtui.textscan.folding import APOSTROPHES, WORD, fold


def as_slug(label: str, matched: str) -> str:
    """The label as it should stand inside a URL matched as `matched`."""
    seps = [c for c in matched if not (c.isalnum() or c in APOSTROPHES)]
    sep = seps[0] if seps and seps[0] in "-_.+ " else "-"
    words = WORD.findall("".join(c for c in unicodedata.normalize("NFKD", label) if c.isascii()))
    slug = sep.join(words) or "redacted"
    if not any(c.isupper() for c in matched):
        slug = slug.lower()
    return slug.replace(" ", "%20")


_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def percent_decode(raw: str) -> tuple[str, list[int], list[int]]:
    """Percent-decoded text and, per decoded character, its start and end in `raw`."""
    if "%" not in raw:
        return raw, list(range(len(raw))), list(range(1, len(raw) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _PERCENT_RUN.finditer(raw):
        for k in range(pos, m.start()):
            out.append(raw[k])
            starts.append(k)
            ends.append(k + 1)
        data = bytes.fromhex(m.group().replace("%", ""))
        i = 0
        while i < len(data):
            lead = data[i]
            n = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            try:
                char = data[i : i + n].decode("utf-8")
            except UnicodeDecodeError:
                char, n = data[i : i + 1].decode("latin-1"), 1
            out.append(char)
            starts.append(m.start() + 3 * i)
            ends.append(m.start() + 3 * (i + n))
            i += n
        pos = m.end()
    for k in range(pos, len(raw)):
        out.append(raw[k])
        starts.append(k)
        ends.append(k + 1)
    return "".join(out), starts, ends


# Each pattern starts with a literal, so that `re` skips to it at memory speed (a character
# class or an alternation at the start would make it test every position).
_MD_TARGET = re.compile(r"\]\(\s*<?([^\s()<>]+)")
_REF_TARGET = re.compile(r"\]:[ \t]*<?([^\s<>]+)")
_REF_LABEL = re.compile(r"[ \t]{0,3}\[[^\]\n]+")
_SCHEME = re.compile(r"://")
_SCHEME_NAME = re.compile(r"(?:https?|ftp|sftp|file)\Z", re.I)
_WWW = re.compile(r"www\.")
_URL_TAIL = re.compile(r"[^\s<>\"'()\[\]]+")
_ATTR_URLS = (re.compile(r"href\s*=\s*[\"']([^\"']+)"), re.compile(r"src\s*=\s*[\"']([^\"']+)"))
_EMAIL_AT = re.compile(r"@[^\W_][\w-]*(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+%'-]+\Z")


def _word_start(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _url_at(text: str, start: int, tail_from: int) -> tuple[int, int] | None:
    m = _URL_TAIL.match(text, tail_from)
    if m is None:
        return None
    end = m.end()
    while end > start and text[end - 1] in ".,;:!?":
        end -= 1
    return (start, end)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Link and image targets, bare URLs and e-mail addresses, merged, in order."""
    return url_spans_folded(fold(text))


def url_spans_folded(text: str) -> list[tuple[int, int]]:
    """`url_spans` of folded text: mostly one byte per character, so twice as fast to scan;
    folding keeps every offset, so the spans hold for the original text too."""
    spans: list[tuple[int, int]] = []
    # A rare character first (memchr speed), then the pattern that needs it.
    if "]" in text:
        spans += [m.span(1) for m in _MD_TARGET.finditer(text)]
        for m in _REF_TARGET.finditer(text):  # "[id]: url" link definitions
            line_start = text.rfind("\n", 0, m.start()) + 1
            if _REF_LABEL.fullmatch(text, line_start, m.start()):
                spans.append(m.span(1))
    if ":" in text:
        for m in _SCHEME.finditer(text):
            name = _SCHEME_NAME.search(text, max(0, m.start() - 5), m.start())
            if name and _word_start(text, name.start()):
                span = _url_at(text, name.start(), m.end())
                if span:
                    spans.append(span)
    for m in _WWW.finditer(text):
        if _word_start(text, m.start()):
            span = _url_at(text, m.start(), m.end())
            if span:
                spans.append(span)
    if "=" in text:
        for pattern in _ATTR_URLS:
            spans += [m.span(1) for m in pattern.finditer(text) if _word_start(text, m.start())]
    if "@" in text:
        for m in _EMAIL_AT.finditer(text):
            local = _EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
            if local:
                spans.append((local.start(), m.end()))
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
