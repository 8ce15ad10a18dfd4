"""Record ids as a reader meets them: readable labels, and links to where the record is shown.

`[KPE-02]` becomes "Key practice episode 2", linked to its anchor; `[SRC-003]` becomes "source 3
(agency record, health visiting service)". A source is described by kind and agency only: its
title, notes and location may name people. Ids of register entries become their public label.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import model as m

# A bracketed id in prose, unless it is the text of a Markdown link or a link definition.
_PROSE_REF = re.compile(r"\[([A-Z]{1,4}-\d{2,})\](?![(\[:])")


# Every id pattern as one alternative, named by its kind, in the order of m.ID_PATTERNS: a
# full match takes the first kind that matches the whole id, as trying them in turn would.
_ANY_ID = re.compile(
    "|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in m.ID_PATTERNS.items())
)


@lru_cache(maxsize=1 << 14)
def kind_of(record_id: str) -> str | None:
    """The kind of record an id names ("episode" for KPE-02), or None if it is not an id.

    Cached: the audit trail asks about the same few thousand ids tens of thousands of times.
    """
    match = _ANY_ID.fullmatch(record_id)
    return match.lastgroup if match else None


_TRAILING_NUMBER = re.compile(r"(\d+)$")


def number(record_id: str) -> int:
    """The number an id ends with (F-02 -> 2). A build refuses ids that are not of their
    kind's form before it gets here; 0 for anything without digits, rather than a crash."""
    try:
        return int(record_id.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        match = _TRAILING_NUMBER.search(record_id)
        return int(match.group(1)) if match else 0


def anchor(record_id: str) -> str:
    return record_id.lower()


def reached_anchor(finding_id: str) -> str:
    """The audit-trail entry that shows how a finding was reached."""
    return f"reached-{finding_id.lower()}"


def lower_first(text: str) -> str:
    """'Health visiting service' -> 'health visiting service'; 'GP practice' stays as it is."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


class References:
    """Labels and anchors for every id the publication may cite.

    `agency_names` maps agency ids to their anonymised public names; `labels` maps register
    ids to their publication labels. Only ids in `anchors` are linked; others are named only.
    """

    def __init__(
        self,
        review: m.ReviewModel,
        agency_names: dict[str, str],
        labels: dict[str, str],
        source_kinds: dict[str, str],
    ) -> None:
        self._known = set(review.known_ids())
        self._sources = {s.id: s for s in review.sources}
        self._agency_names = agency_names
        self._labels = labels
        self._source_kinds = source_kinds  # source id -> anonymised kind
        self.anchors: dict[str, str] = {}
        # The chronology entries and sources the published text cites (audit.set_anchors).
        self.cited: tuple[list[str], list[str]] | None = None
        # Labels depend only on what is given here (not on the anchors), and a long report
        # asks for the same ones thousands of times.
        self._label_cache: dict[str, str | None] = {}
        # Ids the draft cites that name no record (missing, or in a file that did not load):
        # each stays as the bare id, and the draft cannot be cleared.
        self.unresolved: list[str] = []

    def label(self, record_id: str) -> str | None:
        """A readable name for the id, or None for an id the review does not have."""
        if record_id not in self._label_cache:
            self._label_cache[record_id] = (
                self._label(record_id) if record_id in self._known else None
            )
        return self._label_cache[record_id]

    def _label(self, record_id: str) -> str | None:
        kind = kind_of(record_id)
        if kind == "finding":
            return f"Finding {number(record_id)}"
        if kind == "episode":
            return f"Key practice episode {number(record_id)}"
        if kind == "chronology":
            return f"chronology entry {number(record_id)}"
        if kind == "challenge":
            return f"challenge {number(record_id)}"
        if kind == "line_of_enquiry":
            return f"line of enquiry {number(record_id)}"
        if kind == "source":
            return f"source {number(record_id)} ({self.source_description(record_id)})"
        if kind in ("person", "place", "organisation", "term"):
            return self._labels.get(record_id) or None
        return None

    def source_description(self, source_id: str) -> str:
        """'agency record, health visiting service': kind and agency, never a person."""
        source = self._sources.get(source_id)
        if source is None:
            return "unknown source"
        parts = [lower_first(self._source_kinds.get(source_id, "")) or "source"]
        agency = self._agency_names.get(source.agency, "") if source.agency else ""
        if agency:
            parts.append(lower_first(agency))
        return ", ".join(parts)

    def link(self, record_id: str, capital: bool = False, short: bool = False) -> str:
        """Markdown for the id: a link where the record is shown, else its label, else the id.

        `short` names a source by number only, for lists beside the table that describes it.
        """
        text = self.label(record_id)
        if short and text is not None and kind_of(record_id) == "source":
            text = f"source {number(record_id)}"
        if text is None:
            self.unresolved.append(record_id)
            return f"\\[{record_id}\\]"
        if capital:
            text = text[0].upper() + text[1:]
        target = self.anchors.get(record_id)
        return f"[{text}](#{target})" if target else text

    def links(self, ids: list[str], short: bool = False) -> str:
        return ", ".join(self.link(i, short=short) for i in ids)

    def rewrite(self, text: str) -> str:
        """Every `[ID]` in prose as a bracketed readable link."""
        if "[" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            ident = match.group(1)
            whole: str = match.group(0)
            if self.label(ident) is None:
                self.unresolved.append(ident)
                return whole
            kind = kind_of(ident)
            if kind in ("person", "place", "organisation", "term"):
                return self.label(ident) or whole
            return f"\\[{self.link(ident)}\\]"

        return _PROSE_REF.sub(replace, text)


def cited_ids(text: str) -> list[str]:
    """The ids cited in a text (as `rewrite` sees them), in order."""
    return [match.group(1) for match in _PROSE_REF.finditer(text)]
