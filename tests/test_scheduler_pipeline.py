"""The scheduler through the real pipeline: RSVPs, the `meeting` command, facilitators' updates,
pending-request reminders from the scheduler (issues 4 and 5)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mailbot.workflows import updates
from mailbot.runtime import jobs
from mailbot.schedule import meetings as mt
from mailbot.schedule import scheduler as S
from mailbot.commands.meeting import set_meeting
from mailbot.adapters import store as st

from conversation import MX, STAFF, Conversation, auth_header, authed, body, mail, one_to, reply, sent_to

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calendar"
UTC = timezone.utc
SLUG = "socially-responsible-ict"
UID = "socially-responsible-ict.2027-03.remote@procuraplus.example"
MEMBERS = (("erik.svensson@malmo.example", "Erik Svensson"), ("maria.rossi@torino.example", "Maria Rossi"),
           ("jan.dewit@gent.example", "Jan De Wit"))


def scheduled(tmp_path: Path, **bot) -> Conversation:
    """A conversation on one group with a term from 2027 and three members, invitations sent."""
    c = Conversation(tmp_path, **bot)
    g = c.cfg.group(SLUG).model_copy(update={"term_start": date(2027, 1, 1)})
    c.cfg = c.pipe.cfg = c.cfg.model_copy(update={"groups": [g]})
    for addr, name in MEMBERS:
        c.store.put(S.MEMBERS, f"{SLUG}|{addr}", {"group": SLUG, "address": addr, "name": name,
                                                   "organisation": "City", "since": "2026-12-01",
                                                   "status": "active"})
    S.run_due(c.store, c.cfg, datetime(2027, 1, 1, tzinfo=UTC))
    c.now = datetime(2027, 2, 26, tzinfo=UTC)
    r = S.run_due(c.store, c.cfg, c.now)
    assert sorted(j.kind for j in r.sent if j.kind == "invitation") == ["invitation"] * 3
    c.pipe.deliver()
    c.invites = c.new_mail()
    return c


def attendance(c: Conversation, addr: str) -> dict | None:
    return c.store.get(S.ATTENDANCE, f"{UID}|{addr}")


# --------------------------------------------------------------------------- RSVPs in production

@pytest.mark.parametrize("name,attendee,partstat", [
    ("outlook_accepted.eml", "erik.svensson@malmo.example", "ACCEPTED"),
    ("google_accepted.eml", "maria.rossi@torino.example", "ACCEPTED"),
    ("apple_declined.eml", "jan.dewit@gent.example", "DECLINED"),
    ("plain_declined.eml", "erik.svensson@malmo.example", "DECLINED"),
    # issue 15: every RSVP style reaches the bot and counts
    ("thunderbird_accepted.eml", "jan.dewit@gent.example", "ACCEPTED"),
    ("outlook_autoaccept.eml", "maria.rossi@torino.example", "ACCEPTED"),  # Auto-Submitted: auto-replied
    ("plain_de_accepted.eml", "jan.dewit@gent.example", "ACCEPTED"),
    ("plain_fr_accepted.eml", "maria.rossi@torino.example", "ACCEPTED"),
    ("plain_es_declined.eml", "erik.svensson@malmo.example", "DECLINED"),
    ("plain_it_accepted.eml", "maria.rossi@torino.example", "ACCEPTED"),
    ("plain_nl_tentative.eml", "jan.dewit@gent.example", "TENTATIVE"),
])
def test_rsvp_through_the_pipeline_updates_attendance(tmp_path, name, attendee, partstat):
    c = scheduled(tmp_path)
    c.now = datetime(2027, 3, 2, tzinfo=UTC)
    out = c.send((FIXTURES / name).read_bytes())
    assert out == []  # an RSVP is recorded, never answered
    doc = attendance(c, attendee)
    assert doc and doc["partstat"] == partstat and doc["group"] == SLUG
    audit = next(d for _, d in c.store.items(st.PROCESSED))
    assert audit["intent"] == "rsvp" and any(n.startswith("rsvp recorded") for n in audit["notes"])


@pytest.mark.parametrize("lang,addr,answer,partstat", [
    ("en", "erik.svensson@malmo.example", "No problem, I'll be there.", "ACCEPTED"),
    ("de", "jan.dewit@gent.example", "Ich kann leider nicht teilnehmen.", "DECLINED"),
    ("fr", "maria.rossi@torino.example", "Oui, je serai là.", "ACCEPTED"),
    ("es", "erik.svensson@malmo.example", "Lo siento, no podré asistir.", "DECLINED"),
    ("it", "maria.rossi@torino.example", "Ci sarò, grazie!", "ACCEPTED"),
    ("nl", "jan.dewit@gent.example", "Misschien, ik laat het nog weten.", "TENTATIVE"),
])
def test_a_plain_text_answer_to_the_invitation_is_an_rsvp(tmp_path, lang, addr, answer, partstat):
    """No calendar part, no "Accepted:" subject: a reply to the invitation mail itself, in words."""
    c = scheduled(tmp_path)
    inv = one_to(c.invites, addr, "Invitation:")
    c.now = datetime(2027, 3, 2, tzinfo=UTC)
    raw = mail(addr, "Re: " + str(inv["Subject"]), answer + "\n\n> the invitation", in_reply_to=str(inv["Message-ID"]),
               date=c.now)
    assert c.send(raw) == []  # recorded, never answered
    assert attendance(c, addr)["partstat"] == partstat
    assert c.triage() == []


def test_rsvp_to_an_older_sequence_is_stale_through_the_pipeline(tmp_path):
    c = scheduled(tmp_path)
    c.now = datetime(2027, 3, 1, tzinfo=UTC)
    set_meeting(c.store, c.cfg, f"meeting {SLUG} 2027-03-18 16:00", now=c.now)  # SEQUENCE 1
    c.send((FIXTURES / "outlook_accepted.eml").read_bytes())  # answers SEQUENCE 0
    assert attendance(c, "erik.svensson@malmo.example") is None
    audit = next(d for _, d in c.store.items(st.PROCESSED))
    assert any(n.startswith("rsvp stale") for n in audit["notes"])


def test_rsvp_for_someone_else_changes_nothing_and_is_triaged(tmp_path):
    """An iMIP REPLY naming attendee A, sent from B's address, cannot set A's answer."""
    c = scheduled(tmp_path)
    c.now = datetime(2027, 3, 2, tzinfo=UTC)
    raw = (FIXTURES / "outlook_accepted.eml").read_bytes()  # attendee erik.svensson@malmo.example
    raw = raw.replace(b"From: Erik Svensson <erik.svensson@malmo.example>",
                      b"From: Mallory <mallory@gent.example>", 1)
    assert b"mallory@gent.example" in raw
    c.send(raw)
    assert attendance(c, "erik.svensson@malmo.example") is None
    item = next(d for _, d in c.store.items(st.TRIAGE))
    assert "RSVP" in item["reason"] and "mallory@gent.example" in item["reason"]


def test_invitation_accepted_reply_and_the_facilitators_summary(tmp_path):
    """run_due invites → the member's client replies "Accepted: …" → attendance → summary a day before."""
    c = scheduled(tmp_path)
    inv = one_to(c.invites, "maria.rossi@torino.example", "Invitation:")
    summary = c.store.get(mt.MEETINGS, UID)["summary"]
    c.now = datetime(2027, 3, 3, 9, tzinfo=UTC)
    raw = mail("maria.rossi@torino.example", f"Accepted: {summary}", "See you there.", name="Maria Rossi",
               in_reply_to=str(inv["Message-ID"]), date=c.now)
    assert c.send(raw) == []
    assert attendance(c, "maria.rossi@torino.example")["partstat"] == "ACCEPTED"
    # the day before, the facilitator's summary lists her as accepted
    c.now = datetime(2027, 3, 17, 14, tzinfo=UTC)
    S.run_due(c.store, c.cfg, c.now)
    c.pipe.deliver()
    fac = c.cfg.group(SLUG).facilitator
    text = body(one_to(c.new_mail(), fac, "Attendance"))
    line = next(ln for ln in text.splitlines() if "maria.rossi@torino.example" in ln)
    assert line.split()[0] == "accepted"
    assert "Accepted: 1" in text


