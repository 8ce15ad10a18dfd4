"""The residual detector: what still looks identifying in an anonymised text.

The register only catches what someone thought to register. This scans the anonymised draft for
what it missed and lists each candidate with where it came from, so that the reviewer either
fixes the text or acknowledges the candidate with an `[[allow]]` entry and a reason. Pure
functions over text: no file, git or UI imports. Candidates quote the text around them, so the
list belongs in `build/confidential/`, never in the publication.

What counts (kinds, in the order they claim overlapping text):

- `hidden_character`: a word with an invisible character inside it (a zero-width space, a soft
  hyphen, a joiner), or a bidirectional control anywhere: nothing but an accident or an attempt
  to get past a matcher puts one there (`normalise.hidden_characters`).
- `lookalike`: a word that mixes Latin letters with look-alike letters of another script
  ("Kеrry" with a Cyrillic е), from Unicode's confusables data (`normalise.lookalike_words`).
- `email`: an e-mail address.
- `nhs_number`: ten digits, alone or spaced 3-3-4 ("943 476 5919"), whose modulus 11 check digit
  is right. Ten digits whose check digit is wrong are not NHS numbers; they are reported as
  `long_number`, like any other run of seven or more digits (a case, hospital or phone number).
- `ni_number`: a National Insurance number ("QQ 12 34 56 C"), with the prefixes HMRC never uses
  left out.
- `phone`: a UK number, national (0 and 10 or 11 digits in all) or international (+44, 0044),
  spaced, hyphenated or bracketed.
- `postcode`: a full UK postcode in capitals ("NE6 5TT", "SW1A1AA"); the district alone is not.
- `date_of_birth`: a date (below) after "DOB", "D.O.B.", "date of birth", "born (on)" or
  "birthday"; also a month and year after "born (in)" or "DOB".
- `date`: a date exact to the day, with or without the year and weekday: 03/04/2024, 3/4/24,
  3.4.24, 03-04-2024, 2024-04-03, 2024/04/03, 3 April 2024, 3rd April 2024, 3rd of April, 3 Apr
  '24, April 3, 2024, April 3rd, Tuesday 3rd April, Tuesday the 3rd, the third of April.
  A month and year alone ("April 2024"), a year alone, a weekday alone and numbers without a
  year ("3/4") are not candidates: they place an event, they do not pin it to a day.
- `age`: "aged 4", "age 4", "aged four", "aged 18 months", "at the age of four", "4 years old",
  "four-month-old", "10-day-old", "4yo", "4 y/o".
- `address`: a house number and a street ("12 Acacia Avenue", "3b Mill Lane"), "Flat 3" (and
  the capitalised words after it), or a capitalised street name with an unambiguous street word
  ("Acacia Avenue", "Mill Lane") even without a number.
- `long_number`: see `nhs_number`.
- `postcode` also in lower case or without its space ("ne6 5tt", "ne65tt"); `vehicle`: a
  registration ("NK19 XYZ", "NK19XYZ"); `handle`: "@kerryh85"; `name` also for a title and a
  capitalised word even when the word is ordinary ("Mrs Brown"); `institution`: capitalised
  words before a kind of place ("Greenbank Primary School", "St Anne's Hospital"). A
  publication label is none of them.
- `near_miss`: a word within one edit (two for names of seven letters or more; a swap of two
  letters counts as one edit) of a word of a registered name or alias: "Jaydon" for "Jayden",
  "Smiths" for "Smith". Every word of a person's name counts; of places, organisations and terms
  only the distinctive words, taken without a possessive ("Rosehill", never "School", "Annexe"
  or "Children's"). Lower-case ordinary words are not compared.
- `name`: a capitalised word (or a word in capitals of three letters or more) that is not an
  ordinary English word, not in the professional vocabulary, not a record id, not part of a
  label, a vocabulary phrase or an allowed text. The first word of a sentence is held to the
  same test: an ordinary word there is not a name, an unknown one is.

A candidate is *allowed* when an `[[allow]]` text equals its text (case-insensitive) or contains
it where it stands ("Northmoor Safeguarding Children Partnership" allows "Northmoor" there and
only there). Allowed candidates are still listed, with the allowance, so the report can show
what was acknowledged and why.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

try:  # the engine's own case rules, so that a word's key is what re.IGNORECASE compares
    from _sre import unicode_tolower
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: the plain alternations do the work
    _EXTRA_CASES = unicode_tolower = None

try:
    import ahocorasick
except ImportError:  # pragma: no cover - the plain alternations do the work
    ahocorasick = None

from rapidfuzz import process
from rapidfuzz.distance import OSA

from scrtui.anonymise import (
    canon,
    identifier_phrases,
    ordinary_words,
    trie,
    trie_regex,
    trie_words,
)
from scrtui.model import Allowance, Register
from scrtui.normalise import hidden_characters, lookalike_words

KINDS = (
    "hidden_character",
    "lookalike",
    "email",
    "nhs_number",
    "ni_number",
    "phone",
    "postcode",
    "date_of_birth",
    "date",
    "age",
    "address",
    "long_number",
    "vehicle",
    "handle",
    "institution",
    "near_miss",
    "name",
)


@dataclass(frozen=True)
class ResidualCandidate:
    """Something in a finished text that may identify the family."""

    kind: str
    text: str
    line: int  # 1-based
    col: int  # 1-based, in characters
    offset: int  # 0-based character offset of the start
    context: str  # the words around it (confidential)
    source: str = ""  # which file or record the text came from
    detail: str = ""  # why, where it helps: "near 'Jayden' (P-01)", "checksum fails"
    allowed_by: Allowance | None = field(default=None, hash=False)

    @property
    def is_allowed(self) -> bool:
        return self.allowed_by is not None

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


def detect_residuals(text: str, register: Register, *, source: str = "") -> list[ResidualCandidate]:
    """Every residual candidate in `text`, in order of position."""
    return ResidualDetector(register).detect(text, source=source)


# --- vocabulary -----------------------------------------------------------------------------------


@cache
def vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """The shipped professional vocabulary: single words (folded) and phrases (as written)."""
    text = resources.files("scrtui").joinpath("data", "vocabulary.txt").read_text("utf-8")
    words, phrases = set(), []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key = canon(line)
        if " " in key:
            phrases.append(line)
        else:
            words.add(key)
    return frozenset(words), tuple(phrases)


def _phrase_pattern(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive, whole-word pattern for phrases; spaces match any whitespace."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = [
        r"\s+".join(re.escape(w).replace("'", "['’]") for w in p.replace("’", "'").split())
        for p in parts
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.I)


def _alternative(phrase: str) -> str:
    """One phrase as `_phrase_pattern` writes it: words apart by any whitespace, either
    apostrophe."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.replace("’", "'").split())


