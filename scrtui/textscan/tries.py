"""Many literal words as one regular expression: a trie, so that the words' common beginnings
are tried once and `re` skips at memory speed to the characters they start with.

The survivor check and the residual detector look for the few words of a text that matter
with such a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

# Longer words than this go into a pattern as plain alternatives, not into a trie: each word
# that ends inside another nests one group, and `re` compiles groups recursively.
TRIE_WORD_MAX = 200

# A character -> the trie of what may follow it; "" -> {} where a word ends.
Trie: TypeAlias = dict[str, "Trie"]


def trie(words: Iterable[str]) -> Trie:
    """The literal `words` as a trie of characters; "" marks where a word ends."""
    root: Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def trie_regex(node: Trie) -> str:
    """A trie as one pattern, the words' common beginnings shared.

    Built bottom-up with a stack of its own, not by recursion: a word is one level per
    character, and a 500-letter word must not exhaust Python's stack (`trie_words` keeps
    the pattern's nesting within what `re` itself can compile)."""
    done: dict[int, str] = {}
    stack: list[tuple[Trie, bool]] = [(node, False)]
    while stack:
        at, ready = stack.pop()
        if not ready:
            stack.append((at, True))
            stack.extend((child, False) for char, child in at.items() if char)
            continue
        branches = [
            re.escape(char) + done.pop(id(child)) for char, child in sorted(at.items()) if char
        ]
        if not branches:
            pattern = ""
        elif len(branches) == 1 and "" not in at:
            pattern = branches[0]
        else:
            pattern = "(?:" + "|".join(branches) + ")" + ("?" if "" in at else "")
        done[id(at)] = pattern
    return done[id(node)]


def trie_words(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """`words` split into those a trie pattern may hold and the longer ones."""
    short: list[str] = []
    long: list[str] = []
    for word in words:
        (short if len(word) <= TRIE_WORD_MAX else long).append(word)
    return short, long


def trie_pattern(words: list[str]) -> str:
    """One pattern for the literal `words`, their common beginnings shared."""
    short, long = trie_words(words)
    parts = [re.escape(word) for word in long]
    if short:
        parts.append(trie_regex(trie(short)))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
