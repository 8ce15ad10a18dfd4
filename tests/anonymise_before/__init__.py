"""A frozen copy of scrtui/anonymise as it was at commit d108b6f (branch types3): the oracle of
tests/test_anonymise_differential.py, so that a faster anonymiser can be shown to give the same
text, replacements and flags. Do not edit; it shares only scrtui.textscan and scrtui.model with
the live anonymiser.

Replace registered identifiers with their publication labels.

Pure functions over text: no file, git or UI imports. The build runs `Anonymiser.apply` on every
publication text, then `Anonymiser.survivors` on the finished Markdown/HTML/DOCX text as a second,
independently written check (`survivors`), then the residual detector (`scrtui.residual`).

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

One concept per module: `identifiers` (what the register implies), `tables` (the register as
lookup keys), `scanner` (the matcher), `titles_and_initials`, `urls`, `replacement` (the
`Anonymiser`), `results`, and `survivors` (the independent second check). Folding, tries and
the words around a span are shared with the residual detector, in `scrtui.textscan`.
"""

from scrtui.textscan.folding import canon, fold
from scrtui.textscan.tries import TRIE_WORD_MAX, trie, trie_regex, trie_words
from scrtui.textscan.words import ordinary_words

from .identifiers import (
    GENERIC_NAME_LABEL,
    GENERIC_SURNAME_LABEL,
    TITLES,
    identifier_phrases,
    initials_of,
    name_words,
    person_words,
    run_together_forms,
)
from .replacement import Anonymiser, anonymise
from .results import AnonymisedResult, Flag, Replacement
from .survivors import Survivor, survivor_search
from .urls import url_spans

__all__ = [
    "GENERIC_NAME_LABEL",
    "GENERIC_SURNAME_LABEL",
    "TITLES",
    "TRIE_WORD_MAX",
    "AnonymisedResult",
    "Anonymiser",
    "Flag",
    "Replacement",
    "Survivor",
    "anonymise",
    "canon",
    "fold",
    "identifier_phrases",
    "initials_of",
    "name_words",
    "ordinary_words",
    "person_words",
    "run_together_forms",
    "survivor_search",
    "trie",
    "trie_regex",
    "trie_words",
    "url_spans",
]
