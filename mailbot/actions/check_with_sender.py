"""`check_with_sender`: ask the sender whether we read their request right before anyone else hears of it.

For a request the detector reads with middling confidence: the rest of the
rule (the pending request, the facilitator's mail, the acknowledgement) is
held (table ``held``, workflows/confirm.py) and the sender gets our reading
with a one-time token. A yes to it carries the rest out once (`confirm_held`,
through the rule that matches `check_reply` and a confirm); any other answer
goes to staff (the rules again), and without an answer the request lapses
after `bot.confirm_hours`. So a question read as a join costs its writer one
mail, not a facilitator a request nobody made. A request that would change
nothing (the sender is in every group named, or asked already) is not asked
about: the rest of the rule runs and says so.
"""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan, acted_intent
from mailbot.workflows import membership as wf

name = "check_with_sender"
description = ("Hold the rest of the rule and mail the sender our reading of their request (template); "
               "their yes carries it out, any other answer goes to staff, silence lets it lapse.")
defaults: dict[str, Any] = {"template": "check_join"}
#: the token it mails is quoted by the sender's answer
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    if p.confirmed:  # the sender said yes: the rest of the rule runs (confirm_held)
        return
    intent = acted_intent(p)
    groups = [g for g in (wf.group_of(s, p.cfg, p.view) for s in intent.groups) if g]
    if not _changes_something(p, groups):
        p.notes.append("not checked with the sender: the request changes nothing")
        return
    triage.hold(p, name, params, f"{intent.name} check", f"{intent.name} read with confidence {intent.confidence:.2f}",
                template=params.get("template") or defaults["template"], language=p.msg.language,
                as_reply=True, check=True, groups=[wf.group_ctx(g) for g in groups])


def _changes_something(p: Plan, groups: list) -> bool:
    """Whether opening the request would open anything, worked out on a scratch copy."""
    scratch = wf.Work(p.cfg, p.view, p.now, p.msg.message_id)
    return bool(wf.open_join(scratch, p.person(), groups, subject=p.msg.subject, text=p.msg.text,
                             in_reply_to=p.msg.in_reply_to))
