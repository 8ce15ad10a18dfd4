"""The audit trail: the appendix that shows how each finding was reached.

For each finding, the episodes, chronology entries and sources it rests on; the contributory
factors by category; the checklist status of every marker; the peer challenges with their
responses and the sign-offs; and the provenance of the draft. The integrated chronology itself
is not published: only the entries that something published rests on, by month and agency.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import kinds
from .. import model as m
from ..peer_record import peer_challenge_record
from . import mdtext
from .draft import BUILT_AT, CONTENT_HASH, PROVENANCE_HEADING, Draft, section_line
from .provenance import Provenance
from .refs import References, anchor, cited_ids, kind_of, number, reached_anchor

CATEGORY_NAMES = {
    "individual": "Individual",
    "family-interaction": "Family interaction",
    "task": "Task",
    "tools": "Tools",
    "team": "Team",
    "organisation": "Organisation",
    "interagency": "Interagency",
    "context": "Context",
}
CHRONOLOGY_ANCHOR = "chronology-entries-cited"
SOURCES_ANCHOR = "sources-cited"
FACTOR_TYPES = {
    "contributory": "contributory factor (this case)",
    "latent": "latent condition (affects all similar work)",
}


def _published_texts(review: m.ReviewModel) -> list[str]:
    """Every piece of published prose and every published list of ids, as text to scan."""
    texts: list[str] = [s.body for s in review.report]
    for finding in review.findings:
        texts += [finding.body, " ".join(f"[{i}]" for i in finding.evidence)]
    for episode in review.episodes:
        texts += [episode.body, " ".join(f"[{i}]" for i in episode.chronology)]
        for factor in episode.factors:
            texts += [factor.description, " ".join(f"[{i}]" for i in factor.evidence)]
    for challenge in review.challenges:
        texts += [challenge.body, f"[{challenge.target}]"]
    for marker in review.markers:
        for question in marker.questions:
            texts += [question.note, " ".join(f"[{i}]" for i in question.evidence)]
    if review.scope is not None:
        scope = review.scope
        texts += [scope.terms_of_reference, scope.period_rationale, scope.proportionality_rationale]
    return texts


def cited(review: m.ReviewModel) -> tuple[list[str], list[str]]:
    """The chronology entries and sources the published text rests on, in the order shown."""
    ids: set[str] = set()
    for text in _published_texts(review):
        ids.update(cited_ids(text))
    entries = {e.id: e for e in review.chronology}
    chronology = [e.id for e in review.integrated_chronology() if e.id in ids]
    for entry_id in chronology:
        entry = entries[entry_id]
        ids.update(cited_ids(entry.what))
        if entry.source:
            ids.add(entry.source)
    known_sources = {s.id for s in review.sources}
    sources = sorted(i for i in ids if i in known_sources)
    return chronology, sources


def set_anchors(review: m.ReviewModel, refs: References) -> None:
    """Where each published record is shown, so that references to it become links.

    What the published text cites is kept on `refs` too, for the audit trail to list.
    """
    chronology, sources = refs.cited = cited(review)
    records: list[m.Finding | m.Episode | m.Challenge] = [
        *review.findings,
        *review.episodes,
        *review.challenges,
    ]
    for record in records:
        refs.anchors[record.id] = anchor(record.id)
    for record_id in chronology:
        refs.anchors[record_id] = CHRONOLOGY_ANCHOR
    for record_id in sources:
        refs.anchors[record_id] = SOURCES_ANCHOR
    if review.scope is not None:
        for loe in review.scope.lines_of_enquiry:
            refs.anchors[loe.id] = "lines-of-enquiry"


def audit_trail(
    draft: Draft, review: m.ReviewModel, refs: References, provenance: Provenance, problems: int
) -> None:
    draft.tool("## Appendix: the audit trail {#audit-trail}\n\n")
    draft.tool(
        "This appendix shows the working-out behind the report, so that a reader can "
        "check how each finding was reached rather than take it on trust. Sources are "
        "described by their kind and agency; the review's full chronology and records "
        "are kept by the partnership and are not published.\n\n"
    )
    chronology, sources = refs.cited if refs.cited is not None else cited(review)
    _findings_reached(draft, review, refs)
    _factors(draft, review, refs)
    _chronology(draft, review, refs, chronology)
    _sources(draft, review, refs, sources)
    _markers(draft, review, refs)
    _challenges(draft, review, refs, provenance)
    _provenance(draft, provenance, problems)


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def by_id(ids: list[str]) -> list[str]:
    """Ids in reading order: by kind, then number (CH-0009 before CH-0013)."""
    return sorted(set(ids), key=lambda i: (i.rsplit("-", 1)[0], number(i)))


def _findings_reached(draft: Draft, review: m.ReviewModel, refs: References) -> None:
    draft.tool("### How each finding was reached {#how-each-finding-was-reached}\n\n")
    if not review.findings:
        draft.tool("The review has no findings yet.\n\n")
        return
    episodes = {e.id: e for e in review.episodes}
    entries = {e.id: e for e in review.chronology}
    # What each episode adds, and each finding's challenges, worked out once: findings share
    # episodes, and a long review has many of each.
    episode_sources: dict[str, list[str]] = {}
    for episode in review.episodes:
        found = [i for i in cited_ids(episode.body) if kind_of(i) == "source"]
        for factor in episode.factors:
            found += [i for i in factor.evidence if kind_of(i) == "source"]
        episode_sources[episode.id] = found  # a duplicate id: the last, as in `episodes`
    challenged: dict[str, list[str]] = {}
    for challenge in sorted(review.challenges, key=lambda c: c.id):
        challenged.setdefault(challenge.target, []).append(challenge.id)
    for finding in review.findings_by_priority():
        draft.tool(f"#### Finding {number(finding.id)}: ")
        draft.field(finding.title, finding.origin, "title", one_line=True)
        draft.tool(f" {{#{reached_anchor(finding.id)}}}\n\n")
        mentioned = _unique([*finding.evidence, *cited_ids(finding.body)])
        own_episodes = [i for i in mentioned if kind_of(i) == "episode" and i in episodes]
        direct = [i for i in mentioned if kind_of(i) == "chronology" and i in entries]
        behind = _unique(
            [
                c
                for e in own_episodes
                for c in episodes[e].chronology
                if c in entries and c not in direct
            ]
        )
        source_ids = [i for i in mentioned if kind_of(i) == "source"]
        for entry_id in [*direct, *behind]:
            if entries[entry_id].source:
                source_ids.append(entries[entry_id].source)
        for episode_id in own_episodes:
            source_ids += episode_sources[episode_id]
        source_ids = [i for i in set(source_ids) if refs.label(i)]
        lines = [
            ("Key practice episodes", by_id(own_episodes)),
            ("Chronology entries cited in the finding", by_id(direct)),
            ("Chronology entries behind those episodes", by_id(behind)),
            ("Sources", by_id(source_ids)),
            ("Peer challenges", challenged.get(finding.id, [])),
        ]
        shown = False
        for label, ids in lines:
            ids = [i for i in ids if refs.label(i)]
            if ids:
                draft.tool(f"- **{label}:** {refs.links(ids, short=True)}\n")
                shown = True
        other = [
            i
            for i in mentioned
            if kind_of(i) not in ("episode", "chronology", "source") and refs.label(i)
        ]
        if other:
            draft.tool(f"- **Other records:** {refs.links(other, short=True)}\n")
            shown = True
        if not shown:
            draft.tool("- The finding cites no evidence that the review holds.\n")
        draft.tool("\n")


def _factors(draft: Draft, review: m.ReviewModel, refs: References) -> None:
    draft.tool("### Contributory factors by category {#contributory-factors-by-category}\n\n")
    by_category: dict[str, list[tuple[m.Episode, m.Factor]]] = {}
    for episode in sorted(review.episodes, key=lambda e: e.id):
        for factor in episode.factors:
            by_category.setdefault(factor.category, []).append((episode, factor))
    if not by_category:
        draft.tool("No contributory factors have been recorded yet.\n\n")
        return
    draft.tool(
        "A contributory factor influenced practice in this case; a latent condition is "
        "part of the system and affects all similar work.\n\n"
    )
    order = [c for c in m.FACTOR_CATEGORIES if c in by_category]
    order += sorted(c for c in by_category if c not in m.FACTOR_CATEGORIES)
    for category in order:
        pairs = by_category[category]
        draft.tool("#### ")
        if category in CATEGORY_NAMES:
            draft.tool(CATEGORY_NAMES[category])
        else:
            draft.field(category or "Uncategorised", pairs[0][1].origin, "category", one_line=True)
        draft.tool("\n\n")
        for episode, factor in pairs:
            # Lists, not a table: the reviewer's sentence then starts a sentence, as written.
            draft.tool(f"- {refs.link(episode.id, capital=True)}, ")
            if factor.type in FACTOR_TYPES:
                draft.tool(FACTOR_TYPES[factor.type])
            else:
                draft.field(factor.type, factor.origin, "type", one_line=True)
            draft.tool(": ")
            draft.field(factor.description, factor.origin, "description", one_line=True)
            draft.tool(f" Evidence: {_id_cell(refs, factor.evidence)}.\n")
        draft.tool("\n")


def _id_cell(refs: References, ids: list[str]) -> str:
    """Links for well-formed ids only: anything else in a list of ids is the reviewer's text."""
    shown = [refs.link(i, short=True) if refs.label(i) else i for i in ids if kind_of(i)]
    return ", ".join(shown) or "none"


