"""The `meeting <group> <date> …` command: set, move or cancel one meeting (email and CLI).

Invitations, updates and cancellations follow from the scheduler's next run.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import Config
from mailbot.schedule import meetings as mt
from mailbot.commands.staff import Command, CommandError, Ctx, is_staff_actor, register
from mailbot.schedule.jobs import network_config, plan_state


def set_meeting(store: st.Store, cfg: Config, text: str, now: datetime | None = None,
                dry_run: bool = False) -> tuple[list[dict], str]:
    """Carry out `meeting <group> <date> …` on the store (MeetingCommandError if unusable).

    Invitations, updates and cancellations follow from the next `run_due`.
    """
    now = now or utcnow()
    writes, docs, what = meeting_records(store, cfg, text, now)
    if not dry_run and writes:
        tx = st.Transaction()
        for table, key, doc in writes:
            tx.put(table, key, doc)
        store.commit(tx)
    return docs, what


def meeting_records(view: Any, cfg: Config, text: str, now: datetime) -> tuple[list[tuple[str, str, dict]], list[dict], str]:
    """`set_meeting` on paper: (records to write, the meetings set, what was done), nothing committed.

    The email command (`commands.Meeting`) writes the records into its unit of
    work; `set_meeting` (`mailbot schedule set`) commits them.
    """
    spec = mt.parse_meeting_command(text)
    cfg = network_config(cfg, view)
    plan, changes = plan_state(view, cfg, now)
    docs, what = mt.apply_spec(plan.values(), spec, cfg, now)
    writes = [(mt.MEETINGS, uid, d) for uid, d in {d["uid"]: d for d in changes + docs}.items()]
    return writes, docs, what


class Meeting(Command):
    name, args, min_args, max_args = "meeting", "<group> YYYY-MM-DD [HH:MM] [90min] [web|phone|physical] [url|place] [cancel] [from YYYY-MM-DD]", 2, None
    resolves = False
    #: facilitators may send this one too (for their own group); staff for any group
    facilitators = True
    help = "set, move or cancel a group's meeting; invitations or updates follow from the scheduler"

    def looks_like(self, args: list[str]) -> bool:
        return len(args) >= 2 and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", args[1]) is not None

    def run(self, ctx: Ctx) -> str:
        g = ctx.group(ctx.args[0].lower())  # configured or created by an approved proposal
        if not is_staff_actor(ctx.actor, ctx.cfg) and g.facilitator.lower() != ctx.actor.lower():
            raise CommandError(f"{ctx.actor} may set meetings only for the group they facilitate, not {g.slug}")
        try:
            writes, docs, what = meeting_records(ctx.work, ctx.cfg, "meeting " + " ".join(ctx.args), ctx.work.now)
        except mt.MeetingCommandError as exc:
            raise CommandError(str(exc)) from None
        for table, key, doc in writes:
            ctx.work.put(table, key, doc)
        lines = [what] + [f"  {mt.describe(d)} (SEQUENCE {d.get('sequence', 0)}, UID {d['uid']})" for d in docs]
        if docs:
            lines.append("The members' invitations (or the update or cancellation) go out at the scheduler's next run.")
        return "\n".join(lines)


register(Meeting())
