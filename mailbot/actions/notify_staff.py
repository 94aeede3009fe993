"""`notify_staff`: a mail to every staff address (template)."""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan

name = "notify_staff"
description = "Mail every staff address (template)."
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    to = [("", a) for a in p.cfg.bot.staff]
    p.outbox.append(p.mail(params["template"], to, kind="staff", reply=False))
