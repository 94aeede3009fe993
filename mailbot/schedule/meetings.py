"""Meeting plans: the model, the planner, the term and the rule checks (the `meeting …` command: commands/meeting.py).

Pure functions only: config and stored documents in, documents (to store)
and problems out. The scheduler (jobs.py, run.py) owns the store.

A meeting is one document in table `meetings`, keyed by its iCalendar UID:

    {uid, group, start: "2027-03-18T14:00" (local wall time), tz: "Europe/Brussels",
     duration: 90, format: "web"|"phone"|"physical", location, url,
     sequence: 0.., status: "planned"|"cancelled", source: "config"|"command",
     slot, summary, created, updated}

The start is kept as local wall time plus zone, so a series at 14:00
Europe/Brussels stays at 14:00 on both sides of a DST change.

Where meetings come from:
- the group's cadence in config.toml (`cadence`, `meeting_months`,
  `meeting_weekday`, `meeting_week`, `meeting_time`, `physical_meetings_per_year`,
  ...): one slot per meeting month, over the group's term (`term_start` +
  `term_years`) or, without a term, the current and the next calendar year;
- or, when `meeting_dates` is set, exactly those dates instead of the cadence;
- or a `meeting <group> 2027-03-18 14:00 90min web <url>` command (email or
  `mailbot schedule set`), which sets, moves or cancels one meeting and takes
  it out of the config's hands (source "command").

Only future meetings are ever created or changed; every change of a meeting
that exists raises its SEQUENCE (what calendar clients need to apply an update).
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Iterable
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # pragma: no cover
    from mailbot.core.config import Config, Group

from mailbot.core.tables import MEETINGS  # noqa: E402
PLANNED, CANCELLED = "planned", "cancelled"
from mailbot.core.meetingspec import (  # noqa: F401 - re-exported: the meeting command belongs to the plans
    FORMATS, WEEKDAYS, MeetingCommandError, MeetingSpec, parse_meeting_args, parse_meeting_command,
)


# --------------------------------------------------------------------------- documents

def zone(doc_or_group: Any) -> ZoneInfo:
    tz = doc_or_group.get("tz") if isinstance(doc_or_group, dict) else getattr(doc_or_group, "timezone", "")
    return ZoneInfo(tz or "Europe/Brussels")


def start_of(doc: dict) -> datetime:
    """The meeting's start as an aware datetime in its zone."""
    return datetime.fromisoformat(doc["start"]).replace(tzinfo=zone(doc))


def end_of(doc: dict) -> datetime:
    # Wall-clock arithmetic in the zone, then normalised through UTC.
    return (start_of(doc) + timedelta(minutes=int(doc.get("duration", 90))))


def held_and_planned(docs: Iterable[dict], now: datetime) -> tuple[list[dict], list[dict]]:
    """`docs` split at `now`: the meetings already held, and those still to come."""
    held, planned = [], []
    for d in docs:
        (held if start_of(d) <= now else planned).append(d)
    return held, planned


def is_active(doc: dict) -> bool:
    return doc.get("status", PLANNED) == PLANNED


def _domain(cfg: Config) -> str:
    return cfg.bot.address.rpartition("@")[2] or "mailbot.invalid"


def make_uid(group: str, slot: str, cfg: Config) -> str:
    """A stable, globally unique UID for one meeting slot of one group."""
    return f"{group}.{slot}@{_domain(cfg)}"


def summary_for(group: Group, fmt: str, network: str = "Procura+") -> str:
    kind = "physical meeting" if fmt == "physical" else ("phone meeting" if fmt == "phone" else "web meeting")
    return f"{group.name} – Interest Group {kind}"


def _hhmm(text: str) -> time:
    h, _, m = text.partition(":")
    return time(int(h), int(m or 0))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (0=Monday) of a month; n=-1 is the last one."""
    if n == -1:
        last = date(year, month, _calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    d = first + timedelta(days=(weekday - first.weekday()) % 7)
    d += timedelta(weeks=max(1, n) - 1)
    while d.month != month:  # n too large for this month: the last one
        d -= timedelta(weeks=1)
    return d


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _calendar.monthrange(year, month)[1]))


def remote_months(group: Group) -> list[int]:
    if group.meeting_months:
        return list(group.meeting_months)
    return [3, 6, 9, 12] if group.cadence == "quarterly" else [3, 10]


def physical_months(group: Group) -> list[int]:
    if group.physical_meeting_months:
        return list(group.physical_meeting_months)
    n = group.physical_meetings_per_year
    remote = set(remote_months(group))
    out: list[int] = []
    for i in range(n):
        m = int(1 + (i + 0.5) * 12 / n)
        while (m in remote or m in out) and len(out) + len(remote) < 12:
            m = m % 12 + 1
        out.append(m)
    return sorted(out)


# --------------------------------------------------------------------------- the term

def term(group: Group) -> tuple[date, date] | None:
    """(first day, day after the last) of the group's term, if a term start is configured."""
    if group.term_start is None:
        return None
    return group.term_start, add_months(group.term_start, 12 * group.term_years)


