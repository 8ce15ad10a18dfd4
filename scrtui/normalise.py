"""Text as a reader sees it, for matching names: what hides a name from a matcher is undone.

The anonymiser, the survivor check and the residual detector all match against the
normalised form of a text, and map what they find back to the text as written (offsets,
lines, columns). Normalising undoes, for matching only:

- invisible characters: zero-width space, joiner and non-joiner, word joiner, soft hyphen,
  bidirectional marks and controls, the byte-order mark, tag characters, variation
  selectors and the other default-ignorable code points; removed;
- combining marks left over after composition ("K\u0336erry"); removed (accents on
  letters are already composed, and matching ignores accents);
- compatibility forms that stand for several letters (the "ﬁ" ligature, "ǆ"); replaced by
  their NFKC letters (fullwidth and mathematical letters fold to plain ones already);
- look-alike letters from other scripts (Cyrillic "е" in "Kеrry", Greek "Α"): mapped to
  the Latin letter they imitate, from Unicode's confusables data (UTS #39, as the
  `confusable-homoglyphs` package ships it);
- character references as Markdown renders them ("K&#101;rry", "K&eacute;rry");
- emphasis, code marks and HTML tags inside a word ("**Ke**rry", "Ke<b>rr</b>y");
- a word hyphenated over a line break ("Hart-" at the end of a line, "ley" on the next).

The text that is published is never the normalised one: only the spans found in it are
mapped back and replaced in the text as written.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from functools import cache
from typing import Literal

# Default-ignorable code points that are not of category Cf (format characters, which are
# all removed): the combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
# Mongolian free variation selectors, variation selectors. (Unicode DerivedCoreProperties,
# Default_Ignorable_Code_Point.)
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Bidirectional controls: they reorder what is shown, so a name can be stored backwards.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_invisible(char: str) -> bool:
    """Whether `char` shows as nothing (or only changes how its neighbours show)."""
    if unicodedata.category(char) == "Cf":
        return True
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _IGNORABLE_RANGES)


@cache
def _confusables() -> dict[str, str]:
    """Non-ASCII letter -> the ASCII letter it imitates (Unicode confusables, UTS #39)."""
    from confusable_homoglyphs.utils import load  # noqa: PLC0415 - only when a text needs it

    data = load("confusables.json")
    out: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        target = entries[0]["c"] if entries else ""
        for _ in range(3):  # a prototype that is itself a look-alike: follow it
            if len(target) != 1 or target.isascii():
                break
            more = data.get(target)
            base = unicodedata.normalize("NFKD", target)[:1]
            target = base if base.isascii() and base.isalpha() else (more[0]["c"] if more else "")
        if len(target) == 1 and target.isascii() and target.isalpha():
            if char.isupper() and target == "l":  # UTS #39 writes capital I as l
                target = "I"
            elif char.isupper():
                target = target.upper()
            out[char] = target
    return out


_SPECIAL: dict[str, str | None] = {}


def replacement(char: str) -> str | None:
    """What a non-ASCII character becomes in the normalised text ("" for nothing), or None
    when it stays as it is (the matchers' own folding already reads it right)."""
    known: str | None | Literal[False] = _SPECIAL.get(char, False)
    if known is not False:
        return known
    found: str | None = None
    if is_invisible(char) or unicodedata.category(char) in ("Mn", "Me"):
        found = ""
    else:
        compat = unicodedata.normalize("NFKC", char)
        if len(compat) > 1 and any(c.isalnum() for c in compat):
            found = compat
        elif char.isalpha():
            base = unicodedata.normalize("NFKD", compat)[:1]
            if not (base.isascii() and base.isalpha()):  # folding does not reach ASCII
                found = _confusables().get(char)
    _SPECIAL[char] = found
    return found


def needs_normalising(text: str) -> bool:
    """Whether `normalise` would change `text`: cheap, so every text can ask."""
    if _may_break(text) and _HYPHEN_BREAK.search(text):
        return True
    if "&" in text and _ENTITY_IN_WORD.search(text):
        return True
    if _MARKUP_IN_WORD.search(text):
        return True
    return not text.isascii() and has_special(text)


def has_special(text: str) -> bool:
    """Whether a character of `text` is replaced or removed by `normalise`. The non-ASCII
    characters are found where encoding to ASCII put a "?" (a search at memory speed)."""
    raw = text.encode("ascii", "replace")
    at = raw.find(b"?")
    while at >= 0:
        char = text[at]
        if char != "?" and replacement(char) is not None:
            return True
        at = raw.find(b"?", at + 1)
    return False


_LETTER = r"[^\W\d_]"
_WORD_CHAR = r"[^\W_]"
# A hyphen (or a soft hyphen) at the end of a line between two letters: a word broken over
# the line. Spaces, a blockquote mark or invisible characters may stand around the break.
_HYPHEN_BREAK = re.compile(
    rf"(?<={_LETTER})[-\u00ad\u2010\u2011][ \t\u00ad\u200b]*\r?\n[ \t>]*(?={_LETTER})"
)
# Where such a break may be: a hyphen, then perhaps spaces, then the end of a line. One
# literal per pattern, so that `re` skips to it at memory speed (an alternation of several
# literals is tried at every character: five times slower on a long draft).
_BREAK_AT = re.compile("-[ \t]*\r?\n")
_OTHER_BREAK_AT = re.compile("[\u2010\u2011][ \t]*\r?\n")


def _may_break(text: str) -> bool:
    """Whether `text` has a hyphen (or a soft hyphen) before the end of a line: cheap."""
    if "\u00ad" in text or _BREAK_AT.search(text):
        return True
    if text.isascii() or ("\u2010" not in text and "\u2011" not in text):
        return False
    return _OTHER_BREAK_AT.search(text) is not None


_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_ENTITY_IN_WORD = re.compile(_ENTITY)
# Emphasis, code marks and HTML tags with a letter or digit (or a tag) right before them
# and one right after: inside a word. Each starts with its literal, the look-behind after it.
_AFTER = r"(?=[^\W_]|&|<)"
_MARKUP_IN_WORD = re.compile(
    rf"\*(?<=[^\W_]\*)\*{{0,2}}{_AFTER}|~(?<=[^\W_]~)~{_AFTER}|`(?<=[^\W_]`)`*{_AFTER}"
    rf"|<(?:(?<=[^\W_]<)|(?<=><))/?[A-Za-z][^<>\n]{{0,60}}>{_AFTER}"
)
_PIECES = re.compile(
    "|".join((_HYPHEN_BREAK.pattern, _ENTITY, _MARKUP_IN_WORD.pattern, r"[^\x00-\x7f]"))
)


class Normalised:
    """A text normalised for matching, and the way back to the text as written.

    `segments` are the changed places, in order: (start, end) in the normalised text and
    (start, end) in the source. Everything between them is the same text.
    """

    __slots__ = ("source", "text", "segments", "_starts")

    def __init__(self, source: str, text: str, segments: list[tuple[int, int, int, int]]):
        self.source = source
        self.text = text
        self.segments = segments
        self._starts = [s[0] for s in segments]

    @property
    def changed(self) -> bool:
        return bool(self.segments)

    def _char(self, at: int) -> tuple[int, int]:
        """The source span of the normalised character at `at`."""
        i = bisect.bisect_right(self._starts, at) - 1
        if i < 0:
            return at, at + 1
        n_start, n_end, o_start, o_end = self.segments[i]
        if at < n_end:  # inside a replacement: the whole of what it replaced
            return o_start, o_end
        return o_end + at - n_end, o_end + at - n_end + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the normalised text as a span of the source."""
        if start >= len(self.text):
            tail = len(self.source) - (len(self.text) - start)
            return tail, tail
        o_start = self._char(start)[0]
        if end <= start:
            return o_start, o_start
        return o_start, self._char(end - 1)[1]

    def offset(self, at: int) -> int:
        return self.span(at, at)[0]


def _entity_text(entity: str) -> str | None:
    """What a character reference shows, when that is a letter, a digit or nothing."""
    decoded = html.unescape(entity)
    if decoded == entity or len(decoded) != 1:
        return None
    if not (
        decoded.isalnum() or is_invisible(decoded) or unicodedata.category(decoded) in ("Mn", "Me")
    ):
        return None  # "&amp;", "&lt;": not part of a word
    if decoded.isascii():
        return decoded
    new = replacement(decoded)
    return decoded if new is None else new


def normalise(text: str) -> Normalised:
    """`text` as the matchers should read it, with the way back (see the module's doc)."""
    if not needs_normalising(text):
        return Normalised(text, text, [])
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    last = 0
    length = 0
    for m in _PIECES.finditer(text):
        found = m.group()
        if len(found) == 1 and not found.isascii():
            new = replacement(found)
        elif found[0] == "&":
            new = _entity_text(found)
        else:  # a line-break hyphen, or markup inside a word
            new = ""
        if new is None:
            continue
        start, end = m.span()
        pieces.append(text[last:start])
        length += start - last
        segments.append((length, length + len(new), start, end))
        pieces.append(new)
        length += len(new)
        last = end
    pieces.append(text[last:])
    return Normalised(text, "".join(pieces), segments)


def hidden_characters(text: str) -> list[tuple[int, int, str]]:
    """Invisible characters inside a word, and bidirectional controls anywhere: (start, end
    of the word or the control, what it is). Nothing but an accident or an attempt to get
    past a matcher puts them there."""
    out: list[tuple[int, int, str]] = []
    if text.isascii():
        return out
    done = 0
    for m in _INVISIBLE_RUN.finditer(text):
        start, end = m.span()
        if start < done:
            continue
        chars = m.group()
        names = ", ".join(
            dict.fromkeys(
                f"{unicodedata.name(c, 'invisible character').lower()} (U+{ord(c):04X})"
                for c in chars
            )
        )
        if any(c in BIDI_CONTROLS for c in chars):
            w_start, w_end = _word_around(text, start, end)
            out.append((w_start, w_end, names))
            done = w_end
            continue
        before = start > 0 and _is_word_char(text[start - 1])
        after = end < len(text) and _is_word_char(text[end])
        if before and after:
            w_start, w_end = _word_around(text, start, end)
            out.append((w_start, w_end, names))
            done = w_end
    return out


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and (_is_word_char(text[start - 1]) or is_invisible(text[start - 1])):
        start -= 1
    while end < len(text) and (_is_word_char(text[end]) or is_invisible(text[end])):
        end += 1
    return start, end


def _invisible_class() -> str:
    ranges = [
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x206F),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        *_IGNORABLE_RANGES,
    ]
    return "[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]+"


_INVISIBLE_RUN = re.compile(_invisible_class())


def lookalike(char: str) -> str | None:
    """The Latin letter that a letter of another script imitates, if it does."""
    if char.isascii() or not char.isalpha() or replacement(char) is None:
        return None
    return _confusables().get(char)


def lookalike_words(text: str) -> list[tuple[int, int, str]]:
    """Words that mix Latin letters with look-alike letters of another script ("Kеrry" with
    a Cyrillic е): (start, end, which letters)."""
    out: list[tuple[int, int, str]] = []
    if text.isascii():
        return out
    for m in _MIXED_WORD.finditer(text):
        word = m.group()
        odd = [c for c in word if lookalike(c) is not None]
        if odd and any(c.isascii() and c.isalpha() for c in word):
            names = ", ".join(
                dict.fromkeys(f"{unicodedata.name(c, '?').lower()} (U+{ord(c):04X})" for c in odd)
            )
            out.append((m.start(), m.end(), names))
    return out


_MIXED_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")