# --------------------------------------------------------------------------- the `meeting` email command

def test_facilitator_moves_a_meeting_by_email_and_the_update_goes_out(tmp_path):
    c = scheduled(tmp_path)
    fac = c.cfg.group(SLUG).facilitator
    c.now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    line = f"meeting {SLUG} 2027-03-18 16:00 90min web https://meet.jit.si/procura-ict"
    out = c.send(mail(fac, "meeting", line + "\n\nAnna", date=c.now, auth=authed(fac)))
    res = one_to(out, fac)
    assert "moved the socially-responsible-ict meeting of 2027-03-18 14:00 to 2027-03-18 16:00" in body(res)
    assert "SEQUENCE 1" in body(res) and len(out) == 1
    doc = c.store.get(mt.MEETINGS, UID)
    assert (doc["sequence"], doc["start"], doc["url"]) == (1, "2027-03-18T16:00", "https://meet.jit.si/procura-ict")
    # the update: same UID, higher SEQUENCE, to every member, through run_due
    r = S.run_due(c.store, c.cfg, c.now)
    assert sorted(j.kind for j in r.sent if j.kind != "facilitator_reminder") == ["update"] * 3
    c.pipe.deliver()
    cals = [p for m in c.new_mail() for p in m.walk() if p.get_content_type() == "text/calendar"]
    assert len(cals) == 3
    for cal in cals:
        ics = cal.get_payload(decode=True).decode()
        assert f"UID:{UID}" in ics.replace("\r\n ", "") and "SEQUENCE:1" in ics and "METHOD:REQUEST" in ics