def term_notice_date(group: Group, cfg: Config) -> date | None:
    t = term(group)
    return add_months(t[1], -cfg.scheduler.term_notice_months) if t else None


def periods(group: Group, now: datetime) -> list[tuple[date, date]]:
    """The planning years: each year of the term, else this and next calendar year."""
    t = term(group)
    if t:
        out, start = [], t[0]
        while start < t[1]:
            end = min(add_months(start, 12), t[1])
            out.append((start, end))
            start = end
        return out
    y = now.astimezone(ZoneInfo(group.timezone)).year
    return [(date(y, 1, 1), date(y + 1, 1, 1)), (date(y + 1, 1, 1), date(y + 2, 1, 1))]


# --------------------------------------------------------------------------- the planner

def _doc(group: Group, cfg: Config, slot: str, start: datetime, duration: int, fmt: str,
         now: datetime, *, location: str = "", url: str = "", source: str = "config") -> dict:
    if fmt == "physical":
        location = location or group.meeting_place
    elif fmt == "web":
        url = url or group.meeting_url
    return {
        "uid": make_uid(group.slug, slot, cfg),
        "group": group.slug,
        "slot": slot,
        "start": start.replace(tzinfo=None).isoformat(timespec="minutes"),
        "tz": group.timezone,
        "duration": int(duration),
        "format": fmt,
        "location": location,
        "url": url,
        "summary": summary_for(group, fmt),
        "sequence": 0,
        "status": PLANNED,
        "source": source,
        "created": now.isoformat(),
        "updated": now.isoformat(),
    }


def desired_meetings(group: Group, cfg: Config, now: datetime) -> list[dict]:
    """Every meeting the config asks for over the planning horizon (past ones included)."""
    out: list[dict] = []
    if group.meeting_dates:
        for text in group.meeting_dates:
            spec = parse_meeting_args(text, group.slug)
            fmt = spec.format or group.meeting_format
            dur = spec.duration or (group.physical_meeting_duration_minutes if fmt == "physical" else group.meeting_duration_minutes)
            start = datetime.combine(spec.day, spec.at or _hhmm(group.meeting_time))
            slot = f"{spec.day.isoformat()}.{'physical' if fmt == 'physical' else 'remote'}"
            out.append(_doc(group, cfg, slot, start, dur, fmt, now, location=spec.place if fmt != "web" else "",
                            url=spec.url))
        return sorted(out, key=lambda d: d["start"])
    wd = WEEKDAYS.index(group.meeting_weekday)
    at = _hhmm(group.meeting_time)
    first, last = periods(group, now)[0][0], periods(group, now)[-1][1]
    remote_fmt = group.meeting_format if group.meeting_format != "physical" else "web"
    y = first.year
    while date(y, 1, 1) < last:
        kinds = [(m, "remote") for m in remote_months(group)] + [(m, "physical") for m in physical_months(group)]
        for month, kind in kinds:
            day = nth_weekday(y, month, wd, group.meeting_week)
            if kind == "remote" and group.meeting_format == "physical":
                fmt = "physical"
            else:
                fmt = remote_fmt if kind == "remote" else "physical"
            if not first <= day < last:
                continue
            dur = group.physical_meeting_duration_minutes if fmt == "physical" else group.meeting_duration_minutes
            out.append(_doc(group, cfg, f"{y}-{month:02d}.{kind}", datetime.combine(day, at), dur, fmt, now))
        y += 1
    return sorted(out, key=lambda d: d["start"])


_COMPARED = ("start", "tz", "duration", "format", "location", "url", "summary")


def changed(old: dict, new: dict) -> bool:
    """Whether two versions of a meeting differ in anything an attendee sees."""
    return any(old.get(k) != new.get(k) for k in _COMPARED) or old.get("status", PLANNED) != new.get("status", PLANNED)


def bump(old: dict, new_fields: dict, now: datetime) -> dict:
    """`old` with `new_fields`, SEQUENCE raised when anything visible changed."""
    doc = dict(old)
    doc.update(new_fields)
    if changed(old, doc):
        doc["sequence"] = int(old.get("sequence", 0)) + 1
        doc["updated"] = now.isoformat()
    return doc


def sync_plan(existing: Iterable[dict], group: Group, cfg: Config, now: datetime) -> list[dict]:
    """The meeting documents to write so the store matches the config (future meetings only).

    Creates missing future slots, updates config-made future meetings whose
    config changed (SEQUENCE+1), cancels config-made future meetings the
    config no longer asks for. Meetings set by command, and anything that
    has started, are left alone. Idempotent: run twice, the second returns [].
    """
    mine = {d["uid"]: d for d in existing if d.get("group") == group.slug}
    want = {d["uid"]: d for d in desired_meetings(group, cfg, now)}
    out: list[dict] = []
    for uid, new in want.items():
        old = mine.get(uid)
        if start_of(new) <= now:
            continue
        if old is None:
            out.append(new)
        elif old.get("source") == "config" and start_of(old) > now and is_active(old):
            fields = {k: new[k] for k in _COMPARED}
            doc = bump(old, fields, now)
            if doc != old:
                out.append(doc)
    for uid, old in mine.items():
        if uid not in want and old.get("source") == "config" and is_active(old) and start_of(old) > now:
            out.append(bump(old, {"status": CANCELLED}, now))
    return out


