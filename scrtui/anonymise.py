"""Replace registered identifiers with their publication labels.

Pure functions over text: no file, git or UI imports. The build runs `Anonymiser.apply` on every
publication text, then `Anonymiser.survivors` on the finished Markdown/HTML/DOCX text as a second,
independently written check, then the residual detector (`scrtui.residual`).

What counts as an identifier of a register entry:
- its `name` and each alias, as whole phrases;
- for people, also each word of the name and of every alias, each part of a hyphenated word
  ("Kerry" and "Ann" of "Kerry-Ann"; parts of one letter are left out), and for words with an
  apostrophe or hyphen the run-together form ("ONeill", "KerryAnn") found in URLs;
- a title (Mr, Mrs, Ms, Miss, Mx, Dr, PC, DC, DS, Sgt, Rev, Cllr) before any identifier is
  swallowed with it, so "Ms Smith" becomes the label and never "Ms Mother"; so are initials
  before a person's name ("J. Smith", "J.R. Smith", "Jayden R. Smith" are each one label, and
  "A" or "I" alone is a word, not an initial). Titles, kinship
  and descriptive words in a name or alias ("baby Alfie", "Auntie Jo") are not identifiers on
  their own, and in an alias only capitalised words are.

Matching ignores case, accents ("Zoë" = "Zoe") and the apostrophe's shape ("O’Neill" =
"O'Neill"), lets words of one name be split by any run of whitespace (a line break included),
a hyphen or an underscore, and is whole-word: a possessive "'s" stays after the label.
Link targets, bare URLs and e-mail addresses are percent-decoded first and the label goes in as
a slug in the separator style of the match (`/jayden-smith` -> `/child-a`).

A single-word identifier that is also an ordinary English word (Rose, Will, Grace, Smith ...)
is replaced when it starts with a capital letter or follows a title, and otherwise left in place
and reported as flagged for review. Results and warnings contain real names: they belong in the
confidential part of a build, never in `build/publication/`.
"""

from __future__ import annotations

import bisect
import gzip
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import NamedTuple

from scrtui.model import Register
from scrtui.normalise import Normalised, needs_normalising, normalise, replacement

try:  # a C Aho-Corasick automaton: about 1.5 times the pure-Python scanner's throughput
    import ahocorasick
except ImportError:  # pragma: no cover - the fallback is tested with automaton=False
    ahocorasick = None

