"""Folding: one character in, one character out, so that offsets carry over unchanged.

The anonymiser matches names in the folded text, and the residual detector compares words by
their folded form (`canon`): lower case, no accents, one apostrophe, one dash.
"""

from __future__ import annotations

import re
import unicodedata

from scrtui.normalise import replacement

APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02bb\u2032\u00b4`\uff07"
DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
# Letters that NFKD does not take apart into a base letter and a mark.
NOT_DECOMPOSABLE = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
    "ŀ": "l",
    "ŧ": "t",
    "ð": "d",
    "ƒ": "f",
}
WORD = re.compile(r"[^\W_]+")
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    folded = _FOLD_CACHE.get(char)
    if folded is None:
        if char in APOSTROPHES:
            folded = "'"
        elif char in DASHES:
            folded = "-"
        elif char.isalnum():
            lower = char.lower() if len(char.lower()) == 1 else char  # "İ" lowers to two
            base = unicodedata.normalize("NFKD", lower)[0]
            if base.isascii() and base.isalnum():
                folded = base.lower()
            else:
                folded = NOT_DECOMPOSABLE.get(lower, lower)
        elif unicodedata.category(char).startswith("M"):
            folded = "'"  # a combining mark that NFC could not compose: not part of a word
        else:
            folded = " "
        _FOLD_CACHE[char] = folded
    return folded


# A non-ASCII character: its folded form, whether it is a combining mark, whether `normalise`
# replaces or removes it (see `fold_special`), worked out once.
_CHAR_INFO: dict[str, tuple[str, bool, bool]] = {}


def _char_info(char: str) -> tuple[str, bool, bool]:
    folded = _fold_char(char)
    info = (
        folded,
        folded == "'" and unicodedata.combining(char) > 0,
        replacement(char) is not None,
    )
    _CHAR_INFO[char] = info
    return info


def fold(text: str) -> str:
    """Lower-case, accent-free, one-apostrophe, one-dash form of `text`, of the same length.

    Same length matters: offsets found in the folded text are offsets in the original.
    """
    return fold_special(text)[0]


def fold_special(text: str) -> tuple[str, bool, bool]:
    """`fold`, whether the text holds combining marks (then NFC it and fold again), and
    whether it holds a character that `normalise` replaces or removes (an invisible one, a
    look-alike letter, a ligature).

    The bulk of the text is lower-cased as ASCII bytes (memory speed in CPython); only the
    non-ASCII characters, found through the "?" that `encode("ascii", "replace")` puts in
    their place, go through the per-character tables.
    """
    if text.isascii():
        return text.lower(), False, False  # ASCII: A-Z only, as the tables below
    raw = text.encode("ascii", "replace")
    low = raw.lower().decode("ascii")  # bytes lower only A-Z
    pieces: list[str] = []
    add = pieces.append
    marks = special = False
    last = 0
    find, known = raw.find, _CHAR_INFO.get
    i = find(b"?")
    while i >= 0:
        char = text[i]
        if char != "?":
            info = known(char) or _char_info(char)
            add(low[last:i])
            add(info[0])
            marks = marks or info[1]
            special = special or info[2]
            last = i + 1
        i = find(b"?", i + 1)
    pieces.append(low[last:])
    return "".join(pieces), marks, special


def canon(text: str) -> str:
    """The lookup key of a name or of matched text: its folded words joined by one space."""
    return " ".join(WORD.findall(fold(unicodedata.normalize("NFC", text))))
