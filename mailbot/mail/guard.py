"""The one loop guard and rate cap every outgoing mail passes, whatever its kind.

`mail/queue.enqueue` calls `admit()` for each mail before it is queued:
acknowledgements, facilitator requests, staff notices, proposal-interest
mails, invitations, digests, command results. Whatever a rule, a workflow
or the scheduler planned:

* nothing goes to the bot itself (or its plus-addresses), to no-reply or
  null senders, to postmaster/MAILER-DAEMON, or to list and robot addresses
  (-request, -owner, -bounces, majordomo, …): those recipients are dropped;
* per recipient and for the whole bot, at most `[bot] mails_per_recipient_per_hour`
  / `_per_day` and `mails_global_per_hour` / `_per_day` mails are queued
  (staff and facilitators, whose mail a burst of join requests legitimately
  swells, count only towards the global caps);
  past a cap the mail is kept in the outbox as ``held`` (never sent on its
  own; `mailbot status` counts it), with one WARNING per recipient and hour;
* one incoming message causes at most `MAX_MAILS_PER_MESSAGE` mails; the
  rest are held the same way (staff can still send them);
* a burst of staff notices — more than `[bot] staff_notices_per_hour` to one
  staff address in an hour — is not sent mail by mail: each further notice
  waits in table ``digest`` and `mail/notices.flush_digests()` (every cycle) sends each
  staff address one digest mail of them once the hour is over. Answers to
  staff's own commands and confirmations are never digested.

Each mail also gets its VERP envelope sender here (`verp_address`), so
a bounce can be tied to the mail it is about.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from mailbot.adapters import store as st
from mailbot.adapters.secret import secret
from mailbot.core.config import Config
from mailbot.core.model import OutgoingMail
from mailbot.core.tables import GROUPS_EXTRA, MAIL_COUNTS, STAFF_DIGEST
from mailbot.mail.parse import NO_REPLY_LOCAL

log = logging.getLogger(__name__)

#: mails one incoming message may cause; the rest are held in the outbox
MAX_MAILS_PER_MESSAGE = 25
HELD = "held"
COUNTS = MAIL_COUNTS
DIGEST = STAFF_DIGEST
VERP_PREFIX = "bounce-"
VERP_MAC = 16
#: kinds (the key's second-to-last-but-one field) that answer a staff member's own mail: never digested
_DIRECT_KINDS = {"command", "confirm", "digest"}

_NO_REPLY = NO_REPLY_LOCAL


def blocked_recipient(addr: str, cfg: Config) -> str | None:
    """Why no mail of the bot's may go to `addr` at all, or None."""
    addr = (addr or "").strip().lower()
    if not addr or addr.count("@") != 1 or any(c in addr for c in " \r\n\t<>,;\"()"):
        return f"{addr[:80]!r} is not a mail address"
    local, _, domain = addr.partition("@")
    if not local or "." not in domain:
        return f"{addr[:80]!r} is not a mail address"
    bot_local, _, bot_domain = cfg.bot.address.lower().partition("@")
    if domain == bot_domain and (local == bot_local or local.startswith(bot_local + "+")):
        return "the bot's own address"
    if _NO_REPLY.search(local.split("+")[0]):
        return f"{local}@ is a no-reply, null, list or robot address"
    return None


def verp_mac(key: bytes, recipient: str) -> str:
    return hmac.new(key, f"bounce|{recipient.lower()}".encode(), hashlib.sha256).hexdigest()[:VERP_MAC]


def verp_address(cfg, view: Any, to: list[str] | tuple[str, ...]) -> str:
    """The envelope sender for a mail to `to`: VERP for one recipient, the bot's address otherwise."""
    if len(to) != 1:
        return cfg.bot.address
    local, _, domain = cfg.bot.address.partition("@")
    return f"{local}+{VERP_PREFIX}{verp_mac(secret(cfg, view), to[0])}@{domain}"


def _kind(key: str) -> str:
    parts = key.split("|")
    return parts[-3] if len(parts) >= 4 else ""


class _Counts:
    """Counters read from the store and this transaction (a batch's earlier messages count too)."""

    def __init__(self, tx: st.Transaction, store: Any):
        self.store = store
        self.mem: dict[str, Any] = tx.__dict__.setdefault("_guard_counts", {})
        #: where in tx.ops each counter was written: a later count replaces it there, so a batch
        #: of many mails writes each counter once, not once per mail
        self.at: dict[str, int] = tx.__dict__.setdefault("_guard_ops", {})
        self.tx = tx

    def get(self, table: str, key: str) -> dict | None:
        k = f"{table}\0{key}"
        if k not in self.mem:
            self.mem[k] = self.store.get(table, key)
        return self.mem[k]

    def put(self, table: str, key: str, doc: dict) -> None:
        k = f"{table}\0{key}"
        self.mem[k] = doc
        i = self.at.get(k)
        if i is not None and i < len(self.tx.ops) and self.tx.ops[i][:2] == [table, key]:
            self.tx.ops[i][2] = doc
        else:
            self.at[k] = len(self.tx.ops)
            self.tx.put(table, key, doc)


