"""The shipped list of ordinary English words: a registered name that is also one (Rose, Will)
is replaced only when capitalised, and such a word is not a name candidate."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


@cache
def ordinary_words() -> frozenset[str]:
    """Ordinary (lower-case) English words, folded; shipped in `scrtui/data` (SCOWL, see there)."""
    data = resources.files("scrtui").joinpath("data", "english_words.txt.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))
