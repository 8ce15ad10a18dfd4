"""The publication gate: cleared, not cleared, or blocked, and why.

Cleared only when no registered identifier survives in any finished file and every residual
candidate is allowed in the register with a reason. Not cleared: the draft is still written,
stamped NOT CLEARED FOR PUBLICATION. Blocked: a registered identifier was found in a finished
file (the second line of defence), so the publication files are removed. The reasons given
here go into the public manifest, so they count and never quote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..problems import location
from .document import STAMP_TEXT
from .extract import UnreadableFile, file_texts

if TYPE_CHECKING:
    from ..anonymise import Survivor
    from ..model import Allowance

CLEARED, NOT_CLEARED, BLOCKED = "cleared", "not cleared", "blocked"


@dataclass(frozen=True)
class Candidate:
    """A residual candidate, located in the reviewer's files (confidential: it quotes)."""

    kind: str
    text: str
    source: str
    line: int | None
    col: int | None
    context: str
    allowed: str | None = None  # the register's reason, when the register allows it
    note: str = ""  # the detector's detail ("near 'Jayden' (P-01)"), or why an allowance fails

    @property
    def where(self) -> str:
        if not self.source:
            return "scr's own words"
        return location(self.source, self.line, self.col)


@dataclass(frozen=True)
class Found:
    """A registered identifier found in a finished publication file (confidential)."""

    file: str
    text: str
    line: int
    col: int
    context: str
    entry_ids: tuple[str, ...]


@dataclass
class Decision:
    status: str = CLEARED
    reasons: list[str] = field(default_factory=list)

    @property
    def cleared(self) -> bool:
        return self.status == CLEARED


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def assess(
    candidates: list[Candidate], label_problems: int, register_missing: bool = False
) -> Decision:
    """The decision before the finished files are scanned again."""
    if register_missing:
        return Decision(
            BLOCKED,
            ["the register (register.toml) could not be read, so the draft cannot be anonymised"],
        )
    reasons = []
    open_candidates = [c for c in candidates if c.allowed is None]
    if open_candidates:
        kinds: dict[str, int] = {}
        for candidate in open_candidates:
            kinds[candidate.kind] = kinds.get(candidate.kind, 0) + 1
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        reasons.append(
            f"{_plural(len(open_candidates), 'residual candidate')} not allowed in "
            f"the register ({detail})"
        )
    if label_problems:
        reasons.append(
            f"{_plural(label_problems, 'publication label')} in the register "
            f"{'contains' if label_problems == 1 else 'contain'} a registered "
            "identifier"
        )
    return Decision(NOT_CLEARED if reasons else CLEARED, reasons)


def stamp_text(decision: Decision) -> str | None:
    """What the stamp says after its headline (None when cleared: no stamp)."""
    if decision.cleared:
        return None
    reasons = "; ".join(decision.reasons)
    return (
        f"This draft may identify the family and must not be published. Reasons: {reasons}. "
        "The confidential residual-risk report lists each one."
    )


def stamp(decision: Decision) -> str:
    """The Markdown stamp for the first page of an uncleared draft ("" when cleared)."""
    text = stamp_text(decision)
    return "" if text is None else f"> **{STAMP_TEXT}.** {text}"


def scan_files(
    survivors: Callable[[str], list[Survivor]], files: list[Path]
) -> tuple[list[Found], list[str]]:
    """Every registered identifier in the finished files, read back from disk; and, for a file
    that cannot be read back (so cannot be checked), why.

    `survivors(text)` is the anonymiser's independent search (`survivor_search`), so that a
    bug in the replacement is caught here. The build runs this in its helper process, one
    file at a time as each is written, while it renders the next format.
    """
    found: list[Found] = []
    unreadable: list[str] = []
    seen: set[tuple[str, str, int, int]] = set()
    for path in files:
        try:
            texts = file_texts(path.name, path.read_bytes())
        except (UnreadableFile, OSError) as exc:
            unreadable.append(f"{path.name} could not be read back ({exc})")
            continue
        for text in texts:
            for hit in survivors(text):
                key = (path.name, hit.text.casefold(), hit.line, hit.col)
                if key in seen:
                    continue
                seen.add(key)
                found.append(
                    Found(path.name, hit.text, hit.line, hit.col, hit.context, tuple(hit.entry_ids))
                )
    return found, unreadable


BLOCKING_FLAGS = ("surname", "initials")


class _Flag(Protocol):
    """A flagged word as the gate reads it (`confidential.Flagged`, which imports this module)."""

    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...


_F = TypeVar("_F", bound=_Flag)


def open_surnames(flagged: Iterable[_F], allows: Iterable[Allowance]) -> list[_F]:
    """The registered surnames left in place as ordinary lower-case words ("pike"), and a
    registered person's initials written without stops ("KH"), that the register does not
    allow with a reason: each is a survivor of a registered name."""
    allowed = {a.text.strip().casefold() for a in allows if a.reason.strip()}
    return [f for f in flagged if f.kind in BLOCKING_FLAGS and f.text.casefold() not in allowed]


def block(
    decision: Decision,
    found: list[Found],
    files: list[Path],
    unreadable: Sequence[str] = (),
    surnames: Sequence[_Flag] = (),
) -> None:
    """A registered identifier reached a finished file, a finished file could not be read
    back to be checked, or a registered surname was left in place: remove every publication
    file."""
    for path in files:
        path.unlink(missing_ok=True)
    decision.status = BLOCKED
    initials = [f for f in surnames if f.kind == "initials"]
    surnames = [f for f in surnames if f.kind != "initials"]
    if initials:
        decision.reasons.insert(
            0,
            "a registered person's initials written without stops "
            f"({_plural(len(initials), 'place')}: the confidential "
            "report says where); the publication files were removed: "
            "rewrite them, or allow them in the register with a reason "
            "if they are an abbreviation",
        )
    if surnames:
        decision.reasons.insert(
            0,
            f"{_plural(len(surnames), 'registered surname')} left in "
            "place as an ordinary word (the confidential report says "
            "where); the publication files were removed",
        )
    for problem in reversed(unreadable):
        decision.reasons.insert(
            0, f"{problem}, so it could not be checked; the publication files were removed"
        )
    if found:
        names = sorted({f.file for f in found})
        decision.reasons.insert(
            0,
            f"{_plural(len(found), 'registered identifier')} found in "
            f"the finished {', '.join(names)}; the publication files "
            "were removed",
        )
