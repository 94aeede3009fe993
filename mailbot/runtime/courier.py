"""Delivery in a process of its own: the courier.

Why: SMTP is a conversation of round trips (MAIL, RCPT, DATA, the message),
and in the pipeline's process every one of them waited for whatever that
process was doing — deciding the next batch — before it could go on. The
courier is a forked child that only talks SMTP, so the conversation runs at
the server's pace on the other core while the pipeline decides; the
pipeline records each outcome as it arrives.

What it does not change: the order of docs/ARCHITECTURE.md. The courier is
handed outbox entries that are committed, their messages moved, and it
sends each one once; it never touches the store (the pipeline does).

Crash safety: the moment the server accepts a mail, the courier appends its
key to the delivery journal (`<store>.delivered`) and only then reports it.
`outbox.flush_async` applies the journal before each delivery, so a kill of
either process loses no accepted mail's record: at most one mail — the one
accepted in the instant before a kill, not yet journalled — can be sent
again. The courier exits as soon as the pipeline's process is gone.

Where fork is missing, or the child cannot start, delivery happens in this
process, as before.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
import weakref
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, Sequence

from mailbot.adapters import factory as adapters
from mailbot.core import aio
from mailbot.core.model import OutgoingMail
from mailbot.adapters.transport import DELIVERED, TRANSIENT, SendResult

log = logging.getLogger(__name__)


def journal_path(store_path: str | os.PathLike[str]) -> Path:
    """Where the courier journals accepted mail: beside the store."""
    return Path(str(store_path) + ".delivered")


def read_journal(path: Path) -> list[str]:
    """Keys of the mails the journal says were accepted (a torn last line is ignored)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    keys = []
    for line in data.splitlines():
        try:
            keys.append(json.loads(line)["key"])
        except (ValueError, KeyError, TypeError):
            continue  # the last line of a killed courier may be cut short
    return keys


def clear_journal(path: Path) -> None:
    try:
        with open(path, "r+b") as fh:
            fh.truncate(0)
            os.fsync(fh.fileno())
    except FileNotFoundError:
        pass


class Courier:
    """A transport's `deliver_async`, run in a forked child; same contract as the transport's."""

    def __init__(self, transport: Any, journal: Path):
        self.transport = transport
        self.journal = journal
        self._conn: Connection | None = None
        self._proc: multiprocessing.process.BaseProcess | None = None
        #: children started (observability for tests)
        self.started = 0

    @classmethod
    def available(cls, transport: Any) -> bool:
        """Whether `transport` can be run by a courier: it is asynchronous and this system forks."""
        return hasattr(transport, "deliver_async") and "fork" in multiprocessing.get_all_start_methods()

    def describe(self) -> str:
        return f"{self.transport.describe()} (in a delivery process)"

    def deliver(self, mails: Sequence[OutgoingMail],
                on_result: Callable[[SendResult], None] | None = None) -> list[SendResult]:
        """The synchronous `Transport.deliver`."""
        return aio.run(self.deliver_async(mails, on_result))

    def _start(self) -> Connection:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            return self._conn
        self._stop()
        parent_end, child_end = multiprocessing.get_context("fork").Pipe()
        proc = multiprocessing.get_context("fork").Process(
            target=_serve, args=(child_end, self.transport, self.journal, os.getpid()),
            name="mailbot-courier", daemon=True)
        proc.start()
        child_end.close()
        self._conn, self._proc = parent_end, proc
        self.started += 1
        weakref.finalize(self, _shutdown, parent_end, proc)
        return parent_end

    async def deliver_async(self, mails: Sequence[OutgoingMail],
                            on_result: Callable[[SendResult], None] | None = None) -> list[SendResult]:
        """Send `mails` from the courier; `on_result` runs here, in this process, as outcomes arrive."""
        mails = list(mails)
        if not mails:
            return []
        try:
            conn = self._start()
            # Outcomes one by one only for a caller that records them one by one;
            # otherwise all at the end (the journal holds them meanwhile).
            conn.send((on_result is not None,
                       [(m.key, m.to, m.raw, m.envelope_from, m.source_message_id) for m in mails]))
        except Exception as exc:  # no child: deliver here, as without a courier
            log.warning("delivery process unavailable (%s); delivering in this process", exc)
            self._stop()
            return await self.transport.deliver_async(mails, on_result=on_result)
        loop = asyncio.get_running_loop()
        done: asyncio.Future = loop.create_future()
        reported: set[str] = set()

        def readable() -> None:
            try:
                while not done.done() and conn.poll():
                    kind, payload = conn.recv()
                    if kind == "result":
                        reported.add(payload.key)
                        if on_result is not None:
                            on_result(payload)
                        else:
                            collected.append(payload)
                    else:  # "done": the results not reported one by one
                        done.set_result(payload)
            except (EOFError, OSError) as exc:
                if not done.done():
                    done.set_exception(ConnectionError(f"the delivery process ended ({exc or 'EOF'})"))

        collected: list[SendResult] = []
        loop.add_reader(conn.fileno(), readable)
        try:
            rest = await done
        except ConnectionError as exc:
            self._stop()
            # What it did not report either reached the journal (accepted) or
            # was not sent: the journal tells which.
            accepted = set(read_journal(self.journal))
            rest = [SendResult(m.key, DELIVERED, "accepted (delivery journal)") if m.key in accepted
                    else SendResult(m.key, TRANSIENT, str(exc)) for m in mails if m.key not in reported]
            log.error("%s; %d mail(s) kept for a retry", exc, sum(r.status == TRANSIENT for r in rest))
        finally:
            loop.remove_reader(conn.fileno())
        return collected + list(rest)

    def _stop(self) -> None:
        if self._conn is not None and self._proc is not None:
            _shutdown(self._conn, self._proc)
        self._conn = self._proc = None

    def close(self) -> None:
        """Let the child finish and go (it is idle between batches)."""
        self._stop()


