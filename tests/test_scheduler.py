"""The scheduler: derived from the store, exactly once across restarts and crashes, over two simulated years."""

from __future__ import annotations

import email
import json
import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from mailbot.core import config
from mailbot.runtime import outbox
from mailbot.schedule import meetings as mt
from mailbot.schedule import scheduler as S
from mailbot.commands.meeting import set_meeting
from mailbot.adapters import store as st
from mailbot.mail.parse import parse

from test_invites import assert_valid_invitation

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calendar"
UTC = timezone.utc
SLUG = "socially-responsible-ict"
STAFF = ("secretariat@procuraplus.example", "programmes@procuraplus.example")


def cfg_with(slug: str = SLUG, sched: dict | None = None, **group_updates):
    cfg = config.load(ROOT / "config.toml")
    g = cfg.group(slug).model_copy(update=group_updates)
    return cfg.model_copy(update={"groups": [g], "scheduler": cfg.scheduler.model_copy(update=sched or {})})


def member(store, addr, name, since="2026-12-01", status="active", group=SLUG, **extra):
    store.put(S.MEMBERS, f"{group}|{addr}", {"group": group, "address": addr, "name": name,
                                             "organisation": "City", "since": since, "status": status, **extra})


def calendar_of(raw: str) -> tuple[str, bytes]:
    msg = email.message_from_bytes(raw.encode("utf-8", "surrogateescape"), policy=policy.default)
    part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    return part.get_param("method"), part.get_payload(decode=True)


# --------------------------------------------------------------------------- two years of simulated time

