"""Register edits that the Build part makes in place: allow a residual candidate, add an entry.

Plain Python (no Textual). The register is confidential, so the commit messages made here say
what kind of change and how many, never the text or a name: commit messages are quoted in the
published audit trail.
"""

from __future__ import annotations

import tomlkit

from ..store import records
from ..store.documents import TomlFile
from ..store.records import KnownIds

ENTRY_KINDS = ("person", "place", "organisation", "term")


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
    records.array_of_tables(document.doc, "allow").append(table)
    return "Register: 1 residual candidate allowed"


def add_entry(
    document: TomlFile, ids: KnownIds, kind: str, name: str, label: str, role: str = "other"
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
    ident = records.add_register_entry(document, ids, kind, name, label, role)
    return ident, f"Register: {kind} {ident} added"
