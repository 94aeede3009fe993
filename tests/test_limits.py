"""limits.py: past each input limit a message is kept and triaged with the reason, never dropped."""

from __future__ import annotations

import pytest

from mailbot.core import config
from mailbot.adapters import store as st
from mailbot.core.config import LimitSettings
from test_pipeline import ROOT, Env

BASE = (b"From: Ana Ruiz <ana.ruiz@gent.example>\r\nTo: procurement@procuraplus.example\r\n"
        b"Subject: Which groups are there?\r\nMessage-ID: <%s@gent.example>\r\n")
TEXT = b"Hello, which Interest Groups does the network run? Thanks, Ana\r\n"


def plain(mid: bytes, extra: bytes = b"", body: bytes = TEXT) -> bytes:
    return BASE % mid + extra + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body


def multipart(mid: bytes, parts: list[bytes]) -> bytes:
    out = BASE % mid + b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
    for p in parts:
        out += b"--XX\r\n" + p + b"\r\n"
    return out + b"--XX--\r\n"


TEXT_PART = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT


def attachment(i: int) -> bytes:
    return (b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=f%d.pdf\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n" % i)


def nested(mid: bytes, depth: int) -> bytes:
    part = TEXT_PART
    for d in range(depth):
        b = b"n%d" % d
        part = b"Content-Type: multipart/mixed; boundary=" + b + b"\r\n\r\n--" + b + b"\r\n" + part + b"\r\n--" + b + b"--\r\n"
    return BASE % mid + b"MIME-Version: 1.0\r\n" + part


CASES = {
    "size": ({"max_message_bytes": 2048}, plain(b"size", body=TEXT * 100), "message size"),
    "parts": ({"max_mime_parts": 5}, multipart(b"parts", [TEXT_PART] * 8), "MIME parts"),
    "depth": ({"max_nesting_depth": 3}, nested(b"depth", 6), "nesting depth"),
    "headers": ({"max_headers": 20}, plain(b"headers", b"".join(b"X-H%d: v\r\n" % i for i in range(30))), "header fields"),
    "header_line": ({"max_header_line": 998}, plain(b"line", b"X-Long: " + b"a" * 2000 + b"\r\n"), "header line"),
    "attachments": ({"max_attachments": 2}, multipart(b"att", [TEXT_PART] + [attachment(i) for i in range(3)]), "attachments"),
}


def _env(tmp_path, **limits) -> Env:
    env = Env(tmp_path)
    env.cfg = env.pipe.cfg = env.cfg.model_copy(update={"limits": LimitSettings(**limits)})
    return env


@pytest.mark.parametrize("name", sorted(CASES))
def test_past_each_limit_the_message_is_kept_and_triaged_with_the_reason(tmp_path, name):
    limits, raw, words = CASES[name]
    env = _env(tmp_path, **limits)
    env.deliver(raw)
    stats = env.pipe.cycle()
    assert stats.processed == 1 and stats.triaged == 1 and env.inbox() == 0
    assert len(env.folder("triage")) == 1 and not env.folder("processed")
    (item,) = [d for _, d in env.store.items(st.TRIAGE)]
    assert item["reason"].startswith("over limits:") and words in item["reason"], item["reason"]
    audit = next(d for _, d in env.store.items(st.PROCESSED))
    assert audit["rule"] == "(limits)" and audit["destination"] == "triage"
    # staff are told (one triage notification), the sender gets no reply
    sent = env.sent()
    assert [m["To"] for m in sent] == [", ".join(env.cfg.bot.staff)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_under_the_default_limits_the_same_message_is_read(tmp_path, name):
    _, raw, _ = CASES[name]
    env = _env(tmp_path)
    env.deliver(raw)
    env.pipe.cycle()
    audit = next(d for _, d in env.store.items(st.PROCESSED))
    assert audit["rule"] != "(limits)"


def test_parser_caps_also_triage(tmp_path):
    """Past the parser's own caps (201 parts, depth 13) the default config triages too."""
    env = _env(tmp_path)
    env.deliver(multipart(b"p201", [TEXT_PART] * 205))
    env.deliver(nested(b"deep", 14))
    stats = env.pipe.cycle()
    assert stats.triaged == 2 and len(env.folder("triage")) == 2
    reasons = sorted(d["reason"] for _, d in env.store.items(st.TRIAGE))
    assert any("MIME parts" in r for r in reasons) and any("nesting" in r for r in reasons)


def test_limits_section_validates_and_names_bad_keys():
    cfg = config.load(ROOT / "config.toml")
    assert cfg.limits == LimitSettings()
    data = {"bot": {"address": "a@b.example", "staff": ["s@b.example"]},
            "groups": [{"slug": "g", "name": "G", "facilitator": "f@b.example"}],
            "rules": [{"name": "r", "when": {}, "then": [{"action": "ignore"}]}],
            "limits": {"max_atachments": 3}}
    with pytest.raises(config.ConfigError) as exc:
        config.validate(data)
    assert any("limits.max_atachments" in p for p in exc.value.problems)
