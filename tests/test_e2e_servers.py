"""mailbot end to end against a real Dovecot and a real SMTP server.

The bot runs as a user runs it: a config file (in a temp dir) pointing at
the test servers, the IMAP password in an environment variable, and
`python -m mailbot --config … once|run` as a subprocess. What the servers
hold afterwards is the evidence: the replies the SMTP server received, the
folders on the IMAP server, the store file once the bot has exited.
"""

from __future__ import annotations

import collections
import email
import email.policy
import email.utils
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailbot.mail import queue as mailq
from mailbot.adapters import factory as adapters
from mailbot.core import config
from mailbot.mail import parse as message
from mailbot.runtime import ops
from mailbot.runtime import outbox as ob
from mailbot.adapters import store as st
from mailbot.runtime.pipeline import Pipeline

import mailgen

pytestmark = [pytest.mark.imap, pytest.mark.smtp]

ROOT = Path(__file__).resolve().parent.parent
PASSWORD_ENV = "MAILBOT_TEST_IMAP_PASSWORD"
PROCESSED, TRIAGE = "mailbot.processed", "mailbot.triage"  # Dovecot's "." separator


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


class Bot:
    """Config, environment and processes of one mailbot under test."""

    def __init__(self, tmp: Path, account, smtp, **kw):
        self.tmp = tmp
        self.account = account
        self.config = mailgen.write_config(tmp, account.settings(), smtp.settings(), **kw)
        self.env = dict(os.environ, **{PASSWORD_ENV: account.password})
        self.env.pop("MAILBOT_CONFIG", None)
        self.logs: list[Path] = []
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mailbot", "--config", str(self.config), *args],
                              env=self.env, capture_output=True, text=True, timeout=timeout, cwd=self.tmp)

    def start(self, new_session: bool = False) -> subprocess.Popen:
        log = self.tmp / f"run-{len(self.logs) + 1}.log"
        self.logs.append(log)
        with open(log, "wb") as fh:
            self.proc = subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(self.config), "run"],
                                         env=self.env, stdout=fh, stderr=subprocess.STDOUT, cwd=self.tmp,
                                         start_new_session=new_session)
        return self.proc

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> int:
        proc, self.proc = self.proc, None
        if proc is None:
            return 0
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                return proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
                raise AssertionError("mailbot run did not stop on SIGTERM within 30s")
        return proc.returncode

    def log_tail(self, n: int = 4000) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-n:]}" for p in self.logs if p.exists())

    def run_until_done(self) -> None:
        """Start `mailbot run`, wait until the inbox is empty and this run has
        delivered what is queued (a killed run may have emptied the inbox and
        left its replies), then stop it cleanly."""
        before = self.last_poll()
        self.start()
        try:
            assert wait_until(lambda: inbox_count(self.account) == 0, 120, step=0.5), self.log_tail()
            assert wait_until(lambda: self.last_poll() != before, 120, step=0.1), self.log_tail()
            assert wait_until(lambda: self.outbox_pending() == 0, 120, step=0.2), self.log_tail()
        finally:
            assert self.stop() == 0, self.log_tail()

    def _view(self):
        """The store as it is now, read while the bot runs (ReadOnlyStore never writes the file)."""
        from mailbot.adapters.roview import ReadOnlyStore

        path = self.tmp / "store.json"
        return ReadOnlyStore(path) if path.exists() else None

    def outbox_pending(self) -> int:
        view = self._view()
        return -1 if view is None else sum(d.get("status") == mailq.PENDING for d in view.all(st.OUTBOX))

    def last_poll(self) -> str:
        """When the last cycle ended (each `mailbot run` cycle records it): "" before the first."""
        view = self._view()
        return ((view.get(st.STATE, ops.LAST_POLL) if view is not None else None) or {}).get("at", "")

    def store(self) -> st.Store:
        assert self.proc is None or self.proc.poll() is not None, "the bot is still running"
        return st.Store(self.tmp / "store.json")


