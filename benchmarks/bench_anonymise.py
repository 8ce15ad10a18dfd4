"""Anonymiser throughput against a plain `re` alternation, at 1,000 and 10,000 register entries.

    python benchmarks/bench_anonymise.py [--mb 4] [--runs 5] [--seed 1]

The register holds people with invented two-word names and an alias each; the prose is
review-like sentences (chronology, appraisal, practitioner conversations) that mention those
people in the ways records do: full names, first names, "Ms Surname", aliases, possessives,
capitals, a name wrapped over a line, Markdown headings, tables and links. Throughput is the
median of several runs, in MB/s of UTF-8 input. The plain alternation is so slow that it is
timed on a slice of the same prose (its size is printed); MB/s makes the two comparable.
Columns: the anonymiser's text alone (its per-replacement records are built on first use), the
text with the records, the pure-Python scanner (`automaton=False`, what runs without
pyahocorasick), and two baselines: the plain alternation and the same identifiers as one trie
pattern (`trie_pattern`). The ratio is the anonymiser with records over the plain
alternation. Each figure is wall clock, with CPU time in brackets.
This is a benchmark, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrtui.anonymise import Anonymiser, identifier_phrases, ordinary_words  # noqa: E402
from scrtui.model import Register, RegisterEntry  # noqa: E402
from scrtui.textscan.tries import trie_pattern  # noqa: E402


def _words(text: str) -> list[str]:
    return text.split()


ONSETS = _words("b br ch d dr f g gr h j k l m n p r s sh st t th tr v w y z")
VOWELS = _words("a e i o u ai ay ee ea oo ie")
CODAS = _words("n nd r rd l ll s ss th ck x den ton ley son by ford ella ina")

SENTENCES = [
    "On {date} the health visitor completed a new birth visit and saw {a} with {b}.",
    "{A} told the GP that {b} had been unwell for several days and was not feeding well.",
    "The school nurse recorded that {a} appeared tired and hungry at the start of the day.",
    "A strategy discussion was held and agencies agreed that {a} should be seen alone.",
    "{Title} said that {c} had moved back into the household in the spring.",
    "Children's social care completed a single assessment; {a}'s views were not recorded.",
    "Police attended a report of a domestic incident and spoke to {a} and {b}.",
    "The practitioner learning event heard that staff did not know who {a} was.",
    "Records show that {b}’s attendance fell below ninety per cent in the autumn term.",
    "In conversation with the reviewer, {a} described feeling judged by professionals.",
    "The midwife noted that {A} had declined the antenatal appointment twice.",
    "There is no record that the information about {b} was shared with the GP practice.",
    "Health visiting, early help and the nursery each held part of the picture.",
    "The review found that professionals relied on what parents said rather than on what "
    "they saw, and that the voice of the child was rarely heard.",
    "This is a finding about the system, not about the practice of any one person.",
]
# Sentences without names, as the analysis sections of a review are mostly written.
PLAIN = [
    "Agencies shared information in meetings, but nobody brought it together into a picture "
    "of daily life in the household.",
    "The threshold document was applied inconsistently, and practitioners described it as "
    "hard to use when concerns were low level but persistent.",
    "Supervision records show that the worker raised the case twice, and on both occasions "
    "the plan was to continue to monitor.",
    "The review panel considered whether this was an isolated lapse or a pattern, and "
    "concluded that similar cases would be handled in the same way.",
    "Staff turnover in the team meant that the family had four different social workers "
    "in eleven months.",
    "There was no shared understanding of neglect, so each agency judged the same evidence "
    "against a different standard.",
    "Health visiting contacts were delivered by telephone during this period, which limited "
    "what could be observed in the home.",
    "The multi-agency safeguarding hub received the referral on a Friday afternoon and it was "
    "not screened until the following week.",
    "Practitioners said that they felt reassured by the engagement of the parents, which in "
    "hindsight was partial and selective.",
    "Questions for the board: how will the partnership know whether the new procedure is "
    "making a difference to children?",
]


def invented(rng: random.Random, syllables: int) -> str:
    """A pronounceable invented name that is not an ordinary English word."""
    while True:
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables - 1))
        word += rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
        if word not in ordinary_words():
            return word.capitalize()


def make_register(n: int, seed: int) -> Register:
    rng = random.Random(seed)
    seen: set[str] = set()
    entries = []
    while len(entries) < n:
        first, last = invented(rng, rng.randint(1, 2)), invented(rng, rng.randint(1, 3))
        if f"{first} {last}" in seen:
            continue
        seen.add(f"{first} {last}")
        alias = invented(rng, 1)
        i = len(entries) + 1
        entries.append(
            RegisterEntry(
                f"P-{i:05d}", "person", f"{first} {last}", f"Person {i}", [alias], "relative"
            )
        )
    return Register(entries=entries)


def mention(rng: random.Random, entry: RegisterEntry, capital: bool = False) -> str:
    first, last = entry.name.split()
    form = rng.random()
    if form < 0.35:
        text = entry.name
    elif form < 0.6:
        text = first
    elif form < 0.75:
        text = entry.aliases[0]
    elif form < 0.85:
        text = f"{first}\n{last}"
    elif form < 0.93:
        text = entry.name.upper()
    else:
        text = last
    return text if capital or rng.random() < 0.9 else text.lower()


def make_prose(register: Register, megabytes: float, seed: int, plain: float = 0.5) -> str:
    """About `megabytes` of review-like Markdown; `plain` is the chance that a sentence with
    names is followed by one without (0.5 gives about 45 names per 1,000 words)."""
    rng = random.Random(seed)
    people = register.entries
    out: list[str] = []
    size = 0
    para = 0
    while size < megabytes * 1_000_000:
        para += 1
        lines = []
        if para % 12 == 1:
            lines.append(f"## Key practice episode {para}: {rng.choice(people).name}\n")
        if para % 15 == 2:
            a, b = rng.sample(people, 2)
            lines.append(
                f"| person | role |\n|---|---|\n| {a.name} | child |\n| {b.name} | parent |\n"
            )
        if para % 9 == 3:
            a = rng.choice(people)
            slug = a.name.lower().replace(" ", "-")
            lines.append(f"See [{a.name}'s record](https://example.org/records/{slug}).\n")
        for _ in range(rng.randint(3, 7)):
            template = rng.choice(SENTENCES)
            a, b, c = rng.sample(people, 3)
            sentence = template.format(
                a=mention(rng, a),
                b=mention(rng, b),
                c=mention(rng, c),
                A=mention(rng, a, capital=True),
                Title=rng.choice(["Ms", "Mr", "Mrs", "Dr"]) + " " + a.name.split()[1],
                date=f"{rng.randint(1, 28)} {rng.choice(['March', 'April', 'May'])} 2024",
            )
            if rng.random() < plain:
                sentence += " " + rng.choice(PLAIN)
            lines.append(sentence)
        text = "\n".join(lines) + "\n\n"
        out.append(text)
        size += len(text.encode("utf-8"))
    return "".join(out)


def plain_alternation(register: Register):
    """The baseline: one case-insensitive alternation of every identifier, longest first."""
    label_of: dict[str, str] = {}
    labels = {e.id: e.label for e in register.entries}
    for text, entry_id, _derived in identifier_phrases(register):
        label_of.setdefault(text.lower(), labels[entry_id])
    ids = {text for text, _id, _derived in identifier_phrases(register)}
    pattern = re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")\b", re.I
    )

    def run(text: str) -> str:
        return pattern.sub(lambda m: label_of.get(m.group().lower(), "[name]"), text)

    return run


def trie_alternation(register: Register):
    """The second baseline: the same identifiers as one trie-shaped pattern (`trie_pattern`, the
    survivor check's and the residual detector's way), common beginnings tried once."""
    label_of: dict[str, str] = {}
    labels = {e.id: e.label for e in register.entries}
    for text, entry_id, _derived in identifier_phrases(register):
        label_of.setdefault(text.lower(), labels[entry_id])
    pattern = re.compile(r"\b" + trie_pattern(sorted(label_of)) + r"\b", re.I)

    def run(text: str) -> str:
        return pattern.sub(lambda m: label_of.get(m.group().lower(), "[name]"), text)

    return run


def _sample_rate(func, prose: str) -> tuple[str, tuple[float, float]]:
    """A slow baseline timed on a slice of the prose sized so that one run takes about a
    second: the slice and its median MB/s over 3 runs."""
    probe = prose[:20_000]
    t0 = time.perf_counter()
    func(probe)
    per_char = (time.perf_counter() - t0) / len(probe)
    sample = prose[: max(20_000, min(len(prose), int(1.0 / max(per_char, 1e-9))))]
    return sample, median_mb_s(func, sample, 3)


def _with_records(anonymiser: Anonymiser):
    """apply, then build the per-replacement records too (they are built on first use)."""
    return lambda text: anonymiser.apply(text).replacements


def median_mb_s(func, text: str, runs: int) -> tuple[float, float]:
    """Median throughput over `runs`: by the wall clock, and by this process's CPU time (the
    fairer figure on a shared machine, where other work steals the wall clock)."""
    size = len(text.encode("utf-8")) / 1e6
    walls, cpus = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        func(text)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return size / statistics.median(walls), size / statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of the prose, in MB")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--plain",
        type=float,
        default=0.5,
        help="chance of a name-free sentence after each sentence with names",
    )
    args = parser.parse_args(argv)
    print("command: python benchmarks/bench_anonymise.py " + " ".join(sys.argv[1:]))
    print(
        f"python {sys.version.split()[0]}; median of {args.runs} runs; MB/s of UTF-8 input; "
        "wall clock (CPU time in brackets)"
    )
    print(
        f"{'entries':>8} {'ids':>6} {'MB':>4} {'names/1k words':>14} {'scr MB/s':>14} "
        f"{'+records':>14} {'no automaton':>14} {'re sample':>9} {'re MB/s':>12} "
        f"{'trie MB/s':>14} {'ratio':>6}"
    )
    for n in (1_000, 10_000):
        register = make_register(n, args.seed)
        prose = make_prose(register, args.mb, args.seed, args.plain)
        anonymiser = Anonymiser.from_register(register)
        result = anonymiser.apply(prose)
        density = 1000 * len(result.replacements) / len(prose.split())
        ours = median_mb_s(anonymiser.apply, prose, args.runs)
        records = median_mb_s(_with_records(anonymiser), prose, args.runs)
        fallback = Anonymiser.from_register(register, automaton=False)
        pure = median_mb_s(fallback.apply, prose, args.runs)
        sample, baseline = _sample_rate(plain_alternation(register), prose)
        _tsample, trie_rate = _sample_rate(trie_alternation(register), prose)
        n_ids = len({t for t, _i, _d in identifier_phrases(register)})
        print(
            f"{n:>8} {n_ids:>6} {len(prose) / 1e6:>4.1f} {density:>14.0f} "
            f"{ours[0]:>6.1f} ({ours[1]:>5.1f}) {records[0]:>6.1f} ({records[1]:>5.1f}) "
            f"{pure[0]:>6.1f} ({pure[1]:>5.1f}) "
            f"{len(sample) / 1000:>7.0f}KB {baseline[0]:>5.2f} ({baseline[1]:>4.2f}) "
            f"{trie_rate[0]:>6.2f} ({trie_rate[1]:>5.2f}) "
            f"{records[0] / baseline[0]:>5.0f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
