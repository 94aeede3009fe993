"""The web side with Starlette's TestClient: the form, its checks, links, sessions, the dashboard.

The browser tests (test_web_browser.py) drive the same app in real Chromium;
these cover the rules one by one.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conversation import BOT, STAFF, mail
from webkit import CSRF, START, Web, body, link_in

from mailbot.workflows import proposals
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from mailbot.adapters.mailbox import MaildirMailbox
from mailbot.runtime.pipeline import Pipeline
from mailbot.adapters.transport import MaildirTransport
from mailbot.web import forms
from mailbot.web import i18n
from mailbot.runtime import webqueue as queue
from mailbot.schedule import reports
from mailbot.web.app import STAFF_PAGES
from mailbot.adapters.roview import ReadOnlyStore

ROOT = Path(__file__).resolve().parents[1]
FAC = "circular.facilitator@rotterdam.example"


@pytest.fixture
def web(tmp_path):
    return Web(tmp_path)


def store_of(w: Web) -> ReadOnlyStore:
    return ReadOnlyStore(w.cfg.path(w.cfg.store.path))


# -- the form ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_form_in_every_language(web, lang):
    r = web.client.get(f"/?lang={lang}")
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text
    words = i18n.words(lang)
    for key in ("title", "organisation", "name", "email", "groups", "topic", "message", "submit"):
        assert str(re.sub(r"[&<>\"']", "", words(key))) in r.text.replace("&#39;", "").replace("&amp;", "&")
    for g in web.cfg.groups:
        assert f'id="group-{g.slug}"' in r.text and f'for="group-{g.slug}"' in r.text


def test_form_language_from_accept_language(web):
    r = web.client.get("/", headers={"accept-language": "it-IT,it;q=0.9,en;q=0.5"})
    assert '<html lang="it">' in r.text


def test_validation_messages_sit_next_to_their_fields(web):
    r = web.submit(organisation="", name="", email="not-an-address", groups=[])
    assert r.status_code == 400
    html = r.text
    assert "There is a problem" in html
    for name in ("organisation", "name", "email"):
        assert f'id="{name}-error"' in html
        tag = re.search(rf'<input id="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in tag and f"{name}-error" in tag
    assert "This field is required." in html
    assert "Enter an email address like" in html
    assert 'id="groups-error"' in html and "Choose at least one group or propose a topic." in html
    assert not (web.tmp / "sent" / "new").exists() or not list((web.tmp / "sent" / "new").iterdir())


def test_validation_keeps_what_was_typed_and_escapes_it(web):
    r = web.submit(organisation='<script>alert(1)</script>', email="x", groups=["circular-procurement"])
    assert r.status_code == 400
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text
    assert re.search(r'id="group-circular-procurement"[^>]*checked', r.text)


@pytest.mark.parametrize("fields, field, words", [
    ({"groups": ["no-such-group"]}, "groups", "Choose a group from the list."),
    ({"organisation": "x" * 201}, "organisation", "at most 200 characters"),
    ({"email": BOT}, "email", "Enter your own email address."),
    ({"email": "procurement+abc@procuraplus.example"}, "email", "Enter your own email address."),
])
def test_validation_rules(web, fields, field, words):
    r = web.submit(**fields)
    assert r.status_code == 400
    assert f'id="{field}-error"' in r.text and words in r.text


def test_validation_in_german(web):
    r = web.submit(lang="de", email="kaputt", groups=[])
    assert r.status_code == 400 and "Geben Sie eine E-Mail-Adresse" in r.text and "Es gibt ein Problem" in r.text


def test_honeypot_is_answered_like_success_but_nothing_happens(web):
    r = web.submit(website="http://spam.example")
    assert r.status_code == 303 and r.headers["location"].startswith("/sent")
    assert web.all_mail() == []
    assert not queue.waiting(web.cfg)


def test_post_without_csrf_is_refused(web):
    r = web.client.post("/submit", data={"organisation": "X", "name": "Y", "email": "y@gent.example",
                                         "groups": "circular-procurement"})
    assert r.status_code == 403
    web.client.get("/")  # has the cookie now, but not the field
    assert web.submit(csrf="0" * 32).status_code == 403
    assert web.all_mail() == []


def test_csrf_token_is_bound_to_its_cookie(web, tmp_path):
    other = Web(tmp_path / "other")
    token = other.csrf("/")
    web.client.get("/")
    assert web.submit(csrf=token).status_code == 403


def test_rate_limit_per_address(tmp_path):
    w = Web(tmp_path, web={"submissions_per_address_per_hour": 2})
    assert w.submit().status_code == 303
    assert w.submit().status_code == 303
    r = w.submit()
    assert r.status_code == 429 and "Too many requests" in r.text
    assert w.submit(email="bob@gent.example").status_code == 303  # another address still may
    assert len(w.mail_to("ana@gent.example", "confirm")) == 2


def test_rate_limit_per_client(tmp_path):
    w = Web(tmp_path, web={"submissions_per_client_per_hour": 3})
    for i in range(3):
        assert w.submit(email=f"p{i}@gent.example").status_code == 303
    assert w.submit(email="p9@gent.example").status_code == 429


# -- confirmation -----------------------------------------------------------------------------------

def test_submit_confirm_then_the_same_pipeline_as_an_email(web):
    assert web.submit(message="We look forward to it.").status_code == 303
    (confirm,) = web.new_mail()
    assert confirm["To"].addresses[0].addr_spec == "ana@gent.example"
    assert "confirm" in confirm["Subject"].lower()
    link = link_in(confirm)
    page = web.client.get("/" + link.split("/", 3)[3])
    assert page.status_code == 200 and "Confirm my request" in page.text and "Circular procurement" in page.text
    assert web.new_mail() == []  # opening the link (a GET, e.g. a mail scanner) does nothing
    r = web.confirm(link)
    assert r.status_code == 200 and "Thank you" in r.text
    mails = web.new_mail()
    to = {m["To"].addresses[0].addr_spec: m for m in mails}
    assert FAC in to and "Join request for Circular procurement" in str(to[FAC]["Subject"])
    assert "City of Ghent" in body(to[FAC]) and "We look forward to it." in body(to[FAC])
    assert "ana@gent.example" in to  # the acknowledgement
    s = store_of(web)
    (req,) = [d for _, d in s.items(st.REQUESTS) if d.get("kind") == "join"]
    assert req["from"] == "ana@gent.example" and req["group"] == "circular-procurement" and req["status"] == "pending"
    (audit,) = [a for _, a in s.items(st.PROCESSED)]
    assert audit["intent"] == "join" and audit["rule"] == "join-participant"


def test_confirmation_link_works_once(web):
    web.submit()
    link = link_in(web.new_mail()[0])
    assert web.confirm(link).status_code == 200
    n = len(web.all_mail())
    again = web.confirm(link)
    assert again.status_code == 410 and "Already confirmed" in again.text
    assert len(web.all_mail()) == n
    assert len([1 for _ in store_of(web).items(st.PROCESSED)]) == 1


def test_confirmation_link_expires(tmp_path):
    w = Web(tmp_path, web={"confirm_hours": 2})
    w.submit()
    link = link_in(w.new_mail()[0])
    w.advance(hours=2, minutes=1)
    r = w.confirm(link)
    assert r.status_code == 410 and "does not work" in r.text
    assert w.new_mail() == []


def test_tampered_link_is_refused(web):
    web.submit()
    link = link_in(web.new_mail()[0])
    sid, exp, mac = link.rsplit("/", 1)[1].split(".")
    forged = link.rsplit("/", 1)[0] + f"/{sid}.{int(exp) + 86400}.{mac}"
    assert web.confirm(forged).status_code == 404
    assert web.confirm(link.rsplit("/", 1)[0] + f"/{sid}.{exp}.{'0' * 32}").status_code == 404


def test_a_proposal_and_a_join_become_two_messages(web):
    web.submit(lang="de", groups=["circular-procurement"], topic="Bio-Schulverpflegung")
    web.confirm(link_in(web.new_mail()[0]))
    s = store_of(web)
    intents = sorted(a["intent"] for _, a in s.items(st.PROCESSED))
    assert intents == ["join", "start_group"]
    (prop,) = [p for _, p in s.items(proposals.PROPOSALS)]
    assert prop["topic"] == "Bio-Schulverpflegung" and prop["backers"][0]["address"] == "ana@gent.example"


def test_form_message_is_a_real_rfc5322_message():
    from mailbot.core import config
    from mailbot.mail import parse as message

    cfg = config.load(ROOT / "config.toml")
    sub = forms.Submission("Ville de Paris", "Jean Dupont", "jean@paris.example", ("circular-procurement",), "",
                           "Bonjour", "fr")
    ((ident, raw),) = forms.messages(sub, cfg, "abc123", START, {"circular-procurement": "Circular procurement"})
    msg = message.parse(raw)
    assert msg.sender_addr == "jean@paris.example" and msg.to[0].addr == BOT
    assert msg.message_id == "web-abc123-join@procuraplus.example"
    assert "rejoindre le groupe d'intérêt « Circular procurement »" in msg.text and msg.language == "fr"


def test_non_participant_gets_the_same_answer_as_by_email(web):
    web.submit(email="someone@unknown-town.example", organisation="Unknown Town")
    web.confirm(link_in(web.new_mail()[0]))
    s = store_of(web)
    (audit,) = [a for _, a in s.items(st.PROCESSED)]
    assert audit["rule"] == "join-non-participant"


def test_pages_never_show_other_people(web):
    web.submit(email="ana@gent.example", organisation="City of Ghent", name="Ana Peeters")
    web.confirm(link_in(web.new_mail()[0]))
    for path in ("/", "/?lang=de", "/sent", "/staff/login"):
        text = web.client.get(path).text
        assert "ana@gent.example" not in text and "Ana Peeters" not in text and FAC not in text


# -- staff sign-in and sessions -----------------------------------------------------------------------

@pytest.mark.parametrize("path", STAFF_PAGES + ["/staff/triage/abc", "/staff/actions/x"])
def test_anonymous_staff_page_redirects_to_sign_in(web, path):
    r = web.client.get(path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/login"


@pytest.mark.parametrize("path", ["/staff/triage/abc/resolve", "/staff/proposals/x/approve", "/staff/digest/send"])
def test_anonymous_staff_post_is_refused(web, path):
    assert web.client.post(path, data={"csrf": web.csrf(), "line": "ignore"}).status_code == 403


def test_sign_in_only_for_staff_and_the_page_does_not_tell(web):
    a = web.client.post("/staff/login", data={"csrf": web.csrf("/staff/login"), "email": "x@gent.example"})
    b = web.client.post("/staff/login", data={"csrf": web.csrf("/staff/login"), "email": STAFF})
    assert a.status_code == b.status_code == 200
    assert re.sub(r'value="[^"]+"', "", a.text) == re.sub(r'value="[^"]+"', "", b.text)
    assert [str(m["To"]) for m in web.all_mail()] == [STAFF]


def test_sign_in_link_sets_a_safe_session_cookie_and_works_once(web):
    r = web.sign_in()
    assert r.status_code == 303 and r.headers["location"] == "/staff"
    cookie = r.headers["set-cookie"]
    assert "mb_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie  # plain http (a test client without TLS)
    assert web.client.get("/staff").status_code == 200
    link = link_in(web.mail_to(STAFF, "Sign in")[-1])
    web.client.cookies.clear()
    assert web.confirm(link).status_code == 404  # used
    assert web.client.get("/staff", follow_redirects=False).status_code == 303


def test_session_cookie_is_secure_over_https(tmp_path):
    w = Web(tmp_path, https=True)
    r = w.sign_in()
    assert "Secure" in r.headers["set-cookie"]


def test_session_cookie_secure_always_when_configured(tmp_path):
    w = Web(tmp_path, web={"secure_cookies": "always"})  # e.g. TLS ends at a proxy that sends no X-Forwarded-Proto
    r = w.client.get("/staff/login")
    assert "mb_csrf=" in r.headers["set-cookie"] and "Secure" in r.headers["set-cookie"]
    w.client.base_url = w.client.base_url.copy_with(scheme="https")
    assert "Secure" in w.sign_in().headers["set-cookie"]


def test_sign_in_link_expires(tmp_path):
    w = Web(tmp_path, web={"login_minutes": 10})
    w.client.post("/staff/login", data={"csrf": w.csrf("/staff/login"), "email": STAFF})
    link = link_in(w.mail_to(STAFF, "Sign in")[-1])
    w.advance(minutes=11)
    assert w.confirm(link).status_code == 404


def test_session_expires_and_sign_out_ends_it(tmp_path):
    w = Web(tmp_path, web={"session_hours": 1})
    w.sign_in()
    assert w.client.get("/staff").status_code == 200
    w.advance(minutes=61)
    assert w.client.get("/staff", follow_redirects=False).status_code == 303
    w.advance(minutes=1)
    w.sign_in()
    r = w.client.post("/staff/logout", data={"csrf": w.csrf("/staff/login")}, follow_redirects=False)
    assert r.status_code == 303
    assert w.client.get("/staff", follow_redirects=False).status_code == 303


def test_security_headers(web):
    r = web.client.get("/")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["referrer-policy"] == "no-referrer" and r.headers["x-frame-options"] == "DENY"
    web.sign_in()
    assert web.client.get("/staff").headers["cache-control"] == "no-store"


# -- the dashboard ------------------------------------------------------------------------------------

def _triage_item(w: Web, raw: bytes) -> str:
    s = st.Store(w.cfg.path(w.cfg.store.path))
    mbox = MaildirMailbox(w.tmp / "mail", "mailbot/processed", "mailbot/triage")
    mbox.deliver(raw)
    Pipeline(w.cfg, s, mbox, MaildirTransport(w.tmp / "sent"), clock=lambda: w.now).cycle()
    s.close()
    items = [d for _, d in store_of(w).items(st.TRIAGE) if d.get("status") == "open"]
    return items[-1]["id"]


FORWARD = """Please handle this one.

