"""`mark_bounce`: score a delivery failure per failed address; past the threshold the address is suspended and staff told once."""

from __future__ import annotations

import logging
from typing import Any

from mailbot.actions.plan import Plan
from mailbot.adapters import store
from mailbot.workflows import bounces

log = logging.getLogger("mailbot.actions.effects")

name = "mark_bounce"
description = "Score a bounce per failed address; past the threshold suspend the address and tell staff once (template)."
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    """Score the bounce per failed address (bounces.py); past the threshold suspend it and tell staff once."""
    statuses = dict(p.msg.auto.failed_status)
    for addr in p.msg.auto.failed_recipients or ():
        addr = addr.lower()
        doc, newly = bounces.score(p.view.get(store.BOUNCES, addr), addr, statuses.get(addr, ""), p.now,
                                   p.msg.message_id, p.cfg.bounces)
        p.records.append((store.BOUNCES, addr, doc))
        if newly:
            why = f"{addr}, bounce score {doc['score']} after {doc['count']} bounces"
            p.notes.append(f"mail to {addr} suspended (bounce score {doc['score']})")
            log.warning("mail to %s suspended: bounce score %s", addr, doc["score"])
            p.outbox.append(p.mail(params["template"], [("", a) for a in p.cfg.bot.staff],
                                   kind="bounce-suspended", reply=False, reason=why))
    if not p.msg.auto.failed_recipients:
        p.notes.append("bounce without a recognisable failed recipient")
