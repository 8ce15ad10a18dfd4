"""The review's records as plain Python values.

Nothing here reads files or imports a UI or git library: the store builds these records, the
checker, the build and the UI read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The single files every review has.
WORKSPACE_FILES = ("review.toml", "purpose.md", "scope.toml", "register.toml")

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
    "agency chronology",  # an agency's own chronology, brought in by `scr import chronology`
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
# actions/ACT-001.toml: the partners' improvement actions after the review. Planned and in
# progress are open (and can be overdue); a dropped action says why in `reason`.
ACTION_STATUSES = ("planned", "in progress", "done", "dropped")
OPEN_ACTION_STATUSES = ("planned", "in progress")
# [learning] in review.toml: what the national learning export records about the child and the
# harm (the NSPCC repository's and the Case Review Tracker's fields), as coarse bands only.
HARMS = ("death", "serious harm")
AGE_BANDS = ("unborn", "under 1", "1-4", "5-9", "10-15", "16-17", "18 and over")
SEXES = ("female", "male", "not stated")
MOST_ABUSE_THEMES = 3  # the tracker's abuse and vulnerability themes 1-3
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
# rapid-review.md: what the safeguarding partners' rapid review found (Working Together 2023,
# chapter 5), in the order the rapid review document gives it. None is required: a rapid
# review is written in its first 15 working days, and the build says what is still missing.
RAPID_REVIEW_FILE = "rapid-review.md"
RAPID_REVIEW_SECTIONS = (
    "The facts in brief",
    "Agency involvement",
    "Key practice episodes",
    "Immediate learning",
    "Action already taken",
    "Racism and other inequalities",
    "Whether the criteria for an LCSPR are met",
    "The decision and its rationale",
)
# the parts the rapid review document must have: the rest are shown when written
RAPID_REVIEW_NEEDED = (
    "The facts in brief",
    "Immediate learning",
    "Action already taken",
    "Whether the criteria for an LCSPR are met",
    "The decision and its rationale",
)
RAPID_REVIEW_DECISIONS = ("lcspr", "no-lcspr")
# briefing.md: the parts of the learning briefing ("7-minute briefing") that have no other home
# in the workspace; the findings and their questions for the board come from findings/.
BRIEFING_FILE = "briefing.md"
BRIEFING_SECTIONS = (
    "The case in brief",
    "Why it matters",
    "What practitioners should do differently",
    "Where to find the full report",
)
# the parts the briefing must have: the last one has a default (the report's title)
BRIEFING_NEEDED = BRIEFING_SECTIONS[:3]
# Word lists the partnership keeps in the review and can extend: the controlled learning themes
# (the national learning export) and plain-English alternatives to jargon (readability).
THEMES_FILE = "learning-themes.toml"
PLAIN_ENGLISH_FILE = "plain-english.toml"

# Record ids. A bracketed token of this shape in prose is a reference.
ID_PATTERNS = {
    "source": re.compile(r"SRC-\d{3,}"),
    "chronology": re.compile(r"CH-\d{4,}"),
    "episode": re.compile(r"KPE-\d{2,}"),
    "finding": re.compile(r"F-\d{2,}"),
    "challenge": re.compile(r"CHL-\d{3,}"),
    "action": re.compile(r"ACT-\d{3,}"),
    "line_of_enquiry": re.compile(r"LOE-\d{2,}"),
    "person": re.compile(r"P-\d{2,}"),
    "place": re.compile(r"PL-\d{2,}"),
    "organisation": re.compile(r"ORG-\d{2,}"),
    "term": re.compile(r"T-\d{2,}"),
}
REFERENCE = re.compile(r"\[([A-Z]{1,4}-\d{2,})\]")
# The longest word (letters and digits) of prose, and the longest registered name, alias or
# form, that scr checks for names; longer ones are `scr check` problems. No name is that long,
# and a longer word can only be a pasted blob, which the build would carry unchecked.
LONGEST_WORD = 100
LONGEST_NAME = 200
LONG_WORD = re.compile(r"[^\W_]{" + str(LONGEST_WORD + 1) + ",}")
AGENCY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def references_in(text: str) -> list[tuple[str, int]]:
    """The ids referenced in prose, with their character offsets."""
    return [(m.group(1), m.start(1)) for m in REFERENCE.finditer(text)]


class KeyIndex(Mapping[str, tuple[int, int]]):
    """Key path -> (line, col), computed on first use by the function the store provides.

    Locating keys costs a scan of the file; most loads never report a problem, so they
    never pay for it.
    """

    def __init__(self, compute: Callable[[], dict[str, tuple[int, int]]] | None = None) -> None:
        self._compute = compute
        self._keys: dict[str, tuple[int, int]] | None = None if compute else {}

    @property
    def _found(self) -> dict[str, tuple[int, int]]:
        if self._keys is None:
            self._keys = self._compute() if self._compute else {}
        return self._keys

    def __getitem__(self, key: str) -> tuple[int, int]:
        return self._found[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


@dataclass(frozen=True)
class Origin:
    """Where a record came from: its file, and where in it.

    `prefix` is the record's key path inside the file ("entry[3]" for the fourth chronology
    entry, "" for a whole-file record); `keys` locates every key of the file.
    """

    path: str
    first_line: int | None = None
    keys: Mapping[str, tuple[int, int]] = field(default_factory=KeyIndex, compare=False)
    prefix: str = ""

    @property
    def line(self) -> int | None:
        if self.prefix and self.prefix in self.keys:
            return self.keys[self.prefix][0]
        return self.first_line

    def child(self, prefix: str) -> Origin:
        return Origin(self.path, self.first_line, self.keys, prefix)

    def at(self, key: str | None = None) -> tuple[int | None, int | None]:
        """(line, col) of a key of this record, else of the record itself."""
        if key is not None:
            path = f"{self.prefix}.{key}" if self.prefix else key
            if path in self.keys:
                return self.keys[path]
        if self.prefix and self.prefix in self.keys:
            return self.keys[self.prefix]
        return (None, None)  # a whole-file record: what is missing is nowhere in the file


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
    kind: str = ""  # a kinds/<id>.toml; "" in reviews made before kinds (the legacy SCR)
    source_overdue_days: int = 28  # [sources] overdue_after_days: a request unanswered this long
    include_action_plan: bool = False  # [build] include_action_plan: the plan in the draft
    include_timeline: bool = False  # [build] include_timeline: the month-level timeline
    readability: Readability = field(default_factory=lambda: Readability())
    learning: Learning = field(default_factory=lambda: Learning())


@dataclass
class Readability:
    """[readability] in review.toml: the figures `scr check --readability` compares against.

    Defaults are the figures commonly quoted for documents for the public: a Flesch reading
    ease of 60 to 70 (or more: higher is easier), sentences of 15 to 20 words on average, and
    no sentence over 30 words.
    """

    reading_ease_min: float = 60.0
    sentence_words_max: float = 20.0
    long_sentence_words: int = 30


@dataclass
class Learning:
    """[learning] in review.toml: what the national learning export says about the review.

    Themes come from the controlled list in learning-themes.toml; the rest are choices
    (model.HARMS, AGE_BANDS, SEXES) or free text for the partnership to write.
    """

    themes: list[str] = field(default_factory=list)  # abuse and vulnerability themes, 1-3
    learning_themes: list[str] = field(default_factory=list)
    harm: str = ""
    age_band: str = ""
    sex: str = ""
    anonymous: bool = False  # the export names the partnership as "anonymous"
    link: str = ""  # where the published report is
    spread: list[str] = field(default_factory=list)  # how the learning was spread
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
    # Written by `scr import chronology`: the time of day ("10:30"), the date as the agency
    # wrote it when it was not exact to the day ("c. 2023"), the agency's own record reference,
    # the spreadsheet row the entry came from and a hash of that row's cells (for re-imports).
    time: str = ""
    date_text: str = ""
    record: str = ""
    row: int | None = None
    row_hash: str = ""


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
    themes: list[str] = field(default_factory=list)  # learning themes, from the controlled list


@dataclass
class ImpactEvidence:
    """What shows an action made a difference: a source (an id) or a note, and its date."""

    date: date | None
    source: str
    note: str
    origin: Origin


@dataclass
class Action:
    """actions/ACT-001.toml: the partners' response to a finding and one thing they will do.

    The owner is an agency of scope.toml and a role in it, not a person.
    """

    id: str
    finding: str
    response: str
    action: str
    agency: str
    role: str
    due: date | None
    status: str
    reason: str
    evidence: list[ImpactEvidence]
    origin: Origin

    def overdue(self, today: date) -> bool:
        """Still open (planned or in progress) after its due date."""
        return self.status in OPEN_ACTION_STATUSES and self.due is not None and self.due < today


@dataclass
class ThemeList:
    """learning-themes.toml: the controlled themes a review and its findings may declare."""

    abuse: list[str]
    learning: list[str]
    path: str  # the file the list was read from, as a problem names it


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
    # Derived forms written as one token: initials, handles, run-together spellings ("KH",
    # "kerryh85"). Replaced whole, in any case; never split into words as aliases are.
    forms: list[str] = field(default_factory=list)
    # Phrases in which a word of this entry is not a name ("River Tay"): kept as written.
    ambiguous: list[str] = field(default_factory=list)

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
    resolved_by: str = ""  # set by `scr challenge resolve`, with the date
    resolved: date | None = None


@dataclass
class RapidReview:
    """rapid-review.md: the partners' finding on the criteria, their decision, and the prose."""

    criteria_met: bool | None  # None: not yet recorded
    decision: str  # one of RAPID_REVIEW_DECISIONS, or "" while undecided
    sections: dict[str, Section]
    body: str
    origin: Origin
    body_line: int = 1

    def text(self, title: str) -> str:
        section = self.sections.get(title)
        return section.text.strip() if section is not None else ""


