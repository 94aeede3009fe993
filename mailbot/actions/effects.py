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
from mailbot.core.model import Action, Decision, Effects, Intent, ParsedMessage
from mailbot.core.view import StoreView
from mailbot.mail import compose
from mailbot.workflows import membership as wf

log = logging.getLogger(__name__)


def plan(msg: ParsedMessage, intent: Intent, decision: Decision, cfg: Config,
         view: StoreView, now: datetime, organisation: dict | None = None) -> Effects:
    """Carry out `decision` on paper: the Effects to commit for this message."""
    p = Plan(msg=msg, intent=intent, decision=decision, cfg=cfg, view=view, now=now,
             organisation=organisation)
    run_actions(p, decision.actions)
    learnt = _language_record(p)
    if learnt:
        p.records.append(learnt)
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


def run_actions(p: Plan, actions: tuple[Action, ...]) -> None:
    """Run `actions` in the rule's order (records before the mail that quotes their ids).

    An action that holds or refuses what the rest of its rule follows from
    (`triage.authenticated`) sets `p.stopped`: the rest does not run now. A
    held command keeps it (`p.rest`) for `confirm_held` to run on confirmation.
    """
    for i, action in enumerate(actions):
        act = registry.ACTIONS.get(action.kind)
        if act is None:
            p.notes.append(f"unknown action {action.kind!r}: sent to triage")
            triage.run(p, {"reason": f"unknown action {action.kind}"})
            continue
        p.rest = tuple(actions[i + 1:])
        try:
            act.run(p, registry.params(act, action.params))
        except Exception as exc:  # a broken template must not lose the message
            log.exception("action %s failed for %s", action.kind, p.msg.message_id)
            p.notes.append(f"action {action.kind} failed: {exc}")
            if action.kind != "triage":
                triage.run(p, {"reason": f"action {action.kind} failed: {type(exc).__name__}"})
        if p.stopped:
            if p.rest:
                p.notes.append(f"not run now ({p.stopped}): {', '.join(a.kind for a in p.rest)}")
            return


def _language_record(p: Plan) -> tuple | None:
    """Remember the sender's language from their first mail (the form's language replaces it).

    Only for people the bot answers: not staff, not automatic mail.
    """
    msg = p.msg
    addr = msg.sender_addr
    if not addr or addr in p.cfg.bot.staff or msg.auto.is_automatic or not msg.language:
        return None
    return wf.remember_language(p.view, addr, msg.language, p.now, source="form" if p.from_form() else "mail")


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