def test_the_same_code_as_schedule_set(tmp_path):
    c = scheduled(tmp_path)
    c.now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    line = f"meeting {SLUG} 2027-03-18 16:00"
    docs, what = set_meeting(c.store, c.cfg, line, now=c.now, dry_run=True)
    out = c.send(mail(STAFF, "meeting", line, date=c.now, auth=authed(STAFF)))
    assert what in body(one_to(out, STAFF)) and c.store.get(mt.MEETINGS, UID)["sequence"] == docs[0]["sequence"]


def test_facilitators_set_meetings_only_for_their_own_group(tmp_path):
    c = Conversation(tmp_path)
    g1, g2 = c.cfg.groups[0], c.cfg.groups[1]
    before = dict(c.store.items(mt.MEETINGS))
    out = c.send(mail(g1.facilitator, "meeting", f"meeting {g2.slug} 2027-03-18 14:00", auth=authed(g1.facilitator)))
    err = one_to(out, g1.facilitator)
    assert "only for the group they facilitate" in body(err)
    assert dict(c.store.items(mt.MEETINGS)) == before
    # staff may, for any group
    out = c.send(mail(STAFF, "meeting", f"meeting {g2.slug} 2027-03-18 14:00 phone", auth=authed(STAFF)))
    assert "set a phone meeting" in body(one_to(out, STAFF)) or "meeting of" in body(one_to(out, STAFF))
    assert any(d.get("group") == g2.slug and d["start"] == "2027-03-18T14:00" for _, d in c.store.items(mt.MEETINGS))
    # a bad command gets a clear error
    out = c.send(mail(STAFF, "meeting", f"meeting {g2.slug} 2027-02-30", auth=authed(STAFF)))
    assert "not a valid date" in body(one_to(out, STAFF))


def test_meeting_from_a_stranger_or_in_prose_is_not_a_command(tmp_path):
    c = Conversation(tmp_path)
    g = c.cfg.groups[0]
    c.send(mail("someone@rotterdam.example", "meeting", f"meeting {g.slug} 2027-03-18 14:00"))
    assert not c.table(mt.MEETINGS)
    audit = [d for _, d in c.store.items(st.PROCESSED)]
    assert audit[-1]["rule"] != "staff-command"
    c.send(mail(g.facilitator, "Meeting notes", "Meeting notes from last week are attached."))
    audit = [d for _, d in c.store.items(st.PROCESSED)]
    assert audit[-1]["rule"] != "staff-command"


# --------------------------------------------------------------------------- facilitators' updates

def reminded(tmp_path, **bot):
    c = scheduled(tmp_path, **bot)
    c.now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    r = S.run_due(c.store, c.cfg, c.now)
    assert [j.kind for j in r.sent] == ["facilitator_reminder"]
    c.pipe.deliver()
    fac = c.cfg.group(SLUG).facilitator
    rem = one_to(c.new_mail(), fac)
    assert f"[update:{SLUG}]" in str(rem["Subject"])
    c.now = datetime(2027, 3, 4, 9, tzinfo=UTC)
    return c, fac, rem


UPDATE = "We met twice last year, drafted a model clause on repairability and plan a webinar in May."


