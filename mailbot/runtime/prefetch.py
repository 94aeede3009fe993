"""Parse and intent detection of a batch in a worker process, ahead of the pipeline.

Why: parsing (with language identification) and intent detection are about
half of the pipeline's CPU time per message, and they are pure — raw bytes
plus the config in, a `ParsedMessage` and an `Intent` out, both picklable
values — so another core can do them while this process decides, commits,
moves and delivers. `Analyzer.analyze()` cuts a batch into small chunks and
yields the results in batch order as they arrive: the pipeline decides the
first messages while the worker still parses the later ones.

What it never changes: the result. A worker computes exactly what the
in-process path computes (`message.parse`, `intents.detect`), and anything
the pool cannot do — it is broken (a worker died: `BrokenProcessPool`), the
batch is small (the round trip costs more than it saves), or a worker raised
— is done in this process instead. Nothing here touches the store, the
mailbox or the transport, so the commit order (docs/ARCHITECTURE.md) is the
pipeline's alone.

The workers are forked: they inherit the loaded modules, the config and the
language model, which this process loads before forking (68 MB of arrays,
shared copy-on-write, instead of 0.5 s of decompression in every worker).
`start()` does all of it ahead of the first batch; `mailbot run` calls it at
start-up. They leave when the parent does, even when it is killed (a watcher
thread), close the sockets they inherit, and do not keep the store's lock
file (`adapters.exclusive` closes it in forked children).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
import weakref
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator, Sequence

from mailbot.intents import detector as intents
from mailbot.mail import limits
from mailbot.runtime import parseguard
from mailbot.runtime.parseguard import ParseGuard
from mailbot.mail import parse as message
from mailbot.core.config import Config
from mailbot.adapters.mailbox import InboxMessage
from mailbot.core.model import Intent, ParsedMessage

log = logging.getLogger(__name__)

#: batches smaller than this are analysed in-process (pool overhead dominates)
MIN_BATCH = 20
#: niceness of the parse workers: they parse a batch ahead, so they can take
#: the CPU the pipeline and the delivery leave over; on two cores this kept
#: the SMTP conversation (a backlog's critical path) from waiting on them
#: (bench/throughput.py: 600 -> 621 msg/s, mean of 5 rounds each)
WORKER_NICE = 10
#: messages per task: each result wakes this process's pool thread (unpickling under the GIL
#: the pipeline needs), so fewer, larger ones; the batch read ahead hides the wait for the first
CHUNK = 25

Analysis = tuple[ParsedMessage, "Intent | None"]

_cfg: Config | None = None  # the worker's config (inherited through fork)
#: the pipeline's ParseGuard (runtime/parseguard.py), inherited by the workers through fork
guard: "ParseGuard | None" = None


def analyze_one(raw: bytes, truncated: bool, cfg: Config, detect: bool = True) -> Analysis:
    """Parse one message and detect its intent where the pipeline will need it.

    The intent is None when the pipeline does not detect one (a truncated
    message, one over the limits), when `detect` is off, or when detection
    raised: `decide_parsed` then detects it itself, inside its own error
    handling (an exception there becomes a triage item, never a lost message).
    """
    g = guard
    if g is None:
        return _analyze(raw, truncated, cfg, detect)
    key = parseguard.key_of(raw)
    if key in g.poisoned:
        # died with it twice: parse it alone in a child first (the deaths may have come from outside)
        fine = parseguard.survives(_analyze, raw, truncated, cfg, detect)
        g.end(key)  # decided now: counted no further either way
        if not fine:
            log.error("message %s: parsing it alone stopped a child process too; it goes to triage "
                      "without being parsed here", key)
            return ParsedMessage(message_id=message._hash_id(raw), sender=None, size=len(raw),
                                 defects=(f"{parseguard.REASON} {parseguard.CRASHES} times, and once more "
                                          "when parsed alone; not parsed again",)), None
        log.info("message %s: parsed alone without harm; the deaths while it was parsed came from elsewhere", key)
    g.begin(key)
    result = _analyze(raw, truncated, cfg, detect)
    g.end(key)
    return result


def _analyze(raw: bytes, truncated: bool, cfg: Config, detect: bool) -> Analysis:
    msg = message.parse(raw)
    if not detect or truncated or limits.exceeded(msg, cfg.limits):
        return msg, None
    try:
        return msg, intents.detect(msg, cfg)
    except Exception:
        return msg, None


def _init_worker(cfg: Config, parent: int) -> None:
    global _cfg
    _cfg = cfg
    from mailbot.adapters import factory as adapters

    adapters.close_inherited_sockets()  # the parent's IMAP and SMTP connections are not ours to hold

    def watch() -> None:  # an orphaned worker (parent killed) would wait for work forever
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="mailbot-prefetch-watch", daemon=True).start()
    try:
        os.nice(WORKER_NICE)
    except OSError:  # pragma: no cover - a sandbox that forbids it: parse at the same priority
        pass
    _load_model()  # inherited from the parent, normally; loaded here if the parent could not


def _load_model() -> None:
    from mailbot.mail import text

    try:
        text._identifier()  # cached: once per process, not per message
    except Exception:  # pragma: no cover - detect_language copes without it
        pass


_SAMPLE = (b"From: Sample <sample@example.org>\r\nTo: bot@example.org\r\nSubject: Join request\r\n"
           b"Message-ID: <warm-up@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Hello, we would like to join the interest group. When is the next meeting?\r\n")


def _warm(cfg: Config) -> None:
    """Parse and read one sample message: the lexicon, regexes and caches a first
    message would build, built once before the fork instead of in each process."""
    try:
        analyze_one(_SAMPLE, False, cfg)
    except Exception:  # pragma: no cover - warming up is an optimisation, never a failure
        log.debug("prefetch: warm-up failed", exc_info=True)


def preload(cfg: Config) -> None:
    """Load the language model and read one sample message in this process, so that workers
    forked afterwards inherit both (start-up work; the pool does it too if nobody did)."""
    _load_model()
    _warm(cfg)


def _ready() -> bool:
    return True


def _analyze_chunk(items: list[tuple[bytes, bool]]) -> list[Analysis]:
    assert _cfg is not None
    return [analyze_one(raw, truncated, _cfg) for raw, truncated in items]


def default_workers() -> int:
    """One core for the pipeline, the others (at most 4) for parsing."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


