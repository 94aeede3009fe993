"""Loops: automatic mail, bounces and the bot's own mail are never answered,
through the whole pipeline, with the corpus's real auto-replies and bounces;
a storm from one sender yields at most the cap of replies and one WARNING."""

from __future__ import annotations

import email
import logging
from email import policy

import pytest

from mailbot.adapters import store as st
from test_corpus import corpus_dir
from test_pipeline import Env, example

SOURCES = {
    "rfc3834 auto-replies": ("sisimai-set-of-emails/maildir/bsd", "rfc3834-*"),
    "sisimai lhost bounces": ("sisimai-set-of-emails/maildir/bsd", "lhost-*"),
    "flanker bounces": ("flanker/bounce", "*"),
    "mikel-mail multipart reports": ("mikel-mail/multipart_report_emails", "*"),
}


def _sender(raw: bytes) -> str:
    from mailbot.mail.parse import parse

    return parse(raw).sender_addr


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_corpus_automatic_mail_is_never_answered(tmp_path, source):
    folder, pattern = SOURCES[source]
    root = corpus_dir(*folder.split("/"))
    files = sorted(p for p in root.glob(pattern) if p.is_file())
    assert files
    env = Env(tmp_path)
    senders = set()
    for f in files:
        raw = f.read_bytes()
        senders.add(_sender(raw))
        env.deliver(raw)
    stats = env.pipe.cycle()
    assert env.inbox() == 0 and stats.processed + stats.duplicates == len(files)
    replies = [m for m in env.sent() if m["Auto-Submitted"] == "auto-replied"]
    assert not replies, [m["To"] for m in replies][:5]
    answered = [m["To"] for m in env.sent() if {a.addr_spec.lower() for a in m["To"].addresses} & senders]
    assert not answered, answered[:5]


def test_the_bots_own_mail_fed_back_is_never_answered(tmp_path):
    env = Env(tmp_path)
    env.deliver(example("info-en-groups.eml"))
    env.pipe.cycle()
    own = env.sent()
    assert own
    before = len(own)
    for m in own:  # the bot's replies and notifications come back (a misrouted copy, a forwarder)
        env.deliver(m.as_bytes())
    env.pipe.cycle()
    assert len(env.sent()) == before, "the bot answered its own mail"


def test_own_message_without_auto_submitted_from_the_bot_is_not_answered(tmp_path):
    env = Env(tmp_path)
    msg = email.message_from_bytes(example("info-en-groups.eml"), policy=policy.default)
    msg.replace_header("From", f"Bot <{env.cfg.bot.address.replace('@', '+x@')}>")
    msg["X-Mailbot-Key"] = "0123456789abcdef"
    env.deliver(msg.as_bytes())
    env.pipe.cycle()
    assert not [m for m in env.sent() if m["Auto-Submitted"] == "auto-replied"]


def test_storm_of_1000_from_one_sender_yields_at_most_the_cap_and_one_warning(tmp_path, caplog):
    env = Env(tmp_path)
    cap = min(env.cfg.bot.replies_per_sender_per_hour, env.cfg.bot.replies_per_sender_per_day)
    base = email.message_from_bytes(example("info-en-groups.eml"), policy=policy.default)
    for i in range(1000):
        base.replace_header("Message-ID", f"<storm-{i}@stadt-musterhausen.example>")
        env.deliver(base.as_bytes())
    with caplog.at_level(logging.INFO, logger="mailbot"):
        stats = env.pipe.cycle()
    assert stats.processed == 1000 and env.inbox() == 0
    replies = [m for m in env.sent() if m["Auto-Submitted"] == "auto-replied"]
    assert len(replies) == cap
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "reply cap" in r.getMessage()]
    assert len(warnings) == 1, [w.getMessage() for w in warnings]
    assert "anne.mueller@stadt-musterhausen.example" in warnings[0].getMessage()
    capped = sum(any("reply cap" in n for n in d["notes"]) for _, d in env.store.items(st.PROCESSED))
    assert capped == 1000 - cap
