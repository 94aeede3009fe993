"""actions/leave_groups.py: a leave acts only on an authenticated sender or a confirmed token.

Through the real pipeline (Maildir adapters, the shipped config.toml): a leave
with an Authentication-Results pass acts at once; one without a verdict is
held and the member asked by mail in their language, the acknowledgement and
the facilitator's notice waiting for the confirmation; a fail goes to staff;
a leave that would change nothing is answered at once and holds nothing.
Staff resolving a leave from triage (`leave <group>`) is tests/test_commands.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conversation import STAFF, Conversation, authed, body, mail, one_to, reply, sent_to
from mailbot.adapters import store as st
from mailbot.adapters.mailbox import MaildirMailbox
from mailbot.core import config
from mailbot.runtime.pipeline import Pipeline
from mailbot.workflows import confirm
from mailbot.workflows import membership as wf

FIX = Path(__file__).parent / "fixtures" / "attacks"
MARCO = "m.rossi@torino.example"
MARKET = "market-supplier-development"
MARKET_FAC = "market.facilitator@barcelona.example"
CIRC_FAC = "circular.facilitator@rotterdam.example"
KEY = f"{MARKET}|{MARCO}"
LEAVE = "Hello,\n\nplease remove me from the market supplier development interest group.\n\nMarco Rossi"


@pytest.fixture
def conv(tmp_path):
    c = Conversation(tmp_path)
    c.store.put(wf.MEMBERS, KEY, {"group": MARKET, "address": MARCO, "name": "Marco Rossi",
                                  "organisation": "Comune di Torino", "since": "2025-01-01", "status": "active"})
    return c


def fixture(name: str) -> bytes:
    return (FIX / f"{name}.eml").read_bytes()


def status(conv) -> str:
    return conv.table(wf.MEMBERS)[KEY]["status"]


def confirmations(mails) -> list:
    return [m for m in sent_to(mails, MARCO) if "[confirm:" in str(m["Subject"])]


def acks(mails) -> list:
    """The leave's acknowledgement ("your membership has ended"), not the confirmation asked first."""
    return [m for m in sent_to(mails, MARCO) if "[confirm:" not in str(m["Subject"])]


def test_an_authenticated_leave_acts_at_once(conv):
    out = conv.send(mail(MARCO, "Leaving the market group", LEAVE, name="Marco Rossi", auth=authed(MARCO)))
    assert status(conv) == "left"
    assert "membership has ended" in " ".join(body(one_to(out, MARCO)).split())
    assert one_to(out, MARKET_FAC)
    assert conv.table(confirm.HELD) == {} and not confirmations(out)


def test_a_forged_leave_without_a_verdict_is_held_and_the_member_asked(conv):
    out = conv.send(fixture("forged_leave_no_auth_results"))
    assert status(conv) == "active"  # the roster is unchanged
    assert not sent_to(out, MARKET_FAC)  # the facilitator is not told
    assert not acks(out)  # no "you have left"
    (ask,) = confirmations(out)
    text = " ".join(body(ask).split())
    # which group, that nothing changed, how to confirm, and how long the request stands
    assert "Market and Supplier Development" in text and "Market and Supplier Development" in str(ask["Subject"])
    assert "nothing has changed" in text and "you are still a member" in text
    assert "reply to this mail" in text and "UTC" in text
    (held,) = conv.table(confirm.HELD).values()
    assert held["status"] == confirm.PENDING and held["action"] == "leave_groups" and held["sender"] == MARCO
    assert [t["action"] for t in held["then"]] == ["reply", "notify_facilitator"]  # the rest of the rule waits
    assert str(ask["Reply-To"]) == confirm.reply_address(conv.cfg, held["id"])
    assert conv.triage() == []  # nothing for staff: the member decides
    assert not [r for r in conv.table(st.REQUESTS).values() if r.get("kind") == "leave"]


def test_the_confirmation_carries_the_leave_out_once(conv):
    (ask,) = confirmations(conv.send(fixture("forged_leave_no_auth_results")))
    # someone else with the token is refused
    out = conv.send(reply(ask, "mallory@evil.example", "yes"))
    assert status(conv) == "active" and not sent_to(out, MARKET_FAC)
    # the member replies (the receiving server adds no verdict here either)
    out = conv.send(reply(ask, MARCO, "Yes, please take me off.", name="Marco Rossi"))
    assert status(conv) == "left"
    (ack,) = acks(out)
    assert "membership has ended" in " ".join(body(ack).split())
    assert ack["In-Reply-To"] == "<forged_leave_no_auth_results@attacker.example>"  # answers the leave itself
    (notice,) = sent_to(out, MARKET_FAC)
    assert "Marco Rossi" in body(notice) and "asked to leave" in " ".join(body(notice).split())
    (held,) = conv.table(confirm.HELD).values()
    assert held["status"] == confirm.DONE
    (req,) = [r for r in conv.table(st.REQUESTS).values() if r.get("kind") == "leave"]
    assert req["message_id"] == "forged_leave_no_auth_results@attacker.example"
    # a second confirmation does nothing more: the token is used
    out = conv.send(reply(ask, MARCO, "yes again"))
    assert not acks(out) and not sent_to(out, MARKET_FAC)
    assert "already used" in " | ".join(t["reason"] for t in conv.triage())


