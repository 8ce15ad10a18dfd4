"""The names scan of an import: identifiers in the imported rows that the register does not
hold, each with the rows it is in (the anonymiser's register and the residual detector)."""

from __future__ import annotations

import bisect

from ..model import Register
from .import_plan import NameFinding, Plan

_SCAN_ROWS = 200  # texts (cells) per text given to the names scan
# What the names scan leaves out of the detector's kinds: a chronology is made of dates and ages.
NOT_NAMES = frozenset({"date", "age"})


def scan_names(plan: Plan, register: Register | None) -> None:
    """Identifiers in the imported rows that the register does not hold, with their rows."""
    rows = plan.new + plan.changed
    if not rows:
        return
    if register is None:
        plan.notes.append("register.toml could not be read: the rows were not scanned for names")
        return
    from ..anonymise import Anonymiser  # noqa: PLC0415 - the scan is the only user here
    from ..residual import ResidualDetector  # noqa: PLC0415

    # Each different text once: a practitioner's name is in most rows, and the scan of a text
    # does not depend on the row it is in.
    where: dict[str, list[int]] = {}
    for row in rows:
        for part in (row.what, row.who, row.record, row.significance):
            if part:
                where.setdefault(part.replace("\n", " "), []).append(row.number)
    lines = list(where)
    anonymiser = Anonymiser.from_register(register)
    detector = ResidualDetector(register)
    found: dict[tuple[str, str], NameFinding] = {}
    for first in range(0, len(lines), _SCAN_ROWS):  # small texts: the detector quotes context
        chunk = lines[first : first + _SCAN_ROWS]
        text = "\n".join(chunk)
        starts = [0]
        for line in chunk[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        spans = sorted((r.start, r.end) for r in anonymiser.apply(text).replacements)
        span_starts = [s for s, _ in spans]
        for candidate in detector.detect(text):
            if candidate.kind in NOT_NAMES or candidate.is_allowed:
                continue
            i = bisect.bisect_right(span_starts, candidate.end) - 1
            if i >= 0 and spans[i][1] > candidate.offset:
                continue  # a registered name: the register holds it already
            line = lines[first + bisect.bisect_right(starts, candidate.offset) - 1]
            key = (candidate.kind, candidate.text)
            finding = found.setdefault(
                key, NameFinding(candidate.kind, candidate.text, [], candidate.detail)
            )
            finding.rows.extend(where[line])
    for finding in found.values():
        finding.rows = sorted(set(finding.rows))
    plan.names = sorted(found.values(), key=lambda f: (f.rows[0], f.text))
