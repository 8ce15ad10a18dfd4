"""Issue 15 item 1: the readability figures are measured a section at a time and kept by
content; the syllables are counted word by word. Both must give textstat's own figures: the
report a reviewer reads is the same whether a section was measured now or kept."""

from __future__ import annotations

import json
from functools import cache

import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from scrtui.publish.piece_cache import PieceCache
from scrtui.readability.measure import (
    dictionary_counts,
    figures,
    measure,
    sources,
    syllable_count,
)
from scrtui.store.loader import load, plain_english

SAMPLE = (
    "the health visitor didn't see Child A's mother re-referral safeguarding "
    "practitioners' multi-agency GP 2023 zorblax o'neill café naïve ... , ; ! ? "
    "'quoted' \"said\" (aside) - -- well-being"
)
WORDS = st.sampled_from(SAMPLE.split())
TEXTS = st.lists(
    st.lists(WORDS, min_size=0, max_size=30).map(" ".join), min_size=0, max_size=6
).map("\n".join)


@cache
def kept_counts() -> dict[str, int]:
    """The pronouncing dictionary's counts, as the build keeps them (through JSON)."""
    return json.loads(json.dumps(dictionary_counts()))


def measured(example_copy):
    review = load(example_copy).model
    words, _problems = plain_english(example_copy)
    return sources(review), words, review.review.readability


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_syllables_counted_word_by_word_are_textstats(text):
    assert syllable_count(text, {}) == textstat.syllable_count(text)
    assert syllable_count(text, {}, kept_counts) == textstat.syllable_count(text)


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_the_figures_are_textstats(text):
    mine = figures("t", "p", text, syllable_count(text, {}), [], [], [])
    if not text.strip():
        assert (mine.words, mine.sentences, mine.reading_ease) == (0, 0, 0.0)
        return
    assert mine.words == textstat.lexicon_count(text)
    assert mine.sentences == textstat.sentence_count(text)
    assert mine.reading_ease == float(textstat.flesch_reading_ease(text))
    assert mine.words_per_sentence == float(textstat.words_per_sentence(text))


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_the_whole_drafts_syllables_are_its_sections(texts):
    whole = "\n".join(t for t in texts if t)
    assert sum(textstat.syllable_count(t) for t in texts) == textstat.syllable_count(whole)


def test_the_example_measured_from_kept_sections_is_the_same_report(example_copy, tmp_path):
    texts, words, thresholds = measured(example_copy)
    plain = measure(texts, words, thresholds)
    assert plain.whole.reading_ease == float(
        textstat.flesch_reading_ease("\n".join(t for t in _prose(texts, words, thresholds) if t))
    )
    memo = PieceCache(tmp_path, "readability")
    first = measure(texts, words, thresholds, memo)
    memo.save()
    assert first == plain
    again = PieceCache(tmp_path, "readability")
    assert measure(texts, words, thresholds, again) == plain
    assert again.misses == 0 and again.hits == len(texts) + 1  # every section, and the words
    texts[2].body += "\nPractitioners were uncertain who held the zorblax case.\n"
    changed = PieceCache(tmp_path, "readability")
    assert measure(texts, words, thresholds, changed) == measure(texts, words, thresholds)
    assert changed.misses == 1  # the one section edited


def _prose(texts, words, thresholds):
    """Each section's prose, as the measurement joins it (the report keeps only figures)."""
    kept: dict = {}

    class Keep:
        def get(self, key):
            return None

        def put(self, key, value):
            kept[key] = value

    measure(texts, words, thresholds, Keep())
    return [v["prose"] for k, v in kept.items() if isinstance(v, dict) and "prose" in v]
