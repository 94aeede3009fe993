"""Running what is due: one store transaction per run, and the daemon's time-driven jobs.

    run_due(store, cfg, now) -> RunResult: one store transaction holding the plan
                                changes, every outbox entry and every sent-log
                                record, so each item is sent exactly once, even
                                across crashes and restarts.

`periodic()` is one step of the daemon's time-driven work (`mailbot once`
calls it); `build_scheduler()` makes the APScheduler 3 scheduler `mailbot
run` starts.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timezone
from typing import Any, Callable

from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import Config
from mailbot.mail import compose
from mailbot.mail.unit import Unit
from mailbot.schedule import digest  # noqa: F401  (registers the network digest's jobs)
from mailbot.schedule import meetings as mt
from mailbot.schedule.jobs import (CALENDAR_KINDS, MSGIDS, SENT_LOG, STATE_KEY, Job, RunResult, due,
                                   network_config, only, plan_state)
from mailbot.schedule.render import render_job
from mailbot.workflows import membership as wf

#: the jobs whose `ref` is a meeting's UID
MEETING_KINDS = (*CALENDAR_KINDS, "attendance_summary")

log = logging.getLogger("mailbot.schedule.run")


def run_due(store: st.Store, cfg: Config, now: datetime | None = None, dry_run: bool = False,
            groups: set[str] | None = None) -> RunResult:
    """Send what is due: plan changes, outbox entries and sent-log in ONE commit.

    The pipeline's outbox flush delivers the entries. With `dry_run` nothing
    is written; the result says what would have been sent. Groups created by
    approved proposals are planned like configured ones; `groups` limits
    everything (plans, mail, request reminders) to those groups.
    """
    now = now or utcnow()
    lock = getattr(store, "_lock", None) or contextlib.nullcontext()
    with lock:  # the daemon's pipeline commits from another thread
        cfg = only(network_config(cfg, store), groups)
        damaged: list[tuple[str, str]] = []
        plan, changes = plan_state(store, cfg, now, damaged)
        result = RunResult(plan_changes=changes)
        unit = Unit(store, cfg, now)
        for doc in changes:
            unit.put(mt.MEETINGS, doc["uid"], doc)
        if store.get(st.STATE, STATE_KEY) is None:
            unit.put(st.STATE, STATE_KEY, {"first_run": now.isoformat()})
        jobs = [j for j in due(store, cfg, now, plan=plan) if not groups or j.group in groups]
        jobs += _viability_jobs(store, cfg, now, plan, unit)
        failed = wf.Work(cfg, store, now, source_id="scheduler")  # triage items of records it cannot use
        for uid, why in damaged:  # left out of the plan: the other meetings and groups go on
            result.errors.append(f"meetings/{uid}: {why}")
            wf.bad_record(failed, mt.MEETINGS, uid, "scheduler", why)
        for job in jobs:
            _queue_job(job, unit, failed, result, store, cfg, now, plan)
        unit.records(failed.records)
        # Pending join requests: reminders, escalations, expiry (workflows.py), in the same write. Each
        # step is recorded on its request, so this, `Pipeline.cycle` and `mailbot reminders` never repeat one.
        work = wf.plan_reminders(store, cfg, now, groups=groups)
        unit.stage(work.records, work.outbox)
        result.requests = list(work.notes)
        if not dry_run:
            unit.commit()
    if result.sent or result.missed or changes or result.requests:
        log.info("scheduler%s: %s", " (dry run)" if dry_run else "", result)
    return result


def _queue_job(job: Job, unit: Unit, failed: wf.Work, result: RunResult, store: Any, cfg: Config,
               now: datetime, plan: dict[str, dict]) -> None:
    """One due job into the unit: its mail and sent-log line (or "missed", "skipped"); a job
    whose mail cannot be rendered is triaged (`failed`) and stays due for the next run."""
    record = {"kind": job.kind, "group": job.group, "ref": job.ref, "recipient": job.recipient,
              "sequence": job.sequence, "due_at": job.due_at.isoformat(), "at": now.isoformat()}
    if job.status == "missed":
        unit.put(SENT_LOG, job.key, dict(record, status="missed"))
        result.missed.append(job)
        log.warning("missed (older than the %g-day grace window, not sent): %s", cfg.scheduler.grace_days, job.key)
        return
    try:
        mail = render_job(job, store, cfg, now, plan)
    except Exception as exc:  # one bad item must not block the others; retried next run
        result.errors.append(f"{job.key}: {type(exc).__name__}: {exc}")
        _unrenderable(failed, job, exc)
        return
    if mail is None:
        unit.put(SENT_LOG, job.key, dict(record, status="skipped"))
        return
    unit.mail([mail])
    msgid = compose.message_id_for(mail.key, cfg.bot.address.rpartition("@")[2]).strip("<>")
    unit.put(SENT_LOG, job.key, dict(record, status="sent", outbox_key=mail.key, message_id=msgid))
    if job.kind in CALENDAR_KINDS:
        unit.put(MSGIDS, msgid, {"uid": job.ref, "group": job.group, "recipient": job.recipient})
    result.sent.append(job)


def _unrenderable(failed: wf.Work, job: Job, exc: Exception) -> None:
    """A job whose mail cannot be rendered: an ERROR line and one staff triage item per stored
    record and kind of job (a meeting's, else the job's own), however many recipients it has;
    the job stays due, so it goes out once the record is fixed."""
    table, key = (mt.MEETINGS, job.ref) if job.kind in MEETING_KINDS else (SENT_LOG, f"{job.group}|{job.ref}")
    wf.bad_record(failed, table, key, f"scheduler ({job.kind})", f"cannot render {job.key}: {type(exc).__name__}: {exc}")


def _viability_jobs(store: Any, cfg: Config, now: datetime, plan: dict[str, dict], unit: Unit) -> list[Job]:
    """Record each group's viability in `unit`; a mail to staff for each group that stopped being viable.

    Told once per drop: the state (table `state`, "viability|<slug>") holds
    the last verdict, and the mail's sent-log key carries the day of the drop.
    """
    from mailbot.schedule import viability as vb

    docs = [d for d in plan.values() if mt.is_active(d)]
    rows = [vb.group_status(store, cfg, g, now, docs) for g in cfg.groups]
    jobs = []
    for row, state in vb.transitions(store, rows, now):
        unit.put(st.STATE, vb.STATE_PREFIX + row["group"], state)
        if state["was"] is True and not row["viable"]:
            for addr in cfg.bot.staff:
                jobs.append(Job("viability", row["group"], f"unviable-{now.date().isoformat()}", addr, now,
                                data={"status": row}))
    return jobs



# --------------------------------------------------------------------------- APScheduler

def _retention(store: st.Store, cfg: Config, now: datetime) -> int:
    from mailbot.workflows import privacy

    return privacy.purge(store, cfg, now)


def periodic(store: st.Store, cfg: Config, now: datetime) -> RunResult:
    """The daemon's time-driven work, once: what is due (run_due) and the retention purge.

    `mailbot once` calls it, so cron runs what `mailbot run`'s jobs run.
    """
    result = run_due(store, cfg, now)
    try:
        _retention(store, cfg, now)
    except Exception as exc:  # the purge must not cost the meetings their mail
        log.error("retention purge failed: %s", exc)
        result.errors.append(f"retention purge: {exc}")
    return result


def build_scheduler(store: st.Store, cfg: Config, *, clock: Callable[[], datetime] = utcnow,
                    background: bool = False, event_loop: Any = None,
                    flush: Callable[[], Any] | None = None, poll: Callable[[], Any] | None = None,
                    start_now: bool = True):
    """The APScheduler 3 scheduler for `mailbot run` (not started).

    Jobs: "planner" (run_due every `scheduler.planner_interval_minutes`, first
    run at once: the start-up catch-up); "outbox" (`flush`, every minute) and
    "mailbox" (`poll`, every `mailbox.poll_interval`) when given. AsyncIOScheduler
    by default (start it inside a running event loop); `background=True` gives
    a BackgroundScheduler for a synchronous daemon loop.
    """
    if background:
        from apscheduler.schedulers.background import BackgroundScheduler as cls
    else:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler as cls
    kw: dict[str, Any] = {"timezone": timezone.utc,
                          "job_defaults": {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}}
    if event_loop is not None and not background:
        kw["event_loop"] = event_loop
    sched = cls(**kw)

    def planner() -> RunResult:
        with store.lock:  # the pipeline cycle takes the same lock: no interleaved read-modify-write
            return run_due(store, cfg, clock())

    first = {"next_run_time": utcnow()} if start_now else {}
    sched.add_job(planner, "interval", minutes=cfg.scheduler.planner_interval_minutes, id="planner",
                  name="meeting planner (run_due)", replace_existing=True, **first)

    def retention() -> int:
        with store.lock:
            return _retention(store, cfg, clock())

    sched.add_job(retention, "interval", hours=24, id="retention", name="retention purge (privacy.purge)",
                  replace_existing=True, **first)
    if flush is not None:
        sched.add_job(flush, "interval", seconds=60, id="outbox", name="outbox flush", replace_existing=True)
    if poll is not None:
        sched.add_job(poll, "interval", seconds=cfg.mailbox.poll_interval, id="mailbox", name="mailbox poll",
                      replace_existing=True)
    return sched


