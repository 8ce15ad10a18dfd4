"""The register as lookup tables: every key a name can be matched by, and what to do there.

Worked out once per register, so that the scan decides per occurrence with a bit mask.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import NamedTuple

from scrtui.model import Register
from scrtui.textscan.folding import WORD, canon, fold
from scrtui.textscan.words import ordinary_words

from .identifiers import (
    GENERIC_NAME_LABEL,
    GENERIC_SURNAME_LABEL,
    initials_of,
    person_words,
    run_together_forms,
)

# How the anonymiser treats a target, worked out once per key rather than once per occurrence.
PLAIN, ORDINARY, LOWER_LABEL, LABEL, URL, PERSON = 0, 1, 2, 4, 8, 16
KEPT, SURNAME = 32, 64  # an ambiguous phrase kept as written; a surname (or part of one)
INITIALS_MODE = 128  # one-letter words that are a person's initials if written with stops
SKIP = LABEL | URL | KEPT | INITIALS_MODE  # handled apart from the names
_PERSON_KINDS = frozenset({"word", "shared", "surname"})  # always a person's name


class Target(NamedTuple):
    label: str
    ids: tuple[str, ...]
    kind: str  # name, alias, word, surname, shared, or "label" (a protected label: keep as is)
    ordinary: bool = False
    mode: int = PLAIN


def make_target(
    label: str,
    ids: tuple[str, ...],
    kind: str,
    ordinary: bool = False,
    person: bool = False,
    surname: bool = False,
) -> Target:
    if kind == "label":
        mode = LABEL
    elif kind == "ambiguous":
        mode = KEPT
    else:
        mode = (ORDINARY if ordinary else 0) | (LOWER_LABEL if label[:1].islower() else 0)
        if person or kind in _PERSON_KINDS:
            mode |= PERSON  # initials before it go with it ("J. Smith")
        if surname or kind == "surname":
            mode |= SURNAME
    return Target(label, ids, kind, ordinary, mode)


END = Target("", (), "end", False, LABEL | URL)  # the sentinel after the last hit


class UrlEdit(NamedTuple):
    """A decision taken inside a URL: shaped like Target, plus the text to put in."""

    label: str
    ids: tuple[str, ...]
    kind: str
    ordinary: bool
    mode: int
    new: str | None  # None: flagged, left in place


class Tables(NamedTuple):
    """A register compiled: keys (folded phrases) to targets, the warnings that compiling
    gave, the targets of initials written with stops, the run-together forms."""

    keys: dict[str, Target]
    warnings: list[str]
    initials: dict[str, Target]
    joined: frozenset[str]


def variants(name: str) -> list[str]:
    """Keys for a name: its canonical form and every mix of run-together forms of its words with
    inner apostrophes or hyphens ("Kerry-Ann O'Neill" -> "kerry ann oneill", "kerryann o neill",
    ...), as URLs and e-mail addresses write them."""
    options = []
    for word in name.split():
        parts = WORD.findall(fold(unicodedata.normalize("NFC", word)))
        if not parts:
            continue
        split = " ".join(parts)
        options.append([split, "".join(parts)] if len(parts) > 1 else [split])
        if len(options) > 6:  # no real name needs more; keep the product small
            return [canon(name)] if canon(name) else []
    return [" ".join(combo) for combo in itertools.product(*options)] if options else []


def compile_register(register: Register) -> Tables:
    """Every key the register's names, aliases, words, surname rules, labels and ambiguous
    phrases give, each with its target, and the warnings where they conflict."""
    words = ordinary_words()
    warnings: list[str] = []
    keys: dict[str, Target] = {}

    def label_of(entry_label: str, entry_id: str) -> str:
        if entry_label.strip():
            return entry_label.strip()
        warnings.append(f"{entry_id} has no label; it becomes '{GENERIC_NAME_LABEL}'")
        return GENERIC_NAME_LABEL

    # Names and aliases, as written.
    explicit: dict[str, Target] = {}
    people = {e.id for e in register.people}
    for entry in register.entries:
        label = label_of(entry.label, entry.id)
        kinds = ["name"] + ["alias"] * len(entry.aliases) + ["form"] * len(entry.forms)
        for kind, ident in zip(kinds, [*entry.identifiers, *entry.forms], strict=True):
            for key in variants(ident):
                known = explicit.get(key)
                if known is None:
                    explicit[key] = make_target(label, (entry.id,), kind, person=entry.id in people)
                elif known.label == label:
                    ids = tuple(dict.fromkeys((*known.ids, entry.id)))
                    explicit[key] = make_target(
                        label, ids, known.kind, person=any(i in people for i in ids)
                    )
                else:
                    warnings.append(
                        f"'{ident}' is registered for {', '.join(known.ids)} and {entry.id} "
                        f"with different labels; it becomes '{known.label}'"
                    )

    # Each word of a person's name or alias, and the name run together ("alfiehartley").
    derived: dict[str, list[tuple[str, str, bool]]] = {}
    surnames: set[str] = set()
    run_together: set[str] = set()
    joined_uses: dict[str, list[tuple[str, str, bool]]] = {}
    initials: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for entry in register.people:
        label = entry.label.strip() or GENERIC_NAME_LABEL
        for i, ident in enumerate(entry.identifiers):
            for piece, last in person_words(ident, alias=i > 0):
                for key in variants(piece):
                    derived.setdefault(key, []).append((label, entry.id, last))
                    if last:
                        surnames.add(key)
            letters = initials_of(ident)
            if letters is not None:
                people_uses = initials.setdefault(letters, [])
                if (label, entry.id) not in people_uses:
                    people_uses.append((label, entry.id))
        # Not "ahartley": it starts with no word of the name, so the scanner could find it
        # only as a word of its own (see __init__); the survivor check and the residual
        # detector catch it, and it keeps the draft from publication.
        for form in run_together_forms(entry.identifiers, initial_first=False):
            joined_uses.setdefault(form, []).append((label, entry.id, False))
    for rule in register.surnames:
        surnames.update(variants(rule.name))
    # A run-together form that is also a word of some name is that word, never a form.
    for form, uses in joined_uses.items():
        if form not in derived and form not in explicit:
            derived[form] = uses
            run_together.add(form)

    for key, uses in derived.items():
        ids = tuple(dict.fromkeys(i for _, i, _ in uses))
        labels = {lab for lab, _, _ in uses}
        if key in explicit:
            known = explicit[key]
            if labels - {known.label}:
                warnings.append(
                    f"'{key}' is part of the name of {', '.join(ids)} and also registered "
                    f"for {', '.join(known.ids)}; it becomes '{known.label}'"
                )
            continue
        if len(labels) == 1:
            keys[key] = make_target(next(iter(labels)), ids, "word")
        elif all(last for _, _, last in uses):
            keys[key] = make_target(GENERIC_SURNAME_LABEL, ids, "shared")
        else:
            keys[key] = make_target(GENERIC_NAME_LABEL, ids, "shared")
    keys.update(explicit)

    # Surname rules override whatever the words above gave a shared surname.
    for rule in register.surnames:
        label = rule.label.strip() or GENERIC_SURNAME_LABEL
        for key in variants(rule.name):
            ids = keys[key].ids if key in keys else ()
            keys[key] = make_target(label, ids, "surname")

    for key, target in list(keys.items()):
        if target.kind == "shared":
            warnings.append(
                f"'{key}' is part of the names of {', '.join(target.ids)}, who have different "
                f"labels, and has no [[surname]] rule; alone it becomes '{target.label}'"
            )

    # Single ordinary words are replaced only when capitalised. A surname among them
    # ("pike") left in lower case keeps the draft from publication.
    for key, target in list(keys.items()):
        if " " not in key and key in words:
            keys[key] = make_target(
                target.label,
                target.ids,
                target.kind,
                True,
                person=bool(target.mode & PERSON),
                surname=key in surnames,
            )

    # The plural of a registered word that is not an ordinary one ("the Hartleys", "Anns'"):
    # that word's label, as the survivor check would otherwise block it.
    for key, target in list(keys.items()):
        if (
            " " in key
            or len(key) < 3
            or target.mode & (ORDINARY | LABEL | KEPT)
            or target.kind in ("label", "ambiguous")
        ):
            continue
        for plural in (key + "s", key + "es"):
            if plural not in keys and plural not in words:
                keys[plural] = target

    # A label that contains a registered word is protected, so a second run leaves it alone.
    labels = {t.label for t in keys.values() if t.kind != "ambiguous"}
    for label in sorted(labels):
        key = canon(label)
        if not key or key in keys:
            continue
        parts = key.split()
        inner = [
            " ".join(parts[i:j])
            for i in range(len(parts))
            for j in range(i + 1, len(parts) + 1)
            if " ".join(parts[i:j]) in keys
        ]
        if inner:
            keys[key] = make_target(label, (), "label")
            warnings.append(
                f"label '{label}' contains the registered identifier '{inner[0]}'; "
                "the published text will show it"
            )

    # Phrases in which a registered word is not a name ("River Tay") stay as written.
    for entry in register.entries:
        for phrase in entry.ambiguous:
            for key in variants(phrase):
                keys[key] = make_target(phrase.strip(), (entry.id,), "ambiguous")

    # Initials with full stops ("A.H.", "K. H."): of one person, that person's label.
    by_initials = {}
    for letters, people_uses in initials.items():
        labels_used = {lab for lab, _ in people_uses}
        label = next(iter(labels_used)) if len(labels_used) == 1 else GENERIC_NAME_LABEL
        by_initials["".join(letters)] = Target(
            label, tuple(dict.fromkeys(i for _, i in people_uses)), "initials", False, INITIALS_MODE
        )
    joined = frozenset(
        k for k in run_together if keys.get(k) is not None and keys[k].kind == "word"
    )
    return Tables(keys, warnings, by_initials, joined)
