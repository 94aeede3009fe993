"""intents/learn.py and `mailbot learn`: triage items staff resolved become training examples."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import require

from mailbot.intents import learn

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["circular-procurement", "socially-responsible-ict", "market-supplier-development"]


def item(id_, command, status="resolved", **kw):
    return dict({"id": id_, "status": status, "command": command, "subject": "Hello",
                 "text": "Could we maybe be part of the circular thing?", "intent": "unknown"}, **kw)


def test_resolving_commands_become_labels():
    recs = learn.records_from_triage([
        item("b", "join circular-procurement"),
        item("a", "info"),
        item("c", "ignore", status="ignored"),
        item("d", "leave socially-responsible-ict"),
        item("e", "reply Thanks, we will call you"),  # says nothing about the intent
        item("f", "join circular-procurement", status="open"),  # not resolved yet
        item("g", "join no-such-group"),  # a join must name a known group
        item("h", "info", text="", subject=""),  # purged: nothing to learn
    ], GROUPS)
    assert [(r["id"], r["intent"], r["groups"]) for r in recs] == [
        ("staff-a", "info", []), ("staff-b", "join", ["circular-procurement"]), ("staff-c", "unknown", []),
        ("staff-d", "leave", ["socially-responsible-ict"])]
    assert all("staff resolved triage item" in r["reason"] for r in recs)


def test_a_forward_teaches_its_original():
    (rec,) = learn.records_from_triage([item("f", "join circular-procurement",
                                             original={"subject": "Membership", "text": "Wir möchten mitmachen."})],
                                       GROUPS)
    assert rec["text"] == "Wir möchten mitmachen." and rec["subject"] == "Membership"


def test_mailbot_learn_shows_the_change_and_replaces_only_when_asked(tmp_path, capsys):
    require("sklearn")
    from mailbot.adapters.store import Store
    from mailbot.core import config as config_mod

    cfg_path = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", cfg_path)
    cfg = config_mod.load(cfg_path)
    store = Store(cfg.path(cfg.store.path))
    store.put("triage", "t1", item("t1", "join circular-procurement"))
    store.put("triage", "t2", item("t2", "ignore", status="ignored", text="Our spring offers: 20% off laptops."))
    store.close()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "mailbot" / "intents" / "data" / "corpus" / "own.jsonl", corpus)
    out = tmp_path / "model.npz"
    from mailbot.cli.main import main

    args = ["-c", str(cfg_path), "learn", "--corpus", str(corpus), "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "2 triage items resolved by staff" in printed and "change:" in printed
    assert "NOT replaced" in printed and not out.exists()
    assert main(args + ["--apply"]) == 0
    assert out.exists() and "model written" in capsys.readouterr().out


def test_learn_apply_writes_the_configured_path_and_detection_loads_it(tmp_path, capsys):
    require("sklearn")
    from mailbot.core import config as config_mod
    from mailbot.intents import model as intent_model

    cfg_path = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", cfg_path)
    cfg = config_mod.load(cfg_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "mailbot" / "intents" / "data" / "corpus" / "own.jsonl", corpus)
    packaged = intent_model.MODEL_PATH.read_bytes()
    learnt = cfg.path(cfg.intents.model)
    assert not learnt.exists() and intent_model.load(learnt).meta == intent_model.read(intent_model.MODEL_PATH).meta
    from mailbot.cli.main import main

    assert main(["-c", str(cfg_path), "learn", "--corpus", str(corpus), "--apply"]) == 0
    assert f"model written to {learnt}" in capsys.readouterr().out
    assert intent_model.MODEL_PATH.read_bytes() == packaged  # the installed package is never written
    mine = intent_model.read(learnt)
    assert mine.meta["items"] < intent_model.read(intent_model.MODEL_PATH).meta["items"]
    assert intent_model.load(learnt).meta == mine.meta  # detection reads the learnt model from the config's path
