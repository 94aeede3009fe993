"""Conversation tests: whole exchanges through the real pipeline (Maildir adapters).

Each test plays one conversation the way it happens by email — the bot's
outgoing mail is read back from the sent Maildir, and replies are built from
it as a mail client would (the answer above the quote, the subject kept or
not, Reply-To used or not) — and then checks the recorded state.
"""

from __future__ import annotations

import pytest

from conversation import MX, STAFF, Conversation, auth_header, authed, body, mail, one_to, reply, sent_to
from mailbot.adapters import store as st

CIRC_FAC = "circular.facilitator@rotterdam.example"
KATRIN = "k.vogel@berlin.example"
JOIN_TEXT = ("Dear Procura+ team,\n\nwe would like to join the Circular procurement interest group.\n\n"
             "Best regards,\nKatrin Vogel\nBerlin Senate Department for the Environment")


@pytest.fixture
def conv(tmp_path):
    return Conversation(tmp_path)


def join(conv, frm=KATRIN, name="Katrin Vogel", text=JOIN_TEXT):
    out = conv.send(mail(frm, "Circular procurement group", text, name=name))
    return out, one_to(out, CIRC_FAC, "[req:")


def test_join_confirm_welcome(conv):
    out, request = join(conv)
    ack = one_to(out, KATRIN)
    assert ack["Auto-Submitted"] == "auto-replied"
    (req,) = conv.table(st.REQUESTS).values()
    assert req["status"] == "pending" and req["group"] == "circular-procurement"
    # The facilitator sees who asks and how to answer; the token is in the subject and the Reply-To.
    token = str(request["Subject"]).split("[req:")[1].split("]")[0]
    assert token.startswith(req["id"] + "-")
    assert str(request["Reply-To"]) == f"procurement+{token}@procuraplus.example"
    assert "Berlin Senate Department" in body(request) and "yes" in body(request)
    # The requester never sees the token.
    assert token not in ack.as_string()

    out = conv.send(reply(request, CIRC_FAC, "Yes, welcome!", name="Pieter de Vries", auth=[auth_header("pass")]))
    welcome = one_to(out, KATRIN, "Welcome")
    assert "Exchange tender criteria" in body(welcome)  # the group's aim
    assert "Pieter de Vries" in body(welcome)  # its facilitator
    note = one_to(out, CIRC_FAC, "New member")
    assert KATRIN in body(note)
    member = conv.table("members")[f"circular-procurement|{KATRIN}"]
    assert member == {**member, "group": "circular-procurement", "address": KATRIN, "name": "Katrin Vogel",
                      "organisation": "Berlin Senate Department for the Environment", "status": "active",
                      "since": "2026-11-25"}
    assert conv.table(st.REQUESTS)[req["id"]]["status"] == "confirmed"
    assert conv.triage() == []


def test_welcome_names_the_next_meeting_when_one_is_planned(conv):
    conv.store.put("meetings", "uid-1", {"uid": "uid-1", "group": "circular-procurement",
                                         "start": "2027-03-18T14:00", "tz": "Europe/Brussels",
                                         "format": "web", "status": "planned"})
    _, request = join(conv)
    out = conv.send(reply(request, CIRC_FAC, "Ja, gerne.", keep_in_reply_to=False, auth=authed(CIRC_FAC)))
    assert "18 March 2027, 14:00" in body(one_to(out, KATRIN, "Welcome"))


@pytest.mark.parametrize("how", ["subject only", "reply-to only"])
def test_answer_matched_without_in_reply_to(conv, how):
    _, request = join(conv)
    raw = reply(request, CIRC_FAC, "Yes", keep_in_reply_to=False,
                keep_subject=how == "subject only", use_reply_to=how == "reply-to only", auth=authed(CIRC_FAC))
    conv.send(raw)
    assert f"circular-procurement|{KATRIN}" in conv.table("members")


def test_join_decline(conv):
    _, request = join(conv)
    out = conv.send(reply(request, CIRC_FAC, "No, sorry - the group is full at the moment.", auth=authed(CIRC_FAC)))
    polite = one_to(out, KATRIN)
    assert "cannot take you on" in body(polite)
    staff = one_to(out, STAFF, "Declined")
    assert KATRIN in body(staff)
    assert conv.table("members") == {}
    (req,) = conv.table(st.REQUESTS).values()
    assert req["status"] == "declined" and req["answered_by"] == CIRC_FAC