# --------------------------------------------------------------------------- the rules

@dataclass(frozen=True)
class Problem:
    level: str  # "error" | "warning"
    group: str
    text: str  # the English sentence (what `schedule --check`, logs and English mail show)
    #: what the plan_check template of another language words itself: the finding and its values
    code: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def issue(self) -> dict:
        """The finding as data (level, code, params) for a translated plan_check mail."""
        return {"level": self.level, "code": self.code, "params": dict(self.params)}

    def __str__(self) -> str:
        return f"{self.level}: {self.group}: {self.text}"


def merged_plan(existing: Iterable[dict], group: Group, cfg: Config, now: datetime) -> list[dict]:
    """Stored meetings of the group, plus config slots not stored yet (the plan as a whole)."""
    stored = {d["uid"]: d for d in existing if d.get("group") == group.slug}
    for d in desired_meetings(group, cfg, now):
        stored.setdefault(d["uid"], d)
    return sorted(stored.values(), key=lambda d: start_of(d))


def check_plan(group: Group, meetings: Iterable[dict], cfg: Config, now: datetime) -> list[Problem]:
    """The network's rules for one group's plan, per planning year.

    Error: fewer than two meetings in a (full) planning year; a coming web
    meeting without a link or physical meeting without a place. Warning: the
    meeting time per participant in a year above `max_days_per_year`
    working days (every meeting counts its duration).
    """
    docs = [d for d in meetings if d.get("group") == group.slug and is_active(d)]
    limit = cfg.scheduler.max_days_per_year * cfg.scheduler.working_day_hours * 60
    out: list[Problem] = []
    local_now = now.astimezone(ZoneInfo(group.timezone)).replace(tzinfo=None)
    for d in docs:
        if datetime.fromisoformat(d["start"]) <= local_now:
            continue
        if d.get("format") == "web" and not d.get("url"):
            at = d['start'].replace('T', ' ')
            out.append(Problem("error", group.slug, f"the web meeting of {at} has no link "
                                                    "(set the group's meeting_url, or `meeting … web <url>`)",
                               "web_no_link", {"start": at}))
        elif d.get("format") == "physical" and not d.get("location"):
            at = d['start'].replace('T', ' ')
            out.append(Problem("error", group.slug, f"the physical meeting of {at} has no "
                                                    "place (set the group's meeting_place, or `meeting … physical <place>`)",
                               "physical_no_place", {"start": at}))
    for start, end in periods(group, now):
        if end <= now.astimezone(ZoneInfo(group.timezone)).date():
            continue  # a year already over is history, not a plan
        inside = [d for d in docs if start <= datetime.fromisoformat(d["start"]).date() < end]
        label = f"{start.isoformat()}–{(end - timedelta(days=1)).isoformat()}"
        full_year = (end - start).days >= 365
        if len(inside) < 2 and full_year:
            out.append(Problem("error", group.slug, f"{len(inside)} meeting(s) planned in {label}: the network asks for at least two a year",
                               "too_few_meetings", {"count": len(inside), "period": label}))
        minutes = sum(int(d.get("duration", 0)) for d in inside)
        if minutes > limit:
            days = minutes / 60 / cfg.scheduler.working_day_hours
            out.append(Problem("warning", group.slug,
                               f"{minutes / 60:.1f} hours of meetings in {label} ({days:.1f} working days): "
                               f"more than the {cfg.scheduler.max_days_per_year:g} days a year asked of each participant",
                               "too_many_days", {"hours": f"{minutes / 60:.1f}", "period": label, "days": f"{days:.1f}",
                                                 "max": f"{cfg.scheduler.max_days_per_year:g}"}))
    return out


def check_config(cfg: Config, now: datetime, existing: Iterable[dict] = ()) -> list[Problem]:
    """`check_plan` for every group (for `mailbot check` and the planner)."""
    docs = list(existing)
    return [p for g in cfg.groups for p in check_plan(g, merged_plan(docs, g, cfg, now), cfg, now)]


def describe(doc: dict) -> str:
    """One line: 2027-03-18 14:00 Europe/Brussels, 90 min, web (https://…)."""
    where = doc.get("url") or doc.get("location") or ""
    status = "" if is_active(doc) else " [cancelled]"
    return (f"{doc['start'].replace('T', ' ')} {doc.get('tz', '')}, {doc.get('duration')} min, {doc.get('format')}"
            + (f" ({where})" if where else "") + status)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]
