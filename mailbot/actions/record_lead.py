"""`record_lead`: a join from an organisation not (yet) on the roster, kept as a lead.

Once staff add the organisation (`participant add`), its pending leads are
re-run as joins (`lead rerun ID` does it by hand).
"""

from __future__ import annotations

from typing import Any

from mailbot.actions.plan import Plan, request_record

name = "record_lead"
description = "Keep a refused join from an organisation not on the roster as a pending lead, to re-run once it is added."
defaults: dict[str, Any] = {}
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    request_record(p, "lead")
