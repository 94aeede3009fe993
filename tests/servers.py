"""Real mail servers on loopback for the tests: a private Dovecot and aiosmtpd.

`DovecotServer` runs Debian's Dovecot 2.3 (`/usr/sbin/dovecot`) in the
foreground with a config of its own in a short temp dir, so it never touches
a system-wide instance. `SmtpServer` runs aiosmtpd in a background thread
and keeps what it receives. Both can be stopped and started again on the
same port, for "server gone for a while" tests.

Facts that shaped the Dovecot setup (measured on these machines):
- its auth process needs o+x on every parent of the config (0700 temp dirs
  fail with "Temporary authentication failure"), hence chmod 0755;
- mail must belong to a non-root user ("initialization failed" for uid 0);
- Unix socket paths must stay under 108 bytes, hence /tmp/mbdv-XXXX;
- IDLE clients hear of new mail about 0.5 s after it arrives.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOVECOT = os.environ.get("MAILBOT_TEST_DOVECOT", "/usr/sbin/dovecot")
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"



def kill_group(pgid: int) -> None:
    """SIGTERM a process group, then SIGKILL what is left after 3 s (Dovecot's children linger)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

class ServerError(RuntimeError):
    """A test server could not be started."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, timeout: float = 10.0, expect: bytes = b"") -> bytes:
    """Connect until the server greets (or `timeout` passes); return the greeting."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=2) as s:
                greeting = s.recv(200)
                if greeting.startswith(expect):
                    return greeting
        except OSError as exc:
            last = exc
        time.sleep(0.05)
    raise ServerError(f"nothing answers on {host}:{port} after {timeout:.0f}s ({last})")


def self_signed_cert(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """Write a throwaway certificate for `host`; return (cert, key) paths."""
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    try:
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-days", "2", "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
             "-keyout", str(key_path), "-out", str(cert_path)],
            check=True, capture_output=True)
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def client_tls_context(cafile: Path | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    return ctx


# --------------------------------------------------------------------------- Dovecot

@dataclass
class ImapAccount:
    """One mailbox user on a `DovecotServer`."""

    server: "DovecotServer"
    username: str
    password: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    def client(self, **kw: Any):
        return self.server.client(self.username, self.password, **kw)

    def append(self, raw: bytes, folder: str = "INBOX", flags: tuple = ()) -> None:
        self.server.append(self.username, self.password, raw, folder=folder, flags=flags)

    def messages(self, folder: str = "INBOX") -> dict[int, dict]:
        """UID -> {FLAGS, RFC822.SIZE, BODY[]} of a folder, read-only ({} if absent)."""
        with self.client() as c:
            if not c.folder_exists(folder):
                return {}
            c.select_folder(folder, readonly=True)
            uids = c.search("ALL")
            return c.fetch(uids, ["FLAGS", "RFC822.SIZE", "BODY.PEEK[]"]) if uids else {}

    def folders(self) -> list[str]:
        with self.client() as c:
            return [name for _flags, _delim, name in c.list_folders()]

    def settings(self, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments for `MailboxSettings` pointing at this account (plain IMAP)."""
        values = dict(type="imap", host=self.host, port=self.port, security="plain",
                      username=self.username, password_env="MAILBOT_TEST_IMAP_PASSWORD")
        values.update(overrides)
        return values


class DovecotServer:
    """A private Dovecot 2.3 on loopback with passwd-file users and maildirs.

    `port` serves plain IMAP (STARTTLS offered when `tls=True`), `tls_port`
    IMAP over TLS when `tls=True`. `separator` is the IMAP hierarchy
    delimiter ("." is Dovecot's maildir default; "/" is also common).
    """

    def __init__(self, *, separator: str = ".", tls: bool = False, host: str = "127.0.0.1"):
        if not os.path.exists(DOVECOT):
            raise ServerError(f"{DOVECOT} is missing (apt-get install dovecot-imapd)")
        self.host = host
        self.separator = separator
        self.tls = tls
        # Short and world-traversable: socket paths < 108 bytes, auth needs o+x.
        self.root = Path(tempfile.mkdtemp(prefix="mbdv-", dir="/tmp"))
        os.chmod(self.root, 0o755)
        self.port = free_port(host)
        self.tls_port = free_port(host) if tls else 0
        self.config = self.root / "dovecot.conf"
        self.log = self.root / "dovecot.log"
        self.users_file = self.root / "users"
        self.mail = self.root / "mail"
        self.cert: Path | None = None
        self.users: dict[str, str] = {}
        self.proc: subprocess.Popen | None = None
        self._counter = 0
        self._lock = threading.Lock()
        self._write_config()

    # -- setup ---------------------------------------------------------------
    def _accounts(self) -> tuple[str, str, int, int]:
        """(login user, internal user, mail uid, mail gid): unprivileged, never root."""
        if os.geteuid() != 0:
            me = pwd.getpwuid(os.geteuid())
            return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid
        def have(name: str) -> bool:
            try:
                pwd.getpwnam(name)
                return True
            except KeyError:
                return False
        login = "dovenull" if have("dovenull") else "nobody"
        internal = "dovecot" if have("dovecot") else "nobody"
        owner = next(n for n in ("mail", "dovenull", "nobody") if have(n))
        entry = pwd.getpwnam(owner)
        return login, internal, entry.pw_uid, entry.pw_gid

    def _write_config(self) -> None:
        login, internal, uid, gid = self._accounts()
        self.mail_uid, self.mail_gid = uid, gid
        for sub in ("run", "state"):
            (self.root / sub).mkdir(mode=0o755)
        self.mail.mkdir(mode=0o700)
        os.chown(self.mail, uid, gid)
        self.users = {f"user{i}": f"pw-user{i}" for i in range(1, self.POOL + 1)}
        self._write_users()
        ssl_lines = "ssl = no"
        imaps = "inet_listener imaps {\n    port = 0\n  }"
        if self.tls:
            self.cert, key = self_signed_cert(self.root, self.host)
            os.chmod(key, 0o600)
            ssl_lines = f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{key}"
            imaps = (f"inet_listener imaps {{\n    address = {self.host}\n    port = {self.tls_port}\n"
                     f"    ssl = yes\n  }}")
        self.config.write_text(f"""\
# Private test instance written by tests/servers.py (Dovecot 2.3 syntax).
instance_name = {self.root.name}
protocols = imap
listen = {self.host}
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.log}
info_log_path = {self.log}
debug_log_path = {self.log}
{ssl_lines}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes
default_login_user = {login}
default_internal_user = {internal}
first_valid_uid = 1
first_valid_gid = 1
mail_uid = {uid}
mail_gid = {gid}
mail_location = maildir:{self.mail}/%u
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.users_file}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users_file}
  default_fields = home={self.mail}/%u
}}
namespace inbox {{
  inbox = yes
  separator = {self.separator}
}}
# No growing delay for loopback after the auth-failure tests.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  {imaps}
}}
""")
        os.chmod(self.config, 0o644)

    #: users written before start: Dovecot may miss a passwd-file rewritten
    #: within the same second, so fresh accounts come from this pool
    POOL = 200

    def _write_users(self) -> None:
        lines = "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in self.users.items())
        tmp = self.users_file.with_suffix(".tmp")
        tmp.write_text(lines)
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.users_file)

    def add_user(self, username: str | None = None, password: str | None = None) -> ImapAccount:
        """A fresh account: the next unused one of the pool, or a new user named `username`."""
        with self._lock:
            if username is None and self._counter < self.POOL:
                self._counter += 1
                username = f"user{self._counter}"
                return ImapAccount(self, username, self.users[username])
            if username is None:
                self._counter += 1
                username = f"user{self._counter}"
            self.users[username] = password or f"pw-{username}"
            # A rewrite within the same second as the last one may go unseen.
            time.sleep(max(0.0, 1.05 - (time.time() - self.users_file.stat().st_mtime)))
            self._write_users()
            return ImapAccount(self, username, self.users[username])

    # -- lifecycle -----------------------------------------------------------
    def start(self, timeout: float = 15.0) -> "DovecotServer":
        if self.proc is not None and self.proc.poll() is None:
            return self
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(self.host, self.port, timeout, expect=b"* OK")
        except ServerError:
            out = self._collect_output()
            raise ServerError(f"Dovecot did not start: {out}\n--- log ---\n{self.log_text()[-3000:]}") from None
        return self

    def _collect_output(self) -> str:
        if self.proc is None:
            return ""
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            out, _ = self.proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            return ""
        return (out or b"").decode(errors="replace")

    def stop(self, timeout: float = 10.0) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # master and children at once: a hard restart
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        # The master leaves its imap, log and stats children running when it
        # exits; they share its process group (its own session, see start).
        kill_group(proc.pid)
        if proc.stdout:
            proc.stdout.close()
        # The port must be free again before a restart can bind it.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    pass
            except OSError:
                break
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "DovecotServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.cleanup()

    # -- helpers -------------------------------------------------------------
    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def doveadm(self, *args: str) -> str:
        """Run `doveadm -c <our config> ...` (never the system instance)."""
        res = subprocess.run([DOVEADM, "-c", str(self.config), *args], capture_output=True, text=True,
                             timeout=30)
        if res.returncode != 0:
            raise ServerError(f"doveadm {' '.join(args)} failed: {res.stderr.strip() or res.stdout.strip()}")
        return res.stdout

    def client(self, username: str, password: str, *, timeout: float = 10.0):
        from imapclient import IMAPClient

        c = IMAPClient(self.host, self.port, ssl=False, timeout=timeout)
        c.login(username, password)
        return c

    def append(self, username: str, password: str, raw: bytes, *, folder: str = "INBOX",
               flags: tuple = ()) -> None:
        """APPEND a message over IMAP from a connection of its own."""
        with self.client(username, password) as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            c.append(folder, raw, flags=flags)


# --------------------------------------------------------------------------- SMTP

@dataclass
class Received:
    """One message as the SMTP server received it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    session: int  # connection number (1, 2, ...): mails of one batch share it
    mail_options: list[str] = field(default_factory=list)  # MAIL FROM parameters (SIZE=, BODY=, ...)


