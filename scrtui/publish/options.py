"""What `scr build` is asked for, and the refusals before anything is written: an unknown
format or target, an output the review's kind does not have, ids that cannot be numbered, an
output folder where git would commit the confidential report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .targets import DRAFT, TARGETS, Target

if TYPE_CHECKING:
    from .. import model as m
    from ..kinds import Kind

FORMATS = ("md", "html", "docx")  # the default
ALL_FORMATS = (*FORMATS, "pdf")  # pdf needs the optional extra (render_pdf.py)
USAGE = 2
NOT_CLEARED_EXIT = 1


class BuildError(Exception):
    """The build cannot start: one line for the user, and the exit code it means."""

    def __init__(self, message: str, code: int = USAGE) -> None:
        super().__init__(message)
        self.code = code


def parse_formats(text: str | None) -> tuple[str, ...]:
    """'md,html' -> ('md', 'html') in the standard order; BuildError for anything else."""
    if text is None or not text.strip():
        return FORMATS
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in ALL_FORMATS]
    if unknown or not wanted:
        raise BuildError(
            f"unknown format '{(unknown or [text])[0]}'; choose from md, html, "
            "docx, pdf, separated by commas"
        )
    return tuple(f for f in ALL_FORMATS if f in wanted)


def parse_target(text: str | None) -> Target:
    """'rapid-review' -> its Target (default: the draft); BuildError for an unknown one."""
    if text is None or not text.strip():
        return DRAFT
    target = TARGETS.get(text.strip().lower())
    if target is None:
        raise BuildError(f"unknown target '{text.strip()}'; known: {', '.join(TARGETS)}")
    return target


def kind_for(review: m.ReviewModel, target: Target) -> Kind | None:
    """The review's kind, once it is known that the kind has this output: a rapid review of a
    Safeguarding Adults Review is refused, with the outputs the kind does have."""
    from ..store.kinds import resolve  # noqa: PLC0415

    kind = resolve(review).kind
    if kind is not None and kind.outputs and target.id not in kind.outputs:
        others = [o for o in kind.outputs if o in TARGETS]
        hint = f"; build it with --target {others[0]}" if others and others[0] != DRAFT.id else ""
        raise BuildError(
            f"a {kind.name} ({kind.id}) has no {target.id} output; its outputs: "
            f"{', '.join(kind.outputs)}{hint}"
        )
    return kind


def stop_on_malformed_ids(review: m.ReviewModel) -> None:
    """A record whose id is not of its kind's form cannot be numbered, named or linked: stop
    before anything is written, so that the last build's files stay as they were."""
    from ..check import malformed_ids  # noqa: PLC0415

    bad = malformed_ids(review)
    if bad:
        more = f" (and {len(bad) - 1} more; scr check lists them)" if len(bad) > 1 else ""
        raise BuildError(
            f"cannot build: {bad[0]}{more}; fix the id, then build again "
            "(the last build's files are kept)",
            NOT_CLEARED_EXIT,
        )


def check_out(root: Path, out: Path) -> None:
    """Refuse an output folder inside the review other than its git-ignored build/: the
    confidential residual-risk report there would be committed, and pushed by scr sync."""
    from ..store.snapshot import is_ignored  # noqa: PLC0415
    from ..store.workspace import inside  # noqa: PLC0415

    if not inside(root, out):
        return
    if not inside(root / "build", out):
        raise BuildError(
            f"{out}: inside the review, where git would commit the confidential "
            "residual-risk report; build into the review's build/ folder (the "
            "default) or a folder outside the review"
        )
    if is_ignored(root, "build/") is False:
        raise BuildError(
            f"{root / 'build'}: not ignored by git in this review, so the "
            "confidential residual-risk report would be committed; add the line "
            "build/ to the review's .gitignore"
        )