GENERIC_SURNAME_LABEL = "the family"
GENERIC_NAME_LABEL = "[name withheld]"
# Titles are swallowed with the name after them ("Ms Smith" -> "Mother", "PC Lowe" -> "the
# police officer").
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "pc", "dc", "ds", "sgt", "rev", "cllr"})
# Words of a name or alias that are not themselves identifiers: titles and forms of address,
# kinship and descriptive words ("baby Alfie", "Auntie Jo", "Nurse Jackie").
_NOT_NAME_WORDS = TITLES | frozenset(
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

# --- folding: one character in, one character out, so offsets carry over unchanged ---------------

_APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02bb\u2032\u00b4`\uff07"
_DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_NOT_DECOMPOSABLE = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
    "ŀ": "l",
    "ŧ": "t",
    "ð": "d",
    "ƒ": "f",
}
_FOLD_CACHE: dict[str, str] = {}
_LOWER_TABLE = {i: chr(i).lower() for i in range(ord("A"), ord("Z") + 1)}
_LOWER_BYTES = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))
# Every ASCII character that is not a letter or digit separates words.
_SPACE_TABLE = {i: " " for i in range(128) if not chr(i).isalnum()}
_WORD = re.compile(r"[^\W_]+")


def _fold_char(char: str) -> str:
    folded = _FOLD_CACHE.get(char)
    if folded is None:
        if char in _APOSTROPHES:
            folded = "'"
        elif char in _DASHES:
            folded = "-"
        elif char.isalnum():
            lower = char.lower() if len(char.lower()) == 1 else char  # "İ" lowers to two
            base = unicodedata.normalize("NFKD", lower)[0]
            if base.isascii() and base.isalnum():
                folded = base.lower()
            else:
                folded = _NOT_DECOMPOSABLE.get(lower, lower)
        elif unicodedata.category(char).startswith("M"):
            folded = "'"  # a combining mark that NFC could not compose: not part of a word
        else:
            folded = " "
        _FOLD_CACHE[char] = folded
    return folded


def fold(text: str) -> str:
    """Lower-case, accent-free, one-apostrophe, one-dash form of `text`, of the same length.

    Same length matters: offsets found in the folded text are offsets in the original.
    """
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, bool]:
    """`fold`, and whether the text holds combining marks (then NFC it and fold again)."""
    folded, marks, _special = _fold_special(text)
    return folded, marks


def _fold_special(text: str) -> tuple[str, bool, bool]:
    """`_fold`, and whether the text holds a character that `normalise` replaces or removes
    (an invisible one, a look-alike letter, a ligature).

    The bulk of the text is lower-cased as ASCII bytes (memory speed in CPython); only the
    non-ASCII characters, found through the "?" that `encode("ascii", "replace")` puts in
    their place, go through the per-character tables.
    """
    if text.isascii():
        return text.translate(_LOWER_TABLE), False, False
    raw = text.encode("ascii", "replace")
    low = raw.translate(_LOWER_BYTES).decode("ascii")
    pieces: list[str] = []
    marks = special = False
    last = 0
    find = raw.find
    i = find(b"?")
    while i >= 0:
        char = text[i]
        if char != "?":
            pieces.append(low[last:i])
            folded = _fold_char(char)
            marks = marks or (folded == "'" and unicodedata.combining(char) > 0)
            special = special or replacement(char) is not None
            pieces.append(folded)
            last = i + 1
        i = find(b"?", i + 1)
    pieces.append(low[last:])
    return "".join(pieces), marks, special


def canon(text: str) -> str:
    """The lookup key of a name or of matched text: its folded words joined by one space."""
    return " ".join(_WORD.findall(fold(unicodedata.normalize("NFC", text))))


@cache
def ordinary_words() -> frozenset[str]:
    """Ordinary (lower-case) English words, folded; shipped in `scrtui/data` (SCOWL, see there)."""
    data = resources.files("scrtui").joinpath("data", "english_words.txt.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


# --- results -------------------------------------------------------------------------------------


class Replacement(NamedTuple):
    """One identifier replaced: where (in the input), what it was, what it became.

    Named tuples, not dataclasses: a long draft has tens of thousands of these, and building
    them is most of the anonymiser's per-name cost.
    """

    start: int
    end: int
    original: str
    replacement: str
    label: str
    entry_ids: tuple[str, ...]
    kind: str  # name, alias, word, surname, shared
    line: int
    col: int
    ordinary_word: bool = False  # an ordinary English word replaced because it was capitalised


class Flag(NamedTuple):
    """A registered identifier left in place: a lower-case ordinary word that is also a
    registered name (`kind` "ordinary", or "surname" when it is a person's surname: that one
    keeps the draft from publication), or a phrase the register says is not a name
    ("ambiguous")."""

    start: int
    end: int
    text: str
    label: str
    entry_ids: tuple[str, ...]
    line: int
    col: int
    context: str
    kind: str = "ordinary"


class Survivor(NamedTuple):
    """A registered identifier still present in a finished text."""

    start: int
    end: int
    text: str
    identifier: str
    entry_ids: tuple[str, ...]
    line: int
    col: int
    context: str


class AnonymisedResult:
    """The anonymised text, and (built on first use) what was replaced and what was flagged.

    The records are built lazily: a caller that only wants the text (a preview, an idempotence
    check) does not pay for tens of thousands of them.
    """

    def __init__(self, text: str, source: str, edits: tuple[list, ...], warnings: list[str]):
        self.text = text
        self.warnings = warnings
        self._source = source
        # Parallel lists, in order: start, end, new text (None: flagged), target.
        self._edits = edits
        self._records: tuple[list[Replacement], list[Flag]] | None = None

    @property
    def replacements(self) -> list[Replacement]:
        return self._build()[0]

    @property
    def flagged(self) -> list[Flag]:
        return self._build()[1]

    def _build(self) -> tuple[list[Replacement], list[Flag]]:
        if self._records is None:
            text = self._source
            replacements: list[Replacement] = []
            flagged: list[Flag] = []
            line, line_start, at = 1, 0, 0
            count, rfind, make = text.count, text.rfind, tuple.__new__
            add = replacements.append
            for start, end, new, target in zip(*self._edits, strict=True):
                newlines = count("\n", at, start)
                if newlines:
                    line += newlines
                    line_start = rfind("\n", at, start) + 1
                at = start
                if new is None:
                    mode = target.mode
                    kind = (
                        "ambiguous"
                        if mode & _KEPT
                        else "surname"
                        if mode & _SURNAME
                        else "ordinary"
                    )
                    flagged.append(
                        Flag(
                            start,
                            end,
                            text[start:end],
                            target.label,
                            target.ids,
                            line,
                            start - line_start + 1,
                            _context(text, start, end),
                            kind,
                        )
                    )
                else:
                    add(
                        make(
                            Replacement,
                            (
                                start,
                                end,
                                text[start:end],
                                new,
                                target.label,
                                target.ids,
                                target.kind,
                                line,
                                start - line_start + 1,
                                target.ordinary,
                            ),
                        )
                    )
            self._records = (replacements, flagged)
        return self._records


# --- the register as lookup tables ---------------------------------------------------------------


# How `apply` treats a target, worked out once per key rather than once per occurrence.
_PLAIN, _ORDINARY, _LOWER_LABEL, _LABEL, _URL, _PERSON = 0, 1, 2, 4, 8, 16
_KEPT, _SURNAME = 32, 64  # an ambiguous phrase kept as written; a surname (or part of one)
_INITIALS_MODE = 128  # one-letter words that are a person's initials if written with stops
_SKIP = _LABEL | _URL | _KEPT | _INITIALS_MODE  # handled apart from the names
_PERSON_KINDS = frozenset({"word", "shared", "surname"})  # always a person's name


class _Target(NamedTuple):
    label: str
    ids: tuple[str, ...]
    kind: str  # name, alias, word, surname, shared, or "label" (a protected label: keep as is)
    ordinary: bool = False
    mode: int = _PLAIN


def _target(
    label: str,
    ids: tuple[str, ...],
    kind: str,
    ordinary: bool = False,
    person: bool = False,
    surname: bool = False,
) -> _Target:
    if kind == "label":
        mode = _LABEL
    elif kind == "ambiguous":
        mode = _KEPT
    else:
        mode = (_ORDINARY if ordinary else 0) | (_LOWER_LABEL if label[:1].islower() else 0)
        if person or kind in _PERSON_KINDS:
            mode |= _PERSON  # initials before it go with it ("J. Smith")
        if surname or kind == "surname":
            mode |= _SURNAME
    return _Target(label, ids, kind, ordinary, mode)


_HEAD_MIN = 5  # see Anonymiser.__init__
_END = _Target("", (), "end", False, _LABEL | _URL)  # the sentinel after the last hit


class _UrlEdit(NamedTuple):
    """A decision taken inside a URL: shaped like _Target, plus the text to put in."""

    label: str
    ids: tuple[str, ...]
    kind: str
    ordinary: bool
    mode: int
    new: str | None  # None: flagged, left in place


def _dash_parts(word: str) -> list[str]:
    return [p for p in re.split("[" + _DASHES + "]", word) if p]


def person_words(identifier: str, *, alias: bool) -> list[tuple[str, bool]]:
    """The words of a person's name or alias that count as identifiers on their own, each with
    whether it is the last word (a surname, when shared).

    Each word and each part of a hyphenated word, less titles, kinship and descriptive words
    and single letters. In an alias only capitalised words count: "baby Alfie" gives "Alfie",
    "Kerry Brown" (a maiden name) gives "Kerry" and "Brown".
    """
    words = [w for w in identifier.split() if canon(w) not in _NOT_NAME_WORDS]
    out = []
    for n, word in enumerate(words):
        if alias and not word[:1].isupper():
            continue
        last = n == len(words) - 1 and len(words) > 1
        for piece in [word, *_dash_parts(word)]:
            if len(canon(piece).replace(" ", "")) >= 2 and canon(piece) not in _NOT_NAME_WORDS:
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
    return [w for w in (canon(p) for p in identifier.split()) if w and w not in _NOT_NAME_WORDS]


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
        if canon(word) in _NOT_NAME_WORDS or not word[:1].isupper():
            continue
        letters += [canon(part)[0] for part in _dash_parts(word) if canon(part)]
    return tuple(letters) if len(letters) >= 2 else None


class Anonymiser:
    """The register compiled into lookup tables; `apply` replaces, `survivors` double-checks."""

    def __init__(
        self,
        keys: dict[str, _Target],
        warnings: list[str],
        register: Register,
        *,
        automaton: bool = True,
        initials: dict[str, _Target] | None = None,
        joined: frozenset[str] = frozenset(),
    ):
        self._keys = keys
        self._initials = initials or {}
        self.warnings = warnings
        self._register = register
        triggers = {k.split(" ", 1)[0] for k in keys}
        self._triggers = frozenset(triggers)
        first_max: dict[str, int] = {}
        for key in keys:
            n = key.count(" ") + 1
            if n > 1:
                first = key.split(" ", 1)[0]
                first_max[first] = max(first_max.get(first, 1), n)
        self._first_max = first_max
        self._prefixes = frozenset(
            " ".join(parts[:n])
            for parts in (key.split(" ") for key in keys if " " in key)
            for n in range(2, len(parts))
        )
        # What the scanner needs to know about a word that starts an identifier: its length, its
        # own target, the most words a key starting with it has, and the two-word keys by the
        # second word.
        second: dict[str, dict[str, _Target]] = {}
        for key, target in keys.items():
            parts = key.split(" ")
            if len(parts) == 2:
                second.setdefault(parts[0], {})[parts[1]] = target
        self._info = {
            w: (len(w), keys.get(w), first_max.get(w), w, second.get(w, {}), None) for w in triggers
        }
        self._automaton = None
        if automaton and ahocorasick is not None and triggers:
            # A run-together form ("alfiehartley") is not a word of the automaton: it would
            # make it several times larger, and slower. It is found from the word it starts
            # with ("alfie"), whose pattern then has no space after it: a hit there followed by
            # more letters is the whole token looked up among the forms starting with it.
            # Only a head of five letters or more: a shorter one starts too many other words
            # ("wer" in "were"), and every such hit would be looked up.
            heads: dict[str, dict[str, tuple]] = {}
            for form in joined or ():
                for cut in range(len(form) - 1, _HEAD_MIN - 1, -1):
                    head = form[:cut]
                    if head in self._info and head not in joined:
                        heads.setdefault(head, {})[form] = self._info[form]
                        break
            placed = {form for forms in heads.values() for form in forms}
            machine = ahocorasick.Automaton()
            # Initials with full stops ("A.H.", "K. H."): found as one-letter words here,
            # checked against the text as written in `_apply`.
            for letters, target in self._initials.items():
                for gaps in itertools.product((" ", "  "), repeat=len(letters) - 1):
                    phrase = letters[0] + "".join(
                        g + c for g, c in zip(gaps, letters[1:], strict=True)
                    )
                    machine.add_word(
                        " " + phrase + " ", (len(phrase), target, None, phrase, {}, None)
                    )
            for word, info in self._info.items():
                if word in placed:
                    continue
                if word in heads:
                    machine.add_word(" " + word, (*info[:5], heads[word]))
                else:
                    machine.add_word(" " + word + " ", info)
            machine.make_automaton()
            self._automaton = machine
        self._survivor_index: _SurvivorIndex | None = None

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def from_register(cls, register: Register, *, automaton: bool = True) -> Anonymiser:
        """Compile the register. `automaton=False` uses the pure-Python scanner (same results,
        about two thirds of the speed), which is also what runs without pyahocorasick."""
        words = ordinary_words()
        warnings: list[str] = []
        keys: dict[str, _Target] = {}

        def label_of(entry_label: str, entry_id: str) -> str:
            if entry_label.strip():
                return entry_label.strip()
            warnings.append(f"{entry_id} has no label; it becomes '{GENERIC_NAME_LABEL}'")
            return GENERIC_NAME_LABEL

        # Names and aliases, as written.
        explicit: dict[str, _Target] = {}
        people = {e.id for e in register.people}
        for entry in register.entries:
            label = label_of(entry.label, entry.id)
            kinds = ["name"] + ["alias"] * len(entry.aliases) + ["form"] * len(entry.forms)
            for kind, ident in zip(kinds, [*entry.identifiers, *entry.forms], strict=True):
                for key in _variants(ident):
                    known = explicit.get(key)
                    if known is None:
                        explicit[key] = _target(label, (entry.id,), kind, person=entry.id in people)
                    elif known.label == label:
                        ids = tuple(dict.fromkeys((*known.ids, entry.id)))
                        explicit[key] = _target(
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
                    for key in _variants(piece):
                        derived.setdefault(key, []).append((label, entry.id, last))
                        if last:
                            surnames.add(key)
                letters = initials_of(ident)
                if letters is not None:
                    uses = initials.setdefault(letters, [])
                    if (label, entry.id) not in uses:
                        uses.append((label, entry.id))
            # Not "ahartley": it starts with no word of the name, so the scanner could find it
            # only as a word of its own (see __init__); the survivor check and the residual
            # detector catch it, and it keeps the draft from publication.
            for form in run_together_forms(entry.identifiers, initial_first=False):
                joined_uses.setdefault(form, []).append((label, entry.id, False))
        for rule in register.surnames:
            surnames.update(_variants(rule.name))
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
                keys[key] = _target(next(iter(labels)), ids, "word")
            elif all(last for _, _, last in uses):
                keys[key] = _target(GENERIC_SURNAME_LABEL, ids, "shared")
            else:
                keys[key] = _target(GENERIC_NAME_LABEL, ids, "shared")
        keys.update(explicit)

        # Surname rules override whatever the words above gave a shared surname.
        for rule in register.surnames:
            label = rule.label.strip() or GENERIC_SURNAME_LABEL
            for key in _variants(rule.name):
                ids = keys[key].ids if key in keys else ()
                keys[key] = _target(label, ids, "surname")

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
                keys[key] = _target(
                    target.label,
                    target.ids,
                    target.kind,
                    True,
                    person=bool(target.mode & _PERSON),
                    surname=key in surnames,
                )

        # The plural of a registered word that is not an ordinary one ("the Hartleys", "Anns'"):
        # that word's label, as the survivor check would otherwise block it.
        for key, target in list(keys.items()):
            if (
                " " in key
                or len(key) < 3
                or target.mode & (_ORDINARY | _LABEL | _KEPT)
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
                keys[key] = _target(label, (), "label")
                warnings.append(
                    f"label '{label}' contains the registered identifier '{inner[0]}'; "
                    "the published text will show it"
                )

        # Phrases in which a registered word is not a name ("River Tay") stay as written.
        for entry in register.entries:
            for phrase in entry.ambiguous:
                for key in _variants(phrase):
                    keys[key] = _target(phrase.strip(), (entry.id,), "ambiguous")

        # Initials with full stops ("A.H.", "K. H."): of one person, that person's label.
        by_initials = {}
        for letters, uses in initials.items():
            labels_used = {lab for lab, _ in uses}
            label = next(iter(labels_used)) if len(labels_used) == 1 else GENERIC_NAME_LABEL
            by_initials["".join(letters)] = _Target(
                label, tuple(dict.fromkeys(i for _, i in uses)), "initials", False, _INITIALS_MODE
            )
        joined = frozenset(
            k for k in run_together if keys.get(k) is not None and keys[k].kind == "word"
        )
        return cls(
            keys, warnings, register, automaton=automaton, initials=by_initials, joined=joined
        )

    # -- scanning ---------------------------------------------------------------------------------

    def _trigger_words(self, spaced: str):
        """Every whole word of `spaced` that starts an identifier, as (end, info), in order.

        `end` is the index in `spaced` of the space after the word. A C Aho-Corasick automaton
        finds them in one pass; without it, split + set filter + find do the same in C pieces.
        """
        if self._automaton is not None:
            return self._automaton.iter(spaced)
        return self._trigger_words_py(spaced)

    def _trigger_words_py(self, spaced: str):
        words = spaced.split()
        present = self._triggers.intersection(words)
        info = self._info
        find = spaced.find
        pos = 0
        for word in filter(present.__contains__, words):
            end = find(" " + word + " ", pos) + len(word) + 1
            pos = end
            yield end, info[word]

    def _scan(self, folded: str, gaps: frozenset[str]) -> tuple[list, list, list]:
        """Leftmost-longest identifier matches in folded text: their starts, ends and targets.

        The per-character work happens in C; Python runs only for words that start an
        identifier. `gaps` are the characters that may join the words of one name
        (`_GAPS_PROSE`, `_GAPS_URL`). Parallel lists rather than a tuple per match: tens of
        thousands of surviving tuples would set off full garbage collections.
        """
        spaced = " " + folded.translate(_SPACE_TABLE) + "  "  # room to look one past the end
        find = spaced.find
        folded += " "  # so that folded[end] exists after a last word
        starts: list[int] = []
        ends: list[int] = []
        targets: list[_Target] = []
        add_start, add_end, add_target = starts.append, ends.append, targets.append
        done = 0
        for stop, (length, single, most, word, second, joined) in self._trigger_words(spaced):
            if joined is not None:  # a word whose pattern has no space after it (see __init__)
                stop += 1
                if spaced[stop] != " ":  # more letters: perhaps a run-together form
                    after = find(" ", stop)
                    info = joined.get(spaced[stop - length : after])
                    if info is None:
                        continue
                    length, single, most, word, second, _ = info
                    stop = after
            # spaced[i] is folded[i - 1]: the space before the word sits at the word's start.
            start = stop - length - 1
            if start < done:
                continue
            end = stop - 1
            if most is None:  # no longer key starts with this word
                target = single
            elif spaced[stop + 1] != " " and folded[end] in gaps:
                # The usual case: a one-character gap, then perhaps the rest of a name.
                if most == 2:
                    after = find(" ", stop + 1)
                    target = second.get(spaced[stop + 1 : after])
                    if target is not None:
                        end = after - 1
                    else:
                        target = single
                else:
                    target, end = self._extend(word, start, folded, spaced, gaps, most)
            elif folded[end].isspace():  # a longer run of whitespace: a wrapped, indented line
                target, end = self._extend(word, start, folded, spaced, gaps, most)
            else:
                target = single
            if target is not None:
                add_start(start)
                add_end(end)
                add_target(target)
                done = end
        return starts, ends, targets

    def _extend(self, word, start, folded, spaced, gaps, most) -> tuple[_Target | None, int]:
        """The longest key starting with `word` at `start`: the general, slower path."""
        keys = self._keys
        end = at = start + len(word)
        target = keys.get(word)
        key = word
        n_spaced = len(spaced)
        for _ in range(most - 1):
            nxt = at + 2  # spaced index of the next word after a one-character gap
            if nxt >= n_spaced:
                break
            if spaced[nxt] == " ":
                while nxt < n_spaced and spaced[nxt] == " ":
                    nxt += 1
                if nxt >= n_spaced or not folded[at : nxt - 1].isspace():
                    break
            elif folded[at] not in gaps:
                break
            stop = spaced.find(" ", nxt)
            key = key + " " + spaced[nxt:stop]
            at = stop - 1
            found = keys.get(key)
            if found is not None:
                target, end = found, at
            elif key not in self._prefixes:
                break
        return target, end

    # -- applying ---------------------------------------------------------------------------------

    def apply(self, text: str) -> AnonymisedResult:
        """Replace every registered identifier in `text`; report what was replaced and flagged.

        Text with decomposed accents is NFC-normalised first (same letters, composed), and the
        offsets in the result refer to that form.
        """
        folded, marks, special = _fold_special(text)
        if marks:
            text = unicodedata.normalize("NFC", text)
            folded, _marks, special = _fold_special(text)
        if special or _may_hide(folded):
            normalised = normalise(text)
            if normalised.changed:
                return self._apply_normalised(normalised)
        return self._apply(text, folded)

    def _apply_normalised(self, normalised: Normalised) -> AnonymisedResult:
        """`apply` on the normalised text, its edits mapped back onto the text as written: a
        name with an invisible character in it is replaced whole, and nothing else changes."""
        inner = self._apply(normalised.text, fold(normalised.text))
        source = normalised.source
        e_start, e_end, e_new, e_target = [], [], [], []
        pieces: list[str] = []
        last = 0
        for start, end, new, target in zip(*inner._edits, strict=True):
            o_start, o_end = normalised.span(start, end)
            o_start = max(o_start, last)
            if new is not None and o_start < last:
                continue
            e_start.append(o_start)
            e_end.append(o_end)
            e_new.append(new)
            e_target.append(target)
            if new is not None:
                pieces.append(source[last:o_start])
                pieces.append(new)
                last = o_end
        pieces.append(source[last:])
        return AnonymisedResult(
            "".join(pieces), source, (e_start, e_end, e_new, e_target), list(self.warnings)
        )

    def _apply(self, text: str, folded: str) -> AnonymisedResult:
        """`apply` on text that needs no normalising, with its folded form."""
        spans = _url_spans(folded)
        starts, ends, targets = self._scan(folded, _GAPS_PROSE)
        urls: list[tuple[int, int, _UrlEdit]] = []
        if spans:
            # Drop the prose hits inside URLs; the URLs are matched again, decoded.
            keep_s, keep_e, keep_t = [], [], []
            last_kept = 0
            for s_start, s_end in spans:
                lo = bisect.bisect_left(starts, s_start)
                hi = bisect.bisect_left(starts, s_end)
                if lo > 0 and ends[lo - 1] > s_start:
                    lo -= 1  # a hit that runs into the URL
                if lo < hi:
                    keep_s += starts[last_kept:lo]
                    keep_e += ends[last_kept:lo]
                    keep_t += targets[last_kept:lo]
                    last_kept = max(last_kept, hi)
            starts = keep_s + starts[last_kept:]
            ends = keep_e + ends[last_kept:]
            targets = keep_t + targets[last_kept:]
            urls = [e for span in spans for e in self._url_edits(text, *span)]
        if self._automaton is None and self._initials and _DOTTED.search(text):
            urls = sorted(urls + self._initials_edits(text, folded))  # the scan cannot see them
        big = len(text) + 1
        starts.append(big)  # a sentinel that flushes the last URL edits
        ends.append(big)
        targets.append(_END)

        pieces: list[str] = []
        e_start: list[int] = []
        e_end: list[int] = []
        e_new: list[str | None] = []
        e_target: list = []
        add_piece = pieces.append
        add_start, add_end, add_new, add_target = (
            e_start.append,
            e_end.append,
            e_new.append,
            e_target.append,
        )
        # Locals, not globals, in the loop that runs once per hit.
        skip, kept, person, ordinary, lower_label = _SKIP, _KEPT, _PERSON, _ORDINARY, _LOWER_LABEL
        initials = _INITIALS_MODE
        adjusted = _ORDINARY | _LOWER_LABEL
        initial_tails, title_tails, two_spaces = _INITIAL_TAILS, _TITLE_TAILS, _TWO_SPACES
        initial_heads, same_gap = _INITIAL_HEADS, _SAME_PHRASE_GAP.fullmatch
        last = 0
        u, next_url = 0, (urls[0][0] if urls else big)
        for start, end, target in zip(starts, ends, targets, strict=True):
            while next_url < start:  # URL edits are rare: merge them in here
                u_start, u_end, u_target = urls[u]
                u += 1
                next_url = urls[u][0] if u < len(urls) else big
                if u_start >= last:
                    add_start(u_start)
                    add_end(u_end)
                    add_new(u_target.new)
                    add_target(u_target)
                    if u_target.new is not None:
                        add_piece(text[last:u_start])
                        add_piece(u_target.new)
                        last = u_end
            if start < last:
                continue
            mode = target.mode
            if mode & skip:
                if mode & kept:  # kept as written: listed for the reviewer
                    add_start(start)
                    add_end(end)
                    add_new(None)
                    add_target(target)
                elif mode & initials:  # one-letter words: initials if written as initials
                    edit = self._initials_edit(text, folded, start, target)
                    if edit is not None and edit[0] >= last:
                        start, end, new = edit
                        add_start(start)
                        add_end(end)
                        add_new(new)
                        add_target(target)
                        add_piece(text[last:start])
                        add_piece(new)
                        last = end
                continue
            new = target.label
            name_start = start
            if mode & person and text[start - 2 : start] in initial_tails:
                begin = _initials_start(text, start)
                if begin is not None and begin >= last:
                    start = begin
            titled = False
            tail = folded[start - 3 : start]
            if tail in title_tails or tail[1:] in two_spaces:
                begin = _title_start(folded, start)
                if begin is not None and begin >= last:
                    start, titled = begin, True
            if mode & adjusted:
                if mode & ordinary and not titled and not text[name_start].isupper():
                    new, start = None, name_start
                elif mode & lower_label and _sentence_start(text, start):
                    new = new[0].upper() + new[1:]
            if (
                new is not None
                and new[:4] == "the "
                and not titled
                and folded[start - 4 : start] == "the "
                and start - 4 >= last
            ):
                start -= 4  # "the Hartleys" is "the family", not "the the family"
                new = text[start : start + 3] + new[3:]
            if mode & person and text[end : end + 2] in initial_heads and new is not None:
                end = _initial_after(text, end)  # "Kerry H." is one label, never "Mother H."
            if (
                new is not None
                and start - last < 8
                and e_new
                and e_end[-1] == last
                and e_new[-1] == new
                and same_gap(text, last, start)
            ):
                # "Jayden R. Smith": one person's words either side of what went with them
                # make one label, not "Child A Child A".
                e_end[-1] = end
                last = end
                continue
            add_start(start)
            add_end(end)
            add_new(new)
            add_target(target)
            if new is not None:
                add_piece(text[last:start])
                add_piece(new)
                last = end
        pieces.append(text[last:])
        edits = (e_start, e_end, e_new, e_target)
        return AnonymisedResult("".join(pieces), text, edits, list(self.warnings))

    def _url_edits(self, text: str, s_start: int, s_end: int) -> list[tuple[int, int, _UrlEdit]]:
        """Decisions for one URL: decoded, matched with URL gaps, labels put in as slugs."""
        raw = text[s_start:s_end]
        decoded, starts, ends = _percent_decode(raw)
        folded = fold(decoded)
        found = [
            hit
            for hit in zip(*self._scan(folded, _GAPS_URL), strict=True)
            if hit[2].kind != "label"
        ]
        out = []
        for k, (start, end, target) in enumerate(found):
            o_start = s_start + starts[start]
            o_end = s_start + ends[end - 1]
            if target.ordinary and not decoded[start].isupper():
                # URLs are lower-case by habit, so capitals prove nothing there; but an ordinary
                # word right next to another identifier ("jay.smith@") is a name all the same.
                joined = (k > 0 and found[k - 1][1] + 1 >= start) or (
                    k + 1 < len(found) and end + 1 >= found[k + 1][0]
                )
                if not joined:
                    out.append((o_start, o_end, _UrlEdit(*target[:4], _URL, None)))
                    continue
            slug = _slug(target.label, decoded[start:end])
            out.append((o_start, o_end, _UrlEdit(*target[:4], _URL, slug)))
        return out

    def _initials_edit(
        self, text: str, folded: str, start: int, target: _Target
    ) -> tuple[int, int, str] | None:
        """A registered person's initials at `start` if they are written as initials, with
        full stops ("A.H.", "K. H."), and any title before them ("Ms K.H."): (start, end, the
        person's label)."""
        m = _DOTTED_INITIALS.match(text, start)
        if m is None or "".join(c for c in m.group().lower() if c.isalpha()) not in self._initials:
            return None
        end = m.end()
        if _SENTENCE_AFTER.match(text, end):
            end -= 1  # the full stop that ends the sentence stays
        begin = _title_start(folded, start)
        if begin is not None:
            start = begin
        new = target.label
        if new[:1].islower() and _sentence_start(text, start):
            new = new[0].upper() + new[1:]
        return start, end, new

    def undotted_initials(self, text: str) -> list[tuple[int, int, str, str]]:
        """A registered person's initials written without stops ("KH", "AH"): (start, end,
        the person's label, the words around it). Not replaced, because the same letters are
        often an abbreviation ("SW" for a social worker); the build keeps them from
        publication until the text is rewritten or the register allows them with a reason."""
        if not self._initials:
            return []
        out = []
        for m in _UNDOTTED_INITIALS.finditer(text):
            target = self._initials.get(m.group().lower())
            if target is not None:
                out.append((m.start(), m.end(), target.label, _context(text, m.start(), m.end())))
        return out

    def _initials_edits(self, text: str, folded: str) -> list[tuple[int, int, _UrlEdit]]:
        """`_initials_edit` for every initials in the text, for the scanner without the
        automaton. Merged in as URL edits are."""
        out = []
        for m in _DOTTED_INITIALS.finditer(text):
            target = self._initials.get("".join(c for c in m.group().lower() if c.isalpha()))
            edit = None if target is None else self._initials_edit(text, folded, m.start(), target)
            if edit is not None:
                out.append((edit[0], edit[1], _UrlEdit(*target[:4], _URL, edit[2])))
        return out

    # -- the second line of defence ---------------------------------------------------------------

    def survivors(self, text: str, *, include_lowercase_ordinary: bool = False) -> list[Survivor]:
        """Every registered identifier still in `text` (a finished md/html/docx text).

        Written apart from `apply` on purpose (own tokeniser, own normalisation, built straight
        from the register) so that a bug in one is caught by the other. Case-, accent- and
        apostrophe-insensitive, whole-word; percent-encoded (URL) text and HTML character
        references are decoded and checked too. Labels
        that contain a registered word are not reported (see the construction warnings).
        Lower-case ordinary words (a "will", a "rose") are left out unless asked for.
        """
        if self._survivor_index is None:
            self._survivor_index = _SurvivorIndex(self._register)
        return self._survivor_index.find(text, include_lowercase_ordinary)


def survivor_search(register: Register):
    """`Anonymiser.survivors` without the rest of the anonymiser: what the build's helper
    process needs to read the finished files back. The index is made on first use."""
    index: list[_SurvivorIndex] = []

    def survivors(text: str) -> list[Survivor]:
        if not index:
            index.append(_SurvivorIndex(register))
        return index[0].find(text, False)

    return survivors


def anonymise(text: str, register: Register) -> AnonymisedResult:
    """One-off convenience: build the tables and apply them once."""
    return Anonymiser.from_register(register).apply(text)


# --- helpers -------------------------------------------------------------------------------------


def _may_hide(folded: str) -> bool:
    """Whether folded text may hold what `normalise` undoes besides special characters (a word
    hyphenated over a line break, a character reference, markup inside a word). Each test is a
    search for a literal, at memory speed, before the exact one."""
    if _BREAK_HINT.search(folded) is not None:
        return True
    if "&" in folded and _ENTITY_HINT.search(folded) is not None:
        return True
    return any(
        mark in folded and pattern.search(folded) is not None for mark, pattern in _MARK_HINTS
    )


_BREAK_HINT = re.compile(r"-[ \t]*\r?\n")
_ENTITY_HINT = re.compile(r"&#?[a-z0-9]{1,32};")
_MARK_HINTS = tuple(
    (mark, re.compile(re.escape(mark) + r"(?<=[a-z0-9]" + re.escape(mark) + r")"))
    for mark in "*~`<"
)


