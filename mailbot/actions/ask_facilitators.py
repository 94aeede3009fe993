"""`ask_facilitators`: the join requests `open_join` made, each sent to its group's facilitator with its token."""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan
from mailbot.workflows import membership as wf

name = "ask_facilitators"
description = ("Ask each group's facilitator about the join requests open_join made (template), "
               "one mail per group with its answer token in the subject and Reply-To.")
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    # [] when already a member / already asked (nobody is asked again); None when no open_join ran
    work = p.work()
    for req in p.join_requests or ():
        wf.send_facilitator_request(work, req, template=params["template"])
