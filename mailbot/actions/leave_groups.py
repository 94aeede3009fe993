"""`leave_groups`: the sender (or a forward's author) leaves the groups named, when Authentication-Results allow."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan, acted_intent, request_record
from mailbot.workflows import membership as wf

name = "leave_groups"
description = ("End the sender's membership of the groups named (only when Authentication-Results allow) "
               "and record the request; later mail names the groups actually left.")
defaults: dict[str, Any] = {}
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    intent = acted_intent(p)
    p.request_id = p.request_id or p.short_id("request")
    p.acted_groups = wf.leave(p.work(), p.person(), intent.groups) if triage.trusted(p, "leave not acted on") else []
    request_record(p, "leave")
