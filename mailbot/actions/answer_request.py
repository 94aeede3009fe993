"""`answer_request`: a facilitator's (or staff's) yes or no to a pending join request."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan
from mailbot.decide import trust
from mailbot.workflows import membership as wf

name = "answer_request"
description = ("A yes/no to a join request, acted on only with a valid token, from the group's facilitator "
               "or staff, passing the Authentication-Results check; else triage.")
defaults: dict[str, Any] = {}


def run(p: Plan, params: dict[str, Any]) -> None:
    """A yes/no to a join request: acted on only with a valid token, from the right person, trusted."""
    decision = "decline" if p.intent.name == "decline" else "confirm"
    verdict = trust.check(p.msg, p.cfg)
    refused = wf.answer(p.work(), p.msg, decision, verdict)
    p.notes.append(f"auth {verdict}")
    if refused:
        triage.run(p, {"reason": refused})
