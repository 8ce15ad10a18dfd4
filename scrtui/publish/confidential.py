"""build/confidential/residual-risk.md: what the gate found, quoted, for the reviewer only.

It quotes names and the words around them, so it never goes near `publication/`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .gate import BLOCKED, CLEARED, Candidate, Decision, Found
from .mdtext import cell
from .provenance import Provenance

HEADLINES = {
    CLEARED: "Cleared: no registered identifier survives and every residual candidate is "
    "allowed in the register.",
    "not cleared": "NOT CLEARED FOR PUBLICATION: the draft was written and stamped; resolve "
    "each candidate below and build again.",
    BLOCKED: "BLOCKED: the publication files were removed.",
}


@dataclass(frozen=True)
class Flagged:
    """A registered identifier left in place: a lower-case ordinary word that is also a
    registered name ("ordinary"; "surname" when it is a person's surname, which keeps the draft
    from publication), or a phrase the register lists as `ambiguous`."""

    text: str
    label: str
    where: str
    context: str
    kind: str = "ordinary"


def residual_report(
    *,
    title: str,
    decision: Decision,
    candidates: list[Candidate],
    found: list[Found],
    flagged: list[Flagged],
    warnings: list[str],
    provenance: Provenance,
) -> str:
    lines = [
        "# Residual-risk report",
        "",
        "**CONFIDENTIAL.** This report quotes what the anonymiser and the residual detector "
        "found, with the words around it: it may identify the family. Keep it with the "
        "register; never publish it.",
        "",
        f"- Review: {cell(title)}",
        f"- Commit: {provenance.commit or 'none'}"
        + (" (with uncommitted changes)" if provenance.dirty and provenance.commit else ""),
        f"- Built: {provenance.built_at_text}",
        f"- Status: {HEADLINES[decision.status]}",
    ]
    for reason in decision.reasons:
        lines.append(f"- Reason: {reason}")
    lines.append("")
    if found:
        lines += [
            "## Registered identifiers found in the finished files",
            "",
            "The anonymiser should have replaced these; the build removed the publication "
            "files. Please report this as a bug in scr, with this report.",
            "",
            "| File | Line:col | Text | Register entries | Context |",
            "|---|---|---|---|---|",
        ]
        for hit in found:
            lines.append(
                f"| {hit.file} | {hit.line}:{hit.col} | {cell(hit.text)} | "
                f"{', '.join(hit.entry_ids)} | {cell(hit.context)} |"
            )
        lines.append("")
    pending = [c for c in candidates if c.allowed is None]
    allowed = [c for c in candidates if c.allowed is not None]
    lines += [f"## Residual candidates to resolve ({len(pending)})", ""]
    if pending:
        lines += [
            "Each may identify someone. For each one: reword the text; or add the person, "
            "place or term to the register so that it is replaced by its label; or, if it is "
            "harmless, allow it in register.toml with a true reason:",
            "",
            "```toml",
            "[[allow]]",
            'text = "the words exactly as found"',
            'reason = "why they cannot identify the family"',
            "```",
            "",
            "| Kind | Text | Where | Context | Note |",
            "|---|---|---|---|---|",
        ]
        for c in pending:
            lines.append(
                f"| {cell(c.kind)} | {cell(c.text)} | {c.where} | {cell(c.context)} | "
                f"{cell(c.note)} |"
            )
    else:
        lines.append("None.")
    lines += ["", f"## Residual candidates allowed by the register ({len(allowed)})", ""]
    if allowed:
        lines += ["| Kind | Text | Where | Allowed because |", "|---|---|---|---|"]
        for c in allowed:
            lines.append(
                f"| {cell(c.kind)} | {cell(c.text)} | {c.where} | {cell(c.allowed or '')} |"
            )
    else:
        lines.append("None.")
    ambiguous = [f for f in flagged if f.kind == "ambiguous"]
    flagged = [f for f in flagged if f.kind != "ambiguous"]
    lines += ["", f"## Ordinary words left in place ({len(flagged)})", ""]
    if flagged:
        lines += [
            "These lower-case words are also registered names. They were left as written "
            "because they read as ordinary words; check that none of them is a name. "
            "A surname among them, or a person's initials written without stops, "
            "keeps the draft from publication until it is rewritten or allowed in the "
            "register with a reason.",
            "",
            "| Text | Where | Label if it were a name | Blocks | Context |",
            "|---|---|---|---|---|",
        ]
        for f in flagged:
            blocks = f"yes: {f.kind}" if f.kind in ("surname", "initials") else "no"
            lines.append(
                f"| {cell(f.text)} | {f.where} | {cell(f.label)} | {blocks} | {cell(f.context)} |"
            )
    else:
        lines.append("None.")
    lines += ["", f"## Ambiguous phrases kept as written ({len(ambiguous)})", ""]
    if ambiguous:
        lines += [
            "The register lists these phrases as `ambiguous`: a registered word in them "
            "is not a name, so they were not replaced. Check each one.",
            "",
            "| Text | Where | Context |",
            "|---|---|---|",
        ]
        for f in ambiguous:
            lines.append(f"| {cell(f.text)} | {f.where} | {cell(f.context)} |")
    else:
        lines.append("None.")
    lines += ["", f"## Register warnings ({len(warnings)})", ""]
    lines += [f"- {w}" for w in warnings] or ["None."]
    return "\n".join(lines) + "\n"


LABEL_PLACE = "a label or name scr put in (register.toml or scope.toml)"


@dataclass(frozen=True)
class DroppedLink:
    """A link in the review that the publication does not keep (its target is not https,
    http, mailto or an anchor), and where it was written."""

    target: str
    kind: str  # link, image, autolink, reference
    where: str


def dropped_links_section(dropped: list[DroppedLink]) -> str:
    """The residual-risk report's section on links left out of the publication."""
    lines = ["", f"## Links not published ({len(dropped)})", ""]
    if not dropped:
        return "\n".join(lines + ["None."]) + "\n"
    lines += [
        "The publication keeps only links to https, http and mailto addresses and to "
        "places in the report itself. These were written as text instead: check that "
        "none was meant, and that none points at something confidential.",
        "",
        "| Where | Kind | Target |",
        "|---|---|---|",
    ]
    lines += [
        f"| {cell(d.where)} | {d.kind} | {cell(d.target).replace('<', chr(92) + '<')} |"
        for d in dropped
    ]
    return "\n".join(lines) + "\n"


