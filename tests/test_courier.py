"""mailbot.runtime.courier: delivery in a forked process, its journal, and what happens when either side dies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mailbot.mail import queue as mailq
from mailbot.runtime import courier
from mailbot.runtime import outbox
from mailbot.adapters import store as st
from mailbot.core.model import OutgoingMail
from mailbot.adapters.smtp import SmtpTransport
from mailbot.adapters.transport import DELIVERED, SendResult

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[1]


def mail(i: int) -> OutgoingMail:
    return OutgoingMail(key=f"k{i}", to=(f"rcpt{i}@example.org",), envelope_from="bot@example.net",
                        raw=f"Message-ID: <m{i}@bench.example>\r\nSubject: {i}\r\n\r\nbody {i}\r\n".encode())


def queue(store: st.Store, mails: list[OutgoingMail]) -> None:
    tx = st.Transaction()
    for m in mails:
        tx.put(st.OUTBOX, m.key, mailq.entry(m, NOW))
    store.commit(tx)


def test_courier_delivers_in_a_child_and_reports_here(smtp_server, tmp_path):
    c = courier.Courier(SmtpTransport(smtp_server.host, smtp_server.port, security="plain"),
                        tmp_path / "db.json.delivered")
    seen: list[tuple[int, str]] = []
    try:
        rest = c.deliver([mail(1), mail(2), mail(3)], on_result=lambda r: seen.append((os.getpid(), r.key)))
    finally:
        c.close()
    assert rest == []
    assert [k for _, k in seen] == ["k1", "k2", "k3"] and {p for p, _ in seen} == {os.getpid()}
    assert [m.data for m in smtp_server.messages] == [mail(i).raw for i in (1, 2, 3)]
    assert smtp_server.sessions == 1  # one connection for the batch
    assert courier.read_journal(c.journal) == ["k1", "k2", "k3"]
    assert c.started == 1


def test_flush_through_a_courier_records_the_batch_and_empties_the_journal(smtp_server, tmp_path):
    store = st.Store(tmp_path / "db.json")
    queue(store, [mail(i) for i in range(5)])
    c = courier.Courier(SmtpTransport(smtp_server.host, smtp_server.port, security="plain"),
                        courier.journal_path(store.path))
    try:
        res = outbox.flush(store, c, NOW)
        assert res.delivered == 5 and outbox.depth(store) == 0 and store.count(st.SENT) == 5
        outbox.flush(store, c, NOW)  # nothing due: the journal is applied (no-op) and emptied
    finally:
        c.close()
    assert courier.read_journal(c.journal) == []
    assert len(smtp_server.messages) == 5


def test_journal_left_by_a_crash_is_applied_before_anything_is_sent_again(smtp_server, tmp_path):
    """The pipeline was killed after the server accepted k0 and k1 but before it recorded them."""
    store = st.Store(tmp_path / "db.json")
    queue(store, [mail(i) for i in range(3)])
    journal = courier.journal_path(store.path)
    journal.write_bytes(b'{"key": "k0"}\n{"key": "k1"}\n{"key": "k')  # the last line cut by the kill
    c = courier.Courier(SmtpTransport(smtp_server.host, smtp_server.port, security="plain"), journal)
    try:
        res = outbox.flush(store, c, NOW)
    finally:
        c.close()
    assert res.delivered == 3
    assert [m.data for m in smtp_server.messages] == [mail(2).raw]  # k0 and k1 were not sent again
    assert store.count(st.SENT) == 3 and outbox.depth(store) == 0
    assert courier.read_journal(journal) == []


class DiesAfter:
    """A transport whose process dies after `n` mails: the fault a real server cannot produce."""

    def __init__(self, n: int):
        self.n = n

    async def deliver_async(self, mails, on_result=None, stop=None):
        for i, m in enumerate(mails):
            if i == self.n:
                os._exit(9)  # in the courier: as if it were killed
            on_result(SendResult(m.key, DELIVERED, "250 ok"))
        return []

    def deliver(self, mails, on_result=None):  # pragma: no cover - the courier uses deliver_async
        raise AssertionError

    def close(self):
        pass

    def describe(self):
        return "dies"


def test_a_courier_that_dies_mid_batch_loses_nothing(tmp_path):
    store = st.Store(tmp_path / "db.json")
    queue(store, [mail(i) for i in range(4)])
    c = courier.Courier(DiesAfter(2), courier.journal_path(store.path))
    try:
        res = outbox.flush(store, c, NOW)
        # the two reported before it died are recorded; the rest wait for a retry
        assert res.delivered == 2 and res.deferred == 2
        assert store.count(st.SENT) == 2 and outbox.depth(store) == 2
        c.transport = DiesAfter(10)  # the next delivery starts a new child
        later = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
        assert outbox.flush(store, c, later).delivered == 2
    finally:
        c.close()
    assert c.started == 2
    assert store.count(st.SENT) == 4 and outbox.depth(store) == 0


def test_the_courier_does_not_hold_the_parents_sockets(tmp_path):
    listener = socket.create_server(("127.0.0.1", 0))
    c = courier.Courier(DiesAfter(10), tmp_path / "j")
    try:
        c.deliver([mail(1)])  # the child is up and idle
        pid = c._proc.pid
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
            if f"socket:[{os.fstat(listener.fileno()).st_ino}]" not in inodes:
                break
            time.sleep(0.05)
        assert f"socket:[{os.fstat(listener.fileno()).st_ino}]" not in inodes
    finally:
        c.close()
        listener.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_the_courier_leaves_when_the_pipeline_is_killed(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from mailbot.runtime import courier
        from tests.test_courier import DiesAfter, mail
        c = courier.Courier(DiesAfter(10), Path({str(tmp_path / 'j')!r}))
        c.deliver([mail(1)])
        print(c._proc.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        child = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{child}").exists():
            state = Path(f"/proc/{child}/stat").read_text().split(") ")[-1][:1] if Path(f"/proc/{child}").exists() else ""
            if state == "Z":
                break
            time.sleep(0.1)
        gone = not Path(f"/proc/{child}").exists() or \
            Path(f"/proc/{child}/stat").read_text().split(") ")[-1][:1] == "Z"
        assert gone, "the delivery process outlived the pipeline"
    finally:
        if parent.poll() is None:
            parent.kill()
