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

One concept per module: `candidate` (what is found, and its kinds), `vocabulary`, `patterns`
(dates, ages, numbers, postcodes, addresses ...), `triggers` (where a pattern can start),
`wordkeys` (case folded as re.IGNORECASE folds it), `phrases` (labels, vocabulary phrases and
allowances found in one pass), `tokens`, and `detector`.
"""

from scrtui.textscan.words import ordinary_words

from .candidate import KINDS, ResidualCandidate
from .detector import ResidualDetector, detect_residuals
from .patterns import nhs_number_valid
from .phrases import PhraseSets, phrase_pattern
from .vocabulary import vocabulary

__all__ = [
    "KINDS",
    "PhraseSets",
    "ResidualCandidate",
    "ResidualDetector",
    "detect_residuals",
    "nhs_number_valid",
    "ordinary_words",
    "phrase_pattern",
    "vocabulary",
]
