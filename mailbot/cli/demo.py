"""The rest of `mailbot demo`'s story, after the example messages: one member's way into a meeting.

join (from the examples) → the facilitator confirms, replying to the bot's
request with its real token → welcome → (time travels to the invitation
date) the invitation with its .ics → the member's calendar accepts (an iMIP
REPLY to the bot, the ORGANIZER) → attendance recorded. Every mail the bot
writes is listed with where it went.
"""

from __future__ import annotations

import email
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Callable

from icalendar import Calendar, Event, vCalAddress

from mailbot.adapters import store as st
from mailbot.core.config import Config
from mailbot.runtime import jobs
from mailbot.schedule import meetings as mt
from mailbot.schedule import scheduler


class _Sent:
    """The bot's outgoing mail in the sent Maildir, read step by step."""

    def __init__(self, root: Path):
        self.dir, self.seen = root / "new", set()
        self.seen = {p.name for p in self._files()}

    def _files(self) -> list[Path]:
        return sorted(self.dir.iterdir()) if self.dir.exists() else []

    def new(self) -> list[tuple[Path, EmailMessage]]:
        out = []
        for p in self._files():
            if p.name not in self.seen:
                self.seen.add(p.name)
                out.append((p, email.message_from_bytes(p.read_bytes(), policy=policy.default)))
        return out


def _show(step: str, mails: list[tuple[Path, EmailMessage]], say: Callable[[str], None]) -> None:
    say(f"\n{step}: {len(mails)} mail(s)")
    for p, m in mails:
        cal = " [+ .ics]" if any(x.get_content_type() == "text/calendar" for x in m.walk()) else ""
        say(f"  → {m['To']}: {m['Subject']}{cal}\n      {p}")


def _auth(cfg: Config, addr: str) -> str:
    d = addr.rpartition("@")[2]
    return f"{cfg.bot.authserv_id}; dkim=pass header.d={d}; spf=pass smtp.mailfrom={d}; dmarc=pass header.from={d}"


def _mail(cfg: Config, frm: tuple[str, str], to: str, subject: str, text: str, now: datetime,
          in_reply_to: str = "") -> EmailMessage:
    m = EmailMessage(policy=policy.SMTP)
    m["Authentication-Results"] = _auth(cfg, frm[1])
    m["From"] = f"{frm[0]} <{frm[1]}>"
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(now)
    m["Message-ID"] = make_msgid("demo", frm[1].rpartition("@")[2])
    if in_reply_to:
        m["In-Reply-To"] = m["References"] = in_reply_to
    m.set_content(text)
    return m