def _agencies(review: m.ReviewModel) -> dict[str, m.Agency]:
    return {a.id: a for a in review.scope.agencies} if review.scope else {}


def _agency_chunk(
    draft: Draft, agencies: dict[str, m.Agency], agency_id: str, origin: m.Origin, key: str
) -> None:
    agency = agencies.get(agency_id)
    if agency is not None and agency.name.strip():
        draft.cell(agency.name, agency.origin, "name")
    else:
        draft.cell(agency_id, origin, key)


def _chronology(
    draft: Draft, review: m.ReviewModel, refs: References, chronology: list[str]
) -> None:
    draft.tool("### Chronology entries cited {#chronology-entries-cited}\n\n")
    if not chronology:
        draft.tool("The report cites no chronology entries.\n\n")
        return
    draft.tool(
        f"The review's integrated chronology holds {len(review.chronology)} entries; it "
        "is not published, because it records the family's life in detail. These are "
        f"the {len(chronology)} entries that the report rests on, in date order, each "
        "with its month, its agency and its source.\n\n"
    )
    entries = {e.id: e for e in review.chronology}
    agencies = _agencies(review)
    draft.tool("| Entry | When | Agency | Source |\n|---:|---|---|---|\n")
    for entry_id in chronology:
        entry = entries[entry_id]
        precision = entry.precision if entry.precision in m.PRECISIONS else "approximate"
        draft.tool(f"| {number(entry.id)} | {mdtext.month_year(entry.date, precision)} | ")
        _agency_chunk(draft, agencies, entry.agency, entry.origin, "id")
        source = entry.source
        shown = f"source {number(source)}" if source and refs.label(source) else "none"
        draft.tool(f" | {shown} |\n")
    draft.tool("\n")


