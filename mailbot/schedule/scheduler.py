"""The scheduler: meeting invitations, updates, cancellations, RSVPs and reminders.

Nothing here remembers anything between runs. What is due is *derived* from
the store — the meeting plans (table `meetings`, kept in step with config.toml
by meetings.sync_plan), the members (table `members`, owned by the membership
workflow), and the sent-log (table `schedule_sent`, keyed
``"<group>|<meeting uid or item id>|<kind>|<recipient>"``) — at the time
given, so the clock is a parameter everywhere:

    due(store, cfg, now)       -> [Job]   what is due / missed / coming up (no writes)
    run_due(store, cfg, now)   -> RunResult: one store transaction holding the plan
                                  changes, every outbox entry and every sent-log
                                  record, so each item is sent exactly once, even
                                  across crashes and restarts.

After downtime, what fell due at most `scheduler.grace_days` ago is sent at
start-up; older items are recorded as "missed" and reported, never sent.

Job kinds: invitation, update, cancel (calendar mail to members);
attendance_summary, facilitator_reminder, plan_check, term_end_notice
(facilitator, and staff for the last two); request_reminder (a hook for
other workflows: add a source with `register_job_source`). The membership
workflow's pending-request reminders (workflows.plan_reminders) run inside
every `run_due`, in the same commit; their state lives on the requests.

RSVPs: `apply_rsvp(store, msg, sender, now)` (commits) or
`rsvp_records(view, msg, sender, now)` (records for the pipeline's own
commit) read an iMIP REPLY or an "Accepted: …"/"Declined: …" subject and
update table `attendance` (key ``"<uid>|<address>"``).

`build_scheduler()` makes the APScheduler 3 scheduler `mailbot run` starts;
`register()` adds `mailbot schedule` to the command line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from mailbot.mail import compose
from mailbot.schedule import invites
from mailbot.schedule import meetings as mt
from mailbot.mail import queue as ob
from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import Config, Group
from mailbot.core.model import CalendarPart, OutgoingMail, ParsedMessage

log = logging.getLogger("mailbot.schedule.scheduler")

SENT_LOG = "schedule_sent"  # "<group>|<ref>|<kind>|<recipient>" -> {status: sent|missed, at, sequence, ...}
ATTENDANCE = "attendance"  # "<uid>|<address>" -> {group, uid, address, partstat, sequence, at, via}
MEMBERS = "members"  # "<slug>|<address>" -> {group, address, name, organisation, since, status} (workflow's)
MSGIDS = "schedule_msgids"  # Message-ID of a sent invitation -> {uid, group, recipient} (for plain replies)
STATE_KEY = "scheduler"  # in table `state`: {first_run}

KINDS = ("invitation", "update", "cancel", "attendance_summary", "facilitator_reminder", "plan_check",
         "term_end_notice", "request_reminder")
CALENDAR_KINDS = ("invitation", "update", "cancel")
TEMPLATES = {
    "invitation": "meeting_invitation", "update": "meeting_update", "cancel": "meeting_cancel",
    "attendance_summary": "attendance_summary", "facilitator_reminder": "facilitator_reminder",
    "term_end_notice": "term_end_notice", "plan_check": "plan_check",
}


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


def plan_state(store: Any, cfg: Config, now: datetime) -> tuple[dict[str, dict], list[dict]]:
    """(uid -> meeting, the documents sync_plan would write): the plan as of `now`."""
    stored = {k: dict(d) for k, d in _items(store, mt.MEETINGS)}
    changes: list[dict] = []
    for g in cfg.groups:
        for doc in mt.sync_plan(stored.values(), g, cfg, now):
            changes.append(doc)
    for doc in changes:
        stored[doc["uid"]] = doc
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


def _candidates(store: Any, cfg: Config, now: datetime, plan: dict[str, dict]) -> list[Job]:
    """Every job the store implies, sent or not, with its due time (status not yet set)."""
    sc = cfg.scheduler
    # uid -> recipient -> calendar mail sent to them, oldest first
    log_by: dict[str, dict[str, list[dict]]] = {}
    for key, doc in _items(store, SENT_LOG):
        if doc.get("status") == "sent" and doc.get("kind") in CALENDAR_KINDS:
            log_by.setdefault(doc.get("ref", ""), {}).setdefault(doc.get("recipient", ""), []).append(doc)
    for per in log_by.values():
        for docs in per.values():
            docs.sort(key=lambda x: (x.get("at", ""), int(x.get("sequence", 0)), x.get("kind") == "cancel"))
    jobs: list[Job] = []
    for g in cfg.groups:
        members = members_of(store, g.slug)
        active = {m["address"]: m for m in members if m.get("status", "active") == "active"}
        gone = {m["address"]: m for m in members if m.get("status", "active") != "active"}
        group_meetings = sorted((d for d in plan.values() if d.get("group") == g.slug), key=mt.start_of)
        for d in group_meetings:
            start = mt.start_of(d)
            if start <= now:
                continue  # nothing is sent about a meeting that has started
            uid, seq = d["uid"], int(d.get("sequence", 0))
            created = _parse_when(d.get("created")) or now
            updated = _parse_when(d.get("updated")) or created
            calendar_sent = log_by.get(uid, {})
            if mt.is_active(d):
                for addr, m in active.items():
                    got = calendar_sent.get(addr, [])
                    since = _parse_when(m.get("since"), ZoneInfo(g.timezone)) or created
                    if not got:
                        due_at = max(start - timedelta(days=sc.invitation_days_before), since, created)
                        jobs.append(Job("invitation", g.slug, uid, addr, due_at, name=m.get("name", ""),
                                        sequence=seq))
                        continue
                    last = max(int(x.get("sequence", 0)) for x in got)
                    if last < seq:
                        jobs.append(Job("update", g.slug, uid, addr, max(updated, since), name=m.get("name", ""),
                                        sequence=seq, tag=f"update.{seq}"))
                # Members who left keep nothing in their calendar.
                for addr, m in gone.items():
                    got = calendar_sent.get(addr, [])
                    if got and got[-1].get("kind") != "cancel":
                        left = _parse_when(m.get("left") or m.get("until") or m.get("updated")) or now
                        jobs.append(Job("cancel", g.slug, uid, addr, left, name=m.get("name", ""), sequence=seq,
                                        tag=f"cancel.{seq}", data={"reason": "left"}))
                summary_at = start - timedelta(days=sc.summary_days_before)
                jobs.append(Job("attendance_summary", g.slug, uid, g.facilitator, max(summary_at, created),
                                name=g.facilitator_name, sequence=seq))
            else:
                for addr, got in calendar_sent.items():
                    if got and got[-1].get("kind") != "cancel":
                        name = (active.get(addr) or gone.get(addr) or {}).get("name", "")
                        jobs.append(Job("cancel", g.slug, uid, addr, updated, name=name, sequence=seq,
                                        tag=f"cancel.{seq}"))
        # Twice-yearly facilitator reminders.
        for d in _reminder_days(g, cfg, now):
            jobs.append(Job("facilitator_reminder", g.slug, f"reminder-{d.isoformat()}", g.facilitator,
                            _local(g, d, sc.reminder_time), name=g.facilitator_name))
        # The term: renew or close?
        t = mt.term(g)
        notice = mt.term_notice_date(g, cfg)
        if t and notice:
            for addr in [g.facilitator] + [a for a in cfg.bot.staff if a != g.facilitator]:
                jobs.append(Job("term_end_notice", g.slug, f"term-{t[1].isoformat()}", addr,
                                _local(g, notice, sc.reminder_time),
                                name=g.facilitator_name if addr == g.facilitator else ""))
        # The network's rules on the plan: tell facilitator and staff once per distinct finding.
        problems = mt.check_plan(g, mt.merged_plan(plan.values(), g, cfg, now), cfg, now)
        if problems:
            digest = mt.short_hash("\n".join(str(p) for p in problems))
            for addr in [g.facilitator] + [a for a in cfg.bot.staff if a != g.facilitator]:
                jobs.append(Job("plan_check", g.slug, f"plan-{digest}", addr, now,
                                name=g.facilitator_name if addr == g.facilitator else "",
                                data={"problems": [str(p) for p in problems]}))
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


# --------------------------------------------------------------------------- rendering

_FORMAT_TEXT = {"web": "web meeting", "phone": "phone meeting", "physical": "physical meeting"}


def meeting_context(d: dict) -> dict[str, Any]:
    start, end = mt.start_of(d), mt.end_of(d)
    return {
        "uid": d["uid"], "summary": d.get("summary", ""), "sequence": int(d.get("sequence", 0)),
        "date": start.strftime("%A %d %B %Y").replace(" 0", " "),
        "time": start.strftime("%H:%M"), "end_time": end.strftime("%H:%M"), "tz": d.get("tz", ""),
        "utc_offset": start.strftime("UTC%z")[:-2] + ":" + start.strftime("%z")[-2:],
        "when_text": f"{start.strftime('%A %d %B %Y').replace(' 0', ' ')}, {start:%H:%M}–{end:%H:%M} ({d.get('tz', '')})",
        "duration": int(d.get("duration", 0)), "format": d.get("format", ""),
        "format_text": _FORMAT_TEXT.get(d.get("format", ""), "meeting"),
        "location": d.get("location", ""), "url": d.get("url", ""),
        "status": d.get("status", mt.PLANNED), "start_iso": start.isoformat(),
    }


def _group_ctx(g: Group) -> dict[str, Any]:
    return {"slug": g.slug, "name": g.name, "facilitator": g.facilitator,
            "facilitator_name": g.facilitator_name or g.facilitator, "cadence": g.cadence}


def _base_ctx(cfg: Config, g: Group, job: Job) -> dict[str, Any]:
    return {
        "schedule": True,
        "bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
        "group": _group_ctx(g),
        "recipient": {"address": job.recipient, "name": compose.header_safe(job.name, 100)},
    }


def figures(store: Any, cfg: Config, g: Group, now: datetime, plan: dict[str, dict]) -> dict[str, Any]:
    """The group's numbers for the facilitator reminder."""
    tz = ZoneInfo(g.timezone)
    year = now.astimezone(tz).year
    docs = [d for d in plan.values() if d.get("group") == g.slug and mt.is_active(d)]
    this_year = [d for d in docs if mt.start_of(d).year == year]
    held = [d for d in this_year if mt.start_of(d) <= now]
    planned = [d for d in this_year if mt.start_of(d) > now]
    upcoming = sorted((d for d in docs if mt.start_of(d) > now), key=mt.start_of)
    requests = [d for _, d in _items(store, st.REQUESTS)
                if d.get("status") == "pending" and g.slug in (d.get("groups") or [])]
    att = {}
    for _, a in _items(store, ATTENDANCE):
        if a.get("group") == g.slug:
            att.setdefault(a.get("uid"), {}).setdefault(a.get("partstat", ""), 0)
            att[a["uid"]][a.get("partstat", "")] += 1
    held_rows = [{"meeting": meeting_context(d), "accepted": att.get(d["uid"], {}).get("ACCEPTED", 0),
                  "declined": att.get(d["uid"], {}).get("DECLINED", 0)} for d in held]
    return {
        "year": year,
        "members": len(active_members(store, g.slug)),
        "meetings_held": len(held), "meetings_planned": len(planned),
        "held": held_rows,
        "next": [meeting_context(d) for d in upcoming[:4]],
        "open_requests": len(requests),
        "accepted_total": sum(r["accepted"] for r in held_rows),
    }