# What may join the words of one name: whitespace, and in prose a hyphen, an underscore or an
# apostrophe ("O'Neill"); in URLs and e-mail addresses also a full stop or a plus.
_GAPS_PROSE = frozenset("-_' \t\n\r\f\v")
_GAPS_URL = _GAPS_PROSE | frozenset(".+")
# The last character of a title and the whitespace after it: a cheap test before the regex.
_TITLE_TAILS = frozenset(
    tail + space
    for tail in {t[-2:].rjust(2) for t in TITLES} | {t[-1] + "." for t in TITLES}
    for space in " \t\n\r"
)
_TWO_SPACES = frozenset(a + b for a in " \t\n\r" for b in " \t\n\r")  # "Ms\n  Smith"
# The two characters before a name that initials can end with: a capital or a full stop, then
# whitespace (a cheap test before the regex).
_INITIAL_TAILS = frozenset(a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ." for b in " \t\n\r")
# Initials right before a person's name ("J. Smith", "J.R. Smith", "J R Smith"): a capital with
# a full stop, or alone; "A" and "I" alone are words ("A Smith relative"), never initials.
_INITIALS = re.compile(
    r"(?<![^\s(\[\"'\u2018\u201c])(?:[A-Z]\.[ \t]*\n?[ \t]*|(?![AI])[A-Z][ \t]+\n?[ \t]*)"
    r"(?:[A-Z]\.[ \t]*\n?[ \t]*|(?![AI])[A-Z][ \t]+\n?[ \t]*)*\Z"
)
_SAME_PHRASE_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_TITLE_TAIL = re.compile(r"(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+\Z")
_SENTENCE_BEFORE = re.compile(
    r"(?:[.!?][\"'\u2019\u201d)\]]*[ \t]+|\|[ \t]*"
    r"|\n[ \t]*(?:(?:#{1,6}|>|[*+-]|\d{1,3}[.)])[ \t]+)*)\Z"
)
_LINE_START_MARKERS = re.compile(r"[ \t]*(?:(?:#{1,6}|>|[*+-]|\d{1,3}[.)])[ \t]+)*")


# A capital letter (not "A" or "I", which are words) after a space: perhaps an initial after a
# name ("Kerry H."). A cheap test before the regex.
_INITIAL_HEADS = frozenset(" " + c for c in "BCDEFGHJKLMNOPQRSTUVWXYZ") | {" A", " I"}
_INITIAL_AFTER = re.compile(r"[ \t]+(?:(?P<dot>[A-Z])\.(?![^\W_])|(?![AI])[A-Z](?![^\W_]|['’.-]))")
# After an initial's full stop, the end of a line or of the text: the stop ends the sentence too
# (prose is one sentence per line; "R. Smith" mid-line is a middle initial).
_SENTENCE_AFTER = re.compile(r"[ \t]*(?:\r?\n|\Z)")
# Initials with full stops, as a person's ("A.H.", "K. H.", "J.R.S."): found from the full
# stop before the second capital (a literal, which `re` skips to at memory speed).
_DOTTED = re.compile(r"\.[ \t]?[A-Z]\.")
_UNDOTTED_INITIALS = re.compile(r"(?<![\w.'’&/-])[A-Z]{2,3}(?![\w'’&/-]|\.\w)")
_DOTTED_INITIALS = re.compile(r"(?<![^\W_])(?<![.'’-])(?:[A-Z]\.[ \t]?){2,4}(?![^\W_])")


def _initial_after(text: str, end: int) -> int:
    """Where a name that ends at `end` ends with the initial after it ("Kerry H."). A full stop
    that also ends the sentence stays in the text."""
    m = _INITIAL_AFTER.match(text, end)
    if m is None:
        return end
    if m.group("dot") and _SENTENCE_AFTER.match(text, m.end()):
        return m.end() - 1
    return m.end()


def _variants(name: str) -> list[str]:
    """Keys for a name: its canonical form and every mix of run-together forms of its words with
    inner apostrophes or hyphens ("Kerry-Ann O'Neill" -> "kerry ann oneill", "kerryann o neill",
    ...), as URLs and e-mail addresses write them."""
    options = []
    for word in name.split():
        parts = _WORD.findall(fold(unicodedata.normalize("NFC", word)))
        if not parts:
            continue
        split = " ".join(parts)
        options.append([split, "".join(parts)] if len(parts) > 1 else [split])
        if len(options) > 6:  # no real name needs more; keep the product small
            return [canon(name)] if canon(name) else []
    return [" ".join(combo) for combo in itertools.product(*options)] if options else []


def _initials_start(text: str, start: int) -> int | None:
    """Where initials right before `start` begin, if there are any."""
    m = _INITIALS.search(text, max(0, start - 24), start)
    return m.start() if m else None


def _title_start(folded: str, start: int) -> int | None:
    """Where a title right before `start` begins ("Ms Smith", "Dr.\\nJones"), if there is one."""
    m = _TITLE_TAIL.search(folded, max(0, start - 16), start)
    if m is None:
        return None
    begin = m.start()
    if begin > 0 and (folded[begin - 1].isalnum() or folded[begin - 1] == "_"):
        return None
    return begin


def _sentence_start(text: str, at: int) -> bool:
    """Whether `at` starts a sentence, a line, a heading, a list item or a table cell."""
    if _SENTENCE_BEFORE.search(text, max(0, at - 16), at):
        return True
    return at < 64 and _LINE_START_MARKERS.fullmatch(text, 0, at) is not None


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if start - width > 0 and " " in before:
        before = before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0]
    return " ".join((before + text[start:end] + after).split())


