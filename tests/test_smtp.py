"""SmtpTransport against a real SMTP server (aiosmtpd on loopback, see tests/servers.py)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from pathlib import Path

import pytest

from mailbot.core.config import TransportSettings, load
from mailbot.core.model import OutgoingMail
from mailbot.adapters.smtp import SmtpTransport
from mailbot.adapters.transport import DELIVERED, PERMANENT, TRANSIENT

from servers import free_port

pytestmark = pytest.mark.smtp

REPO = Path(__file__).resolve().parent.parent


def mail(i: int, *to: str, sender: str = "bot@example.net") -> OutgoingMail:
    to = to or (f"rcpt{i}@example.org",)
    raw = (f"From: Bot <bot@example.net>\r\nTo: {', '.join(to)}\r\nSubject: reply {i}\r\n"
           f"Message-ID: <out{i}@example.net>\r\nAuto-Submitted: auto-replied\r\n\r\n"
           f"Thank you for your message {i}.\r\n.leading dot survives\r\n").encode()
    return OutgoingMail(key=f"k{i}", to=tuple(to), raw=raw, envelope_from=sender, source_message_id=f"<in{i}@x>")


def transport(server, **kw) -> SmtpTransport:
    kw.setdefault("security", "plain")
    kw.setdefault("timeout", 5)
    return SmtpTransport(server.host, server.port, **kw)


def test_batch_is_delivered_unchanged_over_one_connection(smtp_server):
    mails = [mail(1), mail(2, "a@example.org", "b@example.org"), mail(3)]
    results = transport(smtp_server).deliver(mails)
    assert [(r.key, r.status) for r in results] == [("k1", DELIVERED), ("k2", DELIVERED), ("k3", DELIVERED)]
    assert all("accepted" in r.detail for r in results)
    got = smtp_server.messages
    assert [m.data for m in got] == [m.raw for m in mails]
    assert [m.rcpt_tos for m in got] == [["rcpt1@example.org"], ["a@example.org", "b@example.org"],
                                         ["rcpt3@example.org"]]
    assert {m.mail_from for m in got} == {"bot@example.net"}
    assert smtp_server.sessions == 1 and {m.session for m in got} == {1}


def test_each_batch_opens_one_connection(smtp_server):
    t = transport(smtp_server)
    t.deliver([mail(1), mail(2)])
    t.deliver([mail(3)])
    assert t.deliver([]) == []  # nothing to send: no connection
    assert smtp_server.sessions == 2 and t.connections == 2
    assert [m.session for m in smtp_server.messages] == [1, 1, 2]


def test_null_envelope_sender(smtp_server):
    (result,) = transport(smtp_server).deliver([mail(1, sender="")])
    assert result.status == DELIVERED
    assert smtp_server.messages[0].mail_from == ""  # MAIL FROM:<>


def test_4xx_is_transient_and_the_batch_goes_on(smtp_server):
    smtp_server.rcpt_replies["busy@example.org"] = "450 4.2.1 Mailbox busy, try later"
    results = transport(smtp_server).deliver([mail(1), mail(2, "busy@example.org"), mail(3)])
    assert [r.status for r in results] == [DELIVERED, TRANSIENT, DELIVERED]
    assert "450" in results[1].detail and "Mailbox busy" in results[1].detail
    assert len(smtp_server.messages) == 2 and smtp_server.sessions == 1


def test_5xx_is_permanent_with_the_servers_reply(smtp_server):
    smtp_server.rcpt_replies["gone@example.org"] = "550 5.1.1 No such user here"
    results = transport(smtp_server).deliver([mail(1, "gone@example.org"), mail(2)])
    assert [r.status for r in results] == [PERMANENT, DELIVERED]
    assert "550" in results[0].detail and "No such user here" in results[0].detail


def test_refusal_at_data_follows_the_code(smtp_server):
    t = transport(smtp_server)
    smtp_server.data_reply = "554 5.7.1 Message rejected as spam"
    (result,) = t.deliver([mail(1)])
    assert result.status == PERMANENT and "Message rejected as spam" in result.detail
    smtp_server.data_reply = "451 4.3.0 Local error in processing"
    (result,) = t.deliver([mail(2)])
    assert result.status == TRANSIENT and "451" in result.detail
    smtp_server.data_reply = None
    assert [r.status for r in t.deliver([mail(3)])] == [DELIVERED]


def test_some_recipients_refused_is_delivered_with_the_refusals_noted(smtp_server):
    smtp_server.rcpt_replies["gone@example.org"] = "550 5.1.1 No such user"
    (result,) = transport(smtp_server).deliver([mail(1, "ok@example.org", "gone@example.org")])
    assert result.status == DELIVERED  # sending again would duplicate it for ok@
    assert "gone@example.org" in result.detail and "550" in result.detail
    assert smtp_server.messages[0].rcpt_tos == ["ok@example.org"]


def test_421_loses_the_connection_for_the_rest_of_the_batch(smtp_server):
    smtp_server.data_reply = "421 4.3.2 Shutting down"
    results = transport(smtp_server).deliver([mail(1), mail(2)])
    assert [r.status for r in results] == [TRANSIENT, TRANSIENT]
    assert "421" in results[0].detail and "not attempted" in results[1].detail


def test_server_down_for_a_while_then_back(smtp_server):
    t = transport(smtp_server)
    batch = [mail(1), mail(2), mail(3)]
    smtp_server.stop()
    results = t.deliver(batch)
    assert [r.status for r in results] == [TRANSIENT] * 3
    assert all("cannot connect" in r.detail for r in results)
    smtp_server.start()  # same port
    assert [r.status for r in t.deliver(batch)] == [DELIVERED] * 3
    assert [m.data for m in smtp_server.messages] == [m.raw for m in batch]  # each exactly once


def test_connection_refused_is_transient():
    t = SmtpTransport("127.0.0.1", free_port(), security="plain", timeout=5)
    results = t.deliver([mail(1), mail(2)])
    assert [r.status for r in results] == [TRANSIENT, TRANSIENT]


def test_silent_server_times_out_as_transient():
    # A listener that never greets: a real socket, the fault a dead MTA produces.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        t = SmtpTransport("127.0.0.1", listener.getsockname()[1], security="plain", timeout=0.5)
        results = t.deliver([mail(1), mail(2)])
    assert [r.status for r in results] == [TRANSIENT, TRANSIENT]
    assert "timeout" in results[0].detail.lower() or "timed out" in results[0].detail.lower()


def test_a_server_stalling_mid_transaction_times_out_and_the_batch_waits(smtp_server):
    # The server takes the mail but does not answer the final dot in time:
    # the transaction's deadline ends it, the connection is dropped (its
    # replies can no longer be paired) and the rest of the batch is kept.
    smtp_server.data_delay = 2.0
    results = transport(smtp_server, timeout=0.5).deliver([mail(1), mail(2)])
    assert [r.status for r in results] == [TRANSIENT, TRANSIENT]
    assert "timeout" in results[0].detail.lower() and "not attempted" in results[1].detail
    smtp_server.data_delay = 0.0
    assert [r.status for r in transport(smtp_server).deliver([mail(2)])] == [DELIVERED]


def test_mail_from_carries_size_and_8bitmime_where_the_server_offers_them(smtp_server):
    ascii_mail = mail(1)
    utf8 = OutgoingMail(key="k2", to=("a@example.org",), envelope_from="bot@example.net", source_message_id="",
                        raw="Subject: 8bit\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n".encode())
    assert [r.status for r in transport(smtp_server).deliver([ascii_mail, utf8])] == [DELIVERED, DELIVERED]
    first, second = smtp_server.messages
    assert first.mail_options == [f"SIZE={len(ascii_mail.raw)}"]  # RFC 1870: the server may refuse early
    assert second.mail_options == [f"SIZE={len(utf8.raw)}", "BODY=8BITMIME"]
    assert second.data == utf8.raw


def test_a_non_ascii_address_goes_with_smtputf8(smtp_server):
    (result,) = transport(smtp_server).deliver([mail(1, "jürgen@example.org")])
    assert result.status == DELIVERED
    (got,) = smtp_server.messages
    assert got.rcpt_tos == ["jürgen@example.org"] and "SMTPUTF8" in got.mail_options


def test_a_non_ascii_address_without_smtputf8_is_permanent(smtp_factory):
    server = smtp_factory(smtputf8=False)
    results = transport(server).deliver([mail(1, "jürgen@example.org"), mail(2)])
    assert [r.status for r in results] == [PERMANENT, DELIVERED]
    assert "SMTPUTF8" in results[0].detail
    assert [m.rcpt_tos for m in server.messages] == [["rcpt2@example.org"]]


def test_an_address_smtp_cannot_carry_is_permanent_and_the_batch_goes_on(smtp_server):
    results = transport(smtp_server).deliver([mail(1, "a b@example.org"), mail(2)])
    assert [r.status for r in results] == [PERMANENT, DELIVERED]
    assert "invalid address" in results[0].detail
    assert [m.rcpt_tos for m in smtp_server.messages] == [["rcpt2@example.org"]]


@pytest.mark.parametrize("sly", ["a@example.org> NOTIFY=NEVER", "a@example.org\r\nRSET"])
def test_an_address_cannot_smuggle_smtp_parameters_or_commands(smtp_server, sly):
    # Only the parsed address goes on the command line, as with aiosmtplib's sendmail.
    (result,) = transport(smtp_server).deliver([mail(1, sly)])
    assert result.status == DELIVERED
    (got,) = smtp_server.messages
    assert got.rcpt_tos == ["a@example.org"] and got.mail_options == [f"SIZE={len(mail(1, sly).raw)}"]


def test_deliver_works_when_called_inside_a_running_event_loop(smtp_server):
    t = transport(smtp_server)

    async def job():  # e.g. a scheduler job running in an event loop thread
        return t.deliver([mail(1)])

    (result,) = asyncio.run(job())
    assert result.status == DELIVERED and len(smtp_server.messages) == 1


def test_starttls_and_auth(smtp_factory):
    server = smtp_factory(tls=True, auth={"bot": "s3cret"})
    ctx = ssl.create_default_context(cafile=str(server.cert))
    t = SmtpTransport(server.host, server.port, security="starttls", username="bot", password="s3cret",
                      ssl_context=ctx, timeout=5)
    assert [r.status for r in t.deliver([mail(1)])] == [DELIVERED]
    assert server.logins == ["bot"]
    bad = SmtpTransport(server.host, server.port, security="starttls", username="bot", password="wrong",
                        ssl_context=ctx, timeout=5)
    (result,) = bad.deliver([mail(2)])
    assert result.status == TRANSIENT and "AUTH" in result.detail and "535" in result.detail
    # an untrusted certificate is a connection failure, not a lost mail
    (result,) = SmtpTransport(server.host, server.port, security="starttls", timeout=5).deliver([mail(3)])
    assert result.status == TRANSIENT and "certificate" in result.detail.lower()
    assert len(server.messages) == 1


def test_from_config_reads_the_password_from_the_environment(smtp_factory, monkeypatch):
    server = smtp_factory(auth={"bot": "pw-from-env"})
    cfg = load(REPO / "config.toml")
    settings = TransportSettings(**server.settings(username="bot", password_env="MB_TEST_SMTP_PW"))
    cfg = cfg.model_copy(update={"transport": settings})
    monkeypatch.setenv("MB_TEST_SMTP_PW", "pw-from-env")
    t = SmtpTransport.from_config(cfg)
    assert t.describe() == f"smtp plain {server.host}:{server.port} as bot"
    assert [r.status for r in t.deliver([mail(1)])] == [DELIVERED]
