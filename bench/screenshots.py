"""Screenshots of the web side for the README: `python3 bench/screenshots.py [OUT_DIR]`.

Builds a throw-away mailbot, runs the project's example messages through it
(so the dashboard has triage items, requests, proposals and an audit
trail), serves the app on a loopback port and photographs the pages in
Debian's headless chromium (the browser tests' setup: tests/browserkit.py).
Writes docs/img/form.png, form-errors.png, dashboard.png, triage.png and groups.png.
"""

from __future__ import annotations

import email
import re
import sys
from email import policy
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browserkit  # noqa: E402
from conversation import STAFF, make_cfg  # noqa: E402

from mailbot.adapters import factory as adapters  # noqa: E402
from mailbot.adapters import store as st  # noqa: E402
from mailbot.workflows import membership as wf  # noqa: E402
from mailbot.adapters.mailbox import MaildirMailbox  # noqa: E402
from mailbot.runtime.pipeline import Pipeline  # noqa: E402
from mailbot.schedule import reports  # noqa: E402
from mailbot.web.app import create_app  # noqa: E402


def seed(cfg, tmp: Path) -> None:
    with adapters.exclusive(cfg):
        s = adapters.open_store(cfg)
        mbox = MaildirMailbox(tmp / "mail", "mailbot/processed", "mailbot/triage")
        for f in sorted((ROOT / "mailbot" / "examples").glob("*.eml")):
            mbox.deliver(f.read_bytes())
        Pipeline(cfg, s, mbox, adapters.open_transport(cfg)).cycle()
        now = datetime.now(timezone.utc).isoformat()
        for addr, name, org in (("bo.jansen@rotterdam.example", "Bo Jansen", "City of Rotterdam"),
                                ("ana.peeters@gent.example", "Ana Peeters", "City of Ghent"),
                                ("lena.berg@stockholm.example", "Lena Berg", "City of Stockholm")):
            s.put(wf.MEMBERS, f"circular-procurement|{addr}", {
                "group": "circular-procurement", "address": addr, "name": name, "organisation": org,
                "since": "2026-02-01", "status": "active", "role": "member"})
        s.put(reports.UPDATES, "u1", {"group": "circular-procurement", "at": now,
                                      "from": "circular.facilitator@rotterdam.example",
                                      "text": "We compared circular furniture tenders from four cities."})
        s.close()


def main(out: Path) -> int:
    why = browserkit.missing()
    if why:
        print(f"screenshots: {why}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mailbot-shots-") as d:
        tmp = Path(d)
        port = browserkit.free_port()
        cfg = make_cfg(tmp)
        cfg = cfg.model_copy(update={"web": cfg.web.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})})
        seed(cfg, tmp)
        with browserkit.serve(create_app(cfg), port) as base, browserkit.browser() as b:
            page = b.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=1).new_page()
            page.goto(base + "/")
            page.get_by_label("Organisation", exact=True).fill("City of Ghent")
            page.get_by_label("Your name").fill("Ana Peeters")
            page.get_by_label("Email address").fill("ana.peeters@gent.example")
            page.get_by_label("Circular procurement").check()
            page.screenshot(path=str(out / "form.png"), full_page=True)
            page.goto(base + "/?lang=de")
            page.get_by_label("E-Mail-Adresse").fill("ana.peeters@")
            page.get_by_role("button", name="Senden").click()
            page.screenshot(path=str(out / "form-errors.png"), full_page=True)
            page.goto(base + "/staff/login")
            page.get_by_label("Staff email address").fill(STAFF)
            page.get_by_role("button", name="Send me a sign-in link").click()
            msgs = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
                    for p in (tmp / "sent" / "new").iterdir()]
            signin = next(m for m in msgs if str(m["Subject"]).startswith("Sign in"))
            link = re.search(r"http://\S+/staff/login/\S+", signin.get_body(("plain",)).get_content()).group(0)
            page.goto(link)
            page.get_by_role("button", name="Sign in").click()
            page.screenshot(path=str(out / "dashboard.png"), full_page=True)
            page.goto(base + "/staff/triage")
            rows = page.locator("tbody tr", has_text="join ")
            (rows if rows.count() else page.locator("tbody tr")).first.locator("a").click()
            page.screenshot(path=str(out / "triage.png"), full_page=True)
            page.goto(base + "/staff/groups")
            page.screenshot(path=str(out / "groups.png"), clip={"x": 0, "y": 0, "width": 1100, "height": 1100},
                            full_page=True)
    for p in sorted(out.glob("*.png")):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"))
