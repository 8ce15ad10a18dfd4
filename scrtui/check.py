"""Whole-review checks: ids unique, every reference resolves, checklist progress.

Plain Python over a loaded model; `store.loader` has already reported what each file alone
gets wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import model as m
from .actions import published, unanswered
from .current_day import today as current_day
from .problems import Problem


@dataclass
class MarkerProgress:
    id: str
    title: str
    total: int
    counts: dict[str, int]

    @property
    def answered(self) -> int:
        return self.counts.get("met", 0) + self.counts.get("n.a.", 0)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "total": self.total, **self.counts}

    def summary(self) -> str:
        parts = [f"{self.counts.get(s, 0)} {s}" for s in m.QUESTION_STATUSES]
        return f"{self.answered}/{self.total} answered ({', '.join(parts)})"


def progress(review: m.ReviewModel) -> list[MarkerProgress]:
    return [
        MarkerProgress(marker.id, marker.title, len(marker.questions), marker.progress())
        for marker in review.markers
    ]


def check(review: m.ReviewModel, today: date | None = None) -> list[Problem]:
    """Every cross-record problem, in a stable order.

    `today` (default: `current_day.today()`, which honours SCR_TODAY) is the day overdue actions are
    counted from.
    """
    problems: list[Problem] = []
    ids = _unique_ids(review, problems)
    agencies = _agencies(review, problems)
    root = Path(review.root)

    def require(
        ref: str, origin: m.Origin, key: str | None, what: str, kind: str | None = None
    ) -> None:
        if ref not in ids:
            message = f"{what} '{ref}' does not exist"
        elif kind is not None and not m.ID_PATTERNS[kind].fullmatch(ref):
            message = f"{what} '{ref}' is not a {kind} id"
        else:
            return
        line, col = origin.at(key)  # locating costs a scan of the file: only for problems
        problems.append(Problem(origin.path, line, col, message))

    def prose(text: str, first_line: int, origin: m.Origin) -> None:
        for ref, offset in m.references_in(text):
            if ref not in ids:
                before = text[:offset]
                line = first_line + before.count("\n")
                col = offset - (before.rfind("\n") + 1)  # the "[" is one column before the id
                message = f"reference [{ref}] does not exist"
                problems.append(Problem(origin.path, line, col, message))
        for word in m.LONG_WORD.finditer(text):  # longer than any name: cannot be checked
            before = text[: word.start()]
            line = first_line + before.count("\n")
            col = word.start() - (before.rfind("\n") + 1) + 1
            problems.append(
                Problem(
                    origin.path,
                    line,
                    col,
                    f"a word of {len(word.group())} letters and digits; scr "
                    f"checks words of at most {m.LONGEST_WORD} for names: "
                    "break it up or take it out",
                )
            )

    _scope_complete(review, problems)

    for source in review.sources:
        if source.agency and agencies and source.agency not in agencies:
            line, col = source.origin.at("agency")
            problems.append(
                Problem(
                    source.origin.path,
                    line,
                    col,
                    f"agency '{source.agency}' is not an agency in scope.toml",
                )
            )

    for entry in review.chronology:
        if entry.source:
            require(entry.source, entry.origin, "source", "source", "source")

    for episode in review.episodes:
        for ref in episode.chronology:
            require(ref, episode.origin, "chronology", "chronology entry", "chronology")
        for factor in episode.factors:
            for ref in factor.evidence:
                require(ref, factor.origin, "evidence", "evidence")
        prose(episode.body, episode.body_line, episode.origin)

    for finding in review.findings:
        for ref in finding.evidence:
            require(ref, finding.origin, "evidence", "evidence")
        prose(finding.body, finding.body_line, finding.origin)

    for challenge in review.challenges:
        if challenge.target and challenge.target not in ids:
            line, col = challenge.origin.at("target")
            problems.append(
                Problem(
                    challenge.origin.path,
                    line,
                    col,
                    f"challenge target '{challenge.target}' does not exist",
                )
            )
        prose(challenge.body, challenge.body_line, challenge.origin)

    if review.purpose is not None:
        prose(review.purpose.body, review.purpose.body_line, review.purpose.origin)
    if review.rapid_review is not None:
        prose(review.rapid_review.body, review.rapid_review.body_line, review.rapid_review.origin)
    if review.briefing is not None:
        prose(review.briefing.body, review.briefing.body_line, review.briefing.origin)
    for section in review.report:
        prose(section.body, section.body_line, section.origin)

    _themes(review, problems)
    _actions(review, ids, agencies, today, problems)

    for marker in review.markers:
        for question in marker.questions:
            for ref in question.evidence:
                if ref in ids or _is_workspace_file(root, ref):
                    continue
                line, col = question.origin.at("evidence")
                problems.append(
                    Problem(
                        question.origin.path,
                        line,
                        col,
                        f"{question.id} evidence '{ref}' is neither a record id nor a file",
                    )
                )
    return sorted(problems, key=_order)


def malformed_ids(review: m.ReviewModel) -> list[Problem]:
    """Each record whose id is not of its kind's form (F-01, KPE-02, SRC-003 ...).

    The loader reports these too; the build asks for them before it starts, because it cannot
    number, name or link such a record, and stops rather than publish without it.
    """
    groups: list[tuple[str, Sequence[m.IdentifiedRecord]]] = [
        ("source", review.sources),
        ("chronology", review.chronology),
        ("episode", review.episodes),
        ("finding", review.findings),
        ("challenge", review.challenges),
    ]
    if review.scope is not None:
        groups.append(("line_of_enquiry", review.scope.lines_of_enquiry))
    if review.register is not None:
        groups += [(entry.kind, [entry]) for entry in review.register.entries]
    found = []
    for kind, records in groups:
        pattern = m.ID_PATTERNS.get(kind)
        for record in records:
            if pattern is None or not pattern.fullmatch(record.id or ""):
                line, col = record.origin.at("id")
                found.append(
                    Problem(
                        record.origin.path,
                        line,
                        col,
                        f"the id {record.id!r} is not of the form "
                        f"{pattern.pattern if pattern else 'PREFIX-digits'}",
                    )
                )
    return sorted(found, key=_order)


def _is_workspace_file(root: Path, ref: str) -> bool:
    """A checklist's evidence may name a file of the review (never one outside it)."""
    path = Path(ref)
    if not ref.strip() or path.is_absolute() or ".." in path.parts:
        return False
    return ref in m.WORKSPACE_FILES or (root / path).exists()


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line or 0, problem.col or 0, problem.message)


