"""Calendar invitations (iMIP, RFC 6047) built and read with the `icalendar` library.

Pure: a meeting document (see meetings.py) in, iCalendar bytes and an
`OutgoingMail` out; an iCalendar REPLY in, a `Reply` out.

The mail has the shape Outlook, Gmail and Apple Mail all show as an
invitation with accept/decline buttons (the shape Google Calendar sends):

    multipart/mixed
      multipart/alternative
        text/plain                      (template)
        text/html                       (template)
        text/calendar; method=REQUEST; charset=utf-8
      application/ics; name=invite.ics  (the same calendar, as an attachment)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from mailbot.mail import compose
from mailbot.schedule.meetings import end_of, start_of
from mailbot.core.model import OutgoingMail

PRODID = "-//Procura+ Network//mailbot//EN"


def _address(addr: str, name: str = "", **params: str) -> vCalAddress:
    a = vCalAddress(f"mailto:{addr}")
    if name:
        a.params["CN"] = vText(compose.header_safe(name, 100))
    for k, v in params.items():
        a.params[k.replace("_", "-").upper()] = v
    return a


def _vtimezone(tzid: str, around: datetime) -> Timezone | None:
    try:
        return Timezone.from_tzid(tzid, first_date=date(around.year - 1, 1, 1), last_date=date(around.year + 2, 1, 1))
    except Exception:  # icalendar < 6 or an unknown zone: callers fall back to UTC times
        return None


def build_calendar(meeting: dict, *, method: str, organizer: tuple[str, str], sent_by: str = "",
                   attendees: list[tuple[str, str]], dtstamp: datetime, alarm_minutes: int = 30,
                   description: str = "", chair: tuple[str, str] | None = None, whole_event: bool = True) -> bytes:
    """The iCalendar object for one meeting: METHOD REQUEST (invite/update) or CANCEL.

    `organizer` is (address, name); `sent_by` the bot's address when it sends
    for the organiser. Every attendee gets RSVP=TRUE and PARTSTAT=NEEDS-ACTION.
    `chair` (address, name) lists the facilitator as chair when the bot organises.
    A CANCEL with `whole_event=False` removes its attendees only (RFC 5546 3.2.5):
    no STATUS:CANCELLED, so the event stays in the other attendees' calendars.
    """
    method = method.upper()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    start, end = start_of(meeting), end_of(meeting)
    tzid = meeting.get("tz") or "Europe/Brussels"
    vtz = _vtimezone(tzid, start)
    if vtz is None:  # a zone we cannot describe: UTC times are unambiguous
        start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    else:
        cal.add_component(vtz)
    ev = Event()
    ev.add("uid", meeting["uid"])
    ev.add("sequence", int(meeting.get("sequence", 0)))
    ev.add("dtstamp", dtstamp.astimezone(timezone.utc))
    ev.add("dtstart", start)
    ev.add("dtend", end)
    ev.add("summary", meeting.get("summary") or "Interest Group meeting")
    if description:
        ev.add("description", description)
    location = meeting.get("location") or ""
    url = meeting.get("url") or ""
    if location or url:
        ev.add("location", location or url)
    if url:
        ev.add("url", url)
    org = _address(organizer[0], organizer[1], **({"sent_by": f"mailto:{sent_by}"} if sent_by else {}))
    ev.add("organizer", org)
    if chair:
        ev.add("attendee", _address(chair[0], chair[1], role="CHAIR", partstat="ACCEPTED", rsvp="FALSE",
                                    cutype="INDIVIDUAL"), encode=0)
    for addr, name in attendees:
        ev.add("attendee", _address(addr, name, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE",
                                    cutype="INDIVIDUAL"), encode=0)
    if method == "CANCEL":
        if whole_event:
            ev.add("status", "CANCELLED")
    else:
        ev.add("status", "CONFIRMED")
        ev.add("transp", "OPAQUE")
        if alarm_minutes:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", meeting.get("summary") or "Meeting")
            alarm.add("trigger", timedelta(minutes=-alarm_minutes))
            ev.add_component(alarm)
    cal.add_component(ev)
    return cal.to_ical()


def build_calendar_mail(*, key: str, sender: tuple[str, str], to: list[tuple[str, str]], subject: str,
                        text: str, html: str | None, ics: bytes, method: str, date: datetime,
                        reply_to: str = "", source_message_id: str = "",
                        extra_headers: dict[str, str] | None = None) -> OutgoingMail:
    """The invitation mail: multipart/alternative text+html+text/calendar, plus invite.ics."""
    domain = sender[1].rpartition("@")[2] or "mailbot.invalid"
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((compose.header_safe(sender[0]), sender[1]))
    msg["To"] = ", ".join(formataddr((compose.header_safe(n), a)) for n, a in to)
    msg["Subject"] = compose.header_safe(subject, 250)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = compose.message_id_for(key, domain)
    if reply_to:
        msg["Reply-To"] = reply_to
    # Automatic mail (RFC 3834), but meeting replies are people's answers and still come.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "OOF, DR, NDR, RN, NRN, AutoReply"
    msg["X-Mailbot-Key"] = hashlib.sha256(key.encode()).hexdigest()[:16]
    for name, value in (extra_headers or {}).items():
        msg[name] = compose.header_safe(value, 900)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    body = ics.decode("utf-8")
    cte = "7bit" if body.isascii() else "base64"
    msg.add_alternative(body, subtype="calendar", charset="utf-8", cte=cte, params={"method": method.upper()})
    msg.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    # Outlook's hint that this is a meeting message (after the parts: adding parts moves Content-* headers).
    msg["Content-Class"] = "urn:content-classes:calendarmessage"
    return OutgoingMail(key=key, to=tuple(a for _, a in to), raw=msg.as_bytes(), envelope_from=sender[1],
                        source_message_id=source_message_id)


# --------------------------------------------------------------------------- replies

@dataclass(frozen=True)
class Reply:
    """An attendee's answer (iMIP REPLY): who, to which meeting (UID, SEQUENCE), and what."""

    method: str
    uid: str
    sequence: int
    attendee: str
    partstat: str
    summary: str = ""


def parse_reply(ics: str | bytes) -> Reply | None:
    """Read an iMIP REPLY (or any calendar with one attendee's PARTSTAT); None if unusable."""
    try:
        text = ics.decode("utf-8", "replace") if isinstance(ics, bytes) else ics
        cal = Calendar.from_ical(text.lstrip("\ufeff"))
    except Exception:
        return None
    method = str(cal.get("METHOD", "")).strip().upper()
    for ev in cal.walk("VEVENT"):
        att = ev.get("ATTENDEE")
        first = att[0] if isinstance(att, list) and att else att
        if first is None:
            return None
        try:
            seq = int(str(ev.get("SEQUENCE", 0)).strip() or 0)
        except ValueError:
            seq = 0
        addr = str(first).strip()
        if addr.lower().startswith("mailto:"):
            addr = addr[7:]
        partstat = str(getattr(first, "params", {}).get("PARTSTAT", "")).upper()
        return Reply(method=method, uid=str(ev.get("UID", "")).strip(), sequence=seq, attendee=addr.strip().lower(),
                     partstat=partstat, summary=str(ev.get("SUMMARY", "")).strip())
    return None
