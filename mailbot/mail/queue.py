"""The outbox's queue side: an outgoing mail as a store entry, queued once.

Every mail the bot sends is queued through `enqueue` in the same store
transaction as the effects that caused it; the idempotency key
(`OutgoingMail.key`) keeps a repeated decision from queueing it twice.
Delivery lives in `runtime/outbox.py`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from typing import Any, Iterable

from mailbot.adapters import store as st
from mailbot.core.config import Config
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
        "message_id": _message_id(mail.raw),
        "status": PENDING,
        "attempts": 0,
        "created": now.isoformat(),
        "next_attempt": now.isoformat(),
        "last_error": "",
    }


_MID = re.compile(rb"(?im)^message-id:[ \t]*<([^<>\s]+)>")


def _message_id(raw: bytes) -> str:
    """The mail's Message-ID (a bounce quoting it is tied to this mail: workflows/bounces.tied)."""
    m = _MID.search(raw[:16384].split(b"\r\n\r\n", 1)[0])
    return m.group(1).decode("ascii", "replace").lower() if m else ""


def is_known(store: st.Store, key: str) -> bool:
    """Whether an entry with this idempotency key is queued or was sent already."""
    return store.has(st.OUTBOX, key) or store.has(st.SENT, key)


def enqueue(tx: st.Transaction, store: st.Store, mails: Iterable[OutgoingMail], now: datetime,
            cfg: Config) -> None:
    """Queue `mails` in `tx`, skipping any already queued or sent: the outbox's idempotency rule.

    Each mail first passes the one loop guard and rate cap (mail/guard.py): recipients it may
    never mail are dropped, mail past a cap is kept as ``held``, and a burst of staff notices
    waits for one digest. The config is required, so no caller can queue around the guard.
    """
    from mailbot.mail import guard

    fresh = [m for m in mails if not is_known(store, m.key)]
    for mail, held in guard.admit(tx, store, fresh, now, cfg):
        doc = entry(mail, now)
        if held:
            doc.update(status=guard.HELD, last_error=held)
        tx.put(st.OUTBOX, mail.key, doc)


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


def requeue(tx: Any, doc: dict, now: datetime, actor: str) -> dict:
    """Put a failed or held entry back in the queue, due now, with a fresh attempt count
    (as postsuper -r and Mailman's unshunt do), in `tx` (a unit of work, mail/unit.py, or
    anything with its `put`); the caller resolves its delivery-failure triage item."""
    key = doc.get("key") or doc["_key"]
    new = {k: v for k, v in doc.items() if k != "_key"}
    history = list(new.get("retries", []))[-20:] + [{"at": now.isoformat(), "by": actor,
                                                       "status": new.get("status"), "error": new.get("last_error", "")}]
    new.update(status=PENDING, attempts=0, next_attempt=now.isoformat(), retries=history)
    tx.put(st.OUTBOX, key, new)
    return new


def new_failure_triage_id() -> str:
    """The id of a delivery failure's triage item: random, since it grants a `retry` (an id
    derived from the outbox key, which names the recipients, could be computed by anyone);
    kept on the entry (`triage_id`), which is how the entry finds its item."""
    return "d" + secrets.token_hex(4)


def failure_triage_id(doc: dict) -> str:
    """The triage item of an outbox entry's delivery failure ("" when it has none)."""
    return doc.get("triage_id", "")