def _reply_ics(invitation: EmailMessage, attendee: str, name: str, now: datetime) -> bytes:
    """What a calendar client sends on "Accept": METHOD:REPLY to the ORGANIZER, one ATTENDEE."""
    part = next(x for x in invitation.walk() if x.get_content_type() == "text/calendar")
    ev = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    cal = Calendar()
    cal.add("prodid", "-//mailbot demo//calendar client//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    out = Event()
    for key in ("UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"):
        if key in ev:
            out[key] = ev[key]
    out.add("dtstamp", now)
    a = vCalAddress(f"mailto:{attendee}")
    a.params["CN"], a.params["PARTSTAT"] = name, "ACCEPTED"
    out.add("attendee", a)
    cal.add_component(out)
    return cal.to_ical()


def story(cfg: Config, store: st.Store, inbox: Any, pipe: Any, sent_dir: Path, root: Path,
          say: Callable[[str], None] = print) -> bool:
    """Play the story on the demo's store and mailboxes; False (and why) when it cannot."""
    sent = _Sent(sent_dir)
    reqs = sorted((d for _, d in store.items(st.REQUESTS) if d.get("kind") == "join" and d.get("status") == "pending"
                   and d.get("group")), key=lambda d: (d.get("group") != cfg.groups[0].slug, d.get("created", "")))
    if not reqs:
        say("\n(no pending join request in the examples: the rest of the story needs one)")
        return False
    req = reqs[0]
    g = cfg.group(req["group"])
    ask = next((m for p, m in _all(sent_dir) if f"[req:{req['id']}-" in str(m["Subject"])
                and g.facilitator in str(m["To"])), None)
    if g is None or ask is None:
        say(f"\n(no request mail to the facilitator for request {req['id']})")
        return False
    now = pipe.clock()
    say(f"\nThe story of one member: {req['from']} asked to join {g.name} (request {req['id']}).")
    say(f"The facilitator {g.facilitator} answers the bot's request, replying to {ask['Reply-To']} "
        f"(the token is in the address and in the subject).")
    answer = _mail(cfg, (g.facilitator_name, g.facilitator), str(ask["Reply-To"] or cfg.bot.address),
                   "Re: " + str(ask["Subject"]), "Yes, welcome!\n\n> " + ask.get_body(("plain",)).get_content()
                   .replace("\n", "\n> ")[:2000], now, in_reply_to=str(ask["Message-ID"]))
    inbox.deliver(answer.as_bytes())
    jobs.cycle(pipe)
    _show("The facilitator confirmed", sent.new(), say)
    member = store.get(scheduler.MEMBERS, f"{g.slug}|{req['from']}")
    if not member or member.get("status") != "active":
        say("(the confirmation was not accepted: see `mailbot triage`)")
        return False
    # The invitation goes out invitation_days_before the group's next meeting: travel there.
    scheduler.run_due(store, cfg, now)
    plan = sorted((d for _, d in store.items(mt.MEETINGS) if d.get("group") == g.slug and mt.is_active(d)
                   and mt.start_of(d) > now), key=mt.start_of)
    if not plan:
        say(f"(no meeting planned for {g.slug})")
        return False
    meeting = plan[0]
    at = max(mt.start_of(meeting) - timedelta(days=cfg.scheduler.invitation_days_before), now) + timedelta(minutes=5)
    at = at.astimezone(timezone.utc)
    pipe.clock = lambda: at
    say(f"\nTime travels to {at:%Y-%m-%d %H:%M}Z, {cfg.scheduler.invitation_days_before} days before the "
        f"meeting of {mt.describe(meeting)}; the scheduler runs (as `mailbot once` does).")
    jobs.scheduled(pipe)
    mails = sent.new()
    _show("The scheduler", mails, say)
    invitation = next((m for _, m in mails if req["from"] in str(m["To"]) and
                       any(x.get_content_type() == "text/calendar" for x in m.walk())), None)
    if invitation is None:
        say("(no invitation to the new member)")
        return False
    ics = next(x for x in invitation.walk() if x.get_content_type() == "text/calendar").get_payload(decode=True)
    (root / "invite.ics").write_bytes(ics)
    say(f"The invitation's calendar (ORGANIZER {cfg.bot.address}) is saved as {root / 'invite.ics'}.")
    name = member.get("name", "")
    reply = _mail(cfg, (name, req["from"]), cfg.bot.address, f"Accepted: {meeting.get('summary', '')}",
                  f"{name or req['from']} has accepted this invitation.", at, in_reply_to=str(invitation["Message-ID"]))
    reply.add_alternative(_reply_ics(invitation, req["from"], name, at).decode(), subtype="calendar",
                          params={"method": "REPLY"})
    say(f"\n{req['from']}'s calendar accepts: an iMIP REPLY to the ORGANIZER, {cfg.bot.address}.")
    inbox.deliver(reply.as_bytes())
    jobs.cycle(pipe)
    _show("The RSVP (recorded, never answered)", sent.new(), say)
    att = store.get(scheduler.ATTENDANCE, f"{meeting['uid']}|{req['from']}")
    say(f"Attendance for {meeting['uid']}: {req['from']} {att['partstat'] if att else '(none recorded)'}"
        + (f" (via {att.get('via')})" if att else ""))
    return bool(att and att.get("partstat") == "ACCEPTED")


def _all(sent_dir: Path) -> list[tuple[Path, EmailMessage]]:
    d = sent_dir / "new"
    return [(p, email.message_from_bytes(p.read_bytes(), policy=policy.default))
            for p in (sorted(d.iterdir()) if d.exists() else [])]