class Analyzer:
    """Parse + detect for batches, in a process pool when the batch is large enough."""

    def __init__(self, cfg: Config, *, workers: int | None = None, min_batch: int = MIN_BATCH,
                 chunk: int = CHUNK):
        self.cfg = cfg
        self.workers = default_workers() if workers is None else workers
        self.min_batch = min_batch
        self.chunk = max(1, chunk)
        self._pool: ProcessPoolExecutor | None = None
        #: batches analysed by the pool / in-process, and pool breakages (observability, tests)
        self.pooled = self.local = self.broken = 0

    def start(self) -> None:
        """Load the language model and start the workers now, not with the first large batch.

        Start-up work, done once: a daemon calls it before it waits for
        mail, so the first backlog it meets is parsed at full speed.
        """
        pool = self._executor()
        if pool is not None:
            try:
                for f in [pool.submit(_ready) for _ in range(self.workers)]:
                    f.result()
            except (BrokenProcessPool, RuntimeError) as exc:
                self._broken(exc)

    def _executor(self) -> ProcessPoolExecutor | None:
        if self._pool is None and self.workers > 0 and "fork" in multiprocessing.get_all_start_methods():
            preload(self.cfg)  # before the fork, so every worker shares this copy
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_init_worker, initargs=(self.cfg, os.getpid()))
            # a pipeline dropped without close() does not leave its workers waiting
            weakref.finalize(self, self._pool.shutdown, wait=False, cancel_futures=True)
        return self._pool

    def analyze(self, batch: Sequence[InboxMessage]) -> "Results":
        """(ParsedMessage, Intent | None) for each message of `batch`, in order.

        The work is handed to the pool at once (not when the results are
        first read), so a caller can start it, do something else — deliver
        the previous batch's outbox — and read the results afterwards.
        """
        pool = self._executor() if len(batch) >= self.min_batch else None
        if pool is None:
            self.local += 1
            # in-process, detection stays where it always was: inside decide_parsed
            return Results(self, batch, [])
        self.pooled += 1
        futures: list[Future] = []
        try:
            for start in range(0, len(batch), self.chunk):
                futures.append(pool.submit(_analyze_chunk, [(i.raw, i.truncated)
                                                            for i in batch[start:start + self.chunk]]))
        except (BrokenProcessPool, RuntimeError) as exc:
            self._broken(exc)
        return Results(self, batch, futures)

    def _broken(self, exc: BaseException) -> None:
        """A worker died: drop the pool (the next batch starts a fresh one); this batch goes on in-process."""
        if self._pool is not None:
            self.broken += 1
            log.warning("prefetch: the worker pool broke (%s); parsing in-process", exc or type(exc).__name__)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class Results:
    """A batch's analyses, in batch order, as they arrive from the workers.

    Iterating blocks until the next one is ready; an event loop that must not
    block (the pipeline delivering mail meanwhile) awaits `waiting()` first.
    """

    def __init__(self, analyzer: Analyzer, batch: Sequence[InboxMessage], futures: list[Future]):
        self._analyzer = analyzer
        self._batch = batch
        self._futures = futures
        self._chunk = analyzer.chunk
        self._index = 0  # next message to hand out

    def waiting(self) -> Future | None:
        """The worker result the next message needs, if it has not arrived yet."""
        n = self._index // self._chunk
        if self._index % self._chunk == 0 and n < len(self._futures) and not self._futures[n].done():
            return self._futures[n]
        return None

    def __iter__(self) -> Iterator[Analysis]:
        cfg, chunk = self._analyzer.cfg, self._chunk
        if not self._futures:
            for item in self._batch:
                self._index += 1
                yield analyze_one(item.raw, item.truncated, cfg, detect=False)
            return
        for n, start in enumerate(range(0, len(self._batch), chunk)):
            results: list[Analysis] | None = None
            if n < len(self._futures):
                try:
                    results = self._futures[n].result()
                except BrokenProcessPool as exc:
                    self._analyzer._broken(exc)
                except Exception as exc:  # a worker's bug: this process does the chunk
                    log.warning("prefetch: a worker failed (%s); parsing in-process", exc)
            if results is None:
                results = [analyze_one(i.raw, i.truncated, cfg, detect=False)
                           for i in self._batch[start:start + chunk]]
            for r in results:
                self._index += 1
                yield r
