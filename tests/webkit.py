"""Helpers for the web tests: a configured app on a temporary mailbot, and reading its mail."""

from __future__ import annotations

import email
import re
import warnings
from datetime import datetime, timedelta, timezone
from email import policy
from pathlib import Path

from conversation import make_cfg

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from mailbot.web.app import create_app

START = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Web:
    """A mailbot with its web app; no daemon: the app drains its queue itself."""

    def __init__(self, tmp: Path, *, web: dict | None = None, https: bool = False, **bot):
        self.tmp = tmp
        self.now = START
        cfg = make_cfg(tmp, **bot)
        self.cfg = cfg.model_copy(update={"web": cfg.web.model_copy(update=web or {})})
        self.app = create_app(self.cfg, clock=lambda: self.now)
        self.client = TestClient(self.app, base_url="https://testserver" if https else "http://testserver")
        self._seen: set[str] = set()

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)

    # -- pages ---------------------------------------------------------------------------------
    def csrf(self, path: str = "/") -> str:
        return CSRF.search(self.client.get(path).text).group(1)

    def submit(self, *, lang: str = "en", csrf: str | None = None, **fields):
        data = {"organisation": "City of Ghent", "name": "Ana Peeters", "email": "ana@gent.example",
                "groups": ["circular-procurement"], "topic": "", "message": "", "lang": lang}
        data.update(fields)
        data["csrf"] = self.csrf(f"/?lang={lang}") if csrf is None else csrf
        return self.client.post("/submit", data=data, follow_redirects=False)

    def confirm(self, link: str):
        path = link.split("://", 1)[1].split("/", 1)[1]
        page = self.client.get("/" + path)
        m = CSRF.search(page.text)
        if not m:
            return page
        return self.client.post("/" + path, data={"csrf": m.group(1)}, follow_redirects=False)

    def sign_in(self, address: str = "secretariat@procuraplus.example"):
        r = self.client.post("/staff/login", data={"csrf": self.csrf("/staff/login"), "email": address})
        assert r.status_code == 200
        link = link_in(self.mail_to(address, "Sign in")[-1])
        return self.confirm(link)

    # -- mail ----------------------------------------------------------------------------------
    def all_mail(self) -> list[email.message.EmailMessage]:
        d = self.tmp / "sent" / "new"
        if not d.exists():
            return []
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(d.iterdir())]

    def new_mail(self) -> list[email.message.EmailMessage]:
        out = []
        for m in self.all_mail():
            if str(m["Message-ID"]) not in self._seen:
                self._seen.add(str(m["Message-ID"]))
                out.append(m)
        return out

    def mail_to(self, address: str, subject_part: str = "") -> list[email.message.EmailMessage]:
        return [m for m in self.all_mail() if address in str(m["To"]) and subject_part in str(m["Subject"])]


def body(m) -> str:
    return m.get_body(("plain",)).get_content()


def link_in(m) -> str:
    return re.search(r"https?://\S+/(?:confirm|staff/login)/\S+", body(m)).group(0)
