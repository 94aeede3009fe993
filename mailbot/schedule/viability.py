"""The network's rules per group, checked continuously (pure over a store view).

One row per group — configured or created by a proposal — with what staff
watch: `members`, `viable` (at least three participants and a facilitator),
meetings held and planned in the year against the minimum, meeting days per
participant against the limit, and the term's end. `mailbot check`,
`mailbot schedule check`, `mailbot report` and the dashboard show these rows;
the scheduler mails staff once when a group drops below viable
(`transitions`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mailbot.schedule import meetings as mt
from mailbot.workflows import roster
from mailbot.core.config import Config, Group

MIN_MEMBERS = 3  # a group needs at least three participating members ...
MIN_MEETINGS = 2  # ... and meets at least twice a year
STATE_PREFIX = "viability|"  # table `state`: "viability|<slug>" -> {viable, since}


def _active_members(view: Any, slug: str) -> list[dict]:
    from mailbot.workflows import membership as wf

    return [m for _, m in wf.items(view, "members")
            if m.get("group") == slug and m.get("status", "active") == "active"]


def group_status(view: Any, cfg: Config, g: Group, now: datetime, plan: list[dict]) -> dict[str, Any]:
    """The rules for one group; `plan` is every active meeting known (stored and planned)."""
    tz = ZoneInfo(g.timezone)
    year = now.astimezone(tz).year
    members = _active_members(view, g.slug)
    participants = [m for m in members if roster.organisation_of(m.get("address", ""), view) is not None]
    docs = [d for d in plan if d.get("group") == g.slug and mt.is_active(d) and mt.start_of(d).year == year]
    held, planned = mt.held_and_planned(docs, now)
    minutes = sum(int(d.get("duration", 0) or 0) for d in docs)
    days = round(minutes / 60.0 / cfg.scheduler.working_day_hours, 2)
    term = mt.term(g)
    closed = bool(term and now.astimezone(tz).date() >= term[1])
    reasons = []
    if len(participants) < MIN_MEMBERS:
        reasons.append(f"{len(participants)} participating member(s), at least {MIN_MEMBERS} needed")
    if not g.facilitator:
        reasons.append("no facilitator")
    if closed:
        reasons.append(f"its term ended on {term[1].isoformat()}")
    return {
        "group": g.slug, "name": g.name, "facilitator": g.facilitator, "year": year,
        "members": len(members), "participants": len(participants),
        "viable": not reasons, "why_not_viable": "; ".join(reasons),
        "meetings_held": len(held), "meetings_planned": len(planned), "meetings_minimum": MIN_MEETINGS,
        "meetings_ok": len(held) + len(planned) >= MIN_MEETINGS,
        "days_per_participant": days, "days_limit": cfg.scheduler.max_days_per_year,
        "days_ok": days <= cfg.scheduler.max_days_per_year,
        "term_end": ((term[1] - timedelta(days=1)).isoformat() if term else ""), "closed": closed,  # its last day
    }


def network_status(view: Any, cfg: Config, now: datetime) -> list[dict[str, Any]]:
    """`group_status` for every group of the network (configured and created)."""
    from mailbot.schedule import jobs as scheduler
    from mailbot.workflows import membership as wf

    ncfg = wf.network_config(cfg, view)
    try:
        plan, _ = scheduler.plan_state(view, ncfg, now)
    except Exception:  # a damaged meeting document must not hide the rest
        plan = dict(wf.items(view, mt.MEETINGS))
    docs = []
    for d in plan.values():
        try:
            mt.start_of(d)
        except Exception:
            continue
        docs.append(d)
    return [group_status(view, ncfg, g, now, docs) for g in ncfg.groups]


def line(row: dict[str, Any]) -> str:
    """One line for `mailbot check` and `schedule check`."""
    viable = "viable" if row["viable"] else f"NOT VIABLE ({row['why_not_viable']})"
    return (f"{row['group']}: {row['members']} members, {viable}; {row['year']}: "
            f"{row['meetings_held']} held + {row['meetings_planned']} planned (minimum {row['meetings_minimum']}), "
            f"{row['days_per_participant']:g} of {row['days_limit']:g} days per participant; "
            f"term ends {row['term_end'] or '(no term)'}")


def transitions(view: Any, rows: list[dict[str, Any]], now: datetime) -> list[tuple[dict, dict]]:
    """(row, new state) for each group whose viability changed since the stored state.

    A group seen for the first time is recorded as it is; staff are told only
    when a group that was viable is no longer (the scheduler mails them).
    """
    out = []
    for row in rows:
        key = STATE_PREFIX + row["group"]
        old = view.get("state", key) if hasattr(view, "get") else None
        if old is None or bool(old.get("viable")) != row["viable"]:
            out.append((row, {"viable": row["viable"], "since": now.isoformat(),
                              "was": None if old is None else bool(old.get("viable")),
                              "why": row["why_not_viable"]}))
    return out
