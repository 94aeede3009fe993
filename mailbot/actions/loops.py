"""Loop prevention: when an automatic reply must not go out, and the caps that count replies.

It lives below the rules, in the `reply` action, so no rule table can switch
it off: automatic replies are never sent to automatic mail, lists, bounces,
the null sender or the bot itself (RFC 3834), nor past the rate caps.
"""

from __future__ import annotations

import logging
import re

from mailbot.actions.plan import Plan
from mailbot.adapters import store

log = logging.getLogger("mailbot.actions.effects")

_NO_REPLY_LOCALPARTS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces")


#: postmaster spellings and mailing-list robots (Mailman/majordomo -admin, -owner, -request, -bounces)
_MACHINE_LOCAL = re.compile(r"^(?:post[_.-]?master|mailer[_.-]?daemon|majordomo|listserv|mailman)$|"
                            r"[_.-](?:admin|owner|request|bounces?)$", re.I)


def reply_blocker(p: Plan, to_addr: str) -> str | None:
    """Why an automatic reply to `to_addr` must not be sent, or None (RFC 3834)."""
    msg, cfg = p.msg, p.cfg
    if not to_addr:
        return "no sender address to reply to"
    if "@" not in to_addr or any(c in to_addr for c in " \r\n\t<>,;"):
        return f"the sender address {to_addr[:80]!r} is not a mail address"
    if msg.auto.is_automatic:
        return "automatic mail is never answered (" + ", ".join(msg.auto.reasons or ("bounce",)) + ")"
    if msg.calendar and msg.calendar.method != "REPLY":
        return f"calendar mail (METHOD:{msg.calendar.method}) is not a request to answer"
    if msg.return_path == "":
        return "null envelope sender (Return-Path: <>)"
    local, _, domain = to_addr.partition("@")
    bot_local, _, bot_domain = cfg.bot.address.partition("@")
    if domain == bot_domain and (local == bot_local or local.startswith(bot_local + "+")):
        return "the bot never answers its own address"
    if local.split("+")[0] in _NO_REPLY_LOCALPARTS:
        return f"{local}@ is a machine address"
    if _MACHINE_LOCAL.search(local.split("+")[0]):
        return f"{local}@ is a machine address (postmaster, list robot)"
    day = p.now.strftime("%Y-%m-%d")
    hour = p.now.strftime("%Y-%m-%dT%H")
    sent_day = (p.view.get(store.REPLIES, f"{to_addr}|{day}") or {}).get("count", 0)
    sent_hour = (p.view.get(store.REPLIES, f"{to_addr}|{hour}") or {}).get("count", 0)
    sent_all = (p.view.get(store.REPLIES, f"*|{hour}") or {}).get("count", 0)
    sent_all_day = (p.view.get(store.REPLIES, f"*|{day}") or {}).get("count", 0)
    if sent_day >= cfg.bot.replies_per_sender_per_day:
        return f"reply cap reached: {sent_day} automatic replies to {to_addr} today"
    if sent_hour >= cfg.bot.replies_per_sender_per_hour:
        return f"reply cap reached: {sent_hour} automatic replies to {to_addr} this hour"
    if sent_all >= cfg.bot.replies_global_per_hour:
        return f"global reply cap reached: {sent_all} automatic replies this hour"
    if sent_all_day >= cfg.bot.replies_global_per_day:
        return f"global reply cap reached: {sent_all_day} automatic replies today"
    return None


def warn_cap_once(p: Plan, to_addr: str, blocked: str) -> None:
    """One WARNING per sender (or for the global cap) and hour when a reply cap is hit, not one per message."""
    if "reply cap reached" not in blocked:
        return
    who = "*" if blocked.startswith("global") else to_addr
    key = f"{who}|{p.now.strftime('%Y-%m-%dT%H')}|warned"
    if p.view.get(store.REPLIES, key) is None:
        log.warning("%s; further automatic replies%s are held this hour", blocked,
                    "" if who == "*" else f" to {to_addr}")
        p.records.append((store.REPLIES, key, {"count": 0, "warned": p.now.isoformat()}))


def count_reply(p: Plan, to_addr: str) -> None:
    day = p.now.strftime("%Y-%m-%d")
    hour = p.now.strftime("%Y-%m-%dT%H")
    for key in (f"{to_addr}|{day}", f"{to_addr}|{hour}", f"*|{hour}", f"*|{day}"):
        doc = p.view.get(store.REPLIES, key) or {"count": 0}
        doc = dict(doc, count=doc["count"] + 1)
        p.records.append((store.REPLIES, key, doc))