def _sources(draft: Draft, review: m.ReviewModel, refs: References, sources: list[str]) -> None:
    draft.tool("### Sources cited {#sources-cited}\n\n")
    if not sources:
        draft.tool("The report cites no sources.\n\n")
        return
    draft.tool(
        "Each source is described by its kind and the agency that holds it, never by "
        "title or by person. Where access was limited, the reason is given under "
        "[Sources of information](#sources-of-information).\n\n"
    )
    draft.tool("| Source | Kind | Agency | Access | Received |\n|---:|---|---|---|---|\n")
    records = {s.id: s for s in review.sources}
    agencies = _agencies(review)
    for source_id in sources:
        source = records[source_id]
        draft.tool(f"| {number(source.id)} | ")
        if source.kind in m.SOURCE_KINDS:  # a value from scr's own list
            draft.tool(source.kind[:1].upper() + source.kind[1:])
        else:
            draft.cell(source.kind, source.origin, "kind")
        draft.tool(" | ")
        if source.agency:
            _agency_chunk(draft, agencies, source.agency, source.origin, "agency")
        else:
            draft.tool("none")
        draft.tool(" | ")
        if source.access in m.ACCESS:
            draft.tool(source.access)
        else:
            draft.cell(source.access, source.origin, "access")
        received = mdtext.month_year(source.received) if source.received else "not yet"
        draft.tool(f" | {received} |\n")
    draft.tool("\n")


