"""The shipped professional vocabulary (`scrtui/data/vocabulary.txt`): words and phrases of
practice ("Early Help", "MASH", "Section 47") that are not names however they are written."""

from __future__ import annotations

from functools import cache
from importlib import resources

from scrtui.textscan.folding import canon


@cache
def vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """The shipped professional vocabulary: single words (folded) and phrases (as written)."""
    text = resources.files("scrtui").joinpath("data", "vocabulary.txt").read_text("utf-8")
    words, phrases = set(), []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key = canon(line)
        if " " in key:
            phrases.append(line)
        else:
            words.add(key)
    return frozenset(words), tuple(phrases)