def test_join_silence_reminder_escalation(conv):
    _, request = join(conv)
    assert conv.wait(6) == []  # not yet
    out = conv.wait(1)
    reminder = one_to(out, CIRC_FAC, "Reminder")
    assert "[req:" in str(reminder["Subject"]) and reminder["Reply-To"] == request["Reply-To"]
    assert conv.wait(3) == []
    out = conv.wait(4)
    escalation = one_to(out, STAFF, "No answer from the facilitator")
    assert len(out) == 1 and conv.wait(10) == []  # once each
    (req,) = conv.table(st.REQUESTS).values()
    assert req["reminded"] and req["escalated"] and req["status"] == "pending"
    # Staff may answer in the facilitator's place, from the escalation.
    out = conv.send(reply(escalation, STAFF, "yes", auth=authed(STAFF)))
    assert one_to(out, KATRIN, "Welcome")
    assert conv.table(st.REQUESTS)[req["id"]]["status"] == "confirmed"


def test_unanswered_request_expires(conv):
    join(conv)
    for _ in range(7):
        conv.wait(10)
    (req,) = conv.table(st.REQUESTS).values()
    assert req["status"] == "expired"
    assert [m for m in conv.all_mail() if "k.vogel" in str(m["To"]) and "not been answered" in body(m)]


def test_non_participant_join_is_told_how_to_become_one_and_staff_see_a_lead(conv):
    out = conv.send(mail("sales@consult.example", "Join", "Hello,\n\nwe would like to join the circular "
                         "procurement group.\n\nBest regards,\nJohn\nConsult Ltd"))
    assert "Participants" in body(one_to(out, "sales@consult.example"))
    assert one_to(out, STAFF, "Lead")
    # no join request; the refusal is kept as a lead, re-run once staff add the organisation (issue 15)
    assert [r["kind"] for r in conv.table(st.REQUESTS).values()] == ["lead"] and not sent_to(out, CIRC_FAC)


def test_unknown_domain_signed_like_an_authority_goes_to_triage(conv):
    out = conv.send(mail("j.doe@newtown.example", "Joining circular procurement",
                         "Hello,\n\nwe would like to join the circular procurement group.\n\n"
                         "Best regards,\nJohn Doe\nProcurement officer\nCity of Newtown"))
    (item,) = conv.triage()
    assert "public authority" in item["reason"] and item["acted_for"] == "j.doe@newtown.example"
    assert one_to(out, STAFF, "[triage:")
    assert "Participants" not in body(one_to(out, "j.doe@newtown.example"))  # not a refusal
    # Staff add the domain and ask the facilitator on the sender's behalf.
    triage_mail = one_to(out, STAFF, "[triage:")
    out = conv.send(reply(triage_mail, STAFF, "participant add newtown.example City of Newtown", auth=authed(STAFF)))
    assert "is open" in body(one_to(out, STAFF))  # the roster changed; the item waits for its action
    assert conv.table("participants")["newtown.example"]["organisation"] == "City of Newtown"
    out = conv.send(mail(STAFF, f"Re: [triage:{item['id']}]", "join circular-procurement", auth=authed(STAFF)))
    assert "City of Newtown" in body(one_to(out, CIRC_FAC, "[req:"))
    assert conv.table(st.TRIAGE)[item["id"]]["status"] == "resolved"
    out = conv.send(mail(STAFF, f"Re: [triage:{item['id']}]", "info", auth=authed(STAFF)))
    assert "already resolved" in body(one_to(out, STAFF))


def test_leave(conv):
    _, request = join(conv)
    conv.send(reply(request, CIRC_FAC, "Yes", auth=authed(CIRC_FAC)))
    # the receiving server vouches for her (a leave without it is held: tests/test_leave.py)
    out = conv.send(mail(KATRIN, "Leaving", "Hello,\n\nplease remove me from the circular procurement group."
                         "\n\nThanks, Katrin", auth=authed(KATRIN)))
    assert conv.table("members")[f"circular-procurement|{KATRIN}"]["status"] == "left"
    assert one_to(out, KATRIN)
    assert "asked to leave" in body(one_to(out, CIRC_FAC, "Leaving"))


