"""intents/train.py: deterministic training, stable held-back part, calibration."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import require

require("sklearn")

from mailbot.core import config as config_mod  # noqa: E402
from mailbot.intents import model as intent_model  # noqa: E402
from mailbot.intents import train  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cfg():
    return config_mod.load(ROOT / "config.toml")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small corpus: the shipped records of two languages."""
    d = tmp_path_factory.mktemp("corpus")
    for name in ("own.jsonl", "fixtures.jsonl"):
        (d / name).write_text((train.CORPUS_DIR / name).read_text("utf-8"), "utf-8")
    return d


def test_training_twice_gives_identical_weights(cfg, small, tmp_path):
    items = train.load_items(cfg, corpus=small)
    assert len(items) > 50
    a, _ = train.train(items)
    b, _ = train.train(train.load_items(cfg, corpus=small))
    assert a.classes == b.classes and a.vocab == b.vocab and a.temperature == b.temperature
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)
    assert a.group_names == b.group_names and np.array_equal(a.group_weights, b.group_weights)
    a.save(tmp_path / "m.npz")
    c = intent_model.read(tmp_path / "m.npz")
    assert c.vocab == a.vocab and np.array_equal(c.weights, a.weights) and c.classes == a.classes
    assert c.group_names == a.group_names and np.array_equal(c.group_weights, a.group_weights)
    idx, val = c.encode("", "We would like to join the circular procurement group.", ("L:join",))
    assert set(c.group_proba(idx, val)) == set(a.group_names)
    assert all(0 <= p <= 1 for p in c.group_proba(idx, val).values())


def test_items_do_not_depend_on_file_order(cfg, small, tmp_path):
    shuffled = tmp_path / "c"
    shuffled.mkdir()
    for path in small.glob("*.jsonl"):
        lines = path.read_text("utf-8").splitlines()
        (shuffled / path.name).write_text("\n".join(reversed(lines)) + "\n", "utf-8")
    assert [i.id for i in train.load_items(cfg, corpus=small)] == [i.id for i in train.load_items(cfg, corpus=shuffled)]


def test_held_back_part_is_stable_and_about_a_fifth():
    ids = [f"x-{n}" for n in range(2000)]
    part = [i for i in ids if train.held_back(i)]
    assert 300 < len(part) < 500
    assert part == [i for i in ids + ["new-1", "new-2"] if train.held_back(i) and not i.startswith("new")]
    folds = [sum(train.held_back(i, k, 5) for i in ids) for k in range(5)]
    assert sum(folds) == len(ids)


def test_structural_messages_teach_the_text_model_nothing(cfg):
    rec = {"id": "b", "language": "en", "intent": "auto_reply", "groups": [], "subject": "Hello",
           "text": "I am away.", "reason": "header", "sender_role": "authority",
           "headers": {"Auto-Submitted": "auto-replied"}}
    assert train._item(rec, train.record_message(rec, cfg), cfg, "t") is None
    rec = dict(rec, headers={}, id="c")
    assert train._item(rec, train.record_message(rec, cfg), cfg, "t").label == "auto_reply"


def test_record_message_quotes_what_was_quoted(cfg):
    rec = {"id": "q", "language": "en", "intent": "join", "groups": ["circular-procurement"], "subject": "Re: call",
           "text": "Count us in for circular.", "quoted": "Which group would you like to join?\n- ICT\n- Circular",
           "reason": "r", "sender_role": "authority"}
    msg = train.record_message(rec, cfg)
    assert "Count us in" in msg.text and "- ICT" not in msg.text and msg.in_reply_to


def test_temperature_calibrates_on_the_held_back_part(cfg, small):
    items = train.load_items(cfg, corpus=small)
    model, report = train.train(items)
    assert report["n"] > 0 and 0.2 <= model.temperature <= 5.0
    assert json.loads(json.dumps(model.meta))["items"] == len(items)


def test_a_damaged_subject_the_stdlib_cannot_reencode_still_makes_a_record(cfg):
    # A broken encoded word beside non-ASCII text: EmailMessage.as_bytes() raises on it.
    subject = "Re: Join request: Market — Slovenská =?utf-8?q?inova=C4=8Dn=C3=A 1?= agentúra (súkromná)"
    rec = {"id": "damaged", "subject": subject, "text": "Áno.", "language": "sk", "intent": "confirm", "groups": []}
    msg = train.record_message(rec, cfg)
    assert msg.subject == subject and msg.text == "Áno."
