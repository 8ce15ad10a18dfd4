"""What counts as an identifier of a register entry, read from the register alone.

Shared by the anonymiser's lookup tables, the independent survivor check, the residual
detector and the tests, so that all of them look for the same names.
"""

from __future__ import annotations

import re

from scrtui.model import Register
from scrtui.textscan.folding import DASHES, canon
from scrtui.textscan.words import ordinary_words

GENERIC_SURNAME_LABEL = "the family"
GENERIC_NAME_LABEL = "[name withheld]"
# Titles are swallowed with the name after them ("Ms Smith" -> "Mother", "PC Lowe" -> "the
# police officer").
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "pc", "dc", "ds", "sgt", "rev", "cllr"})
# Words of a name or alias that are not themselves identifiers: titles and forms of address,
# kinship and descriptive words ("baby Alfie", "Auntie Jo", "Nurse Jackie").
NOT_NAME_WORDS = TITLES | frozenset(
    re.findall(
        r"\S+",
        """
    mister master prof professor sir dame lord lady revd dci di insp inspector sergeant
    constable nurse sister brother doctor auntie aunty aunt uncle nan nana nanna nanny gran
    granny grandma grandad grandpa grandmother grandfather mum mam mom mummy dad daddy baby
    little big young old junior senior jr snr sr
""",
    )
)


def dash_parts(word: str) -> list[str]:
    """The parts of a hyphenated word ("Kerry-Ann" -> "Kerry", "Ann"), whatever its dash."""
    return [p for p in re.split("[" + DASHES + "]", word) if p]


def person_words(identifier: str, *, alias: bool) -> list[tuple[str, bool]]:
    """The words of a person's name or alias that count as identifiers on their own, each with
    whether it is the last word (a surname, when shared).

    Each word and each part of a hyphenated word, less titles, kinship and descriptive words
    and single letters. In an alias only capitalised words count: "baby Alfie" gives "Alfie",
    "Kerry Brown" (a maiden name) gives "Kerry" and "Brown".
    """
    words = [w for w in identifier.split() if canon(w) not in NOT_NAME_WORDS]
    out = []
    for n, word in enumerate(words):
        if alias and not word[:1].isupper():
            continue
        last = n == len(words) - 1 and len(words) > 1
        for piece in [word, *dash_parts(word)]:
            if len(canon(piece).replace(" ", "")) >= 2 and canon(piece) not in NOT_NAME_WORDS:
                out.append((piece, last))
    return out


def identifier_phrases(register: Register) -> list[tuple[str, str, bool]]:
    """Every identifier the register implies: (text, entry id, derived?).

    Names, aliases and forms of every entry, and for people the words `person_words` gives and
    the run-together forms `run_together_forms` gives. Shared by the anonymiser, the
    independent survivor check, the residual detector and the tests.
    """
    out: list[tuple[str, str, bool]] = []
    for entry in register.entries:
        for ident in [*entry.identifiers, *entry.forms]:
            if ident.strip():
                out.append((ident.strip(), entry.id, False))
        if entry.kind != "person":
            continue
        for i, ident in enumerate(entry.identifiers):
            for word, _last in person_words(ident, alias=i > 0):
                if canon(word) != canon(ident):
                    out.append((word, entry.id, True))
        out += [
            (form, entry.id, True)
            for form in run_together_forms(entry.identifiers, initial_first=False)
        ]
    return out


def name_words(identifier: str) -> list[str]:
    """The folded words of a name that name someone: no titles, kinship or descriptive words
    ("Dr Imran Qureshi" -> imran, qureshi)."""
    return [w for w in (canon(p) for p in identifier.split()) if w and w not in NOT_NAME_WORDS]


def run_together_forms(identifiers: list[str], *, initial_first: bool = True) -> list[str]:
    """The forms of a person's names written as one word, as user names, handles, file names
    and URLs write them: first and last name ("alfiehartley", "hartleyalfie"), the first name
    and an initial ("alfieh"), every word joined, and (with `initial_first`) an initial and the
    last name ("ahartley"). Folded; none that is an ordinary word or shorter than four letters.
    """
    words = ordinary_words()
    out: dict[str, None] = {}
    for identifier in identifiers:
        parts = [w.replace(" ", "") for w in name_words(identifier)]
        if len(parts) < 2:
            continue
        first, last = parts[0], parts[-1]
        forms = ["".join(parts), first + last, last + first, first + last[0]]
        if initial_first:
            forms.append(first[0] + last)
        for form in forms:
            if len(form) >= 4 and form not in words and form not in out:
                out[form] = None
    return list(out)


def initials_of(identifier: str) -> tuple[str, ...] | None:
    """A name's initials as folded letters ("Alfie Hartley" -> ("a", "h")), or None for a name
    of one word. The parts of a hyphenated word count ("Kerry-Ann O'Neill" -> k, a, o)."""
    letters = []
    for word in identifier.split():
        if canon(word) in NOT_NAME_WORDS or not word[:1].isupper():
            continue
        letters += [canon(part)[0] for part in dash_parts(word) if canon(part)]
    return tuple(letters) if len(letters) >= 2 else None