def missing_section(unresolved: list[str], refused: list[Problem], problems: list[Problem]) -> str:
    """The residual-risk report's section on what the draft lacks: each reference that names
    no record, with where `scr check` found it, and each file scr did not read."""
    ids = list(dict.fromkeys(unresolved))
    lines = ["", f"## Missing from the draft ({len(ids) + len(refused)})", ""]
    if not ids and not refused:
        return "\n".join(lines + ["None."]) + "\n"
    lines += [
        "The draft cannot be cleared while a record it refers to is missing or a file of "
        "the review was not read. Fix each one (scr check lists them too) and build "
        "again.",
        "",
    ]
    for ident in ids:
        places = [str(p).split(": ", 1)[0] for p in problems if f"[{ident}]" in p.message]
        where = ", ".join(places) if places else "in text scr wrote from the review's records"
        lines.append(f"- reference \\[{cell(ident)}\\] names no record: {cell(where)}")
    lines += [f"- not read: {cell(str(problem))}" for problem in refused]
    return "\n".join(lines) + "\n"


def unwritten_section(name: str, missing: list[str]) -> str:
    """The parts a document must have that the review has not written yet (the rapid review's
    facts, learning, action, criteria and decision): shown as "Not yet written" in it."""
    if not missing:
        return ""
    lines = ["", f"## Not yet written in the {name} ({len(missing)})", ""]
    lines += [f"- {cell(title)}" for title in missing]
    return "\n".join(lines) + "\n"


LAST_BUILD = "last-build.json"  # beside residual-risk.md: the decision and candidates, as data


@dataclass
class SavedBuild:
    """A build's decision and candidates as saved in `confidential/last-build.json`, so that a
    later session (the UI's Build part) can show them without building again."""

    status: str
    reasons: list[str]
    candidates: list[Candidate]
    problems: int
    publication: list[Path]
    residual_report: Path
    built_at: str
    commit: str | None


def build_record(
    *,
    decision: Decision,
    candidates: list[Candidate],
    problems: int,
    publication: list[Path],
    provenance: Provenance,
) -> str:
    """The JSON text of `last-build.json` (confidential: the candidates quote)."""
    data = {
        "status": decision.status,
        "reasons": list(decision.reasons),
        "built_at": provenance.built_at_text,
        "commit": provenance.commit,
        "problems": problems,
        "publication": [path.name for path in publication],
        "candidates": [
            {
                "kind": c.kind,
                "text": c.text,
                "source": c.source,
                "line": c.line,
                "col": c.col,
                "context": c.context,
                "allowed": c.allowed,
                "note": c.note,
            }
            for c in candidates
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_build_record(out: Path) -> SavedBuild | None:
    """The last build saved under the build folder `out`, or None when there is none (or it
    cannot be read: the Build part then just offers to build)."""
    out = Path(out)
    try:
        data = json.loads((out / "confidential" / LAST_BUILD).read_text("utf-8"))
        candidates = [
            Candidate(
                c["kind"],
                c["text"],
                c["source"],
                c["line"],
                c["col"],
                c["context"],
                c.get("allowed"),
                c.get("note", ""),
            )
            for c in data["candidates"]
        ]
        publication = [
            out / "publication" / name
            for name in data["publication"]
            if (out / "publication" / name).is_file()
        ]
        return SavedBuild(
            str(data["status"]),
            [str(r) for r in data["reasons"]],
            candidates,
            int(data["problems"]),
            publication,
            out / "confidential" / "residual-risk.md",
            str(data["built_at"]),
            data.get("commit"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