# --- many phrases at once -----------------------------------------------------------------------
#
# `_phrase_pattern` is one alternation of every phrase, and `re` tries every alternative at every
# position of the text: with the register's 1,400 labels that is most of a large build. The
# matches are the same when only the places where a phrase can start are tried: a phrase can match
# only where the text's word (a run of \w) equals its first word, and its second word the next one,
# case-insensitively. So the text is tokenised once (every character to a key of the same
# length), an Aho-Corasick automaton finds the words that start some phrase, and at each such word
# the few phrases that start with it (and with the word after it) are tried with `re` itself, in
# the order the alternation would try them. Same engine, same pattern, same rules (case, accents,
# apostrophes, whitespace, whole words): only the positions where no phrase can start are skipped.

_RUN = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NOT_SPACE = re.compile(r"[^ ]")
# The only character that is not a word character but equals one (Greek iota) under
# re.IGNORECASE. A text or phrase that holds it is matched with the whole alternation.
_ODD = "\u0345"
_ASCII_KEYS = bytes(  # ASCII letters to lower case, other word characters kept, the rest spaces
    (c + 32 if 65 <= c <= 90 else c) if c < 128 and (chr(c).isalnum() or c == 95) else 32
    for c in range(256)
)
_KEYS: dict[str, str] = {}


def _key_char(char: str) -> str:
    """A word character's key: the same for every character re.IGNORECASE takes it to equal."""
    key = _KEYS.get(char)
    if key is None:
        if not (char.isalnum() or char == "_"):
            key = " "
        else:
            lower = unicode_tolower(ord(char))
            key = chr(min((lower, *_EXTRA_CASES.get(lower, ()))))
        _KEYS[char] = key
    return key


