"""Reports: pure computations over a store view, shared by the dashboard and `mailbot report`.

* `facilitators()` — who is eligible for the 50% participant-fee discount in
  a year: the facilitator of an active group, whose organisation is on the
  roster, and whose group meets at least the network's minimum (twice a
  year; meetings held, plus those still planned when the year is not over).
* `groups()` — per group: active members, meetings held and planned per
  year, meeting days per year, the term's end.
* `participation()` — per participant (active member address): the meeting
  days of all their groups in the year, and the days they accepted, against
  `scheduler.max_days_per_year` (two working days).
* `requests()` — every request with its status, age and response time, and
  per group: counts and response times (median, longest), the oldest pending.
* `compile_digest()` / `digest_mails()` — the facilitators' twice-yearly
  updates (table `updates`, written by the workflow/scheduler side: any of
  `group`, `from`/`author`, `text`/`body`, `at`/`created`, `period` like
  "2026-H2"; missing fields are tolerated) compiled into one digest for
  every participant.

Every function takes a view with `get`/`items` (a `Store`, the web's
`ReadOnlyStore`), the config and the time; nothing here writes.
"""

from __future__ import annotations

import csv
import io
import statistics
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable

from mailbot.mail import compose
from mailbot.schedule import meetings as mt
from mailbot.workflows import roster
from mailbot.schedule import jobs as scheduler  # plan_state, ATTENDANCE
from mailbot.schedule.render import attendance_of
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from mailbot.core.config import Config

from mailbot.core.tables import UPDATES  # noqa: E402
MIN_MEETINGS = 2  # every group meets at least twice a year
MAIL_TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "web" / "mail"


def _items(view: Any, table: str) -> list[tuple[str, dict]]:
    return wf.items(view, table)


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def _plan(view: Any, cfg: Config, now: datetime) -> list[dict]:
    """Every meeting known: stored ones and what the config's cadence plans (as the scheduler sees it)."""
    try:
        plan, _ = scheduler.plan_state(view, wf.network_config(cfg, view), now)
    except Exception:  # a damaged meeting document must not break the reports
        plan = {k: d for k, d in _items(view, mt.MEETINGS)}
    out = []
    for d in plan.values():
        try:
            mt.start_of(d)
        except Exception:
            continue
        if mt.is_active(d):
            out.append(d)
    return sorted(out, key=mt.start_of)


def _meetings_in(plan: list[dict], slug: str, year: int) -> list[dict]:
    return [d for d in plan if d.get("group") == slug and mt.start_of(d).year == year]


def _days(docs: Iterable[dict], cfg: Config) -> float:
    minutes = sum(int(d.get("duration", 90) or 0) for d in docs)
    return round(minutes / 60.0 / cfg.scheduler.working_day_hours, 2)


# -- facilitators: the fee discount -------------------------------------------------------------

def facilitators(view: Any, cfg: Config, now: datetime, year: int | None = None) -> list[dict]:
    """Who qualifies for the participant-fee discount in `year`.

    Only a facilitator whose organisation is a Participant (not a Strategic
    Partner: they pay no participant fee), whose group is viable
    (viability.py) and has *held* its two meetings in the year.
    """
    from mailbot.schedule import viability

    year = year or now.year
    plan = _plan(view, cfg, now)
    status = {r["group"]: r for r in viability.network_status(view, cfg, now)}
    rows = []
    for g in wf.network_config(cfg, view).groups:
        docs = _meetings_in(plan, g.slug, year)
        held, planned = mt.held_and_planned(docs, now)
        org = roster.organisation_of(g.facilitator, view) or {}
        reasons = []
        if not org:
            reasons.append("organisation not on the roster of participants")
        elif org.get("kind", "participant") != "participant":
            reasons.append(f"organisation is a {org.get('kind')}, not a Participant (no participant fee)")
        st_ = status.get(g.slug)
        if st_ is not None and not st_["viable"]:
            reasons.append(f"group not viable: {st_['why_not_viable']}")
        if len(held) < MIN_MEETINGS:
            reasons.append(f"{len(held)} of {MIN_MEETINGS} meetings held in {year}"
                           + (f" ({len(planned)} more planned)" if planned else ""))
        rows.append({
            "year": year, "group": g.slug, "group_name": g.name, "facilitator": g.facilitator,
            "facilitator_name": g.facilitator_name, "organisation": org.get("organisation", ""),
            "kind": org.get("kind", ""), "meetings_held": len(held), "meetings_planned": len(planned),
            "eligible": not reasons, "reason": "; ".join(reasons) or "facilitates an active group that meets as required",
        })
    return rows


