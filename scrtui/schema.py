"""Turning parsed TOML data into records, collecting every problem on the way.

Plain Python: the store hands over already-parsed mappings and the key positions it found in
the file; this module never reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from . import model as m
from .problems import Problem

TEXT, LIST, DATE, INT, TABLE = "text", "list of text", "date", "whole number", "table"
BOOL = "boolean (true or false)"
NUMBER = "number"

TomlTable = Mapping[str, Any]  # a table as the TOML parser gives it


@dataclass
class Reader:
    """Reads typed fields from one record's table and records a problem for each bad one."""

    data: TomlTable
    origin: m.Origin  # the record's origin; its prefix is this table's key path in the file
    problems: list[Problem]

    @property
    def prefix(self) -> str:
        return self.origin.prefix

    def problem(self, key: str | None, message: str) -> None:
        line, col = self.origin.at(key)
        self.problems.append(Problem(self.origin.path, line, col, message))

    def get(
        self,
        key: str,
        kind: str,
        required: bool = False,
        choices: Collection[str] | None = None,
        default: Any = None,
    ) -> Any:  # of the type `kind` names
        if key not in self.data:
            if required:
                self.problem(None, f"missing required field '{self._name(key)}'")
            return default
        value = self.data[key]
        checked = _check_type(value, kind)
        if checked is _WRONG:
            self.problem(key, f"'{self._name(key)}' should be a {kind}, not {_describe(value)}")
            return default
        if required and kind in (TEXT, LIST) and not checked:
            self.problem(key, f"'{self._name(key)}' is empty")
        if choices is not None and checked not in choices and checked != "":
            allowed = ", ".join(choices)
            self.problem(key, f"'{self._name(key)}' is '{checked}'; expected one of: {allowed}")
        return checked

    def text(self, key: str, required: bool = False, choices: Collection[str] | None = None) -> str:
        value = self.data.get(key)
        if type(value) is str and value and choices is None:  # the common case, fast
            return value
        return self.get(key, TEXT, required, choices, default="")

    def texts(self, key: str, required: bool = False) -> list[str]:
        return self.get(key, LIST, required, default=[])

    def date(self, key: str, required: bool = False) -> date | None:
        return self.get(key, DATE, required)

    def table(self, key: str, required: bool = False) -> TomlTable:
        return self.get(key, TABLE, required, default={})

    def tables(self, key: str) -> list[TomlTable]:
        """An array of tables (`[[key]]`); anything else there is reported."""
        if key not in self.data:
            return []
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.problem(key, f"'{self._name(key)}' should be a list of tables ([[{key}]])")
            return []
        return value

    def sub(self, key: str, index: int | None = None) -> Reader:
        data = self.data.get(key, {})
        path = f"{self.prefix}.{key}" if self.prefix else key
        if index is not None:
            data = data[index]
            path = f"{path}[{index}]"
        data = data if isinstance(data, Mapping) else {}
        return Reader(data, self.origin.child(path), self.problems)

    def _name(self, key: str) -> str:
        inner = self.prefix.split("[")[0] if self.prefix else ""
        return f"{inner}.{key}" if inner else key


_WRONG = object()


def _check_type(value: Any, kind: str) -> object:
    if kind == TEXT:
        return value if isinstance(value, str) else _WRONG
    if kind == LIST:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return _WRONG
    if kind == DATE:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        return _WRONG
    if kind == INT:
        return value if isinstance(value, int) and not isinstance(value, bool) else _WRONG
    if kind == TABLE:
        return value if isinstance(value, Mapping) else _WRONG
    if kind == BOOL:
        return value if isinstance(value, bool) else _WRONG
    if kind == NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return float(value) if ok else _WRONG
    raise ValueError(kind)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f'the text "{shown}"'
    if isinstance(value, datetime):
        return "a date with a time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__


def _expect_id(
    reader: Reader, key: str, pattern: re.Pattern[str], expected: str | None = None
) -> str:
    value = reader.text(key, required=True)
    if value and not pattern.fullmatch(value):
        reader.problem(key, f"'{key}' is '{value}', not an id of the form {pattern.pattern}")
    elif value and expected is not None and value != expected:
        reader.problem(key, f"id '{value}' does not match the file name '{expected}'")
    return value