def _markers(draft: Draft, review: m.ReviewModel, refs: References) -> None:
    draft.tool("### Checklist status of the quality markers {#checklist-status}\n\n")
    if not review.markers:
        draft.tool("The review has no quality-marker checklists.\n\n")
        return
    kind = kinds.of(review)
    if kind is not None and kind.quoting:
        draft.tool(
            "The markers date from 2016 and are quoted as written, except that words "
            f"in square brackets say what they mean for {_article(kind.name)}.\n\n"
        )
    draft.tool(
        "The review was carried out against quality-marker checklists. For each marker, "
        "the status of each question when this draft was built.\n\n"
    )
    for marker in review.markers:
        draft.tool("#### ")
        draft.field(marker.title or marker.id, marker.origin, "title", one_line=True)
        counts = marker.progress()
        answered = counts.get("met", 0) + counts.get("n.a.", 0)
        parts = ", ".join(f"{counts[s]} {s}" for s in m.QUESTION_STATUSES)
        draft.tool(f"\n\n{answered} of {len(marker.questions)} questions answered ({parts}).\n\n")
        if not marker.questions:
            continue
        for question in marker.questions:
            draft.tool(f"- **{question.id}**, ")
            if question.status in m.QUESTION_STATUSES:
                draft.tool(question.status)
            else:
                draft.field(question.status, question.origin, "status", one_line=True)
            draft.tool(": ")
            text = kind.requote(question.text) if kind is not None else question.text
            draft.field(text, question.origin, "text", one_line=True)
            if question.note.strip():
                draft.tool(" Note: ")
                draft.field(question.note, question.origin, "note", one_line=True)
            draft.tool(" Evidence: ")
            _evidence_cell(draft, refs, question)
            draft.tool(".\n")
        draft.tool("\n")


def _evidence_cell(draft: Draft, refs: References, question: m.Question) -> None:
    if not question.evidence:
        draft.tool("none")
        return
    for index, item in enumerate(question.evidence):
        if index:
            draft.tool(", ")
        if refs.label(item):
            draft.tool(refs.link(item, short=True))
        else:  # a workspace file, or something unresolved: the reviewer's words
            draft.field(item, question.origin, "evidence", one_line=True)


def _month(iso: str | None) -> str:
    if not iso:
        return "date not known"
    try:
        return mdtext.month_year(date.fromisoformat(iso[:10]))
    except ValueError:
        return "date not known"


