"""The scheduler: meeting invitations, updates, cancellations, RSVPs and reminders.

Nothing here remembers anything between runs: what is due is derived from
the store at the time given. The rooms:

- `jobs.py` — what is due (`due`, `Job`), derived from the plans, the
  members and the sent-log; created groups and renewed terms included;
- `render.py` — the mail for a job (calendar parts by `invites.py`);
- `run.py` — `run_due` (one transaction per run, exactly once), `periodic`
  (what `mailbot once` runs), `build_scheduler` (APScheduler for `mailbot run`);
- `rsvp.py` — RSVPs read back into table `attendance`;
- `meetings.py` — the plans and the network's rules; `viability.py` — the
  rules per group;
- the `meeting …` command (`set_meeting`, `meeting_records`) is
  `commands/meeting.py`, `mailbot schedule` is `cli/schedule.py`.

This module is the one name other parts import (`scheduler.run_due`, …).
"""

from __future__ import annotations

from mailbot.schedule import digest  # noqa: F401  (registers the network digest's jobs)
from mailbot.schedule.jobs import (ATTENDANCE, CALENDAR_KINDS, JOB_SOURCES, KINDS, MEMBERS, MSGIDS, RENDERERS,
                                   SENT_LOG, STATE_KEY, Job, RunResult, active_members, due, members_of,
                                   network_config, only, plan_state, register_job_source)
from mailbot.schedule.render import TEMPLATES, attendance_of, figures, meeting_context, render_job
from mailbot.schedule.rsvp import RsvpResult, apply_rsvp, rsvp_records, subject_partstat
from mailbot.schedule.run import build_scheduler, periodic, run_due

__all__ = [
    "ATTENDANCE", "CALENDAR_KINDS", "JOB_SOURCES", "KINDS", "MEMBERS", "MSGIDS", "RENDERERS", "SENT_LOG",
    "STATE_KEY", "TEMPLATES", "Job", "RsvpResult", "RunResult", "active_members", "apply_rsvp", "attendance_of",
    "build_scheduler", "due", "figures", "meeting_context", "members_of", "network_config",
    "only", "periodic", "plan_state", "register_job_source", "render_job", "rsvp_records", "run_due",
    "subject_partstat",
]
