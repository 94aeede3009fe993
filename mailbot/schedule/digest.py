"""The network digest: the facilitators' twice-yearly updates, mailed to every participant contact.

The updates (table `updates`, the facilitators' replies to their reminder)
of a half-year are compiled by `reports.compile_digest`. They go to every
contact of the network — each roster entry's `contacts`, every group
member and facilitator — except those who opted out (table
`digest_optouts`), on the dates staff set (`scheduler.digest_dates`,
"MM-DD"). The scheduler queues them like its other jobs (one sent-log line
per recipient, exactly once); `mailbot digest preview` shows the next one,
`mailbot digest send` queues it now (staff, on the command line). A period
already sent from the dashboard (table `digests`) is not sent again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from mailbot.core.config import Config
from mailbot.core.model import OutgoingMail
from mailbot.schedule import contacts
from mailbot.schedule.jobs import Job, register_job_source

DIGESTS = "digests"  # period -> {status: sent, sent, by, recipients, updates}
NETWORK = "network"  # the job's group: the digest is the whole network's
OPTOUTS = contacts.OPTOUTS
optouts, recipients = contacts.optouts, contacts.recipients


def dates(cfg: Config, now: datetime) -> list[date]:
    out = []
    for y in (now.year - 1, now.year, now.year + 1):
        for mmdd in cfg.scheduler.digest_dates:
            mo, dy = (int(x) for x in mmdd.split("-"))
            out.append(date(y, mo, min(dy, 28 if mo == 2 else dy)))
    return out


def _due_at(d: date, cfg: Config) -> datetime:
    h, _, m = cfg.scheduler.reminder_time.partition(":")
    return datetime.combine(d, time(int(h), int(m)), tzinfo=timezone.utc)


def period_for(d: date) -> str:
    """The half-year a digest date reports on: the one it falls in (updates come a month before)."""
    from mailbot.schedule.reports import period_of

    return period_of(d)


def jobs(store: Any, cfg: Config, now: datetime) -> list[Job]:
    """One job per recipient for each digest date; none for a period already sent from the dashboard."""
    from mailbot.schedule import reports

    out: list[Job] = []
    people = None
    for d in dates(cfg, now):
        if _due_at(d, cfg) > now + timedelta(days=60):
            continue
        period = period_for(d)
        sent = store.get(DIGESTS, period) if hasattr(store, "get") else None
        if sent and sent.get("status") == "sent":
            continue
        if not reports.compile_digest(store, cfg, now, period=period)["entries"]:
            continue  # nothing to tell yet: an update that comes within the grace window still goes out
        people = recipients(store, cfg) if people is None else people
        out += [Job("digest", NETWORK, f"digest-{period}", addr, _due_at(d, cfg), data={"period": period})
                for addr in people]
    return out


def render(job: Job, store: Any, cfg: Config, now: datetime) -> OutgoingMail | None:
    """The digest for one recipient; None (nothing sent) when no facilitator sent an update."""
    from mailbot.schedule import reports

    digest = reports.compile_digest(store, cfg, now, period=job.data.get("period") or job.ref[len("digest-"):])
    if not digest["entries"]:
        return None
    digest = dict(digest, recipients=[job.recipient])
    (mail,) = reports.digest_mails(digest, cfg, now)
    return mail


def preview(view: Any, cfg: Config, now: datetime, period: str | None = None) -> dict[str, Any]:
    """What the digest of `period` (default: the current half-year) would say, and to how many."""
    from mailbot.schedule import reports

    digest = reports.compile_digest(view, cfg, now, period=period)
    subject, text = reports.render_digest(digest, cfg)
    nxt = [d for d in dates(cfg, now) if _due_at(d, cfg) > now]
    return {"period": digest["period"], "subject": subject, "text": text, "recipients": digest["recipients"],
            "opted_out": sorted(optouts(view)), "updates": len(digest["entries"]),
            "groups_without_update": digest["groups_without_update"], "sent": digest.get("sent"),
            "next_date": nxt[0].isoformat() if nxt else ""}


register_job_source("digest", jobs, render)