def test_leave_without_naming_the_group_leaves_the_groups_one_is_in(conv):
    _, request = join(conv)
    conv.send(reply(request, CIRC_FAC, "Yes", auth=authed(CIRC_FAC)))
    out = conv.send(mail(KATRIN, "Unsubscribe", "Please unsubscribe me from the interest group.\n\nKatrin",
                         auth=authed(KATRIN)))
    assert conv.table("members")[f"circular-procurement|{KATRIN}"]["status"] == "left"
    assert one_to(out, CIRC_FAC, "Leaving")


PROPOSALS = [
    ("a.berg@stockholm.example", "Anna Berg", "New group on energy efficient ICT",
     "Hello,\n\nis there any interest in starting a new interest group on energy efficient ICT?\n\nBest,\nAnna"),
    ("j.peeters@gent.example", "Jan Peeters", "Proposal: energy-efficient ICT group",
     "Dear secretariat,\n\nwe would like to propose a new interest group on energy-efficient ICT and data "
     "centres.\n\nKind regards\nJan"),
    ("l.rossi@torino.example", "Luca Rossi", "New group: energy efficient ICT",
     "Hello,\n\nwe would also like to start a new group on energy efficient ICT.\n\nRegards, Luca"),
]


def test_three_proposals_volunteer_approve_group_created(conv):
    (a, an, asub, atext), (b, bn, bsub, btext), (c, cn, csub, ctext) = PROPOSALS
    out = conv.send(mail(a, asub, atext, name=an))
    assert len(conv.table("proposals")) == 1 and not [m for m in out if "Others are interested" in str(m["Subject"])]
    out = conv.send(mail(b, bsub, btext, name=bn))
    (prop,) = conv.table("proposals").values()  # near-duplicate topics merged
    assert len(prop["backers"]) == 2
    told_a, told_b = one_to(out, a, "Others are interested"), one_to(out, b, "Others are interested")
    assert "City of Ghent" in body(told_a) and "City of Stockholm" in body(told_b)
    assert "j.peeters" not in body(told_a)  # organisation only
    out = conv.send(mail(c, csub, ctext, name=cn))
    assert not sent_to(out, STAFF) or not [m for m in sent_to(out, STAFF) if "[proposal:" in str(m["Subject"])]
    assert conv.table("proposals")[prop["id"]]["status"] == "open"  # nobody volunteered yet
    # Anna replies to the interest mail: she would facilitate.
    out = conv.send(reply(told_a, a, "We would be happy to facilitate this group.", name=an, auth=authed(a)))
    summary = one_to(out, STAFF, "[proposal:")
    assert "approve " + prop["id"] in body(summary) and "volunteers to facilitate" in body(summary)
    out = conv.send(reply(summary, STAFF, f"approve {prop['id']}", auth=authed(STAFF)))
    assert "created" in body(one_to(out, STAFF, "Re:"))
    (slug,) = conv.table("groups_extra")
    group = conv.table("groups_extra")[slug]
    assert group["facilitator"] == a and "energy" in slug
    members = {k: m for k, m in conv.table("members").items() if m["group"] == slug}
    assert {m["address"] for m in members.values()} == {a, b, c}
    for addr in (a, b, c):
        assert one_to(out, addr, "A new Interest Group")
    assert "Thank you for volunteering" in body(one_to(out, a, "A new Interest Group"))
    # The new group is a group like the others: a join goes to its facilitator.
    out = conv.send(mail(STAFF, "help", "help", auth=authed(STAFF)))
    assert "approve" in body(one_to(out, STAFF))