def test_time_travel_two_years_with_restarts_and_crashes(tmp_path):
    cfg = cfg_with(term_start=date(2027, 1, 1), physical_meetings_per_year=0)
    path = tmp_path / "store.json"
    store = st.Store(path)
    member(store, "ann@city.example", "Ann Example")
    member(store, "bob@town.example", "Bob Example")
    rnd = random.Random(20270101)
    day = datetime(2027, 1, 1, 6, 0, tzinfo=UTC)
    end = datetime(2029, 2, 1, 6, 0, tzinfo=UTC)
    restarts = crashes = 0
    events = {
        date(2027, 10, 10): lambda s: member(s, "cat@village.example", "Cat Example", since="2027-10-10"),
        date(2028, 2, 1): lambda s: member(s, "bob@town.example", "Bob Example", status="left", left="2028-02-01"),
        date(2028, 3, 1): lambda s: set_meeting(s, cfg, f"meeting {SLUG} 2028-03-23 15:00", now=day),
        date(2028, 10, 1): lambda s: set_meeting(s, cfg, f"meeting {SLUG} 2028-10-19 cancel", now=day),
    }
    while day < end:
        if day.date() in events:
            events[day.date()](store)
        if rnd.random() < 0.08:  # stop and restart: a new Store object on the same file
            store.close()
            store = st.Store(path)
            restarts += 1
        if rnd.random() < 0.05:  # crash in the middle of the commit: nothing of it may count
            def power_cut(tx):
                raise OSError("power cut")

            store.commit = power_cut
            try:
                S.run_due(store, cfg, day)
            except OSError:
                crashes += 1
            store.close()
            store = st.Store(path)
        S.run_due(store, cfg, day)
        # the planner runs every few minutes: running again at once changes nothing
        if rnd.random() < 0.2:
            assert S.run_due(store, cfg, day + timedelta(minutes=5)).sent == []
        day += timedelta(days=1)
    assert restarts > 10 and crashes >= 1

    log = {k: d for k, d in store.items(S.SENT_LOG)}
    assert all(d["status"] == "sent" for d in log.values()), [k for k, d in log.items() if d["status"] != "sent"]
    got = Counter((d["kind"], d["recipient"]) for d in log.values())
    fac = cfg.groups[0].facilitator
    assert got == Counter({
        # M1 2027-03-18: ann, bob; M2 2027-10-21: ann, bob, cat (joined after it went out);
        # M3 2028-03-16 (moved to 03-23): ann, cat (bob left); M4 2028-10-19: ann, cat
        ("invitation", "ann@city.example"): 4, ("invitation", "bob@town.example"): 2,
        ("invitation", "cat@village.example"): 3,
        ("update", "ann@city.example"): 1, ("update", "cat@village.example"): 1,  # M3 moved
        ("cancel", "ann@city.example"): 1, ("cancel", "cat@village.example"): 1,  # M4 cancelled
        ("attendance_summary", fac): 3,  # M1, M2, M3 (not the cancelled one)
        ("facilitator_reminder", fac): 4,  # 03-01 and 09-01 of 2027 and 2028
        ("term_end_notice", fac): 1, ("term_end_notice", STAFF[0]): 1, ("term_end_notice", STAFF[1]): 1,
        # the members are asked too (issue 15); not renewed, the group closes on 2029-01-01: all told
        ("term_end_notice", "ann@city.example"): 1, ("term_end_notice", "cat@village.example"): 1,
        ("term_closed", fac): 1, ("term_closed", STAFF[0]): 1, ("term_closed", STAFF[1]): 1,
        ("term_closed", "ann@city.example"): 1, ("term_closed", "cat@village.example"): 1,
        # cancelling M4 left 2028 with one meeting: facilitator and staff are told
        ("plan_check", fac): 1, ("plan_check", STAFF[0]): 1, ("plan_check", STAFF[1]): 1,
    })
    # when things went out
    when = {(d["kind"], d["ref"], d["recipient"]): d["at"][:10] for d in log.values()}
    m2 = mt.make_uid(SLUG, "2027-10.remote", cfg)
    assert when[("invitation", m2, "ann@city.example")] == "2027-10-01"  # 21 days before 14:00 on the 21st
    assert when[("invitation", m2, "cat@village.example")] == "2027-10-10"
    due_at = {(d["kind"], d["ref"], d["recipient"]): d["due_at"] for d in log.values()}
    assert due_at[("term_end_notice", "term-2029-01-01", fac)] == "2028-11-01T09:00:00+01:00"
    assert due_at[("facilitator_reminder", "reminder-2027-03-01", fac)] == "2027-03-01T09:00:00+01:00"
    # the clock steps daily at 06:00 UTC: everything went out at the first step after it fell due
    for d in log.values():
        lag = datetime.fromisoformat(d["at"]) - datetime.fromisoformat(d["due_at"])
        assert timedelta(0) <= lag <= timedelta(days=1), d
    # exactly one outbox entry per sent-log record, each a valid message
    entries = dict(store.items(st.OUTBOX))
    assert len(entries) == len(log) == sum(got.values())
    assert {d["outbox_key"] for d in log.values()} == set(entries)
    seq_seen = {}
    for key, doc in entries.items():
        kind = log[key.removeprefix("schedule|")]["kind"]
        if kind in S.CALENDAR_KINDS:
            method, ics = calendar_of(doc["raw"])
            assert method == ("CANCEL" if kind == "cancel" else "REQUEST")
            cal = assert_valid_invitation(ics, method)
            ev = next(iter(cal.walk("VEVENT")))
            seq_seen.setdefault(str(ev["UID"]), []).append((doc["created"], int(ev["SEQUENCE"]), method))
    m3 = mt.make_uid(SLUG, "2028-03.remote", cfg)
    assert sorted(seq_seen[m3]) == [(sorted(seq_seen[m3])[0][0], 0, "REQUEST")] * 2 + [
        (sorted(seq_seen[m3])[-1][0], 1, "REQUEST")] * 2
    m4 = mt.make_uid(SLUG, "2028-10.remote", cfg)
    assert sorted(s for _, s, m in seq_seen[m4] if m == "CANCEL") == [1, 1]
    # nothing is left to do, at any later time
    assert [j for j in S.due(store, cfg, end + timedelta(days=400)) if j.status != "upcoming"] == []
    store.close()