def review(data: TomlTable, origin: m.Origin, problems: list[Problem]) -> m.Review:
    r = Reader(data, origin, problems)
    dates: dict[str, date] = {}
    table = r.table("dates")
    dates_reader = r.sub("dates")
    for key in table:
        value = dates_reader.date(key)
        if value is not None:
            dates[key] = value
    kind = r.text("kind")
    sources = r.sub("sources")
    overdue_days = sources.get("overdue_after_days", INT, default=28)
    if overdue_days < 1:
        sources.problem("overdue_after_days", "'sources.overdue_after_days' should be 1 or more")
        overdue_days = 28
    build = r.sub("build")
    r.table("build")
    include_plan = build.get("include_action_plan", BOOL, default=False)
    include_timeline = build.get("include_timeline", BOOL, default=False)
    return m.Review(
        title=r.text("title", required=True),
        label=r.text("label", required=True),
        # `type` said the kind before kinds were data; a review with a `kind` needs no `type`
        type=r.text("type", required=not kind, choices=m.REVIEW_TYPES),
        stage=r.text("stage", required=True, choices=m.STAGES),
        partnership=r.text("partnership"),
        lead_reviewers=r.texts("lead_reviewers"),
        supervisor=r.text("supervisor"),
        model=r.text("model"),
        dates=dates,
        origin=origin,
        kind=kind,
        source_overdue_days=overdue_days,
        include_action_plan=include_plan,
        include_timeline=include_timeline,
        readability=_readability(r),
        learning=_learning(r),
    )


def _readability(r: Reader) -> m.Readability:
    """[readability]: the thresholds `scr check --readability` compares against."""
    r.table("readability")
    t = r.sub("readability")
    default = m.Readability()
    ease = t.get("reading_ease_min", NUMBER, default=default.reading_ease_min)
    words = t.get("sentence_words_max", NUMBER, default=default.sentence_words_max)
    long = t.get("long_sentence_words", INT, default=default.long_sentence_words)
    if words <= 0:
        t.problem("sentence_words_max", "'readability.sentence_words_max' should be above 0")
        words = default.sentence_words_max
    if long < 1:
        t.problem("long_sentence_words", "'readability.long_sentence_words' should be 1 or more")
        long = default.long_sentence_words
    return m.Readability(ease, words, long)


def _learning(r: Reader) -> m.Learning:
    """[learning]: what the national learning export records (themes are checked against the
    controlled list by `check`, which knows the list)."""
    r.table("learning")
    t = r.sub("learning")
    themes = t.texts("themes")
    if len(themes) > m.MOST_ABUSE_THEMES:
        t.problem(
            "themes",
            f"'learning.themes' has {len(themes)} themes; the national "
            f"record takes at most {m.MOST_ABUSE_THEMES} (the main ones first)",
        )
    return m.Learning(
        themes=themes,
        learning_themes=t.texts("learning_themes"),
        harm=t.text("harm", choices=m.HARMS),
        age_band=t.text("age_band", choices=m.AGE_BANDS),
        sex=t.text("sex", choices=m.SEXES),
        anonymous=t.get("anonymous", BOOL, default=False),
        link=t.text("link"),
        spread=t.texts("spread"),
        origin=t.origin,
    )


def purpose(
    data: TomlTable, origin: m.Origin, sections: list[m.Section], body: str, problems: list[Problem]
) -> m.Purpose:
    r = Reader(data, origin, problems)
    factors = []
    for index, _ in enumerate(r.tables("complicating_factor")):
        f = r.sub("complicating_factor", index)
        factors.append(
            m.ComplicatingFactor(
                kind=f.text("kind", required=True, choices=m.COMPLICATING_KINDS),
                description=f.text("description", required=True),
                acknowledged=f.text("acknowledged", required=True),
                origin=f.origin,
            )
        )
    communications = []
    for index, _ in enumerate(r.tables("communication")):
        c = r.sub("communication", index)
        communications.append(
            m.Communication(
                audience=c.text("audience", required=True),
                date=c.date("date", required=True),
                how=c.text("how", required=True),
                origin=c.origin,
            )
        )
    statement = _statement(body)
    if not statement:
        problems.append(Problem(origin.path, None, None, "the purpose statement is empty"))
    return m.Purpose(statement, body, factors, communications, sections, origin)


