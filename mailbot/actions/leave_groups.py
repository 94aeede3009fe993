"""`leave_groups`: the sender leaves the groups named, on an authenticated sender or a confirmed token.

Leaving changes the network, so it acts only on an Authentication-Results pass
or once the member confirmed by mail (`triage.authenticated`, `confirm_held`):
without a verdict the leave is held, the member is asked (`confirm_template`)
and the rest of the rule (the acknowledgement, the facilitator's notice)
waits for the confirmation. A leave that would change nothing (the sender is
not a member of the groups named, and has no pending request for them) is
answered at once: there is nothing to hold.
"""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan, acted_intent, request_record
from mailbot.decide import trust
from mailbot.workflows import membership as wf

name = "leave_groups"
description = ("End the sender's membership of the groups named, on an authenticated sender (an "
               "Authentication-Results pass) or once they confirm by mail (confirm_template; the rest of "
               "the rule waits for it); a leave that changes nothing is answered at once; a fail goes to triage.")
defaults: dict[str, Any] = {"confirm_template": "confirm_leave"}
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    intent = acted_intent(p)
    who = p.person()
    touched = _touched(p, who, intent.groups)
    if touched and not _may_leave(p, params, who, touched):
        return
    if not touched and not triage.trusted(p, "leave not acted on"):
        p.stopped = "leave refused"
        return
    p.request_id = p.request_id or p.short_id("request")
    p.acted_groups = wf.leave(p.work(), who, intent.groups)
    if not p.acted_groups:  # never a member: the reply says so, and no facilitator hears of it
        p.not_member_of = [g for g in (wf.group_of(s, p.cfg, p.view) for s in intent.groups) if g]
    request_record(p, "leave")


def _touched(p: Plan, who: wf.Person, slugs: tuple[str, ...]) -> list:
    """The groups this leave would change (memberships ended, pending join requests withdrawn),
    worked out on a scratch copy: nothing is written."""
    scratch = wf.Work(p.cfg, p.view, p.now, p.msg.message_id)
    wf.leave(scratch, who, slugs)
    slugs_touched = dict.fromkeys(doc.get("group", "") for _, _, doc in scratch.records)
    return [g for g in (wf.group_of(s, p.cfg, p.view) for s in slugs_touched if s) if g]


def _may_leave(p: Plan, params: dict[str, Any], who: wf.Person, touched: list) -> bool:
    if who.address.lower() != (p.msg.sender_addr or "").lower() and not p.confirmed:
        # acting for someone else (a forward): a confirmation would go to the forwarder and
        # the replay could not act for the author, so only a pass will do
        verdict = trust.check(p.msg, p.cfg)
        if not verdict.authenticated:
            triage.run(p, {"reason": f"leave for {who.address} not acted on, sender not authenticated: {verdict.reason}"})
            p.stopped = "leave refused"
            return False
        return True
    return triage.authenticated(p, name, params, "leave", template=params.get("confirm_template") or "confirm_leave",
                                language=p.msg.language, as_reply=True,
                                groups=[wf.group_ctx(g) for g in touched])
