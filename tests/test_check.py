"""What `mailbot check` looks at: the IMAP and SMTP adapters' `check()`, and every template in every language."""

from __future__ import annotations

import socket
import ssl
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mailbot.adapters.imap import MailboxError
from mailbot.adapters.smtp import SmtpTransport
from servers import free_port
from test_imap import mailbox

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2027, 3, 4, 9, 30, tzinfo=timezone.utc)


def test_imap_check_ok(imap_account):
    assert mailbox(imap_account).check().startswith("ok: logged in")


def test_imap_check_bad_credentials(imap_account):
    mb = mailbox(imap_account)
    mb._password = "wrong"
    with pytest.raises(MailboxError, match="bad credentials"):
        mb.check()


def test_imap_check_missing_folder(imap_account):
    with pytest.raises(MailboxError, match="missing folder"):
        mailbox(imap_account, folder="NoSuchFolder").check()


def test_imap_check_unreachable_server():
    from mailbot.adapters.imap import ImapMailbox

    mb = ImapMailbox("127.0.0.1", free_port("127.0.0.1"), username="u", password="p", security="plain", timeout=2)
    with pytest.raises(MailboxError, match="cannot reach the IMAP server"):
        mb.check()


def test_smtp_check(smtp_factory):
    server = smtp_factory(tls=True, auth={"bot": "s3cret"})
    ctx = ssl.create_default_context(cafile=str(server.cert))
    ok = SmtpTransport(server.host, server.port, security="starttls", username="bot", password="s3cret",
                       ssl_context=ctx, timeout=5)
    assert "logged in" in ok.check()
    bad = SmtpTransport(server.host, server.port, security="starttls", username="bot", password="wrong",
                        ssl_context=ctx, timeout=5)
    with pytest.raises(RuntimeError, match="bad credentials"):
        bad.check()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = SmtpTransport("127.0.0.1", port, security="plain", timeout=2)
    with pytest.raises(RuntimeError, match="cannot reach"):
        down.check()


# -- `mailbot check` renders every template in every language ---------------------------

def _templates_copy(tmp_path):
    """A copy of the shipped templates to break (the shipped ones are never touched)."""
    import shutil
    from mailbot.mail import compose

    return Path(shutil.copytree(compose.TEMPLATES_DIR, tmp_path / "templates"))


def test_check_renders_every_template_in_every_language():
    from mailbot.cli import check
    from mailbot.core import config
    from mailbot.mail import compose

    cfg = config.load(ROOT / "config.toml")
    renders, problems = check.check_templates(cfg, NOW)
    assert problems == []
    files = [p for lang in compose.LANGUAGES for p in (compose.TEMPLATES_DIR / lang).glob("*.txt")
             if not p.name.startswith("_")]
    files += list((compose.TEMPLATES_DIR / "web" / "mail").glob("*/*.txt"))
    assert renders >= len(files) > 24 * 15  # each at least once; the scheduler's as facilitator, member, staff


def test_check_reports_a_translation_that_breaks_or_drops_a_value(tmp_path):
    from mailbot.cli import check
    from mailbot.core import config

    cfg = config.load(ROOT / "config.toml")
    d = _templates_copy(tmp_path)
    broken = {
        "bg/join_ack.txt": lambda t: t + "\n{{ no_such_value.name }}\n",       # renders only in English
        "cs/info.txt": lambda t: t.replace("%}", "", 1),                           # a syntax error
        "da/welcome.txt": lambda t: t.replace("<{{ group.facilitator }}>", "").replace(
            "group.facilitator_name or group.facilitator", "group.facilitator_name"),       # a value lost
        "web/mail/lt/digest.txt": lambda t: t.replace("{{ e.text }}", ""),         # the web's mail as well
        "fi/term_end_notice.txt": lambda t: t.replace("{{ term.end }}", "2027", 1).replace(
            "{% if to_member %}", "{% if to_member %}{{ figures.nothing.here }}"),  # the scheduler's branch
    }
    for rel, change in broken.items():
        path = d / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in d.rglob("*")}
    _, problems = check.check_templates(cfg, NOW, directory=d)
    text = "\n".join(problems)
    assert "template bg/join_ack.txt: does not render" in text and "no_such_value" in text
    assert "template cs/info.txt: does not render" in text
    assert "template da/welcome.txt: lacks group.facilitator, which the English shows" in text
    assert "template web/mail/lt/digest.txt: lacks entries[].text, which the English shows" in text
    assert "template fi/term_end_notice.txt: does not render" in text and "nothing" in text
    assert len(problems) == len(broken), problems  # nothing else is blamed
    assert {p: p.stat().st_mtime_ns for p in d.rglob("*")} == before  # check never writes


def test_a_translation_may_write_a_date_from_the_data_instead_of_the_english_words(tmp_path):
    """`meeting.when_text` is English words; `meeting.start_iso | longdate` in the reader's language is not a loss."""
    from mailbot.cli import check
    from mailbot.core import config

    cfg = config.load(ROOT / "config.toml")
    d = _templates_copy(tmp_path)
    path = d / "sk" / "meeting_invitation.txt"
    text = path.read_text(encoding="utf-8")
    assert "{{ meeting.when_text }}" in text
    path.write_text(text.replace("{{ meeting.when_text }}",
                                 "{{ meeting.start_iso | longdate(true) }}–{{ meeting.end_time }}"), encoding="utf-8")
    _, problems = check.check_templates(cfg, NOW, directory=d)
    assert problems == []
