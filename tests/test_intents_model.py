"""intents/features.py, model.py, train.py: the trained intent model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbot.core import config as config_mod
from mailbot.core.model import Address, ParsedMessage
from mailbot.intents import features, model as intent_model
from mailbot.intents.detector import detect, text_reading

ROOT = Path(__file__).resolve().parent.parent
ICT, CIRC, MKT = "socially-responsible-ict", "circular-procurement", "market-supplier-development"


@pytest.fixture(scope="module")
def cfg():
    return config_mod.load(ROOT / "config.toml")


def msg(text: str, subject: str = "") -> ParsedMessage:
    return ParsedMessage(message_id="t", sender=Address("x@gent.example"), subject=subject, text=text)


# -- features ----------------------------------------------------------------------

def test_features_are_char_ngrams_of_folded_words():
    f = features.text_features("", "Würden GERNE beitreten")
    assert "w:wurden" in f and "<wu" in f and "gern" in f and "b:wurden gerne" in f


def test_features_read_every_script():
    f = features.text_features("", "Бихме искали да се присъединим")
    assert "w:бихме" in f and "<при" in f


def test_features_are_bounded():
    f = features.text_features("", "word " * 10000)
    assert len(f) < 20 * features.MAX_WORDS


def test_encode_matches_the_training_features(cfg):
    """The cached run-time path gives exactly the vectors training saw."""
    m = intent_model.load()
    for text in ("We would like to join the circular procurement group.", "Chtěli bychom se připojit ke skupině ICT?",
                 "unsubscribe", ""):
        r = text_reading(msg(text, "Hello"), cfg)
        a, b = m.encode(r.text_subject, r.body, r.marks), intent_model.vectorise(r.features, m.vocab)
        assert np.array_equal(a[0], b[0]) and np.allclose(a[1], b[1])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.text(max_size=60))
def test_word_reasons_after_encode_are_those_of_the_full_reading(cfg, text, subject):
    """The words that decided, read from what encode just kept, are those read again from the cache."""
    m = intent_model.load()
    r = text_reading(msg(text, subject), cfg)
    if r is None:
        return
    idx, val = m.encode(r.text_subject, r.body, r.marks)
    for cls in m.classes:
        kept = m.word_reasons(r.text_subject, r.body, idx, val, cls, 5)
        again = m.word_reasons(r.text_subject, r.body, idx.copy(), val.copy(), cls, 5)  # not encode's arrays
        assert kept == again


# -- the shipped model -------------------------------------------------------------------

def test_shipped_model_is_small_and_numpy_only():
    assert intent_model.MODEL_PATH.stat().st_size < 20 * 1024 * 1024
    with np.load(intent_model.MODEL_PATH, allow_pickle=False) as z:  # no pickled objects
        assert set(z.files) >= {"weights", "bias", "vocab", "classes", "temperature"}
    m = intent_model.load()
    assert m.weights.shape == (len(m.vocab), len(m.classes)) and 0.05 < m.temperature < 20


def test_corpus_records_are_labelled_with_a_reason():
    langs = set()
    for path in sorted((intent_model.DATA_DIR / "corpus").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            r = json.loads(line)
            assert r["intent"] and r["reason"].strip() and isinstance(r["groups"], list), r
            langs.add(r["language"])
    assert len(langs) >= 24, sorted(langs)  # every official EU language


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.text(max_size=60))
def test_model_probabilities_are_a_distribution(text, subject):
    m = intent_model.load()
    p = m.proba(features.text_features(subject, text, ("L:unknown",)))
    assert set(p) == set(m.classes)
    assert all(0.0 <= v <= 1.0 for v in p.values()) and abs(sum(p.values()) - 1) < 1e-6


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.text(max_size=60))
def test_detect_on_random_text_never_raises_and_confidence_is_a_probability(cfg, text, subject):
    i = detect(msg(text, subject), cfg)
    assert 0.0 <= i.confidence <= 1.0 and i.evidence


def test_evidence_names_the_model_and_the_features_that_decided(cfg):
    i = detect(msg("Dobrý den, rádi bychom se připojili ke skupině pro cirkulární zadávání."), cfg)
    assert any(e.startswith("model: ") for e in i.evidence)
    assert any(e.startswith("features: ") for e in i.evidence)


# -- one join per official EU language (all 24) --------------------------------------------

SMOKE = [
    ("bg", "Здравейте, бихме искали да се присъединим към групата за кръгови обществени поръчки.", CIRC),
    ("cs", "Dobrý den, rádi bychom se zapojili do skupiny pro cirkulární zadávání.", CIRC),
    ("da", "Hej, vi vil gerne være med i gruppen for cirkulære indkøb.", CIRC),
    ("de", "Wir möchten der Gruppe Kreislaufwirtschaft beitreten.", CIRC),
    ("el", "Καλησπέρα, θα θέλαμε να συμμετάσχουμε στην ομάδα για τις κυκλικές δημόσιες συμβάσεις.", CIRC),
    ("en", "We would like to join the circular procurement group.", CIRC),
    ("es", "Nos gustaría unirnos al grupo de compra pública circular.", CIRC),
    ("et", "Tere, soovime liituda ringhangete töörühmaga.", CIRC),
    ("fi", "Hei, haluaisimme liittyä kiertotaloushankintojen ryhmään.", CIRC),
    ("fr", "Nous souhaitons rejoindre le groupe sur les achats circulaires.", CIRC),
    ("ga", "Ba mhaith linn a bheith páirteach sa ghrúpa um sholáthar ciorclach.", CIRC),
    ("hr", "Poštovani, željeli bismo se pridružiti skupini za kružnu nabavu.", CIRC),
    ("hu", "Szeretnénk csatlakozni a körforgásos beszerzés csoporthoz.", CIRC),
    ("it", "Vorremmo aderire al gruppo sugli appalti circolari.", CIRC),
    ("lt", "Norėtume prisijungti prie žiedinių pirkimų grupės.", CIRC),
    ("lv", "Mēs vēlamies pievienoties aprites iepirkuma grupai.", CIRC),
    ("mt", "Nixtiequ ningħaqdu mal-grupp tal-akkwist ċirkulari.", CIRC),
    ("nl", "Wij willen graag deelnemen aan de groep circulair inkopen.", CIRC),
    ("pl", "Chcielibyśmy dołączyć do grupy zamówienia cyrkularne.", CIRC),
    ("pt", "Gostaríamos de aderir ao grupo de contratação circular.", CIRC),
    ("ro", "Am dori să ne alăturăm grupului de achiziții circulare.", CIRC),
    ("sk", "Radi by sme sa pripojili k skupine pre cirkulárne obstarávanie.", CIRC),
    ("sl", "Radi bi se pridružili skupini za krožno javno naročanje.", CIRC),
    ("sv", "Vi vill gärna gå med i gruppen för cirkulär upphandling.", CIRC),
]


@pytest.mark.parametrize("lang,text,group", SMOKE, ids=[s[0] for s in SMOKE])
def test_a_join_in_every_eu_language(cfg, lang, text, group):
    i = detect(msg(text), cfg)
    assert (i.name, i.groups) == ("join", (group,)), (lang, i)
