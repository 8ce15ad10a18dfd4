"""Patterns: what the residual detector looks for besides unknown words (dates, ages, NHS, NI
and phone numbers, postcodes, e-mail addresses, addresses, titles and relations, record ids).

Some are written so that `re` can skip to where they start (see `starts`); the tests hold each
to its plain form.
"""

from __future__ import annotations

import re


def _capitalised_or_upper(words: list[str]) -> str:
    """Month and day names count when written as names are: "April", "APRIL", never "may"."""
    out = []
    for word in sorted(words, key=len, reverse=True):
        out += [word.capitalize(), word.upper()]
    return "|".join(out)


def _words(text: str) -> list[str]:
    return text.split()


MONTHS = _words(
    "january february march april may june july august september october november december"
)
MONTHS_SHORT = _words("jan feb mar apr jun jul aug sept sep oct nov dec")
WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tues tue wed thurs thur thu fri sat sun"
)
_MONTH = (
    r"(?:(?:"
    + _capitalised_or_upper(MONTHS)
    + r")(?!\w)|(?:"
    + _capitalised_or_upper(MONTHS_SHORT)
    + r")\.?)"
)
_WEEKDAY = r"(?:" + _capitalised_or_upper(WEEKDAYS) + r")\.?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:\d{4}|['’]\d{2})"
_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first"
)

DATE_PATTERNS = [
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
DOB_BEFORE = re.compile(
    r"(?i:\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born|birthday|birth\s+date)\b)"
    r"[\s:.,;=-]*(?i:(?:on|is|was|of)\s+)?\Z"
)
BORN_MONTH_YEAR = re.compile(
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
AGE_PATTERNS = [
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
EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[^\W_][\w-]*(?:\.[\w-]+)+")
EMAIL_LOCAL = re.compile(r"[\w.+'-]")
NHS = re.compile(r"(\d(?<![\w.,/-]\d)\d\d)([ -]?)(\d{3})\2(\d{4})(?![\w/-]|[.,]\d)")
NI = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.I,
)
PHONE = re.compile(
    r"(?:\+(?<![\w+][\s\S])44\s?(?:\(0\)\s?)?\d{2,4}|0(?<![\w+][\s\S])044\s?(?:\(0\)\s?)?\d{2,4}"
    r"|\((?<![\w+][\s\S])0\d{2,4}\)|0(?<![\w+][\s\S])\d{2,4})"
    r"(?:[ .-]?\d{3,4}){1,2}(?![\w])"
)
POSTCODE = re.compile(
    r"[A-PR-UWYZ](?<!\w[\s\S])(?:[A-HK-Y]?\d[A-HJKPSTUW\d]?|\d[A-HJKPSTUW])"
    r" ?\d[ABD-HJLNP-UW-Z]{2}\b"
)
LONG_NUMBER = re.compile(r"\d(?<![\w.,]\d)\d{6,}(?![\w]|[.,]\d)")
# A postcode in lower case ("ne6 5tt", "ne65tt"): the same shape as `POSTCODE`, the letters
# folded. Only with its inward part, which plain words never have (a digit, two letters).
POSTCODE_LOWER = re.compile(
    r"(?<![\w@/.-])[a-pr-uwyz](?:[a-hk-y]?\d[a-hjkpstuw\d]?|\d[a-hjkpstuw]) ?\d[abd-hjlnp-uw-z]{2}"
    r"(?![\w@/-])"
)
# A current-style UK vehicle registration ("NK19 XYZ", "NK19XYZ"): two letters, two digits,
# three letters.
VEHICLE = re.compile(r"(?<![\w@/.-])[A-Z]{2}\d{2} ?[A-Z]{3}(?![\w@/-])")
# A social-media handle ("@kerryh85"), not an e-mail address (those are claimed first).
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")
# A title and a capitalised word ("Mrs Brown", "Dr. Green"): a person, even when the word is
# an ordinary one; unless it is a registered label.
TITLED = re.compile(
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
TITLE_WORD = re.compile(r"Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|PC|DC|DS|Sgt|Cllr")
APPOSED = re.compile(
    r"(?<![\w-])(?:" + _RELATION + r")s?(?:, | )(?P<name>[A-Z][a-z'’-]+)"
    r"(?![\w'’-])"
)
# An institution named by capitalised words before a kind of place ("Greenbank Primary
# School", "St Anne's Hospital"): the capitalised words identify the place.
INSTITUTION = re.compile(
    r"(?<![\w-])(?:St\.? )?(?:[A-Z][a-z'’-]+ ){1,3}(?:Primary|Secondary|Infant|Junior|High|"
    r"Academy|Nursery|Hospital|Surgery|Medical Centre|Health Centre|College|School|Church|"
    r"Mosque|Temple|Children's Centre|Family Centre|Prison)(?![\w-])"
)


_STREET_ANY = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Court|Ct|Crescent|Cres|Place|Pl|"
    "Gardens|Gdns|Grove|Gr|Terrace|Terr|Tce|Hill|Park|View|Walk|Square|Sq|Row|Mews|Green|Rise|"
    "Parade|Vale|Boulevard|Fold|Gate|Wharf|Yard|Croft|Meadow|Meadows|Chase|Villas|Cottages|"
    "Estate|Heights|Bank|Brow|Side|End|Wynd|Loan|Crest"
)
_STREET_SURE = "Street|Road|Avenue|Lane|Close|Drive|Crescent|Terrace|Gardens|Grove|Mews"
_CAP = r"[A-Z][\w'’-]*"
ADDRESS_PATTERNS = [
    re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET_ANY})\b"),
    re.compile(
        rf"\b(?:Flat|Apartment|Apt|Unit|Room|Maisonette)\.?\s+\d+[A-Za-z]?\b"
        rf"(?:,?\s+{_CAP}(?:\s+{_CAP}){{0,3}})?"
    ),
    re.compile(rf"\b(?:{_CAP}\s+){{1,3}}(?:{_STREET_SURE})\b"),
]
ADDRESS_LEAD = re.compile(
    r"(?:(?i:the|a|an|this|that|these|those|his|her|their|our|your|my|its|on|in|at|to|from|"
    r"by|for|of|and|or|but|with|near|off|along)\s+)+"
)
# `ADDRESS_PATTERNS` 0 and 2 with their first digit or capital first.
HOUSE_NUMBER_STREET = re.compile(
    rf"\d(?<!\w\d)\d{{0,3}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}(?:{_STREET_ANY})\b"
)
NAMED_STREET = re.compile(rf"[A-Z](?<!\w[A-Z])[\w'’-]*\s+(?:{_CAP}\s+){{0,2}}(?:{_STREET_SURE})\b")
ROMAN = re.compile(r"(?=[MDCLXVI])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})\Z")
RECORD_ID = re.compile(r"\b[A-Z]{1,4}-\d{2,}\b")  # [SRC-003], KPE-01, F-02 ...
RECORD_ID_AT = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{0,3}-\d{2,}\b")  # the same, capital first


def nhs_number_valid(digits: str) -> bool:
    """The NHS number modulus 11 check: weights 10 to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def valid_day_month(a: int, b: int) -> bool:
    """Whether two numbers are a day and a month, in either order."""
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= b <= 31 and 1 <= a <= 12)
