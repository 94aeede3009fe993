"""`open_join`: a pending join request per group named, answered later by the facilitator's token."""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan, acted_intent
from mailbot.workflows import membership as wf

name = "open_join"
description = ("Open a pending join request per group the sender asks for (none for a group they are in or "
               "already asked for); ask_facilitators then mails them.")
defaults: dict[str, Any] = {}
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    intent = acted_intent(p)
    # Pending requests, one per group (workflows.py): answered by token, reminded, escalated.
    groups = [g for g in (wf.group_of(s, p.cfg, p.view) for s in intent.groups) if g]
    reqs = wf.open_join(p.work(), p.person(), groups, subject=p.msg.subject, text=p.msg.text,
                        in_reply_to=p.msg.in_reply_to)
    p.join_requests = reqs  # [] when already a member / already asked: nobody is asked again
    p.request_id = p.request_id or (reqs[0]["id"] if reqs else "")
