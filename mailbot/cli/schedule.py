"""`mailbot schedule`: what the scheduler sends at any date; `--send` queues it; `set`; `check`."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from mailbot.adapters import store as st
from mailbot.commands.meeting import set_meeting
from mailbot.core.clock import utcnow
from mailbot.core.config import Config
from mailbot.schedule import meetings as mt
from mailbot.schedule.jobs import Job, due, network_config, only, plan_state
from mailbot.schedule.run import run_due


def _when(text: str | None) -> datetime:
    if not text:
        return utcnow()
    try:
        d = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        print(f"mailbot schedule: --now {text!r} is not an ISO date or date-time (2027-03-01 or 2027-03-01T09:00)",
              file=sys.stderr)
        raise SystemExit(2) from None  # a usage error, as argparse's own
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


@contextlib.contextmanager
def _read_store(cfg: Config):
    """A read-only copy of the store: listing never touches the live file (the daemon may be writing)."""
    path = cfg.path(cfg.store.path)
    with tempfile.TemporaryDirectory(prefix="mailbot-schedule-") as tmp:
        copy = Path(tmp) / "store.json"
        if path.exists():
            shutil.copyfile(path, copy)
        s = st.Store(copy)
        try:
            yield s
        finally:
            s.close()


def _job_line(j: Job) -> str:
    return f"{j.due_at.astimezone(timezone.utc):%Y-%m-%d %H:%M}Z  {j.status:<8} {j.kind:<20} {j.group:<28} {j.recipient}  ({j.ref})"


def cmd_schedule(args: argparse.Namespace) -> int:
    from mailbot.core.config import load_config

    cfg = load_config(args)
    now = _when(args.now)
    action = getattr(args, "schedule_command", None)
    if action == "set":
        return _set(args, cfg, now)
    if action == "check":
        return _check(args, cfg, now)
    if args.group:
        with _read_store(cfg) as s:
            if network_config(cfg, s).group(args.group) is None:
                print(f"mailbot schedule: unknown group {args.group!r}", file=sys.stderr)
                return 2
    if args.send and not args.dry_run:
        if now > utcnow() + timedelta(minutes=1):
            # Mail dated in the future would sit in the outbox (or go out with a false date): list it instead.
            print(f"mailbot schedule: --send never sends into the future: --now {now.isoformat()} is after the "
                  f"present ({utcnow():%Y-%m-%d %H:%M}Z). List with --now (without --send), or send without it.",
                  file=sys.stderr)
            return 2
        jobs, extra = _send(args, cfg, now)
    else:
        jobs, extra = _list(args, cfg, now)
    if args.group:
        jobs = [j for j in jobs if j.group == args.group]
    return _print(args, now, jobs, extra, queued=bool(args.send and not args.dry_run))


def _set(args: argparse.Namespace, cfg: Config, now: datetime) -> int:
    from mailbot.adapters import factory as adapters

    text = " ".join(args.words)
    try:
        if args.dry_run:
            with _read_store(cfg) as s:
                docs, what = set_meeting(s, cfg, text, now, dry_run=True)
        else:
            with adapters.exclusive(cfg):
                s = adapters.open_store(cfg)
                try:
                    docs, what = set_meeting(s, cfg, text, now)
                finally:
                    s.close()
    except mt.MeetingCommandError as exc:
        print(f"mailbot schedule set: {exc}", file=sys.stderr)
        return 2
    print(("(dry run) " if args.dry_run else "") + what)
    for d in docs:
        print(f"  {d['uid']}  SEQUENCE {d.get('sequence', 0)}  {mt.describe(d)}")
    return 0


def _check(args: argparse.Namespace, cfg: Config, now: datetime) -> int:
    """The plans against the network's rules, and each group's state (viability.py)."""
    from mailbot.schedule import viability

    group = getattr(args, "group", None)
    with _read_store(cfg) as s:
        ncfg = only(network_config(cfg, s), {group} if group else None)
        plan, _ = plan_state(s, ncfg, now)
        problems = mt.check_config(ncfg, now, plan.values())
        rows = [r for r in viability.network_status(s, cfg, now) if not group or r["group"] == group]
    for r in rows:
        print(f"group {viability.line(r)}")
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) in the meeting plans" if problems else "meeting plans: ok")
    return 1 if any(p.level == "error" for p in problems) else 0


def _send(args: argparse.Namespace, cfg: Config, now: datetime) -> tuple[list[Job], dict]:
    """Queue what is due (the outbox delivers it); `--group` limits everything run_due does."""
    from mailbot.adapters import factory as adapters

    with adapters.exclusive(cfg):
        s = adapters.open_store(cfg)
        try:
            result = run_due(s, cfg, now, groups={args.group} if args.group else None)
            upcoming = [j for j in due(s, network_config(cfg, s), now, horizon=timedelta(days=args.days))
                        if j.status == "upcoming"]
        finally:
            s.close()
    return [replace(j, status="queued") for j in result.sent] + result.missed + upcoming, {"errors": result.errors}


def _list(args: argparse.Namespace, cfg: Config, now: datetime) -> tuple[list[Job], dict]:
    horizon = timedelta(days=args.days)
    with _read_store(cfg) as s:
        ncfg = network_config(cfg, s)
        plan, _ = plan_state(s, ncfg, now)
        jobs = due(s, ncfg, now, horizon=horizon, plan=plan)
        meetings = sorted((d for d in plan.values() if now < mt.start_of(d) <= now + horizon), key=mt.start_of)
    return jobs, {"meetings": [dict(d) for d in meetings if not args.group or d["group"] == args.group]}


def _print(args: argparse.Namespace, now: datetime, jobs: list[Job], extra: dict, *, queued: bool) -> int:
    if args.json:
        print(json.dumps({"now": now.isoformat(), "days": args.days, "queued": queued,
                          "jobs": [j.to_json() for j in jobs], **extra}, ensure_ascii=False, indent=1))
        return 0
    print(f"schedule at {now.isoformat()} (+{args.days} days)" + (
        "  — queued: the outbox delivers it (mailbot once / run)" if queued else
        "  — listing only; --send queues what is due"))
    for j in jobs:
        print(_job_line(j))
    if not jobs:
        print("nothing due or coming up")
    for d in extra.get("meetings", []):
        print(f"meeting  {d['group']:<28} {mt.describe(d)}  SEQUENCE {d.get('sequence', 0)}")
    for e in extra.get("errors", []):
        print(f"error: {e}", file=sys.stderr)
    return 1 if extra.get("errors") else 0


def register(sub: Any) -> None:
    """Add `mailbot schedule` to the command line (cli._extra_commands)."""
    p = sub.add_parser(
        "schedule", help="list (or --send) meeting invitations and reminders due at any date",
        description="Show what the scheduler would send at a date: due items, items missed (older than the grace "
                    "window; reported, never sent) and what comes up in the next --days. Nothing is sent unless "
                    "--send. Subcommands: 'set' a meeting, 'check' the plans against the network's rules.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--now", metavar="ISO-DATE", default=None, help="pretend it is this date/time (default: now, UTC)")
    p.add_argument("--days", type=int, default=30, metavar="N", help="also list what comes up in the next N days (default 30)")
    p.add_argument("--group", metavar="SLUG", default=None,
                   help="only this group: what is listed, planned and queued (request reminders included)")
    p.add_argument("--send", action="store_true",
                   help="queue what is due for delivery (recorded once in the sent-log; the outbox of `mailbot once` "
                        "or `run` delivers it); never with a --now after the present")
    p.add_argument("--dry-run", action="store_true", help="never write anything (overrides --send)")
    p.set_defaults(func=cmd_schedule, schedule_command=None)
    ssub = p.add_subparsers(dest="schedule_command", metavar="ACTION")
    ps = ssub.add_parser("set", help="set, move or cancel a meeting",
                         description="meeting <group> YYYY-MM-DD [HH:MM] [90min|1h30] [web|phone|physical] "
                                     "[url or place] [cancel] [from YYYY-MM-DD]. Invitations/updates/cancellations "
                                     "follow at the next scheduler run.",
                         epilog="example: mailbot schedule set circular-procurement 2027-03-18 14:00 90min web https://meet.example/ig")
    ps.add_argument("words", nargs="+", metavar="WORD", help="the group, the date and the rest of the command")
    ps.add_argument("--now", metavar="ISO-DATE", default=argparse.SUPPRESS, help="pretend it is this date/time")
    ps.add_argument("--dry-run", action="store_true", default=argparse.SUPPRESS, help="show what would change, write nothing")
    ps.set_defaults(func=cmd_schedule)
    pc = ssub.add_parser("check", help="check every group's plan against the network's rules",
                         description="At least two meetings a year per group (error), at most "
                                     "scheduler.max_days_per_year days of meetings per participant (warning).")
    pc.add_argument("--now", metavar="ISO-DATE", default=argparse.SUPPRESS, help="pretend it is this date/time")
    pc.set_defaults(func=cmd_schedule)