def test_a_replayed_confirmation_after_a_restart_sends_nothing_twice(conv, tmp_path):
    (ask,) = confirmations(conv.send(fixture("forged_leave_no_auth_results")))
    yes = reply(ask, MARCO, "Yes")
    out = conv.send(yes)
    assert len(acks(out)) == 1 and len(sent_to(out, MARKET_FAC)) == 1
    # a restart: the store and pipeline opened anew; the confirmation (a crash between
    # commit and move leaves it in the inbox) and the forged leave itself come again
    conv.store.close()
    conv.store = st.Store(tmp_path / "db.json")
    conv.mailbox = MaildirMailbox(tmp_path / "mail", "mailbot/processed", "mailbot/triage")
    conv.pipe = Pipeline(conv.cfg, conv.store, conv.mailbox, conv.transport, clock=lambda: conv.now)
    out = conv.send(yes, fixture("forged_leave_no_auth_results"))
    assert out == []
    assert status(conv) == "left"
    assert len([m for m in conv.all_mail() if MARKET_FAC in str(m["To"])]) == 1
    assert len(acks(conv.all_mail())) == 1 and len(confirmations(conv.all_mail())) == 1


def test_a_leave_failing_authentication_goes_to_staff(conv):
    out = conv.send(fixture("forged_leave_dmarc_fail"))
    assert status(conv) == "active"
    assert not sent_to(out, MARCO) and not sent_to(out, MARKET_FAC)  # neither a confirmation nor an answer
    (item,) = conv.triage()
    assert "leave not acted on" in item["reason"] and "dmarc=fail" in item["reason"].lower()
    assert item["proposed"] == f"leave {MARKET}"  # staff act on it by their own authenticated path
    assert one_to(out, STAFF, "[triage:")
    assert conv.table(confirm.HELD) == {}


def test_the_confirmation_is_in_the_members_language(conv):
    conv.store.put("people", MARCO, {"language": "it", "source": "mail", "since": "2025-01-01"})
    (ask,) = confirmations(conv.send(fixture("forged_leave_no_auth_results")))
    assert "Confermi" in str(ask["Subject"]) and "[confirm:" in str(ask["Subject"])
    text = " ".join(body(ask).split())
    assert "non è cambiato nulla" in text and "Market and Supplier Development" not in text.split("UTC")[1]
    out = conv.send(reply(ask, MARCO, "Sì, confermo"))
    (ack,) = acks(out)
    assert "L’adesione è terminata" in " ".join(body(ack).split())


def test_a_leave_from_a_non_member_holds_nothing_and_asks_nothing(conv):
    """Nothing would change, so there is nothing to confirm: the usual answer ("you are not a
    member") goes to the address itself — never to whoever forged it, so it tells them nothing —
    and no confirmation is mailed that could be looped."""
    other = "l.bianchi@torino.example"
    out = conv.send(mail(other, "Leaving the market group", LEAVE.replace("Marco Rossi", "Lia Bianchi")))
    assert conv.table(confirm.HELD) == {}
    (answer,) = sent_to(out, other)
    assert "[confirm:" not in str(answer["Subject"]) and "not a member" in " ".join(body(answer).split())
    assert not sent_to(out, MARKET_FAC) and conv.triage() == []


def test_a_leave_that_would_withdraw_a_pending_join_is_held_too(conv):
    katrin = "k.vogel@berlin.example"
    conv.send(mail(katrin, "Circular procurement group", "Dear team,\n\nwe would like to join the Circular "
                   "procurement interest group.\n\nKatrin Vogel", name="Katrin Vogel"))
    (req,) = [r for r in conv.table(st.REQUESTS).values() if r.get("kind") == "join"]
    out = conv.send(mail(katrin, "Leaving", "Please remove me from the circular procurement group.\n\nKatrin"))
    assert conv.table(st.REQUESTS)[req["id"]]["status"] == "pending"  # not withdrawn on a forged word
    (ask,) = [m for m in sent_to(out, katrin) if "[confirm:" in str(m["Subject"])]
    assert "Circular" in str(ask["Subject"])
    conv.send(reply(ask, katrin, "yes"))
    assert conv.table(st.REQUESTS)[req["id"]]["status"] == "withdrawn"


