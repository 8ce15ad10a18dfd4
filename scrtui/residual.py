"""The residual detector: what still looks identifying in an anonymised text.

The register only catches what someone thought to register. This scans the anonymised draft for
what it missed and lists each candidate with where it came from, so that the reviewer either
fixes the text or acknowledges the candidate with an `[[allow]]` entry and a reason. Pure
functions over text: no file, git or UI imports. Candidates quote the text around them, so the
list belongs in `build/confidential/`, never in the publication.

What counts (kinds, in the order they claim overlapping text):

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
from dataclasses import dataclass, field
from functools import cache
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

from scrtui.anonymise import canon, identifier_phrases, ordinary_words
from scrtui.model import Allowance, Register

KINDS = (
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
    return r"\s+".join(
        re.escape(w).replace("'", "['’]") for w in phrase.replace("’", "'").split()
    )


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
    same length, so offsets carry over. ASCII goes through a byte table at memory speed."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_KEYS).decode("ascii")
    out = text.encode("ascii", "replace").translate(_ASCII_KEYS).decode("ascii")
    pieces = []
    last = 0
    for m in _NON_ASCII.finditer(text):
        pieces.append(out[last:m.start()])
        pieces.append("".join(map(_key_char, m.group())))
        last = m.end()
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
                    r"(?<![\w])(?:" + "|".join(alternatives[i] for i in orders) + r")(?![\w])",
                    re.I)
            self._compiled[cache_key] = pattern
        return pattern

    def find(self, text: str) -> list[list[tuple[int, int]]]:
        """Per set, the spans of its phrases in `text`, in order."""
        out: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        whole = set(range(len(self.patterns))) if _ODD in text else self._whole
        for index in whole:
            pattern = self.patterns[index]
            if pattern is not None:
                out[index] = [m.span() for m in pattern.finditer(text)]
        if self._automaton is None or len(whole) == len(self.patterns):
            return out
        keys = " " + _word_keys(text) + "  "
        tries: list[list[tuple[int, re.Pattern[str]]]] = [[] for _ in self.patterns]
        first_of = self._first
        find_space = keys.find
        for end, first in self._automaton.iter(keys):
            start = end - len(first) - 1  # where the word starts in `text`
            second: str | None = None
            after = -1
            for index, lead, group in first_of[first]:
                if len(group) > 1 or None not in group:  # some phrase has a second word
                    if after < 0:
                        after = end + 1
                        if keys[after] == " ":
                            more = _NOT_SPACE.search(keys, after)
                            after = more.start() if more else len(keys) - 1
                        second = keys[after:find_space(" ", after)] or None
                    pattern = self._pattern(index, lead, first, group,
                                            second if second in group else None)
                else:
                    pattern = self._pattern(index, lead, first, group, None)
                if pattern is not None and start >= lead:
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


_MONTH = (
    r"(?:(?:" + _capitalised_or_upper(_words(
        "january february march april may june july august september october november december"
    )) + r")(?!\w)|(?:" + _capitalised_or_upper(_words(
        "jan feb mar apr jun jul aug sept sep oct nov dec"
    )) + r")\.?)"
)
_WEEKDAY = r"(?:" + _capitalised_or_upper(_words(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tues tue wed thurs thur thu fri sat sun"
)) + r")\.?"
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
    ("numeric", re.compile(
        r"(?P<a>\d(?<![\w/.-]\d)\d?)(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
        r"(?![\w/-]|\.\d)")),
    # 2024-04-03, 2024/04/03
    ("iso", re.compile(
        r"(?P<y>\d(?<![\w/.-]\d)\d{3})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<a>\d{1,2})"
        r"(?![\w/-]|\.\d)")),
    # (Tuesday) (the) 3(rd) (of) April (2024)
    ("day month", re.compile(
        rf"(?<![\w/.-])(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}{_ORD}?(?:\s+of)?\s+{_MONTH}"
        rf"(?:,?\s+{_YEAR})?(?![\w])")),
    # (Tuesday) April (the) 3(rd)(,) (2024)
    ("month day", re.compile(
        rf"(?<![\w])(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?:the\s+)?{_DAY}(?!\d){_ORD}?(?![\w])"
        rf"(?:,?\s+{_YEAR}(?![\w]))?")),
    # Tuesday (the) 3rd
    ("weekday day", re.compile(rf"(?<![\w]){_WEEKDAY},?\s+(?:the\s+)?{_DAY}{_ORD}(?![\w])")),
    # (the) third (of) April
    ("ordinal words", re.compile(
        r"(?<![\w])(?:the\s+)?(?i:" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
        + rf")(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?(?![\w])")),
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
# Where a letter meets a digit, or an underscore: inside a word that is not a plain word.
_MIXED_MARK = re.compile(r"\d[^\W\d_]|[^\W\d_]\d|_")
_WORD_END = re.compile(r"\w*")
_LETTER_RUN = re.compile(r"[^\W\d_]{4,}")
_ROMAN = re.compile(r"(?=[MDCLXVI])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})\Z")
_RECORD_ID = re.compile(r"\b[A-Z]{1,4}-\d{2,}\b")  # [SRC-003], KPE-01, F-02 ...
_SENTENCE_END = re.compile(r"[.!?:][\"'’”)\]]*\s+\Z|\A\s*\Z|\n\s*(?:[#>*+|-]+\s*|\d+[.)]\s+)?\Z")


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
        vocab_words, vocab_phrases = vocabulary()
        # One pass finds them all: [0] labels, [1] vocabulary phrases, [2:] each allowance.
        self._phrases = PhraseSets([[*labels, "the family", "name withheld"], vocab_phrases,
                                    *([a.text] for a in self.allows)])
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

        for start, end in _emails(text):
            claim(start, end, "email")
        for m in _NHS.finditer(text):
            digits = m.group(1) + m.group(3) + m.group(4)
            if nhs_number_valid(digits):
                claim(m.start(), m.end(), "nhs_number", "modulus 11 check digit is right")
        for m in _NI.finditer(text):
            claim(m.start(), m.end(), "ni_number")
        for m in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if m.group().startswith(("+44", "0044")):
                digits = "0" + digits[2 if m.group().startswith("+") else 4:]
                if digits.startswith("00"):  # "+44 (0)20 ..." brings its own zero
                    digits = digits[1:]
            if len(digits) in (10, 11) and digits[0] == "0" and digits[1] in "1235789":
                claim(m.start(), m.end(), "phone")
        for m in _POSTCODE.finditer(text):
            claim(m.start(), m.end(), "postcode")
        for start, end, detail in self._dates(text):
            before = text[max(0, start - 40):start]
            if _DOB_BEFORE.search(before):
                claim(start, end, "date_of_birth", detail)
            else:
                claim(start, end, "date", detail)
        for m in _BORN_MONTH_YEAR.finditer(text):
            claim(m.start(), m.end(), "date_of_birth", "month and year of birth")
        for pattern in _AGE_PATTERNS:
            for m in pattern.finditer(text):
                claim(m.start(), m.end(), "age")
        for start, end in self._addresses(text):
            claim(start, end, "address")
        for m in _NHS.finditer(text):  # ten digits that fail the check: still a long number
            digits = m.group(1) + m.group(3) + m.group(4)
            if not nhs_number_valid(digits):
                claim(m.start(), m.end(), "long_number", "ten digits; NHS checksum fails")
        for m in _LONG_NUMBER.finditer(text):
            claim(m.start(), m.end(), "long_number")
        phrases = self._phrases.find(text)
        for start, end, kind, detail in self._words_in(text, phrases):
            claim(start, end, kind, detail)

        found.sort()
        newlines = [m.start() for m in re.finditer("\n", text)]
        allow_spans = phrases[2:]  # per allowance, in the register's order
        out = []
        for start, end, kind, detail in found:
            line = bisect.bisect_left(newlines, start) + 1
            col = start - (newlines[line - 2] + 1 if line > 1 else 0) + 1
            out.append(ResidualCandidate(
                kind=kind,
                text=text[start:end],
                line=line,
                col=col,
                offset=start,
                context=_context(text, start, end),
                source=source,
                detail=detail,
                allowed_by=self._allowed(text[start:end], start, end, allow_spans),
            ))
        return out

    # -- dates, addresses --------------------------------------------------------------------------

    def _dates(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for name, pattern in _DATE_PATTERNS:
            for m in pattern.finditer(text):
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

    def _addresses(self, text: str) -> list[tuple[int, int]]:
        out = []
        for pattern in _ADDRESS_PATTERNS:
            for m in pattern.finditer(text):
                # "The Road", "On Mill Lane": a leading ordinary word is not part of the name.
                lead = _ADDRESS_LEAD.match(text, m.start(), m.end())
                start = lead.end() if lead else m.start()
                if len(text[start:m.end()].split()) >= 2:
                    out.append((start, m.end()))
        out.sort(key=lambda d: (d[0], -(d[1] - d[0])))
        return out

    # -- names -------------------------------------------------------------------------------------

    def _words_in(self, text: str, phrases) -> list[tuple[int, int, str, str]]:
        """Near misses and name-like words, in order (those run together with digits first).

        Whether a word is a candidate depends on the word alone, except where it stands: inside
        a label, a vocabulary phrase or a record id it is not one, and a near miss that is an
        ordinary word does not count at the start of a sentence. So each different word is
        judged once, and only the words that may be candidates are looked at where they stand.
        """
        masked = self._masked(text, phrases)
        out = self._names_inside_tokens(text)
        verdicts = self._verdicts
        verdict_of = self._verdict
        for m in _TOKEN.finditer(text):
            word = m.group()
            verdict = verdicts.get(word, False)
            if verdict is False:
                verdict = verdicts[word] = verdict_of(word)
            if verdict is None:
                continue
            length, kind, detail, unless_sentence_start = verdict
            start = m.start()
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
        for mark in _MIXED_MARK.finditer(text):
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
        spans = [m.span() for m in _RECORD_ID.finditer(text)]
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
    return bool(_SENTENCE_END.search(text[max(0, at - 12):at])) or at == 0


_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,8}\S*\Z")
_WORDS_AFTER = re.compile(r"\S*(?:\s+\S+){0,8}")


def _context(text: str, start: int, end: int) -> str:
    """Up to eight words either side, from the candidate's own line (a sentence, in a review
    written one sentence per line), on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _WORDS_BEFORE.search(text, max(line_start, start - 160), start)
    after = _WORDS_AFTER.match(text, end, min(line_end, end + 160))
    lo = before.start() if before else start
    hi = after.end() if after else end
    return " ".join(text[lo:hi].split())