# -- groups --------------------------------------------------------------------------------------

def groups(view: Any, cfg: Config, now: datetime, year: int | None = None) -> list[dict]:
    year = year or now.year
    plan = _plan(view, cfg, now)
    from mailbot.schedule import viability

    status = {r["group"]: r for r in viability.network_status(view, cfg, now)}
    rows = []
    for g in wf.network_config(cfg, view).groups:
        docs = _meetings_in(plan, g.slug, year)
        held, _ = mt.held_and_planned(docs, now)
        term = mt.term(g)
        v = status.get(g.slug, {})
        years: dict[int, int] = {}
        for d in plan:
            if d.get("group") == g.slug and mt.start_of(d) <= now:
                years[mt.start_of(d).year] = years.get(mt.start_of(d).year, 0) + 1
        upcoming = [d for d in plan if d.get("group") == g.slug and mt.start_of(d) > now]
        rows.append({
            "year": year, "group": g.slug, "name": g.name, "facilitator": g.facilitator,
            "members": len(wf.memberships(view, group=g.slug)),
            "meetings_held": len(held), "meetings_planned": len(docs) - len(held),
            "meetings_required": g.meetings_per_year if hasattr(g, "meetings_per_year") else MIN_MEETINGS,
            "meeting_days": _days(docs, cfg),
            "held_per_year": {str(y): n for y, n in sorted(years.items())},
            "next_meeting": mt.describe(upcoming[0]) if upcoming else "",
            "term_end": ((term[1] - timedelta(days=1)).isoformat() if term else ""),  # its last day
            # the network's rules (viability.py): checked continuously, the same everywhere
            "viable": v.get("viable", False), "why_not_viable": v.get("why_not_viable", ""),
            "meetings_minimum": v.get("meetings_minimum", MIN_MEETINGS),
            "days_per_participant": v.get("days_per_participant", 0.0),
            "days_limit": v.get("days_limit", cfg.scheduler.max_days_per_year),
            "closed": v.get("closed", False),
        })
    return rows


def meetings_of(view: Any, cfg: Config, now: datetime, slug: str) -> tuple[list[dict], list[dict]]:
    """(held this year with attendance, upcoming) for one group — the dashboard's group page."""
    plan = _plan(view, cfg, now)
    mine = [d for d in plan if d.get("group") == slug]
    held = []
    for d in mine:
        if mt.start_of(d) <= now and mt.start_of(d).year == now.year:
            att = attendance_of(view, d)
            held.append({"uid": d["uid"], "when": mt.describe(d), "accepted": att["accepted"],
                         "declined": att["declined"], "tentative": att["tentative"], "no_answer": att["no_answer"]})
    upcoming = [{"uid": d["uid"], "when": mt.describe(d)} for d in mine if mt.start_of(d) > now][:4]
    return held, upcoming


# -- participation days ------------------------------------------------------------------------------

def participation(view: Any, cfg: Config, now: datetime, year: int | None = None) -> list[dict]:
    year = year or now.year
    plan = _plan(view, cfg, now)
    accepted = {(a.get("uid"), a.get("address")) for _, a in _items(view, scheduler.ATTENDANCE)
                if a.get("partstat") == "ACCEPTED"}
    people: dict[str, dict] = {}
    for m in wf.memberships(view):
        p = people.setdefault(m["address"], {"address": m["address"], "name": m.get("name", ""),
                                             "organisation": m.get("organisation", ""), "groups": []})
        p["groups"].append(m["group"])
    limit = cfg.scheduler.max_days_per_year
    rows = []
    for addr, p in sorted(people.items()):
        docs = [d for s in p["groups"] for d in _meetings_in(plan, s, year)]
        days = _days(docs, cfg)
        acc = _days([d for d in docs if (d["uid"], addr) in accepted], cfg)
        rows.append(dict(p, year=year, meetings=len(docs), days=days, days_accepted=acc, limit=limit,
                         over=days > limit))
    return rows


# -- requests and response times -------------------------------------------------------------------

