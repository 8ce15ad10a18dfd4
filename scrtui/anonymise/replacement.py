"""Replacement: the `Anonymiser` puts each registered identifier's label in its place.

The register is compiled once (`tables`); each text is folded, scanned (`scanner`), its URLs
matched again decoded (`urls`), and each hit widened over a title or initials that go with it
(`titles_and_initials`), capitalised at the start of a sentence, or left in place and flagged
(a lower-case ordinary word, a phrase the register keeps).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from scrtui.model import Register
from scrtui.normalise import Normalised, normalise
from scrtui.textscan.folding import fold, fold_special
from scrtui.textscan.sentence import context, sentence_start

from .results import AnonymisedResult
from .scanner import GAPS_PROSE, GAPS_URL, Scanner
from .survivors import Survivor, SurvivorIndex
from .tables import (
    END,
    INITIALS_MODE,
    KEPT,
    LOWER_LABEL,
    ORDINARY,
    PERSON,
    SKIP,
    URL,
    Target,
    UrlEdit,
    compile_register,
)
from .titles_and_initials import (
    DOTTED,
    DOTTED_INITIALS,
    INITIAL_HEADS,
    INITIAL_TAILS,
    SAME_PHRASE_GAP,
    SENTENCE_AFTER,
    TITLE_TAILS,
    TWO_SPACES,
    UNDOTTED_INITIALS,
    WIDEN_BEFORE,
    initial_after,
    initials_start,
    title_start,
)
from .urls import as_slug, percent_decode, url_spans_folded


class Anonymiser:
    """The register compiled into lookup tables; `apply` replaces, `survivors` double-checks."""

    def __init__(
        self,
        keys: dict[str, Target],
        warnings: list[str],
        register: Register,
        *,
        automaton: bool = True,
        initials: dict[str, Target] | None = None,
        joined: frozenset[str] = frozenset(),
    ):
        self._initials = initials or {}
        self.warnings = warnings
        self._register = register
        self._scanner = Scanner(keys, self._initials, joined, automaton=automaton)
        self._survivor_index: SurvivorIndex | None = None

    @classmethod
    def from_register(cls, register: Register, *, automaton: bool = True) -> Anonymiser:
        """Compile the register. `automaton=False` uses the pure-Python scanner (same results,
        about two thirds of the speed), which is also what runs without pyahocorasick."""
        tables = compile_register(register)
        return cls(
            tables.keys,
            tables.warnings,
            register,
            automaton=automaton,
            initials=tables.initials,
            joined=tables.joined,
        )

    # -- applying ---------------------------------------------------------------------------------

    def apply(self, text: str) -> AnonymisedResult:
        """Replace every registered identifier in `text`; report what was replaced and flagged.

        Text with decomposed accents is NFC-normalised first (same letters, composed), and the
        offsets in the result refer to that form.
        """
        folded, marks, special = fold_special(text)
        if marks:
            text = unicodedata.normalize("NFC", text)
            folded, _marks, special = fold_special(text)
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
        spans = url_spans_folded(folded)
        starts, ends, targets = self._scanner.scan(folded, GAPS_PROSE)
        urls: list[tuple[int, int, UrlEdit]] = []
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
        if self._scanner.automaton is None and self._initials and DOTTED.search(text):
            urls = sorted(urls + self._initials_edits(text, folded))  # the scan cannot see them
        big = len(text) + 1
        starts.append(big)  # a sentinel that flushes the last URL edits
        ends.append(big)
        targets.append(END)

        pieces: list[str] = []
        e_start: list[int] = []
        e_end: list[int] = []
        e_new: list[str | None] = []
        e_target: list[Target | UrlEdit] = []
        add_piece = pieces.append
        add_start, add_end, add_new, add_target = (
            e_start.append,
            e_end.append,
            e_new.append,
            e_target.append,
        )
        # Locals, not globals, in the loop that runs once per hit.
        skip, kept, person, ordinary, lower_label = SKIP, KEPT, PERSON, ORDINARY, LOWER_LABEL
        initials = INITIALS_MODE
        adjusted = ORDINARY | LOWER_LABEL
        initial_tails, title_tails, two_spaces = INITIAL_TAILS, TITLE_TAILS, TWO_SPACES
        initial_heads, same_gap = INITIAL_HEADS, SAME_PHRASE_GAP.fullmatch
        widen_before = WIDEN_BEFORE
        last = 0
        u, next_url = 0, (urls[0][0] if urls else big)
        new: str | None  # each hit's label, or None: flagged, left in place
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
            mode = target[4]  # .mode, .label: by index, the quicker in the loop
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
            new = target[0]
            name_start = start
            titled = False
            before = text[start - 3 : start]
            if before in widen_before or start < 3 or not before.isascii():
                # Perhaps initials or a title before the name (the common case, a name after
                # an ordinary word, is ruled out by the one look-up above).
                if mode & person and text[start - 2 : start] in initial_tails:
                    begin = initials_start(text, start)
                    if begin is not None and begin >= last:
                        start = begin
                tail = folded[start - 3 : start]
                if tail in title_tails or tail[1:] in two_spaces:
                    begin = title_start(folded, start)
                    if begin is not None and begin >= last:
                        start, titled = begin, True
            if mode & adjusted:  # (only a lower-case label can start with "the ")
                if mode & ordinary and not titled and not text[name_start].isupper():
                    new, start = None, name_start
                elif mode & lower_label and sentence_start(text, start):
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
                if new is None:  # flagged: left in place
                    add_start(start)
                    add_end(end)
                    add_new(None)
                    add_target(target)
                    continue
            if mode & person and text[end : end + 2] in initial_heads:
                end = initial_after(text, end)  # "Kerry H." is one label, never "Mother H."
            if (
                start - last < 8
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
            add_piece(text[last:start])
            add_piece(new)
            last = end
        pieces.append(text[last:])
        edits = (e_start, e_end, e_new, e_target)
        return AnonymisedResult("".join(pieces), text, edits, list(self.warnings), folded)

    def _url_edits(self, text: str, s_start: int, s_end: int) -> list[tuple[int, int, UrlEdit]]:
        """Decisions for one URL: decoded, matched with URL gaps, labels put in as slugs."""
        raw = text[s_start:s_end]
        decoded, starts, ends = percent_decode(raw)
        folded = fold(decoded)
        found = [
            hit
            for hit in zip(*self._scanner.scan(folded, GAPS_URL), strict=True)
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
                    out.append((o_start, o_end, UrlEdit(*target[:4], URL, None)))
                    continue
            slug = as_slug(target.label, decoded[start:end])
            out.append((o_start, o_end, UrlEdit(*target[:4], URL, slug)))
        return out

    def _initials_edit(
        self, text: str, folded: str, start: int, target: Target
    ) -> tuple[int, int, str] | None:
        """A registered person's initials at `start` if they are written as initials, with
        full stops ("A.H.", "K. H."), and any title before them ("Ms K.H."): (start, end, the
        person's label)."""
        m = DOTTED_INITIALS.match(text, start)
        if m is None or "".join(c for c in m.group().lower() if c.isalpha()) not in self._initials:
            return None
        end = m.end()
        if SENTENCE_AFTER.match(text, end):
            end -= 1  # the full stop that ends the sentence stays
        begin = title_start(folded, start)
        if begin is not None:
            start = begin
        new = target.label
        if new[:1].islower() and sentence_start(text, start):
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
        for m in UNDOTTED_INITIALS.finditer(text):
            target = self._initials.get(m.group().lower())
            if target is not None:
                out.append((m.start(), m.end(), target.label, context(text, m.start(), m.end())))
        return out

    def _initials_edits(self, text: str, folded: str) -> list[tuple[int, int, UrlEdit]]:
        """`_initials_edit` for every initials in the text, for the scanner without the
        automaton. Merged in as URL edits are."""
        out = []
        for m in DOTTED_INITIALS.finditer(text):
            target = self._initials.get("".join(c for c in m.group().lower() if c.isalpha()))
            edit = None if target is None else self._initials_edit(text, folded, m.start(), target)
            if target is not None and edit is not None:  # no edit without a target
                out.append((edit[0], edit[1], UrlEdit(*target[:4], URL, edit[2])))
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
            self._survivor_index = SurvivorIndex(self._register)
        return self._survivor_index.find(text, include_lowercase_ordinary)


def anonymise(text: str, register: Register) -> AnonymisedResult:
    """One-off convenience: build the tables and apply them once."""
    return Anonymiser.from_register(register).apply(text)


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