def test_a_burst_of_forged_leaves_mails_the_member_a_bounded_number_of_times(conv):
    burst = [mail(MARCO, f"Leaving {i}", LEAVE, msgid=f"<burst-{i}@attacker.example>") for i in range(30)]
    out = conv.send(*burst)
    per_hour = conv.cfg.bot.replies_per_sender_per_hour
    assert len(confirmations(out)) == per_hour  # the reply caps of any automatic answer (loops.py)
    assert len(conv.table(confirm.HELD)) == len(confirmations(out))  # nothing held that nobody was told of
    assert status(conv) == "active" and not sent_to(out, MARKET_FAC)
    assert conv.triage() == []  # and staff are not flooded either
    for _ in range(6):  # hour after hour, the day's cap holds
        conv.now = conv.now.replace(hour=conv.now.hour + 1)
        conv.send(*[mail(MARCO, "Leaving", LEAVE, msgid=f"<burst-{conv.now.hour}-{i}@attacker.example>")
                    for i in range(10)])
    assert len(confirmations(conv.all_mail())) == conv.cfg.bot.replies_per_sender_per_day
    assert status(conv) == "active"


def _forwarded_leave(auth: tuple[str, ...] = ()):
    """A rule table could give `leave_groups` a forward (staff passing a member's leave on); the
    shipped one triages forwards. The confirmation would go to the forwarder and its replay
    could not act for the author, so only a pass lets it act."""
    from datetime import datetime, timezone

    from mailbot.actions import effects
    from mailbot.core.model import Action, Address, Decision, Forwarded, Intent, ParsedMessage
    from mailbot.core.view import EmptyView, SeededView

    cfg = config.load(Path(__file__).resolve().parents[1] / "config.toml")
    msg = ParsedMessage(message_id="fwd-leave@procuraplus.example", sender=Address(STAFF, "Secretariat"),
                        subject="Fwd: leaving", text="Please act on this.", authentication_results=auth,
                        forwarded=Forwarded(sender=Address(MARCO, "Marco Rossi"), text=LEAVE))
    intent = Intent("forward", confidence=1.0, original=Intent("leave", groups=(MARKET,), confidence=1.0))
    view = SeededView(EmptyView(), [(wf.MEMBERS, KEY, {"group": MARKET, "address": MARCO, "status": "active"})])
    decision = Decision("r", "test", actions=(Action("leave_groups"), Action("reply", {"template": "leave_ack"})))
    return effects.plan(msg, intent, decision, cfg, view, datetime(2026, 11, 25, 10, tzinfo=timezone.utc))


def test_a_forwarded_leave_acts_only_on_a_pass():
    held = _forwarded_leave()
    assert not [r for r in held.records if r[0] == wf.MEMBERS] and not [r for r in held.records if r[0] == confirm.HELD]
    assert any("not acted on, sender not authenticated" in d.get("reason", "") for t, _, d in held.records if t == st.TRIAGE)
    assert not [m for m in held.outbox if MARCO in m.to]
    passed = _forwarded_leave(tuple(authed(STAFF)))
    assert [d["status"] for t, _, d in passed.records if t == wf.MEMBERS] == ["left"]


def test_this_mailing_list_under_a_groups_thread_leaves_that_group_only_and_forged_is_held(conv):
    # "remove me from this mailing list" in reply to the market group's minutes: the market group, not
    # every group; without a verdict it is held and the member asked, like any leave
    conv.store.put(wf.MEMBERS, f"circular-procurement|{MARCO}", {
        "group": "circular-procurement", "address": MARCO, "name": "Marco Rossi", "organisation": "Comune di Torino",
        "since": "2025-01-01", "status": "active"})
    text = ("Please remove me from this mailing list.\n\nMarco\n\nOn 17/03/2025 10:00, Procura+ Interest Groups "
            "wrote:\n> Dear members of the Market and Supplier Development group,\n> the minutes are attached.\n")
    subject = "Re: Market and Supplier Development: minutes of the meeting on 13 March"
    out = conv.send(mail(MARCO, subject, text, name="Marco Rossi", in_reply_to="<minutes@procuraplus.example>"))
    assert status(conv) == "active" and not sent_to(out, MARKET_FAC)  # forged: nothing changes yet
    (held,) = conv.table(confirm.HELD).values()
    assert held["action"] == "leave_groups"
    out = conv.send(mail(MARCO, subject, text, name="Marco Rossi", in_reply_to="<minutes@procuraplus.example>",
                         auth=authed(MARCO)))
    assert status(conv) == "left"
    assert conv.table(wf.MEMBERS)[f"circular-procurement|{MARCO}"]["status"] == "active"  # the other group stays