def _word_keys(text: str) -> str:
    """`text` with each word character as its key and each other character as a space; the
    same length, so offsets carry over. ASCII goes through a byte table at memory speed; the
    rest is found where the encoding to ASCII put a "?" (a search at memory speed, where a
    class of characters would not be), one run at a time."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_KEYS).decode("ascii")
    raw = text.encode("ascii", "replace")
    out = raw.translate(_ASCII_KEYS).decode("ascii")
    pieces = []
    last = 0
    at = raw.find(b"?")
    while at >= 0:
        m = _NON_ASCII.match(text, at)
        if m is None:  # a real "?"
            at = raw.find(b"?", at + 1)
            continue
        pieces.append(out[last:at])
        pieces.append("".join(map(_key_char, m.group())))
        last = m.end()
        at = raw.find(b"?", last)
    pieces.append(out[last:])
    return "".join(pieces)


def _run_key(run: str) -> str:
    return run.lower() if run.isascii() else "".join(map(_key_char, run))


class PhraseSets:
    """Several lists of phrases, each found as `_phrase_pattern(list).finditer(text)` finds it
    (leftmost, then the longest phrase, never overlapping), all in one pass over the text."""

    def __init__(self, sets: list[list[str] | tuple[str, ...]]):
        self.patterns: list[re.Pattern[str] | None] = []
        self._alternatives: list[list[str]] = []
        self._whole: set[int] = set()  # sets matched with their whole alternation
        # First word's key -> (set, characters before that word, second word's key or None ->
        # the indices of the phrases, in the alternation's order); one automaton for all.
        self._first: dict[str, list[tuple[int, int, dict[str | None, list[int]]]]] = {}
        self._compiled: dict[tuple, re.Pattern[str] | None] = {}
        self._unordered: set[int] = set()  # sets whose phrases do not all start with a word
        usable = ahocorasick is not None and unicode_tolower is not None
        for index, phrases in enumerate(sets):
            parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
            self.patterns.append(_phrase_pattern(parts) if parts else None)
            self._alternatives.append([_alternative(p) for p in parts])
            groups: dict[tuple[str, int], dict[str | None, list[int]]] = {}
            for order, phrase in enumerate(parts):
                words = phrase.replace("’", "'").split()
                runs = [m for word in words for m in _RUN.finditer(word)]
                first = _RUN.search(words[0])
                if not usable or first is None or _ODD in phrase:
                    self._whole.add(index)
                    break
                second = _run_key(runs[1].group()) if len(runs) > 1 else None
                lead = first.start()
                if lead:
                    self._unordered.add(index)
                group = groups.setdefault((_run_key(first.group()), lead), {})
                group.setdefault(second, []).append(order)
            if index in self._whole:
                continue
            for (key, lead), group in groups.items():
                self._first.setdefault(key, []).append((index, lead, group))
        # First word's key -> the second words' keys its phrases need (empty: none needs one),
        # and (first, second or None) -> what to try there: (set, lead, pattern), once worked out.
        self._seconds = {
            key: {
                second for _index, _lead, group in entries for second in group if second is not None
            }
            for key, entries in self._first.items()
        }
        self._tries: dict[tuple[str, str | None], list[tuple[int, int, re.Pattern[str]]]] = {}
        self._automaton = None
        if self._first:
            self._automaton = ahocorasick.Automaton()
            for key in self._first:
                self._automaton.add_word(f" {key} ", key)
            self._automaton.make_automaton()

    def _pattern(self, index: int, lead: int, first: str, group, second: str | None):
        """The phrases of one set that may start at a word `first` followed by `second`."""
        cache_key = (index, lead, first, second)
        pattern = self._compiled.get(cache_key, False)
        if pattern is False:
            orders = sorted(group.get(None, []) + (group.get(second, []) if second else []))
            pattern = None
            if orders:
                alternatives = self._alternatives[index]
                pattern = re.compile(
                    r"(?<![\w])(?:" + "|".join(alternatives[i] for i in orders) + r")(?![\w])", re.I
                )
            self._compiled[cache_key] = pattern
        return pattern

    def _to_try(self, first: str, second: str | None) -> list[tuple[int, int, re.Pattern[str]]]:
        """What to try at a word `first` followed by `second` (None: by no phrase's second word):
        per set and lead, the phrases that may start there."""
        out = []
        for index, lead, group in self._first[first]:
            pattern = self._pattern(index, lead, first, group, second if second in group else None)
            if pattern is not None:
                out.append((index, lead, pattern))
        return out

    def find(self, text: str, keys: str | None = None) -> list[list[tuple[int, int]]]:
        """Per set, the spans of its phrases in `text`, in order. `keys`: the text's word keys
        with a space before and two after, where the caller has them already."""
        out: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        whole = set(range(len(self.patterns))) if _ODD in text else self._whole
        for index in whole:
            pattern = self.patterns[index]
            if pattern is not None:
                out[index] = [m.span() for m in pattern.finditer(text)]
        if self._automaton is None or len(whole) == len(self.patterns):
            return out
        if keys is None:
            keys = " " + _word_keys(text) + "  "
        tries: list[list[tuple[int, re.Pattern[str]]]] = [[] for _ in self.patterns]
        seconds_of = self._seconds
        known = self._tries
        find_space = keys.find
        for end, first in self._automaton.iter(keys):
            second: str | None = None
            seconds = seconds_of[first]
            if seconds:  # some phrase has a second word: the next word must be one
                after = end + 1
                if keys[after] == " ":
                    more = _NOT_SPACE.search(keys, after)
                    after = more.start() if more else len(keys) - 1
                second = keys[after : find_space(" ", after)]
                if second not in seconds:
                    second = None
            todo = known.get((first, second))
            if todo is None:
                todo = known[first, second] = self._to_try(first, second)
            if todo:
                start = end - len(first) - 1  # where the word starts in `text`
                for index, lead, pattern in todo:
                    if start >= lead:
                        tries[index].append((start - lead, pattern))
        for index, candidates in enumerate(tries):
            if index in whole:
                continue
            if index in self._unordered:
                candidates.sort(key=lambda item: item[0])
            spans = out[index]
            done = 0
            for at, pattern in candidates:
                if at < done:
                    continue  # inside the last match: finditer would not look here
                m = pattern.match(text, at)
                if m is not None:
                    spans.append(m.span())
                    done = m.end()
        return out


# --- patterns -------------------------------------------------------------------------------------


def _capitalised_or_upper(words: list[str]) -> str:
    """Month and day names count when written as names are: "April", "APRIL", never "may"."""
    out = []
    for word in sorted(words, key=len, reverse=True):
        out += [word.capitalize(), word.upper()]
    return "|".join(out)


def _words(text: str) -> list[str]:
    return text.split()


_MONTHS = _words(
    "january february march april may june july august september october november december"
)
_MONTHS_SHORT = _words("jan feb mar apr jun jul aug sept sep oct nov dec")
_WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tues tue wed thurs thur thu fri sat sun"
)
_MONTH = (
    r"(?:(?:"
    + _capitalised_or_upper(_MONTHS)
    + r")(?!\w)|(?:"
    + _capitalised_or_upper(_MONTHS_SHORT)
    + r")\.?)"
)
_WEEKDAY = r"(?:" + _capitalised_or_upper(_WEEKDAYS) + r")\.?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:\d{4}|['’]\d{2})"
_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
)

_DATE_PATTERNS = [
    # 03/04/2024, 3.4.24, 03-04-2024 (day or month first)
    (
        "numeric",
        re.compile(
            r"(?P<a>\d(?<![\w/.-]\d)\d?)(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
            r"(?![\w/-]|\.\d)"
        ),
    ),
    # 2024-04-03, 2024/04/03
    (
        "iso",
        re.compile(
            r"(?P<y>\d(?<![\w/.-]\d)\d{3})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<a>\d{1,2})"
            r"(?![\w/-]|\.\d)"
        ),
    ),
    # (Tuesday) (the) 3(rd) (of) April (2024)
    (
        "day month",
        re.compile(
            rf"(?<![\w/.-])(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}{_ORD}?(?:\s+of)?\s+{_MONTH}"
            rf"(?:,?\s+{_YEAR})?(?![\w])"
        ),
    ),
    # (Tuesday) April (the) 3(rd)(,) (2024)
    (
        "month day",
        re.compile(
            rf"(?<![\w])(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?:the\s+)?{_DAY}(?!\d){_ORD}?(?![\w])"
            rf"(?:,?\s+{_YEAR}(?![\w]))?"
        ),
    ),
    # Tuesday (the) 3rd
    ("weekday day", re.compile(rf"(?<![\w]){_WEEKDAY},?\s+(?:the\s+)?{_DAY}{_ORD}(?![\w])")),
    # (the) third (of) April
    (
        "ordinal words",
        re.compile(
            r"(?<![\w])(?:the\s+)?(?i:"
            + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
            + rf")(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?(?![\w])"
        ),
    ),
]
_DOB_BEFORE = re.compile(
    r"(?i:\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born|birthday|birth\s+date)\b)"
    r"[\s:.,;=-]*(?i:(?:on|is|was|of)\s+)?\Z"
)
_BORN_MONTH_YEAR = re.compile(
    rf"(?i:\b(?:born(?:\s+in)?|d\.?o\.?b\.?:?|date\s+of\s+birth:?))\s+{_MONTH}\s+{_YEAR}(?![\w])"
)

_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety"
)
_NUMWORD = (
    r"(?:(?:" + "|".join(_NUMBER_WORDS) + r")(?:[- ](?:one|two|three|four|five|six|seven|"
    r"eight|nine))?)"
)
_UNIT = r"(?:years?|yrs?|months?|mths?|weeks?|wks?|days?)"
_AGE_PATTERNS = [
    re.compile(
        rf"\b(?:aged?|age\s+of)\s+(?:about\s+|around\s+|approximately\s+|nearly\s+|almost\s+)?"
        rf"(?:\d{{1,3}}|{_NUMWORD})(?:\s+and\s+a\s+half|½)?(?:\s*{_UNIT}(?:\s+old)?)?\b",
        re.I,
    ),
    re.compile(rf"\b(?:\d{{1,3}}|{_NUMWORD}|an?)(?:\s+|-){_UNIT}(?:\s+|-)old\b", re.I),
    re.compile(r"\b\d{1,2}\s?(?:yo|y/o|y\.o\.)(?![\w])", re.I),
]

# Patterns that must not start just after some characters say so with a look-behind; where the
# first character is a digit or a capital, it is matched first and the look-behind comes after it,
# over two characters: the same matches, but `re` skips at memory speed to where one can start
# instead of trying the pattern at every position (tests compare each with its plain form).
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[^\W_][\w-]*(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+'-]")
_NHS = re.compile(r"(\d(?<![\w.,/-]\d)\d\d)([ -]?)(\d{3})\2(\d{4})(?![\w/-]|[.,]\d)")
_NI = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.I,
)
_PHONE = re.compile(
    r"(?:\+(?<![\w+][\s\S])44\s?(?:\(0\)\s?)?\d{2,4}|0(?<![\w+][\s\S])044\s?(?:\(0\)\s?)?\d{2,4}"
    r"|\((?<![\w+][\s\S])0\d{2,4}\)|0(?<![\w+][\s\S])\d{2,4})"
    r"(?:[ .-]?\d{3,4}){1,2}(?![\w])"
)
_POSTCODE = re.compile(
    r"[A-PR-UWYZ](?<!\w[\s\S])(?:[A-HK-Y]?\d[A-HJKPSTUW\d]?|\d[A-HJKPSTUW])"
    r" ?\d[ABD-HJLNP-UW-Z]{2}\b"
)
_LONG_NUMBER = re.compile(r"\d(?<![\w.,]\d)\d{6,}(?![\w]|[.,]\d)")
# A postcode in lower case ("ne6 5tt", "ne65tt"): the same shape as `_POSTCODE`, the letters
# folded. Only with its inward part, which plain words never have (a digit, two letters).
_POSTCODE_LOWER = re.compile(
    r"(?<![\w@/.-])[a-pr-uwyz](?:[a-hk-y]?\d[a-hjkpstuw\d]?|\d[a-hjkpstuw]) ?\d[abd-hjlnp-uw-z]{2}"
    r"(?![\w@/-])"
)
# A current-style UK vehicle registration ("NK19 XYZ", "NK19XYZ"): two letters, two digits,
# three letters.
_VEHICLE = re.compile(r"(?<![\w@/.-])[A-Z]{2}\d{2} ?[A-Z]{3}(?![\w@/-])")
# A social-media handle ("@kerryh85"), not an e-mail address (those are claimed first).
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
# A title and a capitalised word ("Mrs Brown", "Dr. Green"): a person, even when the word is
# an ordinary one; unless it is a registered label.
_TITLED = re.compile(
    r"(?<![\w-])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|PC|DC|DS|Sgt|Cllr)\.? "
    r"[A-Z][a-z'’-]+(?![\w'’-])"
)
# A capitalised word set beside a relation or a role in lower case ("the neighbour, Dawn,",
# "her partner Kerry"): a person's name, even when the word is an ordinary one.
_RELATION = (
    r"neighbou?r|friend|partner|ex-partner|boyfriend|girlfriend|husband|wife|grandmother|"
    r"grandfather|grandma|grandad|nan|aunt|auntie|uncle|cousin|mother|father|mum|dad|sister|"
    r"brother|step-?father|step-?mother|half-brother|half-sister|son|daughter|niece|nephew|"
    r"lodger|flatmate|childminder|babysitter|nanny|landlord|landlady|carer|colleague"
)
_TITLE_WORD = re.compile(r"Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|PC|DC|DS|Sgt|Cllr")
_APPOSED = re.compile(
    r"(?<![\w-])(?:" + _RELATION + r")s?(?:, | )(?P<name>[A-Z][a-z'’-]+)"
    r"(?![\w'’-])"
)
# An institution named by capitalised words before a kind of place ("Greenbank Primary
# School", "St Anne's Hospital"): the capitalised words identify the place.
_INSTITUTION = re.compile(
    r"(?<![\w-])(?:St\.? )?(?:[A-Z][a-z'’-]+ ){1,3}(?:Primary|Secondary|Infant|Junior|High|"
    r"Academy|Nursery|Hospital|Surgery|Medical Centre|Health Centre|College|School|Church|"
    r"Mosque|Temple|Children's Centre|Family Centre|Prison)(?![\w-])"
)


def _emails(text: str) -> list[tuple[int, int]]:
    """What `_EMAIL.finditer` finds, looked for only where there is an @: a match starts where
    the run of characters allowed before the @ starts, and nowhere else."""
    out: list[tuple[int, int]] = []
    done = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and _EMAIL_LOCAL.match(text, start - 1):
            start -= 1
        if start >= done and start < at:
            m = _EMAIL.match(text, start)
            if m is not None:
                out.append(m.span())
                done = m.end()
        at = text.find("@", at + 1)
    return out


_STREET_ANY = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Court|Ct|Crescent|Cres|Place|Pl|"
    "Gardens|Gdns|Grove|Gr|Terrace|Terr|Tce|Hill|Park|View|Walk|Square|Sq|Row|Mews|Green|Rise|"
    "Parade|Vale|Boulevard|Fold|Gate|Wharf|Yard|Croft|Meadow|Meadows|Chase|Villas|Cottages|"
    "Estate|Heights|Bank|Brow|Side|End|Wynd|Loan|Crest"
)
_STREET_SURE = "Street|Road|Avenue|Lane|Close|Drive|Crescent|Terrace|Gardens|Grove|Mews"
_CAP = r"[A-Z][\w'’-]*"
_ADDRESS_PATTERNS = [
    re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET_ANY})\b"),
    re.compile(
        rf"\b(?:Flat|Apartment|Apt|Unit|Room|Maisonette)\.?\s+\d+[A-Za-z]?\b"
        rf"(?:,?\s+{_CAP}(?:\s+{_CAP}){{0,3}})?"
    ),
    re.compile(rf"\b(?:{_CAP}\s+){{1,3}}(?:{_STREET_SURE})\b"),
]
_ADDRESS_LEAD = re.compile(
    r"(?:(?i:the|a|an|this|that|these|those|his|her|their|our|your|my|its|on|in|at|to|from|"
    r"by|for|of|and|or|but|with|near|off|along)\s+)+"
)

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"(?:['’]s|['’-])\Z")  # "Jayden's", "Smiths'": compared without it
# Where a letter meets a digit, or an underscore: inside a word that is not a plain word. Found
# from the digit or the underscore, which `re` skips to at memory speed.
_MIXED_MARK = re.compile(r"\d[^\W\d_]|[^\W\d_]\d|_")
_MIXED_AT = re.compile(r"[\d_](?:(?<=_)|(?<=[^\W\d_]\d)|(?=[^\W\d_]))")
_WORD_END = re.compile(r"\w*")
_LETTER_RUN = re.compile(r"[^\W\d_]{4,}")
_ROMAN = re.compile(r"(?=[MDCLXVI])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})\Z")
_RECORD_ID = re.compile(r"\b[A-Z]{1,4}-\d{2,}\b")  # [SRC-003], KPE-01, F-02 ...
_RECORD_ID_AT = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{0,3}-\d{2,}\b")  # the same, capital first
_SENTENCE_END = re.compile(r"[.!?:][\"'’”)\]]*\s+\Z|\A\s*\Z|\n\s*(?:[#>*+|-]+\s*|\d+[.)]\s+)?\Z")


# --- where a pattern can start --------------------------------------------------------------------
#
# A pattern that begins with `\b`, a look-behind, an optional part or (under re.I) a letter gives
# `re` no first character to skip to: `finditer` tries it at every position of the text. Such a
# pattern is tried instead only where a trigger, found at memory speed, says a match can start
# (every such place, and some more), in order, skipping what the last match covers. That is what
# `finditer` finds (the leftmost match, then the leftmost from its end), as `match` at a position
# sees the text before it just as `finditer` does. Each trigger says why it misses no start; tests
# compare each with `finditer`. Where the first character is a digit or a capital, the pattern
# may be rewritten instead, as `_NHS` is (the plain form kept as the reference).
#
# Many triggers are looked for in the text's word keys (`_word_keys`), where case is folded as
# re.IGNORECASE folds it and every character that is not a word character is a space: there
# "aged", "AGED" and "Aged" are one string, and a word's start is a space and a letter.


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds, given every place (ascending) where a match can
    start. (None of these patterns matches an empty text.)"""
    out = []
    done = 0
    match = pattern.match
    for at in starts:
        if at >= done:
            m = match(text, at)
            if m is not None:
                out.append(m)
                done = m.end()
    return out


def _hits(trigger: re.Pattern[str], text: str) -> list[int]:
    """Every place where `trigger` matches, overlapping ones too: for rare triggers."""
    out = []
    m = trigger.search(text)
    while m is not None:
        out.append(m.start())
        m = trigger.search(text, m.start() + 1)
    return out


def _runs_back(text: str, at: int, runs: int) -> int:
    r"""Where the `runs`-th run of non-space characters before `at` starts (one that ends at `at`
    is the first), or 0. (`str.isspace` is the `\s` of `re`.)"""
    i = at
    for _ in range(runs):
        while i > 0 and text[i - 1].isspace():
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
    return i


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    """The starts of the words (runs of word characters) in text[lo:hi], and lo if a word runs
    on there."""
    return [m.start() for m in _RUN.finditer(text, lo, hi)]


def _first_three(words: list[str]) -> re.Pattern[str]:
    """A pattern for the first three letters of month or day names as `_capitalised_or_upper`
    writes them: every such name starts with one."""
    return re.compile(
        "|".join(sorted({w[:3] for word in words for w in (word.capitalize(), word.upper())}))
    )


_DIGIT_AFTER_SPACE = re.compile(r" \d")  # in the word keys
_MONTH_AT = _first_three(_MONTHS + _MONTHS_SHORT)
_WEEKDAY_AT = _first_three(_WEEKDAYS)
_MONTH_DATES = ("day month", "month day", "ordinal words")
# Six digits after an NI number's two letters (and a space, maybe): two or three characters on.
_NI_DIGITS = re.compile(r"\d\d\s?\d\d\s?\d\d")
# The ages' anchor words, in the word keys: "age" or "aged" after a character that is not a word
# character; "old" between two; "yo", "y/o" or "y.o." before one.
_AGE_WORD = re.compile(" age[d ]")
_OLD = re.compile(" old ")
_YO = re.compile("y ?o ")
_FLAT_AT = re.compile("Flat|Apartment|Apt|Unit|Room|Maisonette")
# `_ADDRESS_PATTERNS` 0 and 2 with their first digit or capital first.
_HOUSE_NUMBER_STREET = re.compile(
    rf"\d(?<!\w\d)\d{{0,3}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET_ANY})\b"
)
_NAMED_STREET = re.compile(rf"[A-Z](?<!\w[A-Z])[\w'’-]*\s+(?:{_CAP}\s+){{0,2}}(?:{_STREET_SURE})\b")


class _Starts:
    """Where, in one text, the patterns `re` cannot skip to can start: each worked out once, when
    first asked for."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def keys(self) -> str | None:
        """The word keys, with a space before and two after: keys[i + 1] is the key of text[i].
        None without the engine's case rules (another Python), where nothing looks in them."""
        if unicode_tolower is None:  # pragma: no cover
            return None
        return " " + _word_keys(self.text) + "  "

    @cached_property
    def digits(self) -> list[int]:
        """Every digit after a character that is not a word character, or first: where the NHS
        number, long number, numeric date and house number patterns can start (each looks behind
        for such a character, or `\\b`). In the keys, a space and a digit; no such pair hides
        another, whose space would be this one's digit."""
        if unicode_tolower is None:  # pragma: no cover - no word keys: from the text itself
            return [m.start() for m in re.finditer(r"\d(?<!\w\d)", self.text)]
        return [m.start() for m in _DIGIT_AFTER_SPACE.finditer(self.keys)]

    @cached_property
    def months(self) -> list[int]:
        """Where a date with a month name ("3 April", "April 3", "the third of April") or a month
        of birth ("born in April 2024") can start: at a word from four runs of non-space
        characters before a month name up to the name itself. Before the month come at most a
        weekday, "the", the day and "of" (or "date of birth:"), none with a space in it, and each
        pattern looks behind for a character that is not a word character, or `\\b`."""
        text = self.text
        starts: set[int] = set()
        for at in _hits(_MONTH_AT, text):
            starts.update(_word_starts(text, _runs_back(text, at, 4), at + 1))
        return sorted(starts)

    @cached_property
    def weekdays(self) -> list[int]:
        """Where "Tuesday the 3rd" can start: at a weekday's name."""
        return _hits(_WEEKDAY_AT, self.text)


def _ni_numbers(text: str) -> list[re.Match[str]]:
    """What `_NI.finditer` finds, tried only two and three characters before six digits. A
    match of `_NI_DIGITS` is digits and spaces from a digit on, so none that starts before an NI
    number's digits can run over them: it would hold the letter before them."""
    starts = {s for m in _NI_DIGITS.finditer(text) for s in (m.start() - 3, m.start() - 2)}
    return _matches_at(_NI, text, sorted(s for s in starts if s >= 0))


def _ages(text: str, starts: _Starts) -> list[re.Match[str]]:
    """What the `_AGE_PATTERNS` find, one after the other. "aged 4" starts at "age"; "four years
    old" at a word within three runs of non-space characters before "old" (a number of up to two
    words and the unit, none with a space in it); "4 y/o" one to three characters before "y"."""
    if unicode_tolower is None:  # pragma: no cover - no word keys: the patterns everywhere
        return [m for pattern in _AGE_PATTERNS for m in pattern.finditer(text)]
    keys = starts.keys  # keys[i + 1] is text[i]'s
    old: set[int] = set()
    for at in _hits(_OLD, keys):
        old.update(_word_starts(text, _runs_back(text, at, 3), at))
    yo = {s for at in _hits(_YO, keys) for s in (at - 4, at - 3, at - 2) if s >= 0}
    aged, years_old, y_o = _AGE_PATTERNS
    return [
        *_matches_at(aged, text, _hits(_AGE_WORD, keys)),
        *_matches_at(years_old, text, sorted(old)),
        *_matches_at(y_o, text, sorted(yo)),
    ]


def _address_matches(text: str, starts: _Starts) -> list[re.Match[str]]:
    """What the `_ADDRESS_PATTERNS` find, one after the other: a house number starts at a digit
    after a character that is not a word character, "Flat 3" at the word "Flat" (or the like)."""
    return [
        *_matches_at(_HOUSE_NUMBER_STREET, text, starts.digits),
        *_matches_at(_ADDRESS_PATTERNS[1], text, _hits(_FLAT_AT, text)),
        *_NAMED_STREET.finditer(text),
    ]


# A token is a run of the characters a token holds (`_TOKEN_CHAR`) from the run's first letter:
# so the different tokens of a text are found from its different runs, split in bytes.
_TOKEN_CHAR = re.compile(r"[\w'’-]")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN_SPACES = bytes(  # ASCII that no token holds to a space; other bytes (UTF-8) kept
    c if c >= 128 or chr(c).isalnum() or chr(c) in "_'-" else 32 for c in range(256)
)


def _tokens(text: str) -> set[str]:
    """The different tokens `_TOKEN` finds in `text`, at memory speed."""
    raw = text.encode("utf-8", "surrogatepass").translate(_TOKEN_SPACES)
    out: set[str] = set()
    for piece in set(raw.split()):
        out.update(_TOKEN.findall(piece.decode("utf-8", "surrogatepass")))
    return out


def _token_pattern(words) -> re.Pattern[str]:
    """The `words` as a trie, each tried only where the character before is not a letter, and
    only where the run of token characters ends."""
    short, long = trie_words(words)
    firsts = [
        re.escape(char) + r"(?<![^\W\d_][\s\S])" + trie_regex(child)
        for char, child in sorted(trie(short).items())
    ]
    firsts += [re.escape(word[0]) + r"(?<![^\W\d_][\s\S])" + re.escape(word[1:]) for word in long]
    return re.compile("(?:" + "|".join(firsts) + r")(?![\w'’-])")


def _find_tokens(text: str, words) -> list[tuple[int, str]]:
    """Where `_TOKEN.finditer(text)` finds one of `words`: (start, word), in order, without going
    through every token. A word found is that token if no letter comes before it in its run,
    since it ends where the run ends; and no word found before it can cover it, since that one
    would start at a letter before it in the same run."""
    if not words:
        return []
    out = []
    token_char, letter = _TOKEN_CHAR.match, _LETTER.match
    for m in _token_pattern(words).finditer(text):
        i = start = m.start()
        while i > 0 and token_char(text, i - 1):
            if letter(text, i - 1):
                break
            i -= 1
        else:
            out.append((start, m.group()))
    return out


def nhs_number_valid(digits: str) -> bool:
    """The NHS number modulus 11 check: weights 10 to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _valid_day_month(a: int, b: int) -> bool:
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= b <= 31 and 1 <= a <= 12)


# --- the detector ---------------------------------------------------------------------------------


class ResidualDetector:
    """The register's allow-list, labels and names, compiled once for many texts."""

    def __init__(self, register: Register):
        self.register = register
        self.allows = [a for a in register.allows if a.text.strip()]
        self._allow_exact = {a.text.strip().casefold(): a for a in reversed(self.allows)}
        labels = [e.label for e in register.entries] + [r.label for r in register.surnames]
        labels += [p for e in register.entries for p in e.ambiguous]  # kept on purpose, listed
        vocab_words, vocab_phrases = vocabulary()
        # One pass finds them all: [0] labels, [1] vocabulary phrases, [2:] each allowance.
        self._phrases = PhraseSets(
            [
                [*labels, "the family", "name withheld"],
                vocab_phrases,
                *([a.text] for a in self.allows),
            ]
        )
        self._vocab_words = vocab_words
        self._words = ordinary_words()
        # Words of registered identifiers, for near misses: folded word -> (as written, ids).
        # Every word of a person's name; of places, organisations and terms only the words
        # that are neither ordinary nor professional ("Rosehill", not "Primary", "School" or
        # "Children's"), compared as the words of the text are: without a possessive.
        people = {e.id for e in register.people}
        near: dict[str, tuple[str, set[str]]] = {}
        for text, entry_id, _derived in identifier_phrases(register):
            for word in text.split():
                key = canon(word).replace(" ", "")
                if entry_id not in people:
                    if self._generic(key):
                        continue
                    word = _POSSESSIVE.sub("", word) or word
                    key = canon(word).replace(" ", "")
                    if self._generic(key):
                        continue
                if len(key) < 4:
                    continue
                near.setdefault(key, (word, set()))[1].add(entry_id)
        self._near = near
        self._near_keys = list(near)
        self._verdicts: dict[str, tuple | None] = {}

    def _generic(self, key: str) -> bool:
        return key in self._words or key in self._vocab_words

    # -- the scan ----------------------------------------------------------------------------------

    def detect(self, text: str, *, source: str = "") -> list[ResidualCandidate]:
        found: list[tuple[int, int, str, str]] = []  # start, end, kind, detail
        starts: list[int] = []  # the claimed spans, which never overlap, kept in order
        ends: list[int] = []

        def claim(start: int, end: int, kind: str, detail: str = "") -> None:
            """Keep a candidate unless an earlier (stronger) kind holds any of its text."""
            i = bisect.bisect_left(starts, start)
            if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
                return
            starts.insert(i, start)
            ends.insert(i, end)
            found.append((start, end, kind, detail))

        if not text.isascii():  # what hides a word from a reader or a matcher, first
            for start, end, what in hidden_characters(text):
                claim(start, end, "hidden_character", what)
            for start, end, what in lookalike_words(text):
                claim(start, end, "lookalike", what)
        at = _Starts(text)
        nhs = _matches_at(_NHS, text, at.digits)
        for start, end in _emails(text):
            claim(start, end, "email")
        for m in nhs:
            digits = m.group(1) + m.group(3) + m.group(4)
            if nhs_number_valid(digits):
                claim(m.start(), m.end(), "nhs_number", "modulus 11 check digit is right")
        for m in _ni_numbers(text):
            claim(m.start(), m.end(), "ni_number")
        for m in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if m.group().startswith(("+44", "0044")):
                digits = "0" + digits[2 if m.group().startswith("+") else 4 :]
                if digits.startswith("00"):  # "+44 (0)20 ..." brings its own zero
                    digits = digits[1:]
            if len(digits) in (10, 11) and digits[0] == "0" and digits[1] in "1235789":
                claim(m.start(), m.end(), "phone")
        for m in _POSTCODE.finditer(text):
            claim(m.start(), m.end(), "postcode")
        for start, end, detail in self._dates(text, at):
            before = text[max(0, start - 40) : start]
            if _DOB_BEFORE.search(before):
                claim(start, end, "date_of_birth", detail)
            else:
                claim(start, end, "date", detail)
        for m in _matches_at(_BORN_MONTH_YEAR, text, at.months):
            claim(m.start(), m.end(), "date_of_birth", "month and year of birth")
        for m in _ages(text, at):
            claim(m.start(), m.end(), "age")
        for start, end in self._addresses(text, at):
            claim(start, end, "address")
        for m in nhs:  # ten digits that fail the check: still a long number
            digits = m.group(1) + m.group(3) + m.group(4)
            if not nhs_number_valid(digits):
                claim(m.start(), m.end(), "long_number", "ten digits; NHS checksum fails")
        for m in _matches_at(_LONG_NUMBER, text, at.digits):
            claim(m.start(), m.end(), "long_number")
        for kind, start, end, detail in self._unregistered(text):
            claim(start, end, kind, detail)
        phrases = self._phrases.find(text, at.keys)
        for start, end, kind, detail in self._words_in(text, phrases):
            claim(start, end, kind, detail)
        # After the unknown words, which are candidates on their own: "Mrs Brown", "Green Lane
        # Primary School", of ordinary words that name someone or somewhere all the same.
        for start, end in self._titled(text):
            claim(start, end, "name", "a title and a name")
        for start, end in self._apposed(text):
            claim(start, end, "name", "a name beside a relation or role")
        labels = self._label_texts
        for m in _INSTITUTION.finditer(text):
            if not _inside_label(labels, text, m):
                claim(m.start(), m.end(), "institution")

        found.sort()
        newlines = [m.start() for m in re.finditer("\n", text)]
        allow_spans = phrases[2:]  # per allowance, in the register's order
        out = []
        for start, end, kind, detail in found:
            line = bisect.bisect_left(newlines, start) + 1
            col = start - (newlines[line - 2] + 1 if line > 1 else 0) + 1
            out.append(
                ResidualCandidate(
                    kind=kind,
                    text=text[start:end],
                    line=line,
                    col=col,
                    offset=start,
                    context=_context(text, start, end),
                    source=source,
                    detail=detail,
                    allowed_by=self._allowed(text[start:end], start, end, allow_spans),
                )
            )
        return out

    def _unregistered(self, text: str) -> list[tuple[str, int, int, str]]:
        """Identifiers the register cannot hold in advance: a lower-case or spaceless postcode,
        a vehicle registration, a handle."""
        out = []
        if any(c.isdigit() for c in text):
            out += [
                ("postcode", m.start(), m.end(), "in lower case")
                for m in _POSTCODE_LOWER.finditer(text)
            ]
            out += [
                ("vehicle", m.start(), m.end(), "vehicle registration")
                for m in _VEHICLE.finditer(text)
            ]
        if "@" in text:
            out += [("handle", m.start(), m.end(), "") for m in _HANDLE.finditer(text)]
        return out

    def _titled(self, text: str) -> list[tuple[int, int]]:
        """A title and a capitalised word that is not a label ("Mrs Brown"): a person, even
        when the word is an ordinary one."""
        labels, registered = self._label_texts, self._registered
        return [
            m.span()
            for m in _TITLED.finditer(text)
            if m.group().casefold() not in labels
            and not _inside_label(labels, text, m)
            and canon(m.group()) not in registered
            and canon(m.group().split()[-1]) not in registered
        ]

    def _apposed(self, text: str) -> list[tuple[int, int]]:
        """The capitalised word after a relation ("the neighbour, Dawn, called"), unless it is
        a label or registered (the anonymiser's to replace)."""
        labels, registered = self._label_texts, self._registered
        out = []
        for m in _APPOSED.finditer(text):
            word, start = m.group("name"), m.start("name")
            if canon(word) in registered or _TITLE_WORD.fullmatch(word) or self._known(word):
                continue  # a title is the titled name's; a professional word is no one
            following = canon(text[start : start + 60])
            if any(following == label or following.startswith(label + " ") for label in labels):
                continue  # "the mother, Mother A,": the label itself
            out.append((start, m.end("name")))
        return out

    @cached_property
    def _registered(self) -> frozenset[str]:
        """The registered identifiers, folded: the anonymiser's to replace, not candidates."""
        return frozenset(canon(t) for t, _, _ in identifier_phrases(self.register))

    @cached_property
    def _label_texts(self) -> frozenset[str]:
        labels = [e.label for e in self.register.entries]
        labels += [r.label for r in self.register.surnames]
        return frozenset(t.strip().casefold() for t in labels if t.strip())

    # -- dates, addresses --------------------------------------------------------------------------

    def _dates(self, text: str, at: _Starts) -> list[tuple[int, int, str]]:
        out = []
        for name, pattern in _DATE_PATTERNS:
            starts = (
                at.months
                if name in _MONTH_DATES
                else at.weekdays
                if name == "weekday day"
                else at.digits
            )  # numeric, iso
            for m in _matches_at(pattern, text, starts):
                if name == "numeric":  # day or month first: either reading will do
                    if not _valid_day_month(int(m.group("a")), int(m.group("b"))):
                        continue
                elif name == "iso" and not (
                    1 <= int(m.group("b")) <= 12 and 1 <= int(m.group("a")) <= 31
                ):
                    continue
                out.append((m.start(), m.end(), name))
        # Longest first where two formats overlap ("Tuesday 3rd April" over "Tuesday 3rd").
        out.sort(key=lambda d: (d[0], -(d[1] - d[0])))
        return out

    def _addresses(self, text: str, at: _Starts) -> list[tuple[int, int]]:
        out = []
        for m in _address_matches(text, at):
            # "The Road", "On Mill Lane": a leading ordinary word is not part of the name.
            lead = _ADDRESS_LEAD.match(text, m.start(), m.end())
            start = lead.end() if lead else m.start()
            if len(text[start : m.end()].split()) >= 2:
                out.append((start, m.end()))
        out.sort(key=lambda d: (d[0], -(d[1] - d[0])))
        return out

    # -- names -------------------------------------------------------------------------------------

    def _words_in(self, text: str, phrases) -> list[tuple[int, int, str, str]]:
        """Near misses and name-like words, in order (those run together with digits first).

        Whether a word is a candidate depends on the word alone, except where it stands: inside
        a label, a vocabulary phrase or a record id it is not one, and a near miss that is an
        ordinary word does not count at the start of a sentence. So each different word is
        judged once, and only the words that may be candidates are looked for where they stand.
        """
        out = self._names_inside_tokens(text)
        verdicts = self._verdicts
        verdict_of = self._verdict
        present = []
        for word in _tokens(text):
            verdict = verdicts.get(word, False)
            if verdict is False:
                verdict = verdicts[word] = verdict_of(word)
            if verdict is not None:
                present.append(word)
        found = _find_tokens(text, present)
        masked = self._masked(text, phrases) if found else []
        for start, word in found:
            length, kind, detail, unless_sentence_start = verdicts[word]
            end = start + length
            if _inside(masked, start, end):
                continue
            if unless_sentence_start and _sentence_start(text, start):
                continue
            out.append((start, end, kind, detail))
        return out

    def _verdict(self, token: str) -> tuple[int, str, str, bool] | None:
        """What a token is wherever it stands: None (never a candidate) or (its length without
        a possessive, kind, detail, whether it is not one at the start of a sentence)."""
        word = _POSSESSIVE.sub("", token) or token
        if len(word) < 2 or any(c.isdigit() for c in word):
            return None
        capital = word[0].isupper()
        key = canon(word)
        known = self._known(word)
        if not known and (capital or key.replace(" ", "") not in self._words):
            near = self._near_misses({word})
            if word in near:
                return (len(word), "near_miss", near[word], capital and self._ordinary(word))
        if not capital or self._ordinary(word) or known:
            return None
        if word.isupper() and len(word) < 3:
            return None  # two capitals: an initialism far more often than a name
        return (len(word), "name", "", False)

    def _names_inside_tokens(self, text: str) -> list[tuple[int, int, str, str]]:
        """A registered name run together with digits or underscores ("jayden2015",
        "2015_Smith"): not a whole word, so the anonymiser leaves it, but it identifies.

        The words looked at are the runs of word characters that hold a letter next to a digit
        or an underscore; found from those marks, which are rare in prose."""
        out = []
        done = 0
        for mark in _MIXED_AT.finditer(text):
            at = mark.start()
            if at < done:
                continue  # in the word just looked at
            start = at
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            end = _WORD_END.match(text, at).end()
            done = end
            for run in _LETTER_RUN.findall(text, start, end):
                key = canon(run).replace(" ", "")
                if key in self._near:
                    written, ids = self._near[key]
                    detail = f"contains '{written}' ({', '.join(sorted(ids))})"
                    out.append((start, end, "near_miss", detail))
                    break
        return out

    def _ordinary(self, word: str) -> bool:
        parts = [canon(p).replace(" ", "") for p in re.split(r"[-’']", word) if p]
        if canon(word).replace(" ", "") in self._words:
            return True
        return bool(parts) and all(p in self._words or p in self._vocab_words for p in parts)

    def _known(self, word: str) -> bool:
        key = canon(word)
        return (
            key in self._vocab_words
            or key.replace(" ", "") in self._vocab_words
            or bool(_ROMAN.match(word))
        )

    def _near_misses(self, words: set[str]) -> dict[str, str]:
        """Which of `words` are near, but not equal to, a word of a registered identifier."""
        if not self._near_keys:
            return {}
        out = {}
        for word in words:
            key = canon(word).replace(" ", "")
            if len(key) < 4 or key in self._near:
                continue
            best = process.extractOne(key, self._near_keys, scorer=OSA.distance, score_cutoff=2)
            if best is None:
                continue
            match, distance, _ = best
            if distance == 0 or distance > (1 if len(match) <= 6 else 2):
                continue
            written, ids = self._near[match]
            out[word] = f"near '{written}' ({', '.join(sorted(ids))})"
        return out

    def _masked(self, text: str, phrases=None) -> list[tuple[int, int]]:
        """Spans whose words are not names: labels, vocabulary phrases, record ids."""
        if phrases is None:
            phrases = self._phrases.find(text)
        spans = [m.span() for m in _RECORD_ID_AT.finditer(text)]
        return _merge([*spans, *phrases[0], *phrases[1]])

    # -- the allow-list ----------------------------------------------------------------------------

    def _allowed(self, found: str, start: int, end: int, spans) -> Allowance | None:
        """The first allowance (in the register's order) equal to the candidate, or holding it
        where it stands. `spans` are each allowance's matches: in order, never overlapping."""
        exact = self._allow_exact.get(found.strip().casefold())
        if exact is not None:
            return exact
        for allowance, matches in zip(self.allows, spans, strict=True):
            i = bisect.bisect_right(matches, (start, float("inf"))) - 1
            if i >= 0 and matches[i][0] <= start and end <= matches[i][1]:
                return allowance
        return None


def _inside_label(labels: frozenset[str], text: str, m: re.Match[str]) -> bool:
    """Whether a match is part of a publication label as it stands in the text."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : len(text) if line_end < 0 else line_end].casefold()
    inner = m.group().casefold()
    return any(inner in label and label in line for label in labels)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the merged, ordered `spans`."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _sentence_start(text: str, at: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, at - 12) : at])) or at == 0


# The eight words before a candidate, found in the reversed text: the same span as searching
# r"(?:\S+\s+){0,8}\S*\Z" forwards, which tries every start and costs a hundred times more.
_WORDS_BEFORE_REVERSED = re.compile(r"\S*(?:\s+\S+){0,8}")
_WORDS_AFTER = re.compile(r"\S*(?:\s+\S+){0,8}")


def _context(text: str, start: int, end: int) -> str:
    """Up to eight words either side, from the candidate's own line (a sentence, in a review
    written one sentence per line), on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _WORDS_BEFORE_REVERSED.match(text[max(line_start, start - 160) : start][::-1])
    after = _WORDS_AFTER.match(text, end, min(line_end, end + 160))
    lo = start - before.end()
    hi = after.end() if after else end
    return " ".join(text[lo:hi].split())
