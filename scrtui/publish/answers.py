"""What answers a build's requests, in its helper process or in the build's own (see
`background`): the residual detector, the second line's read-back and scan of each finished
file, and the readability figures."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .gate import Found

if TYPE_CHECKING:
    from .. import model as m
    from ..readability import PlainEnglish, SourceText
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
    assembled. ("detect", text): the residual candidates, as plain tuples (kind, text, offset,
    context, reason, allowed, detail), or None when the detector is not installed.
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
        found = detector()
        if found is None:
            return None
        return [
            (
                c.kind,
                c.text,
                c.offset,
                c.context,
                c.allowed_by.reason if c.allowed_by is not None else "",
                c.allowed_by is not None,
                c.detail,
            )
            for c in found.detect(payload, source="report.md")
        ]

    return answer


def measure_readability(
    texts: list[SourceText], words: PlainEnglish, thresholds: m.Readability | None, key: str
) -> str:
    """The readability report; in a helper, at a lower priority."""
    import multiprocessing  # noqa: PLC0415

    from .. import readability  # noqa: PLC0415

    # Behind the build's own work: the figures may wait for a free core, the draft not.
    if multiprocessing.parent_process() is not None:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(10)
    return readability.markdown(readability.measure(texts, words, thresholds), key)
