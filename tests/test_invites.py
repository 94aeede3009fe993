"""Calendar invitations: what the .ics carries, the mail's shape, REPLY parsing, real calendar mail."""

from __future__ import annotations

import email
import re
from datetime import datetime, timedelta, timezone
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from mailbot.core import config
from mailbot.schedule import invites
from mailbot.schedule import meetings as mt
from mailbot.mail.parse import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calendar"
CORPUS = ROOT.parent / "shared" / "corpus"
UTC = timezone.utc


def _meeting(start="2027-03-18T14:00", **kw):
    return {"uid": "g.2027-03.remote@procuraplus.example", "group": "g", "start": start, "tz": "Europe/Brussels",
            "duration": 90, "format": "web", "location": "", "url": "https://meet.example/g",
            "summary": "Circular procurement – Interest Group web meeting", "sequence": 0, "status": "planned", **kw}


def _ics(meeting, method="REQUEST", **kw):
    args = dict(method=method, organizer=("fac@rotterdam.example", "Pieter de Vries"),
                sent_by="procurement@procuraplus.example",
                attendees=[("ann@city.example", "Ann Example")], dtstamp=datetime(2027, 2, 25, 9, tzinfo=UTC))
    args.update(kw)
    return invites.build_calendar(meeting, **args)


def assert_valid_invitation(ics: bytes, method: str = "REQUEST") -> Calendar:
    """What every generated .ics must carry (used by the scheduler tests too)."""
    cal = Calendar.from_ical(ics)
    assert str(cal["METHOD"]) == method
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    for prop in ("UID", "SEQUENCE", "DTSTAMP", "ORGANIZER", "ATTENDEE", "DTSTART", "DTEND", "SUMMARY"):
        assert prop in ev, prop
    att = ev["ATTENDEE"] if isinstance(ev["ATTENDEE"], list) else [ev["ATTENDEE"]]
    members = [a for a in att if a.params.get("ROLE") != "CHAIR"]
    assert members and all(a.params["RSVP"] == "TRUE" and a.params["PARTSTAT"] == "NEEDS-ACTION" for a in members)
    assert str(ev["ORGANIZER"]).lower().startswith("mailto:")
    start = ev["DTSTART"]
    assert start.params.get("TZID") or start.dt.tzinfo == UTC
    if start.params.get("TZID"):
        assert any(str(tz["TZID"]) == start.params["TZID"] for tz in cal.walk("VTIMEZONE"))
    assert ev.decoded("DTSTAMP").tzinfo is not None
    return cal


def test_request_carries_everything_clients_need():
    ics = _ics(_meeting(sequence=2))
    cal = assert_valid_invitation(ics)
    ev = next(iter(cal.walk("VEVENT")))
    assert int(ev["SEQUENCE"]) == 2
    assert ev["ORGANIZER"].params["SENT-BY"] == "mailto:procurement@procuraplus.example"
    assert str(ev["URL"]) == "https://meet.example/g" and str(ev["LOCATION"]) == "https://meet.example/g"
    alarm = next(iter(cal.walk("VALARM")))
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-30)
    assert ev.decoded("DTSTART") == datetime(2027, 3, 18, 14, 0, tzinfo=mt.zone({"tz": "Europe/Brussels"}))
    assert b"DTSTART;TZID=Europe/Brussels:20270318T140000" in ics


def test_cancel():
    cal = assert_valid_invitation(_ics(_meeting(sequence=3, status="cancelled"), "CANCEL"), "CANCEL")
    ev = next(iter(cal.walk("VEVENT")))
    assert str(ev["STATUS"]) == "CANCELLED" and int(ev["SEQUENCE"]) == 3
    assert not list(cal.walk("VALARM"))


def test_bot_as_organizer_lists_the_facilitator_as_chair():
    ics = _ics(_meeting(), organizer=("procurement@procuraplus.example", "Pieter de Vries via Procura+"), sent_by="",
               chair=("fac@rotterdam.example", "Pieter de Vries"))
    cal = assert_valid_invitation(ics)
    ev = next(iter(cal.walk("VEVENT")))
    assert str(ev["ORGANIZER"]) == "mailto:procurement@procuraplus.example"
    chairs = [a for a in ev["ATTENDEE"] if a.params.get("ROLE") == "CHAIR"]
    assert [str(a) for a in chairs] == ["mailto:fac@rotterdam.example"]


@pytest.mark.parametrize("start,utc_hour", [
    ("2027-03-18T14:00", 13),  # CET, before the change on 28 March
    ("2027-06-17T14:00", 12),  # CEST
    ("2027-11-18T14:00", 13),  # CET again
])
def test_dst_keeps_local_wall_time(start, utc_hour):
    cal = Calendar.from_ical(_ics(_meeting(start)))
    ev = next(iter(cal.walk("VEVENT")))
    dt = ev.decoded("DTSTART")
    assert (dt.hour, dt.minute) == (14, 0)
    assert dt.astimezone(UTC).hour == utc_hour
    assert ev["DTSTART"].params["TZID"] == "Europe/Brussels"