def requests(view: Any, cfg: Config, now: datetime) -> dict[str, Any]:
    rows = []
    for _, r in _items(view, st.REQUESTS):
        created = _when(r.get("created"))
        answered = _when(r.get("answered_at"))
        group = r.get("group") or ",".join(r.get("groups") or [])
        row = {"id": r.get("id", ""), "kind": r.get("kind", ""), "group": group, "status": r.get("status", ""),
               "from": r.get("from", ""), "organisation": r.get("organisation", ""),
               "created": r.get("created", ""), "answered": r.get("answered_at", ""),
               "answered_by": r.get("answered_by", ""),
               "age_days": round((now - created).total_seconds() / 86400, 1) if created else None,
               "response_days": (round((answered - created).total_seconds() / 86400, 1)
                                 if created and answered else None),
               "reminded": bool(r.get("reminded")), "escalated": bool(r.get("escalated"))}
        rows.append(row)
    rows.sort(key=lambda r: r["created"], reverse=True)
    summary = []
    joins = [r for r in rows if r["kind"] == "join"]
    for slug in sorted({r["group"] for r in joins}):
        mine = [r for r in joins if r["group"] == slug]
        times = [r["response_days"] for r in mine if r["response_days"] is not None]
        pending = [r for r in mine if r["status"] == "pending"]
        summary.append({
            "group": slug, "requests": len(mine),
            "confirmed": sum(r["status"] == "confirmed" for r in mine),
            "declined": sum(r["status"] == "declined" for r in mine),
            "expired": sum(r["status"] == "expired" for r in mine),
            "pending": len(pending),
            "median_response_days": round(statistics.median(times), 1) if times else None,
            "max_response_days": max(times) if times else None,
            "oldest_pending_days": max((r["age_days"] or 0) for r in pending) if pending else None,
        })
    return {"rows": rows, "summary": summary}


def everything(view: Any, cfg: Config, now: datetime, year: int | None = None) -> dict[str, Any]:
    year = year or now.year
    req = requests(view, cfg, now)
    return {"generated": now.isoformat(), "year": year,
            "facilitators": facilitators(view, cfg, now, year), "groups": groups(view, cfg, now, year),
            "participation": participation(view, cfg, now, year),
            "requests": req["rows"], "requests_summary": req["summary"]}


# -- text and CSV ------------------------------------------------------------------------------------

SECTIONS = {
    "facilitators": [("group", "group"), ("facilitator", "facilitator"), ("organisation", "organisation"),
                     ("meetings_held", "held"), ("meetings_planned", "planned"), ("eligible", "eligible"),
                     ("reason", "why")],
    "groups": [("group", "group"), ("members", "members"), ("viable", "viable"), ("meetings_held", "held"),
               ("meetings_planned", "planned"), ("meetings_minimum", "minimum"), ("meeting_days", "days"),
               ("days_limit", "limit"), ("term_end", "term end"), ("next_meeting", "next meeting")],
    "participation": [("address", "participant"), ("organisation", "organisation"), ("groups", "groups"),
                      ("meetings", "meetings"), ("days", "days"), ("days_accepted", "accepted"),
                      ("limit", "limit"), ("over", "over")],
    "requests_summary": [("group", "group"), ("requests", "requests"), ("confirmed", "confirmed"),
                         ("declined", "declined"), ("pending", "pending"),
                         ("median_response_days", "median days"), ("max_response_days", "max days"),
                         ("oldest_pending_days", "oldest pending")],
    "requests": [("id", "id"), ("kind", "kind"), ("group", "group"), ("status", "status"),
                 ("organisation", "organisation"), ("created", "created"), ("age_days", "age"),
                 ("response_days", "response")],
}
TITLES = {"facilitators": "Facilitators and the 50% participant-fee discount",
          "groups": "Groups", "participation": "Participation days per participant",
          "requests_summary": "Requests and response times", "requests": "Requests"}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ",".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return " ".join(f"{k}:{x}" for k, x in v.items())
    return " ".join(str(v).split())


