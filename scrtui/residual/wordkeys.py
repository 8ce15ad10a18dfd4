"""Word keys: each word character as a key that re.IGNORECASE cannot tell from it.

Where a phrase or a pattern can match, the text's word (a run of \\w) equals the pattern's word
case-insensitively. So the text is keyed once, every character to a key of the same length,
and the places where a match can start are found by looking for keys at memory speed.
Characters that re.IGNORECASE takes as equal always get the same key (a test holds this over all
of Unicode); a few that it does not may share one too, which costs a try and changes nothing,
as every place found is tried with the pattern itself.
"""

from __future__ import annotations

import re

RUN = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# The only character that is not a word character but equals one (Greek iota) under
# re.IGNORECASE. A text or phrase that holds it is matched with the whole alternation.
ODD = "\u0345"
_ASCII_KEYS = bytes(  # ASCII letters to lower case, other word characters kept, the rest spaces
    (c + 32 if 65 <= c <= 90 else c) if c < 128 and (chr(c).isalnum() or c == 95) else 32
    for c in range(256)
)
_KEYS: dict[str, str] = {}


def key_char(char: str) -> str:
    """A word character's key: the same for every character re.IGNORECASE takes it to equal.

    The engine compares characters by their lower case (the one-character lower case, which
    `str.lower` gives for all but "İ": "i" and a combining dot), and also takes as equal the
    lower-case letters that have the same upper case ("s" and "ſ", "σ" and "ς"). So the key is
    the lower case of that upper case; where the upper case is several characters ("ß" ->
    "SS"), its first, which joins a few characters the engine keeps apart ("ß" and "s")."""
    key = _KEYS.get(char)
    if key is None:
        if not (char.isalnum() or char == "_"):
            key = " "
        else:
            lower = char.lower()[0]  # "İ" lowers to "i" and a dot; the engine to "i"
            key = lower.upper().lower()[0]
        _KEYS[char] = key
    return key


def word_keys(text: str) -> str:
    """`text` with each word character as its key and each other character as a space; the
    same length, so offsets carry over. ASCII goes through a byte table at memory speed; the
    rest is found where the encoding to ASCII put a "?" (a search at memory speed, where a
    class of characters would not be), one run at a time."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_KEYS).decode("ascii")
    raw = text.encode("ascii", "replace")
    out = raw.translate(_ASCII_KEYS).decode("ascii")
    pieces = []
    last = 0
    at = raw.find(b"?")
    while at >= 0:
        m = _NON_ASCII.match(text, at)
        if m is None:  # a real "?"
            at = raw.find(b"?", at + 1)
            continue
        pieces.append(out[last:at])
        pieces.append("".join(map(key_char, m.group())))
        last = m.end()
        at = raw.find(b"?", last)
    pieces.append(out[last:])
    return "".join(pieces)


def run_key(run: str) -> str:
    """The keys of a run of word characters, as `word_keys` gives them in a text."""
    return run.lower() if run.isascii() else "".join(map(key_char, run))
