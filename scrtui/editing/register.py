"""Register edits that the Build part makes in place: allow a residual candidate, add an entry.

Plain Python (no Textual). The register is confidential, so the commit messages made here say
what kind of change and how many, never the text or a name: commit messages are quoted in the
published audit trail.
"""

from __future__ import annotations

import re

import tomlkit

from ..store import records
from ..store.documents import TomlFile

ENTRY_KINDS = ("person", "place", "organisation", "term")
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})  # not part of a registered name
_CAPITALISED_AFTER = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_CAPITALISED_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+\Z")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;][\"'’”)\]]*)[\s#>*+-]*\Z")
_POSSESSIVE_END = re.compile(r"(?:['’]s?|-)\Z")


def full_span(text: str, context: str, line: str | None = None, col: int | None = None) -> str:
    """The whole name a residual candidate is part of: "Tracey Burns" for "Tracey".

    The candidate is extended over the capitalised words next to it on its own line (the
    file's line when the candidate is still at `col`, else its context), leaving out a title
    ("Mr"), an ordinary word that starts the sentence ("When") and a possessive ("'s").
    """
    if line is not None and col is not None and line[col - 1 : col - 1 + len(text)] == text:
        return _extend(line, col - 1, col - 1 + len(text))
    spans = [
        _extend(context, m.start(), m.end())
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(text)}(?!\w)", context)
    ]
    return max(spans, key=len) if spans else text


def candidate_span(root, candidate) -> str:
    """`full_span` of a located candidate, looking first at its line in the saved file."""
    from ..store.files import read_text  # noqa: PLC0415

    line = None
    if candidate.source and candidate.line:
        text, _problem = read_text(root / candidate.source, candidate.source)
        lines = text.split("\n") if text is not None else []
        if 0 < candidate.line <= len(lines):
            line = lines[candidate.line - 1]
    return full_span(candidate.text, candidate.context, line, candidate.col)


def _extend(line: str, start: int, end: int) -> str:
    from ..anonymise import canon, ordinary_words  # noqa: PLC0415 - a large word list

    while (after := _CAPITALISED_AFTER.match(line, end)) and after.group(1)[0].isupper():
        end = after.end()
    while before := _CAPITALISED_BEFORE.search(line, 0, start):
        word = before.group(1)
        if not word[0].isupper() or word.rstrip(".").lower() in TITLES:
            break
        if (
            _SENTENCE_START.search(line, 0, before.start())
            and canon(word).replace(" ", "") in ordinary_words()
        ):
            break
        start = before.start()
    span = line[start:end]
    while (cut := _POSSESSIVE_END.search(span)) and cut.start() > 0:
        span = span[: cut.start()]
    return span.strip()


def _aot(doc, name: str):
    if name not in doc:
        doc[name] = tomlkit.aot()
    return doc[name]


def allowed_texts(document: TomlFile) -> set[str]:
    return {str(t.get("text", "")) for t in document.doc.get("allow", [])}


def allow(document: TomlFile, text: str, reason: str) -> str:
    """Append `[[allow]]` text/reason (once per text); the commit message for it."""
    text, reason = text.strip(), reason.strip()
    if not text:
        raise ValueError("there is no text to allow")
    if not reason:
        raise ValueError("an allowance needs a reason the board would accept")
    if text in allowed_texts(document):
        raise ValueError("that text is already allowed in the register")
    table = tomlkit.table()
    table.update({"text": text, "reason": reason})
    _aot(document.doc, "allow").append(table)
    return "Register: 1 residual candidate allowed"


def add_entry(
    document: TomlFile, ids, kind: str, name: str, label: str, role: str = "other"
) -> tuple[str, str]:
    """Append a person, place, organisation or term; (its new id, the commit message).

    `ids` answers `known_ids()` (the loaded model, or one that also knows unsaved records).
    """
    if kind not in ENTRY_KINDS:
        raise ValueError(f"cannot add a {kind} to the register")
    name, label = name.strip(), label.strip()
    if not name:
        raise ValueError("there is no name to register")
    if not label:
        raise ValueError("a register entry needs a publication label")
    ident = records.next_record_id(document.root, ids, kind)
    table = tomlkit.table()
    table.update({"id": ident, "name": name, "aliases": [], "label": label})
    if kind == "person":
        table["role"] = role
    _aot(document.doc, kind).append(table)
    return ident, f"Register: {kind} {ident} added"
