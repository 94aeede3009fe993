"""What is due: derived from the store at a given time, never remembered between runs.

The meeting plans (table `meetings`, kept in step with config.toml by
meetings.sync_plan), the members (table `members`, the membership
workflow's) and the sent-log (table `schedule_sent`, keyed
``"<group>|<meeting uid or item id>|<kind>|<recipient>"``) imply every job;
`due(store, cfg, now)` returns those not yet in the sent-log: due, missed
(older than `scheduler.grace_days`: reported, never sent) or upcoming.

Job kinds: invitation, update, cancel (calendar mail to members);
attendance_summary, facilitator_reminder, plan_check, term_end_notice,
term_closed (facilitator, members and staff), viability (staff, run.py);
request_reminder (a hook for other workflows: `register_job_source`).
Groups created by approved proposals and renewed terms count
(`network_config`).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo

from mailbot.adapters import store as st
from mailbot.core.config import Config, Group
from mailbot.core.model import OutgoingMail
from mailbot.schedule import meetings as mt

log = logging.getLogger("mailbot.schedule.jobs")

from mailbot.core.tables import ATTENDANCE, MEMBERS  # noqa: E402
from mailbot.core.tables import SCHEDULE_MSGIDS as MSGIDS  # noqa: E402
from mailbot.core.tables import SCHEDULE_SENT as SENT_LOG  # noqa: E402
from mailbot.core.tables import SCHEDULER_STATE as STATE_KEY  # noqa: E402

KINDS = ("invitation", "update", "cancel", "attendance_summary", "facilitator_reminder", "plan_check",
         "term_end_notice", "term_closed", "viability", "request_reminder")
CALENDAR_KINDS = ("invitation", "update", "cancel")

# --------------------------------------------------------------------------- jobs

@dataclass(frozen=True)
class Job:
    """One thing to send to one recipient, derived from the store."""

    kind: str
    group: str
    ref: str  # meeting UID, or an item id ("reminder-2027-03-01", "term-2029-01-01", ...)
    recipient: str
    due_at: datetime
    name: str = ""  # recipient's display name
    sequence: int = 0  # the meeting's SEQUENCE this job carries
    status: str = "due"  # due | missed | upcoming
    tag: str = ""  # distinguishes repeats of a kind in the key ("update.3")
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        return "|".join((self.group, self.ref, self.tag or self.kind, self.recipient))

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["due_at"] = self.due_at.isoformat()
        d["key"] = self.key
        d.pop("data", None)
        return d


@dataclass
class RunResult:
    sent: list[Job] = field(default_factory=list)
    missed: list[Job] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    plan_changes: list[dict] = field(default_factory=list)
    #: the pending-request steps taken (workflows.plan_reminders: reminder, escalation, expiry)
    requests: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{len(self.sent)} sent, {len(self.missed)} missed (older than the grace window), "
                f"{len(self.errors)} errors, {len(self.plan_changes)} plan changes, "
                f"{len(self.requests)} request reminders")


#: extra job sources (e.g. pending-request reminders): (store, cfg, now) -> [Job]
JOB_SOURCES: list[Callable[[Any, Config, datetime], list[Job]]] = []
#: renderers for extra kinds: (job, store, cfg, now) -> OutgoingMail | None
RENDERERS: dict[str, Callable[[Job, Any, Config, datetime], OutgoingMail | None]] = {}


def register_job_source(kind: str, source: Callable[[Any, Config, datetime], list[Job]],
                        renderer: Callable[[Job, Any, Config, datetime], OutgoingMail | None]) -> None:
    """Let another workflow's jobs (e.g. kind "request_reminder") run from this scheduler.

    `source` returns Jobs (with `due_at`; status is set here); `renderer` builds
    the mail. They get the same exactly-once sent-log and grace window.
    """
    JOB_SOURCES.append(source)
    RENDERERS[kind] = renderer


# --------------------------------------------------------------------------- store helpers

def _items(store: Any, table: str) -> list[tuple[str, dict]]:
    if hasattr(store, "items"):
        return list(store.items(table))
    inner = getattr(store, "store", None)  # the pipeline's overlay view
    return list(inner.items(table)) if inner is not None else []


def _parse_when(value: Any, tz: ZoneInfo = ZoneInfo("UTC")) -> datetime | None:
    if not value:
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime(int(value), 1, 1, tzinfo=tz)
        d = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=tz)


def members_of(store: Any, group: str) -> list[dict]:
    """Every member document of a group (any status), from table `members`."""
    prefix = f"{group}|"
    out = []
    for key, doc in _items(store, MEMBERS):
        if key.startswith(prefix) or doc.get("group") == group:
            addr = (doc.get("address") or key.partition("|")[2]).strip().lower()
            if addr:
                out.append(dict(doc, address=addr, group=group))
    return out


def active_members(store: Any, group: str) -> list[dict]:
    return [m for m in members_of(store, group) if m.get("status", "active") == "active"]


def unusable(doc: Any) -> str:
    """Why a stored meeting document cannot be planned ("" when it can)."""
    try:
        if not isinstance(doc.get("uid"), str) or not isinstance(doc.get("group"), str):
            return "no uid or group"
        mt.end_of(doc)
        int(doc.get("sequence", 0))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def plan_state(store: Any, cfg: Config, now: datetime,
               bad: list[tuple[str, str]] | None = None) -> tuple[dict[str, dict], list[dict]]:
    """(uid -> meeting, the documents sync_plan would write): the plan as of `now`.

    A damaged meeting document is left out of the plan, and not overwritten (staff fix
    it: `run_due` triages it), so one bad record does not stop every job of every group;
    (uid, why) of each is added to `bad` when given.
    """
    stored, skipped = {}, {}
    for k, d in _items(store, mt.MEETINGS):
        why = unusable(d) if isinstance(d, dict) else "not a document"
        if why:
            skipped[k] = why
        else:
            stored[k] = dict(d)
    changes: list[dict] = []
    for g in cfg.groups:
        for doc in mt.sync_plan(stored.values(), g, cfg, now):
            if doc["uid"] not in skipped:
                changes.append(doc)
    for doc in changes:
        stored[doc["uid"]] = doc
    if bad is not None:
        bad.extend(sorted(skipped.items()))
    return stored, changes


def _first_run(store: Any, now: datetime) -> datetime:
    doc = store.get(st.STATE, STATE_KEY) if hasattr(store, "get") else None
    return _parse_when((doc or {}).get("first_run")) or now


# --------------------------------------------------------------------------- deriving what is due

def _local(group: Group, d: date, hhmm: str) -> datetime:
    h, _, m = hhmm.partition(":")
    return datetime.combine(d, time(int(h), int(m))).replace(tzinfo=ZoneInfo(group.timezone))


def _reminder_days(group: Group, cfg: Config, now: datetime) -> list[date]:
    t = mt.term(group)
    years = range(t[0].year, t[1].year + 1) if t else range(now.year - 1, now.year + 2)
    out = []
    for y in years:
        for mmdd in cfg.scheduler.reminder_dates:
            mo, dy = (int(x) for x in mmdd.split("-"))
            try:
                d = date(y, mo, dy)
            except ValueError:  # 02-29 in a common year
                d = date(y, mo, 28)
            if t and not t[0] <= d < t[1]:
                continue
            out.append(d)
    return out


def _calendar_log(store: Any) -> dict[str, dict[str, list[dict]]]:
    """uid -> recipient -> the calendar mail sent to them, oldest first."""
    log_by: dict[str, dict[str, list[dict]]] = {}
    for _key, doc in _items(store, SENT_LOG):
        if doc.get("status") == "sent" and doc.get("kind") in CALENDAR_KINDS:
            log_by.setdefault(doc.get("ref", ""), {}).setdefault(doc.get("recipient", ""), []).append(doc)
    for per in log_by.values():
        for docs in per.values():
            docs.sort(key=lambda x: (x.get("at", ""), int(x.get("sequence", 0)), x.get("kind") == "cancel"))
    return log_by


def _meeting_jobs(g: Group, d: dict, cfg: Config, now: datetime, active: dict[str, dict],
                  gone: dict[str, dict], calendar_sent: dict[str, list[dict]]) -> list[Job]:
    """Invitations, updates, cancellations and the attendance summary of one future meeting."""
    sc = cfg.scheduler
    start = mt.start_of(d)
    uid, seq = d["uid"], int(d.get("sequence", 0))
    created = _parse_when(d.get("created")) or now
    updated = _parse_when(d.get("updated")) or created
    jobs: list[Job] = []
    if not mt.is_active(d):
        for addr, got in calendar_sent.items():
            if got and got[-1].get("kind") != "cancel":
                name = (active.get(addr) or gone.get(addr) or {}).get("name", "")
                jobs.append(Job("cancel", g.slug, uid, addr, updated, name=name, sequence=seq, tag=f"cancel.{seq}"))
        return jobs
    for addr, m in active.items():
        got = calendar_sent.get(addr, [])
        since = _parse_when(m.get("since"), ZoneInfo(g.timezone)) or created
        if not got:
            due_at = max(start - timedelta(days=sc.invitation_days_before), since, created)
            jobs.append(Job("invitation", g.slug, uid, addr, due_at, name=m.get("name", ""), sequence=seq))
        elif max(int(x.get("sequence", 0)) for x in got) < seq:
            jobs.append(Job("update", g.slug, uid, addr, max(updated, since), name=m.get("name", ""),
                            sequence=seq, tag=f"update.{seq}"))
    # Members who left keep nothing in their calendar. RFC 5546 3.2.5, removing one attendee: a
    # CANCEL to them alone, SEQUENCE raised, without STATUS:CANCELLED (which would cancel the
    # event for clients that honour it).
    for addr, m in gone.items():
        got = calendar_sent.get(addr, [])
        if got and got[-1].get("kind") != "cancel":
            left = _parse_when(m.get("left") or m.get("until") or m.get("updated")) or now
            last = max(int(x.get("sequence", 0)) for x in got)
            jobs.append(Job("cancel", g.slug, uid, addr, left, name=m.get("name", ""),
                            sequence=max(seq, last) + 1, tag=f"cancel.{seq}", data={"reason": "left"}))
    summary_at = start - timedelta(days=sc.summary_days_before)
    jobs.append(Job("attendance_summary", g.slug, uid, g.facilitator, max(summary_at, created),
                    name=g.facilitator_name, sequence=seq))
    return jobs


def _group_notices(g: Group, cfg: Config, now: datetime, active: dict[str, dict],
                   plan: dict[str, dict]) -> list[Job]:
    """The facilitator's reminders, the term's renewal question and closure, the plan check."""
    sc = cfg.scheduler
    jobs = [Job("facilitator_reminder", g.slug, f"reminder-{d.isoformat()}", g.facilitator,
                _local(g, d, sc.reminder_time), name=g.facilitator_name) for d in _reminder_days(g, cfg, now)]
    staff = [(a, "") for a in cfg.bot.staff if a != g.facilitator]
    # The term: the facilitator, the members and staff are asked whether to renew; without
    # `renew <group>` (which moves the term's end) the group closes then and they are told.
    t = mt.term(g)
    notice = mt.term_notice_date(g, cfg)
    if t and notice:
        told = [(g.facilitator, g.facilitator_name)] + staff
        told += [(a, m.get("name", "")) for a, m in active.items() if a != g.facilitator and a not in cfg.bot.staff]
        for addr, name in told:
            jobs.append(Job("term_end_notice", g.slug, f"term-{t[1].isoformat()}", addr,
                            _local(g, notice, sc.reminder_time), name=name))
            jobs.append(Job("term_closed", g.slug, f"closed-{t[1].isoformat()}", addr,
                            _local(g, t[1], sc.reminder_time), name=name))
    # The network's rules on the plan: tell facilitator and staff once per distinct finding.
    problems = mt.check_plan(g, mt.merged_plan(plan.values(), g, cfg, now), cfg, now)
    if problems:
        digest = mt.short_hash("\n".join(str(p) for p in problems))
        for addr, name in [(g.facilitator, g.facilitator_name)] + staff:
            jobs.append(Job("plan_check", g.slug, f"plan-{digest}", addr, now, name=name,
                            data={"problems": [str(p) for p in problems],
                                  "issues": [p.issue() for p in problems]}))
    return jobs


def _candidates(store: Any, cfg: Config, now: datetime, plan: dict[str, dict]) -> list[Job]:
    """Every job the store implies, sent or not, with its due time (status not yet set)."""
    log_by = _calendar_log(store)
    jobs: list[Job] = []
    for g in cfg.groups:
        members = members_of(store, g.slug)
        active = {m["address"]: m for m in members if m.get("status", "active") == "active"}
        gone = {m["address"]: m for m in members if m.get("status", "active") != "active"}
        for d in sorted((d for d in plan.values() if d.get("group") == g.slug), key=mt.start_of):
            if mt.start_of(d) > now:  # nothing is sent about a meeting that has started
                jobs += _meeting_jobs(g, d, cfg, now, active, gone, log_by.get(d["uid"], {}))
        jobs += _group_notices(g, cfg, now, active, plan)
    for source in JOB_SOURCES:
        try:
            jobs.extend(source(store, cfg, now))
        except Exception as exc:  # one broken hook must not stop invitations
            log.error("job source %s failed: %s", getattr(source, "__name__", source), exc)
    return jobs


def due(store: Any, cfg: Config, now: datetime, *, horizon: timedelta = timedelta(0),
        plan: dict[str, dict] | None = None) -> list[Job]:
    """What is due now (status "due"), fell due too long ago ("missed"), or comes within `horizon`.

    Pure with respect to the store: reads only. Jobs already in the sent-log
    (sent or missed) are not returned.
    """
    if plan is None:
        plan, _ = plan_state(store, cfg, now)
    grace = timedelta(days=cfg.scheduler.grace_days)
    floor = _first_run(store, now) - grace  # nothing from before the scheduler first ran
    sent = {k for k, _ in _items(store, SENT_LOG)}
    out: list[Job] = []
    seen: set[str] = set()
    for job in _candidates(store, cfg, now, plan):
        if job.key in sent or job.key in seen:
            continue
        seen.add(job.key)
        if job.due_at < floor:
            continue
        if job.due_at <= now:
            status = "due" if now - job.due_at <= grace else "missed"
        elif job.due_at <= now + horizon:
            status = "upcoming"
        else:
            continue
        out.append(replace(job, status=status))
    out.sort(key=lambda j: (j.due_at, j.group, j.kind, j.recipient))
    return out



def network_config(cfg: Config, view: Any) -> Config:
    """The config with the store's created groups and renewed terms (workflows.network_config)."""
    from mailbot.workflows import membership as wf

    return wf.network_config(cfg, view)


def only(cfg: Config, groups: set[str] | None) -> Config:
    """`cfg` limited to `groups` (None: all of them)."""
    if not groups:
        return cfg
    return cfg.model_copy(update={"groups": [g for g in cfg.groups if g.slug in groups]})