def test_downtime_within_grace_sends_once_beyond_grace_reports(tmp_path):
    cfg = cfg_with(term_start=date(2027, 1, 1), sched={"grace_days": 7})
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example")
    S.run_due(store, cfg, datetime(2027, 1, 2, tzinfo=UTC))
    # down from 2 Jan to 3 March: the 1 March reminder fell due 2 days ago -> sent; the invitation
    # (due 25 Feb) 6 days ago -> sent
    r = S.run_due(store, cfg, datetime(2027, 3, 3, 9, tzinfo=UTC))
    assert sorted(j.kind for j in r.sent) == ["facilitator_reminder", "invitation"] and not r.missed
    # down again until 15 September: the 1 September reminder is 14 days old -> missed, reported once
    r = S.run_due(store, cfg, datetime(2027, 9, 15, 9, tzinfo=UTC))
    assert [j.kind for j in r.missed] == ["facilitator_reminder"] and r.sent == []
    assert store.get(S.SENT_LOG, f"{SLUG}|reminder-2027-09-01|facilitator_reminder|{cfg.groups[0].facilitator}")["status"] == "missed"
    assert S.run_due(store, cfg, datetime(2027, 9, 15, 10, tzinfo=UTC)).missed == []
    assert not [k for k in dict(store.items(st.OUTBOX)) if "reminder-2027-09-01" in k]


