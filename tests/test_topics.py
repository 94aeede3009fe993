"""workflows/topics.py: proposal topics in a shared representation, compared across languages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hs

from mailbot.workflows import topics


@given(hs.text(max_size=200), hs.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_is_represented_and_compared_without_error(a, b):
    ra, rb = topics.represent(a), topics.represent(b)
    s = topics.similarity(ra, rb)
    assert 0.0 <= s <= 1.0
    assert topics.similarity(ra, ra) in (0.0, 1.0)  # a topic is itself (or empty)


def test_a_topic_is_concepts_plus_the_words_left_over():
    assert topics.represent("zero-emission construction sites") == \
        topics.represent("obras de construcción sin emisiones") == \
        frozenset({"c:zero-emission", "c:construction", "c:construction-site"})
    r = topics.represent("circular textiles for hospitals in Lisbon")
    assert {"c:circular", "c:textiles", "c:health"} <= r and "lisbon" in r


def test_cognates_meet_by_their_letters():
    # no concept for "accessibility": the words left over still meet across languages
    assert topics.similarity(topics.represent("digital accessibility"),
                             topics.represent("accessibilité numérique")) >= 0.5


def _concepts_tried_everywhere(topic: str) -> set[str]:
    """The phrase matching as it was first written: every phrase tried at every word."""
    stems = [topics.stem(w) for w in topics.words(topic)]
    out = set()
    for phrase, cid in topics._phrases():
        for i in range(len(stems) - len(phrase) + 1):
            if tuple(stems[i:i + len(phrase)]) == phrase:
                out.add("c:" + cid)
    return out


_PHRASE_WORDS = sorted({w for ps in topics.CONCEPTS.values() for p in ps for w in topics.words(p)})


@given(hs.lists(hs.sampled_from(_PHRASE_WORDS) | hs.text(max_size=12), max_size=12))
@settings(max_examples=300, deadline=None)
def test_phrases_looked_up_by_their_first_word_match_as_if_tried_everywhere(parts):
    topic = " ".join(parts)
    got = {c for c in topics.represent(topic) if c.startswith("c:")}
    # compounds (a concept word inside a long word) may add concepts; never lose a phrase's
    assert _concepts_tried_everywhere(topic) <= got
    long_words = [w for w in topics.words(topic) if len(w) >= 10]
    if not long_words:
        assert got == _concepts_tried_everywhere(topic)
