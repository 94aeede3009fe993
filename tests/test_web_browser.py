"""The web side in real headless Chromium (Debian's chromium, driven by Playwright).

The app runs on uvicorn on a free loopback port, in a thread, over a fresh
mailbot (Maildir in, Maildir sink out): no daemon, so the app applies its
own queue. Every page visited is checked with axe-core and must have no
violations. Without chromium (or playwright/axe) these tests skip; under
CI=true they fail instead.
"""

from __future__ import annotations

import email
import os
import re
from datetime import datetime, timezone
from email import policy
from pathlib import Path

import pytest

import browserkit
from conversation import STAFF, make_cfg, mail

from mailbot.adapters import factory as adapters
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from mailbot.adapters.mailbox import MaildirMailbox
from mailbot.runtime.pipeline import Pipeline
from mailbot.schedule import reports
from mailbot.web.app import STAFF_PAGES, create_app

FAC = "circular.facilitator@rotterdam.example"
FORWARD = """Could you handle this?

---------- Forwarded message ---------
From: Marta Rossi <marta.rossi@gent.example>
Date: Mon, 23 Nov 2026 at 09:12
Subject: Circular procurement group
To: <secretariat@procuraplus.example>

Hello, we would like to join the Circular procurement Interest Group. Best regards, Marta
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    why = browserkit.missing()
    if why:
        _unavailable(why)
    with browserkit.browser() as b:
        yield b


class Site:
    def __init__(self, tmp: Path, base: str, cfg):
        self.tmp, self.base, self.cfg = tmp, base, cfg

    def mail(self) -> list:
        d = self.tmp / "sent" / "new"
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(d.iterdir())] \
            if d.exists() else []

    def mail_to(self, addr: str, subject: str = "") -> list:
        return [m for m in self.mail() if addr in str(m["To"]) and subject in str(m["Subject"])]

    def link(self, m) -> str:
        text = m.get_body(("plain",)).get_content()
        return re.search(r"http://\S+/(?:confirm|staff/login)/\S+", text).group(0)

    def store(self):
        from mailbot.adapters.roview import ReadOnlyStore

        return ReadOnlyStore(self.cfg.path(self.cfg.store.path))

    def bot_receives(self, raw: bytes) -> None:
        """An email arrives and the bot runs one cycle (holding the lock file, as `mailbot once`)."""
        with adapters.exclusive(self.cfg):
            s = adapters.open_store(self.cfg)
            mbox = MaildirMailbox(self.tmp / "mail", "mailbot/processed", "mailbot/triage")
            mbox.deliver(raw)
            Pipeline(self.cfg, s, mbox, adapters.open_transport(self.cfg)).cycle()
            s.close()


@pytest.fixture
def site(tmp_path):
    port = browserkit.free_port()
    cfg = make_cfg(tmp_path)
    cfg = cfg.model_copy(update={"web": cfg.web.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})})
    with browserkit.serve(create_app(cfg), port) as base:
        yield Site(tmp_path, base, cfg)


@pytest.fixture
def page(chromium):
    ctx = chromium.new_context()
    p = ctx.new_page()
    yield p
    ctx.close()


def assert_accessible(page, what: str) -> None:
    violations = browserkit.axe(page)
    assert violations == [], f"axe-core on {what} ({page.url}): {violations}"


def h1(page) -> str:
    return page.locator("h1").inner_text()


# -- the public form ----------------------------------------------------------------------------

def test_form_confirmation_mail_link_then_facilitator_request(site, page):
    page.goto(site.base + "/?lang=de")
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page, "the form (de)")
    page.get_by_label("Organisation", exact=True).fill("Stadt Gent")
    page.get_by_label("Ihr Name").fill("Ana Peeters")
    page.get_by_label("E-Mail-Adresse").fill("ana@gent.example")
    page.get_by_label("Circular procurement").check()
    page.get_by_label("Nachricht (optional)").fill("Wir freuen uns auf die Zusammenarbeit.")
    page.get_by_role("button", name="Senden").click()
    assert h1(page) == "Bitte prüfen Sie Ihr Postfach"
    assert_accessible(page, "the check-your-email page")
    (confirm,) = site.mail_to("ana@gent.example")
    assert "bestätigen" in str(confirm["Subject"])
    page.goto(site.link(confirm))
    assert h1(page) == "Anfrage bestätigen"
    assert_accessible(page, "the confirmation page")
    assert not site.mail_to(FAC)  # opening the link changes nothing
    page.get_by_role("button", name="Anfrage bestätigen").click()
    assert h1(page) == "Vielen Dank"
    assert_accessible(page, "the confirmed page")
    (req,) = site.mail_to(FAC, "Join request for Circular procurement")
    assert "Wir freuen uns auf die Zusammenarbeit." in req.get_body(("plain",)).get_content()
    assert site.mail_to("ana@gent.example", "Interessenformular")  # the acknowledgement, in German
    page.goto(site.link(confirm))
    assert h1(page) == "Bereits bestätigt"
    assert_accessible(page, "the already-confirmed page")


def test_form_by_keyboard_alone_with_visible_focus(site, page):
    page.goto(site.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()  # the skip link shows when focused
    page.locator("#organisation").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "solid" and width == "3px"
    page.keyboard.type("City of Ghent")
    page.keyboard.press("Tab")
    page.keyboard.type("Ana Peeters")
    page.keyboard.press("Tab")
    page.keyboard.type("ana@gent.example")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"group-{site.cfg.groups[0].slug}"
    page.keyboard.press("Space")
    for _ in range(len(site.cfg.groups) + 2):  # the other groups, the topic, the message
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"  # the honeypot is not in the tab order
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert h1(page) == "Check your email"
    assert site.mail_to("ana@gent.example", "confirm")


def test_validation_errors_in_the_browser(site, page):
    page.goto(site.base + "/")
    page.get_by_label("Email address").fill("nope")
    page.get_by_role("button", name="Send").click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert "email-error" in page.locator("#email").get_attribute("aria-describedby")
    assert_accessible(page, "the form with errors")
    page.locator(".error-summary a[href='#email']").click()
    assert page.evaluate("location.hash") == "#email"


@pytest.mark.parametrize("lang", ["en", "fr", "es", "it"])
def test_form_accessible_in_every_language(site, page, lang):
    page.goto(f"{site.base}/?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page, f"the form ({lang})")


def test_post_without_csrf_is_refused(site, page):
    r = page.request.post(site.base + "/submit", form={"organisation": "X", "name": "Y", "email": "y@gent.example",
                                                       "groups": "circular-procurement"})
    assert r.status == 403
    # A form on another site posting here: no token, and the SameSite cookie is not sent.
    page.goto(site.base + "/")
    page.set_content(f"""<html lang="en"><body><main><form method="post" action="{site.base}/submit">
        <input name="organisation" value="X"><input name="name" value="Y"><input name="email" value="y@gent.example">
        <input name="groups" value="circular-procurement"><button>go</button></form></main></body></html>""")
    with page.expect_navigation():
        page.click("button")
    assert h1(page) == "Please try again"
    assert_accessible(page, "the refused-post page")
    assert site.mail() == []


# -- the staff dashboard --------------------------------------------------------------------------

def test_anonymous_visits_to_staff_pages_are_refused(site, page):
    for path in STAFF_PAGES:
        r = page.request.get(site.base + path, max_redirects=0)
        assert r.status == 303 and r.headers["location"] == "/staff/login", path
        page.goto(site.base + path)
        assert page.url == site.base + "/staff/login", path
    assert_accessible(page, "the sign-in page")
    r = page.request.post(site.base + "/staff/triage/abc/resolve", form={"line": "ignore"})
    assert r.status == 403


def test_staff_sign_in_resolve_triage_and_every_view_accessible(site, page):
    site.bot_receives(mail(STAFF, "Fwd: Circular procurement group", FORWARD))
    s = site.store()
    (item,) = [d for _, d in s.items(st.TRIAGE)]
    # Data for the other views: a member, a pending request, an update for the digest.
    with adapters.exclusive(site.cfg):
        w = adapters.open_store(site.cfg)
        w.put(wf.MEMBERS, "circular-procurement|bo@rotterdam.example", {
            "group": "circular-procurement", "address": "bo@rotterdam.example", "name": "Bo Jansen",
            "organisation": "City of Rotterdam", "since": "2026-02-01", "status": "active", "role": "member"})
        w.put(reports.UPDATES, "u1", {"group": "circular-procurement", "from": FAC, "text": "We compared tenders.",
                                      "at": datetime.now(timezone.utc).isoformat()})
        w.close()

    page.goto(site.base + "/staff/login")
    page.get_by_label("Staff email address").fill(STAFF)
    page.get_by_role("button", name="Send me a sign-in link").click()
    assert page.get_by_role("status").is_visible()
    (signin,) = site.mail_to(STAFF, "Sign in")
    page.goto(site.link(signin))
    assert_accessible(page, "the sign-in link page")
    page.get_by_role("button", name="Sign in").click()
    assert page.url == site.base + "/staff" and h1(page) == "Overview"
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["mb_session"]["httpOnly"] and cookies["mb_session"]["sameSite"] == "Lax"

    for path in STAFF_PAGES:
        page.goto(site.base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, f"the dashboard view {path}")

    page.goto(site.base + "/staff/triage")
    page.get_by_role("link", name=item["id"]).click()
    assert "marta.rossi@gent.example" in page.content()
    assert_accessible(page, "a triage item")
    page.get_by_role("button", name="Run “join circular-procurement”").click()
    assert h1(page) == "Done"
    assert_accessible(page, "the action result")
    (req,) = site.mail_to(FAC, "Join request for Circular procurement")
    assert "Marta Rossi (City of Ghent)" in req.get_body(("plain",)).get_content()
    assert site.store().get(st.TRIAGE, item["id"])["status"] == "resolved"

    # The same session cannot post without the form's token.
    r = page.request.post(site.base + f"/staff/triage/{item['id']}/resolve", form={"line": "ignore"})
    assert r.status == 403
    page.get_by_role("button", name="Sign out").click()
    assert page.url == site.base + "/staff/login"