def test_no_members_means_nothing_to_members_but_the_facilitator_still_hears(tmp_path):
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    S.run_due(store, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    r1 = S.run_due(store, cfg, datetime(2027, 3, 1, 9, tzinfo=UTC))
    r2 = S.run_due(store, cfg, datetime(2027, 3, 17, 14, tzinfo=UTC))
    kinds = {(j.kind, j.recipient) for j in r1.sent + r2.sent}
    assert kinds == {("facilitator_reminder", cfg.groups[0].facilitator),
                     ("attendance_summary", cfg.groups[0].facilitator)}


def _event(raw: str):
    method, ics = calendar_of(raw)
    return method, Calendar.from_ical(ics).walk("VEVENT")[0]


def test_the_bot_organises_and_the_facilitator_chairs(tmp_path):
    """Calendar clients send their REPLY to the ORGANIZER: it must be the bot (issue 15)."""
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example")
    S.run_due(store, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    S.run_due(store, cfg, datetime(2027, 3, 1, 9, tzinfo=UTC))
    raw = next(d["raw"] for k, d in store.items(st.OUTBOX) if "|invitation|" in k)
    method, ev = _event(raw)
    assert method == "REQUEST"
    assert str(ev["ORGANIZER"]) == "mailto:procurement@procuraplus.example"
    assert str(ev["ORGANIZER"].params["CN"]) == cfg.groups[0].name and "SENT-BY" not in ev["ORGANIZER"].params
    atts = ev["ATTENDEE"] if isinstance(ev["ATTENDEE"], list) else [ev["ATTENDEE"]]
    chair = [a for a in atts if a.params.get("ROLE") == "CHAIR"]
    assert [str(a) for a in chair] == [f"mailto:{cfg.groups[0].facilitator}"]


def test_a_member_who_leaves_is_removed_not_the_event_cancelled(tmp_path):
    """RFC 5546 3.2.5: a CANCEL to the removed attendee only, SEQUENCE raised, no STATUS:CANCELLED."""
    cfg = cfg_with(term_start=date(2027, 1, 1), physical_meetings_per_year=0)
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example")
    member(store, "bob@town.example", "Bob Example")
    S.run_due(store, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    S.run_due(store, cfg, datetime(2027, 3, 1, 9, tzinfo=UTC))
    member(store, "bob@town.example", "Bob Example", status="left", left="2027-03-05")
    r = S.run_due(store, cfg, datetime(2027, 3, 5, 9, tzinfo=UTC))
    assert [(j.kind, j.recipient) for j in r.sent] == [("cancel", "bob@town.example")]
    raw = next(d["raw"] for k, d in store.items(st.OUTBOX) if "cancel" in k)
    method, ev = _event(raw)
    assert method == "CANCEL" and "STATUS" not in ev and int(ev["SEQUENCE"]) == 1
    atts = ev["ATTENDEE"] if isinstance(ev["ATTENDEE"], list) else [ev["ATTENDEE"]]
    assert [str(a) for a in atts if a.params.get("ROLE") != "CHAIR"] == ["mailto:bob@town.example"]
    # ann keeps her meeting: nothing is sent to her
    assert S.run_due(store, cfg, datetime(2027, 3, 6, 9, tzinfo=UTC)).sent == []


def test_dry_run_and_due_write_nothing(tmp_path):
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example")
    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    jobs = S.due(store, cfg, now, horizon=timedelta(days=30))
    assert {j.status for j in jobs} == {"due", "upcoming"}
    r = S.run_due(store, cfg, now, dry_run=True)
    assert r.sent and store.count(S.SENT_LOG) == 0 and store.count(st.OUTBOX) == 0 and store.count(mt.MEETINGS) == 0


def _open_triage(store) -> list[dict]:
    return [d for _, d in store.items(st.TRIAGE) if d.get("status") == "open"]


def test_a_job_whose_mail_cannot_be_rendered_is_triaged_and_the_rest_go_on(tmp_path):
    """Issue 12: a stored record a periodic job cannot handle is logged and triaged; the others go on."""
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example")
    member(store, "bob@town.example", "Bob Example")
    S.run_due(store, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    uid = S.run_due(store, cfg, datetime(2027, 3, 1, 9, tzinfo=UTC)).sent[0].ref
    # an answer stored without its address: the facilitator's attendance summary cannot list it
    store.put(S.ATTENDANCE, f"{uid}|broken", {"uid": uid, "group": SLUG, "partstat": "ACCEPTED"})
    member(store, "bob@town.example", "Bob Example", status="left", left="2027-03-16")
    r = S.run_due(store, cfg, datetime(2027, 3, 17, 14, tzinfo=UTC))
    assert [(j.kind, j.recipient) for j in r.sent] == [("cancel", "bob@town.example")]  # the rest went on
    assert len(r.errors) == 1 and "attendance_summary" in r.errors[0]
    (item,) = _open_triage(store)
    assert item["record"] == [mt.MEETINGS, uid] and "attendance_summary" in item["reason"]
    assert "KeyError" in item["text"] and item["id"].startswith("r")
    # retried every run (it goes out once the record is fixed), triaged once
    S.run_due(store, cfg, datetime(2027, 3, 17, 15, tzinfo=UTC))
    assert len(_open_triage(store)) == 1
    store.put(S.ATTENDANCE, f"{uid}|broken", {"uid": uid, "group": SLUG, "partstat": "ACCEPTED",
                                              "address": "ann@city.example"})
    assert [j.kind for j in S.run_due(store, cfg, datetime(2027, 3, 17, 16, tzinfo=UTC)).sent] == ["attendance_summary"]


@pytest.mark.parametrize("damage", [{"tz": "Nowhere/Zone"}, {"duration": "ninety"}, {"sequence": "x"},
                                    {"start": None}])
def test_a_damaged_meeting_record_is_triaged_not_a_stop(tmp_path, damage):
    """A meeting document no job can read is left out of the plan (not overwritten) and triaged;
    the group's other jobs, and the other meetings, go on."""
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example")
    S.run_due(store, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    uid, doc = min(store.items(mt.MEETINGS), key=lambda kd: kd[1]["start"])
    store.put(mt.MEETINGS, uid, dict(doc, **damage))
    r = S.run_due(store, cfg, datetime(2027, 3, 1, 9, tzinfo=UTC))
    assert [j.kind for j in r.sent] == ["facilitator_reminder"]
    assert store.get(mt.MEETINGS, uid) == dict(doc, **damage)  # staff's to fix: not replaced
    (item,) = _open_triage(store)
    assert item["record"] == [mt.MEETINGS, uid]
    assert S.run_due(store, cfg, datetime(2027, 3, 1, 10, tzinfo=UTC)).sent == [] and len(_open_triage(store)) == 1
    store.put(mt.MEETINGS, uid, doc)  # fixed: its invitation goes out
    assert [j.kind for j in S.run_due(store, cfg, datetime(2027, 3, 1, 11, tzinfo=UTC)).sent] == ["invitation"]


def test_dst_series_keeps_its_wall_time(tmp_path):
    cfg = cfg_with("market-supplier-development", term_start=date(2027, 1, 1), meeting_months=[3, 6, 11],
                   meeting_week=-1)
    store = st.Store(tmp_path / "s.json")
    member(store, "ann@city.example", "Ann Example", group="market-supplier-development")
    day = datetime(2027, 1, 1, 6, tzinfo=UTC)
    while day < datetime(2028, 1, 1, tzinfo=UTC):
        S.run_due(store, cfg, day)
        day += timedelta(days=1)
    starts = []
    for doc in dict(store.items(st.OUTBOX)).values():
        if "|invitation|" in doc["key"]:
            _, ics = calendar_of(doc["raw"])
            ev = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
            starts.append(ev.decoded("DTSTART"))
    starts.sort()
    assert [(d.month, d.hour, d.minute) for d in starts] == [(3, 14, 0), (6, 14, 0), (11, 14, 0)]
    # 25 March 2027 is before the switch (CET), 24 June is CEST, 25 November CET again
    assert [d.astimezone(UTC).hour for d in starts] == [13, 12, 13]


# --------------------------------------------------------------------------- RSVPs

@pytest.fixture
def invited(tmp_path):
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    for addr, name in (("erik.svensson@malmo.example", "Erik Svensson"), ("maria.rossi@torino.example", "Maria Rossi"),
                       ("jan.dewit@gent.example", "Jan De Wit")):
        member(store, addr, name)
    S.run_due(store, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    S.run_due(store, cfg, datetime(2027, 2, 26, tzinfo=UTC))
    assert store.count(S.SENT_LOG) == 3
    return cfg, store


UID = "socially-responsible-ict.2027-03.remote@procuraplus.example"


@pytest.mark.parametrize("name,attendee,partstat", [
    ("outlook_accepted.eml", "erik.svensson@malmo.example", "ACCEPTED"),
    ("google_accepted.eml", "maria.rossi@torino.example", "ACCEPTED"),
    ("apple_declined.eml", "jan.dewit@gent.example", "DECLINED"),
])
def test_imip_replies_update_attendance(invited, name, attendee, partstat):
    cfg, store = invited
    msg = parse((FIXTURES / name).read_bytes())
    res = S.apply_rsvp(store, msg, now=datetime(2027, 3, 1, tzinfo=UTC))
    assert (res.status, res.uid, res.attendee, res.partstat) == ("recorded", UID, attendee, partstat)
    assert store.get(S.ATTENDANCE, f"{UID}|{attendee}")["partstat"] == partstat
    # the facilitator's summary the day before shows it
    r = S.run_due(store, cfg, datetime(2027, 3, 17, 14, tzinfo=UTC))
    summary = next(j for j in r.sent if j.kind == "attendance_summary")
    raw = store.get(st.OUTBOX, "schedule|" + summary.key)["raw"]
    text = email.message_from_string(raw, policy=policy.default).get_body(("plain",)).get_content()
    assert f"{partstat.lower():<13} " in text and attendee in text


def test_plain_declined_reply_matches_by_in_reply_to_or_title(invited):
    cfg, store = invited
    raw = (FIXTURES / "plain_declined.eml").read_bytes()
    msg = parse(raw)
    assert msg.calendar is None
    res = S.apply_rsvp(store, msg, now=datetime(2027, 3, 2, tzinfo=UTC))
    assert (res.status, res.uid, res.partstat) == ("recorded", UID, "DECLINED")
    # and through the invitation's Message-ID, whatever the subject says
    inv = store.get(S.SENT_LOG, f"{SLUG}|{UID}|invitation|maria.rossi@torino.example")
    res = S.apply_rsvp(store, "Accepted: something else entirely", "maria.rossi@torino.example",
                       datetime(2027, 3, 2, tzinfo=UTC), in_reply_to=inv["message_id"])
    assert (res.status, res.uid, res.partstat) == ("recorded", UID, "ACCEPTED")


def test_stale_and_unknown_replies_are_ignored(invited):
    cfg, store = invited
    set_meeting(store, cfg, f"meeting {SLUG} 2027-03-18 16:00", now=datetime(2027, 3, 1, tzinfo=UTC))
    assert store.get(mt.MEETINGS, UID)["sequence"] == 1
    msg = parse((FIXTURES / "outlook_accepted.eml").read_bytes())  # answers SEQUENCE 0
    res = S.apply_rsvp(store, msg, now=datetime(2027, 3, 2, tzinfo=UTC))
    assert res.status == "stale" and store.get(S.ATTENDANCE, f"{UID}|erik.svensson@malmo.example") is None
    # the update goes out with SEQUENCE 1; a reply to it counts
    r = S.run_due(store, cfg, datetime(2027, 3, 2, tzinfo=UTC))
    assert sorted(j.kind for j in r.sent if j.kind != "facilitator_reminder") == ["update"] * 3
    from mailbot.core.model import CalendarPart

    res = S.apply_rsvp(store, CalendarPart("REPLY", UID, 1, attendee="erik.svensson@malmo.example", partstat="TENTATIVE"),
                       "erik.svensson@malmo.example", datetime(2027, 3, 2, tzinfo=UTC))
    assert res.status == "recorded" and store.get(S.ATTENDANCE, f"{UID}|erik.svensson@malmo.example")["partstat"] == "TENTATIVE"
    assert S.apply_rsvp(store, CalendarPart("REPLY", "nope@x", 0, attendee="a@b.c", partstat="ACCEPTED")).status == "unknown-meeting"
    assert S.apply_rsvp(store, CalendarPart("REPLY", UID, 1, attendee="stranger@evil.example", partstat="ACCEPTED")).status == "unknown-attendee"
    assert S.apply_rsvp(store, "Hello there", "erik.svensson@malmo.example").status == "not-an-rsvp"


@pytest.mark.parametrize("subject,expect", [
    ("Accepted: Team meeting", ("ACCEPTED", "Team meeting")),
    ("Declined: Team meeting", ("DECLINED", "Team meeting")),
    ("Tentative: Team meeting", ("TENTATIVE", "Team meeting")),
    ("Accepted: Team meeting @ Thu Mar 18, 2027 2pm - 3:30pm (CET) (a@b.example)", ("ACCEPTED", "Team meeting")),
    ("Abgelehnt: Team meeting", ("DECLINED", "Team meeting")),
    ("Accepté: Team meeting", ("ACCEPTED", "Team meeting")),
    ("Re: a question", None),
])
def test_subject_partstat(subject, expect):
    assert S.subject_partstat(subject) == expect


# --------------------------------------------------------------------------- the daemon and the CLI

def test_build_scheduler_has_the_planner(tmp_path):
    cfg = cfg_with(term_start=date(2027, 1, 1))
    store = st.Store(tmp_path / "s.json")
    sched = S.build_scheduler(store, cfg, clock=lambda: datetime(2027, 3, 1, 9, tzinfo=UTC), flush=lambda: None)
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    assert isinstance(sched, AsyncIOScheduler)
    jobs = {j.id: j for j in sched.get_jobs()}
    assert set(jobs) == {"planner", "retention", "outbox"}
    result = jobs["planner"].func()  # what the scheduler would run
    assert any(j.kind == "facilitator_reminder" for j in result.sent)
    bg = S.build_scheduler(store, cfg, background=True)
    bg.start(paused=True)
    bg.shutdown(wait=False)


def test_cli_schedule_lists_and_sends(tmp_path, capsys, monkeypatch):
    from mailbot.cli import main as cli

    # The present, for this test: --send may queue what was due up to it, never later (issue 15).
    from mailbot.cli import schedule as schedule_cli

    monkeypatch.setattr(schedule_cli, "utcnow", lambda: datetime(2027, 3, 1, 9, 30, tzinfo=UTC))

    text = (ROOT / "config.toml").read_text()
    text = text.replace('[store]\n', '[store]\n', 1)
    cfgfile = tmp_path / "config.toml"
    cfgfile.write_text(text.replace('path = "var/', f'path = "{tmp_path}/var/'))
    base = ["--config", str(cfgfile), "schedule"]
    assert cli.main(base + ["--json", "--now", "2027-03-01T09:00", "--days", "30"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert not out["queued"] and {j["kind"] for j in out["jobs"]} >= {"facilitator_reminder", "attendance_summary"}
    assert cli.main(base + ["set", "circular-procurement", "2027-03-25", "15:00", "60min", "web",
                            "https://meet.example/c", "--now", "2027-03-01T09:00"]) == 0
    assert "moved" in capsys.readouterr().out
    # into the future: refused, nothing written
    assert cli.main(base + ["--send", "--now", "2027-04-01T09:00"]) == 2
    assert "never sends into the future" in capsys.readouterr().err
    assert not (tmp_path / "var" / "mailbot.json").exists() or st.Store(tmp_path / "var" / "mailbot.json").count(S.SENT_LOG) == 0
    # --group limits everything: only that group's mail is queued
    assert cli.main(base + ["--send", "--now", "2027-03-01T09:05", "--group", "circular-procurement", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["queued"] and {j["group"] for j in out["jobs"]} == {"circular-procurement"}
    s = st.Store(tmp_path / "var" / "mailbot.json")
    assert {d["group"] for _, d in s.items(S.SENT_LOG)} == {"circular-procurement"}
    s.close()
    assert cli.main(base + ["--send", "--now", "2027-03-01T09:05"]) == 0
    assert "queued" in capsys.readouterr().out
    assert cli.main(base + ["--send", "--now", "2027-03-01T09:05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["queued"] and all(j["status"] in ("queued", "upcoming", "missed") for j in out["jobs"])
    s = st.Store(tmp_path / "var" / "mailbot.json")
    assert s.count(S.SENT_LOG) >= 3 and outbox.depth(s) == s.count(S.SENT_LOG)
    s.close()
    assert cli.main(base + ["--send", "--now", "2027-03-01T09:10", "--json"]) == 0
    assert [j for j in json.loads(capsys.readouterr().out)["jobs"] if j["status"] == "queued"] == []
    assert cli.main(base + ["check", "--now", "2027-03-01"]) == 0
    assert cli.main(base + ["set", "nope", "2027-03-25"]) == 2


def test_once_runs_the_scheduler_as_the_daemon_does(tmp_path, monkeypatch, capsys):
    """Cron's `mailbot once` = one step of `mailbot run`: the scheduler's mail is queued and delivered."""
    from mailbot.cli import main as cli
    from mailbot.cli import run

    text = (ROOT / "config.toml").read_text()
    cfgfile = tmp_path / "config.toml"
    cfgfile.write_text(text.replace('path = "var/', f'path = "{tmp_path}/var/'))
    real = run._pipeline

    def at_march(cfg):
        pipe = real(cfg)
        pipe.clock = lambda: datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
        return pipe

    monkeypatch.setattr(run, "_pipeline", at_march)
    assert cli.main(["--config", str(cfgfile), "once"]) == 0
    assert "scheduler: " in capsys.readouterr().out
    sent = list((tmp_path / "var" / "sent" / "new").iterdir())
    subjects = [email.message_from_bytes(p.read_bytes(), policy=policy.default)["Subject"] for p in sent]
    # the 1 March facilitator reminders of the three groups went out in the same run
    assert len(sent) >= 3 and sum("update" in s.lower() or "reminder" in s.lower() for s in subjects) >= 3, subjects
