"""Ids made from names: an agency's id, a heading's anchor in the publication.

Lower-case ASCII letters and digits joined by hyphens; accents are dropped ("Café" ->
"cafe"). Below both the editing layer and the publisher, so both make them the same way.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def slug(text: str) -> str:
    """An id from a name ("A&E (Northmoor)" -> "a-e-northmoor"); "" when nothing is left."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join(_WORD.findall(folded))