def attendance_of(store: Any, d: dict) -> dict[str, Any]:
    """Who answered what for one meeting (current SEQUENCE or older answers both count)."""
    members = {m["address"]: m for m in active_members(store, d["group"])}
    answers = {a["address"]: a for _, a in _items(store, ATTENDANCE) if a.get("uid") == d["uid"]}
    rows = []
    for addr in sorted(set(members) | set(answers)):
        a = answers.get(addr, {})
        m = members.get(addr, {})
        rows.append({"address": addr, "name": compose.header_safe(m.get("name", ""), 100),
                     "organisation": compose.header_safe(m.get("organisation", ""), 100),
                     "partstat": a.get("partstat", "NEEDS-ACTION")})
    count = lambda s: sum(1 for r in rows if r["partstat"] == s)  # noqa: E731
    return {"rows": rows, "accepted": count("ACCEPTED"), "declined": count("DECLINED"),
            "tentative": count("TENTATIVE"), "no_answer": count("NEEDS-ACTION")}


def _organizer(cfg: Config, g: Group) -> tuple[tuple[str, str], str, tuple[str, str] | None]:
    """(ORGANIZER, SENT-BY, CHAIR) per `scheduler.organizer`."""
    fac_name = g.facilitator_name or g.facilitator
    if cfg.scheduler.organizer == "bot":
        return (cfg.bot.address, f"{fac_name} via {cfg.bot.name}"), "", (g.facilitator, fac_name)
    return (g.facilitator, fac_name), cfg.bot.address, None