def as_text(rep: dict[str, Any]) -> str:
    out = [f"mailbot report for {rep['year']} (generated {rep['generated'][:16]})"]
    for name, cols in SECTIONS.items():
        rows = rep[name]
        out += ["", f"{TITLES[name]} ({len(rows)})"]
        if not rows:
            out.append("  (none)")
            continue
        body = [[_cell(r.get(k))[:60] for k, _ in cols] for r in rows]
        head = [h for _, h in cols]
        widths = [max(len(x) for x in col) for col in zip(head, *body)]
        out.append("  " + "  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
        out += ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    return "\n".join(out) + "\n"


def as_csv(rep: dict[str, Any], section: str | None = None) -> str:
    """One CSV table per section (a `# section` line before each), or only `section`."""
    buf = io.StringIO()
    for name, cols in SECTIONS.items():
        if section and name != section:
            continue
        if not section:
            buf.write(f"# {name}\r\n")
        w = csv.writer(buf)
        w.writerow([k for k, _ in cols])
        for r in rep[name]:
            w.writerow([_cell(r.get(k)) for k, _ in cols])
        if not section:
            buf.write("\r\n")
    return buf.getvalue()


# -- the network update digest ---------------------------------------------------------------------

def period_of(d: datetime | date) -> str:
    return f"{d.year}-H{1 if d.month <= 6 else 2}"


def compile_digest(view: Any, cfg: Config, now: datetime, period: str | None = None) -> dict[str, Any]:
    period = period or period_of(now)
    names = {g.slug: g.name for g in wf.all_groups(cfg, view)}
    entries = []
    for key, u in _items(view, UPDATES):
        at = _when(u.get("at") or u.get("created") or u.get("received") or u.get("date"))
        p = u.get("period") or (period_of(at) if at else "")
        if p != period:
            continue
        text = compose.text_safe(u.get("text") or u.get("body") or u.get("update") or "", 6000).strip()
        if not text:
            continue
        slug = u.get("group", "")
        entries.append({"key": key, "group": slug, "group_name": names.get(slug, slug or "Network"),
                        "author": compose.header_safe(u.get("from") or u.get("author") or u.get("facilitator") or "", 120),
                        "at": at.date().isoformat() if at else "", "text": text})
    entries.sort(key=lambda e: (e["group_name"], e["at"]))
    from mailbot.schedule import contacts

    recipients = contacts.recipients(view, cfg)  # participant contacts, members, facilitators; not opt-outs
    sent = view.get("digests", period) if hasattr(view, "get") else None
    # each recipient's remembered language (staff and people without one: the fallback)
    languages = {a: wf.recipients_language(cfg, view, [a]) for a in recipients}
    return {"period": period, "entries": entries, "recipients": recipients, "sent": sent,
            "languages": {a: lang for a, lang in languages.items() if lang in cfg.bot.languages},
            "groups_without_update": sorted(set(names) - {e["group"] for e in entries})}


def digest_context(digest: dict[str, Any], cfg: Config, intro: str = "", lang: str = "") -> dict[str, Any]:
    entries = digest["entries"]
    if lang:  # the group names in the reader's language; the facilitators' words stay as they wrote them
        groups = {e["group"]: cfg.group(e["group"]) for e in entries}
        entries = [dict(e, group_name=wf.group_ctx(groups[e["group"]], lang)["name"]) if groups[e["group"]] else e
                   for e in entries]
    return {"bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
            "period": digest["period"], "entries": entries, "intro": compose.text_safe(intro, 4000)}


def render_digest(digest: dict[str, Any], cfg: Config, intro: str = "", lang: str = "") -> tuple[str, str]:
    """The digest's subject and text in `lang` (English when it has no digest template)."""
    subject, text, _ = compose.render("digest", digest_context(digest, cfg, intro, lang), lang or "en",
                                      directory=MAIL_TEMPLATES)
    return subject, text


def digest_mails(digest: dict[str, Any], cfg: Config, now: datetime, intro: str = "") -> list:
    """One mail per participant (no one sees the others' addresses), each in its reader's language."""
    languages = digest.get("languages") or {}
    rendered: dict[str, tuple[str, str]] = {}
    out = []
    for addr in digest["recipients"]:
        lang = languages.get(addr, "")
        if lang not in rendered:
            rendered[lang] = render_digest(digest, cfg, intro, lang)
        subject, text = rendered[lang]
        out.append(compose.build(key=f"digest:{digest['period']}|{addr}", sender=(cfg.bot.name, cfg.bot.address),
                                 to=[("", addr)], subject=subject, text=text, html=None, date=now,
                                 auto_submitted="auto-generated", source_message_id=f"digest:{digest['period']}"))
    return out
