"""The timed work around a cycle, owned by whoever runs cycles: the daemon or cron.

The pipeline itself only works through the mailbox; what is due by the
clock (join-request reminders, escalations and expiry) and what the web
process queued are applied here, under the same store lock, before it.
"""

from __future__ import annotations

from mailbot.mail import queue as mailq
from mailbot.runtime import webqueue
from mailbot.runtime.pipeline import CycleStats, Pipeline
from mailbot.workflows import membership


def housekeeping(pipe: Pipeline) -> None:
    """Request reminders, escalations and expiry, the staff digest of a burst of notices, then
    whatever the web app queued."""
    membership.run_reminders(pipe.store, pipe.cfg, pipe.clock())
    mailq.flush_digests(pipe.store, pipe.cfg, pipe.clock())
    webqueue.drain(pipe)


def cycle(pipe: Pipeline, limit: int | None = None) -> CycleStats:
    """One cycle as `mailbot once` and `mailbot run` do it: housekeeping, then the mailbox."""
    housekeeping(pipe)
    return pipe.cycle(limit)