def test_staff_forward_triage_join_request_to_facilitator(conv):
    from test_pipeline import example

    out = conv.send(example("forward-en-staff-gmail-join.eml"))
    (item,) = conv.triage()
    assert item["acted_for"] == "claire.martin@lyon.example" and item["from"] == STAFF
    notice = one_to(out, STAFF, f"[triage:{item['id']}]")
    out = conv.send(reply(notice, STAFF, "join circular-procurement", auth=authed(STAFF)))
    request = one_to(out, CIRC_FAC, "[req:")
    assert "City of Lyon" in body(request) and "Claire Martin" in body(request)
    assert one_to(out, "claire.martin@lyon.example")  # acknowledged as if she had asked
    done = one_to(out, STAFF, "Re:")
    assert "join request" in body(done) and "claire.martin@lyon.example" in body(done)
    assert conv.table(st.TRIAGE)[item["id"]]["status"] == "resolved"
    # ... and the facilitator's answer completes it.
    out = conv.send(reply(request, CIRC_FAC, "Oui, bienvenue !", auth=authed(CIRC_FAC)))
    assert one_to(out, "claire.martin@lyon.example", "Welcome")


# -- attacks: none changes state; each leaves a triage item with its reason --------------

def _attack(conv, raw, reason_part):
    before = conv.state()
    n = len(conv.triage())
    conv.send(raw)
    assert conv.state() == before
    items = conv.triage()
    assert len(items) == n + 1, items
    new = [i for i in items if reason_part in i["reason"]]
    assert new, [i["reason"] for i in items]
    return new[0]


def test_attack_forged_from_without_token(conv):
    _, request = join(conv)
    forged = mail(CIRC_FAC, "Re: Join request for Circular procurement", "Yes, welcome!",
                  in_reply_to="<guessed@procuraplus.example>")
    _attack(conv, forged, "without a valid request token")
    # a made-up token of the right shape
    token = str(request["Subject"]).split("[req:")[1].split("]")[0]
    fake = token[:9] + "0" * 20
    _attack(conv, mail(CIRC_FAC, f"Re: [req:{fake}] Join", "Yes"), "invalid request token")


def test_attack_valid_token_from_the_wrong_sender(conv):
    _, request = join(conv)
    # the requester, another facilitator, a stranger: none may answer
    _attack(conv, reply(request, KATRIN, "Yes"), "")
    _attack(conv, reply(request, "market.facilitator@barcelona.example", "Yes"), "neither the facilitator")
    _attack(conv, reply(request, "someone@evil.example", "Yes"), "")
    assert conv.table(st.REQUESTS)[next(iter(conv.table(st.REQUESTS)))]["status"] == "pending"


def test_attack_replayed_token(conv):
    _, request = join(conv)
    conv.send(reply(request, CIRC_FAC, "No", auth=authed(CIRC_FAC)))
    assert conv.table(st.REQUESTS)[next(iter(conv.table(st.REQUESTS)))]["status"] == "declined"
    _attack(conv, reply(request, CIRC_FAC, "Yes, actually"), "already used")
    assert conv.table("members") == {}


def test_attack_dmarc_fail(conv):
    _, request = join(conv)
    item = _attack(conv, reply(request, CIRC_FAC, "Yes", auth=[auth_header("fail")]), "dmarc=fail")
    assert MX in item["reason"]


def test_attack_staff_command_from_non_staff(conv):
    out = conv.send(mail("x@evil.example", "Hello", "I'd like to know more about the circular group? Thanks"))
    items = conv.triage()
    notice = next((m for m in out if "[triage:" in str(m["Subject"])), None)
    subject = str(notice["Subject"]) if notice else "Re: [triage:00000000] x"
    _attack(conv, mail("x@evil.example", "Re: " + subject, "participant add evil.example Evil Corp"),
            "not a staff address")
    _attack(conv, mail("secretariat@procuraplus.example.evil.example", "Re: " + subject, "ignore"),
            "not a staff address")
    assert "evil.example" not in conv.table("participants")
    del items


def test_attack_staff_command_with_forged_staff_from(conv):
    raw = mail(STAFF, "roster", "participant add evil.example Evil Corp",
               auth=[auth_header("fail", domain="procuraplus.example")])
    _attack(conv, raw, "not trusted")


def test_attack_fake_authentication_results_below_the_trusted_one(conv):
    _, request = join(conv)
    real = auth_header("fail")
    fake = auth_header("pass")
    _attack(conv, reply(request, CIRC_FAC, "Yes", auth=[real, fake]), "dmarc=fail")


