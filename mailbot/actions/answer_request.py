"""`answer_request`: a facilitator's (or staff's) yes or no to a pending join request."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan
from mailbot.decide import trust
from mailbot.workflows import membership as wf

name = "answer_request"
description = ("A yes/no to a join request, acted on only with a valid token, from the group's facilitator "
               "or staff, from an authenticated sender (an Authentication-Results pass, or confirmed by mail: confirm_held); else triage.")
defaults: dict[str, Any] = {}


def run(p: Plan, params: dict[str, Any]) -> None:
    """A yes/no to a join request: acted on only with a valid token, from the right person, trusted."""
    decision = "decline" if p.intent.name == "decline" else "confirm"
    if p.confirmed:
        verdict = trust.Verdict("pass", "confirmed by mail")
    else:
        verdict = trust.check(p.msg, p.cfg)
        # Held for a confirmation only when everything but the sender's authentication is right
        # (a valid token of a pending request, from its facilitator): a dry run says.
        would = verdict.status == "none" and wf.answer(
            wf.Work(p.cfg, p.view, p.now, p.msg.message_id), p.msg, decision,
            trust.Verdict("pass", "dry run")) is None
        if would and not triage.authenticated(p, name, params, f"{decision} of a join request"):
            return
    refused = wf.answer(p.work(), p.msg, decision, verdict)
    p.notes.append(f"auth {verdict}")
    if refused:
        triage.run(p, {"reason": refused})
