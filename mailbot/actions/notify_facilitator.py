"""`notify_facilitator`: tell the facilitator of each group the message names (template)."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan, group_context

name = "notify_facilitator"
description = "Mail the facilitator of each group the message is about (template); staff triage when it names none."
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    groups = p.groups()
    if not groups:
        p.notes.append("notify_facilitator: no group named, staff notified instead")
        triage.run(p, {"reason": "no group to notify a facilitator of"})
        return
    for g in groups:
        p.outbox.append(p.mail(params["template"], [(g.facilitator_name, g.facilitator)],
                               kind="facilitator", reply=False, group=group_context(g)))
