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