def _shutdown(conn: Connection, proc: multiprocessing.process.BaseProcess) -> None:
    # Said in words: other forked children (the parse workers) may hold a
    # copy of this end of the pipe, so closing it need not reach the courier as EOF.
    try:
        conn.send(None)
        conn.close()
    except (OSError, ValueError):
        pass
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join(5)


def _serve(conn: Connection, transport: Any, journal: Path, parent: int) -> None:
    """The courier's life: receive a batch, send it, journal and report each outcome, repeat."""
    adapters.close_inherited_sockets(keep={conn.fileno()})  # the parent's IMAP session is not ours to hold
    # Ctrl-C, or systemd's SIGTERM to the whole unit, is for the pipeline: it
    # finishes its step — this batch included — and then closes the courier.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    orphaned = threading.Event()

    def watch() -> None:  # the pipeline was killed: no further transaction may start
        while os.getppid() == parent:
            time.sleep(0.2)
        orphaned.set()
        time.sleep(2.0)  # the transaction in progress may end (and be journalled); then go
        os._exit(0)

    threading.Thread(target=watch, name="mailbot-courier-watch", daemon=True).start()
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if batch is None:  # the pipeline closes: nothing is in flight between batches
            os._exit(0)
        each, items = batch
        mails = [OutgoingMail(key=k, to=tuple(to), raw=raw, envelope_from=ef, source_message_id=src)
                 for k, to, raw, ef, src in items]
        reported: set[str] = set()
        held: list[SendResult] = []  # outcomes sent with "done"

        def report(res: SendResult) -> None:
            if res.status == DELIVERED:
                # One write(2) of one line: on disk (page cache) before anyone hears of it.
                os.write(fd, (json.dumps({"key": res.key}) + "\n").encode())
            reported.add(res.key)
            if each:
                conn.send(("result", res))
            else:
                held.append(res)

        try:
            rest = asyncio.run(transport.deliver_async(mails, on_result=report, stop=orphaned.is_set))
        except Exception as exc:  # a bug here must not lose the batch: the pipeline retries it
            log.exception("delivery process: %s", exc)
            rest = [SendResult(m.key, TRANSIENT, f"delivery process error: {exc}")
                    for m in mails if m.key not in reported]
        try:
            conn.send(("done", held + list(rest)))
        except (OSError, ValueError):
            os._exit(0)