def render_job(job: Job, store: Any, cfg: Config, now: datetime, plan: dict[str, dict]) -> OutgoingMail | None:
    """The mail for one job (None when there is nothing to say)."""
    if job.kind in RENDERERS:
        return RENDERERS[job.kind](job, store, cfg, now)
    g = cfg.group(job.group)
    if g is None:
        return None
    key = "schedule|" + job.key
    sender = (cfg.bot.name, cfg.bot.address)
    to = [(job.name, job.recipient)]
    ctx = _base_ctx(cfg, g, job)
    if job.kind in CALENDAR_KINDS:
        d = plan[job.ref]
        ctx["meeting"] = meeting_context(d)
        ctx["reason"] = job.data.get("reason", "")
        subject, text, html = compose.render(TEMPLATES[job.kind], ctx)
        method = "CANCEL" if job.kind == "cancel" else "REQUEST"
        organizer, sent_by, chair = _organizer(cfg, g)
        if cfg.scheduler.list_all_attendees and method == "REQUEST":
            attendees = [(m["address"], m.get("name", "")) for m in active_members(store, g.slug)] or [(job.recipient, job.name)]
        else:
            attendees = [(job.recipient, job.name)]
        doc = dict(d, sequence=job.sequence) if job.kind == "cancel" else d
        ics = invites.build_calendar(doc, method=method, organizer=organizer, sent_by=sent_by, attendees=attendees,
                                     dtstamp=now, alarm_minutes=cfg.scheduler.alarm_minutes_before,
                                     description=text.split("\n--\n")[0].strip()[:2000], chair=chair)
        return invites.build_calendar_mail(key=key, sender=sender, to=to, subject=subject, text=text, html=html,
                                           ics=ics, method=method, date=now, reply_to=cfg.bot.address)
    if job.kind == "attendance_summary":
        d = plan[job.ref]
        ctx.update(meeting=meeting_context(d), attendance=attendance_of(store, d))
    elif job.kind == "facilitator_reminder":
        ctx.update(figures=figures(store, cfg, g, now, plan), staff=list(cfg.bot.staff))
    elif job.kind == "term_end_notice":
        t = mt.term(g)
        ctx.update(term={"start": t[0].isoformat(), "end": (t[1] - timedelta(days=1)).isoformat(),
                         "years": g.term_years} if t else {},
                   figures=figures(store, cfg, g, now, plan), to_staff=job.recipient != g.facilitator)
    elif job.kind == "plan_check":
        ctx.update(problems=list(job.data.get("problems", [])), to_staff=job.recipient != g.facilitator,
                   next=[meeting_context(d) for d in sorted(
                       (x for x in plan.values() if x.get("group") == g.slug and mt.is_active(x)
                        and mt.start_of(x) > now), key=mt.start_of)[:8]])
    else:
        return None
    subject, text, html = compose.render(TEMPLATES[job.kind], ctx)
    return compose.build(key=key, sender=sender, to=to, subject=subject, text=text, html=html, date=now,
                         auto_submitted="auto-generated", reply_to=cfg.bot.address)


