"""`confirm_held`: the reply that confirms a privileged command held because its sender was not authenticated.

The command was kept (table ``held``, workflows/confirm.py) under the name of
the action that held it (`staff_command`, `answer_request`, `record_update`,
`record_rsvp`, `leave_groups`) with that action's parameters and the rest of
its rule (`then`: a leave's acknowledgement and facilitator notice); the
confirmation, from the address the token was mailed to, runs that action and
then the rest once, on the kept message.
"""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan
from mailbot.core.model import Action
from mailbot.core.tables import HELD
from mailbot.decide import trust
from mailbot.workflows import confirm

name = "confirm_held"
description = ("Carry out the held privileged command this reply confirms: once, from the address the "
               "confirmation was mailed to, before it lapses (bot.confirm_hours); else triage with the reason.")
defaults: dict[str, Any] = {}


def run(p: Plan, params: dict[str, Any]) -> None:
    """Carry out the held privileged command this reply confirms (once, from its owner)."""
    doc, why = confirm.find(p.msg, p.cfg, p.view, p.now)
    if doc is None or p.msg.auto.is_automatic:
        triage.run(p, {"reason": f"confirmation not accepted: {why or 'automatic mail'}"})
        return
    verdict = trust.check(p.msg, p.cfg)
    if verdict.status == "fail":
        triage.run(p, {"reason": f"confirmation not accepted: {verdict.reason}"})
        return
    p.records.append((HELD, doc["id"], dict(doc, status=confirm.DONE, confirmed=p.now.isoformat(),
                                             confirmed_by=p.msg.message_id)))
    # here, not at the top: the registry imports every action module, this one included
    from mailbot.actions import registry

    act = registry.ACTIONS.get(doc.get("action", ""))
    if act is None or act.name == name:
        triage.run(p, {"reason": f"held action {doc.get('action')!r} unknown"})
        return
    inner = Plan(msg=confirm.thaw(doc["message"]), intent=confirm.intent_of(doc), decision=p.decision,
                 cfg=p.cfg, view=p.view, now=p.now, organisation=p.organisation,
                 records=p.records, outbox=p.outbox, notes=p.notes, confirmed=True)
    act.run(inner, registry.params(act, dict(doc.get("params") or {})))
    if not inner.stopped:  # the rest of the rule that held it (a leave's reply and notice), once
        from mailbot.actions import effects

        effects.run_actions(inner, tuple(Action(t["action"], dict(t.get("params") or {}))
                                         for t in doc.get("then") or ()
                                         if isinstance(t, dict) and t.get("action") not in (None, "", name)))
    p.notes.append(f"held {doc['what']} {doc['id'][:8]}… confirmed by {p.msg.sender_addr} and carried out")
    p.triage_id = p.triage_id or inner.triage_id
    p.request_id = p.request_id or inner.request_id
    if inner.destination == "triage":
        p.destination = "triage"