---------- Forwarded message ---------
From: Marta Rossi <marta.rossi@gent.example>
Date: Mon, 23 Nov 2026 at 09:12
Subject: Circular procurement group
To: <secretariat@procuraplus.example>

Hello, we would like to join the Circular procurement Interest Group. Best, Marta
"""


def test_staff_resolve_a_triage_item_with_the_email_commands(web):
    tid = _triage_item(web, mail(STAFF, "Fwd: Circular procurement group", FORWARD))
    web.sign_in()
    page = web.client.get(f"/staff/triage/{tid}")
    assert page.status_code == 200 and "marta.rossi@gent.example" in page.text
    assert "join circular-procurement" in page.text
    web.new_mail()
    r = web.client.post(f"/staff/triage/{tid}/resolve", data={"csrf": web.csrf("/staff"),
                                                               "line": "join circular-procurement"})
    assert r.status_code == 200 and "Done" in r.text and "join request" in r.text
    to = {m["To"].addresses[0].addr_spec: m for m in web.new_mail()}
    assert FAC in to and "marta.rossi@gent.example" in to
    s = store_of(web)
    item = s.get(st.TRIAGE, tid)
    assert item["status"] == "resolved" and item["resolved_by"] == STAFF
    (act,) = [a for _, a in s.items(queue.WEB_ACTIONS) if a.get("action") == "command"]
    assert act["actor"] == STAFF and act["ok"] and act["item"] == tid
    audit = web.client.get("/staff/audit").text
    assert "join circular-procurement" in audit and "signed in" in audit


def test_staff_command_errors_are_shown_not_swallowed(web):
    tid = _triage_item(web, mail("who@nowhere.example", "hmm", "Lorem ipsum dolor sit amet."))
    web.sign_in()
    r = web.client.post(f"/staff/triage/{tid}/resolve", data={"csrf": web.csrf("/staff"), "line": "frobnicate"})
    assert "Not done" in r.text and "unknown command" in r.text
    assert store_of(web).get(st.TRIAGE, tid)["status"] == "open"


def test_resolve_without_csrf_is_refused_even_when_signed_in(web):
    tid = _triage_item(web, mail("who@nowhere.example", "hmm", "Lorem ipsum dolor sit amet."))
    web.sign_in()
    r = web.client.post(f"/staff/triage/{tid}/resolve", data={"line": "ignore"})
    assert r.status_code == 403
    assert store_of(web).get(st.TRIAGE, tid)["status"] == "open"


def test_every_dashboard_page_renders(web):
    web.submit()
    web.confirm(link_in(web.new_mail()[0]))
    _triage_item(web, mail(STAFF, "Fwd: Circular procurement group", FORWARD))
    web.sign_in()
    for path in STAFF_PAGES:
        r = web.client.get(path)
        assert r.status_code == 200, path
        assert r.text.count("<h1") == 1, path
    assert "ana@gent.example" in web.client.get("/staff/requests").text
    assert "City of Ghent" in web.client.get("/staff/participants").text
    assert "Pieter de Vries" in web.client.get("/staff/groups").text or FAC in web.client.get("/staff/groups").text
    rep = web.client.get("/staff/reports?format=json").json()
    assert {"facilitators", "groups", "participation", "requests", "requests_summary"} <= set(rep)
    assert web.client.get("/staff/reports?format=csv").text.startswith("# facilitators")
    # the network's rules per group on the dashboard too (issue 15)
    assert all({"viable", "meetings_minimum", "days_limit", "term_end"} <= set(g) for g in rep["groups"])
    page = web.client.get("/staff/reports").text
    assert "Viable" in page and "Minimum" in page and "Day limit" in page


def test_digest_compiled_reviewed_and_sent_once(web):
    s = st.Store(web.cfg.path(web.cfg.store.path))
    s.put(wf.MEMBERS, "circular-procurement|ana@gent.example", {"group": "circular-procurement",
          "address": "ana@gent.example", "name": "Ana", "organisation": "City of Ghent", "status": "active"})
    s.put(reports.UPDATES, "u1", {"group": "circular-procurement", "from": FAC, "at": "2026-10-02T09:00:00+00:00",
                                  "text": "We met in Rotterdam and compared circular furniture tenders."})
    s.put(reports.UPDATES, "old", {"group": "circular-procurement", "at": "2025-03-01", "text": "Old news."})
    s.close()
    web.sign_in()
    page = web.client.get("/staff/digest")
    assert "circular furniture tenders" in page.text and "Old news" not in page.text
    r = web.client.post("/staff/digest/send", data={"csrf": web.csrf("/staff"), "period": "2026-H2",
                                                     "intro": "Season's greetings."})
    assert "Done" in r.text
    got = web.mail_to("ana@gent.example", "network update")
    assert len(got) == 1 and "circular furniture tenders" in body(got[0]) and "Season's greetings." in body(got[0])
    assert len(got[0]["To"].addresses) == 1  # one mail each: nobody sees the others' addresses
    r = web.client.post("/staff/digest/send", data={"csrf": web.csrf("/staff"), "period": "2026-H2"})
    assert "already sent" in r.text
    assert len(web.mail_to("ana@gent.example", "network update")) == 1


def test_digest_tolerates_an_empty_updates_table(web):
    web.sign_in()
    page = web.client.get("/staff/digest")
    assert page.status_code == 200 and "No updates were received" in page.text


# -- reports --------------------------------------------------------------------------------------------

def _report_store(tmp_path, cfg):
    s = st.Store(tmp_path / "r.json")
    for addr, org in (("ana@gent.example", "City of Ghent"), ("bo@rotterdam.example", "City of Rotterdam")):
        s.put(wf.MEMBERS, f"circular-procurement|{addr}", {"group": "circular-procurement", "address": addr,
              "name": "", "organisation": org, "status": "active", "since": "2026-01-01"})
    s.put(wf.MEMBERS, "market-supplier-development|bo@rotterdam.example", {"group": "market-supplier-development",
          "address": "bo@rotterdam.example", "organisation": "City of Rotterdam", "status": "active"})
    s.put(wf.MEMBERS, "circular-procurement|gone@gent.example", {"group": "circular-procurement",
          "address": "gone@gent.example", "status": "left"})
    s.put("meetings", "m1@x", {"uid": "m1@x", "group": "circular-procurement", "start": "2026-03-19T14:00",
                               "tz": "Europe/Brussels", "duration": 120, "format": "web", "status": "planned"})
    s.put("attendance", "m1@x|ana@gent.example", {"group": "circular-procurement", "uid": "m1@x",
                                                 "address": "ana@gent.example", "partstat": "ACCEPTED"})
    s.put(st.REQUESTS, "r1", {"id": "r1", "kind": "join", "group": "circular-procurement", "status": "confirmed",
                              "created": "2026-03-01T10:00:00+00:00", "answered_at": "2026-03-04T10:00:00+00:00"})
    s.put(st.REQUESTS, "r2", {"id": "r2", "kind": "join", "group": "circular-procurement", "status": "pending",
                              "created": "2026-11-15T10:00:00+00:00"})
    s.put(st.REQUESTS, "r3", {"id": "r3", "kind": "join", "group": "circular-procurement", "status": "declined",
                              "created": "2026-05-01T10:00:00+00:00", "answered_at": "2026-05-02T10:00:00+00:00"})
    return s


def test_reports_groups_participation_requests(tmp_path):
    from mailbot.core import config

    cfg = config.load(ROOT / "config.toml")
    # groups without a term plan this and next calendar year (the shipped ones start in 2027)
    cfg = cfg.model_copy(update={"groups": [g.model_copy(update={"term_start": None}) for g in cfg.groups]})
    s = _report_store(tmp_path, cfg)
    rep = reports.everything(s, cfg, START)
    g = {r["group"]: r for r in rep["groups"]}
    assert g["circular-procurement"]["members"] == 2  # the one who left does not count
    # Meetings held are the stored ones in the past (the scheduler keeps them); the plan adds the future.
    assert g["circular-procurement"]["meetings_held"] == 1 and g["circular-procurement"]["meeting_days"] >= 0.25
    early = reports.groups(s, cfg, START.replace(month=1, day=5))
    assert {r["group"]: r["meetings_planned"] for r in early}["market-supplier-development"] >= 4  # quarterly
    part = {r["address"]: r for r in rep["participation"]}
    assert set(part) == {"ana@gent.example", "bo@rotterdam.example"}
    assert part["bo@rotterdam.example"]["days"] > part["ana@gent.example"]["days"]  # two groups
    assert all(r["limit"] == cfg.scheduler.max_days_per_year for r in rep["participation"])
    assert part["ana@gent.example"]["days_accepted"] == 0.25 and part["bo@rotterdam.example"]["days_accepted"] == 0
    (summ,) = rep["requests_summary"]
    assert summ["requests"] == 3 and summ["pending"] == 1 and summ["confirmed"] == 1 and summ["declined"] == 1
    assert summ["median_response_days"] == 2.0 and summ["max_response_days"] == 3.0
    assert summ["oldest_pending_days"] == 10.0
    from mailbot.core.view import SeededView
    from mailbot.workflows import roster

    view = SeededView(s, roster.seed_records(cfg))  # the roster as seeded from the config
    fac = {r["group"]: r for r in reports.facilitators(view, cfg, START.replace(month=1, day=5))}
    # The discount needs the two meetings *held* (issue 15), and a viable group: not in January.
    assert fac["circular-procurement"]["organisation"] == "City of Rotterdam"
    assert fac["circular-procurement"]["eligible"] is False
    assert "0 of 2 meetings held" in fac["circular-procurement"]["reason"]
    # In late November one meeting was held and the group has two members: not eligible, and why.
    fac = {r["group"]: r for r in reports.facilitators(view, cfg, START)}
    why = fac["circular-procurement"]["reason"]
    assert fac["circular-procurement"]["eligible"] is False and "1 of 2 meetings held" in why and "not viable" in why
    assert g["circular-procurement"]["viable"] is False and g["circular-procurement"]["meetings_minimum"] == 2
    # a third participant and a second meeting held: viable, and the facilitator qualifies
    s.put(wf.MEMBERS, "circular-procurement|cy@lyon.example", {"group": "circular-procurement",
          "address": "cy@lyon.example", "organisation": "City of Lyon", "status": "active"})
    s.put("meetings", "m2@x", {"uid": "m2@x", "group": "circular-procurement", "start": "2026-10-15T14:00",
                               "tz": "Europe/Brussels", "duration": 90, "format": "web", "status": "planned"})
    fac = {r["group"]: r for r in reports.facilitators(view, cfg, START)}
    assert fac["circular-procurement"]["eligible"] is True, fac["circular-procurement"]["reason"]
    assert {r["group"]: r for r in reports.groups(view, cfg, START)}["circular-procurement"]["viable"] is True
    s.close()


def test_strategic_partner_facilitator_gets_no_participant_fee_discount(tmp_path):
    from mailbot.core import config
    from mailbot.core.view import SeededView
    from mailbot.workflows import roster

    cfg = config.load(ROOT / "config.toml")
    g0 = cfg.group("circular-procurement").model_copy(update={"facilitator": "fac@sppa.example", "term_start": None})
    cfg = cfg.model_copy(update={"groups": [g0]})
    s = _report_store(tmp_path, cfg)
    for addr, org in (("cy@lyon.example", "City of Lyon"), ("fac@sppa.example", "SPPA")):
        s.put(wf.MEMBERS, f"circular-procurement|{addr}", {"group": "circular-procurement", "address": addr,
              "organisation": org, "status": "active"})
    s.put("meetings", "m2@x", {"uid": "m2@x", "group": "circular-procurement", "start": "2026-10-15T14:00",
                               "tz": "Europe/Brussels", "duration": 90, "format": "web", "status": "planned"})
    (row,) = reports.facilitators(SeededView(s, roster.seed_records(cfg)), cfg, START)
    assert row["eligible"] is False and "strategic-partner" in row["reason"], row
    s.close()


def test_facilitator_not_eligible_when_not_a_participant(tmp_path):
    from mailbot.core import config

    cfg = config.load(ROOT / "config.toml")
    g0 = cfg.groups[0].model_copy(update={"facilitator": "someone@consultancy.example"})
    cfg = cfg.model_copy(update={"groups": [g0] + list(cfg.groups[1:])})
    s = st.Store(tmp_path / "r.json")
    (row,) = [r for r in reports.facilitators(s, cfg, START) if r["group"] == g0.slug]
    assert row["eligible"] is False and "not on the roster" in row["reason"]


def test_report_command_json_and_csv(tmp_path):
    from mailbot.cli import main as cli
    from mailbot.core import config

    cfg_path = tmp_path / "config.toml"
    cfg_path.write_text((ROOT / "config.toml").read_text().replace('path = "var/mailbot.json"',
                                                                    f'path = "{tmp_path / "r.json"}"'))
    _report_store(tmp_path, config.load(cfg_path)).close()
    out = subprocess.run([sys.executable, "-m", "mailbot", "--config", str(cfg_path), "report", "--json",
                          "--now", "2026-11-25"], capture_output=True, text=True, check=True).stdout
    rep = json.loads(out)
    assert rep["year"] == 2026 and len(rep["requests"]) == 3
    out = subprocess.run([sys.executable, "-m", "mailbot", "--config", str(cfg_path), "report", "--csv",
                          "--section", "requests_summary", "--now", "2026-11-25"],
                         capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("group,requests,confirmed") and lines[1].startswith("circular-procurement,3,1,1")
    text = subprocess.run([sys.executable, "-m", "mailbot", "--config", str(cfg_path), "report", "--now",
                           "2026-11-25"], capture_output=True, text=True, check=True).stdout
    assert "Facilitators and the 50% participant-fee discount" in text and "Participation days" in text


# -- the read-only view ----------------------------------------------------------------------------------

def test_read_only_view_follows_the_writer(tmp_path):
    s = st.Store(tmp_path / "s.json")
    s.put("t", "a", {"n": 1})
    v = ReadOnlyStore(tmp_path / "s.json")
    assert v.get("t", "a") == {"n": 1}
    s.put("t", "b", {"n": 2})
    tx = st.Transaction()
    tx.delete("t", "a")
    s.commit(tx)
    v.refresh()
    assert v.get("t", "a") is None and v.get("t", "b") == {"n": 2}
    # A commit in progress (no newline yet) is not read; it is once complete.
    with open(tmp_path / "s.json", "ab") as fh:
        fh.write(b'{"tx":[["t","c",{"n":3}]]')
    v.refresh()
    assert v.get("t", "c") is None
    with open(tmp_path / "s.json", "ab") as fh:
        fh.write(b"}\n")
    v.refresh()
    assert v.get("t", "c") == {"n": 3}
    # Compaction replaces the file: a new inode means a full reload.
    s2 = st.Store(tmp_path / "s.json")
    s2.storage._compact()
    s2.put("t", "d", {"n": 4})
    v.refresh()
    assert v.get("t", "d") == {"n": 4} and v.get("t", "c") == {"n": 3}
    assert v.path.read_bytes() == (tmp_path / "s.json").read_bytes()  # it never wrote


# -- one writer at a time: the bot and the web app at once ------------------------------------------------

def _wait(pred, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_daemon_and_web_at_once_lose_no_update(tmp_path):
    """`mailbot run` (another process, holding the store) and the web app act at the same time:
    emails keep arriving while people submit and confirm forms and staff sign in. The web
    process never writes the store; it queues, and the daemon applies. Nothing is lost."""
    from mailbot.core import config

    (tmp_path / "config.toml").write_text((ROOT / "config.toml").read_text())
    cfg = config.load(tmp_path / "config.toml")
    cfg = cfg.model_copy(update={"mailbox": cfg.mailbox.model_copy(update={"poll_interval": 0.2})})
    env = dict(os.environ, MAILBOT_TOKEN_SECRET="test-secret-for-both-processes")
    os.environ["MAILBOT_TOKEN_SECRET"] = env["MAILBOT_TOKEN_SECRET"]
    daemon = subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(tmp_path / "config.toml"),
                               "--log-level", "WARNING", "run", "--poll", "0.2"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait(lambda: (tmp_path / "var" / "mailbot.json").exists(), 30)
        from webkit import TestClient, create_app

        w = Web.__new__(Web)
        w.tmp, w.now, w.cfg, w._seen = tmp_path / "var", START, cfg, set()
        w.now = __import__("datetime").datetime.now(__import__("datetime").timezone.utc)
        w.app = create_app(cfg)
        w.client = TestClient(w.app)
        inbox = MaildirMailbox(tmp_path / "var" / "mail", "mailbot/processed", "mailbot/triage")
        n = 12

        def emails():
            for i in range(n):
                inbox.deliver(mail(f"mail{i}@rotterdam.example", "Joining",
                                   "Hello, we would like to join the Circular procurement Interest Group."))
                time.sleep(0.03)

        t = threading.Thread(target=emails)
        t.start()
        for i in range(n):
            assert w.submit(email=f"form{i}@gent.example").status_code == 303
        t.join()
        # The daemon held the lock: the web queued its changes and the daemon applied them.
        assert _wait(lambda: len(w.mail_to("gent.example", "confirm")) == n)
        links = [link_in(m) for m in w.mail_to("gent.example", "confirm")]
        for link in links:
            assert w.confirm(link).status_code == 200
        w.client.post("/staff/login", data={"csrf": w.csrf("/staff/login"), "email": STAFF})
        assert _wait(lambda: w.mail_to(STAFF, "Sign in"))
        assert w.confirm(link_in(w.mail_to(STAFF, "Sign in")[0])).status_code == 303
        v = ReadOnlyStore(tmp_path / "var" / "mailbot.json")

        def done():
            v.refresh()
            joins = [d for _, d in v.items(st.REQUESTS) if d.get("kind") == "join"]
            return len(joins) == 2 * n and not queue.waiting(cfg) and not inbox.pending()

        assert _wait(done), "not everything was applied"
        joins = [d for _, d in v.items(st.REQUESTS) if d.get("kind") == "join"]
        assert {d["from"] for d in joins} == {f"form{i}@gent.example" for i in range(n)} | \
            {f"mail{i}@rotterdam.example" for i in range(n)}
        assert v.count(st.PROCESSED) == 2 * n
        assert any(a.get("action") == "signed in" for _, a in v.items(queue.WEB_ACTIONS))
        assert _wait(lambda: len(w.mail_to(FAC, "Join request")) == 2 * n)
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=30)
        os.environ.pop("MAILBOT_TOKEN_SECRET", None)
    assert daemon.returncode == 0, err.decode()[-2000:]


def test_links_in_mail_use_the_port_the_server_runs_on(tmp_path):
    """`mailbot web --port 18025` mails links to 18025, not to web.port; --base-url wins over both."""
    from webkit import Web as _Web

    from mailbot.core.config import base_url
    from mailbot.cli.web import serving

    cfg = _Web(tmp_path).cfg
    assert base_url(serving(cfg, None, 18025, None)) == "http://127.0.0.1:18025"
    assert base_url(serving(cfg, "0.0.0.0", 9000, None)) == "http://0.0.0.0:9000"
    assert base_url(serving(cfg, None, 18025, "https://groups.example/")) == "https://groups.example"
    kept = cfg.model_copy(update={"web": cfg.web.model_copy(update={"base_url": "https://public.example"})})
    assert base_url(serving(kept, None, 18025, None)) == "https://public.example"


# -- the dashboard reads like a product -------------------------------------------------------------

def test_dashboard_values_are_human(web):
    web.submit()
    web.confirm(link_in(web.new_mail()[0]))
    web.sign_in()
    for path in ("/staff/requests", "/staff/reports", "/staff/outbox", "/staff/audit", "/staff/triage"):
        text = web.client.get(path, headers={"accept-language": "de-DE,de;q=0.9"}).text
        assert ">False<" not in text and ">True<" not in text and ">None<" not in text, path
        assert "['" not in text, path  # no Python list
        assert not re.search(r"\d\d:\d\d:\d\d\.\d{3,}", text), path  # no microseconds
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), path  # no raw ISO timestamps
    reports_page = web.client.get("/staff/reports").text
    assert "limit of  days" not in reports_page
    assert "limit of 2 days" in reports_page  # 2.0 in the config, written as people write it
    outbox = web.client.get("/staff/outbox", headers={"accept-language": "de"}).text
    assert re.search(r"\d{2}\.\d{2}\.\d{4}", outbox)  # dates in the reader's (German) locale


def test_error_summary_names_the_fields(web):
    r = web.submit(organisation="", name="", email="")
    summary = r.text.split('class="error-summary"')[1].split("</div>")[0]
    for label in ("Organisation", "Your name", "Email address"):
        assert label in summary
    r = web.submit(lang="de", organisation="", name="", email="")
    summary = r.text.split('class="error-summary"')[1].split("</div>")[0]
    assert "Ihr Name" in summary and "E-Mail-Adresse" in summary
    assert "<title>Fehler: " in r.text  # the page title says so in the form's language too
    assert "<title>Błąd: " in web.submit(lang="pl", organisation="").text


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_form_shows_the_groups_in_its_language(web, lang):
    text = web.client.get(f"/?lang={lang}").text
    for g in web.cfg.groups:
        tr = g.translations.get(lang)
        name = tr.name if tr and lang != "en" else g.name
        desc = tr.description if tr and lang != "en" else g.description
        assert name.replace("’", "&#39;") in text.replace("’", "&#39;") or name in text
        assert desc[:40] in text.replace("&#39;", "'")
        if lang != "en":
            assert g.description[:40] not in text


def test_empty_digest_offers_nothing_to_send(web):
    web.sign_in()
    page = web.client.get("/staff/digest").text
    assert "nothing to send" in page and "/staff/digest/send" not in page


def _many_triage_items(web, n):
    s = st.Store(web.cfg.path(web.cfg.store.path))
    for i in range(n):
        s.put(st.TRIAGE, f"t{i:04d}", {"id": f"t{i:04d}", "status": "open" if i % 2 else "resolved",
                                        "reason": "intent not recognised", "created": f"2026-11-{1 + i % 20:02d}T10:00:00+00:00",
                                        "from": f"person{i}@city.example", "subject": f"Question {i}", "proposed": "ignore"})
    s.close()


def test_triage_is_paginated_and_filtered(web):
    _many_triage_items(web, 130)
    web.sign_in()
    first = web.client.get("/staff/triage?status=all").text
    assert first.count('href="/staff/triage/t') == 50 and "1–50 of 130" in first and 'rel="next"' in first
    last = web.client.get("/staff/triage?status=all&page=3").text
    assert last.count('href="/staff/triage/t') == 30
    open_only = web.client.get("/staff/triage").text
    assert "65 item(s)" in open_only
    one = web.client.get("/staff/triage?status=all&q=person7%40").text
    assert one.count('href="/staff/triage/t') == 1 and "person7@city.example" in one


def test_audit_outbox_requests_have_filters_and_pages(web):
    for i in range(3):
        web.submit(email=f"ana{i}@gent.example")
    for m in web.new_mail():
        web.confirm(link_in(m))
    web.sign_in()
    audit = web.client.get("/staff/audit?kind=message").text
    assert 'name="kind"' in audit and 'name="q"' in audit and "staff (web)</td>" not in audit
    assert "ana1@gent.example" in web.client.get("/staff/audit?q=ana1").text
    assert "ana2@gent.example" not in web.client.get("/staff/audit?q=ana1").text
    out = web.client.get("/staff/outbox?q=ana0").text
    assert 'name="q"' in out and "ana1@gent.example" not in out
    req = web.client.get("/staff/requests?q=ana2").text
    assert 'name="group"' in req and "ana2@gent.example" in req and "ana1@gent.example" not in req


def test_outbox_page_sends_a_failed_mail_again(web):
    """The dashboard's button on a delivery failure runs `retry` on its triage item
    (the same command as by mail and `mailbot outbox retry`)."""
    from mailbot.mail import queue as mailq

    s = st.Store(web.cfg.path(web.cfg.store.path))
    key = "m1@x|reply|join_ack|ana@gent.example"
    tid = mailq.new_failure_triage_id()  # random; the failed entry keeps it (runtime/outbox._record)
    s.put(st.OUTBOX, key, {"key": key, "to": ["ana@gent.example"], "raw": "Subject: Hello\r\n\r\nhi",
                           "status": "failed", "attempts": 10, "created": web.now.isoformat(),
                           "last_error": "554 5.7.1 relay denied", "triage_id": tid})
    s.put(st.TRIAGE, tid, {"id": tid, "status": "open", "reason": "delivery failure", "proposed": "retry",
                           "outbox_key": key, "created": web.now.isoformat()})
    s.close()
    web.sign_in()
    page = web.client.get("/staff/outbox")
    assert f'action="/staff/triage/{tid}/resolve"' in page.text and "Send again" in page.text
    r = web.client.post(f"/staff/triage/{tid}/resolve", data={"csrf": CSRF.search(page.text).group(1),
                                                             "line": "retry"}, follow_redirects=True)
    assert r.status_code == 200
    after = store_of(web)
    assert after.get(st.TRIAGE, tid)["status"] == "resolved"
    assert after.get(st.OUTBOX, key) is None or after.get(st.OUTBOX, key)["status"] != "failed"
