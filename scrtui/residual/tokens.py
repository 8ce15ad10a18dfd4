"""Tokens: the words of a text as the detector judges them ("Jayden's", "Kerry-Ann"), found
without going through every one: the different tokens from the text's different runs, split in
bytes, and the places of the few that matter with one pattern (a trie of them).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from scrtui.textscan.tries import trie, trie_regex, trie_words

TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
POSSESSIVE = re.compile(r"(?:['’]s|['’-])\Z")  # "Jayden's", "Smiths'": compared without it
# Where a letter meets a digit, or an underscore: inside a word that is not a plain word. Found
# from the digit or the underscore, which `re` skips to at memory speed.
MIXED_MARK = re.compile(r"\d[^\W\d_]|[^\W\d_]\d|_")
MIXED_AT = re.compile(r"[\d_](?:(?<=_)|(?<=[^\W\d_]\d)|(?=[^\W\d_]))")
WORD_END = re.compile(r"\w*")
LETTER_RUN = re.compile(r"[^\W\d_]{4,}")

# A token is a run of the characters a token holds (`_TOKEN_CHAR`) from the run's first letter:
# so the different tokens of a text are found from its different runs, split in bytes.
_TOKEN_CHAR = re.compile(r"[\w'’-]")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN_SPACES = bytes(  # ASCII that no token holds to a space; other bytes (UTF-8) kept
    c if c >= 128 or chr(c).isalnum() or chr(c) in "_'-" else 32 for c in range(256)
)


def distinct(text: str) -> set[str]:
    """The different tokens `TOKEN` finds in `text`, at memory speed."""
    raw = text.encode("utf-8", "surrogatepass").translate(_TOKEN_SPACES)
    out: set[str] = set()
    for piece in set(raw.split()):
        out.update(TOKEN.findall(piece.decode("utf-8", "surrogatepass")))
    return out


def _token_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """The `words` as a trie, each tried only where the character before is not a letter, and
    only where the run of token characters ends."""
    short, long = trie_words(words)
    firsts = [
        re.escape(char) + r"(?<![^\W\d_][\s\S])" + trie_regex(child)
        for char, child in sorted(trie(short).items())
    ]
    firsts += [re.escape(word[0]) + r"(?<![^\W\d_][\s\S])" + re.escape(word[1:]) for word in long]
    return re.compile("(?:" + "|".join(firsts) + r")(?![\w'’-])")


def find(text: str, words: Collection[str]) -> list[tuple[int, str]]:
    """Where `TOKEN.finditer(text)` finds one of `words`: (start, word), in order, without going
    through every token. A word found is that token if no letter comes before it in its run,
    since it ends where the run ends; and no word found before it can cover it, since that one
    would start at a letter before it in the same run."""
    if not words:
        return []
    out = []
    token_char, letter = _TOKEN_CHAR.match, _LETTER.match
    for m in _token_pattern(words).finditer(text):
        i = start = m.start()
        while i > 0 and token_char(text, i - 1):
            if letter(text, i - 1):
                break
            i -= 1
        else:
            out.append((start, m.group()))
    return out
