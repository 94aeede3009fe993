"""`triage`: a triage item for staff (reason), announced to them (template) unless the mail came from a machine.

Every other action falls back on it when it cannot act, so a message the bot
cannot handle always reaches a person; `trusted` is that fallback for the
Authentication-Results gate.
"""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan
from mailbot.adapters import store
from mailbot.decide import trust
from mailbot.mail import compose

name = "triage"
description = "A triage item for staff (reason), announced to staff by mail (template) unless the mail came from a machine."
defaults = {"reason": "needs a person", "template": "staff_triage"}
#: makes an id (the triage item's) that later mail may quote
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    reason = params.get("reason", "needs a person")
    p.triage_id = p.triage_id or p.short_id("triage")
    p.destination = "triage"
    addr, name = p.acted_for()
    proposed = proposed_action(p)
    item = {
        "id": p.triage_id,
        "status": "open",
        "reason": reason,
        "created": p.now.isoformat(),
        "message_id": p.msg.message_id,
        "from": p.msg.sender_addr,
        "acted_for": addr,
        "acted_for_name": name,
        "subject": compose.header_safe(p.msg.subject, 250),
        "text": compose.text_safe(p.msg.text, 8000),
        "intent": p.intent.name,
        "groups": list(p.intent.groups),
        "confidence": p.intent.confidence,
        "proposed": proposed,
        "defects": list(p.msg.defects[:20]),
    }
    if p.msg.forwarded:
        f = p.msg.forwarded
        item["original"] = {
            "from": f.sender.addr if f.sender else "",
            "name": f.sender.name if f.sender else "",
            "date": f.date,
            "subject": compose.header_safe(f.subject, 250),
            "text": compose.text_safe(f.text, 8000),
        }
    p.records.append((store.TRIAGE, p.triage_id, item))
    # Announce to staff, except for machine mail: a bounce storm must not
    # become a storm of staff notifications; it waits in `mailbot triage`.
    if not p.msg.auto.is_automatic:
        to = [("", a) for a in p.cfg.bot.staff]
        p.outbox.append(p.mail(params.get("template") or defaults["template"], to, kind="triage", reply=False,
                               reason=reason, proposed=proposed))


def proposed_action(p: Plan) -> str:
    """What the bot would do, for staff to approve with one command."""
    intent = p.intent.original if p.intent.name == "forward" and p.intent.original else p.intent
    if intent.name in ("join", "leave") and intent.groups:
        return f"{intent.name} {' '.join(intent.groups)}"
    if intent.name == "info":
        return "info"
    if intent.name == "start_group":
        return "start_group"
    return "ignore"


def trusted(p: Plan, refusal: str) -> bool:
    """The Authentication-Results verdict for acting on this message; when it
    refuses, a triage item says `refusal: <why>` and nothing else happens."""
    verdict = trust.check(p.msg, p.cfg)
    p.notes.append(f"auth {verdict}")
    if not verdict.allowed:
        run(p, {"reason": f"{refusal}: {verdict.reason}"})
    return verdict.allowed