# --------------------------------------------------------------------------- running

def run_due(store: st.Store, cfg: Config, now: datetime | None = None, dry_run: bool = False) -> RunResult:
    """Send what is due: plan changes, outbox entries and sent-log in ONE commit.

    The pipeline's outbox flush delivers the entries. With `dry_run` nothing
    is written; the result says what would have been sent.
    """
    now = now or utcnow()
    lock = getattr(store, "_lock", None) or contextlib.nullcontext()
    with lock:  # the daemon's pipeline commits from another thread
        plan, changes = plan_state(store, cfg, now)
        result = RunResult(plan_changes=changes)
        tx = st.Transaction()
        for doc in changes:
            tx.put(mt.MEETINGS, doc["uid"], doc)
        if store.get(st.STATE, STATE_KEY) is None:
            tx.put(st.STATE, STATE_KEY, {"first_run": now.isoformat()})
        domain = cfg.bot.address.rpartition("@")[2]
        for job in due(store, cfg, now, plan=plan):
            record = {"kind": job.kind, "group": job.group, "ref": job.ref, "recipient": job.recipient,
                      "sequence": job.sequence, "due_at": job.due_at.isoformat(), "at": now.isoformat()}
            if job.status == "missed":
                tx.put(SENT_LOG, job.key, dict(record, status="missed"))
                result.missed.append(job)
                log.warning("missed (older than the %g-day grace window, not sent): %s", cfg.scheduler.grace_days, job.key)
                continue
            try:
                mail = render_job(job, store, cfg, now, plan)
            except Exception as exc:  # one bad item must not block the others; retried next run
                result.errors.append(f"{job.key}: {type(exc).__name__}: {exc}")
                log.error("cannot render %s: %s", job.key, exc)
                continue
            if mail is None:
                tx.put(SENT_LOG, job.key, dict(record, status="skipped"))
                continue
            ob.enqueue(tx, store, [mail], now, cfg=cfg)
            msgid = compose.message_id_for(mail.key, domain).strip("<>")
            tx.put(SENT_LOG, job.key, dict(record, status="sent", outbox_key=mail.key, message_id=msgid))
            if job.kind in CALENDAR_KINDS:
                tx.put(MSGIDS, msgid, {"uid": job.ref, "group": job.group, "recipient": job.recipient})
            result.sent.append(job)
        # Pending join requests: reminders, escalations, expiry (workflows.py), in the same write. Each
        # step is recorded on its request, so this, `Pipeline.cycle` and `mailbot reminders` never repeat one.
        from mailbot.workflows import membership as wf

        work = wf.plan_reminders(store, cfg, now)
        for table, key, doc in work.records:
            tx.put(table, key, doc)
        ob.enqueue(tx, store, work.outbox, now, cfg=cfg)
        result.requests = list(work.notes)
        if not dry_run and tx:
            store.commit(tx)
    if result.sent or result.missed or changes or result.requests:
        log.info("scheduler%s: %s", " (dry run)" if dry_run else "", result)
    return result


