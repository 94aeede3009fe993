"""tokens.py: HMAC request tokens, where replies keep them, and the secret's origin."""

from __future__ import annotations

import pytest

from conversation import make_cfg
from mailbot.adapters import store as st
from mailbot.workflows import tokens
from mailbot.mail.parse import parse

KEY = b"k" * 32


def test_token_round_trip_and_tamper():
    tok = tokens.make(KEY, "1a2b3c4d")
    assert tok.startswith("1a2b3c4d-") and len(tok) == 8 + 1 + tokens.MAC_LEN
    assert tokens.verify(KEY, tok) == "1a2b3c4d"
    assert tokens.verify(KEY, tok.upper()) == "1a2b3c4d"  # clients may change case
    assert tokens.verify(b"other" * 8, tok) is None  # another secret
    bad = tok[:-1] + ("0" if tok[-1] != "0" else "1")
    assert tokens.verify(KEY, bad) is None
    other = "ffffffff" + tok[8:]  # a MAC moved to another request id
    assert tokens.verify(KEY, other) is None
    for junk in ("", "7f3a9c", "1a2b3c4d", "1a2b3c4d-", "x" * 29, None):
        assert tokens.verify(KEY, junk) is None


def test_tokens_are_unguessable_per_request():
    toks = {tokens.make(KEY, f"{i:08x}") for i in range(200)}
    assert len({t.split("-")[1] for t in toks}) == 200


def test_found_in_plus_address_or_subject(tmp_path):
    cfg = make_cfg(tmp_path)
    tok = tokens.make(KEY, "1a2b3c4d")
    assert tokens.reply_address(cfg, tok) == f"procurement+{tok}@procuraplus.example"
    by_addr = parse(f"From: a@b.example\nTo: Bot <procurement+{tok}@procuraplus.example>\nSubject: Re: hi\n\nyes\n".encode())
    by_subject = parse(f"From: a@b.example\nTo: procurement@procuraplus.example\nSubject: AW: [req:{tok}] Join\n\nja\n".encode())
    neither = parse(b"From: a@b.example\nTo: procurement@procuraplus.example\nSubject: Re: [req:7f3a9c] Join\n\nyes\n")
    other_domain = parse(f"From: a@b.example\nTo: procurement+{tok}@evil.example\nSubject: Re: hi\n\nyes\n".encode())
    assert tokens.find(by_addr, cfg, KEY)[0] == "1a2b3c4d"
    assert tokens.find(by_subject, cfg, KEY)[0] == "1a2b3c4d"
    assert tokens.find(neither, cfg, KEY)[0] is None
    assert tokens.find(other_domain, cfg, KEY)[0] is None


def test_secret_from_environment_else_generated_once_in_the_store(tmp_path, monkeypatch, caplog):
    cfg = make_cfg(tmp_path)
    store = st.Store(tmp_path / "db.json")
    monkeypatch.delenv(cfg.bot.token_secret_env, raising=False)
    tokens.ensure_secret(cfg, store)
    assert "not set" in caplog.text
    first = tokens.secret(cfg, store)
    tokens.ensure_secret(cfg, store)
    assert tokens.secret(cfg, store) == first and len(first) == 32
    store.close()
    assert tokens.secret(cfg, st.Store(tmp_path / "db.json")) == first  # kept across restarts
    monkeypatch.setenv(cfg.bot.token_secret_env, "from-the-environment")
    assert tokens.secret(cfg, store) == b"from-the-environment"


@pytest.mark.parametrize("subject", ["Re: [req:{t}] x", "RE: RE: [req:{t}]", "Antw: [REQ:{t}] x", "[req: {t} ] x"])
def test_subject_variants(tmp_path, subject):
    cfg = make_cfg(tmp_path)
    tok = tokens.make(KEY, "00c0ffee")
    msg = parse(f"From: a@b.example\nSubject: {subject.format(t=tok)}\n\nyes\n".encode())
    assert tokens.find(msg, cfg, KEY)[0] == "00c0ffee"
