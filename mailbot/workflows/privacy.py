"""GDPR: what mailbot holds about a person — export, forget — and retention.

- `export(store, address)`: every document in every table whose key or any
  field mentions the address (outbox raw mail and triage text included), as
  one JSON-able dict (`mailbot export ADDRESS`).
- `forget(store, cfg, address, now)`: erase or anonymise it everywhere
  (`mailbot forget ADDRESS`): documents *keyed* by the address (members,
  bounces, reply counters, attendance, ...) and unsent outbox mail that
  mentions it are deleted; other documents that mention it (requests, triage
  items, the processed audit lines, the sent log) are kept for the records
  with the address replaced by a pseudonym and their free text (bodies,
  subjects, names, raw mail) removed. Staff are told by a mail in the outbox.
  One commit.
- `purge(store, cfg, now)`: the retention rule (`[privacy] retention_days`):
  message bodies in triage items and requests older than N days are removed,
  keeping what the records need (ids, status, dates, intent, groups).
  `mailbot purge`, and callable from the scheduler.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from mailbot.core.clock import utcnow
from mailbot.mail import compose
from mailbot.adapters import store as st
from mailbot.core.config import Config

log = logging.getLogger(__name__)

#: free-text fields that carry what a person wrote or is called
FREE_TEXT = ("text", "subject", "name", "acted_for_name", "raw", "body", "evidence", "original", "topic",
             "facilitator_name", "summary")
PURGED_TEXT = "[removed after the retention period]"


def _mentions(value: Any, needle: str) -> bool:
    if isinstance(value, str):
        return needle in value.lower()
    if isinstance(value, dict):
        return any(_mentions(k, needle) or _mentions(v, needle) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_mentions(v, needle) for v in value)
    return False


def _norm(address: str) -> str:
    return address.strip().lower()


def pseudonym(address: str) -> str:
    return "forgotten-" + hashlib.sha256(_norm(address).encode()).hexdigest()[:12] + "@forgotten.invalid"


def tables(store: st.Store) -> list[str]:
    return sorted(store.storage.data)


def export(store: st.Store, address: str, now: datetime | None = None) -> dict[str, Any]:
    """Everything held about `address`, table by table."""
    needle = _norm(address)
    out: dict[str, dict[str, Any]] = {}
    for table in tables(store):
        for key, doc in store.items(table):
            if needle in key.lower() or _mentions(doc, needle):
                out.setdefault(table, {})[key] = doc
    return {"address": needle, "exported_at": (now or utcnow()).isoformat(),
            "tables": out, "documents": sum(len(v) for v in out.values())}


def _scrub(value: Any, pattern: re.Pattern, alias: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(alias, value)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, alias) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern, alias) for v in value]
    return value


def forget(store: st.Store, cfg: Config, address: str, now: datetime) -> dict[str, int]:
    """Erase or anonymise everything about `address` in one commit; tell staff. Returns counts."""
    needle = _norm(address)
    alias = pseudonym(needle)
    pattern = re.compile(re.escape(needle), re.I)
    tx = st.Transaction()
    counts = {"deleted": 0, "anonymised": 0}
    for table in tables(store):
        for key, doc in store.items(table):
            if needle in key.lower() or (table == st.OUTBOX and _mentions(doc, needle)):
                tx.delete(table, key)
                counts["deleted"] += 1
            elif _mentions(doc, needle):
                clean = {k: ("" if isinstance(v, str) else type(v)()) if k in FREE_TEXT and v else v
                         for k, v in doc.items()}
                clean = _scrub(clean, pattern, alias)
                clean["forgotten"] = now.isoformat()
                tx.put(table, key, clean)
                counts["anonymised"] += 1
    key = f"forget|{alias}|{now.isoformat()}"
    text = (f"At the request of the person concerned, mailbot erased or anonymised what it held about\n"
            f"{needle} (now {alias} in the records that must stay): {counts['deleted']} documents deleted,\n"
            f"{counts['anonymised']} anonymised.\n\nPlease erase the person's data in the systems mailbot "
            f"does not control too\n(the mailbox folders, mail clients, spreadsheets).\n")
    mail = compose.build(key=key, sender=(cfg.bot.name, cfg.bot.address), to=[("", a) for a in cfg.bot.staff],
                         subject=f"[privacy] data of {needle} erased", text=text, html=None, date=now,
                         auto_submitted="auto-generated")
    from mailbot.mail import queue as mailq

    tx.put(st.OUTBOX, mail.key, mailq.entry(mail, now))
    tx.put(st.STATE, f"forgotten|{alias}", {"at": now.isoformat(), **counts})
    store.commit(tx)
    log.info("forgot %s: %d deleted, %d anonymised; staff told", alias, counts["deleted"], counts["anonymised"])
    return counts


def purge(store: st.Store, cfg: Config, now: datetime) -> int:
    """Remove message bodies from triage items and requests older than `privacy.retention_days`."""
    cutoff = (now - timedelta(days=cfg.privacy.retention_days)).isoformat()
    tx = st.Transaction()
    for table in (st.TRIAGE, st.REQUESTS):
        for key, doc in store.items(table):
            if doc.get("purged") or not doc.get("created") or doc["created"] >= cutoff:
                continue
            clean = dict(doc, purged=now.isoformat())
            if clean.get("text"):
                clean["text"] = PURGED_TEXT
            if isinstance(clean.get("original"), dict) and clean["original"].get("text"):
                clean["original"] = dict(clean["original"], text=PURGED_TEXT)
            tx.put(table, key, clean)
    purged = len(tx.ops)
    # Reply-cap counters matter for a day; older ones only make the store grow.
    stale = (now - timedelta(days=2)).date().isoformat()
    for key, _ in store.items(st.REPLIES):
        parts = key.split("|")
        if len(parts) > 1 and parts[1][:10] < stale:
            tx.delete(st.REPLIES, key)
    if tx:
        store.commit(tx)
    log.info("retention: message bodies purged from %d triage items and requests older than %d days",
             purged, cfg.privacy.retention_days)
    return purged