def test_leave_by_someone_who_was_never_a_member_tells_no_facilitator(conv):
    out = conv.send(mail(KATRIN, "Leaving", "Hello,\n\nplease remove me from the circular procurement group.\n\nKatrin"))
    assert not sent_to(out, CIRC_FAC)
    ack = " ".join(body(one_to(out, KATRIN)).split())
    assert "not a member" in ack and "Circular procurement" in ack
    assert not conv.table(st.TRIAGE)  # nothing for staff to do either


def test_mail_to_staff_carries_no_user_facing_footer(conv):
    out = conv.send(mail("someone@unknown.example", "Hm", "Something unclear about procurement in general here."))
    for m in sent_to(out, STAFF):
        assert "a person from the secretariat reads" not in body(m)
    for m in sent_to(out, "someone@unknown.example"):
        assert "a person from the secretariat reads" in " ".join(body(m).split())


# -- every person has a language -------------------------------------------------------------

DE_JOIN = ("Sehr geehrte Damen und Herren,\n\nwir möchten gerne der Interessengruppe für zirkuläre Beschaffung "
           "beitreten. Wir arbeiten seit Jahren an Kreislaufwirtschaft in unseren Ausschreibungen.\n\n"
           "Mit freundlichen Grüßen\nKatrin Vogel")


def test_the_language_of_the_first_mail_is_kept_for_every_later_mail(conv):
    out, request = join(conv, text=DE_JOIN)
    assert conv.table("people")[KATRIN]["language"] == "de"
    ack = body(one_to(out, KATRIN))
    assert "vielen Dank" in ack and "Zirkuläre Beschaffung" in ack  # the group's German name
    out = conv.send(reply(request, CIRC_FAC, "Yes, welcome!", auth=authed(CIRC_FAC)))
    welcome = one_to(out, KATRIN)
    assert "Willkommen" in str(welcome["Subject"]) and "Ihre Mitgliedschaft wurde bestätigt" in body(welcome)
    # a later short English note does not switch her to English
    conv.send(mail(KATRIN, "Thanks", "Thanks a lot, see you at the meeting!"))
    assert conv.table("people")[KATRIN]["language"] == "de"


def test_staff_and_facilitators_without_a_language_get_english(conv):
    out, request = join(conv, text=DE_JOIN)
    assert "would like to join" in body(request) or "asks to join" in body(request) or request["Subject"]
    for m in sent_to(out, STAFF):
        assert "Sehr geehrte" not in body(m)


def test_reply_after_a_staff_resolve_is_in_the_persons_language_and_threaded(conv):
    first = mail("j.kowalski@unknown-city.example", "Pytanie",
                 "Dzień dobry,\n\nmam sprawę dotyczącą naszego miasta i chciałbym porozmawiać z kimś z "
                 "sekretariatu o współpracy w przyszłym roku.\n\nJan Kowalski",
                 msgid="<pl-first@unknown-city.example>")
    conv.send(first)
    assert conv.table("people")["j.kowalski@unknown-city.example"]["language"] == "pl"
    (item,) = [i for i in conv.table(st.TRIAGE).values() if i["from"] == "j.kowalski@unknown-city.example"]
    out = conv.send(mail(STAFF, f"Re: [triage:{item['id']}]", "info", auth=authed(STAFF)))
    answer = one_to(out, "j.kowalski@unknown-city.example")
    assert "dziękujemy" in body(answer).lower()
    assert str(answer["In-Reply-To"]) == "<pl-first@unknown-city.example>"


def test_the_form_language_replaces_the_remembered_one(conv):
    from mailbot.web import forms
    from mailbot.web.forms import Submission

    conv.send(mail(KATRIN, "Question", "Hello, could you tell me more about the groups and how they work?"))
    assert conv.table("people")[KATRIN]["language"] == "en"
    sub = Submission(organisation="Berlin", name="Katrin Vogel", email=KATRIN, groups=("circular-procurement",),
                     lang="fr")
    (_, raw), = forms.messages(sub, conv.cfg, "s1", conv.now, {"circular-procurement": "Circular procurement"})
    out = conv.send(raw)
    assert conv.table("people")[KATRIN]["language"] == "fr"
    assert "Nous vous remercions" in body(one_to(out, KATRIN))
