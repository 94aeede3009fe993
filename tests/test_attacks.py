"""Issue 12's attacks 1, 3 and 4, each from its own .eml fixture (tests/fixtures/attacks/), through
the real pipeline on the embedded default (Maildir + store) with the shipped config.toml.

Privileged mail (staff commands, facilitator answers, `meeting`) acts only on an
Authentication-Results pass of our own server for the From domain, or on a
confirmation mailed to the address itself; ids that grant something are keyed;
outgoing mail is guarded and capped whatever its kind; bounces count only when
tied to mail the bot sent.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest

from conversation import STAFF, Conversation, auth_header, authed, body, mail, reply, sent_to, to_addr
from mailbot.adapters import store as st
from mailbot.mail import guard
from mailbot.mail.parse import parse
from mailbot.workflows import bounces, confirm

FIX = Path(__file__).parent / "fixtures" / "attacks"
BOT = "procurement@procuraplus.example"
CIRC_FAC = "circular.facilitator@rotterdam.example"


def fixture(name: str) -> bytes:
    return (FIX / f"{name}.eml").read_bytes()


@pytest.fixture
def conv(tmp_path):
    return Conversation(tmp_path)


def roster(conv) -> dict[str, dict]:
    return {k: d for k, d in conv.table("participants").items() if not d.get("removed")}


def reasons(conv) -> str:
    return " | ".join(t["reason"] for t in conv.triage())


# -- attack 1: forged staff commands ---------------------------------------------------------

NO_VERDICT = ["staff_command_no_auth_results", "staff_command_foreign_authserv_id",
              "staff_command_dmarc_pass_other_domain", "staff_command_spf_fail_only",
              "staff_command_dmarc_none", "staff_command_dkim_header_i_only",
              "staff_command_case_changed_address"]


@pytest.mark.parametrize("name", NO_VERDICT)
def test_forged_staff_command_without_a_pass_is_held_and_only_confirmed_by_mail(conv, name):
    before = roster(conv)
    out = conv.send(fixture(name))
    assert roster(conv) == before  # nothing added, lyon.example not removed
    assert "evil.example" not in roster(conv) and "lyon.example" in roster(conv)
    # the one mail goes to the staff address itself, asking to confirm; the forger never sees it
    (ask,) = out
    assert to_addr(ask) == [STAFF] and "[confirm:" in str(ask["Subject"])
    assert "NOT been carried out" in body(ask)
    (held,) = conv.table(confirm.HELD).values()
    assert held["status"] == confirm.PENDING and held["sender"] == STAFF


@pytest.mark.parametrize("name", ["staff_command_two_from_addresses", "staff_command_two_from_headers"])
def test_ambiguous_from_is_refused_even_with_a_pass(conv, name):
    before = roster(conv)
    out = conv.send(fixture(name))
    assert roster(conv) == before
    assert not [m for m in out if "[confirm:" in str(m["Subject"])]
    assert "not trusted" in reasons(conv) and "From" in reasons(conv)
    assert conv.table(confirm.HELD) == {}


def test_the_confirmation_carries_the_command_out_once_from_its_owner_only(conv):
    (ask,) = conv.send(fixture("staff_command_no_auth_results"))
    # someone else answering with the token (it leaked, or was guessed) is refused
    conv.send(reply(ask, "mallory@evil.example", "yes"))
    assert "evil.example" not in roster(conv)
    # an out-of-office reply keeps the subject: never a confirmation
    ooo = reply(ask, STAFF, "I am away").replace(b"Subject:", b"Auto-Submitted: auto-replied\r\nSubject:", 1)
    conv.send(ooo)
    assert "evil.example" not in roster(conv)
    # the owner confirms by replying (the receiving server adds no verdict here either)
    out = conv.send(reply(ask, STAFF, "yes, that was me"))
    assert roster(conv)["evil.example"]["organisation"] == "Evil Corp"
    assert "participant added" in body(next(m for m in out if STAFF in to_addr(m)))
    (held,) = conv.table(confirm.HELD).values()
    assert held["status"] == confirm.DONE
    # a replayed confirmation does nothing more
    conv.store.put(st.PARTICIPANTS if hasattr(st, "PARTICIPANTS") else "participants", "evil.example",
                   dict(roster(conv)["evil.example"], removed="by test"))
    conv.send(reply(ask, STAFF, "yes again"))
    assert "evil.example" not in roster(conv)
    assert "already used" in reasons(conv)


def test_the_confirmation_lapses(conv):
    (ask,) = conv.send(fixture("staff_command_no_auth_results"))
    conv.now += timedelta(hours=conv.cfg.bot.confirm_hours + 1)
    conv.send(reply(ask, STAFF, "yes"))
    assert "evil.example" not in roster(conv) and "expired" in reasons(conv)


def test_case_changed_staff_address_with_a_pass_is_staff(conv):
    raw = fixture("staff_command_case_changed_address")
    raw = b"".join(f"Authentication-Results: {a}\r\n".encode() for a in authed(STAFF)) + raw
    conv.send(raw)
    assert roster(conv)["evil.example"]["organisation"] == "Evil Corp"


def test_spoofed_facilitator_meeting_with_an_evil_link_is_held_for_staff(conv):
    before = conv.table("meetings")
    out = conv.send(fixture("facilitator_meeting_evil_link"))
    assert conv.table("meetings") == before
    # (only staff see the link, in the triage notice)
    assert all("evil.example" not in m.as_string() for m in out if STAFF not in to_addr(m))
    assert not [m for m in out if CIRC_FAC in to_addr(m)]  # no confirmation: a link outside is held first
    assert "meeting link outside" in reasons(conv)
    # even authenticated, a link outside the allow-list waits for staff
    raw = b"".join(f"Authentication-Results: {a}\r\n".encode() for a in authed(CIRC_FAC)) + \
        fixture("facilitator_meeting_evil_link").replace(b"Message-ID: <", b"Message-ID: <2-", 1)
    conv.send(raw)
    assert conv.table("meetings") == before
    # and no invitation with it ever goes out
    from mailbot.schedule import scheduler

    scheduler.run_due(conv.store, conv.cfg, conv.now + timedelta(days=1))
    conv.pipe.deliver()
    assert all("evil.example" not in m.as_string() for m in conv.all_mail() if STAFF not in to_addr(m))


def test_forged_triage_tag_computed_from_the_message_id_names_nothing(conv):
    conv.send(fixture("outsider_join"))
    (item,) = conv.triage()
    old = hashlib.sha256(b"triage|outsider_join@attacker.example").hexdigest()[:8]
    assert item["id"] != old  # keyed under the token secret now
    out = conv.send(fixture("forged_triage_tag"))
    assert not sent_to(out, CIRC_FAC) and conv.table(st.REQUESTS) == {}
    assert conv.table("triage")[item["id"]]["status"] == "open"


def test_ids_that_grant_something_are_keyed(conv, tmp_path):
    conv.send(fixture("outsider_join"))
    (item,) = conv.triage()
    other = Conversation(tmp_path / "other")  # another store: another secret
    other.send(fixture("outsider_join"))
    (item2,) = other.triage()
    assert item["id"] != item2["id"]


# -- attack 3: amplification -------------------------------------------------------------------

def test_n_forged_proposals_cost_o_n_mails_and_none_to_machines(conv):
    n = 40
    raw = fixture("forged_proposal")
    senders = [f"person{i}@city{i}.example" for i in range(n - 2)] + [BOT, "no-reply@city.example"]
    msgs = [raw.replace(b"someone@city.example", s.encode()).replace(b"Message-ID: <", f"Message-ID: <{i}-".encode(), 1)
            for i, s in enumerate(senders)]
    out = conv.send(*msgs)
    assert len(out) <= 3 * n, len(out)  # main: 899 for 40
    everyone = [a for m in out for a in to_addr(m)]
    assert BOT not in everyone and "no-reply@city.example" not in everyone
    per = {a: everyone.count(a) for a in everyone}
    assert max(per.values()) <= conv.cfg.bot.mails_per_recipient_per_hour


def test_one_message_causes_a_bounded_number_of_mails(conv):
    from mailbot.core.model import OutgoingMail

    mails = [OutgoingMail(key=f"<m1>|x|t|p{i}@a.example", to=(f"p{i}@a.example",), raw=b"Subject: x\r\n\r\nx",
                          envelope_from=BOT, source_message_id="<m1>") for i in range(100)]
    tx = st.Transaction()
    admitted = guard.admit(tx, conv.store, mails, conv.now, conv.cfg)
    assert sum(1 for _, held in admitted if not held) == guard.MAX_MAILS_PER_MESSAGE


def test_a_burst_of_staff_notices_becomes_one_digest(conv):
    raws = [mail(f"p{i}@unknown{i}.example", f"Question {i}", "zzz qqq blue elephants") for i in range(20)]
    out = conv.send(*raws)
    to_staff = sent_to(out, STAFF)
    assert len(to_staff) <= conv.cfg.bot.staff_notices_per_hour
    assert conv.table(guard.DIGEST)[STAFF]["items"]
    out = conv.wait(1 / 24 + 0.001)
    (digest,) = [m for m in sent_to(out, STAFF) if "[digest]" in str(m["Subject"])]
    assert "Question 19" in body(digest)
    assert conv.table(guard.DIGEST) == {}


# -- attack 4: forged bounces ------------------------------------------------------------------

def test_forged_x_failed_recipients_never_suspend_anyone(conv):
    for day in range(6):
        conv.send(fixture("forged_x_failed_recipients").replace(b"Message-ID: <", f"Message-ID: <{day}-".encode(), 1))
        conv.now += timedelta(days=1)
    assert conv.table(st.BOUNCES) == {}
    assert not [m for m in conv.all_mail() if "[bounces]" in str(m["Subject"])]


@pytest.mark.parametrize("sender, subject, notice", [
    # any language, no DSN: a "mailer-daemon" with "<member>: 550 5.1.1"
    ("mailer-daemon@mail.attacker.example", "Vestule netika piegadata", "Jusu vestuli neizdevas piegadat:"),
    # Exchange's own sender, "MicrosoftExchange" and 32 hex digits
    ("Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@attacker.example>",
     "Undeliverable: Procura+ ICT", "Your message couldn't be delivered to:"),
], ids=["daemon", "exchange"])
def test_a_forged_plain_text_bounce_naming_a_member_suspends_nobody(conv, sender, subject, notice):
    # It reads as a bounce naming the member, but it was sent to the bot's plain address, so it ties to
    # no mail the bot sent: six days of it score and suspend nobody.
    def raw(day: int) -> bytes:
        return (f"From: {sender}\r\nTo: {conv.cfg.bot.address}\r\nSubject: {subject}\r\n"
                f"Message-ID: <plain-{day}@attacker.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                f"{notice}\r\n  <anna@city.example>: 550 5.1.1 user unknown\r\n").encode()

    auto = parse(raw(0)).auto
    assert auto.is_bounce and "anna@city.example" in auto.failed_recipients  # the guard, not the parser, holds
    for day in range(6):
        conv.send(raw(day))
        conv.now += timedelta(days=1)
    assert conv.table(st.BOUNCES) == {}
    assert not [m for m in conv.all_mail() if "[bounces]" in str(m["Subject"])]


def test_tied_bounces_for_staff_warn_staff_and_never_suspend(conv):
    from test_bounces import dsn

    for day in range(7):
        conv.send(dsn(day, rcpt=CIRC_FAC, env=conv))
        conv.now += timedelta(days=1)
    doc = conv.table(st.BOUNCES)[CIRC_FAC]
    assert doc["score"] >= conv.cfg.bounces.threshold and not doc["suspended"] and doc["tied_by"] == "verp"
    (warn,) = [m for m in conv.all_mail() if "[bounces]" in str(m["Subject"])]
    assert "never suspended" in body(warn)


def test_verp_address_is_per_recipient_and_keyed(conv):
    a = bounces.verp_address(conv.cfg, conv.store, ["a@x.example"])
    b = bounces.verp_address(conv.cfg, conv.store, ["b@x.example"])
    assert a != b and re.fullmatch(r"procurement\+bounce-[0-9a-f]{16}@procuraplus\.example", a)
    assert bounces.verp_address(conv.cfg, conv.store, ["a@x.example", "b@x.example"]) == BOT


# -- the other privileged mail: answers, updates, RSVPs for someone else ---------------------------

JOIN = ("Dear Procura+ team,\n\nwe would like to join the Circular procurement interest group.\n\n"
        "Best regards,\nKatrin Vogel\nBerlin Senate Department for the Environment")


def test_facilitator_answer_without_a_pass_waits_for_its_confirmation(conv):
    out = conv.send(mail("k.vogel@berlin.example", "Circular procurement group", JOIN, name="Katrin Vogel"))
    (request,) = [m for m in sent_to(out, CIRC_FAC) if "[req:" in str(m["Subject"])]
    out = conv.send(reply(request, CIRC_FAC, "Yes, welcome!"))  # no Authentication-Results
    assert "circular-procurement|k.vogel@berlin.example" not in conv.table("members")
    (ask,) = sent_to(out, CIRC_FAC)
    assert "[confirm:" in str(ask["Subject"])
    out = conv.send(reply(ask, CIRC_FAC, "yes"))
    assert conv.table("members")["circular-procurement|k.vogel@berlin.example"]["status"] == "active"
    assert [m for m in sent_to(out, "k.vogel@berlin.example") if "Welcome" in str(m["Subject"])]


def test_an_answer_that_would_be_refused_anyway_asks_for_no_confirmation(conv):
    out = conv.send(mail("k.vogel@berlin.example", "Circular procurement group", JOIN, name="Katrin Vogel"))
    (request,) = [m for m in sent_to(out, CIRC_FAC) if "[req:" in str(m["Subject"])]
    other = "market.facilitator@barcelona.example"  # a facilitator, but not of this group
    out = conv.send(reply(request, other, "Yes"))
    assert not sent_to(out, other) or not any("[confirm:" in str(m["Subject"]) for m in sent_to(out, other))
    assert conv.table(confirm.HELD) == {}


def test_rsvp_for_someone_else_by_staff_needs_authentication(tmp_path):
    from datetime import date, datetime, timezone

    from mailbot.schedule import scheduler as S

    fix = Path(__file__).parent / "fixtures" / "calendar" / "outlook_accepted.eml"
    c = Conversation(tmp_path)
    slug = "socially-responsible-ict"
    g = c.cfg.group(slug).model_copy(update={"term_start": date(2027, 1, 1)})
    c.cfg = c.pipe.cfg = c.cfg.model_copy(update={"groups": [g]})
    c.store.put(S.MEMBERS, f"{slug}|erik.svensson@malmo.example", {
        "group": slug, "address": "erik.svensson@malmo.example", "name": "Erik", "organisation": "Malmö",
        "since": "2026-12-01", "status": "active"})
    S.run_due(c.store, c.cfg, datetime(2027, 1, 1, tzinfo=timezone.utc))
    c.now = datetime(2027, 2, 26, tzinfo=timezone.utc)
    S.run_due(c.store, c.cfg, c.now)
    c.pipe.deliver()
    c.new_mail()
    if not fix.exists():
        pytest.skip("calendar fixture missing")
    raw = fix.read_bytes().replace(b"From: Erik Svensson <erik.svensson@malmo.example>",
                                   f"From: Secretariat <{STAFF}>".encode(), 1)
    c.now = datetime(2027, 3, 2, tzinfo=timezone.utc)
    out = c.send(raw)
    assert not [k for k in c.table(S.ATTENDANCE) if k.endswith("|erik.svensson@malmo.example")]
    (ask,) = [m for m in sent_to(out, STAFF) if "[confirm:" in str(m["Subject"])]
    c.send(reply(ask, STAFF, "yes"))
    assert [d for k, d in c.table(S.ATTENDANCE).items() if k.endswith("|erik.svensson@malmo.example")]


def test_every_kind_of_mail_passes_the_guard(conv):
    """Acknowledgements, facilitator requests and staff notices all carry a VERP envelope sender
    (set only by guard.admit) and their Message-ID (set only by the queue), so none bypassed it."""
    for raw in (mail("k.vogel@berlin.example", "Circular procurement group", JOIN, name="Katrin Vogel"),
                mail("nobody@unknown.example", "hm", "zzz qqq blue elephants")):
        conv.mailbox.deliver(raw)
    conv.pipe.process(conv.mailbox.fetch(10))
    docs = [d for _, d in conv.store.items(st.OUTBOX)]
    kinds = {d["key"].split("|")[-3] for d in docs}
    assert {"reply", "facilitator", "triage"} <= kinds, kinds
    for d in docs:
        assert d["message_id"]
        if len(d["to"]) == 1:
            assert d["envelope_from"].startswith("procurement+bounce-"), d
        else:
            assert d["envelope_from"] == BOT


def test_a_bounce_quoting_a_computable_message_id_of_a_one_recipient_mail_counts_nothing(conv):
    """The ack's Message-ID is derived from the sender's own Message-ID, so whoever caused the ack can
    compute it; a one-recipient mail always carries VERP, so only VERP ties its bounces."""
    from test_pipeline import example

    member = "k.vogel@berlin.example"
    conv.send(mail(member, "Circular procurement group", JOIN, name="Katrin Vogel"),
              mail("nobody@unknown.example", "hm", "zzz qqq blue elephants"))  # a triage notice to both staff
    (ack,) = [d for _, d in conv.store.items(st.SENT) if d["to"] == [member]]
    staff_mail = next(d for _, d in conv.store.items(st.SENT) if len(d["to"]) > 1)
    dsn = example("bounce-en-dsn.eml").replace(b"old.contact@torino.example", member.encode())
    forged = dsn.replace(b"<20250331075957.44ff00@procuraplus.example>", f"<{ack['message_id']}>".encode())
    for day in range(6):
        conv.send(forged.replace(b"Message-ID: <2025", f"Message-ID: <{day}-2025".encode(), 1))
        conv.now += timedelta(days=1)
    assert conv.table(st.BOUNCES) == {}
    # a real bounce of a mail to several people (no VERP) quoting its Message-ID is tied: counted,
    # and as it is a staff address, never suspended
    real = example("bounce-en-dsn.eml").replace(b"old.contact@torino.example", STAFF.encode()).replace(
        b"<20250331075957.44ff00@procuraplus.example>", f"<{staff_mail['message_id']}>".encode())
    conv.send(real)
    doc = conv.table(st.BOUNCES)[STAFF]
    assert doc["tied_by"] == "message-id" and not doc.get("suspended")


def test_issue_15_commands_pass_the_same_gate(conv):
    """`renew`, `lead rerun` and `meeting` (issue 15) are commands like any other: without a pass
    they are held under the action that holds them and confirmed by mail; a fail is refused."""
    out = conv.send(mail(CIRC_FAC, "renew", "renew circular-procurement\n"))  # no Authentication-Results
    assert conv.table("terms") == {}
    (ask,) = [m for m in sent_to(out, CIRC_FAC) if "[confirm:" in str(m["Subject"])]
    (held,) = conv.table(confirm.HELD).values()
    assert held["action"] == "staff_command" and held["sender"] == CIRC_FAC
    conv.send(reply(ask, CIRC_FAC, "yes"))
    assert conv.table("terms")["circular-procurement"]["by"] == CIRC_FAC
    # a meeting with an allowed link, unauthenticated: held too, nothing planned until confirmed
    before = conv.table("meetings")
    out = conv.send(mail(CIRC_FAC, "meeting", "meeting circular-procurement 2027-03-18 14:00 90min web "
                                             "https://meet.jit.si/circular\n", msgid="<meet-1@rotterdam.example>"))
    assert conv.table("meetings") == before
    assert [m for m in sent_to(out, CIRC_FAC) if "[confirm:" in str(m["Subject"])]
    # a DMARC fail is refused outright: no confirmation is even asked for
    n = len(conv.table(confirm.HELD))
    out = conv.send(mail(STAFF, "lead", "lead rerun abcdef12\n",
                         auth=[auth_header("fail", "procuraplus.example")]))
    assert len(conv.table(confirm.HELD)) == n
    assert not [m for m in out if "[confirm:" in str(m["Subject"])]
    assert "staff command not acted on, not trusted" in reasons(conv)


def test_a_forged_secretariat_note_forwarding_a_join_opens_nothing(conv):
    # A note that says it forwards ("Reencaminho o pedido …") makes the quote below it a forward. Forged in
    # the secretariat's name with no Authentication-Results, it reaches staff triage and nothing else: no
    # join request is opened and no facilitator is written to.
    note = ("Reencaminho o pedido de Setúbal – querem entrar no grupo de economia circular.\nInês\n\n"
            "-----Mensagem original-----\nDe: Carla Pinto <carla.pinto@mun-setubal.example>\n"
            "Enviada: quinta-feira, 15 de maio de 2025 17:44\nPara: Inês <ines@procuraplus.example>\n"
            "Assunto: Procura+\n\nO Município de Setúbal quer entrar no grupo Circular procurement.")
    out = conv.send(mail(STAFF, "RE: Procura+", note))
    assert conv.table(st.REQUESTS) == {}
    assert not sent_to(out, CIRC_FAC)
    assert "forwarded by staff" in reasons(conv)