# --------------------------------------------------------------------------- RSVPs

_RSVP_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|antw|sv|fw|fwd)\s*:\s*)*"
    r"(?P<word>accepted|declined|tentative(?:ly accepted)?|angenommen|akzeptiert|abgelehnt|mit vorbehalt angenommen|"
    r"vorläufig angenommen|accepté|acceptée|refusé|refusée|provisoire|provisoirement accepté|aceptado|aceptada|"
    r"rechazado|rechazada|provisional|accettato|accettata|rifiutato|rifiutata|provvisorio|geaccepteerd|"
    r"afgewezen|voorlopig|accepterat|avböjt|preliminärt|zaakceptowano|odrzucono|aceito|recusado)"
    r"\s*:\s*(?P<rest>.*)$", re.I)
_DECLINE = ("declin", "abgelehnt", "refus", "rechaz", "rifiut", "afgewezen", "avböjt", "odrzuc", "recus")
_TENTATIVE = ("tentative", "vorbehalt", "vorläufig", "provis", "voorlopig", "preliminärt")


def subject_partstat(subject: str) -> tuple[str, str] | None:
    """("ACCEPTED"|"DECLINED"|"TENTATIVE", the meeting title) from "Accepted: …"-style subjects."""
    m = _RSVP_SUBJECT.match(subject or "")
    if not m:
        return None
    word = m.group("word").lower()
    if any(word.startswith(x) for x in _DECLINE):
        ps = "DECLINED"
    elif any(x in word for x in _TENTATIVE):
        ps = "TENTATIVE"
    else:
        ps = "ACCEPTED"
    title = m.group("rest").strip()
    # Google: "Accepted: Title @ Thu 18 Mar 2027 14:00 - 15:30 (CET) (someone@example.org)"
    title = re.sub(r"\s+@\s+.*$", "", title).strip()
    return ps, title


@dataclass(frozen=True)
class RsvpResult:
    status: str  # recorded | stale | unknown-meeting | unknown-attendee | not-an-rsvp
    uid: str = ""
    attendee: str = ""
    partstat: str = ""
    group: str = ""
    detail: str = ""


