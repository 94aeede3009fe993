"""The mail for a job: calendar invitations, updates, cancellations, summaries and notices."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mailbot.adapters import store as st
from mailbot.core.config import Config, Group
from mailbot.core.model import OutgoingMail
from mailbot.mail import compose
from mailbot.schedule import invites
from mailbot.schedule import meetings as mt
from mailbot.workflows import membership as wf
from mailbot.schedule.jobs import (ATTENDANCE, CALENDAR_KINDS, RENDERERS, Job, _items, active_members)

TEMPLATES = {
    "invitation": "meeting_invitation", "update": "meeting_update", "cancel": "meeting_cancel",
    "attendance_summary": "attendance_summary", "facilitator_reminder": "facilitator_reminder",
    "term_end_notice": "term_end_notice", "plan_check": "plan_check",
    "term_closed": "term_closed", "viability": "staff_viability",
}



# --------------------------------------------------------------------------- rendering

_FORMAT_TEXT = {"web": "web meeting", "phone": "phone meeting", "physical": "physical meeting"}
#: the same in every other language the bot writes: (web, phone, physical, any other)
FORMAT_WORDS = {
    "bg": ("онлайн среща", "телефонна среща", "присъствена среща", "среща"),
    "cs": ("online schůzka", "telefonická schůzka", "prezenční schůzka", "schůzka"),
    "da": ("onlinemøde", "telefonmøde", "fysisk møde", "møde"),
    "de": ("Online-Sitzung", "Telefonkonferenz", "Präsenztreffen", "Sitzung"),
    "el": ("διαδικτυακή συνάντηση", "τηλεφωνική συνάντηση", "δια ζώσης συνάντηση", "συνάντηση"),
    "es": ("reunión en línea", "conferencia telefónica", "reunión presencial", "reunión"),
    "et": ("veebikohtumine", "telefonikohtumine", "kohtumine kohapeal", "kohtumine"),
    "fi": ("verkkotapaaminen", "puhelinkokous", "lähitapaaminen", "tapaaminen"),
    "fr": ("réunion en ligne", "conférence téléphonique", "réunion en présentiel", "réunion"),
    "ga": ("cruinniú ar líne", "cruinniú teileafóin", "cruinniú duine le duine", "cruinniú"),
    "hr": ("online sastanak", "telefonski sastanak", "sastanak uživo", "sastanak"),
    "hu": ("online ülés", "telefonos ülés", "személyes ülés", "ülés"),
    "it": ("riunione online", "conferenza telefonica", "riunione in presenza", "riunione"),
    "lt": ("nuotolinis susitikimas", "telefoninis susitikimas", "susitikimas gyvai", "susitikimas"),
    "lv": ("tiešsaistes sanāksme", "telefonsanāksme", "klātienes sanāksme", "sanāksme"),
    "mt": ("laqgħa online", "laqgħa bit-telefon", "laqgħa fiżika", "laqgħa"),
    "nl": ("online bijeenkomst", "telefonische vergadering", "fysieke bijeenkomst", "bijeenkomst"),
    "pl": ("spotkanie online", "telekonferencja", "spotkanie stacjonarne", "spotkanie"),
    "pt": ("reunião online", "conferência telefónica", "reunião presencial", "reunião"),
    "ro": ("întâlnire online", "întâlnire telefonică", "întâlnire față în față", "întâlnire"),
    "sk": ("online stretnutie", "telefonické stretnutie", "prezenčné stretnutie", "stretnutie"),
    "sl": ("spletno srečanje", "telefonsko srečanje", "srečanje v živo", "srečanje"),
    "sv": ("webbmöte", "telefonmöte", "fysiskt möte", "möte"),
}


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


def meeting_in(m: dict[str, Any], lang: str) -> dict[str, Any]:
    """A meeting's context with its date, time span and format written in `lang` (CLDR's dates, via Babel).

    `meeting_context` writes them in English; a template of another
    language shows `date`, `when_text` and `format_text` as they are.
    """
    if not lang or lang == compose.FALLBACK_LANGUAGE or not m.get("start_iso"):
        return m
    from babel.dates import format_date

    try:
        date = format_date(datetime.fromisoformat(m["start_iso"]), format="full", locale=compose.LOCALES.get(lang, lang))
    except Exception:  # an unknown locale: the English words stay
        return m
    words = FORMAT_WORDS.get(lang)
    fmt = words[("web", "phone", "physical").index(m["format"])] if words and m.get("format") in _FORMAT_TEXT \
        else words[3] if words else m.get("format_text", "")
    return dict(m, date=date, format_text=fmt,
                when_text=f"{date}, {m.get('time', '')}–{m.get('end_time', '')} ({m.get('tz', '')})")


def _meetings_in(ctx: dict[str, Any], lang: str, cfg: Config) -> dict[str, Any]:
    """`ctx` with every meeting it shows (the meeting, the plan, the facilitator's figures) written in `lang`.

    A summary the planner wrote ("<group> – Interest Group web meeting")
    becomes the group's translated name and the format's words; one a
    person wrote stays as it is.
    """
    if not lang or lang == compose.FALLBACK_LANGUAGE:
        return ctx
    g = cfg.group((ctx.get("group") or {}).get("slug", ""))
    tr = g.translations.get(lang) if g is not None else None
    planned = {mt.summary_for(g, f) for f in _FORMAT_TEXT} if g is not None else set()

    def one(m: dict[str, Any]) -> dict[str, Any]:
        out = meeting_in(m, lang)
        if g is not None and m.get("summary") in planned and out is not m:
            out["summary"] = f"{tr.name if tr and tr.name else g.name} – {out['format_text']}"
        return out

    out = dict(ctx)
    if isinstance(out.get("meeting"), dict):
        out["meeting"] = one(out["meeting"])
    if isinstance(out.get("next"), list):
        out["next"] = [one(m) for m in out["next"]]
    if isinstance(out.get("figures"), dict):
        f = out["figures"]
        out["figures"] = dict(f, next=[one(m) for m in f.get("next", [])],
                              held=[dict(h, meeting=one(h["meeting"])) for h in f.get("held", [])])
    return out


def _base_ctx(cfg: Config, g: Group, job: Job) -> dict[str, Any]:
    return {
        "schedule": True,
        "bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
        "group": wf.group_ctx(g, name_or_address=True),
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
        return (cfg.bot.address, g.name), "", (g.facilitator, fac_name)
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
    # Written in the recipient's language (members' and facilitators' alike; staff: the fallback).
    lang = wf.recipients_language(cfg, store, [job.recipient])
    lang = lang if lang in cfg.bot.languages else ""
    ctx = _base_ctx(cfg, g, job)
    if job.kind in CALENDAR_KINDS:
        d = plan[job.ref]
        ctx["meeting"] = meeting_context(d)
        ctx["reason"] = job.data.get("reason", "")
        subject, text, html = compose.render(TEMPLATES[job.kind], wf.localise(_meetings_in(ctx, lang, cfg), lang, cfg), lang)
        method = "CANCEL" if job.kind == "cancel" else "REQUEST"
        organizer, sent_by, chair = _organizer(cfg, g)
        if cfg.scheduler.list_all_attendees and method == "REQUEST":
            attendees = [(m["address"], m.get("name", "")) for m in active_members(store, g.slug)] or [(job.recipient, job.name)]
        else:
            attendees = [(job.recipient, job.name)]
        doc = dict(d, sequence=job.sequence) if job.kind == "cancel" else d
        ics = invites.build_calendar(doc, method=method, organizer=organizer, sent_by=sent_by, attendees=attendees,
                                     dtstamp=now, alarm_minutes=cfg.scheduler.alarm_minutes_before,
                                     description=text.split("\n--\n")[0].strip()[:2000], chair=chair,
                                     whole_event=job.data.get("reason") != "left")
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
                   figures=figures(store, cfg, g, now, plan),
                   to_staff=job.recipient in cfg.bot.staff and job.recipient != g.facilitator,
                   to_member=job.recipient != g.facilitator and job.recipient not in cfg.bot.staff)
    elif job.kind == "viability":
        ctx.update(status=job.data.get("status", {}), to_staff=True)
    elif job.kind == "term_closed":
        t = mt.term(g)
        ctx.update(term={"start": t[0].isoformat(), "end": (t[1] - timedelta(days=1)).isoformat(),
                         "years": g.term_years} if t else {},
                   to_staff=job.recipient in cfg.bot.staff and job.recipient != g.facilitator,
                   to_member=job.recipient != g.facilitator and job.recipient not in cfg.bot.staff)
    elif job.kind == "plan_check":
        # problems: the English lines (English mail shows them as stored); issues: the same findings as
        # codes and values, which the other languages word themselves (a job stored before has none)
        ctx.update(problems=list(job.data.get("problems", [])), issues=list(job.data.get("issues", [])),
                   to_staff=job.recipient != g.facilitator,
                   next=[meeting_context(d) for d in sorted(
                       (x for x in plan.values() if x.get("group") == g.slug and mt.is_active(x)
                        and mt.start_of(x) > now), key=mt.start_of)[:8]])
    else:
        return None
    subject, text, html = compose.render(TEMPLATES[job.kind], wf.localise(_meetings_in(ctx, lang, cfg), lang, cfg), lang)
    return compose.build(key=key, sender=sender, to=to, subject=subject, text=text, html=html, date=now,
                         auto_submitted="auto-generated", reply_to=cfg.bot.address)




def sample_context(cfg: Config, g: Group, now: datetime, *, to_staff: bool = False,
                   to_member: bool = False) -> dict[str, Any]:
    """A scheduler mail's context with typical values, for `mailbot check` to render its templates."""
    from mailbot.core.view import EmptyView
    from mailbot.schedule import viability

    start = now.astimezone(ZoneInfo(g.timezone)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = meeting_context({"uid": "check", "group": g.slug, "summary": g.name, "start": start.replace(tzinfo=None).isoformat(),
                               "tz": g.timezone, "duration": 90, "format": "web", "url": "https://meet.example/check"})
    t = mt.term(g)
    term = {"start": t[0].isoformat(), "end": (t[1] - timedelta(days=1)).isoformat(), "years": g.term_years} if t \
        else {"start": "2025-01-01", "end": "2026-12-31", "years": 2}
    rows = [{"address": "a@city.example", "name": "Ana", "organisation": "City", "partstat": "ACCEPTED"},
            {"address": "b@town.example", "name": "", "organisation": "", "partstat": "NEEDS-ACTION"}]
    return {
        "schedule": True, "bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
        "group": wf.group_ctx(g, name_or_address=True), "recipient": {"address": "someone@example.org", "name": "Some One"},
        "meeting": meeting, "reason": "", "to_staff": to_staff, "to_member": to_member, "staff": list(cfg.bot.staff),
        "figures": {"year": now.year, "members": 7, "meetings_held": 1, "meetings_planned": 1, "open_requests": 2,
                    "accepted_total": 5, "held": [{"meeting": meeting, "accepted": 5, "declined": 1}],
                    "next": [meeting]},
        "attendance": {"rows": rows, "accepted": 1, "declined": 0, "tentative": 0, "no_answer": 1},
        "problems": ["only one meeting planned"],
        "issues": [{"level": "error", "code": "too_few_meetings", "params": {"count": 1, "period": "2027-01-01–2027-12-31"}}],
        "next": [meeting], "term": term,
        "status": viability.group_status(EmptyView(), cfg, g, now, []),
    }