def _slug(label: str, matched: str) -> str:
    """The label as it should stand inside a URL matched as `matched`."""
    seps = [c for c in matched if not (c.isalnum() or c in _APOSTROPHES)]
    sep = seps[0] if seps and seps[0] in "-_.+ " else "-"
    words = _WORD.findall("".join(c for c in unicodedata.normalize("NFKD", label) if c.isascii()))
    slug = sep.join(words) or "redacted"
    if not any(c.isupper() for c in matched):
        slug = slug.lower()
    return slug.replace(" ", "%20")


_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _percent_decode(raw: str) -> tuple[str, list[int], list[int]]:
    """Percent-decoded text and, per decoded character, its start and end in `raw`."""
    if "%" not in raw:
        return raw, list(range(len(raw))), list(range(1, len(raw) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _PERCENT_RUN.finditer(raw):
        for k in range(pos, m.start()):
            out.append(raw[k])
            starts.append(k)
            ends.append(k + 1)
        data = bytes.fromhex(m.group().replace("%", ""))
        i = 0
        while i < len(data):
            lead = data[i]
            n = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            try:
                char = data[i : i + n].decode("utf-8")
            except UnicodeDecodeError:
                char, n = data[i : i + 1].decode("latin-1"), 1
            out.append(char)
            starts.append(m.start() + 3 * i)
            ends.append(m.start() + 3 * (i + n))
            i += n
        pos = m.end()
    for k in range(pos, len(raw)):
        out.append(raw[k])
        starts.append(k)
        ends.append(k + 1)
    return "".join(out), starts, ends


# Each pattern starts with a literal, so that `re` skips to it at memory speed (a character
# class or an alternation at the start would make it test every position).
_MD_TARGET = re.compile(r"\]\(\s*<?([^\s()<>]+)")
_REF_TARGET = re.compile(r"\]:[ \t]*<?([^\s<>]+)")
_REF_LABEL = re.compile(r"[ \t]{0,3}\[[^\]\n]+")
_SCHEME = re.compile(r"://")
_SCHEME_NAME = re.compile(r"(?:https?|ftp|sftp|file)\Z", re.I)
_WWW = re.compile(r"www\.")
_URL_TAIL = re.compile(r"[^\s<>\"'()\[\]]+")
_ATTR_URLS = (re.compile(r"href\s*=\s*[\"']([^\"']+)"), re.compile(r"src\s*=\s*[\"']([^\"']+)"))
_EMAIL_AT = re.compile(r"@[^\W_][\w-]*(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+%'-]+\Z")


def _word_start(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _url_at(text: str, start: int, tail_from: int) -> tuple[int, int] | None:
    m = _URL_TAIL.match(text, tail_from)
    if m is None:
        return None
    end = m.end()
    while end > start and text[end - 1] in ".,;:!?":
        end -= 1
    return (start, end)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Link and image targets, bare URLs and e-mail addresses, merged, in order."""
    return _url_spans(fold(text))


def _url_spans(text: str) -> list[tuple[int, int]]:
    """`url_spans` of folded text: mostly one byte per character, so twice as fast to scan;
    folding keeps every offset, so the spans hold for the original text too."""
    spans: list[tuple[int, int]] = []
    # A rare character first (memchr speed), then the pattern that needs it.
    if "]" in text:
        spans += [m.span(1) for m in _MD_TARGET.finditer(text)]
        for m in _REF_TARGET.finditer(text):  # "[id]: url" link definitions
            line_start = text.rfind("\n", 0, m.start()) + 1
            if _REF_LABEL.fullmatch(text, line_start, m.start()):
                spans.append(m.span(1))
    if ":" in text:
        for m in _SCHEME.finditer(text):
            name = _SCHEME_NAME.search(text, max(0, m.start() - 5), m.start())
            if name and _word_start(text, name.start()):
                span = _url_at(text, name.start(), m.end())
                if span:
                    spans.append(span)
    for m in _WWW.finditer(text):
        if _word_start(text, m.start()):
            span = _url_at(text, m.start(), m.end())
            if span:
                spans.append(span)
    if "=" in text:
        for pattern in _ATTR_URLS:
            spans += [m.span(1) for m in pattern.finditer(text) if _word_start(text, m.start())]
    for m in _EMAIL_AT.finditer(text):
        local = _EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
        if local:
            spans.append((local.start(), m.end()))
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# --- the independent survivor check --------------------------------------------------------------


def _norm2(text: str) -> list[str]:
    """Survivor-side normalisation: NFKD, no marks, casefold, words. Deliberately not `fold`."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    words = re.findall(r"[^\W_]+", stripped.casefold())
    return [w.translate(_NOT_DECOMPOSABLE_TABLE) for w in words]


_NOT_DECOMPOSABLE_TABLE = str.maketrans(_NOT_DECOMPOSABLE)
_SURVIVOR_TOKEN = re.compile(r"[^\W_]+")
_SURVIVOR_GAP = re.compile(
    r"\s+|[-_'\u2018\u2019\u02bc\u2010\u2011\u2013+.]|%20|%2[dD]|%5[fF]|%27|%E2%80%99"
)
# A chunk (a run of characters that are not spaces, quotes or brackets) that holds a character
# reference or a percent-escape is decoded and read again. Found from the reference or the escape,
# which are rare, then widened to the whole chunk.
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+\d*);")
_ENTITY_CHUNK_END = re.compile(r"[^\s<>\"]*")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENT_CHUNK_END = re.compile(r"[^\s<>\"()\[\]]*")
# Every ASCII character that is not a letter or a digit, as a space (bytes; others kept).
_SURVIVOR_SPACES = bytes(32 if c < 128 and not chr(c).isalnum() else c for c in range(256))


def _chunks(text: str, marker: re.Pattern[str], chunk_end: re.Pattern[str]):
    """The whole chunks (runs of what `chunk_end` allows) that hold a `marker`, in order."""
    done = 0
    for m in marker.finditer(text):
        if m.start() < done:
            continue
        start = m.start()
        while start > 0 and chunk_end.fullmatch(text, start - 1, start):
            start -= 1
        done = chunk_end.match(text, m.end()).end()
        yield start, done


def trie(words) -> dict:
    """The literal `words` as a trie of characters; "" marks where a word ends."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def trie_regex(node: dict) -> str:
    """A trie as one pattern, the words' common beginnings shared.

    Built bottom-up with a stack of its own, not by recursion: a word is one level per
    character, and a 500-letter word must not exhaust Python's stack (`trie_words` keeps
    the pattern's nesting within what `re` itself can compile)."""
    done: dict[int, str] = {}
    stack: list[tuple[dict, bool]] = [(node, False)]
    while stack:
        at, ready = stack.pop()
        if not ready:
            stack.append((at, True))
            stack.extend((child, False) for char, child in at.items() if char)
            continue
        branches = [
            re.escape(char) + done.pop(id(child)) for char, child in sorted(at.items()) if char
        ]
        if not branches:
            pattern = ""
        elif len(branches) == 1 and "" not in at:
            pattern = branches[0]
        else:
            pattern = "(?:" + "|".join(branches) + ")" + ("?" if "" in at else "")
        done[id(at)] = pattern
    return done[id(node)]


# Longer words than this go into a pattern as plain alternatives, not into a trie: each word
# that ends inside another nests one group, and `re` compiles groups recursively.
TRIE_WORD_MAX = 200


def trie_words(words) -> tuple[list[str], list[str]]:
    """`words` split into those a trie pattern may hold and the longer ones."""
    short, long = [], []
    for word in words:
        (short if len(word) <= TRIE_WORD_MAX else long).append(word)
    return short, long


def _trie_pattern(words: list[str]) -> str:
    """One pattern for the literal `words`, their common beginnings shared."""
    short, long = trie_words(words)
    parts = [re.escape(word) for word in long]
    if short:
        parts.append(trie_regex(trie(short)))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _survivor_tokens(text: str) -> set[str]:
    """The different tokens (runs of letters and digits) of `text`: as `_SURVIVOR_TOKEN` finds
    them, but split in bytes at memory speed; only the pieces with non-ASCII are tokenised."""
    raw = text.encode("utf-8", "surrogatepass").translate(_SURVIVOR_SPACES)
    out: set[str] = set()
    for piece in set(raw.split()):
        if piece.isascii():
            out.add(piece.decode("ascii"))
        else:
            out.update(_SURVIVOR_TOKEN.findall(piece.decode("utf-8", "surrogatepass")))
    return out


class _SurvivorIndex:
    def __init__(self, register: Register):
        words = ordinary_words()
        self.keys: dict[tuple[str, ...], tuple[str, tuple[str, ...], bool]] = {}
        normal: dict[str, list[str]] = {}

        def norm2(text: str) -> list[str]:
            if text not in normal:
                normal[text] = _norm2(text)
            return normal[text]

        for text, entry_id, _derived in identifier_phrases(register):
            forms = {tuple(norm2(text))}
            parts = text.split()
            if any(len(norm2(w)) > 1 for w in parts):  # "O'Neill" is also "oneill"
                forms.add(tuple("".join(norm2(x)) for x in parts))
            for key in forms:
                if not key:
                    continue
                known = self.keys.get(key)
                ids = tuple(dict.fromkeys((*(known[1] if known else ()), entry_id)))
                ordinary = len(key) == 1 and key[0] in words
                self.keys[key] = (text, ids, ordinary)
        # An initial and the last name run together ("khartley"): the anonymiser leaves it
        # (see `Anonymiser.from_register`), so finding it here keeps the draft unpublished.
        for entry in register.people:
            for form in run_together_forms(entry.identifiers, initial_first=True):
                self.keys.setdefault((form,), (form, (entry.id,), False))
        for rule in register.surnames:
            key = tuple(_norm2(rule.name))
            if key and key not in self.keys:
                self.keys[key] = (rule.name, (), len(key) == 1 and key[0] in words)
        self.protected: set[tuple[str, ...]] = set()
        labels = [e.label for e in register.entries] + [r.label for r in register.surnames]
        for label in [*labels, GENERIC_SURNAME_LABEL, GENERIC_NAME_LABEL]:
            key = tuple(_norm2(label))
            if (
                key
                and key not in self.keys
                and any(
                    key[i:j] in self.keys
                    for i in range(len(key))
                    for j in range(i + 1, len(key) + 1)
                )
            ):
                self.protected.add(key)
        # A phrase the register lists as `ambiguous` ("River Tay") is kept as written, on purpose.
        for entry in register.entries:
            for phrase in entry.ambiguous:
                key = tuple(_norm2(phrase))
                if key:
                    self.protected.add(key)
        self.longest = max((len(k) for k in [*self.keys, *self.protected]), default=1)
        self.firsts = {k[0] for k in [*self.keys, *self.protected]}
        self._norms: dict[str, str] = {}  # token -> its normal form
        # Plurals of a registered word that is not an ordinary one ("the Hartleys"): the
        # anonymiser does not replace them (no label reads right in the plural), so they block.
        self.plurals: dict[str, tuple[str, tuple[str, ...]]] = {}
        for key, (text, ids, ordinary) in self.keys.items():
            if len(key) != 1 or ordinary or len(key[0]) < 3:
                continue
            for plural in (key[0] + "s", key[0] + "es"):
                if plural not in words and (plural,) not in self.keys:
                    self.plurals.setdefault(plural, (text, ids))

    def norm(self, token: str) -> str:
        norm = self._norms.get(token)
        if norm is None:
            if len(self._norms) > 200_000:
                self._norms.clear()
            norm = token.casefold() if token.isascii() else "".join(_norm2(token))
            self._norms[token] = norm
        return norm

    def find(self, text: str, include_lowercase: bool) -> list[Survivor]:
        found = self._find(text, text, include_lowercase)
        for c_start, c_end in _chunks(text, _PERCENT, _PERCENT_CHUNK_END):
            decoded, starts, ends = _percent_decode(text[c_start:c_end])
            for s in self._find(decoded, text, include_lowercase, c_start):
                o_start = c_start + starts[s.start]
                o_end = c_start + ends[s.end - 1]
                found.append(_survivor(text, o_start, o_end, s.identifier, s.entry_ids))
        # HTML: "O&#x27;Neill", "Zo&euml;", "Jayden&nbsp;Smith". Reported as the whole chunk.
        for c_start, c_end in _chunks(text, _ENTITY, _ENTITY_CHUNK_END):
            decoded = html.unescape(text[c_start:c_end])
            for s in self._find(decoded, text, include_lowercase, c_start):
                found.append(_survivor(text, c_start, c_end, s.identifier, s.entry_ids))
        if self.plurals:
            present = [t for t in _survivor_tokens(text) if self.norm(t) in self.plurals]
            if present:
                pattern = re.compile(
                    r"(?<![^\W_])(?:" + "|".join(map(re.escape, present)) + r")(?![^\W_])"
                )
                for m in pattern.finditer(text):
                    ident, ids = self.plurals[self.norm(m.group())]
                    found.append(_survivor(text, m.start(), m.end(), ident, ids))
        # A name hidden from a matcher ("Ke\u200brry", a Cyrillic "е", "Hart-" over a line
        # break): found in the normalised text, reported where it stands as written.
        # Only where the scans above found nothing: what they found stays reported as it was.
        if needs_normalising(text):
            normalised = normalise(text)
            seen = [(s.start, s.end) for s in found]
            for s in self._find(normalised.text, normalised.text, include_lowercase):
                o_start, o_end = normalised.span(s.start, s.end)
                if not any(a < o_end and o_start < b for a, b in seen):
                    found.append(_survivor(text, o_start, o_end, s.identifier, s.entry_ids))
        unique = {(s.start, s.end): s for s in found}
        spans = sorted(unique, key=lambda k: (k[0], -k[1]))
        kept: list[Survivor] = []
        for start, end in spans:  # one report where a decoded chunk holds what the raw scan saw
            if kept and start >= kept[-1].start and end <= kept[-1].end:
                continue
            kept.append(unique[(start, end)])
        return kept

    def _starts(self, text: str) -> list[tuple[int, int]]:
        """Where a token that may start an identifier stands: (start, end), in order.

        Most texts hold few of those words: they are found among the text's different tokens,
        then every place where one stands as a whole token is found with one pattern, a trie of
        those words, so that `re` skips at memory speed to the characters they start with."""
        present = [t for t in _survivor_tokens(text) if self.norm(t) in self.firsts]
        if not present:
            return []
        pattern = re.compile(_trie_pattern(present) + r"(?![^\W_])")
        # A match inside a longer token ends where that token ends: no token starts inside it.
        return [
            m.span()
            for m in pattern.finditer(text)
            if not m.start() or not text[m.start() - 1].isalnum()
        ]

    def _find(self, text, original, include_lowercase, base=None) -> list[Survivor]:
        """Identifiers in `text`: from each token that starts one, the longest key over the
        tokens that follow, joined by the gaps a name may have; the tokens a hit covers start
        nothing more."""
        out: list[Survivor] = []
        norm = self.norm
        done = 0
        for start, end in self._starts(text):
            if start < done:
                continue
            norms = [norm(text[start:end])]
            hit = None
            at = end
            while True:
                key = tuple(norms)
                if key in self.protected:
                    hit = ("protected", at, key)
                elif key in self.keys:
                    hit = ("identifier", at, key)
                if len(norms) >= self.longest:
                    break
                m = _SURVIVOR_TOKEN.search(text, at)
                if m is None or not _SURVIVOR_GAP.fullmatch(text, at, m.start()):
                    break
                norms.append(norm(m.group()))
                at = m.end()
            if hit is None:
                continue
            kind, hit_end, key = hit
            done = hit_end
            if kind != "identifier":
                continue
            ident, ids, ordinary = self.keys[key]
            title_before = re.search(
                r"\b(?:" + "|".join(TITLES) + r"|mister)\.?\s+\Z",
                text[max(0, start - 12) : start],
                re.I,
            )
            if include_lowercase or not ordinary or text[start].isupper() or title_before:
                if base is None:
                    out.append(_survivor(original, start, hit_end, ident, ids))
                else:
                    out.append(Survivor(start, hit_end, text[start:hit_end], ident, ids, 0, 0, ""))
        return out


def _survivor(text: str, start: int, end: int, ident: str, ids: Iterable[str]) -> Survivor:
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Survivor(
        start, end, text[start:end], ident, tuple(ids), line, col, _context(text, start, end)
    )