def _statement(body: str) -> str:
    """The prose before the first `##` heading, without the title line."""
    lines: list[str] = []
    for line in body.split("\n"):
        if line.startswith("## "):
            break
        if line.startswith("# ") and not lines:
            continue
        lines.append(line)
    return "\n".join(lines).strip()


def rapid_review(
    data: TomlTable, origin: m.Origin, sections: list[m.Section], body: str, problems: list[Problem]
) -> m.RapidReview:
    """rapid-review.md's front matter checked where it stands; its sections by title."""
    r = Reader(data, origin, problems)
    criteria = r.get("criteria_met", BOOL)
    decision = r.text("decision", choices=m.RAPID_REVIEW_DECISIONS)
    if decision not in m.RAPID_REVIEW_DECISIONS:
        decision = ""
    by_title: dict[str, m.Section] = {}
    for section in sections:
        if section.title in by_title:
            problems.append(
                Problem(origin.path, section.line, 1, f"section '## {section.title}' appears twice")
            )
            continue
        by_title[section.title] = section
    return m.RapidReview(criteria, decision, by_title, body, origin)


def briefing(
    data: TomlTable, origin: m.Origin, sections: list[m.Section], body: str, problems: list[Problem]
) -> m.Briefing:
    """briefing.md: the published report's address (`report_url`, http or https) checked
    where it stands; its sections by title, once each."""
    r = Reader(data, origin, problems)
    url = r.text("report_url").strip()
    if url and not re.match(r"https?://[^\s/]+\.[^\s]+$", url):
        r.problem(
            "report_url", f"'report_url' should be a web address (https://...), not \"{url}\""
        )
        url = ""
    by_title: dict[str, m.Section] = {}
    for section in sections:
        if section.title in by_title:
            problems.append(
                Problem(origin.path, section.line, 1, f"section '## {section.title}' appears twice")
            )
            continue
        by_title[section.title] = section
    return m.Briefing(by_title, body, origin, report_url=url)


def scope(data: TomlTable, origin: m.Origin, problems: list[Problem]) -> m.Scope:
    r = Reader(data, origin, problems)
    r.table("period")
    period = r.sub("period")
    start = period.date("start")
    end = period.date("end")
    if start and end and end < start:
        period.problem("end", f"the period ends ({end}) before it starts ({start})")
    lines = []
    for index, _ in enumerate(r.tables("line_of_enquiry")):
        q = r.sub("line_of_enquiry", index)
        lines.append(
            m.LineOfEnquiry(
                id=_expect_id(q, "id", m.ID_PATTERNS["line_of_enquiry"]),
                question=q.text("question", required=True),
                origin=q.origin,
            )
        )
    agencies = []
    for index, _ in enumerate(r.tables("agency")):
        a = r.sub("agency", index)
        agencies.append(
            m.Agency(
                id=_expect_id(a, "id", m.AGENCY_ID),
                name=a.text("name", required=True),
                role=a.text("role"),
                origin=a.origin,
            )
        )
    proportionality = r.sub("proportionality")
    r.table("proportionality")
    _published_texts(r)
    return m.Scope(
        terms_of_reference=r.text("terms_of_reference").strip(),
        period_start=start,
        period_end=end,
        period_rationale=period.text("rationale").strip(),
        lines_of_enquiry=lines,
        agencies=agencies,
        case_factors=proportionality.texts("case_factors"),
        context_factors=proportionality.texts("context_factors"),
        proportionality_rationale=proportionality.text("rationale"),
        methodology=dict(r.table("methodology")),
        governance=dict(r.table("governance")),
        involvement=dict(r.table("involvement")),
        origin=origin,
    )


# The scope tables the publication quotes, field by field: each must be text (techniques a list of
# texts), or the draft would publish a string letter by letter or fail on a number.
_PUBLISHED_TEXTS = {
    "methodology": (("model", "description"), ("techniques",)),
    "governance": (("conducted_by", "quality_assured_by", "signed_off_by"), ()),
    "involvement": (("family", "practitioners"), ()),
}


def _published_texts(r: Reader) -> None:
    for table, (texts, lists) in _PUBLISHED_TEXTS.items():
        if not isinstance(r.data.get(table, {}), Mapping):
            continue  # Scope's own r.table() reports the wrong type, once
        sub = r.sub(table)
        for key in texts:
            sub.text(key)
        for key in lists:
            sub.texts(key)


