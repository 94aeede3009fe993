"""The outbox's queue side: an outgoing mail as a store entry, queued once.

Every mail the bot sends is queued through `enqueue` in the same store
transaction as the effects that caused it; the idempotency key
(`OutgoingMail.key`) keeps a repeated decision from queueing it twice.
Delivery lives in `runtime/outbox.py`.
"""

from __future__ import annotations

import re
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
            cfg=None) -> None:
    """Queue `mails` in `tx`, skipping any already queued or sent: the outbox's idempotency rule.

    With the config (every caller in mailbot passes it), each mail first passes the one loop
    guard and rate cap (mail/guard.py): recipients it may never mail are dropped, mail past a
    cap is kept as ``held``, and a burst of staff notices waits for one digest.
    """
    fresh = [m for m in mails if not is_known(store, m.key)]
    if cfg is None:
        for mail in fresh:
            tx.put(st.OUTBOX, mail.key, entry(mail, now))
        return
    from mailbot.mail import guard

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
