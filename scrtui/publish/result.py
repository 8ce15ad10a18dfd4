"""What a build decided and wrote: the `BuildResult` the CLI prints, the UI shows and the
learning export reads (a whole build's, or the last one's when nothing changed: `reuse`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .confidential import DroppedLink, Flagged
from .gate import CLEARED, Candidate, Found
from .targets import DRAFT, Target

if TYPE_CHECKING:
    from ..anonymise import Anonymiser


@dataclass
class BuildResult:
    status: str
    reasons: list[str]
    out: Path
    publication: list[Path] = field(default_factory=list)  # files written and kept
    residual_report: Path | None = None
    manifest: dict[str, Any] | None = None
    candidates: list[Candidate] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    dropped_links: list[DroppedLink] = field(default_factory=list)  # links not published
    problems: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    target: Target = DRAFT
    missing: list[str] = field(default_factory=list)  # parts the document must have, not written
    readability_report: Path | None = None  # confidential/readability.md (the draft only)
    # Nothing had changed since the last build: its files were kept, read back and scanned.
    reused: bool = False
    # The register compiled, as the build used it: the learning export anonymises its record
    # with the very same one (None when the register could not be read).
    anonymiser: Anonymiser | None = field(default=None, repr=False, compare=False)

    @property
    def cleared(self) -> bool:
        return self.status == CLEARED

    @property
    def exit_code(self) -> int:
        return 0 if self.cleared else 1
