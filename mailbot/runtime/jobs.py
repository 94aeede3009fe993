"""The timed work around a cycle, owned by whoever runs cycles: the daemon or cron.

The pipeline itself only works through the mailbox; what is due by the
clock (join-request reminders, escalations and expiry) and what the web
process queued are applied here, under the same store lock, before it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from mailbot.adapters import store as st
from mailbot.core.config import Config
from mailbot.mail import notices, unit
from mailbot.runtime import webqueue
from mailbot.schedule import scheduler
from mailbot.runtime.pipeline import CycleStats, Pipeline
from mailbot.workflows import membership

log = logging.getLogger("mailbot.workflows.membership")


def reminders(store: st.Store, cfg: Config, now: datetime) -> list[str]:
    """Plan the due request steps (reminders, escalations, expiry) and commit them in one write."""
    work = membership.plan_reminders(store, cfg, now)
    if not unit.commit(store, work.records, work.outbox, now, cfg):
        return []
    for note in work.notes:
        log.info("workflow: %s", note)
    return list(work.notes)


def housekeeping(pipe: Pipeline) -> None:
    """Request reminders, escalations and expiry, the staff digest of a burst of notices
    (mail/guard.py kept them back), then whatever the web app queued."""
    reminders(pipe.store, pipe.cfg, pipe.clock())
    notices.flush_digests(pipe.store, pipe.cfg, pipe.clock())
    webqueue.drain(pipe)


def cycle(pipe: Pipeline, limit: int | None = None) -> CycleStats:
    """One cycle as `mailbot once` and `mailbot run` do it: housekeeping, then the mailbox."""
    housekeeping(pipe)
    return pipe.cycle(limit)


def scheduled(pipe: Pipeline) -> scheduler.RunResult:
    """The scheduler's time-driven work once (what `mailbot run`'s planner and retention jobs do),
    then its mail delivered: so a cron line `mailbot once` runs the network as the daemon does."""
    result = scheduler.periodic(pipe.store, pipe.cfg, pipe.clock())
    pipe.deliver()
    return result
