"""actions/check_with_sender.py: a join read with middling confidence is checked with its sender first.

Through the real pipeline (Maildir adapters, the shipped config.toml): the
sender gets our reading with a one-time token and nobody else hears of it; a
yes carries the join out once (the facilitator is asked, the sender
acknowledged); any other answer goes to staff and asks nobody; a sure join
is not checked; the check speaks the sender's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conversation import STAFF, Conversation, auth_header, body, mail, reply, sent_to
from mailbot.adapters import store as st
from mailbot.adapters.mailbox import MaildirMailbox
from mailbot.runtime.pipeline import Pipeline
from mailbot.workflows import confirm
from mailbot.workflows import membership as wf

ANNA = "a.bianchi@torino.example"
CIRC_FAC = "circular.facilitator@rotterdam.example"
# a question whose answer the writer may take as a yes: the detector's join is not sure (a model
# retrained on more mail may move a text out of the middle band: the first test says so if it does)
UNSURE = ("Would it be possible for the City of Turin to participate in the circular procurement group?"
          " We are a participant.\n\nAnna Bianchi")
SURE = "Hello,\n\nwe would like to join the circular procurement interest group.\n\nAnna Bianchi"


@pytest.fixture
def conv(tmp_path):
    return Conversation(tmp_path)


def checks(mails) -> list:
    return [m for m in sent_to(mails, ANNA) if "[confirm:" in str(m["Subject"])]


def joins(conv) -> list:
    return [r for r in conv.table(st.REQUESTS).values() if r.get("kind") == "join"]


def test_the_unsure_join_is_read_in_the_rules_middle_band():
    # The tests below are about the check, not the model: their join must land where join-check acts
    from mailbot.core import config as config_mod
    from mailbot.intents.detector import detect
    from mailbot.mail.parse import parse

    cfg = config_mod.load(Path(__file__).resolve().parent.parent / "config.toml")
    intent = detect(parse(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")), cfg)
    assert intent.name == "join" and intent.groups == ("circular-procurement",), intent
    assert 0.6 <= intent.confidence < 0.9, intent


def test_an_unsure_join_asks_its_sender_and_nobody_else(conv):
    out = conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi"))
    (ask,) = checks(out)
    assert not sent_to(out, CIRC_FAC) and not sent_to(out, STAFF)
    text = " ".join(body(ask).split())
    assert "Circular procurement" in str(ask["Subject"]) and "Circular procurement" in text
    assert 'reply "YES"' in text and "Nothing has been passed on yet" in text and "UTC" in text
    (held,) = conv.table(confirm.HELD).values()
    assert held["check"] and held["action"] == "check_with_sender" and held["sender"] == ANNA
    assert [t["action"] for t in held["then"]] == ["open_join", "ask_facilitators", "reply"]
    assert str(ask["Reply-To"]) == confirm.reply_address(conv.cfg, held["id"])
    assert joins(conv) == [] and conv.triage() == []


def test_a_yes_carries_the_join_out_once(conv):
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    out = conv.send(reply(ask, ANNA, "Yes", name="Anna Bianchi"))
    (fac,) = sent_to(out, CIRC_FAC)
    assert "Anna Bianchi" in body(fac)
    (ack,) = sent_to(out, ANNA)
    assert "passed your request" in " ".join(body(ack).split())
    assert [r["group"] for r in joins(conv)] == ["circular-procurement"]
    assert [h["status"] for h in conv.table(confirm.HELD).values()] == [confirm.DONE]
    # the token is used: a second yes asks nobody again
    out = conv.send(reply(ask, ANNA, "yes!"))
    assert not sent_to(out, CIRC_FAC) and len(joins(conv)) == 1


def test_a_yes_after_a_restart_asks_the_facilitator_once(conv, tmp_path):
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    yes = reply(ask, ANNA, "Yes")
    conv.send(yes)
    conv.store.close()
    conv.store = st.Store(tmp_path / "db.json")
    conv.mailbox = MaildirMailbox(tmp_path / "mail", "mailbot/processed", "mailbot/triage")
    conv.pipe = Pipeline(conv.cfg, conv.store, conv.mailbox, conv.transport, clock=lambda: conv.now)
    assert conv.send(yes) == []
    assert len([m for m in conv.all_mail() if CIRC_FAC in str(m["To"])]) == 1


@pytest.mark.parametrize("answer", [
    "No, we only wanted to know whether a municipal company can take part.",
    "Not that one: we meant the market and supplier development group.",
])
def test_any_other_answer_goes_to_staff_and_asks_nobody(conv, answer):
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    out = conv.send(reply(ask, ANNA, answer, name="Anna Bianchi"))
    assert not sent_to(out, CIRC_FAC) and joins(conv) == []
    (item,) = conv.triage()
    assert "not a yes" in item["reason"] and answer.split(",")[0] in item["text"]
    assert [h["status"] for h in conv.table(confirm.HELD).values()] == [confirm.PENDING]


def test_someone_else_with_the_token_carries_nothing_out(conv):
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    out = conv.send(reply(ask, "mallory@evil.example", "Yes"))
    assert not sent_to(out, CIRC_FAC) and joins(conv) == []


def test_a_forged_yes_from_the_senders_address_carries_nothing_out(conv):
    # the token reached the real address; a yes forged in its name fails DMARC at our server
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    forged = reply(ask, ANNA, "Yes", auth=[auth_header("fail", domain="torino.example")])
    out = conv.send(forged)
    assert not sent_to(out, CIRC_FAC) and joins(conv) == []
    assert "not accepted" in " | ".join(t["reason"] for t in conv.triage())
    assert [h["status"] for h in conv.table(confirm.HELD).values()] == [confirm.PENDING]


def test_a_forged_join_in_a_members_name_asks_the_member_not_the_forger(conv):
    # no Authentication-Results at all: the check goes to the address in From, which the forger never reads
    forged = mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")
    out = conv.send(forged)
    assert [m["To"] for m in checks(out)] == [ANNA] and not sent_to(out, CIRC_FAC)
    assert all(ANNA in str(m["To"]) for m in out)


def test_a_sure_join_is_not_checked(conv):
    out = conv.send(mail(ANNA, "Joining", SURE, name="Anna Bianchi"))
    assert not checks(out)
    assert sent_to(out, CIRC_FAC) and [r["group"] for r in joins(conv)] == ["circular-procurement"]


def test_a_join_that_changes_nothing_is_not_checked(conv):
    conv.store.put(wf.MEMBERS, f"circular-procurement|{ANNA}",
                   {"group": "circular-procurement", "address": ANNA, "name": "Anna Bianchi",
                    "organisation": "Comune di Torino", "since": "2025-01-01", "status": "active"})
    out = conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi"))
    assert not checks(out) and not sent_to(out, CIRC_FAC)
    assert sent_to(out, ANNA)  # the acknowledgement says they are in it already


def test_the_check_is_in_the_senders_language(conv):
    conv.store.put("people", ANNA, {"language": "it", "source": "mail", "since": "2025-01-01"})
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    text = body(ask)
    assert "Appalti circolari" in text and "YES" in text and "[confirm:" in str(ask["Subject"])
    assert "Nothing has been passed on yet" not in text


#: the word each language's check asks for (templates/<lang>/check_join.txt), as people type it
YES = {"bg": "Да", "cs": "Ano", "da": "Ja", "de": "Ja", "el": "Ναι", "en": "Yes", "es": "Sí", "et": "Jah",
       "fi": "Kyllä", "fr": "Oui", "ga": "Tá", "hr": "Da", "hu": "Igen", "it": "Sì", "lt": "Taip", "lv": "Jā",
       "mt": "Iva", "nl": "Ja", "pl": "Tak", "pt": "Sim", "ro": "Da", "sk": "Áno", "sl": "Da", "sv": "Ja"}


@pytest.mark.parametrize("lang", sorted(YES))
def test_the_yes_each_language_asks_for_carries_the_join_out(conv, lang):
    conv.store.put("people", ANNA, {"language": lang, "source": "mail", "since": "2025-01-01"})
    (ask,) = checks(conv.send(mail(ANNA, "Circular procurement group", UNSURE, name="Anna Bianchi")))
    assert YES[lang].upper() in body(ask) and "YES" in body(ask)
    out = conv.send(reply(ask, ANNA, f"{YES[lang]}\n\nAnna", name="Anna Bianchi"))
    assert sent_to(out, CIRC_FAC), f"{YES[lang]!r} did not carry the join out"
    assert [r["group"] for r in joins(conv)] == ["circular-procurement"]