@dataclass
class Briefing:
    """briefing.md: the learning briefing's own prose (the case, why it matters, what to do)."""

    sections: dict[str, Section]
    body: str
    origin: Origin
    body_line: int = 1
    report_url: str = ""  # where the published report is, or "" until it is

    def text(self, title: str) -> str:
        section = self.sections.get(title)
        return section.text.strip() if section is not None else ""


@dataclass
class ReportSection:
    path: str
    title: str
    body: str
    origin: Origin
    body_line: int = 1


IdentifiedRecord = (
    Source | ChronologyEntry | Episode | Finding | Challenge | LineOfEnquiry | RegisterEntry
)


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
    kinds: list[Any] = field(default_factory=list)  # the workspace's own kinds/*.toml (kinds.Kind)
    rapid_review: RapidReview | None = None  # rapid-review.md, where the review has one
    briefing: Briefing | None = None  # briefing.md, where the review has one
    actions: list[Action] = field(default_factory=list)  # actions/ACT-*.toml
    themes: ThemeList | None = None  # learning-themes.toml (or scr's default list)

    def integrated_chronology(self) -> list[ChronologyEntry]:
        """All agencies' entries as one chronology: by date, then id; undated entries last."""
        return sorted(
            self.chronology,
            key=lambda e: (e.date is None, e.date or date.min, e.id),
        )

    def identified_records(self) -> list[IdentifiedRecord]:
        """Every record that carries an id, in load order."""
        records: list[IdentifiedRecord] = [
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
        return records

    def known_ids(self) -> dict[str, Origin]:
        """Every record id in the review, mapped to where it is defined (first definition)."""
        ids: dict[str, Origin] = {}
        for record in self.identified_records():
            ids.setdefault(record.id, record.origin)
        return ids

    def findings_by_priority(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.priority is None, f.priority or 0, f.id))