def source(
    data: TomlTable, origin: m.Origin, expected_id: str, problems: list[Problem]
) -> m.Source:
    r = Reader(data, origin, problems)
    record = m.Source(
        id=_expect_id(r, "id", m.ID_PATTERNS["source"], expected_id),
        title=r.text("title", required=True),
        kind=r.text("kind", required=True, choices=m.SOURCE_KINDS),
        access=r.text("access", required=True, choices=m.ACCESS),
        agency=r.text("agency"),
        requested=r.date("requested"),
        received=r.date("received"),
        non_cooperation=r.text("non_cooperation"),
        location=r.text("location"),
        notes=r.text("notes"),
        origin=origin,
    )
    if record.access in ("partial", "refused") and not record.non_cooperation.strip():
        r.problem("access", f"access is {record.access}: say why in 'non_cooperation'")
    if record.requested and record.received and record.received < record.requested:
        r.problem("received", "received before it was requested")
    return record


def chronology(
    data: TomlTable, origin: m.Origin, expected_agency: str, problems: list[Problem]
) -> list[m.ChronologyEntry]:
    r = Reader(data, origin, problems)
    agency = r.text("agency", required=True)
    if agency and agency != expected_agency:
        r.problem("agency", f"agency '{agency}' does not match the file name '{expected_agency}'")
    entries = []
    for index, _ in enumerate(r.tables("entry")):
        e = r.sub("entry", index)
        entries.append(
            m.ChronologyEntry(
                id=_expect_id(e, "id", m.ID_PATTERNS["chronology"]),
                agency=agency or expected_agency,
                date=e.date("date", required=True),
                what=e.text("what", required=True),
                source=e.text("source", required=True),
                precision=e.text("precision", choices=m.PRECISIONS) or "day",
                who=e.text("who"),
                significance=e.text("significance"),
                origin=e.origin,
                time=_time(e),
                date_text=e.text("date_text"),
                record=e.text("record"),
                row=_row(e),
                row_hash=e.text("row_hash"),
            )
        )
    _import_mapping(r)
    return entries


_HHMM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
MAPPING_FIELDS = (
    "date",
    "time",
    "what",
    "who",
    "role",
    "outcome",
    "record",
    "significance",
    "ignore",
)  # the fields of chronology.mapping, which imports them


def _time(e: Reader) -> str:
    value = e.text("time")
    if value and not _HHMM.fullmatch(value):
        e.problem("time", f"'time' is '{value}'; write it as HH:MM (24-hour clock)")
    return value


def _row(e: Reader) -> int | None:
    value = e.get("row", INT)
    if value is not None and value < 1:
        e.problem("row", f"'row' is {value}; spreadsheet rows start at 1")
        return None
    return value


def _import_mapping(r: Reader) -> None:
    """`[mapping]`: how `scr import chronology` reads this agency's spreadsheets."""
    if "mapping" not in r.data:
        return
    if not isinstance(r.table("mapping"), Mapping):
        return
    mapping = r.sub("mapping")
    mapping.text("sheet")
    for key in mapping.data:
        if key == "sheet":
            continue
        if key not in MAPPING_FIELDS:
            mapping.problem(
                key, f"'mapping.{key}' is not a field; fields: {', '.join(MAPPING_FIELDS)}"
            )
            continue
        mapping.texts(key)


def _factors(r: Reader, origin: m.Origin) -> list[m.Factor]:
    factors = []
    for index, _ in enumerate(r.tables("factor")):
        f = r.sub("factor", index)
        factors.append(
            m.Factor(
                category=f.text("category", required=True, choices=m.FACTOR_CATEGORIES),
                type=f.text("type", required=True, choices=m.FACTOR_TYPES),
                description=f.text("description", required=True),
                evidence=f.texts("evidence"),
                origin=f.origin,
            )
        )
    return factors


def _require_sections(
    sections: list[m.Section], wanted: tuple[str, ...], origin: m.Origin, problems: list[Problem]
) -> dict[str, m.Section]:
    by_title: dict[str, m.Section] = {}
    for section in sections:
        by_title.setdefault(section.title, section)
    for title in wanted:
        found = by_title.get(title)
        if found is None:
            problems.append(Problem(origin.path, None, None, f"missing section '## {title}'"))
        elif not found.text:
            problems.append(Problem(origin.path, found.line, 1, f"section '{title}' is empty"))
    return by_title