def _norm_title(s: str) -> str:
    return re.sub(r"[\W_]+", " ", (s or "").lower()).strip()


def rsvp_records(view: Any, msg: ParsedMessage | CalendarPart | str, sender: str = "", now: datetime | None = None,
                 *, in_reply_to: str = "", message_id: str = "") -> tuple[list[tuple[str, str, dict]], RsvpResult]:
    """Work out an RSVP: the (table, key, doc) records to write, and what happened.

    `msg` is a ParsedMessage (its calendar part, or its subject), a
    CalendarPart (iMIP REPLY), or a plain subject string. Matched by UID
    (or, for plain replies, by the invitation it answers / the meeting's
    title) and attendee; a REPLY with a SEQUENCE lower than the meeting's
    current one is stale and ignored. `view` needs `get` (and `items` or a
    `.store` for title matching).
    """
    now = now or utcnow()
    part: CalendarPart | None = None
    subject = ""
    if isinstance(msg, ParsedMessage):
        part = msg.calendar
        subject = msg.subject
        sender = sender or msg.sender_addr
        in_reply_to = in_reply_to or msg.in_reply_to
        message_id = message_id or msg.message_id
    elif isinstance(msg, CalendarPart):
        part = msg
    else:
        subject = str(msg or "")
    sender = (sender or "").strip().lower()
    meeting: dict | None = None
    partstat, attendee, sequence, via = "", sender, None, ""
    if part is not None and part.method == "REPLY" and part.uid:
        meeting = view.get(mt.MEETINGS, part.uid)
        if meeting is None:
            return [], RsvpResult("unknown-meeting", uid=part.uid, attendee=part.attendee or sender,
                                  detail="no meeting with this UID")
        attendee = (part.attendee or sender).lower()
        partstat = (part.partstat or "").upper()
        sequence = part.sequence
        via = "imip"
    else:
        parsed = subject_partstat(subject)
        if parsed is None:
            return [], RsvpResult("not-an-rsvp", attendee=sender, detail="neither an iMIP REPLY nor an Accepted:/Declined: subject")
        partstat, title = parsed
        via = "subject"
        ref = view.get(MSGIDS, (in_reply_to or "").strip("<>")) if in_reply_to else None
        if ref:
            meeting = view.get(mt.MEETINGS, ref.get("uid", ""))
        if meeting is None:
            invited = {doc.get("ref") for _, doc in _items(view, SENT_LOG)
                       if doc.get("recipient") == sender and doc.get("kind") in CALENDAR_KINDS}
            cands = [d for _, d in _items(view, mt.MEETINGS) if d.get("uid") in invited]
            want = _norm_title(title)
            titled = [d for d in cands if want and _norm_title(d.get("summary", "")) == want] or \
                     ([] if want else cands)
            soon = sorted((d for d in titled if mt.start_of(d) > now - timedelta(days=1)), key=mt.start_of)
            meeting = soon[0] if soon else (sorted(titled, key=mt.start_of)[-1] if titled else None)
        if meeting is None:
            return [], RsvpResult("unknown-meeting", attendee=sender, partstat=partstat,
                                  detail=f"no meeting {title!r} this sender was invited to")
    if partstat not in ("ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED", "NEEDS-ACTION"):
        return [], RsvpResult("not-an-rsvp", uid=meeting["uid"], attendee=attendee, detail=f"PARTSTAT {partstat!r}")
    uid, group = meeting["uid"], meeting.get("group", "")
    current = int(meeting.get("sequence", 0))
    if sequence is not None and sequence < current:
        return [], RsvpResult("stale", uid=uid, attendee=attendee, partstat=partstat, group=group,
                              detail=f"reply to SEQUENCE {sequence}, the meeting is at {current}")
    member = view.get(MEMBERS, f"{group}|{attendee}")
    invited = view.get(SENT_LOG, f"{group}|{uid}|invitation|{attendee}")
    if member is None and invited is None:
        return [], RsvpResult("unknown-attendee", uid=uid, attendee=attendee, partstat=partstat, group=group,
                              detail="neither a member of the group nor invited")
    doc = {"group": group, "uid": uid, "address": attendee, "partstat": partstat,
           "sequence": current if sequence is None else sequence, "at": now.isoformat(), "via": via,
           "message_id": message_id}
    return [(ATTENDANCE, f"{uid}|{attendee}", doc)], RsvpResult("recorded", uid=uid, attendee=attendee,
                                                                 partstat=partstat, group=group)


