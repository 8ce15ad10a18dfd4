"""Review kinds as data: what a kind of review is called, who commissions it, and its clock.

A kind lives in `kinds/<id>.toml` (shipped in the workspace template; a partnership adds one
without code). The quality markers keep the 2016 wording; the kind supplies the words of the
review the user is actually doing and the milestones with their timescales. Plain Python:
the store parses the files, this module turns the data into `Kind` values and problems.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import model as m
from .problems import Problem
from .schema import Reader

NATIONS = ("england", "wales", "scotland", "northern-ireland")
SENSES = ("by", "not-before")
# A review.toml without `kind` was made before kinds existed: it is the legacy SCR.
LEGACY_KIND = "scr"
DEFAULT_KIND = "lcspr"
_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


@dataclass
class Milestone:
    """One dated step of a review; `after` names the dates it is counted from."""

    id: str
    name: str
    after: tuple[str, ...] = ()  # date keys or milestone ids; the first one with a date counts
    before: str = ""  # due no later than this milestone (no timescale of its own)
    working_days: int | None = None
    days: int | None = None
    months: int | None = None
    sense: str = "by"  # "by": due by the date; "not-before": must not happen before it

    @property
    def timescale(self) -> str:
        """The guidance's timescale in words, or "" where the guidance sets none."""
        if self.working_days is not None:
            return _plural(self.working_days, "working day")
        if self.days is not None:
            return _plural(self.days, "day")
        if self.months is not None:
            return _plural(self.months, "month")
        return ""


@dataclass
class Kind:
    id: str
    name: str
    short_name: str
    nation: str
    commissioner: str
    subject: str
    origin: m.Origin
    commissioner_long: str = ""
    partnership: str = ""
    panel: str = ""
    subject_plural: str = ""
    outputs: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)
    legacy: bool = False
    note: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    # the 2016 markers' words and what the draft says instead when it quotes them ("LSCB
    # members" -> "[the safeguarding partners]"), longest first
    quoting: dict[str, str] = field(default_factory=dict)

    def requote(self, text: str) -> str:
        """A marker's wording as this kind's draft quotes it: replaced words in brackets."""
        if not self.quoting:
            return text
        pattern = "|".join(re.escape(old) for old in sorted(self.quoting, key=len, reverse=True))
        return re.sub(rf"\b(?:{pattern})\b", lambda found: f"[{self.quoting[found[0]]}]", text)

    def milestone(self, id: str) -> Milestone | None:
        return next((ms for ms in self.milestones if ms.id == id), None)


def kind(data: Mapping[str, Any], origin: m.Origin, stem: str, problems: list[Problem]) -> Kind:
    """One kind file's data as a `Kind`, every bad field reported where the parser put it."""
    r = Reader(data, origin, problems)
    id = r.text("id", required=True)
    if id and id != stem:
        r.problem("id", f"id '{id}' does not match the file name '{stem}'")
    legacy = data.get("legacy", False)
    if not isinstance(legacy, bool):
        r.problem("legacy", "'legacy' should be true or false")
        legacy = False
    milestones: list[Milestone] = []
    for index, _ in enumerate(r.tables("milestone")):
        milestones.append(_milestone(r.sub("milestone", index)))
    result = Kind(
        id=id or stem,
        name=r.text("name", required=True),
        short_name=r.text("short_name", required=True),
        nation=r.text("nation", required=True, choices=NATIONS),
        commissioner=r.text("commissioner", required=True),
        subject=r.text("subject", required=True),
        origin=origin,
        commissioner_long=r.text("commissioner_long"),
        partnership=r.text("partnership"),
        panel=r.text("panel"),
        subject_plural=r.text("subject_plural"),
        outputs=r.texts("outputs"),
        stages=r.texts("stages"),
        covers=r.texts("covers"),
        legacy=legacy,
        note=r.text("note"),
        milestones=milestones,
    )
    quoting = r.table("quoting")
    for old, new in quoting.items():
        if isinstance(new, str) and new:
            result.quoting[old] = new
        else:
            r.sub("quoting").problem(old, f"'quoting.{old}' should be the words to say instead")
    _check_milestones(result, r, problems)
    return result


def of(review: m.ReviewModel) -> Kind | None:
    """The review's kind from its own kinds/ folder (None for a review made before kinds)."""
    info = review.review
    if info is None or not info.kind:
        return None
    return next((kind for kind in review.kinds if kind.id == info.kind), None)


def _milestone(r: Reader) -> Milestone:
    id = r.text("id", required=True)
    if id and not _ID.fullmatch(id):
        r.problem("id", f"milestone id '{id}' should be lower-case letters, digits, - or _")
    timescales = {}
    for key in ("working_days", "days", "months"):
        value = r.get(key, "whole number")
        if value is not None:
            if value < 0:
                r.problem(key, f"'{key}' is {value}; a timescale cannot be negative")
            else:
                timescales[key] = value
    if len(timescales) > 1:
        r.problem(None, f"milestone '{id}' has more than one timescale: {', '.join(timescales)}")
    after = tuple(part for part in r.text("after").split("|") if part)
    return Milestone(
        id=id,
        name=r.text("name", required=True),
        after=after,
        before=r.text("before"),
        sense=r.text("sense", choices=SENSES) or "by",
        **timescales,
    )


def _check_milestones(result: Kind, r: Reader, problems: list[Problem]) -> None:
    ids = [ms.id for ms in result.milestones]
    for index, ms in enumerate(result.milestones):
        sub = r.sub("milestone", index)
        if ids.count(ms.id) > 1 and ids.index(ms.id) != index:
            sub.problem("id", f"milestone '{ms.id}' is defined twice")
        if ms.before and ms.before not in ids:
            sub.problem("before", f"'before' names '{ms.before}', which is not a milestone here")
        if ms.timescale and not ms.after:
            sub.problem(None, f"milestone '{ms.id}' has a timescale but no 'after' to count from")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
