"""pipeline.py: whole messages through the embedded default, and crash safety.

The crash tests fork a child that runs the real pipeline and dies with
os._exit at a chosen point (between the store write and the inbox move,
between delivery and its bookkeeping); the parent then restarts on the same
files and checks that nothing was lost and nothing was done twice.
"""

from __future__ import annotations

import email
import os
from datetime import datetime, timezone
from email import policy
from pathlib import Path

import pytest

from mailbot.core import config
from mailbot.runtime import pipeline
from mailbot.adapters import store as st
from mailbot.adapters.mailbox import MaildirMailbox
from mailbot.runtime.pipeline import Pipeline
from mailbot.adapters.transport import MaildirTransport

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "mailbot" / "examples"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


def make_cfg(tmp: Path, **bot):
    cfg = config.load(ROOT / "config.toml")
    return cfg.model_copy(update={
        "bot": cfg.bot.model_copy(update=bot),
        "mailbox": cfg.mailbox.model_copy(update={"path": str(tmp / "mail")}),
        "transport": cfg.transport.model_copy(update={"path": str(tmp / "sent")}),
        "store": cfg.store.model_copy(update={"path": str(tmp / "db.json")}),
    })


class Env:
    def __init__(self, tmp: Path, mailbox_cls=MaildirMailbox, transport_cls=MaildirTransport, **bot):
        self.tmp = tmp
        self.cfg = make_cfg(tmp, **bot)
        self.store = st.Store(tmp / "db.json")
        self.mailbox = mailbox_cls(tmp / "mail", "mailbot/processed", "mailbot/triage")
        self.transport = transport_cls(tmp / "sent")
        self.pipe = Pipeline(self.cfg, self.store, self.mailbox, self.transport, clock=lambda: NOW)

    def deliver(self, raw: bytes) -> None:
        self.mailbox.deliver(raw)

    def sent(self) -> list[email.message.EmailMessage]:
        d = self.tmp / "sent" / "new"
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(d.iterdir())] if d.exists() else []

    def folder(self, name: str) -> list[Path]:
        return list((self.mailbox.folders[name] / "cur").iterdir())

    def inbox(self) -> int:
        return self.mailbox.pending()


@pytest.fixture
def env(tmp_path):
    return Env(tmp_path)


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def test_join_from_participant_end_to_end(env):
    env.deliver(example("join-en-ict.eml"))
    stats = env.pipe.cycle()
    assert stats.processed == 1 and env.inbox() == 0
    assert len(env.folder("processed")) == 1
    sent = env.sent()
    to = sorted(m["To"].addresses[0].addr_spec for m in sent)
    assert to == sorted(["ict.facilitator@stockholm.example", _sender("join-en-ict.eml")])
    ack = next(m for m in sent if m["Auto-Submitted"] == "auto-replied")
    src = email.message_from_bytes(example("join-en-ict.eml"), policy=policy.default)
    assert ack["In-Reply-To"] == src["Message-ID"]
    assert src["Message-ID"] in ack["References"]
    assert ack["Subject"].startswith("Re: ")
    req = next(m for m in sent if m["Auto-Submitted"] == "auto-generated")
    assert "[req:" in req["Subject"]
    assert env.store.count(st.REQUESTS) == 1
    assert env.store.count(st.OUTBOX) == 0 and env.store.count(st.SENT) == 2


def _sender(name: str) -> str:
    return email.message_from_bytes(example(name), policy=policy.default)["From"].addresses[0].addr_spec.lower()


def test_same_message_twice_is_processed_once(env):
    env.deliver(example("join-en-ict.eml"))
    env.pipe.cycle()
    env.deliver(example("join-en-ict.eml"))
    stats = env.pipe.cycle()
    assert stats.duplicates == 1 and stats.processed == 0
    assert len(env.sent()) == 2 and env.inbox() == 0


def test_automatic_mail_is_never_answered(env):
    for name in ("auto_reply-en-ooo.eml", "auto_reply-de-abwesend.eml", "bounce-en-dsn.eml"):
        env.deliver(example(name))
    env.pipe.cycle()
    assert env.sent() == []
    assert env.inbox() == 0
    # the example DSN is not about mail this bot sent (no VERP address, no Message-ID of ours):
    # it is recognised, and not counted against anyone (tests/test_bounces.py: tied ones count)
    assert env.store.count(st.BOUNCES) == 0
    notes = [n for _, d in env.store.items(st.PROCESSED) for n in d.get("notes", [])]
    assert any("not tied to mail the bot sent" in n for n in notes)


def test_bot_never_answers_itself(env):
    raw = example("info-en-groups.eml")
    msg = email.message_from_bytes(raw, policy=policy.default)
    msg.replace_header("From", "Procurement <procurement@procuraplus.example>")
    env.deliver(msg.as_bytes())
    env.pipe.cycle()
    assert not [m for m in env.sent() if "procurement@procuraplus.example" in m["To"]]


