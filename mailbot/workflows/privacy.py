"""GDPR: what mailbot holds about a person — export, forget — and retention.

- `export(store, address, cfg)`: every document in every table whose key or
  any field mentions the address (outbox raw mail and triage text included),
  and the web form files and web queue entries that do, as one JSON-able
  dict (`mailbot export ADDRESS`).
- `forget(store, cfg, address, now)`: erase or anonymise it everywhere in the
  store (`mailbot forget ADDRESS`): documents *keyed* by the address
  (members, bounces, reply counters, attendance, ...) and unsent outbox mail
  that mentions it are deleted; other documents that mention it (requests,
  triage items, the processed audit lines, the sent log) are kept for the
  records with the address replaced by a pseudonym made of a random erasure
  id and their free text (bodies, subjects, names, raw mail) removed. One
  commit; then the journal is compacted, so no line of the store file still
  holds the person. Staff are told by a mail naming only the erasure id.
- `erase_files(cfg, address, mailbox, transport)`: the rest of the data
  folder: the bot's own mail folders (processed, triage; Maildir or IMAP),
  the sent Maildir, the web form and web queue files, the store's side files.
- `purge(store, cfg, now)`: the retention rule (`[privacy] retention_days`):
  message bodies in triage items and requests older than N days are removed,
  keeping what the records need (ids, status, dates, intent, groups).
  `mailbot purge`, and callable from the scheduler.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from mailbot.core.clock import utcnow
from mailbot.mail import compose
from mailbot.adapters import store as st
from mailbot.core.config import Config
from mailbot.mail.unit import Unit

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


def tables(store: st.Store) -> list[str]:
    return store.tables()


def export(store: st.Store, address: str, now: datetime | None = None, cfg: Config | None = None) -> dict[str, Any]:
    """Everything held about `address`, table by table, and (with `cfg`) the web's files."""
    needle = _norm(address)
    out: dict[str, dict[str, Any]] = {}
    for table in tables(store):
        for key, doc in store.items(table):
            if needle in key.lower() or _mentions(doc, needle):
                out.setdefault(table, {})[key] = doc
    files = {str(p): doc for p, doc in _web_files(cfg, needle)} if cfg is not None else {}
    return {"address": needle, "exported_at": (now or utcnow()).isoformat(),
            "tables": out, "web_files": files, "documents": sum(len(v) for v in out.values()) + len(files)}


def _web_files(cfg: Config, needle: str) -> list[tuple[Path, Any]]:
    """The web form files (pending and confirmed submissions, sign-in links) and web queue
    entries that mention `needle`, with their content."""
    from mailbot.core.config import web_dir

    root = web_dir(cfg)
    out = []
    if not root.is_dir():
        return out
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.suffix not in (".json", ""):
            continue
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if needle.encode() not in data.lower():
            continue
        try:
            doc: Any = json.loads(data)
        except ValueError:
            doc = data.decode("utf-8", "replace")
        out.append((p, doc))
    return out


def erase_files(cfg: Config, address: str, mailbox: Any = None, transport: Any = None,
                sent_keys: list[str] | tuple[str, ...] = ()) -> dict[str, int]:
    """Delete what the data folder holds about `address` outside the store's own records:
    the bot's processed and triage mail (`mailbox.erase`), its sent mail (`transport.erase`,
    the Maildir sink), the web's form and queue files, and lines of the store's side files
    (a torn transaction kept aside, the delivery journal, repair backups). Returns counts."""
    needle = _norm(address)
    counts = {"mail": 0, "sent": 0, "web_files": 0, "side_lines": 0}
    if mailbox is not None and hasattr(mailbox, "erase"):
        counts["mail"] = mailbox.erase(needle)
    if transport is not None and hasattr(transport, "erase"):
        counts["sent"] = transport.erase(needle, sent_keys)
    for p, _ in _web_files(cfg, needle):
        p.unlink(missing_ok=True)
        counts["web_files"] += 1
    store_path = cfg.path(cfg.store.path)
    want = needle.encode()
    for p in store_path.parent.glob(store_path.name + ".*"):
        if p.suffix in (".lock",) or not p.is_file():
            continue
        data = p.read_bytes()
        if want not in data.lower():
            continue
        kept = [ln for ln in data.splitlines(keepends=True) if want not in ln.lower()]
        counts["side_lines"] += data.count(b"\n") - sum(ln.count(b"\n") for ln in kept)
        tmp = p.with_name(p.name + ".forget-tmp")
        tmp.write_bytes(b"".join(kept))
        os.replace(tmp, p)
    return counts