class _Handler:
    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        srv = self.server
        with srv._lock:
            if not hasattr(session, "mailbot_number"):
                srv._sessions += 1
                session.mailbot_number = srv._sessions
        if srv.mail_reply:
            return srv.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.server.rcpt_replies.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        srv = self.server
        if srv.data_delay:
            await asyncio.sleep(srv.data_delay)
        if srv.data_reply:
            return srv.data_reply
        with srv._lock:
            # aiosmtpd keeps the null sender as "<>" (and needs it truthy): record "".
            mail_from = "" if envelope.mail_from == "<>" else envelope.mail_from
            srv.messages.append(Received(mail_from, list(envelope.rcpt_tos),
                                         envelope.original_content or b"",
                                         getattr(session, "mailbot_number", 0), list(envelope.mail_options)))
        return "250 2.0.0 Message accepted"


class SmtpServer:
    """aiosmtpd on a loopback port in a background thread.

    - `messages`: every accepted message (`Received`), in arrival order;
    - `rcpt_replies[address] = "450 4.2.1 try later"`: reply to RCPT TO for
      that (lower-case) address instead of accepting it; `mail_reply`,
      `data_reply` do the same for MAIL FROM and DATA; `data_delay` holds
      the answer to DATA back that many seconds;
    - `sessions`: connections that started a mail transaction;
    - `stop()` / `start()`: take it down and bring it back on the same port;
    - `tls=True`: STARTTLS with a self-signed cert (`cert` for clients);
      `auth={"user": "password"}`: AUTH PLAIN/LOGIN required;
      `smtputf8=False`: a server without SMTPUTF8 (RFC 6531).
    """

    def __init__(self, host: str = "127.0.0.1", port: int | None = None, *, tls: bool = False,
                 auth: dict[str, str] | None = None, smtputf8: bool = True):
        self.host = host
        self.smtputf8 = smtputf8
        self.port = port or free_port(host)
        self.messages: list[Received] = []
        self.rcpt_replies: dict[str, str] = {}
        self.mail_reply: str | None = None
        self.data_reply: str | None = None
        self.data_delay = 0.0  # seconds before answering the end of DATA (a slow or stalled server)
        self.auth = auth
        self.logins: list[str] = []
        self._sessions = 0
        self._lock = threading.Lock()
        self._controller = None
        self.cert: Path | None = None
        self._tls_context: ssl.SSLContext | None = None
        self._tmp: Path | None = None
        if tls:
            self._tmp = Path(tempfile.mkdtemp(prefix="mbsmtp-"))
            self.cert, key = self_signed_cert(self._tmp, host)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(self.cert, key)
            self._tls_context = ctx

    @property
    def sessions(self) -> int:
        return self._sessions

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        user = auth_data.login.decode()
        ok = self.auth is not None and self.auth.get(user) == auth_data.password.decode()
        if ok:
            self.logins.append(user)
        # handled=False: aiosmtpd answers "535" itself (True would leave the client hanging)
        return AuthResult(success=ok, handled=False)

    def start(self) -> "SmtpServer":
        from aiosmtpd.controller import Controller

        if self._controller is not None:
            return self
        kwargs: dict[str, Any] = dict(hostname=self.host, port=self.port, ready_timeout=10,
                                      server_hostname="mbtest.invalid", enable_SMTPUTF8=self.smtputf8)
        if self._tls_context is not None:
            kwargs.update(tls_context=self._tls_context, require_starttls=True)
        if self.auth is not None:
            kwargs.update(authenticator=self._authenticate, auth_required=True,
                          auth_require_tls=self._tls_context is not None)
        class _Controller(Controller):
            def factory(self):
                with warnings.catch_warnings():
                    # AUTH without TLS is what a plain-text test server is for.
                    warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
                    return super().factory()

        controller = _Controller(_Handler(self), **kwargs)
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.stop()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.cleanup()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Poll until at least `count` messages arrived (or `timeout`); return them."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.messages)

    def settings(self, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments for `TransportSettings` pointing at this server."""
        values = dict(type="smtp", host=self.host, port=self.port,
                      security="starttls" if self._tls_context else "plain")
        values.update(overrides)
        return values