def test_reply_cap_per_sender(tmp_path):
    env = Env(tmp_path, replies_per_sender_per_hour=2, replies_per_sender_per_day=3)
    base = email.message_from_bytes(example("info-en-groups.eml"), policy=policy.default)
    for i in range(10):
        base.replace_header("Message-ID", f"<storm-{i}@gent.example>")
        env.deliver(base.as_bytes())
    stats = env.pipe.cycle()
    assert stats.processed == 10
    replies = [m for m in env.sent() if m["Auto-Submitted"] == "auto-replied"]
    assert len(replies) == 2
    notes = [d["notes"] for _, d in env.store.items(st.PROCESSED)]
    assert sum(any("reply cap" in n for n in ns) for ns in notes) == 8


def test_internal_error_becomes_triage_not_a_crash(env, monkeypatch):
    def boom(msg, cfg):
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(pipeline.intents, "detect", boom)
    env.deliver(example("join-en-ict.eml"))
    stats = env.pipe.cycle()
    assert stats.processed == 1 and stats.triaged == 1
    item = next(d for _, d in env.store.items(st.TRIAGE))
    assert "internal error" in item["reason"]
    assert len(env.folder("triage")) == 1


def test_garbage_bytes_end_in_triage(env):
    env.deliver(b"\x00\xff\xfe not a mail at all \r\n\r\n\x80")
    stats = env.pipe.cycle()
    assert stats.processed == 1 and env.inbox() == 0
    assert len(env.folder("triage")) + len(env.folder("processed")) == 1


def test_every_example_is_processed_exactly_once(env):
    files = sorted(EXAMPLES.glob("*.eml"))
    for f in files:
        env.deliver(f.read_bytes())
    stats = env.pipe.cycle()
    assert stats.processed + stats.duplicates == len(files)
    assert env.inbox() == 0
    assert len(env.folder("processed")) + len(env.folder("triage")) == len(files)
    keys = [m["Message-ID"] for m in env.sent()]
    assert len(keys) == len(set(keys))


# -- crash safety --------------------------------------------------------------

class CrashOnMove(MaildirMailbox):
    def move(self, ref, destination):
        os._exit(17)  # the process dies after the commit, before the move


class CrashAfterDelivery(MaildirTransport):
    def deliver(self, mails):
        super().deliver(mails)
        os._exit(18)  # delivered, but the outbox never hears of it


def run_child(tmp: Path, **classes) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            Env(tmp, **classes).pipe.cycle()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("crash, code", [({"mailbox_cls": CrashOnMove}, 17),
                                         ({"transport_cls": CrashAfterDelivery}, 18)])
def test_crash_then_restart_loses_nothing_and_repeats_nothing(tmp_path, crash, code):
    names = ["join-en-ict.eml", "info-en-groups.eml", "leave-en-ict.eml", "start_group-en-is-there.eml"]
    first = Env(tmp_path)
    for n in names:
        first.deliver(example(n))
    first.store.close()
    assert run_child(tmp_path, **crash) == code
    # Restart on the same files.
    env = Env(tmp_path)
    committed = env.store.count(st.PROCESSED)
    assert committed == len(names)  # the batch's single write happened before the crash
    env.pipe.cycle()
    assert env.inbox() == 0
    assert env.store.count(st.PROCESSED) == len(names)
    assert len(env.folder("processed")) + len(env.folder("triage")) == len(names)
    assert env.store.count(st.OUTBOX) == 0
    keys = [m["Message-ID"] for m in env.sent()]
    assert len(keys) == len(set(keys)) == env.store.count(st.SENT)


def test_crash_before_commit_processes_on_restart(tmp_path, monkeypatch):
    env = Env(tmp_path)
    env.deliver(example("join-en-ict.eml"))
    env.store.close()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            e = Env(tmp_path)
            e.store.commit = lambda tx: os._exit(19)
            e.pipe.cycle()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 19
    env = Env(tmp_path)
    assert env.store.count(st.PROCESSED) == 0 and env.inbox() == 1
    env.pipe.cycle()
    assert env.store.count(st.PROCESSED) == 1 and len(env.sent()) == 2


def test_global_daily_reply_cap(tmp_path):
    env = Env(tmp_path, replies_global_per_day=4, replies_global_per_hour=100)
    base = email.message_from_bytes(example("info-en-groups.eml"), policy=policy.default)
    for i in range(10):
        base.replace_header("Message-ID", f"<g-{i}@gent.example>")
        base.replace_header("From", f"Person {i} <person{i}@gent.example>")
        env.deliver(base.as_bytes())
    env.pipe.cycle()
    replies = [m for m in env.sent() if m["Auto-Submitted"] == "auto-replied"]
    assert len(replies) == 4
    notes = [n for _, d in env.store.items(st.PROCESSED) for n in d["notes"]]
    assert sum("automatic replies today" in n for n in notes) == 6