def _unique_ids(review: m.ReviewModel, problems: list[Problem]) -> set[str]:
    seen: dict[str, m.Origin] = {}
    for record in review.identified_records():
        if not record.id:
            continue
        if record.id in seen:
            first = seen[record.id]
            first_line = first.at("id")[0]
            where = f"{first.path}:{first_line}" if first_line else first.path
            line, col = record.origin.at("id")
            problems.append(
                Problem(
                    record.origin.path,
                    line,
                    col,
                    f"duplicate id '{record.id}' (first defined at {where})",
                )
            )
        else:
            seen[record.id] = record.origin
    return set(seen)


def _agencies(review: m.ReviewModel, problems: list[Problem]) -> set[str]:
    if review.scope is None:
        return set()
    found: set[str] = set()
    for agency in review.scope.agencies:
        if agency.id in found:
            line, col = agency.origin.at()
            problems.append(
                Problem(agency.origin.path, line, col, f"duplicate agency id '{agency.id}'")
            )
        found.add(agency.id)
    files = {entry.agency for entry in review.chronology}
    for name in sorted(files - found):
        problems.append(
            Problem(
                f"chronology/{name}.toml",
                None,
                None,
                f"agency '{name}' is not an agency in scope.toml",
            )
        )
    return found


def _scope_complete(review: m.ReviewModel, problems: list[Problem]) -> None:
    """Once the review is running, the commissioning decisions must be written down."""
    if review.review is None or review.scope is None or review.review.stage == "setting-up":
        return
    scope = review.scope
    stage = review.review.stage
    missing: list[tuple[str | None, str]] = []
    if not scope.terms_of_reference:
        missing.append(("terms_of_reference", "the terms of reference"))
    if scope.period_start is None:
        missing.append(("period", "the start of the period under review (period.start)"))
    if scope.period_end is None:
        missing.append(("period", "the end of the period under review (period.end)"))
    if not scope.period_rationale:
        missing.append(("period", "why this period (period.rationale)"))
    if not scope.agencies:
        missing.append((None, "the agencies in scope ([[agency]])"))
    for key, what in missing:
        line, col = scope.origin.at(key)
        problems.append(
            Problem(
                scope.origin.path,
                line,
                col,
                f"the review is at stage '{stage}' but {what} is not set",
            )
        )


