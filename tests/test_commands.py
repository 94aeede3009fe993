"""commands.py: staff commands by email (and their parser), one implementation for email and CLI."""

from __future__ import annotations


import pytest

from conversation import STAFF, Conversation, auth_header, authed, body, mail, one_to, reply, sent_to
from mailbot.commands import staff as cmds
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from test_corpus import corpus_dir

MARKET_FAC = "market.facilitator@barcelona.example"


@pytest.fixture
def conv(tmp_path):
    return Conversation(tmp_path)


def open_item(conv, frm="m.rossi@torino.example", text="Hello, what does the market group do these days?"):
    """A triage item (a staff forward of a question) and the staff notice announcing it."""
    raw = mail(STAFF, "Fwd: question", f"Can the bot answer this?\n\n---------- Forwarded message ---------\n"
               f"From: Marco Rossi <{frm}>\nDate: Mon, 23 Nov 2026 at 09:00\nSubject: question\n"
               f"To: <{STAFF}>\n\n{text}\n", auth=authed(STAFF))
    out = conv.send(raw)
    (item,) = [i for i in conv.triage() if i["status"] == "open"]
    return item, one_to(out, STAFF, f"[triage:{item['id']}]")


# -- the parser and registry ----------------------------------------------------------------

def test_every_command_has_one_interface():
    for name, c in cmds.COMMANDS.items():
        assert c.name == name and c.help and callable(c.run)
    for needed in ("join", "leave", "info", "reply", "assign", "participant add", "participant remove",
                   "approve", "ignore", "help"):
        assert needed in cmds.COMMANDS
    text = cmds.help_text()
    assert all(c.usage in text for c in cmds.COMMANDS.values())


def test_lookup_one_and_two_words():
    assert cmds.lookup(["Join", "circular-procurement"])[0].name == "join"
    c, args = cmds.lookup(["participants", "add", "x.example", "City", "of", "X"])
    assert c.name == "participant add" and args == ["x.example", "City", "of", "X"]
    assert cmds.lookup(["frobnicate"])[0] is None


def test_unknown_and_malformed_commands_get_clear_errors(tmp_path):
    conv = Conversation(tmp_path)
    work = wf.Work(conv.cfg, conv.store, conv.now, "t")
    r = cmds.execute("frobnicate now", work, actor=STAFF)
    assert not r.ok and "unknown command 'frobnicate'" in r.text and "participant add" in r.text
    r = cmds.execute("join", work, actor=STAFF)
    assert not r.ok and r.text == "usage: join <group>"
    r = cmds.execute("join circular-procurement", work, actor=STAFF)
    assert not r.ok and "needs a triage item" in r.text
    r = cmds.execute("participant add not_a_domain Foo", work, actor=STAFF)
    assert not r.ok and "not a domain" in r.text
    assert work.records == [] and work.outbox == []


# -- by email ---------------------------------------------------------------------------------

def test_help_by_email(conv):
    out = conv.send(mail(STAFF, "commands?", "help", auth=authed(STAFF)))
    assert "participant add <domain> <organisation>" in body(one_to(out, STAFF))


def test_unknown_command_on_an_item_is_an_error_and_the_item_stays_open(conv):
    item, notice = open_item(conv)
    out = conv.send(reply(notice, STAFF, "please call them back", auth=authed(STAFF)))
    err = one_to(out, STAFF, "Re:")
    assert "Not done" in body(err) and "unknown command 'please'" in body(err)
    assert conv.table(st.TRIAGE)[item["id"]]["status"] == "open"


def test_info_acts_for_the_original_sender(conv):
    item, notice = open_item(conv)
    out = conv.send(reply(notice, STAFF, "info", auth=authed(STAFF)))
    assert "Interest Groups" in body(one_to(out, "m.rossi@torino.example"))
    assert "sent 'info'" in body(one_to(out, STAFF, "Re:"))
    assert conv.table(st.TRIAGE)[item["id"]]["status"] == "resolved"


def test_reply_with_template_and_unknown_template(conv):
    item, notice = open_item(conv)
    out = conv.send(reply(notice, STAFF, "reply staff_triage", auth=authed(STAFF)))
    assert "unknown reply template" in body(one_to(out, STAFF, "Re:"))
    out = conv.send(reply(notice, STAFF, "reply join_not_participant", auth=authed(STAFF)))
    assert one_to(out, "m.rossi@torino.example")


