"""What answers a build's requests, in its helper process or in the build's own (see
`background`): the residual detector, the second line's read-back and scan of each finished
file, and the readability figures."""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .gate import Found

if TYPE_CHECKING:
    from .. import model as m
    from ..readability.results import PlainEnglish, SourceText
    from ..residual import ResidualDetector
    from .background import Asked

# The answer to ("scan", [path]): what `gate.scan_files` gives.
Scanned = tuple[list[Found], list[str]]
# The detector's candidates, as `answers` sends them: (kind, text, offset, context, reason,
# allowed, detail).
Detected = tuple[str, str, int, str, str, bool, str]


def scanned(asked: Asked) -> Scanned:
    """The answer to a ("scan", [path]) request."""
    return cast(Scanned, asked.result())


def answers(
    register: m.Register, measure: Callable[[], str] | None = None, folder: Path | None = None
) -> Callable[[object], object]:
    """What answers the build's requests, in a helper process or here; each part is made when
    first asked.

    ("ready", None): the register's index and the detector made now, while the draft is
    assembled. ("detect", pieces): the residual candidates of the reviewer's words, a list of pieces
    read one at a time, as plain tuples (kind, text, offset, context, reason, allowed,
    detail) with offsets in the pieces joined by blank lines; None when the detector is not
    installed.
    ("scan", [path]): every registered identifier in those finished files (`gate.Found`), and
    the files that could not be read back. ("measure", None): `measure()`, the readability
    report.
    """
    from .content_cache import survivor_search  # noqa: PLC0415
    from .gate import scan_files  # noqa: PLC0415

    @cache
    def survivors() -> Callable[[str], list[Any]]:
        return survivor_search(register, folder)  # its index made (or loaded) now

    @cache
    def detector() -> ResidualDetector | None:
        try:
            from ..residual import ResidualDetector  # noqa: PLC0415
        except ImportError:
            return None
        return ResidualDetector(register)

    def answer(request: object) -> object:
        kind, payload = cast("tuple[str, Any]", request)  # what the build asks: (kind, payload)
        if kind == "measure":
            assert measure is not None  # asked only of a helper given one
            return measure()
        if kind == "ready":
            survivors(), detector()
            return None
        if kind == "scan":
            return scan_files(survivors(), payload)
        return detected(payload)

    def detected(pieces: list[tuple[str, str]]) -> list[Detected] | None:
        """The candidates in the reviewer's words: the pieces of each file read together (one
        text per record, whatever else changed around it), each file's answer kept by content
        from the last build (a finding edited is one text read again); their offsets in all
        the pieces joined by blank lines, in order."""
        found = detector()
        if found is None:
            return None
        from .piece_cache import PieceCache, register_digest, text_key  # noqa: PLC0415

        kept = PieceCache(folder, "detect", register_digest(register))
        # Per file: each of its pieces' start in all the pieces joined, and in the file's text.
        by_file: dict[str, list[tuple[int, int, str]]] = {}
        file_at: dict[str, int] = {}
        at = 0
        for source, piece in pieces:
            by_file.setdefault(source, []).append((at, file_at.get(source, 0), piece))
            file_at[source] = file_at.get(source, 0) + len(piece) + 2
            at += len(piece) + 2
        out: list[tuple[int, Detected]] = []
        for members in by_file.values():
            text = "\n\n".join(piece for _, _, piece in members)
            key = text_key(text)
            rows = kept.get(key)
            if rows is None:
                rows = [
                    (
                        c.kind,
                        c.text,
                        c.offset,
                        c.context,
                        c.allowed_by.reason if c.allowed_by is not None else "",
                        c.allowed_by is not None,
                        c.detail,
                    )
                    for c in found.detect(text, source="report.md")
                ]
                kept.put(key, rows)
            in_file = [start for _, start, _ in members]
            for kind, what, offset, context, reason, allowed, detail in rows:
                joined, start, _piece = members[bisect.bisect_right(in_file, offset) - 1]
                shifted = joined + offset - start
                out.append((shifted, (kind, what, shifted, context, reason, allowed, detail)))
        kept.save()
        out.sort(key=lambda row: row[0])
        return [row for _, row in out]

    return answer


def measure_readability(
    texts: list[SourceText],
    words: PlainEnglish,
    thresholds: m.Readability | None,
    key: str,
    folder: Path | None = None,
) -> str:
    """The readability report; in a helper, at a lower priority. Each section's figures are
    kept by content in `folder`'s cache, so that the next build measures only what changed."""
    import json  # noqa: PLC0415
    import multiprocessing  # noqa: PLC0415

    from ..readability.measure import dictionary_counts, library_version, measure  # noqa: PLC0415
    from ..readability.report import markdown  # noqa: PLC0415
    from .piece_cache import PieceCache  # noqa: PLC0415

    # Behind the build's own work: the figures may wait for a free core, the draft not.
    if multiprocessing.parent_process() is not None:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(10)
    settings = json.dumps(
        [
            sorted(words.alternatives.items()),
            sorted(words.known_acronyms),
            repr(thresholds),
            library_version(),
        ]
    )
    memo = PieceCache(folder, "readability", settings)
    pronouncing = PieceCache(folder, "pronouncing", library_version())

    @cache
    def dictionary() -> dict[str, int]:
        """The pronouncing dictionary's syllable counts, kept: a tenth of its load time."""
        kept = pronouncing.get("counts")
        if isinstance(kept, dict):
            return kept
        counts = dictionary_counts()
        pronouncing.put("counts", counts)
        pronouncing.save()
        return counts

    report = markdown(measure(texts, words, thresholds, memo, dictionary), key)
    memo.save()
    return report
