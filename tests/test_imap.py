"""ImapMailbox against a real, private Dovecot (see tests/servers.py)."""

from __future__ import annotations

import email
import email.policy
import logging
import ssl
import threading
import time
from pathlib import Path

import pytest

from mailbot.core.config import MailboxSettings, load
from mailbot.adapters.imap import ImapMailbox, MailboxAuthError, MailboxError
from mailbot.adapters.store import STATE, Store

from servers import free_port

pytestmark = pytest.mark.imap

REPO = Path(__file__).resolve().parent.parent


def message(i: int, body: str = "Hello, I would like to join.", **headers: str) -> bytes:
    lines = [f"From: sender{i}@example.org", "To: bot@example.net", f"Subject: test {i}",
             f"Message-ID: <m{i}-{time.monotonic_ns()}@example.org>", "Date: Tue, 25 Nov 2025 10:00:00 +0000"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


def mailbox(account, **kw) -> ImapMailbox:
    kw.setdefault("security", "plain")
    kw.setdefault("timeout", 10)
    kw.setdefault("retry_for", 15)
    kw.setdefault("backoff_initial", 0.05)
    kw.setdefault("backoff_max", 0.5)
    return ImapMailbox(account.host, account.port, username=account.username, password=account.password, **kw)


def later(delay: float, fn, *args) -> threading.Thread:
    def run():
        time.sleep(delay)
        fn(*args)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_fetch_peeks_oldest_first_and_never_sets_seen(imap_account):
    raws = [message(i) for i in range(3)]
    for raw in raws:
        imap_account.append(raw)
    mb = mailbox(imap_account)
    try:
        got = mb.fetch()
        assert [m.raw for m in got] == raws
        assert all(not m.truncated and m.size == len(m.raw) for m in got)
        assert all(m.ref.count(":") == 1 for m in got)
        assert [int(m.ref.split(":")[1]) for m in got] == sorted(int(m.ref.split(":")[1]) for m in got)
        # fetching again returns the same (nothing moved): fetch changes nothing
        assert [m.ref for m in mb.fetch()] == [m.ref for m in got]
    finally:
        mb.close()
    for info in imap_account.messages().values():
        assert b"\\Seen" not in info[b"FLAGS"]


def test_fetch_in_batches_and_limit(imap_account):
    raws = [message(i) for i in range(7)]
    for raw in raws:
        imap_account.append(raw)
    mb = mailbox(imap_account, batch_size=3)
    try:
        assert [m.raw for m in mb.fetch()] == raws
        assert [m.raw for m in mb.fetch(limit=4)] == raws[:4]
        assert mb.fetch(limit=0) == []
    finally:
        mb.close()


def test_oversize_multipart_fetches_header_and_first_text_part(imap_account):
    attachment = ("QUJD" * 19 + "\r\n") * 2000  # ~150 KB of base64
    raw = (
        "From: big@example.org\r\nTo: bot@example.net\r\nSubject: big one\r\n"
        "Message-ID: <big@example.org>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="BOUND"\r\n\r\n'
        "--BOUND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Please add me to the circular procurement group.\r\n"
        "--BOUND\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        'Content-Disposition: attachment; filename="minutes.pdf"\r\n\r\n'
        + attachment + "--BOUND--\r\n"
    ).encode()
    small = message(1)
    imap_account.append(raw)
    imap_account.append(small)
    mb = mailbox(imap_account, max_fetch_size=4096)
    try:
        big_msg, small_msg = mb.fetch()
    finally:
        mb.close()
    assert big_msg.truncated and big_msg.size == len(raw)
    assert len(big_msg.raw) < 1000
    assert not small_msg.truncated and small_msg.raw == small
    parsed = email.message_from_bytes(big_msg.raw, policy=email.policy.default)
    assert parsed["Message-ID"] == "<big@example.org>"
    body = parsed.get_body(("plain",))
    assert body is not None and "circular procurement" in body.get_content()
    assert not list(parsed.iter_attachments())
    # fetch is still PEEK for the partial path
    assert all(b"\\Seen" not in i[b"FLAGS"] for i in imap_account.messages().values())


def test_oversize_single_part_is_cut_at_partial_size(imap_account):
    raw = message(1, body="x" * 70 + ("\r\n" + "y" * 70) * 3000)
    imap_account.append(raw)
    mb = mailbox(imap_account, max_fetch_size=4096, partial_size=2000)
    try:
        (got,) = mb.fetch()
    finally:
        mb.close()
    assert got.truncated and got.size == len(raw)
    header_len = raw.index(b"\r\n\r\n") + 4
    assert got.raw == raw[:header_len + 2000]


@pytest.mark.parametrize("use_move", [True, False], ids=["MOVE", "COPY+EXPUNGE"])
def test_move_creates_folders_in_the_servers_hierarchy(imap_account, use_move):
    for i in range(3):
        imap_account.append(message(i))
    mb = mailbox(imap_account, use_move=use_move)
    try:
        first, second, third = mb.fetch()
        mb.move(first.ref, "processed")
        mb.move(second.ref, "triage")
        mb.move(first.ref, "processed")  # again: already gone, harmless
        assert [m.ref for m in mb.fetch()] == [third.ref]
    finally:
        mb.close()
    # Dovecot's maildir default delimiter is ".": "mailbot/processed" -> "mailbot.processed"
    assert {"mailbot.processed", "mailbot.triage"} <= set(imap_account.folders())
    inbox = imap_account.messages()
    assert [i[b"BODY[]"] for i in inbox.values()] == [third.raw]
    assert all(b"\\Deleted" not in i[b"FLAGS"] for i in inbox.values())
    processed = imap_account.messages("mailbot.processed")
    assert [i[b"BODY[]"] for i in processed.values()] == [first.raw]
    assert all(b"\\Deleted" not in i[b"FLAGS"] for i in processed.values())
    assert [i[b"BODY[]"] for i in imap_account.messages("mailbot.triage").values()] == [second.raw]


@pytest.mark.parametrize("use_move", [True, False], ids=["MOVE", "COPY+EXPUNGE"])
def test_move_many_moves_a_group_commit_with_one_command(imap_account, use_move):
    for i in range(5):
        imap_account.append(message(i))
    mb = mailbox(imap_account, use_move=use_move)
    try:
        got = mb.fetch()
        mb.move_many([m.ref for m in got[:4]], "processed")
        assert [m.ref for m in mb.fetch()] == [got[4].ref]
        mb.move_many([], "processed")
    finally:
        mb.close()
    done = imap_account.messages("mailbot.processed")
    assert sorted(i[b"BODY[]"] for i in done.values()) == sorted(m.raw for m in got[:4])


def test_move_with_slash_delimiter_and_custom_folders(dovecot_factory):
    server = dovecot_factory(separator="/")
    account = server.add_user()
    account.append(message(1))
    mb = mailbox(account, processed_folder="bots/mailbot/done")
    try:
        (msg,) = mb.fetch()
        mb.move(msg.ref, "processed")
    finally:
        mb.close()
    assert "bots/mailbot/done" in account.folders()
    assert len(account.messages("bots/mailbot/done")) == 1
    assert account.messages() == {}


def test_uidvalidity_change_refetches_and_declines_stale_moves(imap_account, tmp_path, caplog):
    store = Store(tmp_path / "store.json")
    imap_account.append(message(1))
    imap_account.append(message(2))
    mb = mailbox(imap_account, state=store)
    try:
        old = mb.fetch()
        old_validity = int(old[0].ref.split(":")[0])
        assert store.get(STATE, mb._state_key)["uidvalidity"] == old_validity
        mb.close()  # the bot stops; meanwhile the server renumbers the folder

        imap_account.server.doveadm("mailbox", "update", "--uid-validity", str(old_validity + 7),
                                    "-u", imap_account.username, "INBOX")
        mb = mailbox(imap_account, state=store)
        with caplog.at_level(logging.WARNING, logger="mailbot.adapters.imap"):
            new = mb.fetch()
        assert mb.validity_changes == 1
        assert "UIDVALIDITY changed" in caplog.text
        assert [m.raw for m in new] == [m.raw for m in old]  # everything still there, again
        assert all(m.ref.startswith(f"{old_validity + 7}:") for m in new)
        assert store.get(STATE, mb._state_key)["uidvalidity"] == old_validity + 7

        mb.move(old[0].ref, "processed")  # stale ref: declined, nothing moved
        assert len(mb.fetch()) == 2
        mb.move(new[0].ref, "processed")
        assert [m.raw for m in mb.fetch()] == [old[1].raw]
    finally:
        mb.close()
        store.close()


def test_wait_returns_at_once_for_unfetched_mail_and_false_on_timeout(imap_account):
    mb = mailbox(imap_account, poll_interval=3600)
    try:
        assert mb.wait(0.3) is False
        imap_account.append(message(1))
        assert mb.wait(30) is True  # not fetched yet: no need to wait
        mb.fetch()
        assert mb.wait(0.3) is False  # fetched (though not moved): not new any more
    finally:
        mb.close()


def test_idle_wakes_up_when_mail_arrives(imap_account):
    mb = mailbox(imap_account, poll_interval=3600)  # a poll would never come in time
    try:
        assert mb.fetch() == []
        later(0.5, imap_account.append, message(1))
        started = time.monotonic()
        assert mb.wait(60) is True
        assert time.monotonic() - started < 60  # woken by IDLE, not by the timeout
        assert len(mb.fetch()) == 1
    finally:
        mb.close()


def test_idle_is_reissued_each_round(imap_account):
    mb = mailbox(imap_account, poll_interval=3600, idle_timeout=0.3)
    try:
        later(1.2, imap_account.append, message(1))
        assert mb.wait(60) is True
        assert mb.connects == 1
    finally:
        mb.close()


def test_polls_when_idle_is_not_used(imap_account):
    mb = mailbox(imap_account, use_idle=False, poll_interval=0.2)
    try:
        assert mb.fetch() == []
        later(0.5, imap_account.append, message(1))
        assert mb.wait(60) is True
    finally:
        mb.close()


def test_kicked_while_idle_reconnects_and_still_sees_new_mail(imap_account, caplog):
    server = imap_account.server
    mb = mailbox(imap_account, poll_interval=3600)
    try:
        assert mb.fetch() == []

        def kick_then_deliver():
            server.doveadm("kick", imap_account.username)
            time.sleep(0.3)
            imap_account.append(message(1))

        later(0.5, kick_then_deliver)
        with caplog.at_level(logging.WARNING, logger="mailbot.adapters.imap"):
            assert mb.wait(60) is True
        assert mb.connects == 2
        assert "reconnecting" in caplog.text
        assert len(mb.fetch()) == 1
    finally:
        mb.close()


def test_reconnects_after_dovecot_restart(dovecot_factory):
    server = dovecot_factory()
    account = server.add_user()
    account.append(message(1))
    mb = mailbox(account, poll_interval=3600)
    try:
        (first,) = mb.fetch()
        server.restart()
        account.append(message(2))
        assert len(mb.fetch()) == 2  # reconnected transparently
        mb.move(first.ref, "processed")
        assert mb.connects == 2

        # restarted under a waiting bot, with mail arriving while it was down
        def bounce():
            server.stop()
            time.sleep(0.5)
            server.start()
            account.append(message(3))

        later(0.3, bounce)
        assert mb.wait(60) is True
        assert len(mb.fetch()) == 2
    finally:
        mb.close()


def test_auth_failure_is_a_clear_error_with_the_servers_words(imap_account, caplog):
    mb = ImapMailbox(imap_account.host, imap_account.port, username=imap_account.username,
                     password="wrong", security="plain", backoff_initial=0.05)
    with caplog.at_level(logging.ERROR, logger="mailbot.adapters.imap"):
        with pytest.raises(MailboxAuthError) as err:
            mb.fetch()
    assert "Authentication failed" in str(err.value)  # Dovecot's own words
    assert imap_account.username in str(err.value)
    assert "Authentication failed" in caplog.text
    with pytest.raises(MailboxAuthError):
        mb.wait(1)


def test_unreachable_server_raises_after_bounded_retries(caplog):
    port = free_port()  # nothing listens there
    mb = ImapMailbox("127.0.0.1", port, username="u", password="p", security="plain",
                     retry_for=1.0, backoff_initial=0.1, backoff_max=0.4)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="mailbot.adapters.imap"):
        with pytest.raises(MailboxError, match="unreachable"):
            mb.fetch()
    assert time.monotonic() - started < 30
    assert caplog.text.count("reconnecting") >= 2  # it did retry, with backoff


