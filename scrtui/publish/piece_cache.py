"""What a build keeps for the next one, piece by piece: results of the slow steps, by content.

A reviewer edits one finding and builds again; most of the draft is as it was. The slow steps
that read the draft a record at a time (the residual detector over the reviewer's words, the
readability figures of each section) keep their answer for each piece under a digest of the
piece's text, so that the next build computes only the pieces that changed.

One file per step in the output folder's `.cache/` (ignored by git with build/, never
published), named and headed by a digest of everything else the answers depend on: scr's own
code (`content_cache.code_state`) and, for the detector, the register. A changed register or a
changed scr is another digest: nothing of the old file is read. The file is written whole or
not at all (temp file, fsync, rename), so a build killed half-way leaves the last whole file;
a file that does not read, or does not say what it should, is ignored and replaced; deleting
`.cache/` only costs the next build the time. JSON, not pickle: the values are plain rows,
and a file in the build folder is never run as code.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..digest import digest
from .content_cache import CACHE, code_state

FORMAT = 1  # of the file; a file of another format is not read
_KEEP = 4  # files of the last few registers per step: switching back and forth stays quick


def text_key(*parts: str) -> str:
    """The digest a piece is kept under."""
    return digest(*parts)


class PieceCache:
    """The answers of one step for the pieces of one build: `get` the kept answer of a piece,
    `put` a new one, `save` what this build used (and only that: the file never grows past
    one draft). With `folder` None nothing is read or kept."""

    def __init__(self, folder: Path | None, step: str, *depends_on: str) -> None:
        self.salt = text_key(f"format {FORMAT}", step, code_state(), *depends_on)
        self.path = None if folder is None else folder / CACHE / f"{step}-{self.salt[:24]}.json"
        self.step = step
        self._kept: dict[str, Any] = self._read()
        self._used: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):  # missing, cut short, or not JSON: computed again
            return {}
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("salt") != self.salt
            or not isinstance(data.get("pieces"), dict)
        ):
            return {}
        pieces: dict[str, Any] = data["pieces"]
        return pieces

    def get(self, key: str) -> Any:
        """The kept answer of the piece `key`, or None."""
        value = self._kept.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value

    def save(self) -> None:
        """Keep what this build used, whole or not at all; a cache that cannot be written only
        makes the next build slower."""
        if self.path is None or (self.misses == 0 and self._used.keys() == self._kept.keys()):
            return
        from ..store.files import atomic_write  # noqa: PLC0415

        data = {"format": FORMAT, "salt": self.salt, "pieces": self._used}
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            older = sorted(
                self.path.parent.glob(f"{self.step}-*.json"),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
            for stale in older[_KEEP:]:
                stale.unlink(missing_ok=True)
        except (OSError, ValueError):  # ValueError: a text that UTF-8 cannot hold (a lone
            return  # surrogate): that piece is only computed again next time


def register_digest(register: Any) -> str:
    """The register, as the digest the detector's kept answers depend on."""
    import pickle  # noqa: PLC0415

    return hashlib.sha256(pickle.dumps(register, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