def test_assign_hands_the_message_to_the_facilitator(conv):
    item, notice = open_item(conv)
    out = conv.send(reply(notice, STAFF, "assign no-such-group", auth=authed(STAFF)))
    assert "unknown group" in body(one_to(out, STAFF))
    out = conv.send(mail(STAFF, str(notice["Subject"]), "assign market-supplier-development", auth=authed(STAFF)))
    handed = one_to(out, MARKET_FAC)
    assert "what does the market group do" in body(handed)
    assert conv.table(st.TRIAGE)[item["id"]]["status"] == "assigned"
    out = conv.send(mail(STAFF, "Re: " + str(notice["Subject"]), "ignore", auth=authed(STAFF)))
    assert "already assigned" in body(one_to(out, STAFF))


def test_ignore_closes_the_item(conv):
    item, notice = open_item(conv)
    out = conv.send(reply(notice, STAFF, "ignore", auth=authed(STAFF)))
    assert len(out) == 1 and conv.table(st.TRIAGE)[item["id"]]["status"] == "ignored"


def test_leave_by_command(conv):
    conv.store.put(wf.MEMBERS, "market-supplier-development|m.rossi@torino.example", {
        "group": "market-supplier-development", "address": "m.rossi@torino.example", "name": "Marco Rossi",
        "organisation": "Comune di Torino", "since": "2025-01-01", "status": "active"})
    item, notice = open_item(conv, text="Please take me off the market group list.")
    out = conv.send(reply(notice, STAFF, "leave market-supplier-development", auth=authed(STAFF)))
    assert conv.table(wf.MEMBERS)["market-supplier-development|m.rossi@torino.example"]["status"] == "left"
    assert one_to(out, "m.rossi@torino.example") and one_to(out, MARKET_FAC)


def test_participant_add_and_remove_by_email(conv):
    out = conv.send(mail(STAFF, "roster", 'participant add wien.example "City of Vienna"', auth=authed(STAFF)))
    assert "added" in body(one_to(out, STAFF))
    assert conv.table("participants")["wien.example"]["organisation"] == "City of Vienna"
    conv.send(mail(STAFF, "roster", "participant remove wien.example", auth=authed(STAFF)))
    assert conv.table("participants")["wien.example"]["removed"]
    out = conv.send(mail(STAFF, "roster", "participant remove wien.example", auth=authed(STAFF)))
    assert "not on the roster" in body(one_to(out, STAFF))


def test_command_for_a_missing_item(conv):
    out = conv.send(mail(STAFF, "Re: [triage:deadbeef] x", "ignore", auth=authed(STAFF)))
    assert "no triage item deadbeef" in body(one_to(out, STAFF))


def test_staff_command_with_trusted_pass_is_accepted(conv):
    out = conv.send(mail(STAFF, "roster", "participant add graz.example Graz",
                         auth=[auth_header("pass", domain="procuraplus.example")]))
    assert "added" in body(one_to(out, STAFF))


def test_a_staff_join_request_in_prose_is_not_a_command(conv):
    out = conv.send(mail(STAFF, "Joining", "Hello, I would like to join the circular procurement group.", auth=authed(STAFF)))
    assert not [m for m in out if "Not done" in body(m)]


# -- real forwards from the corpus, wrapped as a staff forward -----------------------------------

FORWARDS = ["gmail_en_body.txt", "gmail_de_body.txt", "outlook_2013_en_body.txt", "apple_mail_fr_body.txt",
            "thunderbird_en_body.txt", "new_outlook_2019_it_body.txt", "yahoo_es_body.txt",
            "outlook_live_en_body.txt", "apple_mail_de_body.txt", "gmail_es_body.txt"]


@pytest.mark.corpus
def test_corpus_forwards_yield_the_original_author_in_triage_items(tmp_path):
    root = corpus_dir("email-forward-parser")
    files = [root / f for f in FORWARDS if (root / f).exists()]
    assert len(files) >= 6
    conv = Conversation(tmp_path)
    raws = []
    for i, f in enumerate(files):
        text = f.read_text(encoding="utf-8", errors="replace")
        raws.append(mail(STAFF, "Fwd: Integer consequat non purus", f"Please handle this one.\n\n{text}",
                         msgid=f"<fwd-{i}@procuraplus.example>", auth=authed(STAFF)))
    conv.send(*raws)
    items = conv.triage()
    assert len(items) == len(files)
    found = {i["message_id"]: i["acted_for"] for i in items}
    missing = [f.name for i, f in enumerate(files) if found.get(f"fwd-{i}@procuraplus.example") != "john.doe@acme.com"]
    assert not missing, missing
    # The triage notice names the original author, not the forwarder.
    for m in sent_to(conv.all_mail(), STAFF):
        assert "john.doe@acme.com" in body(m)
