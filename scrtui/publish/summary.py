"""What `scr build` tells the reviewer: the files, the gate's decision and where to look next.

Problems (each residual candidate to resolve, each identifier found in a finished file) are
`path:line:col: message` lines for stderr; the summary is for stdout.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import location
from .gate import BLOCKED, CLEARED
from .result import BuildResult

_EXPLAINED = ("near_miss", "nhs_number", "long_number")  # kinds whose detail helps to act


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _review(path: Path) -> str:
    shown = _shown(path)
    return "the review in this folder" if shown == "." else shown


def problem_lines(result: BuildResult) -> list[str]:
    lines = []
    for hit in result.found:
        ids = ", ".join(hit.entry_ids) or "the register"
        lines.append(
            f"{location(hit.file, hit.line, hit.col)}: an identifier registered for {ids} "
            "survived anonymisation; the publication files were removed"
        )
    for candidate in result.candidates:
        if candidate.allowed is None:
            useful = candidate.kind in _EXPLAINED or candidate.note == "allowed without a reason"
            why = f" ({candidate.note})" if candidate.note and useful else ""
            lines.append(
                f"{candidate.where}: residual candidate ({candidate.kind}) "
                f"'{candidate.text}' is not allowed in the register{why}"
            )
    return lines


def summary_lines(result: BuildResult, review: Path) -> list[str]:
    lines = []
    if result.publication and result.reused:
        lines.append(
            f"Nothing has changed since the last build of the {result.target.name} of "
            f"{_review(review)}: its files were read back, scanned again for registered "
            "identifiers, and kept:"
        )
        lines += [f"  {_shown(path)}" for path in result.publication]
    elif result.publication:
        lines.append(f"Built the {result.target.name} of {_review(review)}:")
        lines += [f"  {_shown(path)}" for path in result.publication]
    else:
        lines.append(f"No publication files were kept for {_review(review)}.")
    allowed = sum(1 for c in result.candidates if c.allowed is not None)
    total = len(result.candidates)
    if result.status == CLEARED:
        lines.append(
            "Cleared: no registered identifier survives in any file, and every residual "
            f"candidate is allowed in the register ({allowed} of {total})."
        )
    elif result.status == BLOCKED:
        lines.append("BLOCKED: " + "; ".join(result.reasons) + ".")
    else:
        lines.append("NOT CLEARED FOR PUBLICATION: " + "; ".join(result.reasons) + ".")
        if result.target.cleared_only:
            lines.append(
                f"Nothing was written: the {result.target.name} is built only once it is cleared."
            )
        else:
            lines.append(
                "The draft is written and stamped NOT CLEARED FOR PUBLICATION on its "
                "first page and in the manifest."
            )
    if result.missing:
        lines.append(
            f"Not yet written in the {result.target.name} (shown as such): "
            + "; ".join(result.missing)
            + "."
        )
    if result.flagged:
        lines.append(
            f"{len(result.flagged)} ordinary word(s) that are also registered names were "
            "left in place; check them in the residual-risk report."
        )
    if result.problems:
        lines.append(
            f"The review has {result.problems} problem(s); see: scr check {_shown(review)}"
        )
    if result.residual_report is not None:
        lines.append(
            f"Residual-risk report (confidential, never publish): {_shown(result.residual_report)}"
        )
    if result.readability_report is not None:
        lines.append(f"Readability figures (confidential): {_shown(result.readability_report)}")
    return lines