def apply_rsvp(store: st.Store, msg: ParsedMessage | CalendarPart | str, sender: str = "",
               now: datetime | None = None, **kw: str) -> RsvpResult:
    """`rsvp_records` and commit them: update the member's attendance for that meeting."""
    records, result = rsvp_records(store, msg, sender, now, **kw)
    if records:
        tx = st.Transaction()
        for table, key, doc in records:
            tx.put(table, key, doc)
        store.commit(tx)
    log.info("rsvp %s: %s %s %s", result.status, result.attendee, result.partstat, result.uid)
    return result


# --------------------------------------------------------------------------- meeting commands

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
    plan, changes = plan_state(view, cfg, now)
    docs, what = mt.apply_spec(plan.values(), spec, cfg, now)
    writes = [(mt.MEETINGS, uid, d) for uid, d in {d["uid"]: d for d in changes + docs}.items()]
    return writes, docs, what


# --------------------------------------------------------------------------- APScheduler

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

    first = {"next_run_time": datetime.now(timezone.utc)} if start_now else {}
    sched.add_job(planner, "interval", minutes=cfg.scheduler.planner_interval_minutes, id="planner",
                  name="meeting planner (run_due)", replace_existing=True, **first)
    def retention() -> int:
        from mailbot.workflows import privacy

        with store.lock:
            return privacy.purge(store, cfg, clock())

    sched.add_job(retention, "interval", hours=24, id="retention", name="retention purge (privacy.purge)",
                  replace_existing=True, **first)
    if flush is not None:
        sched.add_job(flush, "interval", seconds=60, id="outbox", name="outbox flush", replace_existing=True)
    if poll is not None:
        sched.add_job(poll, "interval", seconds=cfg.mailbox.poll_interval, id="mailbox", name="mailbox poll",
                      replace_existing=True)
    return sched


# --------------------------------------------------------------------------- CLI

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
    from mailbot.adapters import factory as adapters
    from mailbot.core.config import load_config

    cfg = load_config(args)
    now = _when(args.now)
    action = getattr(args, "schedule_command", None)
    if action == "set":
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
    if action == "check":
        with _read_store(cfg) as s:
            plan, _ = plan_state(s, cfg, now)
            problems = mt.check_config(cfg, now, plan.values())
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in the meeting plans" if problems else "meeting plans: ok")
        return 1 if any(p.level == "error" for p in problems) else 0
    horizon = timedelta(days=args.days)
    if args.send and not args.dry_run:
        with adapters.exclusive(cfg):
            s = adapters.open_store(cfg)
            try:
                result = run_due(s, cfg, now)
                upcoming = [j for j in due(s, cfg, now, horizon=horizon) if j.status == "upcoming"]
            finally:
                s.close()
        jobs = [replace(j, status="sent") for j in result.sent] + result.missed + upcoming
        extra = {"errors": result.errors}
    else:
        with _read_store(cfg) as s:
            plan, changes = plan_state(s, cfg, now)
            jobs = due(s, cfg, now, horizon=horizon, plan=plan)
            meetings = sorted((d for d in plan.values() if mt.start_of(d) > now and mt.start_of(d) <= now + horizon),
                              key=mt.start_of)
        extra = {"meetings": [dict(d) for d in meetings]}
    if args.group:
        jobs = [j for j in jobs if j.group == args.group]
    if args.json:
        print(json.dumps({"now": now.isoformat(), "days": args.days, "sent": bool(args.send and not args.dry_run),
                          "jobs": [j.to_json() for j in jobs], **extra}, ensure_ascii=False, indent=1))
        return 0
    print(f"schedule at {now.isoformat()} (+{args.days} days)" + ("" if args.send and not args.dry_run else
                                                                 "  — listing only; --send sends what is due"))
    for j in jobs:
        print(_job_line(j))
    if not jobs:
        print("nothing due or coming up")
    for d in extra.get("meetings", []):
        if not args.group or d["group"] == args.group:
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
    p.add_argument("--group", metavar="SLUG", default=None, help="only this group")
    p.add_argument("--send", action="store_true", help="queue what is due for delivery (recorded once in the sent-log)")
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