def test_facilitators_reply_to_the_reminder_is_the_groups_update(tmp_path):
    c, fac, rem = reminded(tmp_path)
    out = c.send(reply(rem, fac, UPDATE, name="Anna Lindqvist", auth=authed(fac)))
    fwd = one_to(out, STAFF, "Group update")
    assert UPDATE in body(fwd) and "2027-H1" in str(fwd["Subject"])
    assert fac in str(fwd["Reply-To"])
    assert len(out) == 1  # one mail to staff; nothing else: no acknowledgement, no triage
    doc = c.store.get(updates.UPDATES, f"{SLUG}|2027-H1")
    assert doc["text"].startswith(UPDATE) and doc["author"] == fac and doc["group"] == SLUG
    assert doc["period"] == "2027-H1" and doc["reminder"] == "reminder-2027-03-01" and doc["date"].startswith("2027-03-04")
    assert "On Wed" not in doc["text"]  # the quoted reminder is not part of the update
    assert not c.triage()
    # decided by its own rule in config.toml, not before the rules
    assert [d for _, d in c.store.items(st.PROCESSED)][-1]["rule"] == "group-update"
    # a second reply (a correction) replaces it: one update per group and period
    c.send(reply(rem, fac, "Correction: the webinar is in June.", keep_in_reply_to=False, auth=authed(fac)))
    doc = c.store.get(updates.UPDATES, f"{SLUG}|2027-H1")
    assert doc["text"].startswith("Correction") and doc["revisions"] == 2 and c.store.count(updates.UPDATES) == 1


def test_update_matched_by_subject_tag_when_in_reply_to_is_dropped(tmp_path):
    c, fac, rem = reminded(tmp_path)
    c.send(reply(rem, fac, UPDATE, keep_in_reply_to=False, auth=authed(fac)))
    assert c.store.get(updates.UPDATES, f"{SLUG}|2027-H1")["reminder"] == "reminder-2027-03-01"


def test_update_not_taken_from_strangers_forged_auth_or_machines(tmp_path):
    c, fac, rem = reminded(tmp_path, authserv_id=MX)
    c.send(reply(rem, "someone@rotterdam.example", UPDATE))  # not the facilitator: the ordinary rules
    assert c.store.count(updates.UPDATES) == 0
    c.send(reply(rem, fac, UPDATE, auth=[auth_header("fail", domain="stockholm.example")]))
    assert c.store.count(updates.UPDATES) == 0
    assert any("group update not acted on" in t["reason"] for t in c.triage())
    ooo = mail(fac, "Automatic reply: " + str(rem["Subject"]), "I am out of the office.",
               in_reply_to=str(rem["Message-ID"]))
    ooo = ooo.replace(b"Subject:", b"Auto-Submitted: auto-replied\nSubject:", 1)
    c.send(ooo)
    assert c.store.count(updates.UPDATES) == 0


# --------------------------------------------------------------------------- pending-request reminders

CIRC_FAC = "circular.facilitator@rotterdam.example"
KATRIN = "k.vogel@berlin.example"


@pytest.mark.parametrize("scheduler_first", [True, False])
def test_request_reminders_run_from_the_scheduler_and_the_cycle_once(tmp_path, scheduler_first):
    c = Conversation(tmp_path)
    out = c.send(mail(KATRIN, "Circular procurement group",
                      "Dear Procura+ team,\n\nwe would like to join the Circular procurement interest group.\n\n"
                      "Best regards,\nKatrin Vogel", name="Katrin Vogel"))
    one_to(out, CIRC_FAC, "[req:")
    sched = S.build_scheduler(c.store, c.cfg, clock=lambda: c.now, start_now=False)
    planner = {j.id: j for j in sched.get_jobs()}["planner"].func  # what `mailbot run` runs
    for days in (7, 7):  # the reminder, then the escalation
        c.now += timedelta(days=days)
        cycle = lambda: jobs.cycle(c.pipe)  # noqa: E731 - as `mailbot once` runs it
        runs = [planner, cycle] if scheduler_first else [cycle, planner]
        results = [run() for run in runs] + [planner(), cycle()]  # and again: no-ops
        if scheduler_first:
            assert len(results[0].requests) == 1 and results[2].requests == []
        else:
            assert results[1].requests == [] and results[2].requests == []
        c.pipe.deliver()
    mails = c.new_mail()
    assert len(sent_to(mails, CIRC_FAC)) == 1 and "Reminder" in str(sent_to(mails, CIRC_FAC)[0]["Subject"])
    assert len(one_to(mails, STAFF, "No answer from the facilitator")["To"].addresses) >= 1
    assert len(mails) == 2
    (req,) = c.table(st.REQUESTS).values()
    assert req["reminded"] and req["escalated"] and [h.split()[1] for h in req["history"]] == ["requested", "reminder", "escalation"]
    # `mailbot schedule --dry-run` style: nothing more is due
    assert S.run_due(c.store, c.cfg, c.now, dry_run=True).requests == []
