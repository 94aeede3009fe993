"""Facilitators' group updates: a reply to the twice-yearly reminder, stored per group and half-year and sent on to staff."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from mailbot.core.clock import utcnow
from mailbot.core.config import Config
from mailbot.core.model import ParsedMessage
from mailbot.core.tables import SCHEDULE_SENT, UPDATES
from mailbot.mail import compose
from mailbot.workflows.membership import Work, context, group_of, lookup, person


# -- facilitators' group updates (replies to the twice-yearly reminder) -----------------------

UPDATE_TAG = re.compile(r"\[update:\s*([a-z0-9][a-z0-9-]{0,63})\s*\]", re.I)


def period_of(day: datetime | Any) -> str:
    """The half-year an update belongs to: "2027-H1" (January–June) or "2027-H2"."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def update_reply(msg: ParsedMessage, cfg: Config, view: Any) -> dict | None:
    """Whether `msg` is a facilitator's reply to their twice-yearly reminder, and for which group.

    Matched by In-Reply-To/References naming a reminder's Message-ID (the
    scheduler's sent-log keeps it), or else by the ``[update:<group>]`` tag
    the reminder's subject carries (clients that drop In-Reply-To keep the
    subject). Only from that group's facilitator or staff, and never for
    automatic mail: anything else is left to the ordinary rules. Returns
    {group, period, reminder} or None.
    """
    if msg.auto.is_automatic or msg.calendar is not None or not msg.sender_addr:
        return None
    reminder: dict | None = None
    for mid in [msg.in_reply_to, *reversed(msg.references)]:
        mid = (mid or "").strip().strip("<>")
        if not mid:
            continue
        hit = [d for _, d in lookup(view, SCHEDULE_SENT, "message_id", mid) if d.get("kind") == "facilitator_reminder"]
        if hit:
            reminder = hit[0]
            break
    slug = reminder.get("group", "") if reminder else ""
    if not slug:
        m = UPDATE_TAG.search(msg.subject or "")
        slug = m.group(1).lower() if m else ""
    g = group_of(slug, cfg, view) if slug else None
    if g is None:
        return None
    sender = msg.sender_addr.lower()
    if sender != g.facilitator.lower() and sender not in [a.lower() for a in cfg.bot.staff]:
        return None
    ref = (reminder or {}).get("ref", "")
    if not ref:  # by subject only: the latest reminder this group was sent
        sent = sorted((d.get("due_at", ""), d.get("ref", "")) for _, d in lookup(view, SCHEDULE_SENT, "group", g.slug)
                      if d.get("kind") == "facilitator_reminder" and d.get("status") == "sent")
        ref = sent[-1][1] if sent else ""
    try:
        day = datetime.fromisoformat(ref.removeprefix("reminder-")) if ref else None
    except ValueError:
        day = None
    return {"group": g.slug, "period": period_of(day or msg.date or utcnow()), "reminder": ref}


def record_update(work: Work, msg: ParsedMessage, upd: dict, template: str) -> dict:
    """Store the reply as the group's update for the period (a later reply replaces it) and forward it to staff."""
    g = group_of(upd["group"], work.cfg, work.view)
    key = f"{upd['group']}|{upd['period']}"
    old = work.get(UPDATES, key)
    doc = {
        "group": upd["group"], "period": upd["period"], "reminder": upd.get("reminder", ""),
        "text": compose.text_safe(msg.text or msg.full_text, 20000),
        "author": msg.sender_addr, "author_name": compose.header_safe(msg.sender.name if msg.sender else "", 120),
        "date": work.now.isoformat(), "message_id": msg.message_id,
        "subject": compose.header_safe(msg.subject, 250), "status": "received",
        "revisions": int((old or {}).get("revisions", 0)) + 1,
    }
    work.put(UPDATES, key, doc)
    who = person(msg.sender_addr, doc["author_name"], work.view)
    ctx = context(work.cfg, work.view, who, subject=msg.subject, text=doc["text"], groups=[g] if g else [],
                  update=doc, group_name=g.name if g else upd["group"])
    work.mail(template, [("", a) for a in work.cfg.bot.staff], ctx, kind="group-update",
              reply_to=msg.sender_addr)
    work.notes.append(f"update for {key} from {msg.sender_addr} stored (revision {doc['revisions']}), staff told")
    return doc
