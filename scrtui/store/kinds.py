"""Which kind a review is: its own `kinds/` first, then the kinds shipped with scr.

A review made before kinds existed has no `kind` in review.toml and no `kinds/` folder; it is
treated as the legacy Serious Case Review so that it keeps checking and building, and the
caller says so once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from .. import kinds as k
from ..model import ReviewModel
from ..problems import Problem
from ..resources import template_dir
from .files import read_text
from .loader import parse_toml


@lru_cache(maxsize=1)
def shipped_kinds() -> tuple[k.Kind, ...]:
    """The kinds in the shipped workspace template, in file-name order."""
    folder = template_dir() / "kinds"
    found = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".toml"):
            continue
        rel = f"kinds/{name}"
        text, problem = read_text(str(folder / name), rel)
        problems: list[Problem] = [] if problem is None else [problem]
        data, origin = parse_toml(text or "", rel, problems)
        if data is not None:
            found.append(k.kind(data, origin, name[:-5], problems))
        if problems:  # a shipped kind must be right: the tests load each one
            raise RuntimeError(f"shipped kind file is broken: {problems[0]}")
    return tuple(found)


def available(review: ReviewModel) -> dict[str, k.Kind]:
    """Every kind this review can name: its own files win over the shipped ones."""
    kinds = {kind.id: kind for kind in shipped_kinds()}
    kinds.update({kind.id: kind for kind in review.kinds})
    return kinds


@dataclass
class Resolved:
    """The review's kind, what to tell the user once, and what is wrong."""

    kind: k.Kind | None
    notice: str = ""
    problems: list[Problem] = field(default_factory=list)


def resolve(review: ReviewModel) -> Resolved:
    kinds = available(review)
    info = review.review
    name = info.kind if info is not None else ""
    if info is None or not name:
        return Resolved(
            kinds.get(k.LEGACY_KIND),
            "review.toml names no kind: treated as a Serious Case Review (legacy); "
            f'set kind = "{k.DEFAULT_KIND}" (or another of: {", ".join(sorted(kinds))})',
        )
    if name in kinds:
        return Resolved(kinds[name])
    line, col = info.origin.at("kind")
    message = f"kind '{name}' is not a known review kind; known: {', '.join(sorted(kinds))}"
    return Resolved(None, problems=[Problem(info.origin.path, line, col, message)])


def problems(review: ReviewModel) -> list[Problem]:
    """What `scr check` reports about the kind: an unknown kind, impossible milestone dates."""
    from ..clock import date_problems  # noqa: PLC0415 - holidays loads only when needed

    resolved = resolve(review)
    found = list(resolved.problems)
    if resolved.kind is not None and review.review is not None:
        found += date_problems(review.review, resolved.kind)
    return found