def test_mail_shape_is_what_clients_show_as_an_invitation():
    ics = _ics(_meeting())
    mail = invites.build_calendar_mail(
        key="k1", sender=("Procura+ Interest Groups", "procurement@procuraplus.example"),
        to=[("Ann Example", "ann@city.example")], subject="Invitation: x", text="Hello", html="<p>Hello</p>",
        ics=ics, method="REQUEST", date=datetime(2027, 2, 25, 9, tzinfo=UTC), reply_to="procurement@procuraplus.example")
    msg = email.message_from_bytes(mail.raw, policy=policy.default)
    assert msg.get_content_type() == "multipart/mixed"
    alt, attachment = msg.get_payload()
    assert alt.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alt.get_payload()] == ["text/plain", "text/html", "text/calendar"]
    cal_part = alt.get_payload()[2]
    assert cal_part.get_param("method") == "REQUEST" and cal_part.get_content_charset() == "utf-8"
    assert_valid_invitation(cal_part.get_content().encode())
    assert attachment.get_filename() == "invite.ics" and attachment.get_content_type() == "application/ics"
    assert msg["Content-Class"] == "urn:content-classes:calendarmessage"
    assert msg["Auto-Submitted"] == "auto-generated"
    parsed = parse(mail.raw)
    assert parsed.calendar.method == "REQUEST" and parsed.calendar.uid == "g.2027-03.remote@procuraplus.example"


def test_hostile_names_cannot_break_the_calendar():
    ics = _ics(_meeting(summary="x\r\nMETHOD:CANCEL"), attendees=[("ann@city.example", 'Evil"\r\nATTENDEE:mailto:x@y')])
    cal = assert_valid_invitation(ics)
    assert str(cal["METHOD"]) == "REQUEST"
    assert len(re.findall(rb"^ATTENDEE", ics, re.M)) == 1


@pytest.mark.parametrize("name,attendee,partstat", [
    ("outlook_accepted.eml", "erik.svensson@malmo.example", "ACCEPTED"),
    ("google_accepted.eml", "maria.rossi@torino.example", "ACCEPTED"),
    ("apple_declined.eml", "jan.dewit@gent.example", "DECLINED"),
])
def test_parse_reply_fixtures(name, attendee, partstat):
    msg = email.message_from_bytes((FIXTURES / name).read_bytes(), policy=policy.default)
    part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    reply = invites.parse_reply(part.get_payload(decode=True))
    assert reply.method == "REPLY" and reply.attendee == attendee and reply.partstat == partstat
    assert reply.uid == "socially-responsible-ict.2027-03.remote@procuraplus.example" and reply.sequence == 0
    parsed = parse((FIXTURES / name).read_bytes())
    assert parsed.calendar.method == "REPLY" and parsed.calendar.partstat == partstat


def test_parse_reply_tolerates_garbage():
    assert invites.parse_reply(b"not a calendar") is None
    assert invites.parse_reply("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") is None


# -- the real calendar mail in ../shared/corpus -------------------------------------------------

def _corpus_dir(*parts: str) -> Path:
    import os

    path = CORPUS.joinpath(*parts)
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"corpus folder missing: {path}")
        pytest.skip(f"corpus folder missing: {path}")
    return path


def _calendar_files() -> list[Path]:
    out = []
    for sub in ("thunderbird-calendar-invitations", "postal-mime"):
        d = CORPUS / sub
        if d.is_dir():
            out += [p for p in sorted(d.rglob("*.eml")) if re.search(rb"(?i)text/calendar|\.ics", p.read_bytes())]
    return out or [CORPUS / "<missing>"]


@pytest.mark.corpus
@pytest.mark.parametrize("path", _calendar_files(), ids=lambda p: p.name)
def test_corpus_calendar_mail_is_recognised(path):
    _corpus_dir()
    raw = path.read_bytes()
    msg = parse(raw)
    declared = re.search(rb"(?i)method[:=]\s*\"?(REQUEST|CANCEL|PUBLISH|REPLY)", raw)
    if declared is None:
        pytest.skip("no iTIP method in this file")
    assert msg.calendar is not None, path.name
    assert msg.calendar.method in ("REQUEST", "CANCEL", "PUBLISH", "REPLY")


@pytest.mark.corpus
@pytest.mark.parametrize("path", _calendar_files(), ids=lambda p: p.name)
def test_corpus_invitations_are_never_expressions_of_interest(path):
    _corpus_dir()
    intents = pytest.importorskip("mailbot.intents.detector")
    msg = parse(path.read_bytes())
    if msg.calendar is None or msg.calendar.method not in ("REQUEST", "CANCEL", "PUBLISH"):
        pytest.skip("not an invitation")
    cfg = config.load(ROOT / "config.toml")
    assert intents.detect(msg, cfg).name not in ("join", "start_group", "leave", "info")