def episode(
    data: TomlTable,
    origin: m.Origin,
    expected_id: str,
    sections: list[m.Section],
    body: str,
    problems: list[Problem],
) -> m.Episode:
    r = Reader(data, origin, problems)
    start, end = r.date("start", required=True), r.date("end", required=True)
    if start and end and end < start:
        r.problem("end", f"the episode ends ({end}) before it starts ({start})")
    chron = r.texts("chronology", required=True)
    by_title = _require_sections(sections, m.EPISODE_SECTIONS, origin, problems)
    return m.Episode(
        id=_expect_id(r, "id", m.ID_PATTERNS["episode"], expected_id),
        title=r.text("title", required=True),
        start=start,
        end=end,
        chronology=chron,
        standard=r.text("standard", required=True),
        hindsight_technique=r.text("hindsight_technique", required=True),
        factors=_factors(r, origin),
        sections=by_title,
        body=body,
        origin=origin,
    )


def finding(
    data: TomlTable,
    origin: m.Origin,
    expected_id: str,
    sections: list[m.Section],
    body: str,
    problems: list[Problem],
) -> m.Finding:
    r = Reader(data, origin, problems)
    priority = r.get("priority", INT, required=True)
    if priority is not None and priority < 1:
        r.problem("priority", f"'priority' is {priority}; 1 is the highest, so use 1 or more")
        priority = None
    evidence = r.get("evidence", LIST, default=[])
    if "evidence" not in data or evidence == []:
        where = "evidence" if "evidence" in data else None
        r.problem(where, "a finding needs evidence: list the episodes, entries or sources")
    by_title = _require_sections(sections, m.FINDING_SECTIONS, origin, problems)
    return m.Finding(
        id=_expect_id(r, "id", m.ID_PATTERNS["finding"], expected_id),
        title=r.text("title", required=True),
        priority=priority,
        evidence=evidence or [],
        sections=by_title,
        body=body,
        origin=origin,
        themes=r.texts("themes"),
    )


def action(
    data: TomlTable, origin: m.Origin, expected_id: str, problems: list[Problem]
) -> m.Action:
    """actions/ACT-001.toml: each field checked where it stands (the finding and the agency
    are checked against the rest of the review by `check`)."""
    r = Reader(data, origin, problems)
    status = r.text("status", required=True, choices=m.ACTION_STATUSES)
    reason = r.text("reason")
    if status == "dropped" and not reason.strip():
        r.problem("status", "a dropped action needs its reason: say why in 'reason'")
    evidence = []
    for index, _ in enumerate(r.tables("evidence")):
        e = r.sub("evidence", index)
        item = m.ImpactEvidence(
            e.date("date", required=True), e.text("source"), e.text("note"), e.origin
        )
        if not item.source.strip() and not item.note.strip():
            e.problem(None, "evidence of impact needs a 'source' (an id) or a 'note'")
        evidence.append(item)
    return m.Action(
        id=_expect_id(r, "id", m.ID_PATTERNS["action"], expected_id),
        finding=r.text("finding", required=True),
        response=r.text("response").strip(),
        action=r.text("action", required=True).strip(),
        agency=r.text("agency", required=True),
        role=r.text("role", required=True),
        due=r.date("due", required=status in m.OPEN_ACTION_STATUSES),
        status=status if status in m.ACTION_STATUSES else "",
        reason=reason.strip(),
        evidence=evidence,
        origin=origin,
    )


def themes(data: TomlTable, origin: m.Origin, problems: list[Problem]) -> m.ThemeList:
    """learning-themes.toml: two lists of themes, each a list of text."""
    r = Reader(data, origin, problems)
    return m.ThemeList(
        r.texts("abuse", required=True), r.texts("learning", required=True), origin.path
    )


REGISTER_KINDS = {
    "person": "person",
    "place": "place",
    "organisation": "organisation",
    "term": "term",
}


