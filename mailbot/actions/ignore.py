"""`ignore`: nothing happens but a note in the audit line (reason)."""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan

name = "ignore"
description = "Do nothing; the audit line says why (reason)."
defaults = {"reason": "by rule"}


def run(p: Plan, params: dict[str, Any]) -> None:
    p.notes.append("ignored: " + params.get("reason", "by rule"))
