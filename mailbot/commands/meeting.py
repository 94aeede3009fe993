"""The `meeting <group> <date> …` command: set, move or cancel one meeting (email and CLI).

Invitations, updates and cancellations follow from the scheduler's next run.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import Config, Group
from mailbot.mail.unit import Unit
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
    if not dry_run:
        unit = Unit(store, cfg, now)
        unit.records(writes)
        unit.commit()
    return docs, what


def meeting_records(view: Any, cfg: Config, text: str, now: datetime) -> tuple[list[tuple[str, str, dict]], list[dict], str]:
    """`set_meeting` on paper: (records to write, the meetings set, what was done), nothing committed.

    The email command (`commands.Meeting`) writes the records into its unit of
    work; `set_meeting` (`mailbot schedule set`) commits them.
    """
    spec = mt.parse_meeting_command(text)
    cfg = network_config(cfg, view)
    plan, changes = plan_state(view, cfg, now)
    docs, what = apply_spec(plan.values(), spec, cfg, now)
    writes = [(mt.MEETINGS, uid, d) for uid, d in {d["uid"]: d for d in changes + docs}.items()]
    return writes, docs, what


# --------------------------------------------------------------------------- applying the command to a plan

def _target(mine: list[dict], spec: mt.MeetingSpec, group: Group, now: datetime) -> dict | None:
    """Which meeting a command means: the one `from <date>` names; else the group's meeting on the
    same date; else the not-yet-held meeting of the same kind (remote or physical) in the same month
    (a facilitator fixing the planned March meeting); else none (a new meeting)."""
    def on(day: date) -> list[dict]:
        return [d for d in mine if datetime.fromisoformat(d["start"]).date() == day]

    if spec.move_from:
        hits = on(spec.move_from)
        if not hits:
            raise mt.MeetingCommandError(f"{group.slug} has no meeting on {spec.move_from.isoformat()} to move")
        return hits[0]
    if on(spec.day):
        same = on(spec.day)
        return next((d for d in same if spec.format and d["format"] == spec.format), same[0])
    if spec.cancel:
        return None
    kind = "physical" if spec.format == "physical" else "remote"
    for d in mine:
        ds = datetime.fromisoformat(d["start"])
        d_kind = "physical" if d["format"] == "physical" else "remote"
        if (ds.year, ds.month) == (spec.day.year, spec.day.month) and d_kind == kind and mt.start_of(d) > now:
            return d
    return None


def _fields(spec: mt.MeetingSpec, group: Group, target: dict | None, now: datetime) -> dict:
    """The meeting as the command sets it: what it says, else what the target had, else the group's defaults."""
    fmt = spec.format or (target["format"] if target else group.meeting_format)
    if target is not None and spec.at is None:
        at = datetime.fromisoformat(target["start"]).time()
    else:
        at = spec.at or mt._hhmm(group.meeting_time)
    start = datetime.combine(spec.day, at)
    if start.replace(tzinfo=ZoneInfo(group.timezone)) <= now.astimezone(ZoneInfo(group.timezone)):
        raise mt.MeetingCommandError(f"{start.isoformat(sep=' ', timespec='minutes')} is in the past")
    default_dur = group.physical_meeting_duration_minutes if fmt == "physical" else group.meeting_duration_minutes
    duration = spec.duration or (target["duration"] if target and target["format"] == fmt else default_dur)
    location = spec.place if (spec.place or spec.format) else (target or {}).get("location", "")
    url = spec.url if (spec.url or spec.format) else (target or {}).get("url", "")
    if fmt == "physical" and not location:
        location = group.meeting_place
    if fmt == "web" and not url:
        url = group.meeting_url
    return {"start": start.isoformat(timespec="minutes"), "duration": int(duration), "format": fmt,
            "location": location, "url": url, "summary": mt.summary_for(group, fmt), "tz": group.timezone}


def apply_spec(existing: Iterable[dict], spec: mt.MeetingSpec, cfg: Config, now: datetime) -> tuple[list[dict], str]:
    """Carry out a `meeting …` command on a plan: (documents to write, what was done).

    Every change of a meeting that exists raises its SEQUENCE. Raises MeetingCommandError.
    """
    existing = list(existing)
    group = cfg.group(spec.group)
    if group is None:
        raise mt.MeetingCommandError(f"unknown group {spec.group!r} (known: {', '.join(g.slug for g in cfg.groups)})")
    mine = [d for d in existing if d.get("group") == group.slug and mt.is_active(d)]
    target = _target(mine, spec, group, now)
    if spec.cancel:
        if target is None:
            raise mt.MeetingCommandError(f"{group.slug} has no meeting on {spec.day.isoformat()} to cancel")
        if mt.start_of(target) <= now:
            raise mt.MeetingCommandError("a meeting that has started cannot be cancelled")
        doc = mt.bump(target, {"status": mt.CANCELLED, "source": "command"}, now)
        return [doc], f"cancelled the {group.slug} meeting of {target['start'].replace('T', ' ')}"
    fields = _fields(spec, group, target, now)
    when = fields["start"].replace("T", " ")
    if target is not None:
        doc = dict(mt.bump(target, fields, now), source="command")
        if doc == target:
            return [], f"the {group.slug} meeting of {target['start'].replace('T', ' ')} is already so"
        verb = "moved" if target["start"] != fields["start"] else "updated"
        return [doc], f"{verb} the {group.slug} meeting of {target['start'].replace('T', ' ')} to {when}"
    slot = f"{spec.day.isoformat()}.{'physical' if fields['format'] == 'physical' else 'remote'}"
    old = next((d for d in existing if d.get("uid") == mt.make_uid(group.slug, slot, cfg)), None)
    if old is not None:  # a cancelled meeting on that date comes back: same UID, higher SEQUENCE
        doc = dict(mt.bump(old, dict(fields, status=mt.PLANNED), now), source="command")
        return [doc], f"re-instated the {group.slug} meeting on {when}"
    doc = mt._doc(group, cfg, slot, datetime.fromisoformat(fields["start"]), fields["duration"], fields["format"],
                  now, location=fields["location"], url=fields["url"], source="command")
    return [doc], f"set a {fields['format']} meeting of {group.slug} on {when}"


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