def _scrub(value: Any, pattern: re.Pattern, alias: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(alias, value)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, alias) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern, alias) for v in value]
    return value


def forget(store: st.Store, cfg: Config, address: str, now: datetime) -> dict[str, Any]:
    """Erase or anonymise everything about `address` in one commit, compact the journal;
    tell staff, by the erasure id only. Returns counts and the erasure id."""
    needle = _norm(address)
    erasure = secrets.token_hex(6)
    alias = f"forgotten-{erasure}@forgotten.invalid"
    pattern = re.compile(re.escape(needle), re.I)
    unit = Unit(store, cfg, now)
    counts: dict[str, Any] = {"deleted": 0, "anonymised": 0}
    # Mail caused by the person's messages is about them even where it does not
    # name their address (a facilitator's join request quotes their text):
    # its idempotency keys let erase_files find it in the sent mail.
    theirs = {k for k, d in store.items(st.PROCESSED) if needle in k.lower() or _mentions(d, needle)}
    related = sorted(k for t in (st.SENT, st.OUTBOX) for k, d in store.items(t)
                     if needle in k.lower() or d.get("source") in theirs or _mentions(d, needle))
    for table in tables(store):
        for key, doc in store.items(table):
            if needle in key.lower() or (table == st.OUTBOX and _mentions(doc, needle)):
                unit.delete(table, key)
                counts["deleted"] += 1
            elif _mentions(doc, needle):
                clean = {k: ("" if isinstance(v, str) else type(v)()) if k in FREE_TEXT and v else v
                         for k, v in doc.items()}
                clean = _scrub(clean, pattern, alias)
                clean["forgotten"] = now.isoformat()
                unit.put(table, key, clean)
                counts["anonymised"] += 1
    key = f"forget|{erasure}"
    # The notice names the erasure id only: whoever asked for the erasure
    # knows whom it was about; the mail itself must not name the person.
    text = (f"At the request of a person concerned, mailbot erased or anonymised what it held about them\n"
            f"(erasure {erasure}; forgotten-{erasure} in the records that must stay): {counts['deleted']} "
            f"documents deleted,\n{counts['anonymised']} anonymised, their mail in the bot's folders and their "
            f"web form files deleted.\n\nPlease erase the person's data in the systems mailbot does not control "
            f"too\n(mail clients, spreadsheets, backups).\n")
    mail = compose.build(key=key, sender=(cfg.bot.name, cfg.bot.address), to=[("", a) for a in cfg.bot.staff],
                         subject=f"[privacy] erasure {erasure} done", text=text, html=None, date=now,
                         auto_submitted="auto-generated")
    unit.mail([mail])  # through the outgoing guard and its caps, as every mail
    unit.put(st.STATE, f"forgotten|{alias}", {"at": now.isoformat(), **counts})
    # compact: the journal's older lines still name the person, so the file is rewritten without them
    unit.commit(compact=True)
    counts["erasure_id"] = erasure
    counts["sent_keys"] = related
    log.info("erasure %s: %d documents deleted, %d anonymised; staff told", erasure, counts["deleted"],
             counts["anonymised"])
    return counts


def purge(store: st.Store, cfg: Config, now: datetime) -> int:
    """Remove message bodies from triage items and requests older than `privacy.retention_days`."""
    cutoff = (now - timedelta(days=cfg.privacy.retention_days)).isoformat()
    unit = Unit(store, cfg, now)
    for table in (st.TRIAGE, st.REQUESTS):
        for key, doc in store.items(table):
            if doc.get("purged") or not doc.get("created") or doc["created"] >= cutoff:
                continue
            clean = dict(doc, purged=now.isoformat())
            if clean.get("text"):
                clean["text"] = PURGED_TEXT
            if isinstance(clean.get("original"), dict) and clean["original"].get("text"):
                clean["original"] = dict(clean["original"], text=PURGED_TEXT)
            unit.put(table, key, clean)
    purged = len(unit)
    # Reply-cap counters matter for a day; older ones only make the store grow.
    stale = (now - timedelta(days=2)).date().isoformat()
    for key, _ in store.items(st.REPLIES):
        parts = key.split("|")
        if len(parts) > 1 and parts[1][:10] < stale:
            unit.delete(st.REPLIES, key)
    unit.commit()
    log.info("retention: message bodies purged from %d triage items and requests older than %d days",
             purged, cfg.privacy.retention_days)
    return purged
