"""What `scr build --target` can make, and the files each writes.

Every target goes through the same pipeline (anonymise, residual detector, gate, second line,
manifest); only the assembled document and the file names differ, so that building one output
never removes or overwrites another's files.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    id: str  # as typed after --target, and as a kind's `outputs` lists it
    name: str  # what the summary calls the document
    stem: str  # publication/<stem>.md, .html, .docx, .pdf
    manifest: str  # publication/<manifest>
    residual: str  # confidential/<residual>: the residual-risk report
    record: str  # confidential/<record>: the last build of this target, as data
    # written only once cleared: an uncleared build keeps no publication file (the briefing,
    # which goes to practitioners, is never circulated stamped)
    cleared_only: bool = False

    def publication_files(self) -> tuple[str, ...]:
        return (
            f"{self.stem}.md",
            f"{self.stem}.html",
            f"{self.stem}.docx",
            f"{self.stem}.pdf",
            f"{self.stem}-timeline.svg",  # the draft's, when review.toml asks for a timeline
            self.manifest,
        )


DRAFT = Target(
    "draft", "publication draft", "report", "manifest.json", "residual-risk.md", "last-build.json"
)
RAPID_REVIEW = Target(
    "rapid-review",
    "rapid review",
    "rapid-review",
    "rapid-review-manifest.json",
    "rapid-review-residual-risk.md",
    "rapid-review-last-build.json",
)
BRIEFING = Target(
    "briefing",
    "learning briefing",
    "briefing",
    "briefing-manifest.json",
    "briefing-residual-risk.md",
    "briefing-last-build.json",
    cleared_only=True,
)
TARGETS = {target.id: target for target in (DRAFT, RAPID_REVIEW, BRIEFING)}
