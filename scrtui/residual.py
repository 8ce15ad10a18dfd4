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
  "Smiths" for "Smith". Lower-case ordinary words are not compared.
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
        r"(?<![\w/.-])(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
        r"(?![\w/-]|\.\d)")),
    # 2024-04-03, 2024/04/03
    ("iso", re.compile(
        r"(?<![\w/.-])(?P<y>\d{4})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<a>\d{1,2})(?![\w/-]|\.\d)")),
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

_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[^\W_][\w-]*(?:\.[\w-]+)+")
_NHS = re.compile(r"(?<![\w.,/-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|[.,]\d)")
_NI = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.I,
)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+44|0044)\s?(?:\(0\)\s?)?\d{2,4}|\(0\d{2,4}\)|0\d{2,4})"
    r"(?:[ .-]?\d{3,4}){1,2}(?![\w])"
)
_POSTCODE = re.compile(
    r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|[A-PR-UWYZ]\d[A-HJKPSTUW])"
    r" ?\d[ABD-HJLNP-UW-Z]{2}\b"
)
_LONG_NUMBER = re.compile(r"(?<![\w.,])\d{7,}(?![\w]|[.,]\d)")

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
_MIXED_TOKEN = re.compile(r"\w*(?:\d[^\W\d_]|[^\W\d_]\d|_)\w*")
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
        self._allow_patterns = [
            (a, _phrase_pattern([a.text])) for a in self.allows
        ]
        labels = [e.label for e in register.entries] + [r.label for r in register.surnames]
        self._labels = _phrase_pattern([*labels, "the family", "name withheld"])
        vocab_words, vocab_phrases = vocabulary()
        self._vocab_words = vocab_words
        self._vocab_phrases = _phrase_pattern(vocab_phrases)
        self._words = ordinary_words()
        # Words of registered identifiers, for near misses: folded word -> (as written, ids).
        # Every word of a person's name; of places, organisations and terms only the words
        # that are neither ordinary nor professional ("Rosehill", not "Primary" or "School").
        people = {e.id for e in register.people}
        near: dict[str, tuple[str, set[str]]] = {}
        for text, entry_id, _derived in identifier_phrases(register):
            for word in text.split():
                key = canon(word).replace(" ", "")
                if len(key) < 4:
                    continue
                if entry_id not in people and (key in self._words or key in vocab_words):
                    continue
                near.setdefault(key, (word, set()))[1].add(entry_id)
        self._near = near
        self._near_keys = list(near)

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

        for m in _EMAIL.finditer(text):
            claim(m.start(), m.end(), "email")
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
        for start, end, kind, detail in self._words_in(text):
            claim(start, end, kind, detail)

        found.sort()
        newlines = [m.start() for m in re.finditer("\n", text)]
        allow_spans = self._allow_spans(text)
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

    def _words_in(self, text: str) -> list[tuple[int, int, str, str]]:
        masked = self._masked(text)
        tokens = []
        for m in _TOKEN.finditer(text):
            start, word = m.start(), m.group()
            word = re.sub(r"(?:['’]s|['’-])\Z", "", word) or word  # "Jayden's", "Smiths'"
            end = start + len(word)
            if len(word) < 2 or any(c.isdigit() for c in word) or _inside(masked, start, end):
                continue
            tokens.append((start, end, word))
        near = self._near_misses({w for _s, _e, w in tokens})
        out = self._names_inside_tokens(text)
        for start, end, word in tokens:
            capital = word[0].isupper()
            key = canon(word)
            if word in near and not self._known(word) and (
                capital or key.replace(" ", "") not in self._words
            ):
                if capital and self._ordinary(word) and _sentence_start(text, start):
                    continue
                out.append((start, end, "near_miss", near[word]))
                continue
            if not capital or self._ordinary(word) or self._known(word):
                continue
            if word.isupper() and len(word) < 3:
                continue  # two capitals: an initialism far more often than a name
            out.append((start, end, "name", ""))
        return out

    def _names_inside_tokens(self, text: str) -> list[tuple[int, int, str, str]]:
        """A registered name run together with digits or underscores ("jayden2015",
        "2015_Smith"): not a whole word, so the anonymiser leaves it, but it identifies."""
        out = []
        for m in _MIXED_TOKEN.finditer(text):
            for run in _LETTER_RUN.findall(m.group()):
                key = canon(run).replace(" ", "")
                if key in self._near:
                    written, ids = self._near[key]
                    detail = f"contains '{written}' ({', '.join(sorted(ids))})"
                    out.append((m.start(), m.end(), "near_miss", detail))
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

    def _masked(self, text: str) -> list[tuple[int, int]]:
        """Spans whose words are not names: labels, vocabulary phrases, allowed phrases, ids."""
        spans = [m.span() for m in _RECORD_ID.finditer(text)]
        for pattern in (self._labels, self._vocab_phrases):
            if pattern is not None:
                spans += [m.span() for m in pattern.finditer(text)]
        return _merge(spans)

    # -- the allow-list ----------------------------------------------------------------------------

    def _allow_spans(self, text: str) -> list[tuple[int, int, Allowance]]:
        spans = []
        for allowance, pattern in self._allow_patterns:
            if pattern is not None:
                spans += [(m.start(), m.end(), allowance) for m in pattern.finditer(text)]
        return spans

    def _allowed(self, found: str, start: int, end: int, spans) -> Allowance | None:
        exact = self._allow_exact.get(found.strip().casefold())
        if exact is not None:
            return exact
        for s, e, allowance in spans:
            if s <= start and end <= e:
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
