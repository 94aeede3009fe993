"""intents/vocabulary.py: the model's feature vocabulary answers as the dict it replaces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.intents import model as intent_model
from mailbot.intents import vocabulary
from mailbot.intents.vocabulary import Vocabulary

# Feature names hold no newline (the file joins them with one).
names_st = st.lists(st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)),
                            min_size=1, max_size=8), unique=True, max_size=60)


@settings(max_examples=200, deadline=None)
@given(names=names_st, probes=st.lists(st.text(max_size=8), max_size=20))
def test_lookup_is_the_dicts(names, probes):
    v, d = Vocabulary.of(names), {f: i for i, f in enumerate(names)}
    assert len(v) == len(d)
    queries = names + probes
    assert v.lookup(queries) == [d.get(q) for q in queries]
    assert v.ids(queries) == [d[q] for q in queries if q in d]
    assert all((q in v) == (q in d) for q in queries)
    assert list(v) == names and [v.name(i) for i in range(len(names))] == names
    assert v == d and Vocabulary(v.to_bytes()) == v


@settings(max_examples=100, deadline=None)
@given(names=names_st, prefix=st.text(alphabet=st.characters(blacklist_characters="\n",
                                                             blacklist_categories=("Cs",)), max_size=3))
def test_starting_with_reads_the_names(names, prefix):
    v = Vocabulary.of(names)
    assert v.starting_with(prefix).tolist() == [f.startswith(prefix) for f in names]


def test_equal_hashes_are_told_apart_by_the_name(monkeypatch):
    monkeypatch.setattr(vocabulary, "_hash", lambda s: 7)  # every name and every probe collides
    v = Vocabulary.of(["a", "b", "c"])
    assert v.lookup(["c", "a", "z", "b"]) == [2, 0, None, 1] and v.get("b") == 1


def test_empty_vocabulary():
    v = Vocabulary.of([])
    assert len(v) == 0 and v.lookup(["a"]) == [None] and v.get("a") is None and list(v) == []


def test_the_packaged_model_keeps_no_dict_of_names():
    m = intent_model.read(intent_model.MODEL_PATH)
    assert isinstance(m.vocab, Vocabulary) and len(m.vocab) == m.weights.shape[0]
    f = m.vocab.name(len(m.vocab) // 2)
    assert m.vocab[f] == len(m.vocab) // 2
