"""Helpers for conversation tests: whole exchanges through the real pipeline.

`Conversation` runs the real `Pipeline` on the Maildir adapters with a clock
the test moves; mail is written as real RFC 5322 bytes, and replies are
built from the bot's own outgoing mail (its Subject, Reply-To and
Message-ID, with the original quoted below the answer), the way a mail
client builds them.
"""

from __future__ import annotations

import email
import itertools
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from mailbot.runtime import jobs
from mailbot.adapters import store as st
from mailbot.adapters.mailbox import MaildirMailbox
from mailbot.runtime.pipeline import Pipeline
from mailbot.adapters.transport import MaildirTransport
from test_pipeline import make_cfg  # one way to point the shipped config at a temp dir

ROOT = Path(__file__).resolve().parents[1]
BOT = "procurement@procuraplus.example"
STAFF = "secretariat@procuraplus.example"
MX = "mx.procuraplus.example"
START = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
_n = itertools.count(1)




def mail(frm: str, subject: str, body: str, *, name: str = "", to: str = BOT, in_reply_to: str = "",
         references: str = "", auth: list[str] | tuple[str, ...] = (), date: datetime | None = None,
         msgid: str = "") -> bytes:
    m = EmailMessage(policy=policy.SMTP)
    for header in auth:  # topmost first, as a receiving server prepends them
        m["Authentication-Results"] = header
    m["From"] = f"{name} <{frm}>" if name else frm
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(date or START)
    m["Message-ID"] = msgid or f"<conv-{next(_n)}-{frm.split('@')[0]}@{frm.split('@')[1]}>"
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = references or in_reply_to
    m.set_content(body)
    return m.as_bytes()


def reply(to_msg: EmailMessage, frm: str, answer: str, *, name: str = "", keep_subject: bool = True,
          keep_in_reply_to: bool = True, use_reply_to: bool = True, auth=(), date=None) -> bytes:
    """A reply to one of the bot's mails: answer on top, the original quoted below."""
    subject = "Re: " + str(to_msg["Subject"]) if keep_subject else "Re: our group"
    to = str(to_msg["Reply-To"]) if use_reply_to and to_msg["Reply-To"] else str(to_msg["From"])
    body = to_msg.get_body(("plain",)).get_content()
    quoted = "\n".join("> " + line for line in body.splitlines())
    text = f"{answer}\n\nOn Wed, 25 Nov 2026 at 10:00, {to_msg['From']} wrote:\n{quoted}\n"
    return mail(frm, subject, text, name=name, to=to, auth=auth, date=date,
                in_reply_to=str(to_msg["Message-ID"]) if keep_in_reply_to else "")


def auth_header(result: str = "pass", domain: str = "rotterdam.example", server: str = MX) -> str:
    return (f"{server}; dkim={result} header.d={domain}; spf={result} smtp.mailfrom={domain}; "
            f"dmarc={result} header.from={domain}")


def authed(addr: str) -> list[str]:
    """The receiving server's Authentication-Results pass for `addr`'s domain: what privileged
    mail (staff commands, facilitator answers) carries in a deployment that verifies senders."""
    return [auth_header("pass", domain=addr.rpartition("@")[2])]


class Conversation:
    def __init__(self, tmp: Path, **bot):
        self.tmp = tmp
        self.now = START
        self.cfg = make_cfg(tmp, **bot)
        self.store = st.Store(tmp / "db.json")
        self.mailbox = MaildirMailbox(tmp / "mail", "mailbot/processed", "mailbot/triage")
        self.transport = MaildirTransport(tmp / "sent")
        self.pipe = Pipeline(self.cfg, self.store, self.mailbox, self.transport, clock=lambda: self.now)
        self._seen: set[str] = set()

    def send(self, *raws: bytes):
        """Deliver messages to the bot's inbox and run one cycle; returns the new outgoing mail."""
        for raw in raws:
            self.mailbox.deliver(raw)
        jobs.cycle(self.pipe)  # as the daemon runs it: reminders, web queue, mailbox
        return self.new_mail()

    def wait(self, days: float):
        """Let time pass and run a cycle (reminders etc.); returns the new outgoing mail."""
        self.now += timedelta(days=days)
        jobs.cycle(self.pipe)  # as the daemon runs it: reminders, web queue, mailbox
        return self.new_mail()

    def all_mail(self) -> list[EmailMessage]:
        d = self.tmp / "sent" / "new"
        if not d.exists():
            return []
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(d.iterdir())]

    def new_mail(self) -> list[EmailMessage]:
        out = []
        for m in self.all_mail():
            mid = str(m["Message-ID"])
            if mid not in self._seen:
                self._seen.add(mid)
                out.append(m)
        return out

    # -- reading the state ---------------------------------------------------------
    def table(self, name: str) -> dict[str, dict]:
        return dict(self.store.items(name))

    def triage(self) -> list[dict]:
        return [d for _, d in self.store.items(st.TRIAGE)]

    def state(self) -> dict:
        """Everything a workflow may change (for 'nothing changed' assertions)."""
        return {t: self.table(t) for t in ("requests", "members", "participants", "proposals", "groups_extra")}


def to_addr(m: EmailMessage) -> list[str]:
    return [a.addr_spec.lower() for a in m["To"].addresses]


def sent_to(mails: list[EmailMessage], addr: str) -> list[EmailMessage]:
    return [m for m in mails if addr in to_addr(m)]


def one_to(mails: list[EmailMessage], addr: str, subject_part: str = "") -> EmailMessage:
    found = [m for m in sent_to(mails, addr) if subject_part in str(m["Subject"])]
    assert len(found) == 1, f"{len(found)} mails to {addr} with {subject_part!r}: {[str(m['Subject']) for m in mails]}"
    return found[0]


def body(m: EmailMessage) -> str:
    return m.get_body(("plain",)).get_content()
