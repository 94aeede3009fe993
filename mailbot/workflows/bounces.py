"""Bounce scoring, as Mailman does it: each parsed DSN adds to the failed
address's score, at most once per day — a hard bounce (DSN Status 5.x.x, or
no status) 1.0, a soft one (4.x.x) 0.5 by default — and a score untouched
for `stale_after_days` starts again from zero. Past `threshold` the address
is suspended: outbox entries to it are marked "suspended" and never sent
(`hold_suspended`, called before every delivery), and staff are told once.

Settings: `[bounces]` in config.toml (config.BounceSettings).
"""

from __future__ import annotations

import hmac
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from mailbot.adapters import store as st
from mailbot.core.config import BounceSettings
from mailbot.mail.unit import Unit
from mailbot.mail.dsn import detect  # noqa: F401  (Mailman's detectors, re-exported)
# The VERP address is made where every outgoing mail passes (mail/guard.py).
from mailbot.mail.guard import VERP_MAC, VERP_PREFIX, verp_address, verp_mac  # noqa: F401

log = logging.getLogger(__name__)

SUSPENDED = "suspended"
_VERP_RE = re.compile(r"\+%s([0-9a-f]{%d})@" % (VERP_PREFIX, VERP_MAC))


# -- tying a bounce to the mail it is about ---------------------------------------------------
# A bounce counts only when it is about mail the bot sent: it comes back to the VERP envelope
# sender that mail carried (`procurement+bounce-<HMAC of the recipient>@…`, set for every
# single-recipient mail by guard.admit), or it quotes the Message-ID of a sent mail to that
# recipient that went out without VERP. A plain mail with X-Failed-Recipients: staff… ties to
# nothing and counts for nothing.


def tied(view: Any, cfg, msg, addr: str) -> str:
    """How a bounce for `addr` is tied to mail the bot sent ("verp", "message-id"), or ""."""
    from mailbot.adapters.secret import secret

    addr = addr.lower()
    key = secret(cfg, view)
    local, _, domain = cfg.bot.address.lower().partition("@")
    for a in (*msg.to, *msg.cc, *getattr(msg.auto, "delivered_to", ())):
        a = getattr(a, "addr", a).lower()
        m = _VERP_RE.search(a)
        if m and a.startswith(local + "+") and a.endswith("@" + domain) and hmac.compare_digest(
                m.group(1), verp_mac(key, addr)):
            return "verp"
    lookup = getattr(view, "lookup", None)
    for mid in getattr(msg.auto, "bounce_message_ids", ()):
        for table in (st.SENT, st.OUTBOX):
            docs = lookup(table, "message_id", mid) if lookup else []
            for _, doc in docs:
                if addr in [x.lower() for x in doc.get("to", [])] and len(doc.get("to", [])) > 1:
                    # single-recipient mail always carries VERP; a Message-ID (computable by whoever
                    # caused the mail) ties only mail that went to several people without it
                    return "message-id"
    return ""


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
    unit = Unit(store, now=now)
    for key, doc in store.items(st.OUTBOX):
        if doc.get("status") == "pending" and doc.get("to") and all(a.lower() in held for a in doc["to"]):
            unit.put(st.OUTBOX, key, dict(doc, status=SUSPENDED, last_error="recipient suspended (bouncing)",
                                        suspended_at=now.isoformat()))
            log.info("outbox %s held: %s is suspended for bouncing", key, ",".join(doc["to"]))
    n = len(unit)
    unit.commit()
    return n


def reset(store: st.Store, addr: str, now: datetime) -> bool:
    """Lift a suspension and clear the score (staff fixed the address); held mail goes out again."""
    addr = addr.lower()
    doc = store.get(st.BOUNCES, addr)
    if doc is None:
        return False
    unit = Unit(store, now=now)
    unit.put(st.BOUNCES, addr, dict(doc, suspended=False, protected=False, score=0.0, reset_at=now.isoformat()))
    for key, entry in store.items(st.OUTBOX):
        if entry.get("status") == SUSPENDED and addr in [a.lower() for a in entry.get("to", [])]:
            unit.put(st.OUTBOX, key, dict(entry, status="pending", next_attempt=now.isoformat(), last_error=""))
    released = len(unit) - 1
    unit.commit()
    log.info("bounces: %s reset by staff; %d held mails released", addr, released)
    return True
