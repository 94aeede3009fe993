"""`record_update`: a facilitator's reply to the twice-yearly reminder, stored as the group's update and sent on to staff."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan
from mailbot.workflows import updates

name = "record_update"
description = ("Store a facilitator's reply to the twice-yearly reminder as the group's update for the "
               "half-year and forward it to staff (template); only from an authenticated sender (a pass, or confirmed by mail).")
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    """A facilitator's reply to the twice-yearly reminder: stored as the group's update, forwarded to staff."""
    upd = dict(params) if params.get("group") else updates.update_reply(p.msg, p.cfg, p.view)
    if not upd:
        triage.run(p, {"reason": "not a facilitator's reply to a reminder"})
        return
    if triage.authenticated(p, name, upd, "group update"):
        updates.record_update(p.work(), p.msg, upd, template=params["template"])
