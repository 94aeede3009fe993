"""Who receives the network digest: every participant contact, member and facilitator, less opt-outs."""

from __future__ import annotations

from typing import Any

from mailbot.core.config import Config
from mailbot.workflows import membership as wf
from mailbot.workflows import roster

OPTOUTS = "digest_optouts"  # address -> {at, by}


def optouts(view: Any) -> set[str]:
    return {k.lower() for k, d in wf.items(view, OPTOUTS) if not d.get("removed")}


def recipients(view: Any, cfg: Config) -> list[str]:
    """Every participant contact (roster `contacts`), member and facilitator, less those who opted out."""
    out = {m["address"].lower() for m in wf.memberships(view)}
    out |= {g.facilitator.lower() for g in wf.all_groups(cfg, view)}
    for _, doc in wf.items(view, roster.PARTICIPANTS):
        if not doc.get("removed"):
            out |= {a.lower() for a in doc.get("contacts") or [] if "@" in a}
    for p in cfg.participants:  # the config's contacts, also before the roster is seeded into the store
        out |= {a.lower() for a in p.contacts}
    return sorted(out - optouts(view))