@pytest.fixture
def bot_factory(tmp_path):
    bots: list[Bot] = []

    def make(account, smtp, **kw) -> Bot:
        bot = Bot(tmp_path, account, smtp, **kw)
        bots.append(bot)
        return bot

    yield make
    for bot in bots:
        bot.kill()


def wait_until(pred, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def replies_to(smtp, source_mid: str) -> list[email.message.EmailMessage]:
    out = []
    for rec in list(smtp.messages):
        m = parse(rec.data)
        if source_mid in (m.get("In-Reply-To") or "") or source_mid in (m.get("References") or ""):
            out.append(m)
    return out


def message_ids(account, folder: str) -> list[str]:
    with account.client() as c:
        if not c.folder_exists(folder):
            return []
        c.select_folder(folder, readonly=True)
        uids = c.search("ALL")
        if not uids:
            return []
        got = c.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        return [parse(bytes(v[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"]))["Message-ID"] for v in got.values()]


def inbox_count(account) -> int:
    with account.client() as c:
        c.select_folder("INBOX", readonly=True)
        return len(c.search("UNDELETED"))


def example(name: str) -> bytes:
    return mailgen.crlf((ROOT / "mailbot" / "examples" / name).read_bytes())


# --------------------------------------------------------------------------- end to end

def test_expression_of_interest_end_to_end(imap_account, smtp_server, bot_factory):
    bot = bot_factory(imap_account, smtp_server)
    raw = example("join-en-ict.eml")
    src = parse(raw)
    imap_account.append(raw)

    res = bot.cli("once")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 processed" in res.stdout

    got = [parse(r.data) for r in smtp_server.wait_for(2)]
    assert len(got) == 2, res.stderr
    sender = src["From"].addresses[0].addr_spec.lower()
    by_to = {m["To"].addresses[0].addr_spec.lower(): m for m in got}
    assert set(by_to) == {sender, "ict.facilitator@stockholm.example"}
    ack, req = by_to[sender], by_to["ict.facilitator@stockholm.example"]
    # the acknowledgement threads under the sender's message
    assert ack["In-Reply-To"] == src["Message-ID"]
    assert src["Message-ID"] in ack["References"]
    assert ack["Subject"].startswith("Re: ")
    assert ack["Auto-Submitted"] == "auto-replied"
    # the facilitator's request: generated, with its token in the subject
    assert req["Auto-Submitted"] == "auto-generated"
    assert "[req:" in req["Subject"]
    for m in got:
        assert m["Message-ID"] and m["Message-ID"].startswith("<") and "@" in m["Message-ID"]
        assert m["Date"] and m["From"]
    assert len({m["Message-ID"] for m in got}) == 2
    # the envelope: a null or bot sender, the header recipients
    assert all(r.rcpt_tos for r in smtp_server.messages)

    assert inbox_count(imap_account) == 0
    assert message_ids(imap_account, PROCESSED) == [src["Message-ID"]]
    store = bot.store()
    assert store.count(st.PROCESSED) == 1 and store.count(st.SENT) == 2 and store.count(st.OUTBOX) == 0

    # a second run finds nothing to do and sends nothing again
    res = bot.cli("once")
    assert res.returncode == 0 and "0 fetched" in res.stdout, res.stdout + res.stderr
    time.sleep(0.2)
    assert len(smtp_server.messages) == 2



def test_join_confirm_welcome_through_dovecot_and_smtp(imap_account, smtp_server, bot_factory):
    """Issue 4's acceptance exchange on the real servers: join APPENDed → the facilitator's request at
    the SMTP server → their "yes" (the [req:token] subject kept) APPENDed → welcome sent, member recorded."""
    fac = "ict.facilitator@stockholm.example"
    bot = bot_factory(imap_account, smtp_server)
    raw = example("join-en-ict.eml")
    src = parse(raw)
    member = src["From"].addresses[0].addr_spec.lower()
    imap_account.append(raw)
    res = bot.cli("once")
    assert res.returncode == 0, res.stdout + res.stderr
    first = [parse(r.data) for r in smtp_server.wait_for(2)]
    request = next(m for m in first if m["To"].addresses[0].addr_spec.lower() == fac)
    assert "[req:" in request["Subject"] and "+" in request["Reply-To"].addresses[0].addr_spec

    # The facilitator's client: "yes" above the quote, the subject and Reply-To kept, In-Reply-To dropped.
    quoted = "\n".join("> " + line for line in request.get_body(("plain",)).get_content().splitlines())
    answer = email.message.EmailMessage(policy=email.policy.SMTP)
    # what the receiving server adds: the facilitator's domain passed DMARC (privileged mail needs it)
    answer["Authentication-Results"] = ("mx.procuraplus.example; dkim=pass header.d=stockholm.example; "
                                        "dmarc=pass header.from=stockholm.example")
    answer["From"] = f"Anna Lindqvist <{fac}>"
    answer["To"] = str(request["Reply-To"])
    answer["Subject"] = "Re: " + str(request["Subject"])
    answer["Date"] = email.utils.format_datetime(email.utils.localtime())
    answer["Message-ID"] = "<yes-1@stockholm.example>"
    answer.set_content(f"Yes, welcome!\n\nAnna\n\n{request['From']} wrote:\n{quoted}\n")
    imap_account.append(mailgen.crlf(answer.as_bytes()))
    res = bot.cli("once")
    assert res.returncode == 0, res.stdout + res.stderr
    got = [parse(r.data) for r in smtp_server.wait_for(4)][2:]
    by_to = {m["To"].addresses[0].addr_spec.lower(): m for m in got}
    assert set(by_to) == {member, fac}, [str(m["Subject"]) for m in got]
    assert "Welcome" in by_to[member]["Subject"]
    assert inbox_count(imap_account) == 0 and len(message_ids(imap_account, PROCESSED)) == 2
    store = bot.store()
    assert store.get("members", f"socially-responsible-ict|{member}")["status"] == "active"
    (req,) = [d for _, d in store.items(st.REQUESTS)]
    assert req["status"] == "confirmed" and req["answered_by"] == fac

def test_idle_answers_without_waiting_for_a_poll(imap_account, smtp_server, bot_factory):
    poll = 600.0
    bot = bot_factory(imap_account, smtp_server, mailbox={"poll_interval": poll})
    bot.start()
    try:
        # First message: proves the bot is up and has worked through its first cycle.
        first = mailgen.with_message_id(example("join-en-ict.eml"), "<idle-1@e2e.example>")
        imap_account.append(first)
        assert wait_until(lambda: len(smtp_server.messages) >= 2, 60), bot.log_tail()
        time.sleep(0.5)  # let it go back to IDLE
        second = mailgen.with_message_id(example("info-en-groups.eml"), "<idle-2@e2e.example>")
        appended = time.monotonic()
        imap_account.append(second)
        assert wait_until(lambda: replies_to(smtp_server, "<idle-2@e2e.example>"), 60), bot.log_tail()
        took = time.monotonic() - appended
        # Only IDLE explains an answer well inside the poll interval.
        assert took < poll / 10, f"answered after {took:.1f}s"
        assert bot.proc.poll() is None, bot.log_tail()
    finally:
        assert bot.stop() == 0, bot.log_tail()
    assert sorted(message_ids(imap_account, PROCESSED)) == ["<idle-1@e2e.example>", "<idle-2@e2e.example>"]


# --------------------------------------------------------------------------- faults

def test_smtp_down_queues_replies_then_delivers_each_once(imap_account, smtp_server, bot_factory):
    bot = bot_factory(imap_account, smtp_server, transport={"retry_base": 0.2, "retry_max": 0.5})
    cfg = config.load(bot.config)
    os.environ[PASSWORD_ENV] = imap_account.password  # the in-process adapters read it from here
    store = adapters.open_store(cfg)
    pipe = Pipeline(cfg, store, adapters.open_mailbox(cfg, store), adapters.open_transport(cfg))
    try:
        smtp_server.stop()
        mids = ["<down-1@e2e.example>", "<down-2@e2e.example>"]
        imap_account.append(mailgen.with_message_id(example("join-en-ict.eml"), mids[0]))
        imap_account.append(mailgen.with_message_id(example("info-en-groups.eml"), mids[1]))
        stats = pipe.cycle()
        assert stats.processed == 2 and stats.delivery.delivered == 0 and stats.delivery.deferred >= 3
        queued = ob.depth(store)
        assert queued >= 3  # two for the join, at least one answer to the question
        assert inbox_count(imap_account) == 0  # the messages are done with; only the replies wait
        # Still down: another cycle defers again, sends nothing, loses nothing.
        time.sleep(0.7)
        stats = pipe.cycle()
        assert stats.delivery.delivered == 0 and ob.depth(store) == queued

        smtp_server.start()
        time.sleep(0.7)  # past the backoff
        stats = pipe.cycle()
        assert stats.delivery.delivered == queued and ob.depth(store) == 0
        for _ in range(2):
            time.sleep(0.3)
            pipe.cycle()
        ids = [parse(r.data)["Message-ID"] for r in smtp_server.messages]
        assert len(ids) == queued and len(set(ids)) == queued  # every reply, none twice
        assert store.count(st.SENT) == queued
        assert all(replies_to(smtp_server, mid) for mid in mids)
    finally:
        pipe.mailbox.close()
        store.close()


def test_dovecot_restart_under_the_bot(dovecot_factory, smtp_server, bot_factory):
    server = dovecot_factory()
    account = server.add_user()
    bot = bot_factory(account, smtp_server, mailbox={"poll_interval": 600.0})
    bot.start()
    try:
        account.append(mailgen.with_message_id(example("join-en-ict.eml"), "<before@e2e.example>"))
        assert wait_until(lambda: replies_to(smtp_server, "<before@e2e.example>"), 60), bot.log_tail()
        time.sleep(0.5)
        server.restart()  # the bot's IDLE connection dies with it
        account.append(mailgen.with_message_id(example("info-en-groups.eml"), "<after@e2e.example>"))
        assert wait_until(lambda: replies_to(smtp_server, "<after@e2e.example>"), 90), bot.log_tail()
        assert bot.proc.poll() is None, bot.log_tail()
    finally:
        assert bot.stop() == 0, bot.log_tail()
    assert inbox_count(account) == 0
    assert sorted(message_ids(account, PROCESSED)) == ["<after@e2e.example>", "<before@e2e.example>"]
    assert "reconnecting" in bot.log_tail(100000)


# --------------------------------------------------------------------------- crash loop

@pytest.mark.slow
def test_sigkill_crash_loop_processes_each_message_once(imap_account, smtp_server, bot_factory):
    n = 500
    rng = random.Random(20261125)
    bot = bot_factory(imap_account, smtp_server, mailbox={"poll_interval": 600.0, "batch_size": 25},
                      transport={"retry_base": 0.2, "retry_max": 1.0}, log_level="WARNING")
    mails = mailgen.backlog(n, tag="crash")
    with imap_account.client() as c:
        for _mid, raw in mails:
            c.append("INBOX", raw)
    expected = {message.parse(raw).message_id for _mid, raw in mails}
    assert len(expected) == n

    kills = 0
    started = time.monotonic()
    while inbox_count(imap_account) and kills < 8:
        replies = len(smtp_server.messages)
        bot.start()
        # Kill it while it works: once its first replies arrive (start-up is
        # over, batches are being decided, moved and delivered), then at a
        # random moment of the next ~0.4 s — the bot now gets through a few
        # hundred messages a second, so a fixed delay would land after the work.
        wait_until(lambda: len(smtp_server.messages) > replies or not bot.running(), 60, step=0.01)
        time.sleep(rng.uniform(0.0, 0.4))
        bot.kill()
        kills += 1
    assert kills >= 5 or not inbox_count(imap_account)

    # The last run: until the inbox is empty and this run has delivered what
    # is queued (a killed run may have emptied the inbox and left its replies).
    bot.run_until_done()
    elapsed = time.monotonic() - started

    store = bot.store()
    processed = dict(store.items(st.PROCESSED))
    assert len(processed) == n and set(processed) == expected  # each Message-ID decided once
    pending = [(d["key"], d.get("attempts"), d.get("last_error"), d.get("next_attempt"))
               for d in store.find(st.OUTBOX, lambda d: d.get("status") == mailq.PENDING)]
    assert not pending, f"{len(pending)} replies left undelivered, e.g. {pending[:3]}\n" + bot.log_tail()
    assert inbox_count(imap_account) == 0
    moved = collections.Counter(message_ids(imap_account, PROCESSED) + message_ids(imap_account, TRIAGE))
    assert sorted(moved) == sorted(mid for mid, _ in mails)  # every message in a folder…
    assert max(moved.values()) == 1  # …exactly once

    ids = collections.Counter(parse(r.data)["Message-ID"] for r in smtp_server.messages)
    duplicates = sum(c - 1 for c in ids.values())
    assert len(ids) == store.count(st.SENT)  # every queued reply went out
    assert len(ids) > n // 2  # the backlog really was answered (most examples get a reply)
    assert duplicates <= kills, f"{duplicates} duplicate replies after {kills} kills"
    print(f"\ncrash loop: {n} messages, {kills} kills, {len(ids)} replies, {duplicates} duplicate(s), "
          f"{elapsed:.1f}s")


def _group_members(pgid: int) -> list[int]:
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(pid))
    return out


def test_sigterm_to_the_whole_unit_stops_every_process_cleanly(imap_account, smtp_server, bot_factory):
    """systemd's default stop: SIGTERM to every process of the unit (the bot, its parse worker, its courier)."""
    n = 300
    bot = bot_factory(imap_account, smtp_server, mailbox={"poll_interval": 600.0, "batch_size": 25},
                      log_level="WARNING")
    mails = mailgen.backlog(n, tag="term")
    with imap_account.client() as c:
        for _mid, raw in mails:
            c.append("INBOX", raw)
    proc = bot.start(new_session=True)
    try:
        assert wait_until(lambda: len(smtp_server.messages) > 20, 60, step=0.01), bot.log_tail()
        os.killpg(proc.pid, signal.SIGTERM)  # mid-backlog, courier and worker included
        assert proc.wait(30) == 0, bot.log_tail()
        assert wait_until(lambda: not _group_members(proc.pid), 10, step=0.1), "a worker process outlived the bot"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    bot.proc = None
    # what it had not done is done by the next run; nothing twice
    bot.run_until_done()
    store = bot.store()
    assert store.count(st.PROCESSED) == n and ob.depth(store) == 0
    ids = collections.Counter(parse(r.data)["Message-ID"] for r in smtp_server.messages)
    assert max(ids.values()) == 1 and len(ids) == store.count(st.SENT)



def test_a_backlog_over_imap_is_read_once_with_the_batches_read_ahead(imap_account, smtp_server, tmp_path):
    # In-process, so the cycle's statistics can be read: each batch is moved
    # before the read that skips the next one, so none is read (or parsed) twice.
    from mailbot.adapters import factory as adapters
    from mailbot.core import config
    from mailbot.runtime.pipeline import Pipeline

    for mid, raw in mailgen.backlog(25, tag="ahead"):
        imap_account.append(raw)
    cfg = config.load(mailgen.write_config(tmp_path, imap_account.settings(), smtp_server.settings(),
                                           mailbox={"batch_size": 10}))
    os.environ[PASSWORD_ENV] = imap_account.password
    store = adapters.open_store(cfg)
    pipe = Pipeline(cfg, store, adapters.open_mailbox(cfg, store), adapters.open_transport(cfg))
    analysed: list[int] = []
    analyze = pipe.analyzer.analyze
    pipe.analyzer.analyze = lambda batch: (analysed.append(len(batch)), analyze(batch))[1]
    try:
        stats = pipe.cycle()
    finally:
        pipe.close()
        pipe.mailbox.close()
        os.environ.pop(PASSWORD_ENV, None)
    assert (stats.fetched, stats.processed, stats.duplicates) == (25, 25, 0)
    assert analysed == [10, 10, 5]
    assert inbox_count(imap_account) == 0
    store.close()
