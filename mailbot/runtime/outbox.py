"""The persistent outbox: queued mail, delivery, retries with backoff.

Entries are written by the pipeline in the same commit as the effects that
caused them; `flush()` hands due entries to the transport and records each
outcome. Transient failures wait with exponential backoff and jitter;
permanent ones (or too many attempts) mark the entry failed and open a
triage item so staff see it. Delivery happens only after the commit, so a
crash can at worst re-send an entry whose SMTP transaction completed in the
instant before the crash (the Maildir sink is idempotent even then); the
courier's journal of accepted mail (`apply_journal`) keeps even that to the
one mail not yet journalled.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from mailbot.core import aio
from mailbot.runtime import courier
from mailbot.adapters import store as st
from mailbot.mail.unit import Unit
from mailbot.adapters.transport import DELIVERED, PERMANENT, SendResult, Transport

log = logging.getLogger(__name__)

from mailbot.mail.queue import (FAILED, PENDING, RETRYABLE, as_mail, failed, failure_triage_id,  # noqa: F401
                                new_failure_triage_id, requeue, short_id)




def backoff(attempts: int, base: float, cap: float, rnd: Callable[[], float] = random.random) -> float:
    """Seconds before the next try: exponential, capped, with ±25% jitter."""
    delay = min(cap, base * (2 ** max(0, attempts - 1)))
    return delay * (0.75 + 0.5 * rnd())


@dataclass
class FlushResult:
    delivered: int = 0
    deferred: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.delivered} delivered, {self.deferred} deferred, {self.failed} failed"


def due(store: st.Store, now: datetime, limit: int | None = None) -> list[dict]:
    """Pending entries whose next attempt time has come, oldest first."""
    stamp = now.isoformat()
    docs = store.find(st.OUTBOX, lambda d: d.get("status") == PENDING and d.get("next_attempt", "") <= stamp)
    docs.sort(key=lambda d: d.get("created", ""))
    return docs[:limit] if limit else docs


def depth(store: st.Store) -> int:
    return len(store.find(st.OUTBOX, lambda d: d.get("status") == PENDING))


def flush(store: st.Store, transport: Transport, now: datetime, *, base: float = 30.0,
          cap: float = 3600.0, max_attempts: int = 10, batch: int = 200,
          staff: tuple[str, ...] = ()) -> FlushResult:
    """Deliver what is due, in batches of `batch` (one connection each).

    A crash re-sends at most the one mail whose transaction completed in
    the instant before it, never the rest of the batch: through the courier
    (mailbot/courier.py) each accepted mail is journalled before it is
    reported, and the journal is applied first; a transport that reports
    each mail as its transaction completes (`deliver(..., on_result=)`) has
    each outcome committed at once, before the next mail is sent. Other
    transports (the idempotent Maildir sink) are committed once per batch.
    """
    return aio.run(flush_async(store, transport, now, base=base, cap=cap, max_attempts=max_attempts,
                               batch=batch))


async def flush_async(store: st.Store, transport: Transport, now: datetime, *, base: float = 30.0,
                      cap: float = 3600.0, max_attempts: int = 10, batch: int = 200,
                      keys: frozenset[str] | None = None) -> FlushResult:
    """`flush` inside an event loop, so the pipeline can decide the next batch meanwhile.

    `keys`, when given, limits delivery to those entries: the pipeline passes
    the ones due when it starts, so mail that a later batch commits is not
    sent before that batch's messages have left the inbox.
    """
    result = FlushResult()
    journal = getattr(transport, "journal", None)
    if journal is not None:
        apply_journal(store, journal, now, result)  # what a crash left unrecorded
    await _flush_batches(store, transport, now, result, base=base, cap=cap, max_attempts=max_attempts,
                         batch=batch, keys=keys, journal=journal)
    if journal is not None:  # every outcome is in the store by now (after a failure, the next flush applies it)
        courier.clear_journal(journal)
    if result.delivered or result.deferred or result.failed:
        log.info("delivery: %s", result)
    return result


async def _flush_batches(store: st.Store, transport: Transport, now: datetime, result: FlushResult, *,
                         base: float, cap: float, max_attempts: int, batch: int, keys: frozenset[str] | None,
                         journal: Path | None) -> FlushResult:
    each = _reports_each(transport)
    send_async = getattr(transport, "deliver_async", None)
    while True:
        docs = due(store, now)
        if keys is not None:
            docs = [d for d in docs if d["key"] in keys]
        docs = docs[:batch]
        if not docs:
            return result
        by_key = {d["key"]: d for d in docs}
        progressed = False

        def record(res: SendResult, unit: Unit) -> None:
            nonlocal progressed
            doc = by_key.pop(res.key, None)
            if doc is not None:
                progressed |= _record(doc, res, unit, result, now, base, cap, max_attempts)

        mails = [as_mail(d) for d in docs]
        if journal is not None and send_async is not None:
            # The delivery process journals each accepted mail before it
            # reports it (mailbot/courier.py), so the store can take the
            # batch's outcomes in one write: a crash loses none of them.
            outcomes = await send_async(mails)
            unit = Unit(store, now=now)
            for res in outcomes:
                record(res, unit)
            unit.commit()
        elif each:
            def on_result(res: SendResult) -> None:
                unit = Unit(store, now=now)
                record(res, unit)
                # Written through to the OS before the next send, so a killed
                # process re-sends at most this one mail; not fsynced, since
                # losing it in a power cut costs a re-send, never a mail
                # (the batch's last commit below fsyncs them all).
                unit.commit(sync=False)

            if send_async is not None:
                outcomes = await send_async(mails, on_result=on_result)
            else:
                outcomes = transport.deliver(mails, on_result=on_result)  # type: ignore[call-arg]
            unit = Unit(store, now=now)
            for res in outcomes:  # any the transport did not report one by one
                record(res, unit)
            unit.commit()
        else:
            unit = Unit(store, now=now)
            for res in transport.deliver(mails):
                record(res, unit)
            unit.commit()
        if not progressed:
            return result


def apply_journal(store: st.Store, journal: Path, now: datetime, result: FlushResult | None = None) -> int:
    """Record as delivered what the delivery process journalled (mailbot/courier.py); then empty the journal.

    Entries already recorded (the usual case) are left alone; the journal
    matters after a crash, for a mail accepted in the instant before it.
    """
    keys = courier.read_journal(journal)
    if not keys:
        return 0
    result = result if result is not None else FlushResult()
    unit = Unit(store, now=now)
    applied = 0
    for key in dict.fromkeys(keys):
        doc = store.get(st.OUTBOX, key)
        if doc is not None and doc.get("status") == PENDING:
            # (the backoff arguments only matter for a failed attempt, not this one)
            _record(dict(doc, key=key), SendResult(key, DELIVERED, "accepted (delivery journal)"), unit, result,
                    now, base=30.0, cap=3600.0, max_attempts=10)
            applied += 1
    if applied:
        log.info("delivery journal: %d accepted mail(s) recorded as delivered after an interruption", applied)
    unit.commit()  # durable before the journal goes
    courier.clear_journal(journal)
    return applied


def _reports_each(transport: Transport) -> bool:
    try:
        return "on_result" in inspect.signature(transport.deliver).parameters
    except (TypeError, ValueError):
        return False


def _record(doc: dict, res: SendResult, tx: Unit, result: FlushResult, now: datetime,
            base: float, cap: float, max_attempts: int) -> bool:
    """Put one delivery outcome in the unit `tx`; True when the entry left the queue (delivered or failed)."""
    doc = {k: v for k, v in doc.items() if k != "_key"}
    doc["attempts"] = doc.get("attempts", 0) + 1
    doc["last_attempt"] = now.isoformat()
    if res.status == DELIVERED:
        # Delivered entries leave the outbox for the sent log, so the
        # outbox stays as small as the queue and scanning it stays cheap.
        tx.delete(st.OUTBOX, doc["key"])
        tx.put(st.SENT, doc["key"], {
            "to": doc["to"], "source": doc.get("source", ""), "created": doc.get("created", ""),
            "message_id": doc.get("message_id", ""),
            "delivered": now.isoformat(), "attempts": doc["attempts"],
        })
        result.delivered += 1
        log.debug("delivered %s to %s", doc["key"], ",".join(doc["to"]))  # INFO has one line per batch
        return True
    progressed = False
    if res.status == PERMANENT or doc["attempts"] >= max_attempts:
        doc["status"] = FAILED
        doc["last_error"] = res.detail
        result.failed += 1
        progressed = True
        log.error("delivery of %s to %s failed for good: %s", doc["key"], ",".join(doc["to"]), res.detail)
        tid = doc["triage_id"] = new_failure_triage_id()
        tx.put(st.TRIAGE, tid, {
            "id": tid, "status": "open", "reason": "delivery failure",
            "created": now.isoformat(), "message_id": doc.get("source", ""),
            "from": "", "acted_for": ",".join(doc["to"]), "subject": "delivery failed",
            "text": f"Mail to {', '.join(doc['to'])} could not be delivered: {res.detail}\n"
                    f"Once the cause is fixed, `retry` sends it again (mailbot outbox retry {short_id(doc['key'])}).",
            "intent": "", "groups": [], "proposed": "retry", "outbox_key": doc["key"],
        })
    else:
        delay = backoff(doc["attempts"], base, cap)
        doc["next_attempt"] = (now + timedelta(seconds=delay)).isoformat()
        doc["last_error"] = res.detail
        result.deferred += 1
        log.warning("delivery of %s deferred %.0fs (attempt %d): %s", doc["key"], delay, doc["attempts"], res.detail)
    tx.put(st.OUTBOX, doc["key"], doc)
    return progressed