def register(data: TomlTable, origin: m.Origin, problems: list[Problem]) -> m.Register:
    r = Reader(data, origin, problems)
    entries = []
    for kind in REGISTER_KINDS:
        for index, _ in enumerate(r.tables(kind)):
            e = r.sub(kind, index)
            entry = m.RegisterEntry(
                id=_expect_id(e, "id", m.ID_PATTERNS[kind]),
                kind=kind,
                name=e.text("name", required=True),
                label=e.text("label", required=True),
                aliases=e.texts("aliases"),
                role=e.text("role", required=kind == "person", choices=m.ROLES),
                origin=e.origin,
                forms=e.texts("forms"),
                ambiguous=e.texts("ambiguous"),
            )
            _register_lengths(e, entry)
            entries.append(entry)
    surnames = []
    for index, _ in enumerate(r.tables("surname")):
        s = r.sub("surname", index)
        surnames.append(
            m.SurnameRule(
                s.text("name", required=True),
                s.text("label", required=True),
                s.origin,
            )
        )
    allows = []
    for index, _ in enumerate(r.tables("allow")):
        a = r.sub("allow", index)
        allows.append(
            m.Allowance(
                a.text("text", required=True),
                a.text("reason", required=True),
                a.origin,
            )
        )
    return m.Register(entries, surnames, allows)


def _register_lengths(reader: Reader, entry: m.RegisterEntry) -> None:
    """A name, alias or form longer than any real one is a problem: scr cannot use it."""
    for key, values in (
        ("name", [entry.name]),
        ("aliases", entry.aliases),
        ("forms", entry.forms),
        ("ambiguous", entry.ambiguous),
    ):
        for value in values:
            if len(value) > m.LONGEST_NAME:
                reader.problem(
                    key,
                    f"'{reader._name(key)}' has a text of {len(value)} "
                    f"characters; scr uses names of at most {m.LONGEST_NAME}",
                )


def marker(
    data: TomlTable, origin: m.Origin, expected_id: str, problems: list[Problem]
) -> m.Marker:
    r = Reader(data, origin, problems)
    marker_id = r.text("id", required=True)
    if marker_id and marker_id != expected_id:
        r.problem("id", f"id '{marker_id}' does not match the file name '{expected_id}'")
    parts = r.texts("parts")
    for part in parts:
        if part not in m.PARTS:
            r.problem("parts", f"unknown part '{part}'; parts are: {', '.join(m.PARTS)}")
    guidance = []
    for index, _ in enumerate(r.tables("guidance")):
        g = r.sub("guidance", index)
        guidance.append(m.GuidanceSection(g.text("title", required=True), g.text("text").strip()))
    questions = []
    for index, _ in enumerate(r.tables("question")):
        q = r.sub("question", index)
        questions.append(
            m.Question(
                id=q.text("id", required=True),
                text=q.text("text", required=True),
                status=q.text("status", choices=m.QUESTION_STATUSES) or "not started",
                note=q.text("note"),
                evidence=q.texts("evidence"),
                origin=q.origin,
            )
        )
    if not questions:
        r.problem(None, "a marker needs at least one [[question]]")
    return m.Marker(
        id=marker_id or expected_id,
        title=r.text("title", required=True),
        stage=r.text("stage"),
        parts=parts,
        source=r.text("source"),
        statement=r.text("statement", required=True).strip(),
        rationale=r.text("rationale").strip(),
        guidance=guidance,
        questions=questions,
        origin=origin,
    )


def challenge(
    data: TomlTable,
    origin: m.Origin,
    expected_id: str,
    sections: list[m.Section],
    problems: list[Problem],
) -> m.Challenge:
    r = Reader(data, origin, problems)
    by_title: dict[str, m.Section] = {}
    for section in sections:
        by_title.setdefault(section.title, section)
    if not by_title.get("Challenge") or not by_title["Challenge"].text:
        message = "the challenge has no '## Challenge' text"
        problems.append(Problem(origin.path, None, None, message))
    return m.Challenge(
        id=_expect_id(r, "id", m.ID_PATTERNS["challenge"], expected_id),
        target=r.text("target", required=True),
        raised_by=r.text("raised_by", required=True),
        raised=r.date("raised"),
        status=r.text("status", required=True, choices=m.CHALLENGE_STATUSES),
        sections=by_title,
        origin=origin,
        resolved_by=r.text("resolved_by"),
        resolved=r.date("resolved"),
    )
