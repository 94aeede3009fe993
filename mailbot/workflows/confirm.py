"""Privileged commands held until confirmed by mail (as Mailman confirms by mail).

When privileged mail (a staff command, a facilitator's answer, a `meeting`
command, a group update, an RSVP for someone else) comes without an
Authentication-Results pass — the receiving server adds none, or says
nothing about the From domain — it is not carried out. It is kept in table
``held`` and a confirmation goes to the staff or facilitator address itself,
with a one-time token in the subject (``[confirm:<token>]``) and in a
plus-address Reply-To (``procurement+confirm-<token>@…``). Whoever forged
the From line never sees that mail; the real owner replies to carry the
command out. A token works once, only from the address it was sent to, and
only for `bot.confirm_hours`.

The token is an HMAC under the token secret over the held message's id, so
deciding the same message twice holds it under the same token (decide() is
pure), and nobody without the secret can compute it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from mailbot.core.config import Config
from mailbot.core.model import Address, CalendarPart, Intent, ParsedMessage
from mailbot.core.tables import HELD
from mailbot.workflows import tokens

PENDING, DONE, EXPIRED = "pending", "done", "expired"
TOKEN_LEN = 24
SUBJECT_RE = re.compile(r"\[confirm:\s*([0-9a-f]{%d})\s*\]" % TOKEN_LEN, re.I)
PLUS_PREFIX = "confirm-"


def token(key: bytes, message_id: str, action: str) -> str:
    """The one-time token for holding `action` of message `message_id`."""
    return hmac.new(key, f"confirm|{message_id}|{action}".encode(), hashlib.sha256).hexdigest()[:TOKEN_LEN]


def reply_address(cfg: Config, tok: str) -> str:
    local, _, domain = cfg.bot.address.partition("@")
    return f"{local}+{PLUS_PREFIX}{tok}@{domain}"


def candidates(msg: ParsedMessage, cfg: Config) -> list[str]:
    """Token-shaped strings where a reply keeps one: the bot's plus-address, the subject."""
    out: list[str] = []
    local, _, domain = cfg.bot.address.lower().partition("@")
    for a in (*msg.to, *msg.cc):
        lp, _, dom = a.addr.lower().partition("@")
        if dom == domain and lp.startswith(f"{local}+{PLUS_PREFIX}"):
            out.append(lp[len(local) + 1 + len(PLUS_PREFIX):])
    out.extend(m.group(1).lower() for m in SUBJECT_RE.finditer(msg.subject or ""))
    return list(dict.fromkeys(t for t in out if re.fullmatch(r"[0-9a-f]{%d}" % TOKEN_LEN, t)))


def find(msg: ParsedMessage, cfg: Config, view: Any, now: datetime) -> tuple[dict | None, str]:
    """The pending held command this reply confirms, or (None, why not)."""
    seen = candidates(msg, cfg)
    if not seen:
        return None, "no confirmation token"
    for tok in seen:
        doc = view.get(HELD, tok) if view is not None else None
        if doc is None:
            continue
        if doc.get("status") != PENDING:
            return None, f"confirmation {tok[:8]}… was already used ({doc.get('status')})"
        if now > datetime.fromisoformat(doc["expires"]):
            return None, f"confirmation {tok[:8]}… expired at {doc['expires']}"
        if (msg.sender_addr or "").lower() != doc.get("sender", "").lower():
            return None, f"confirmation {tok[:8]}… must come from {doc.get('sender')}, not {msg.sender_addr}"
        return doc, ""
    return None, "no held command with that token"


def is_confirmation(msg: ParsedMessage, cfg: Config, view: Any, now: datetime) -> bool:
    """Whether a (non-automatic) reply carries the token of a held command (pending or not:
    a used, lapsed or misdirected one is refused with its reason by effects.act_confirm_held)."""
    if msg.auto.is_automatic:  # an out-of-office answer keeps the subject: never a confirmation
        return False
    return any(view.get(HELD, t) is not None for t in candidates(msg, cfg)) if view is not None else False


def is_check_reply(msg: ParsedMessage, cfg: Config, view: Any) -> bool:
    """Whether a (non-automatic) reply answers our question whether we read a request right
    (a held record made with `check`): only a yes to it carries the request out."""
    if msg.auto.is_automatic or view is None:
        return False
    return any((view.get(HELD, t) or {}).get("check") for t in candidates(msg, cfg))


def held_record(cfg: Config, view: Any, now: datetime, msg: ParsedMessage, intent: Intent,
                action: str, params: dict, what: str, why: str, then: list[dict] | None = None,
                check: bool = False) -> dict:
    """The `held` document keeping everything the action needs to run on confirmation,
    and `then`, the rest of its rule (`{"action", "params"}` each), to run after it.
    `check`: we asked whether we read the request right, so only a yes confirms it."""
    tok = token(tokens.secret(cfg, view), msg.message_id, action)
    return {
        "id": tok, "status": PENDING, "action": action, "params": params, "then": list(then or []),
        "what": what, "why": why, "check": check,
        "sender": (msg.sender_addr or "").lower(), "created": now.isoformat(),
        "expires": (now + timedelta(hours=cfg.bot.confirm_hours)).isoformat(),
        "message": freeze(msg), "intent": {"name": intent.name, "groups": list(intent.groups),
                                           "confidence": intent.confidence, "topic": intent.topic},
    }


def freeze(msg: ParsedMessage) -> dict:
    """The parts of a message the privileged actions read, as JSON."""
    return {
        "message_id": msg.message_id,
        "sender": [msg.sender.addr, msg.sender.name] if msg.sender else None,
        "to": [a.addr for a in msg.to][:20], "cc": [a.addr for a in msg.cc][:20],
        "subject": (msg.subject or "")[:500], "text": (msg.text or "")[:20000],
        "full_text": (msg.full_text or "")[:20000], "in_reply_to": msg.in_reply_to,
        "references": list(msg.references)[:50], "language": msg.language,
        "date": msg.date.isoformat() if msg.date else "",
        "calendar": asdict(msg.calendar) if msg.calendar else None,
    }


def thaw(doc: dict) -> ParsedMessage:
    """A ParsedMessage back from `freeze`."""
    sender = doc.get("sender")
    return ParsedMessage(
        message_id=doc["message_id"], sender=Address(sender[0], sender[1]) if sender else None,
        to=tuple(Address(a) for a in doc.get("to", [])), cc=tuple(Address(a) for a in doc.get("cc", [])),
        subject=doc.get("subject", ""), text=doc.get("text", ""), full_text=doc.get("full_text", ""),
        in_reply_to=doc.get("in_reply_to", ""), references=tuple(doc.get("references", [])),
        language=doc.get("language", ""),
        date=datetime.fromisoformat(doc["date"]) if doc.get("date") else None,
        calendar=CalendarPart(**doc["calendar"]) if doc.get("calendar") else None,
    )


def intent_of(doc: dict) -> Intent:
    i = doc.get("intent") or {}
    return Intent(i.get("name", "unknown"), groups=tuple(i.get("groups", [])),
                  confidence=float(i.get("confidence", 1.0)), topic=i.get("topic", ""))
