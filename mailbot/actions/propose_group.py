"""`propose_group`: a proposal for a new group, opened or joined by topic, and the request recorded."""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan, acted_intent, request_record
from mailbot.workflows import proposals

name = "propose_group"
description = "Open a proposal for a new group (or back an open one on the same topic) and record the request."
defaults: dict[str, Any] = {}
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    intent = acted_intent(p)
    p.request_id = p.request_id or p.short_id("request")
    prop = proposals.propose(p.work(), p.person(), intent.topic or p.msg.subject, p.msg.text, msg=p.msg,
                      request_id=p.request_id)
    p.proposal = prop["id"]
    request_record(p, "start_group")
