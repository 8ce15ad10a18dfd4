"""The review's records as plain Python values.

Nothing here reads files or imports a UI or git library: the store builds these records, the
checker, the build and the UI read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# Allowed values, shared by the checker, the UI's pickers and the docs.
REVIEW_TYPES = ("SCR", "LCSPR", "CPR", "SAR", "other")
STAGES = ("setting-up", "running", "outputs", "published")
COMPLICATING_KINDS = ("disciplinary", "criminal", "coroner", "media", "other")
SOURCE_KINDS = (
    "agency record",
    "practitioner conversation",
    "family conversation",
    "policy/procedure",
    "audit",
    "inspection",
    "performance data",
    "ICT system",
    "other",
)
ACCESS = ("full", "partial", "refused", "pending")
PRECISIONS = ("day", "month", "year", "approximate")
FACTOR_CATEGORIES = (
    "individual",
    "family-interaction",
    "task",
    "tools",
    "team",
    "organisation",
    "interagency",
    "context",
)
FACTOR_TYPES = ("contributory", "latent")
ROLES = ("child", "parent", "relative", "professional", "other")
QUESTION_STATUSES = ("not started", "partly", "met", "n.a.")
CHALLENGE_STATUSES = ("open", "responded", "resolved", "impasse")
PARTS = (
    "review",
    "purpose",
    "scope",
    "sources",
    "chronology",
    "episodes",
    "findings",
    "register",
    "challenges",
    "report",
)

EPISODE_SECTIONS = ("What happened", "Appraisal of practice", "Local rationality")
FINDING_SECTIONS = (
    "Finding",
    "How it showed in this case",
    "Why it is underlying, not a quirk",
    "How widespread, and how we know",
    "Why it matters",
    "Questions for the board",
    "Counter-evidence considered",
)
CHALLENGE_SECTIONS = ("Challenge", "Response")

# Record ids. A bracketed token of this shape in prose is a reference.
ID_PATTERNS = {
    "source": re.compile(r"SRC-\d{3,}"),
    "chronology": re.compile(r"CH-\d{4,}"),
    "episode": re.compile(r"KPE-\d{2,}"),
    "finding": re.compile(r"F-\d{2,}"),
    "challenge": re.compile(r"CHL-\d{3,}"),
    "line_of_enquiry": re.compile(r"LOE-\d{2,}"),
    "person": re.compile(r"P-\d{2,}"),
    "place": re.compile(r"PL-\d{2,}"),
    "organisation": re.compile(r"ORG-\d{2,}"),
    "term": re.compile(r"T-\d{2,}"),
}
REFERENCE = re.compile(r"\[([A-Z]{1,4}-\d{2,})\]")
AGENCY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def references_in(text: str) -> list[tuple[str, int]]:
    """The ids referenced in prose, with their character offsets."""
    return [(m.group(1), m.start(1)) for m in REFERENCE.finditer(text)]


@dataclass(frozen=True)
class Origin:
    """Where a record came from: its file, its first line, and the line/col of each key."""

    path: str
    line: int | None = None
    keys: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False)

    def at(self, key: str | None = None) -> tuple[int | None, int | None]:
        if key is not None and key in self.keys:
            return self.keys[key]
        return (self.line, None) if self.line is not None else (None, None)


@dataclass
class Section:
    """A `## Heading` section of a Markdown record; `line` is the heading's line in the file."""

    title: str
    text: str
    line: int


@dataclass
class Review:
    title: str
    label: str
    type: str
    stage: str
    partnership: str = ""
    lead_reviewers: list[str] = field(default_factory=list)
    supervisor: str = ""
    model: str = ""
    dates: dict[str, date] = field(default_factory=dict)
    origin: Origin = field(default_factory=lambda: Origin("review.toml"))


@dataclass
class ComplicatingFactor:
    kind: str
    description: str
    acknowledged: str
    origin: Origin


@dataclass
class Communication:
    audience: str
    date: date | None
    how: str
    origin: Origin


@dataclass
class Purpose:
    statement: str
    body: str
    factors: list[ComplicatingFactor]
    communications: list[Communication]
    sections: list[Section]
    origin: Origin
    body_line: int = 1


@dataclass
class LineOfEnquiry:
    id: str
    question: str
    origin: Origin


@dataclass
class Agency:
    id: str
    name: str
    role: str
    origin: Origin


