"""Plain English, measured: the figures behind `scr check --readability`.

The reviewer's Markdown (report sections, key practice episodes, findings, in the order the
draft gives them) is read as prose: each paragraph, list item and table cell, with the line it
stands on in its source file. Headings, code and scr's own words are left out of the figures.

- Flesch reading ease and words per sentence come from textstat (the same function on the same
  text, so the figures are the library's); the formula is `FORMULA`.
- Sentences are cut at `.`, `!` or `?` before a capital, a digit or the end of the paragraph
  (not after Dr, Mr, e.g. ...); each is counted in words with textstat's `lexicon_count`, and
  reported at the source line where it starts.
- Passive constructions, by a heuristic (`PASSIVE`): a form of *be* (or *get*), up to two
  adverbs, then a past participle: a word of five letters or more ending in *-ed*, or one of
  the irregular participles listed below. It also counts adjectives such as "was worried": it
  points at sentences to read again, it does not judge them.
- Acronyms: a word of two or more capitals (with & allowed, "A&E"; a plural s allowed, "GPs").
  It is defined where it stands in brackets after its words, "multi-agency safeguarding hub
  (MASH)", or is followed by its words in brackets, "MASH (multi-agency safeguarding hub)".
  Reported when used before that, or never defined, unless plain-english.toml lists it as
  known.
- Jargon: the words and phrases of plain-english.toml, in any case, with -s, -ed, -ing endings.

Headless and pure apart from textstat: the store gives the texts and the word list.

- `results`: what a measurement gives back (figures, sentences, marks, acronyms, the report).
- `prose`: Markdown to prose units with their source lines, and the units' sentences.
- `marks`: passive constructions, acronyms defined or not, jargon.
- `measure`: the review's prose in the draft's order, measured with textstat.
- `report`: the report as terminal text and as the confidential Markdown, and its key.
"""

from __future__ import annotations
