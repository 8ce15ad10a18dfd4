"""What answers a build's requests, in its helper process or in the build's own (see
`background`): the residual detector, the second line's read-back and scan of each finished
file, and the readability figures."""

from __future__ import annotations

import contextlib
import os
from functools import cache


def answers(register, measure=None, folder=None):
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
    def survivors():
        return survivor_search(register, folder)  # its index made (or loaded) now

    @cache
    def detector():
        try:
            from ..residual import ResidualDetector  # noqa: PLC0415
        except ImportError:
            return None
        return ResidualDetector(register)

    def answer(request):
        kind, payload = request
        if kind == "measure":
            return measure()
        if kind == "ready":
            survivors(), detector()
            return None
        if kind == "scan":
            return scan_files(survivors(), payload)
        if detector() is None:
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
            for c in detector().detect(payload, source="report.md")
        ]

    return answer


def measure_readability(texts, words, thresholds, key) -> str:
    """The readability report; in a helper, at a lower priority."""
    import multiprocessing  # noqa: PLC0415

    from .. import readability  # noqa: PLC0415

    # Behind the build's own work: the figures may wait for a free core, the draft not.
    if multiprocessing.parent_process() is not None:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(10)
    return readability.markdown(readability.measure(texts, words, thresholds), key)
