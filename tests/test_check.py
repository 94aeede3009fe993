"""`check()` of the IMAP and SMTP adapters (what `mailbot check` prints): what is wrong, in words."""

from __future__ import annotations

import socket
import ssl

import pytest

from mailbot.adapters.imap import MailboxError
from mailbot.adapters.smtp import SmtpTransport
from servers import free_port
from test_imap import mailbox


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