def test_silent_server_times_out_and_is_retried_then_reported(caplog):
    # A listener that never greets: the socket timeout must fire, not hang.
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        mb = ImapMailbox("127.0.0.1", listener.getsockname()[1], username="u", password="p",
                         security="plain", timeout=0.3, retry_for=1.0, backoff_initial=0.1, backoff_max=0.2)
        with caplog.at_level(logging.WARNING, logger="mailbot.adapters.imap"):
            with pytest.raises(MailboxError, match="unreachable"):
                mb.fetch()
    assert "timed out" in caplog.text.lower() or "timeout" in caplog.text.lower()


def test_missing_folder_is_a_clear_error(imap_account):
    mb = mailbox(imap_account, folder="NoSuchFolder")
    with pytest.raises(MailboxError, match="NoSuchFolder"):
        mb.fetch()


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_tls_and_starttls(dovecot_factory, security):
    server = dovecot_factory(tls=True)
    account = server.add_user()
    account.append(message(1))
    port = server.tls_port if security == "tls" else server.port
    ctx = ssl.create_default_context(cafile=str(server.cert))
    mb = ImapMailbox(server.host, port, username=account.username, password=account.password,
                     security=security, ssl_context=ctx, timeout=10)
    try:
        assert len(mb.fetch()) == 1
    finally:
        mb.close()
    # The default context does not trust the self-signed certificate: refused, at once.
    mb = ImapMailbox(server.host, port, username=account.username, password=account.password,
                     security=security, timeout=10, retry_for=60)
    with pytest.raises(MailboxError, match="certificate"):
        mb.fetch()
    # tls_verify = false (tests only) accepts it
    mb = ImapMailbox(server.host, port, username=account.username, password=account.password,
                     security=security, tls_verify=False, timeout=10)
    try:
        assert len(mb.fetch()) == 1
    finally:
        mb.close()


