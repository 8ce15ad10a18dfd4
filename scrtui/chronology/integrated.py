"""The integrated multi-agency chronology: every agency's entries in one date order, with the
gaps in contact, "who knew what, when", the key practice episodes and the incident.

Pure functions from a loaded review to a `View`, and the view's `listing` in date order, which
its renderings share: text (`integrated_text`), CSV and xlsx (`integrated_tables`), the UI's
Chronology part; `timeline_svg` draws the same view. The view is the review's confidential
working paper: it quotes the entries as written, real names included.

- A gap is a period of more than `gap_days` (default 28) with no contact: by any agency (from
  the start of the period shown to its end), or by one agency between two of its own contacts
  (an agency involved before and after). Only entries exact to the day count as contacts: a
  month or a year does not say when the contact was.
- "Who knew what, when": entries of different agencies within `window_days` (default 3) of each
  other that share at least two distinctive words (words that are neither common English nor
  in more than a tenth of the entries shown) are put in one group, the agencies involved at the
  time that recorded nothing of it listed beside them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import ChronologyEntry, ReviewModel

PARTS = ("review.toml", "scope.toml", "chronology", "episodes")  # what the view loads
WINDOW_DAYS = 3
MIN_SHARED = 2


class Unknown(Exception):
    """An --agency or --episode the review does not have; the one line to show."""


@dataclass
class Gap:
    start: date  # the first day without contact
    end: date  # the last day without contact
    agency: str | None = None  # None: no contact by any agency

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Group:
    """Entries of different agencies about, it seems, the same event."""

    id: str  # W1, W2 ...
    entries: list[ChronologyEntry]
    words: list[str]
    absent: list[str] = field(default_factory=list)  # agencies involved then, with no entry

    @property
    def start(self) -> date:
        return day_of(self.entries[0])

    @property
    def end(self) -> date:
        return day_of(self.entries[-1])

    @property
    def agencies(self) -> list[str]:
        return list(dict.fromkeys(e.agency for e in self.entries))


@dataclass
class Band:
    id: str
    title: str
    start: date
    end: date


@dataclass
class View:
    title: str
    start: date | None  # the period shown
    end: date | None
    entries: list[ChronologyEntry]
    agencies: list[tuple[str, str]]  # (id, name) of every agency shown, in scope order
    gaps: list[Gap]
    agency_gaps: list[Gap]
    groups: list[Group]
    bands: list[Band]
    incident: date | None
    gap_days: int
    episodes_of: dict[str, list[str]]  # entry id -> the episodes that cite it
    group_of: dict[str, str]  # entry id -> its group's id
    filters: list[str] = field(default_factory=list)  # what was asked for, to say it


def build(
    model: ReviewModel,
    *,
    start: date | None = None,
    end: date | None = None,
    agencies: Sequence[str] = (),
    episode: str | None = None,
    gap_days: int = 28,
    window_days: int = WINDOW_DAYS,
) -> View:
    scope_agencies = [(a.id, a.name) for a in model.scope.agencies] if model.scope else []
    known = dict(scope_agencies)
    for entry in model.chronology:
        known.setdefault(entry.agency, entry.agency)
    for wanted in agencies:
        if wanted not in known:
            raise Unknown(
                f"--agency '{wanted}' is not an agency of this review; its agencies: "
                f"{', '.join(known)}"
            )
    filters = []
    cited: set[str] = set()
    if episode is not None:
        found = next((e for e in model.episodes if e.id == episode), None)
        if found is None:
            listed = ", ".join(e.id for e in model.episodes) or "none"
            raise Unknown(
                f"--episode '{episode}' is not a key practice episode of this review; "
                f"its episodes: {listed}"
            )
        start = max(d for d in (start, found.start) if d) if (start or found.start) else None
        end = min(d for d in (end, found.end) if d) if (end or found.end) else None
        cited = set(found.chronology)
        filters.append(f"episode {found.id}: {found.title}")
    if agencies:
        filters.append("agencies: " + ", ".join(agencies))
    if (start or end) and episode is None:
        filters.append(
            f"from {start.isoformat() if start else 'the first entry'} to "
            f"{end.isoformat() if end else 'the last'}"
        )
    chosen = set(agencies) or set(known)
    entries = []
    for entry in model.integrated_chronology():
        if entry.agency not in chosen:
            continue
        if entry.id in cited:
            entries.append(entry)
            continue
        if entry.date is None:
            if not (start or end or episode):
                entries.append(entry)
            continue
        if (start and _last_day(entry) < start) or (end and entry.date > end):
            continue
        entries.append(entry)
    entries.sort(key=_order)
    dated = [e for e in entries if e.date is not None]
    period_start = model.scope.period_start if model.scope else None
    period_end = model.scope.period_end if model.scope else None
    first = min([d for d in (period_start, dated[0].date if dated else None) if d], default=None)
    last = max([d for d in (period_end, dated[-1].date if dated else None) if d], default=None)
    view_start = start or first
    view_end = end or last
    present = {e.agency for e in entries}
    in_scope = dict(scope_agencies)
    shown_agencies = [
        (a, n) for a, n in known.items() if a in chosen and (a in present or a in in_scope)
    ]
    bands = [
        Band(e.id, e.title, e.start, e.end)
        for e in sorted(model.episodes, key=lambda e: e.id)
        if e.start and e.end and _overlaps(e.start, e.end, view_start, view_end)
    ]
    if episode is not None:
        bands = [b for b in bands if b.id == episode]
    incident = model.review.dates.get("incident") if model.review else None
    if incident and not _overlaps(incident, incident, view_start, view_end):
        incident = None
    episodes_of: dict[str, list[str]] = {}
    for ep in sorted(model.episodes, key=lambda e: e.id):
        for ref in ep.chronology:
            episodes_of.setdefault(ref, []).append(ep.id)
    contacts = [
        e
        for e in dated
        if e.precision == "day" and _overlaps(day_of(e), day_of(e), view_start, view_end)
    ]
    gaps = _gaps([day_of(e) for e in contacts], gap_days, view_start, view_end)
    agency_gaps = []
    by_agency: dict[str, list[date]] = {}
    for entry in contacts:
        by_agency.setdefault(entry.agency, []).append(day_of(entry))
    for agency, _name in shown_agencies:
        days = by_agency.get(agency, [])
        agency_gaps += [Gap(g.start, g.end, agency) for g in _gaps(days, gap_days)]
    agency_gaps.sort(key=lambda g: (g.start, g.agency))
    groups = _groups(contacts, window_days, gap_days, [a for a, _ in shown_agencies])
    group_of = {e.id: g.id for g in groups for e in g.entries}
    title = model.review.title if model.review else "the review"
    return View(
        title,
        view_start,
        view_end,
        entries,
        shown_agencies,
        gaps,
        agency_gaps,
        groups,
        bands,
        incident,
        gap_days,
        episodes_of,
        group_of,
        filters,
    )


def _order(entry: ChronologyEntry) -> tuple[bool, date, str, str]:
    return (entry.date is None, entry.date or date.min, entry.time or "", entry.id)


def day_of(entry: ChronologyEntry) -> date:
    """The date of an entry known to have one (the contacts, the groups' entries)."""
    assert entry.date is not None
    return entry.date


def _last_day(entry: ChronologyEntry) -> date:
    day = day_of(entry)
    if entry.precision == "month":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    if entry.precision == "year":
        return date(day.year, 12, 31)
    return day


def _overlaps(a: date, b: date, start: date | None, end: date | None) -> bool:
    return (start is None or b >= start) and (end is None or a <= end)


def _gaps(
    days: list[date], gap_days: int, start: date | None = None, end: date | None = None
) -> list[Gap]:
    """Runs of more than `gap_days` days with none of `days` (between them, and from `start`
    and to `end` when given)."""
    days = sorted(set(days))
    if not days:
        return []
    out = []
    if start is not None and (days[0] - start).days > gap_days:
        out.append(Gap(start, days[0] - timedelta(days=1)))
    for before, after in zip(days, days[1:], strict=False):
        if (after - before).days - 1 > gap_days:
            out.append(Gap(before + timedelta(days=1), after - timedelta(days=1)))
    if end is not None and (end - days[-1]).days > gap_days:
        out.append(Gap(days[-1] + timedelta(days=1), end))
    return out


_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_COMMON_TEXT = """
about above after again against all also among another any been before being below between both
but came come could days did does doing done down during each either else even ever every from
further going had has have having here home into just keep kept last later like made make many
more most much must near never next none not now only other others over same said says seen
should since some still such take taken than that their them then there these they this those
though through time told took toward under until upon very visit visited want was week weeks
well went were what when where whether which while will with within without would year years
your child children baby mother father parent parents family case record recorded records noted
note notes discussed contact contacted information agency service services
"""
_COMMON = frozenset(_COMMON_TEXT.split())


def _words(entry: ChronologyEntry) -> frozenset[str]:
    return frozenset(w.strip("'-") for w in _WORD.findall(entry.what.lower())) - _COMMON


def _groups(
    contacts: list[ChronologyEntry], window: int, gap_days: int, agencies: list[str]
) -> list[Group]:
    words = {e.id: _words(e) for e in contacts}
    counts: dict[str, int] = {}
    for entry_words in words.values():
        for word in entry_words:
            counts[word] = counts.get(word, 0) + 1
    common = max(3, len(contacts) // 10)
    words = {k: frozenset(w for w in v if counts[w] <= common) for k, v in words.items()}
    parent = {e.id: e.id for e in contacts}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shared: dict[tuple[str, str], frozenset[str]] = {}
    ordinals = [day_of(e).toordinal() for e in contacts]
    for i, a in enumerate(contacts):
        mine = words[a.id]
        if len(mine) < MIN_SHARED:
            continue
        last = ordinals[i] + window
        for j in range(i + 1, len(contacts)):
            if ordinals[j] > last:
                break
            b = contacts[j]
            if a.agency == b.agency:
                continue
            common_words = mine & words[b.id]
            if len(common_words) >= MIN_SHARED:
                parent[root(a.id)] = root(b.id)
                shared[(a.id, b.id)] = common_words
    members: dict[str, list[ChronologyEntry]] = {}
    for entry in contacts:
        members.setdefault(root(entry.id), []).append(entry)
    groups = []
    for entries in members.values():
        if len({e.agency for e in entries}) < 2:
            continue
        ids = {e.id for e in entries}
        found: dict[str, int] = {}
        for (one, other), common_words in shared.items():
            if one in ids and other in ids:
                for word in common_words:
                    found[word] = found.get(word, 0) + 1
        top = sorted(found, key=lambda w: (-found[w], counts[w], w))[:6]
        groups.append(Group("", sorted(entries, key=_order), top))
    groups.sort(key=lambda g: (g.start, g.entries[0].id))
    days = [day_of(e) for e in contacts]  # in date order
    order = {a: i for i, a in enumerate(agencies)}
    for number, group in enumerate(groups, start=1):
        group.id = f"W{number}"
        inside = set(group.agencies)
        low = bisect.bisect_left(days, group.start - timedelta(days=gap_days))
        high = bisect.bisect_right(days, group.end + timedelta(days=gap_days))
        around = {e.agency for e in contacts[low:high]} - inside
        group.absent = sorted((a for a in around if a in order), key=order.__getitem__)
    return groups


# -- the listing the renderings share ---------------------------------------------------------

_Item = tuple[tuple[int, date, int, int], str, object]  # (order, kind, what the kind says)


def listing(view: View) -> list[_Item]:
    """Everything the listing shows, in date order; on one day: bands starting, the incident,
    the entries, gaps that start the next day, bands ending. Each item is (its order, its
    kind: entry, gap, agency gap, band start, band end or incident, what the kind says); the
    text, the table rows and the UI's Chronology part all list these."""
    items: list[_Item] = []
    for index, entry in enumerate(view.entries):
        key = (0, entry.date, 2, index) if entry.date else (1, date.max, 2, index)
        items.append((key, "entry", entry))
    for gap in view.gaps:
        items.append(((0, gap.start - timedelta(days=1), 3, 0), "gap", gap))
    for gap in view.agency_gaps:
        items.append(((0, gap.start - timedelta(days=1), 4, 0), "agency gap", gap))
    for band in view.bands:
        items.append(((0, band.start, 0, 0), "band start", band))
        items.append(((0, band.end, 5, 0), "band end", band))
    if view.incident:
        items.append(((0, view.incident, 1, 0), "incident", view.incident))
    items.sort(key=lambda item: (item[0], item[1], getattr(item[2], "id", "")))
    return items


def short_names(agencies: list[str], width: int) -> dict[str, str]:
    """Each agency id as it fits the column: itself, or its initials ("childrens-social-care"
    -> "csc"), made unique."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for agency in agencies:
        name = agency
        if len(name) > width:
            parts = agency.split("-")
            name = "".join(p if p.isdigit() else p[0] for p in parts)
            name = name[:width]
        base, n = name, 2
        while name in used:
            name = f"{base[: width - len(str(n))]}{n}"
            n += 1
        used.add(name)
        out[agency] = name
    return out