def _challenges(
    draft: Draft, review: m.ReviewModel, refs: References, provenance: Provenance
) -> None:
    draft.tool("### Peer challenge {#peer-challenge}\n\n")
    record = peer_challenge_record(review, list(provenance.signoffs))
    models = {c.id: c for c in review.challenges}
    if not record["challenges"]:
        draft.tool("No peer challenges have been recorded.\n\n")
    else:
        draft.tool(
            "The lead reviewer's work was challenged by a supervisor. Each challenge is "
            "shown with the reviewer's response.\n\n"
        )
    for item in record["challenges"]:
        challenge = models[item["id"]]
        draft.tool(f"#### Challenge {number(item['id'])}")
        if refs.label(item["target"]):
            draft.tool(f", on {refs.label(item['target'])}")
        draft.tool(f" {{#{anchor(item['id'])}}}\n\n*Raised by ")
        draft.field(
            item["raised_by"] or "the supervisor", challenge.origin, "raised_by", one_line=True
        )
        draft.tool(f" in {_month(item['raised'])}. Status: ")
        if item["status"] in m.CHALLENGE_STATUSES:
            draft.tool(item["status"])
        else:
            draft.field(item["status"], challenge.origin, "status", one_line=True)
        if item["resolved_by"]:
            draft.tool(", closed by ")
            draft.field(item["resolved_by"], challenge.origin, "resolved_by", one_line=True)
            draft.tool(f" in {_month(item['resolved'])}")
        draft.tool(".*")
        if refs.label(item["target"]):
            draft.tool(f" Challenged record: {refs.link(item['target'])}.")
        draft.tool("\n\n")
        for title, key in (
            ("Challenge", "challenge"),
            ("Response", "response"),
            ("Resolution", "resolution"),
        ):
            text = item[key].strip()
            if not text and key != "response":
                continue
            draft.tool(f"**{title}.**\n\n")
            if not text:
                draft.tool("No response yet.\n\n")
                continue
            section = challenge.sections.get(title)
            line = (
                section_line(challenge.body, challenge.body_line, section)
                if section is not None
                else challenge.origin.line
            )
            draft.user(mdtext.fit_headings(text, 4, 3), challenge.origin.path, line)
            draft.tool("\n\n")
    _signoffs(draft, record["signoffs"], refs)


def _signoffs(draft: Draft, signoffs: list[dict[str, Any]], refs: References) -> None:
    draft.tool("#### Sign-offs\n\n")
    if not signoffs:
        draft.tool("The supervisor has not signed off any version of the review yet.\n\n")
        return
    for item in signoffs:
        draft.tool(f"- Sign-off {item['number']}: commit `{item['commit'][:12]}`, by ")
        draft.user(mdtext.one_line(item["by"]) or "unknown", f"git tag {item['name']}", None)
        draft.tool(f", {_month(item['when'])}.")
        if item["open"]:
            draft.tool(f" Challenges still open at sign-off: {refs.links(item['open'])}.")
        draft.tool("\n")
    draft.tool("\n")


def _provenance(draft: Draft, provenance: Provenance, problems: int) -> None:
    provenance_section(draft, provenance, problems)


def provenance_section(
    draft: Draft,
    provenance: Provenance,
    problems: int,
    md_name: str = "report.md",
    manifest_name: str = "manifest.json",
) -> None:
    """Commit, build time, tool and content hash: the same for every document scr builds."""
    draft.tool(f"{PROVENANCE_HEADING}\n\n")
    if provenance.commit:
        draft.tool(f"- Commit: `{provenance.commit}`\n")
        if provenance.dirty:
            draft.tool(
                "- Working tree: had uncommitted changes, so this draft may not match the commit\n"
            )
        else:
            draft.tool("- Working tree: clean, so this draft is built from the commit alone\n")
        subject = provenance.commit_message.strip().split("\n", 1)[0]
        if subject:
            draft.tool("- Commit message: ")
            draft.user(mdtext.one_line(subject), f"git commit {provenance.commit[:12]}", None)
            draft.tool("\n")
    else:
        draft.tool("- Commit: none, because the review is not a committed git repository\n")
    check = "no problems" if not problems else f"{problems} problem{'s' if problems != 1 else ''}"
    draft.tool(f"- Review check: {check}\n")
    draft.tool(f"- Built (UTC): {BUILT_AT}\n")
    draft.tool(f"- Tool: scr {provenance.version}\n")
    draft.tool(f"- Content hash (SHA-256): `{CONTENT_HASH}`\n")
    draft.tool(
        f"- Output files: the SHA-256 of each is in {manifest_name}, published with this report\n"
    )
    draft.tool(
        f"\nThe content hash is the SHA-256 of {md_name} (UTF-8) up to the line before "
        "the Provenance heading. The same commit always gives the same content hash; only "
        "the build time differs between builds.\n"
    )


def _article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"
