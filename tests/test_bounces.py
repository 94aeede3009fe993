"""bounces.py: Mailman-style bounce scoring through the pipeline; suspension; staff told once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from mailbot.workflows import bounces
from mailbot.adapters import store as st
from mailbot.core.config import BounceSettings
from mailbot.mail.parse import parse
from test_pipeline import Env, example

ADDR = "old.contact@torino.example"
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


def dsn(n: int, status: str = "5.1.1", rcpt: str = ADDR, env=None) -> bytes:
    """The example DSN; with `env`, sent back to the VERP address mail to `rcpt` carried (tied)."""
    raw = example("bounce-en-dsn.eml")
    raw = raw.replace(b"5.1.1", status.encode()).replace(ADDR.encode(), rcpt.encode())
    if env is not None:
        verp = bounces.verp_address(env.cfg, env.store, [rcpt])
        raw = raw.replace(b"To: procurement@procuraplus.example", f"To: {verp}".encode(), 1)
    return raw.replace(b"Message-ID: <", b"Message-ID: <n%d-" % n, 1)


def test_parsed_dsn_has_status_per_recipient():
    a = parse(dsn(0)).auto
    assert a.is_bounce and a.failed_recipients == (ADDR,) and dict(a.failed_status)[ADDR] == "5.1.1"
    assert dict(parse(dsn(0, "4.2.2")).auto.failed_status)[ADDR] == "4.2.2"


def test_score_hard_soft_once_per_day_and_stale_reset():
    cfg = BounceSettings(threshold=3)
    doc, new = bounces.score(None, ADDR, "5.1.1", T0, "m1", cfg)
    assert doc["score"] == 1.0 and doc["hard"] == 1 and not new
    doc, new = bounces.score(doc, ADDR, "5.1.1", T0 + timedelta(hours=2), "m2", cfg)
    assert doc["score"] == 1.0 and doc["count"] == 2  # same day: counted, not scored
    doc, _ = bounces.score(doc, ADDR, "4.2.2", T0 + timedelta(days=1), "m3", cfg)
    assert doc["score"] == 1.5 and doc["soft"] == 1
    doc, new = bounces.score(doc, ADDR, "", T0 + timedelta(days=2), "m4", cfg)  # no status: hard
    assert doc["score"] == 2.5 and not new
    doc, new = bounces.score(doc, ADDR, "5.0.0", T0 + timedelta(days=3), "m5", cfg)
    assert new and doc["suspended"] and doc["score"] == 3.5
    doc, new = bounces.score(doc, ADDR, "5.0.0", T0 + timedelta(days=4), "m6", cfg)
    assert not new  # told once
    doc, _ = bounces.score(doc, ADDR, "5.0.0", T0 + timedelta(days=20), "m7", cfg)
    assert doc["score"] == 1.0  # stale: starts again (suspension stays)


def test_repeated_hard_bounces_suspend_and_tell_staff_once(tmp_path):
    day = [T0]
    env = Env(tmp_path)
    env.pipe.clock = lambda: day[0]
    threshold = env.cfg.bounces.threshold
    for n in range(int(threshold) + 3):
        env.deliver(dsn(n, env=env))
        env.pipe.cycle()
        day[0] += timedelta(days=1)
    doc = env.store.get(st.BOUNCES, ADDR)
    assert doc["suspended"] and doc["score"] >= threshold
    told = [m for m in env.sent() if m["Subject"].startswith("[bounces]")]
    assert len(told) == 1 and ADDR in told[0]["Subject"]
    assert {a.addr_spec for a in told[0]["To"].addresses} == set(env.cfg.bot.staff)
    assert not [m for m in env.sent() if ADDR in str(m["To"])]


def test_soft_bounces_score_half(tmp_path):
    env = Env(tmp_path)
    env.deliver(dsn(1, "4.4.7", env=env))
    env.pipe.cycle()
    assert env.store.get(st.BOUNCES, ADDR)["score"] == env.cfg.bounces.soft_score


def test_outbox_mail_to_a_suspended_address_is_marked_and_never_sent(tmp_path):
    env = Env(tmp_path)
    env.store.put(st.BOUNCES, "anne.mueller@stadt-musterhausen.example",
                  {"address": "anne.mueller@stadt-musterhausen.example", "score": 9, "suspended": True})
    env.deliver(example("info-en-groups.eml"))
    env.pipe.cycle()
    assert not [m for m in env.sent() if "anne.mueller" in str(m["To"])]
    held = [d for _, d in env.store.items(st.OUTBOX) if d["status"] == bounces.SUSPENDED]
    assert len(held) == 1 and held[0]["to"] == ["anne.mueller@stadt-musterhausen.example"]


def test_reset_lifts_the_suspension_and_releases_held_mail(tmp_path):
    env = Env(tmp_path)
    tx = st.Transaction()
    tx.put(st.BOUNCES, ADDR, {"address": ADDR, "score": 9.0, "suspended": True})
    tx.put(st.OUTBOX, "k1", {"key": "k1", "to": [ADDR], "status": bounces.SUSPENDED, "raw": "x"})
    env.store.commit(tx)
    assert bounces.reset(env.store, ADDR.upper(), T0)
    doc = env.store.get(st.BOUNCES, ADDR)
    assert doc["suspended"] is False and doc["score"] == 0.0
    assert env.store.get(st.OUTBOX, "k1")["status"] == "pending"
    assert not bounces.reset(env.store, "nobody@x.example", T0)
