"""From a decision to its effects: the decision's actions carried out on paper, in the rule's order.

`plan()` is pure: given the parsed message, its intent, the rules' decision,
the config, a read-only view of the store and the time, it returns the
`Effects` (outbox entries, records to upsert, the audit line) that the
pipeline then commits in one store write. Each action is one module of this
package with `name`, `description` and `run`, found through `registry.py`
(which `mailbot check` uses too); actions run in the order the rule lists
them, so a rule lists the actions that make an id (a request, a triage
item) before the mail that quotes it, and `mailbot check` says so when not.

Loop prevention lives below the rules (`loops.py`, used by `reply`), so no
rule table can switch it off.
"""

from __future__ import annotations

import logging
from datetime import datetime

from mailbot.actions import registry, triage
from mailbot.actions.plan import Plan
from mailbot.adapters import store
from mailbot.core.config import Config
from mailbot.core.model import Decision, Effects, Intent, ParsedMessage
from mailbot.core.view import StoreView
from mailbot.mail import compose

log = logging.getLogger(__name__)


def plan(msg: ParsedMessage, intent: Intent, decision: Decision, cfg: Config,
         view: StoreView, now: datetime, organisation: dict | None = None) -> Effects:
    """Carry out `decision` on paper: the Effects to commit for this message."""
    p = Plan(msg=msg, intent=intent, decision=decision, cfg=cfg, view=view, now=now,
             organisation=organisation)
    for action in decision.actions:  # in the rule's order: records before the mail that quotes their ids
        act = registry.ACTIONS.get(action.kind)
        if act is None:
            p.notes.append(f"unknown action {action.kind!r}: sent to triage")
            triage.run(p, {"reason": f"unknown action {action.kind}"})
            continue
        try:
            act.run(p, registry.params(act, action.params))
        except Exception as exc:  # a broken template must not lose the message
            log.exception("action %s failed for %s", action.kind, msg.message_id)
            p.notes.append(f"action {action.kind} failed: {exc}")
            if action.kind != "triage":
                triage.run(p, {"reason": f"action {action.kind} failed: {type(exc).__name__}"})
    audit = {
        "at": now.isoformat(),
        "from": msg.sender_addr,
        "subject": compose.header_safe(msg.subject, 200),
        "intent": intent.name,
        "groups": list(intent.groups),
        "confidence": round(intent.confidence, 3),
        "evidence": list(intent.evidence),
        "rule": decision.rule,
        "route": decision.route,
        "actions": [a.kind for a in decision.actions],
        "outbox": [m.key for m in p.outbox],
        "notes": p.notes,
        "destination": p.destination,
        "request_id": p.request_id,
        "triage_id": p.triage_id,
    }
    return Effects(
        message_id=msg.message_id,
        outbox=tuple(p.outbox),
        records=tuple(p.records),
        audit=audit,
        destination=p.destination,
    )


def action_summary(effects: Effects) -> list[str]:
    """Short human lines for what the effects do (demo, explain)."""
    out = []
    for m in effects.outbox:
        out.append(f"mail to {', '.join(m.to)}")
    for table, key, _ in effects.records:
        if table in (store.TRIAGE, store.REQUESTS, store.BOUNCES):
            out.append(f"{table} {key}")
    out.extend(effects.audit.get("notes", []))
    return out

