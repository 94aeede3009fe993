"""`triage`: a triage item for staff (reason), announced to them (template) unless the mail came from a machine.

Every other action falls back on it when it cannot act, so a message the bot
cannot handle always reaches a person. The Authentication-Results gates live
here too: `trusted` for ordinary mail (refused only when shown forged), and
`authenticated` for privileged mail and leaves (a pass, or held and confirmed
by mail to the sender's own address: `confirm_held`).
"""

from __future__ import annotations

import logging
from typing import Any

from mailbot.actions import loops
from mailbot.actions.plan import Plan
from mailbot.adapters import store
from mailbot.core.tables import HELD
from mailbot.decide import trust
from mailbot.mail import compose
from mailbot.workflows import confirm

name = "triage"
description = "A triage item for staff (reason), announced to staff by mail (template) unless the mail came from a machine."
log = logging.getLogger("mailbot.actions.effects")

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


def authenticated(p: Plan, action: str, params: dict[str, Any], what: str, *,
                  template: str = "confirm_command", language: str = "", as_reply: bool = False,
                  **extra: Any) -> bool:
    """Whether privileged mail may act now: an Authentication-Results pass, or a held command
    its owner confirmed. A fail is refused (triage); no verdict holds the command under the
    action's name, with the rest of its rule (`p.rest`), and mails a one-time confirmation
    (`template`, with `extra` in its context) to the sender's own address (confirm.py).
    Either way the rest of the rule does not run now (`p.stopped`).

    `as_reply`: the confirmation answers a member's own request, so it obeys the loop
    guards and reply caps of any automatic reply (loops.py): past them nothing is held.
    """
    if p.confirmed:
        return True
    verdict = trust.check(p.msg, p.cfg)
    p.notes.append(f"auth {verdict}")
    if verdict.authenticated:
        return True
    if verdict.status == "fail":
        run(p, {"reason": f"{what} not acted on, not trusted: {verdict.reason}"})
        p.stopped = f"{what} refused"
        return False
    hold(p, action, params, what, verdict.reason, template=template, language=language, as_reply=as_reply,
         **extra)
    return False


def hold(p: Plan, action: str, params: dict[str, Any], what: str, why: str, *, template: str,
         language: str = "", as_reply: bool = False, check: bool = False, **extra: Any) -> None:
    """Hold `action` and the rest of its rule (`p.rest`) until the sender confirms by mail:
    a one-time token mailed to the sender's own address (`template`). `check`: the mail asks
    whether we read the request right, so only a yes carries it out (confirm.is_check_reply).
    The rest of the rule does not run now (`p.stopped`)."""
    to = p.msg.sender_addr
    p.stopped = f"{what} held"
    blocked = loops.reply_blocker(p, to) if as_reply else None
    if blocked:  # a held command nobody is told of could never be confirmed: nothing is kept
        p.notes.append(f"{what} not held, no confirmation mailed: {blocked}")
        log.info("%s from %s not held: %s", what, to or "(none)", blocked)
        loops.warn_cap_once(p, to, blocked)
        return
    doc = confirm.held_record(p.cfg, p.view, p.now, p.msg, p.intent, action, params, what, why,
                              then=[{"action": a.kind, "params": dict(a.params)} for a in p.rest], check=check)
    if p.view.get(HELD, doc["id"]) is None:
        p.records.append((HELD, doc["id"], doc))
        p.outbox.append(p.mail(template, [("", to)], kind="confirm", reply=True, language=language,
                               reply_to=confirm.reply_address(p.cfg, doc["id"]), held=_held_ctx(doc),
                               token=doc["id"], mode=trust.mode(p.cfg), **extra))
        if as_reply:
            loops.count_reply(p, to)
    p.notes.append(f"{what} held until {to} confirms by mail ({why})")
    log.info("%s from %s held for confirmation by mail: %s", what, to, why)


def _held_ctx(doc: dict) -> dict[str, Any]:
    m = doc.get("message", {})
    line = next((x.strip() for x in (m.get("text") or "").splitlines() if x.strip()), "")
    return {"id": doc["id"], "what": doc["what"], "why": doc["why"], "expires": doc["expires"][:16],
            "subject": compose.header_safe(m.get("subject", ""), 200), "line": compose.header_safe(line, 300)}
