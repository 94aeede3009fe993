"""`mark_bounce`: score a delivery failure per failed address; past the threshold the address is suspended and staff told once.

A bounce counts only when it is tied to mail the bot sent (a VERP envelope
sender, or a quoted Message-ID: workflows/bounces.tied), so a forged
X-Failed-Recipients cannot suspend anyone. Staff and facilitator addresses
are never suspended automatically: staff are told instead.
"""

from __future__ import annotations

import logging
from typing import Any

from mailbot.actions.plan import Plan
from mailbot.adapters import store
from mailbot.workflows import bounces
from mailbot.workflows import membership as wf

log = logging.getLogger("mailbot.actions.effects")

name = "mark_bounce"
description = ("Score a bounce tied to mail the bot sent, per failed address; past the threshold suspend the "
               "address and tell staff once (template), or, for a staff or facilitator address, only tell staff "
               "(warning_template).")
defaults = {"template": None, "warning_template": "staff_bounce_warning"}


def run(p: Plan, params: dict[str, Any]) -> None:
    """Score the bounce per failed address (bounces.py) — only when the bounce is tied to mail the
    bot sent (VERP, or a quoted Message-ID). Past the threshold an ordinary address is suspended
    and staff told once; a staff or facilitator address is never suspended: staff are told instead."""
    statuses = dict(p.msg.auto.failed_status)
    staff = {a.lower() for a in p.cfg.bot.staff}
    for addr in p.msg.auto.failed_recipients or ():
        addr = addr.lower()
        how = bounces.tied(p.view, p.cfg, p.msg, addr)
        if not how:
            p.notes.append(f"bounce for {addr} not tied to mail the bot sent (no VERP, no sent Message-ID): not counted")
            continue
        protected = addr in staff or wf.is_facilitator(addr, p.cfg, p.view)
        prev = p.view.get(store.BOUNCES, addr) or {}
        doc, newly = bounces.score(prev or None, addr, statuses.get(addr, ""), p.now,
                                   p.msg.message_id, p.cfg.bounces)
        doc["tied_by"] = how
        if protected and newly:
            doc = {k: v for k, v in doc.items() if k != "suspended_at"}
            doc.update(suspended=False)
        if protected and newly and prev.get("protected"):
            pass  # staff were told once already
        elif protected and newly:
            doc.update(protected=True, warned_at=p.now.isoformat())
            why = f"{addr} (a staff or facilitator address), bounce score {doc['score']} after {doc['count']} bounces"
            p.notes.append(f"{addr} keeps bouncing; not suspended (staff or facilitator), staff told")
            log.warning("%s keeps bouncing (score %s): not suspended, staff told", addr, doc["score"])
            p.outbox.append(p.mail(params["warning_template"], [("", a) for a in p.cfg.bot.staff],
                                   kind="bounce-warning", reply=False, reason=why))
        elif newly:
            why = f"{addr}, bounce score {doc['score']} after {doc['count']} bounces"
            p.notes.append(f"mail to {addr} suspended (bounce score {doc['score']})")
            log.warning("mail to %s suspended: bounce score %s", addr, doc["score"])
            p.outbox.append(p.mail(params["template"], [("", a) for a in p.cfg.bot.staff],
                                   kind="bounce-suspended", reply=False, reason=why))
        p.records.append((store.BOUNCES, addr, doc))
    if not p.msg.auto.failed_recipients:
        p.notes.append("bounce without a recognisable failed recipient")