@dataclass
class Scope:
    terms_of_reference: str
    period_start: date | None
    period_end: date | None
    period_rationale: str
    lines_of_enquiry: list[LineOfEnquiry]
    agencies: list[Agency]
    case_factors: list[str]
    context_factors: list[str]
    proportionality_rationale: str
    methodology: dict[str, object]
    governance: dict[str, object]
    involvement: dict[str, object]
    origin: Origin


@dataclass
class Source:
    id: str
    title: str
    kind: str
    access: str
    agency: str = ""
    requested: date | None = None
    received: date | None = None
    non_cooperation: str = ""
    location: str = ""
    notes: str = ""
    origin: Origin = field(default_factory=lambda: Origin(""))


@dataclass
class ChronologyEntry:
    id: str
    agency: str
    date: date | None
    what: str
    source: str
    precision: str = "day"
    who: str = ""
    significance: str = ""
    origin: Origin = field(default_factory=lambda: Origin(""))


@dataclass
class Factor:
    category: str
    type: str
    description: str
    evidence: list[str]
    origin: Origin


@dataclass
class Episode:
    id: str
    title: str
    start: date | None
    end: date | None
    chronology: list[str]
    standard: str
    hindsight_technique: str
    factors: list[Factor]
    sections: dict[str, Section]
    body: str
    origin: Origin
    body_line: int = 1


@dataclass
class Finding:
    id: str
    title: str
    priority: int | None
    evidence: list[str]
    sections: dict[str, Section]
    body: str
    origin: Origin
    body_line: int = 1


@dataclass
class RegisterEntry:
    """A real identifier and what the publication says instead."""

    id: str
    kind: str  # person, place, organisation, term
    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    origin: Origin = field(default_factory=lambda: Origin("register.toml"))

    @property
    def identifiers(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class SurnameRule:
    name: str
    label: str
    origin: Origin = field(default_factory=lambda: Origin("register.toml"))


@dataclass
class Allowance:
    text: str
    reason: str
    origin: Origin = field(default_factory=lambda: Origin("register.toml"))


@dataclass
class Register:
    entries: list[RegisterEntry] = field(default_factory=list)
    surnames: list[SurnameRule] = field(default_factory=list)
    allows: list[Allowance] = field(default_factory=list)

    @property
    def people(self) -> list[RegisterEntry]:
        return [e for e in self.entries if e.kind == "person"]


@dataclass
class GuidanceSection:
    title: str
    text: str


@dataclass
class Question:
    id: str
    text: str
    status: str
    note: str
    evidence: list[str]
    origin: Origin


@dataclass
class Marker:
    id: str
    title: str
    stage: str
    parts: list[str]
    source: str
    statement: str
    rationale: str
    guidance: list[GuidanceSection]
    questions: list[Question]
    origin: Origin

    def progress(self) -> dict[str, int]:
        counts = {status: 0 for status in QUESTION_STATUSES}
        for question in self.questions:
            if question.status in counts:
                counts[question.status] += 1
        return counts


@dataclass
class Challenge:
    id: str
    target: str
    raised_by: str
    raised: date | None
    status: str
    sections: dict[str, Section]
    origin: Origin
    body: str = ""
    body_line: int = 1


@dataclass
class ReportSection:
    path: str
    title: str
    body: str
    origin: Origin
    body_line: int = 1


@dataclass
class ReviewModel:
    """The whole review as loaded. Parts that could not be loaded are None or left out."""

    root: str
    review: Review | None = None
    purpose: Purpose | None = None
    scope: Scope | None = None
    sources: list[Source] = field(default_factory=list)
    chronology: list[ChronologyEntry] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    register: Register | None = None
    markers: list[Marker] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    report: list[ReportSection] = field(default_factory=list)

    def integrated_chronology(self) -> list[ChronologyEntry]:
        """All agencies' entries as one chronology: by date, then id; undated entries last."""
        return sorted(
            self.chronology,
            key=lambda e: (e.date is None, e.date or date.min, e.id),
        )

    def known_ids(self) -> dict[str, Origin]:
        """Every record id in the review, mapped to where it is defined (first definition)."""
        ids: dict[str, Origin] = {}
        records: list = [
            *self.sources,
            *self.chronology,
            *self.episodes,
            *self.findings,
            *self.challenges,
        ]
        if self.scope is not None:
            records += self.scope.lines_of_enquiry
        if self.register is not None:
            records += self.register.entries
        for record in records:
            ids.setdefault(record.id, record.origin)
        return ids

    def findings_by_priority(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.priority is None, f.priority or 0, f.id))
