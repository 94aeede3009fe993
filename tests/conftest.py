"""Shared pytest fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import DOVECOT, DovecotServer, ImapAccount, ServerError, SmtpServer  # noqa: E402


# --------------------------------------------------------------------------- logs stay captured
# The test servers' libraries (aiosmtpd's "mail.log", uvicorn) log every
# connection at INFO from their own threads, also between tests, when no
# test's capture is active: held at WARNING, as `mailbot` holds them. A test
# that wants them asks caplog.set_level(logging.INFO, logger="mail.log").
# And a test that runs `mailbot` in-process leaves its stderr handler on the
# root logger; it is taken off again, so later records go only to pytest's
# capture, never to the terminal.
SERVER_LOGGERS = ("mail.log", "uvicorn", "uvicorn.error", "uvicorn.access", "asyncio")


@pytest.fixture(autouse=True, scope="session")
def _quiet_server_logs():
    import logging

    old = {name: logging.getLogger(name).level for name in SERVER_LOGGERS}
    for name in SERVER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    yield
    for name, level in old.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture(autouse=True)
def _root_log_handlers_restored():
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    for name in SERVER_LOGGERS:  # uvicorn's own dictConfig (a test's server start) sets them back to INFO
        logging.getLogger(name).setLevel(logging.WARNING)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


# --------------------------------------------------------------------------- real mail servers
# Without $CI a missing Dovecot skips the IMAP tests; in CI it fails them,
# so a broken CI image cannot pass by skipping everything.

def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def require(module: str):
    """Import a test-only dependency; without it, skip, or fail in CI (as for the servers)."""
    try:
        return __import__(module)
    except ImportError:
        _unavailable(f"{module} is not installed (pip install -e '.[test]')")


def _new_dovecot(**kw) -> DovecotServer:
    if not os.path.exists(DOVECOT):
        _unavailable(f"Dovecot not installed ({DOVECOT} missing; apt-get install dovecot-imapd)")
    try:
        return DovecotServer(**kw).start()
    except ServerError as exc:
        _unavailable(f"cannot start a private Dovecot: {exc}")
        raise


@pytest.fixture(scope="session")
def dovecot():
    """A private Dovecot (plain IMAP on a loopback port, "." separator) for the whole session."""
    server = _new_dovecot()
    yield server
    server.cleanup()


@pytest.fixture
def imap_account(dovecot) -> ImapAccount:
    """A fresh, empty user on the session Dovecot (`.append(raw)`, `.messages(folder)`, `.client()`)."""
    return dovecot.add_user()


@pytest.fixture
def dovecot_factory():
    """Start private Dovecots for one test (restarts, TLS, other separators): `factory(**kw)`."""
    servers: list[DovecotServer] = []

    def make(**kw) -> DovecotServer:
        server = _new_dovecot(**kw)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.cleanup()


@pytest.fixture
def smtp_server():
    """aiosmtpd on a loopback port, storing what it receives (see servers.SmtpServer)."""
    server = SmtpServer().start()
    yield server
    server.cleanup()


@pytest.fixture
def smtp_factory():
    """Start SMTP servers with options for one test: `factory(tls=True, auth={...})`."""
    servers: list[SmtpServer] = []

    def make(**kw) -> SmtpServer:
        server = SmtpServer(**kw).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.cleanup()
