"""The outbox's queue side: an outgoing mail as a store entry, queued once.

Every mail the bot sends is queued through `enqueue` in the same store
transaction as the effects that caused it; the idempotency key
(`OutgoingMail.key`) keeps a repeated decision from queueing it twice.
Delivery lives in `runtime/outbox.py`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Iterable

from mailbot.adapters import store as st
from mailbot.core.model import OutgoingMail

PENDING, FAILED = "pending", "failed"


def entry(mail: OutgoingMail, now: datetime) -> dict:
    """The store document for a new outbox entry."""
    return {
        "key": mail.key,
        "to": list(mail.to),
        "envelope_from": mail.envelope_from,
        # surrogateescape keeps any byte exactly; JSON escapes the surrogates.
        "raw": mail.raw.decode("utf-8", "surrogateescape"),
        "source": mail.source_message_id,
        "status": PENDING,
        "attempts": 0,
        "created": now.isoformat(),
        "next_attempt": now.isoformat(),
        "last_error": "",
    }


def is_known(store: st.Store, key: str) -> bool:
    """Whether an entry with this idempotency key is queued or was sent already."""
    return store.has(st.OUTBOX, key) or store.has(st.SENT, key)


def enqueue(tx: st.Transaction, store: st.Store, mails: Iterable[OutgoingMail], now: datetime) -> None:
    """Queue `mails` in `tx`, skipping any already queued or sent: the outbox's idempotency rule."""
    for mail in mails:
        if not is_known(store, mail.key):
            tx.put(st.OUTBOX, mail.key, entry(mail, now))


def as_mail(doc: dict) -> OutgoingMail:
    return OutgoingMail(
        key=doc["key"], to=tuple(doc["to"]), raw=doc["raw"].encode("utf-8", "surrogateescape"),
        envelope_from=doc.get("envelope_from", ""), source_message_id=doc.get("source", ""),
    )


RETRYABLE = (FAILED, "suspended")  # bounces.SUSPENDED: held for a bouncing recipient


def failed(view) -> list[dict]:
    """Outbox entries that will not be sent by themselves (failed for good, or held), oldest first."""
    rows = [dict(d, _key=k) for k, d in view.items(st.OUTBOX) if d.get("status") in RETRYABLE]
    return sorted(rows, key=lambda d: (d.get("created", ""), d["_key"]))


def short_id(key: str) -> str:
    """The id `mailbot outbox list` shows for an entry (its key is long): 10 hex digits of its hash."""
    return hashlib.sha256(key.encode()).hexdigest()[:10]


def requeue(tx: st.Transaction, doc: dict, now: datetime, actor: str) -> dict:
    """Put a failed or held entry back in the queue, due now, with a fresh attempt count
    (as postsuper -r and Mailman's unshunt do); its delivery-failure triage item is resolved."""
    key = doc.get("key") or doc["_key"]
    new = {k: v for k, v in doc.items() if k != "_key"}
    history = list(new.get("retries", []))[-20:] + [{"at": now.isoformat(), "by": actor,
                                                       "status": new.get("status"), "error": new.get("last_error", "")}]
    new.update(status=PENDING, attempts=0, next_attempt=now.isoformat(), retries=history)
    tx.put(st.OUTBOX, key, new)
    return new


def failure_triage_id(key: str) -> str:
    return "d" + hashlib.sha256(key.encode()).hexdigest()[:7]
