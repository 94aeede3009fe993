"""`mailbot run` (the daemon and every timed job beside the mailbox loop) and `mailbot once` (one cycle, for cron).

`cmd_run` runs past 60 lines: the daemon's signal handling, its APScheduler
jobs and the mailbox loop share the stop and wait events.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from mailbot.adapters import factory as adapters
from mailbot.cli.base import EX_OK
from mailbot.core.config import Config, load_config
from mailbot.runtime import jobs
from mailbot.runtime.pipeline import Pipeline
from mailbot.schedule import scheduler
from mailbot.runtime import webqueue as web_queue

log = logging.getLogger("mailbot")


def _pipeline(cfg: Config) -> Pipeline:
    store = adapters.open_store(cfg)
    mbox = adapters.open_mailbox(cfg, store)
    transport = adapters.open_transport(cfg)
    return Pipeline(cfg, store, mbox, transport)


def _close(pipe: Pipeline) -> None:
    for part in (pipe, pipe.mailbox, pipe.transport, pipe.store):  # pipe: its worker processes
        try:
            part.close()
        except Exception as exc:  # closing must not hide the real outcome
            log.warning("closing %s: %s", type(part).__name__, exc)


def cmd_once(args: argparse.Namespace) -> int:
    """One step of everything `mailbot run` does: the web queue, the mailbox, the scheduler, the outbox.

    So a cron line `mailbot once` runs the network as the daemon would.
    """
    cfg = load_config(args)
    with adapters.exclusive(cfg):
        pipe = _pipeline(cfg)
        try:
            stats = jobs.cycle(pipe, limit=args.limit)
            planned = jobs.scheduled(pipe)
        finally:
            _close(pipe)
    print(f"{stats.fetched} fetched, {stats.processed} processed ({stats.triaged} to triage), "
          f"{stats.duplicates} already processed; outbox: {stats.delivery}")
    print(f"scheduler: {planned}")
    return EX_OK


def cmd_run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    stop = threading.Event()
    waiting = threading.Event()

    class _Interrupted(Exception):
        pass

    def _stop(signum, frame):  # noqa: ARG001
        log.info("signal %s: stopping after the current step", signal.Signals(signum).name)
        stop.set()
        # Only a wait (IDLE, polling sleep) is interrupted at once; work in
        # progress finishes its step so a stop never lands mid-commit.
        if waiting.is_set():
            raise _Interrupted()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with adapters.exclusive(cfg):
        pipe = _pipeline(cfg)
        pipe.start()  # parse workers, language model, templates: before the first backlog
        log.info("mailbot running: %s → %s (store %s)", pipe.mailbox.describe(), pipe.transport.describe(),
                 cfg.path(cfg.store.path))
        def flush_outbox() -> None:
            with pipe.store.lock:
                pipe.deliver()

        # APScheduler runs the time-driven work beside the mailbox loop: the
        # meeting planner (its first run is the start-up catch-up) and the
        # outbox retries, which must not wait for a 25-minute IDLE to end.
        sched = scheduler.build_scheduler(pipe.store, cfg, clock=pipe.clock, background=True, flush=flush_outbox)

        def drain_web_queue() -> None:  # what `mailbot web` queued (mailbot/web/queue.py), within seconds
            if web_queue.waiting(cfg):
                with pipe.store.lock:
                    if web_queue.drain(pipe):
                        pipe.deliver()

        sched.add_job(drain_web_queue, "interval", seconds=2, id="web-queue", name="web queue",
                      replace_existing=True)
        sched.start()
        failures = 0
        try:
            while not stop.is_set():
                try:
                    with pipe.store.lock:
                        stats = jobs.cycle(pipe)
                    if stats.fetched or stats.delivery.delivered:
                        log.info("cycle: %d processed, %d duplicates; outbox %s", stats.processed, stats.duplicates, stats.delivery)
                    if stop.is_set():
                        break
                    waiting.set()
                    try:
                        if not stop.is_set():
                            pipe.mailbox.wait(cfg.mailbox.poll_interval if args.poll is None else args.poll)
                    finally:
                        waiting.clear()
                    failures = 0
                except _Interrupted:
                    break
                except Exception as exc:
                    # The adapters already retried; keep the daemon alive, but
                    # back off so a dead server does not make it spin.
                    failures += 1
                    delay = min(300.0, 2.0 ** min(failures, 8))
                    log.error("cycle failed (%s: %s); next try in %.0fs", type(exc).__name__, exc, delay)
                    stop.wait(delay)
        finally:
            sched.shutdown(wait=True)
            _close(pipe)
    log.info("mailbot stopped")
    return EX_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add `mailbot run` and `mailbot once`."""
    p = sub.add_parser("run", help="run the daemon: watch the mailbox and send, until SIGTERM",
                       description="Watch the mailbox (IDLE or polling), process and answer mail, deliver the outbox; stop cleanly on SIGTERM/SIGINT.")
    p.add_argument("--poll", type=float, default=None, metavar="SECONDS", help="override the wait between cycles")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("once", help="one cycle (for cron): process the inbox, deliver the outbox, exit",
                       description="Process what is in the inbox and deliver the outbox once, then exit.")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="process at most N messages")
    p.set_defaults(func=cmd_once)
