"""`notify_facilitator`: tell the facilitator of each group the message names (template)."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan
from mailbot.workflows import membership as wf

name = "notify_facilitator"
description = "Mail the facilitator of each group the message is about (template); staff triage when it names none."
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    groups = p.groups()
    if not groups and p.acted_groups is not None:  # a workflow ran and concerns no group: a leave by a non-member
        p.notes.append(f"notify_facilitator {params['template']}: no group concerned, nobody told")
        return
    if not groups:
        p.notes.append("notify_facilitator: no group named, staff notified instead")
        triage.run(p, {"reason": "no group to notify a facilitator of"})
        return
    for g in groups:
        p.outbox.append(p.mail(params["template"], [(g.facilitator_name, g.facilitator)],
                               kind="facilitator", reply=False, group=wf.group_ctx(g)))
