"""The parsing workers (mailbot/prefetch.py): same results, fallback when a worker dies, commit order kept."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import mailgen
from mailbot.adapters import factory as adapters
from mailbot.core import config
from mailbot.intents import detector as intents
from mailbot.mail import parse as message
from mailbot.runtime import prefetch
from mailbot.adapters import store as st
from mailbot.adapters.mailbox import InboxMessage, ListMailbox
from mailbot.runtime.pipeline import Pipeline
from mailbot.adapters.transport import DELIVERED, SendResult

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cfg():
    return config.load(ROOT / "config.toml")


def items(n: int, tag: str) -> list[InboxMessage]:
    return [InboxMessage(ref=f"1:{i}", raw=raw, size=len(raw)) for i, (_m, raw) in enumerate(mailgen.backlog(n, tag=tag))]


def local(batch, cfg, detect=True):
    return [prefetch.analyze_one(i.raw, i.truncated, cfg, detect) for i in batch]


def test_pool_gives_what_the_in_process_path_gives(cfg):
    batch = items(30, "pf-same")
    batch[3] = InboxMessage(ref="1:3", raw=batch[3].raw, size=len(batch[3].raw), truncated=True)
    an = prefetch.Analyzer(cfg, workers=1)
    try:
        got = list(an.analyze(batch))
    finally:
        an.close()
    assert an.pooled == 1 and an.local == 0
    assert got == local(batch, cfg)
    assert got[3][1] is None  # truncated: no intent detected, the pipeline takes its own path
    assert got[0][1] == intents.detect(message.parse(batch[0].raw), cfg)


def _niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads niceness from /proc")
def test_workers_parse_at_a_lower_priority_than_the_pipeline(cfg):
    mine = _niceness(os.getpid())
    an = prefetch.Analyzer(cfg, workers=1)
    try:
        an.start()
        (pid,) = list(an._pool._processes)  # type: ignore[union-attr]
        assert _niceness(pid) == min(19, mine + prefetch.WORKER_NICE)
        assert _niceness(os.getpid()) == mine  # the pipeline's own process keeps its priority
    finally:
        an.close()


def test_small_batches_stay_in_process(cfg):
    an = prefetch.Analyzer(cfg, workers=1)
    got = list(an.analyze(items(5, "pf-small")))
    assert an.local == 1 and an.pooled == 0 and an._pool is None
    assert len(got) == 5


def test_a_dead_worker_falls_back_in_process_then_a_fresh_pool(cfg):
    an = prefetch.Analyzer(cfg, workers=1)
    try:
        list(an.analyze(items(20, "pf-warm")))  # the pool is up
        for pid in list(an._pool._processes):  # type: ignore[union-attr]
            os.kill(pid, signal.SIGKILL)
        batch = items(40, "pf-dead")
        got = list(an.analyze(batch))  # in-process: detection is left to decide_parsed
        assert got == local(batch, cfg, detect=False)
        assert an.broken == 1
        batch = items(25, "pf-again")
        assert list(an.analyze(batch)) == local(batch, cfg)
        assert an.pooled == 3
    finally:
        an.close()


def test_workers_do_not_hold_the_store_lock(cfg, tmp_path):
    c = cfg.model_copy(update={"base_dir": str(tmp_path)})
    lock = Path(str(c.path(c.store.path)) + ".lock").resolve()
    an = prefetch.Analyzer(c, workers=1)
    try:
        with adapters.exclusive(c):
            list(an.analyze(items(20, "pf-lock")))
            for pid in an._pool._processes:  # type: ignore[union-attr]
                fds = Path(f"/proc/{pid}/fd")
                if fds.exists():
                    assert all(Path(os.readlink(f)) != lock for f in fds.iterdir() if f.is_symlink())
    finally:
        an.close()


class Recorder:
    """One log of store commits, moves and sends, in the order they happen."""

    def __init__(self):
        self.events: list[tuple[str, str]] = []


class RecordingMailbox(ListMailbox):
    def __init__(self, rec, msgs):
        super().__init__(msgs)
        self.rec = rec

    def fetch(self, limit=None):
        got = super().fetch(limit)
        self.rec.events.append(("fetch", str(len(got))))
        return got

    def move(self, ref, dest):
        self.rec.events.append(("move", ref))
        super().move(ref, dest)


class RecordingTransport:
    def __init__(self, rec):
        self.rec = rec

    def deliver(self, mails, on_result=None):
        for m in mails:
            self.rec.events.append(("send", m.source_message_id))
            on_result(SendResult(m.key, DELIVERED, "250"))
        return []

    def close(self):
        pass

    def describe(self):
        return "recording"


def test_commit_move_send_order_holds_for_every_message_with_the_workers(cfg, tmp_path):
    rec = Recorder()
    store = st.Store(tmp_path / "store.json")
    real_commit = store.commit

    def commit(tx, sync=True):
        real_commit(tx, sync)
        for table, key, doc in tx.ops:
            if table == st.PROCESSED and doc is not None:
                rec.events.append(("commit", doc.get("ref", key)))

    store.commit = commit  # type: ignore[method-assign]
    batch = items(70, "pf-order")
    c = cfg.model_copy(update={"mailbox": cfg.mailbox.model_copy(update={"batch_size": 25})})
    pipe = Pipeline(c, store, RecordingMailbox(rec, batch), RecordingTransport(rec))
    try:
        stats = pipe.cycle()
    finally:
        pipe.close()
    assert stats.processed == 70 and pipe.analyzer.pooled == 3
    ev = rec.events
    assert [e for e in ev if e[0] == "fetch"] == [("fetch", "25"), ("fetch", "25"), ("fetch", "20")]
    first = {}
    for i, (kind, what) in enumerate(ev):
        first.setdefault((kind, what), i)
    ref_of = {}
    for item in batch:
        ref_of[message.parse(item.raw).message_id] = item.ref
    sends = [(i, mid) for i, (k, mid) in enumerate(ev) if k == "send"]
    assert sends
    for i, mid in sends:
        ref = ref_of[mid]
        assert first[("commit", ref)] < first[("move", ref)] < i, (mid, ref)
    for item in batch:  # every message: committed before it is moved
        assert first[("commit", item.ref)] < first[("move", item.ref)]


def test_a_detector_bug_in_a_worker_still_becomes_triage(cfg, tmp_path, monkeypatch):
    def boom(msg, cfg):
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(intents, "detect", boom)  # before the pool forks: the worker has it too
    rec = Recorder()
    store = st.Store(tmp_path / "store.json")
    pipe = Pipeline(cfg, store, RecordingMailbox(rec, items(24, "pf-boom")), RecordingTransport(rec))
    try:
        stats = pipe.cycle()
    finally:
        pipe.close()
    assert pipe.analyzer.pooled == 1
    assert stats.processed == 24 and stats.triaged == 24
    assert all("internal error" in o.decision.rule for o in stats.outcomes)