def admit(tx: st.Transaction, store: Any, mails: list[OutgoingMail], now: datetime,
          cfg: Config) -> list[tuple[OutgoingMail, str]]:
    """Each mail with "" (queue it) or why it is held; recipients it may never mail are dropped.

    Mails to staff past the hourly notice cap go to the digest instead and are not returned.
    """
    counts = _Counts(tx, store)
    hour, day = now.strftime("%Y-%m-%dT%H"), now.strftime("%Y-%m-%d")
    staff = {a.lower() for a in cfg.bot.staff}
    per_source: dict[str, int] = {}
    out: list[tuple[OutgoingMail, str]] = []
    for mail in mails:
        to = []
        for a in mail.to:
            why = blocked_recipient(a, cfg)
            if why:
                log.info("outgoing %s: not to %s (%s)", mail.key, a, why)
            else:
                to.append(a.lower())
        if not to:
            continue
        if tuple(to) != tuple(a.lower() for a in mail.to):
            mail = replace(mail, to=tuple(to))
        if mail.envelope_from:  # a null envelope sender stays null
            mail = replace(mail, envelope_from=verp_address(cfg, store, to))
        kind = _kind(mail.key)
        if (kind and kind not in _DIRECT_KINDS and all(a in staff for a in to)
                and all(_count(counts, a, hour) >= cfg.bot.staff_notices_per_hour for a in to)):
            _to_digest(counts, mail, to, now)
            continue
        src = mail.source_message_id or mail.key.split("|")[0]
        per_source[src] = per_source.get(src, 0) + 1
        held = ""
        if per_source[src] > MAX_MAILS_PER_MESSAGE:
            held = f"more than {MAX_MAILS_PER_MESSAGE} mails caused by one message"
        else:
            held = _over_cap(counts, to, hour, day, cfg, known=staff | _facilitators(cfg, store, counts))
        if held:
            _warn_once(counts, to[0], hour, held)
        else:
            for a in (*to, "*"):
                for period in (hour, day):
                    key = f"{a}|{period}"
                    doc = counts.get(COUNTS, key) or {"count": 0}
                    counts.put(COUNTS, key, {"count": doc.get("count", 0) + 1})
        out.append((mail, held))
    return out


def _facilitators(cfg: Config, view: Any, counts: _Counts) -> set[str]:
    """The groups' facilitators — the config's and those of groups created by approved
    proposals (table ``groups_extra``, workflows/membership.py) — once per transaction."""
    cached = counts.mem.get("\0facilitators")
    if cached is None:
        cached = {g.facilitator.lower() for g in cfg.groups}
        items = getattr(view, "items", None)
        for _, doc in (items(GROUPS_EXTRA) if items else []):
            if doc.get("status", "active") == "active" and doc.get("facilitator"):
                cached.add(str(doc["facilitator"]).lower())
        counts.mem["\0facilitators"] = cached
    return cached


def _count(counts: _Counts, addr: str, period: str) -> int:
    return int((counts.get(COUNTS, f"{addr}|{period}") or {}).get("count", 0))


def _over_cap(counts: _Counts, to: list[str], hour: str, day: str, cfg: Config, known=()) -> str:
    b = cfg.bot
    for a in to:
        if a in known:  # staff and facilitators: their mail is bounded by the global caps (and digests)
            continue
        if _count(counts, a, hour) >= b.mails_per_recipient_per_hour:
            return f"cap: {b.mails_per_recipient_per_hour} mails to {a} this hour"
        if _count(counts, a, day) >= b.mails_per_recipient_per_day:
            return f"cap: {b.mails_per_recipient_per_day} mails to {a} today"
    if _count(counts, "*", hour) >= b.mails_global_per_hour:
        return f"global cap: {b.mails_global_per_hour} mails this hour"
    if _count(counts, "*", day) >= b.mails_global_per_day:
        return f"global cap: {b.mails_global_per_day} mails today"
    return ""


def _warn_once(counts: _Counts, addr: str, hour: str, why: str) -> None:
    key = f"warned|{'*' if why.startswith('global') else addr}|{hour}"
    if counts.get(COUNTS, key) is None:
        log.warning("outgoing mail held: %s (further mail held this hour too; `mailbot status` counts them)", why)
        counts.put(COUNTS, key, {"count": 0})


def _to_digest(counts: _Counts, mail: OutgoingMail, to: list[str], now: datetime) -> None:
    subject = ""
    head = mail.raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    m = re.search(rb"(?im)^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)", head)
    if m:
        from email.header import decode_header, make_header

        try:
            subject = str(make_header(decode_header(m.group(1).decode("ascii", "replace"))))
        except Exception:
            subject = m.group(1).decode("ascii", "replace")
    for a in to:
        doc = dict(counts.get(DIGEST, a) or {"items": [], "since": now.isoformat()})
        items = list(doc.get("items", []))
        if not any(i.get("key") == mail.key for i in items):
            items.append({"key": mail.key, "subject": " ".join(subject.split())[:200], "at": now.isoformat()})
        doc["items"] = items[-500:]  # a digest names at most the latest 500
        doc["dropped"] = int(doc.get("dropped", 0)) + max(0, len(items) - 500)
        counts.put(DIGEST, a, doc)
    log.info("staff notice %s kept for the next digest (more than the hourly notices)", mail.key)
