"""Bounce scoring, as Mailman does it: each parsed DSN adds to the failed
address's score, at most once per day — a hard bounce (DSN Status 5.x.x, or
no status) 1.0, a soft one (4.x.x) 0.5 by default — and a score untouched
for `stale_after_days` starts again from zero. Past `threshold` the address
is suspended: outbox entries to it are marked "suspended" and never sent
(`hold_suspended`, called before every delivery), and staff are told once.

Settings: `[bounces]` in config.toml (config.BounceSettings).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from mailbot.adapters import store as st
from mailbot.core.config import BounceSettings

log = logging.getLogger(__name__)

SUSPENDED = "suspended"


def severity(status: str) -> str:
    """"soft" for a 4.x.x DSN status, else "hard" (5.x.x, or a failure without a status)."""
    return "soft" if status.startswith("4.") else "hard"


def score(doc: dict | None, addr: str, status: str, now: datetime, message_id: str,
          cfg: BounceSettings) -> tuple[dict, bool]:
    """The address's bounce record after one more bounce; True when it crosses the threshold now."""
    doc = dict(doc or {"address": addr, "count": 0, "score": 0.0, "hard": 0, "soft": 0})
    day = now.date().isoformat()
    last_day = doc.get("last_day", "")
    if last_day and (now.date() - datetime.fromisoformat(last_day).date()) > timedelta(days=cfg.stale_after_days):
        doc["score"] = 0.0  # stale: the old bounces no longer count
    kind = severity(status)
    doc["count"] = doc.get("count", 0) + 1
    doc[kind] = doc.get(kind, 0) + 1
    if last_day != day:  # one scored bounce per day, like Mailman
        doc["score"] = round(doc.get("score", 0.0) + (cfg.hard_score if kind == "hard" else cfg.soft_score), 3)
        doc["last_day"] = day
    doc["last"] = now.isoformat()
    doc["last_status"] = status
    doc["last_message_id"] = message_id
    newly = not doc.get("suspended") and doc["score"] >= cfg.threshold
    if newly:
        doc["suspended"] = True
        doc["suspended_at"] = now.isoformat()
    return doc, newly


def suspended_addresses(store: st.Store) -> list[str]:
    return sorted(k for k, d in store.items(st.BOUNCES) if d.get("suspended"))


def hold_suspended(store: st.Store, now: datetime) -> int:
    """Mark pending outbox entries whose every recipient is suspended as "suspended" (never sent)."""
    held = set(suspended_addresses(store))
    if not held:
        return 0
    tx = st.Transaction()
    for key, doc in store.items(st.OUTBOX):
        if doc.get("status") == "pending" and doc.get("to") and all(a.lower() in held for a in doc["to"]):
            tx.put(st.OUTBOX, key, dict(doc, status=SUSPENDED, last_error="recipient suspended (bouncing)",
                                        suspended_at=now.isoformat()))
            log.info("outbox %s held: %s is suspended for bouncing", key, ",".join(doc["to"]))
    if tx:
        store.commit(tx)
    return len(tx.ops)


def reset(store: st.Store, addr: str, now: datetime) -> bool:
    """Lift a suspension and clear the score (staff fixed the address); held mail goes out again."""
    addr = addr.lower()
    doc = store.get(st.BOUNCES, addr)
    if doc is None:
        return False
    tx = st.Transaction()
    tx.put(st.BOUNCES, addr, dict(doc, suspended=False, score=0.0, reset_at=now.isoformat()))
    for key, entry in store.items(st.OUTBOX):
        if entry.get("status") == SUSPENDED and addr in [a.lower() for a in entry.get("to", [])]:
            tx.put(st.OUTBOX, key, dict(entry, status="pending", next_attempt=now.isoformat(), last_error=""))
    store.commit(tx)
    log.info("bounces: %s reset by staff; %d held mails released", addr, len(tx.ops) - 1)
    return True