def _backlog(env: Env, n: int) -> None:
    body = example("info-de-teilnahme.eml")
    assert b"\nMessage-ID: <" in body
    for i in range(n):
        env.deliver(body.replace(b"Message-ID: <", f"Message-ID: <b{i}.".encode(), 1))


def test_maildir_fetch_skips_the_messages_the_caller_holds(env):
    _backlog(env, 5)
    first = env.mailbox.fetch(2)
    ahead = env.mailbox.fetch(2, exclude={m.ref for m in first})
    assert len(ahead) == 2 and not {m.ref for m in first} & {m.ref for m in ahead}
    assert len(env.mailbox.fetch(exclude={m.ref for m in first + ahead})) == 1


@pytest.mark.parametrize("limit", [None, 7, 25, 30])
def test_reading_a_batch_ahead_processes_each_message_once_and_honours_the_limit(tmp_path, limit):
    env = Env(tmp_path)
    env.cfg = env.cfg.model_copy(update={"mailbox": env.cfg.mailbox.model_copy(update={"batch_size": 10})})
    env.pipe = Pipeline(env.cfg, env.store, env.mailbox, env.transport, clock=lambda: NOW)
    _backlog(env, 25)
    stats = env.pipe.cycle(limit=limit)
    want = 25 if limit is None else min(limit, 25)
    assert stats.fetched == want and stats.processed == want and stats.duplicates == 0  # none read twice
    assert env.inbox() == 25 - want
    assert env.store.count(st.PROCESSED) == stats.processed
    env.pipe.close()


def test_a_backlogs_first_batch_is_small_so_its_replies_go_out_early(tmp_path):
    from mailbot.runtime import pipeline as pl

    env = Env(tmp_path)
    _backlog(env, 2 * pl.FIRST_BATCH + 10)
    sizes: list[int] = []
    commit = env.store.commit

    def counting_commit(tx, *a, **kw):
        sizes.append(sum(t == st.PROCESSED for t, _k, _d in tx.ops))
        return commit(tx, *a, **kw)

    env.store.commit = counting_commit
    stats = env.pipe.cycle()
    assert stats.processed == 2 * pl.FIRST_BATCH + 10 and stats.duplicates == 0
    batches = [n for n in sizes if n]  # the commits that carry processed markers: one per batch
    assert batches == [pl.FIRST_BATCH, pl.FIRST_BATCH + 10]  # then full batches (config: 100)
    env.pipe.close()


class NoReadAhead(MaildirMailbox):
    """A mailbox that cannot skip messages in hand: each batch is read after the last one moved."""

    def fetch(self, limit=None):
        return super().fetch(limit)


def test_without_read_ahead_each_batch_is_read_after_the_last_one_moved(tmp_path):
    env = Env(tmp_path, mailbox_cls=NoReadAhead)
    env.cfg = env.cfg.model_copy(update={"mailbox": env.cfg.mailbox.model_copy(update={"batch_size": 10})})
    env.pipe = Pipeline(env.cfg, env.store, env.mailbox, env.transport, clock=lambda: NOW)
    _backlog(env, 25)
    stats = env.pipe.cycle()
    assert (stats.fetched, stats.processed, stats.duplicates) == (25, 25, 0)
    assert env.inbox() == 0
    env.pipe.close()


class FailingSecondFetch(MaildirMailbox):
    """The read-ahead fails (a dropped IMAP connection, say): the batch in hand still goes through."""

    calls = 0

    def fetch(self, limit=None, exclude=()):
        FailingSecondFetch.calls += 1
        if FailingSecondFetch.calls == 2:
            raise OSError("connection reset")
        return super().fetch(limit, exclude)


def test_a_failing_read_ahead_does_not_hold_back_the_batch_in_hand(tmp_path):
    env = Env(tmp_path, mailbox_cls=FailingSecondFetch)
    env.cfg = env.cfg.model_copy(update={"mailbox": env.cfg.mailbox.model_copy(update={"batch_size": 10})})
    env.pipe = Pipeline(env.cfg, env.store, env.mailbox, env.transport, clock=lambda: NOW)
    _backlog(env, 15)
    with pytest.raises(OSError, match="connection reset"):
        env.pipe.cycle()
    assert env.inbox() == 5  # the first batch was decided, committed, moved…
    assert env.store.count(st.PROCESSED) == 10
    assert outbox_depth(env) == 0  # …and its replies delivered before the error surfaced
    env.pipe.cycle()
    assert env.inbox() == 0 and env.store.count(st.PROCESSED) == 15
    env.pipe.close()


def outbox_depth(env: Env) -> int:
    from mailbot.runtime import outbox

    return outbox.depth(env.store)
