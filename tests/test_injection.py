"""Hostile user text end to end: through the whole pipeline into the outgoing
mail files in the Maildir sink, read back with the stdlib email parser.

CR/LF (raw or RFC 2047-encoded) in a subject or display name, Jinja
`{{ … }}` / `{% … %}`, HTML/JS and bidi controls must never add or change a
header of an outgoing message, never run as template, never render as markup.
(tests/test_templates.py covers the template level.)
"""

from __future__ import annotations

import base64

import pytest

from fuzzkit import BOT_HEADERS
from test_pipeline import Env

SENDER = "anne.mueller@stadt-musterhausen.example"
EVIL = "evil@evil.example"
BIDI = "\u202e\u2066\u200f"


def b64(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def mail(mid: str, subject: str = "Interest groups?", name: str = "Anne Mueller",
         body: str = "What are the interest groups, and who can take part?") -> bytes:
    return (f"From: {name} <{SENDER}>\r\nTo: procurement@procuraplus.example\r\nSubject: {subject}\r\n"
            f"Message-ID: <{mid}@musterhausen.example>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"Hello,\r\n\r\n{body}\r\n\r\nKind regards,\r\nAnne\r\n").encode("utf-8", "surrogateescape")


TEMPLATE = "{{ 1234*1000 }} {% for x in range(3) %}LOOPX{% endfor %} {{ cycler.__init__.__globals__ }} {{ config }}"
HTML = "<script>alert('x')</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">click</a>"

CASES = {
    "crlf-subject-raw": dict(subject="Interest groups?\r\nBcc: " + EVIL),
    "crlf-subject-2047-q": dict(subject="=?utf-8?q?Interest_groups=3F=0D=0ABcc:_" + EVIL + "?="),
    "crlf-subject-2047-b": dict(subject=b64("Interest groups?\r\nBcc: " + EVIL + "\r\n\r\nbody")),
    "crlf-name-2047": dict(name=b64("Anne\r\nBcc: " + EVIL + "\r\nX-Evil: 1")),
    "crlf-name-quoted": dict(name='"Anne\\\r\nBcc: ' + EVIL + '"'),
    "template-body": dict(body="What are the interest groups? " + TEMPLATE),
    "template-subject": dict(subject="Interest groups {{ 1234*1000 }} {% for x in range(3) %}LOOPX{% endfor %}"),
    "template-name": dict(name=b64("{{ 1234*1000 }}{% for x in range(3) %}LOOPX{% endfor %}")),
    "html-body": dict(body="What are the interest groups? " + HTML),
    "html-subject": dict(subject="Interest groups <script>alert(1)</script>"),
    "bidi-subject": dict(subject=b64("Interest groups " + BIDI + "fdp.exe")),
    "bidi-name": dict(name=b64("Anne " + BIDI + "nimda")),
    "bidi-body": dict(body="What are the interest groups? " + BIDI + "gnp.exe"),
    "unknown-intent-triage": dict(subject="hm", body="zzz qqq " + TEMPLATE + HTML + BIDI + "\r\nBcc: " + EVIL),
}


def check_outgoing(m, allowed_to: set[str]) -> None:
    keys = [k.lower() for k in m.keys()]
    assert set(keys) <= BOT_HEADERS, set(keys) - BOT_HEADERS
    for single in ("from", "to", "subject", "message-id", "date", "reply-to", "in-reply-to", "references"):
        assert keys.count(single) <= 1, single
    assert "bcc" not in keys and "x-evil" not in keys
    rcpts = {a.addr_spec.lower() for a in m["To"].addresses}
    assert rcpts <= allowed_to, rcpts
    for k, v in m.items():
        s = str(v)
        assert "\r" not in s and "\n" not in s, (k, s)
        assert not any(c in s for c in BIDI), (k, s)
        # at most inert text: in the subject, or inside a quoted display name (the recipients are checked above)
        assert EVIL not in s or k.lower() in ("subject", "to"), (k, s)
        assert "1234000" not in s and "LOOPXLOOPX" not in s, (k, s)
    for part in m.walk():
        if part.get_content_maintype() != "text":
            continue
        text = part.get_content()
        assert "1234000" not in text and "LOOPXLOOPX" not in text and "__globals__" not in text.replace(
            "cycler.__init__.__globals__", "")
        assert not any(c in text for c in BIDI)
        if part.get_content_subtype() == "html":
            assert "<script" not in text.lower() and "onerror=" not in text.lower()


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_text_never_reaches_a_header_a_template_or_markup(tmp_path, case):
    env = Env(tmp_path)
    env.deliver(mail(case, **CASES[case]))
    stats = env.pipe.cycle()
    assert stats.processed == 1 and env.inbox() == 0
    sent = env.sent()
    if case == "crlf-name-quoted":  # a raw CR/LF cuts From to '"Anne\': no address, so no reply at all
        assert not sent
    else:
        assert sent, "the message should have produced mail (a reply or a staff notification)"
    allowed = {SENDER, *env.cfg.bot.staff} | {g.facilitator for g in env.cfg.groups}
    for m in sent:
        check_outgoing(m, allowed)
    if "name" in CASES[case]:  # whatever the name says, the reply goes to the real sender only
        replies = [m for m in sent if m["Auto-Submitted"] == "auto-replied"]
        assert all({a.addr_spec for a in m["To"].addresses} == {SENDER} for m in replies)


def test_staff_triage_mail_quotes_hostile_text_literally(tmp_path):
    env = Env(tmp_path)
    env.deliver(mail("lit", **CASES["unknown-intent-triage"]))
    env.pipe.cycle()
    staff = [m for m in env.sent() if m["To"].addresses[0].addr_spec in env.cfg.bot.staff]
    assert staff
    body = staff[0].get_body(("plain",)).get_content()
    assert "{{ 1234*1000 }}" in body and "LOOPX{% endfor %}" in body and "<script>" in body
    assert "Bcc: " + EVIL in body  # as quoted text, not a header
    assert staff[0].get_all("Bcc") is None


def test_encoded_display_name_cannot_smuggle_the_sender_address():
    """Regression: the fallback address parser decoded RFC 2047 before splitting, so
    From: =?utf-8?b?<"Anne\r\nBcc: evil@…">?= <anne@…> made evil@… the sender."""
    from mailbot.mail.parse import parse

    msg = parse(mail("smuggle", **CASES["crlf-name-2047"]))
    assert msg.sender.addr == SENDER
    assert "\r" not in msg.sender.name and "\n" not in msg.sender.name
