"""One SHA-256 digest of several parts, each prefixed by its length, so that ("ab", "c") and
("a", "bc") differ: what a kept result is filed under (the build's fingerprint, a piece of the
draft, a measured section)."""

from __future__ import annotations

import hashlib


class PartsDigest:
    """Parts added one by one (bytes as they are, anything else as its text in UTF-8)."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()

    def add(self, *parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
            self._sha.update(len(data).to_bytes(8, "little"))
            self._sha.update(data)

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def digest(*parts: object) -> str:
    """The digest of `parts`, in order."""
    found = PartsDigest()
    found.add(*parts)
    return found.hexdigest()