def test_from_config_reads_the_password_from_the_environment(imap_account, monkeypatch, tmp_path):
    cfg = load(REPO / "config.toml")
    settings = MailboxSettings(**imap_account.settings(password_env="MB_TEST_IMAP_PW"))
    cfg = cfg.model_copy(update={"mailbox": settings})
    monkeypatch.setenv("MB_TEST_IMAP_PW", imap_account.password)
    store = Store(tmp_path / "s.json")
    imap_account.append(message(1))
    mb = ImapMailbox.from_config(cfg, store=store)
    try:
        assert "imap plain" in mb.describe()
        assert len(mb.fetch()) == 1
        assert store.get(STATE, mb._state_key)
    finally:
        mb.close()
        store.close()


def test_fetch_skips_the_messages_the_caller_holds(imap_account):
    """The pipeline reads one batch ahead: the second fetch must not return the first batch again."""
    raws = [message(i) for i in range(5)]
    for raw in raws:
        imap_account.append(raw)
    mb = mailbox(imap_account)
    try:
        first = mb.fetch(limit=2)
        ahead = mb.fetch(limit=2, exclude={m.ref for m in first})
        assert [m.raw for m in first] == raws[:2] and [m.raw for m in ahead] == raws[2:4]
        assert [m.raw for m in mb.fetch(exclude={m.ref for m in first + ahead})] == raws[4:]
    finally:
        mb.close()