def theme_problems(review: m.ReviewModel) -> list[Problem]:
    """The themes the review and its findings declare that the controlled list lacks."""
    problems: list[Problem] = []
    _themes(review, problems)
    return problems


def _themes(review: m.ReviewModel, problems: list[Problem]) -> None:
    """Every declared theme must be on the controlled list, which the problem names."""
    listed = review.themes
    if listed is None:
        return
    checks = []
    if review.review is not None:
        learning = review.review.learning
        checks.append((learning.themes, listed.abuse, "abuse", learning.origin, "themes"))
        checks.append(
            (
                learning.learning_themes,
                listed.learning,
                "learning",
                learning.origin,
                "learning_themes",
            )
        )
    for finding in review.findings:
        checks.append((finding.themes, listed.learning, "learning", finding.origin, "themes"))
    for declared, allowed, which, origin, key in checks:
        known = {theme.casefold() for theme in allowed}
        for theme in declared:
            if theme.casefold() not in known:
                line, col = origin.at(key)
                problems.append(
                    Problem(
                        origin.path,
                        line,
                        col,
                        f"theme '{theme}' is not in the '{which}' list of "
                        f"{listed.path}; choose one from it, or add it there",
                    )
                )


def _actions(
    review: m.ReviewModel,
    ids: set[str],
    agencies: set[str],
    today: date | None,
    problems: list[Problem],
) -> None:
    """Each action answers a finding and is owned by an agency in scope; once the review is
    published, every finding has the partners' response and no open action is past due."""
    findings = {f.id for f in review.findings}
    people = [
        (
            e,
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(i) for i in e.identifiers if i.strip())
                + r")(?!\w)",
                re.IGNORECASE,
            ),
        )
        for e in (review.register.people if review.register and review.actions else [])
        if e.role != "professional" and any(i.strip() for i in e.identifiers)
    ]
    for action in review.actions:
        for entry, pattern in people:  # an owner is a role; a professional may be named
            if pattern.search(action.role):
                line, col = action.origin.at("role")
                problems.append(
                    Problem(
                        action.origin.path,
                        line,
                        col,
                        f"the role names {entry.id}, who is not registered as "
                        "a professional: give the owner's role, not a name",
                    )
                )
        if action.finding and action.finding not in findings:
            line, col = action.origin.at("finding")
            what = "is not a finding" if action.finding in ids else "does not exist"
            problems.append(
                Problem(action.origin.path, line, col, f"finding '{action.finding}' {what}")
            )
        if action.agency and agencies and action.agency not in agencies:
            line, col = action.origin.at("agency")
            problems.append(
                Problem(
                    action.origin.path,
                    line,
                    col,
                    f"agency '{action.agency}' is not an agency in scope.toml",
                )
            )
        for evidence in action.evidence:
            if evidence.source and evidence.source not in ids:
                line, col = evidence.origin.at("source")
                problems.append(
                    Problem(
                        action.origin.path,
                        line,
                        col,
                        f"evidence source '{evidence.source}' does not exist",
                    )
                )
    if not published(review):
        return
    if today is None:
        today = current_day()
    for finding in unanswered(review):
        line, col = finding.origin.at("id")
        problems.append(
            Problem(
                finding.origin.path,
                line,
                col,
                f"the review is published but {finding.id} has no response "
                "from the partners: add an action (actions/ACT-*.toml) "
                f'with finding = "{finding.id}" and a response',
            )
        )
    for action in review.actions:
        if action.due is not None and action.overdue(today):
            line, col = action.origin.at("due")
            problems.append(
                Problem(
                    action.origin.path,
                    line,
                    col,
                    f"{action.id} was due on {action.due.isoformat()} and is "
                    f"still {action.status} ({today.isoformat()}): update its "
                    "status, or agree a new due date",
                )
            )
