"""The IMAP inbox: `ImapMailbox`, the `Mailbox` contract over imapclient.

Contract details that matter to the pipeline:

- `fetch` reads with BODY.PEEK (never sets \\Seen) and returns the oldest
  messages still in the folder, in UID order. The inbox only holds
  unprocessed mail (each message is moved out after its effects are
  stored), so "everything still in the folder" *is* the new mail; a message
  fetched but not moved (crash, error) comes back next time and the store's
  Message-ID dedupe keeps it from being processed twice.
- Messages larger than `max_fetch_size` come back with `truncated=True`:
  the header plus the first text part (at most `partial_size` bytes of it),
  wrapped so that it still parses as MIME.
- `ref` is "UIDVALIDITY:UID". When the server renumbers the folder (a
  UIDVALIDITY change, logged), refs from before are stale: `move` declines
  them with a warning instead of moving whatever now holds that UID, and the
  message is simply fetched again under its new UID.
- `move` uses MOVE, or COPY + \\Deleted + UID EXPUNGE where MOVE is missing,
  and creates the destination (in the server's hierarchy delimiter and
  personal namespace) when absent.
- `wait` IDLEs where the server offers it, re-issuing IDLE every
  `idle_timeout` seconds (servers may drop a client idle for 30 minutes)
  with a NOOP in between as a dead-connection check; it polls otherwise.

Failure policy (chosen): connection failures (EOF, BYE, socket errors,
timeouts, temporary auth failures) are retried transparently: the
connection is dropped and re-opened with exponential backoff and jitter
(`backoff_initial` doubling up to `backoff_max`), and the call carries on.
Only when the server stays unreachable for `retry_for` seconds does the
call raise `MailboxError`. Answers that reconnecting cannot change raise at
once: a rejected login (`MailboxAuthError`, with the server's words), a
missing folder, a NO/BAD to a command, a certificate that does not verify,
a server without STARTTLS when STARTTLS is configured. The backoff state
outlives a failed call, so a caller that retries in a loop still waits
between attempts: the adapter never spins on a dead or refusing server.

One `ImapMailbox` holds one connection and is not meant to be shared by
threads (a lock serialises calls, so a `fetch` from another thread waits
for a running `wait` to end).

Why one room past 400 lines: one adapter around one connection — connect,
retry, IDLE, UIDVALIDITY, fetch and move share the connection's state, and
the contract above holds only for them together.
"""

from __future__ import annotations

from mailbot.core import tables

import logging
import random
import ssl
import threading
import time
from typing import Any, Callable, Collection, Iterable, Protocol, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import CapabilityError, IMAPClientAbortError, IMAPClientError, LoginError

from mailbot.adapters.mailbox import DESTINATIONS, InboxMessage

log = logging.getLogger(__name__)

T = TypeVar("T")

DELETED = b"\\Deleted"
#: bytes of the first text part fetched from an oversize message
PARTIAL_SIZE = 65536


class MailboxError(Exception):
    """The mailbox cannot do what was asked (after any reconnection attempts)."""


class MailboxAuthError(MailboxError):
    """The server rejected the login; the message carries the server's words."""


class _Permanent(Exception):
    """A connect-time failure that retrying will not fix."""


class _AuthRejected(_Permanent):
    """The server said no to our credentials."""


class _Transient(Exception):
    """A connect-time failure worth retrying (e.g. a temporary auth failure)."""


class StateStore(Protocol):
    def get(self, table: str, key: str) -> dict[str, Any] | None: ...

    def put(self, table: str, key: str, doc: dict[str, Any]) -> None: ...


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _server_words(exc: BaseException) -> str:
    """imapclient wraps replies as "b'[CODE] text'": give back the text."""
    words = str(exc)
    if words.startswith(("b'", 'b"')) and words[-1:] in ("'", '"'):
        words = words[2:-1]
    return words


class ImapMailbox:
    """The inbound side over IMAP (imapclient): see the module docstring."""

    def __init__(
        self,
        host: str,
        port: int = 993,
        *,
        username: str,
        password: str,
        security: str = "tls",
        folder: str = "INBOX",
        processed_folder: str = "mailbot/processed",
        triage_folder: str = "mailbot/triage",
        batch_size: int = 100,
        poll_interval: float = 60.0,
        idle_timeout: float = 25 * 60.0,
        max_fetch_size: int = 10 * 1024 * 1024,
        timeout: float = 30.0,
        tls_verify: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        state: StateStore | None = None,
        use_move: bool = True,
        use_idle: bool = True,
        retry_for: float = 300.0,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        partial_size: int = PARTIAL_SIZE,
    ):
        if security not in ("tls", "starttls", "plain"):
            raise ValueError(f"security must be tls, starttls or plain, not {security!r}")
        self.host, self.port = host, port
        self.username, self._password = username, password
        self.security = security
        self.folder = folder
        self.folders = {"processed": processed_folder, "triage": triage_folder}
        self.batch_size = max(1, batch_size)
        self.poll_interval = poll_interval
        self.idle_timeout = idle_timeout
        self.max_fetch_size = max_fetch_size
        self.timeout = timeout
        self.tls_verify = tls_verify
        self._ssl_context = ssl_context
        self.state = state
        self.use_move = use_move
        self.use_idle = use_idle
        self.retry_for = retry_for
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.partial_size = partial_size

        self._client: IMAPClient | None = None
        self._lock = threading.RLock()
        self._failures = 0
        self._not_before = 0.0
        self._uidvalidity: int | None = None
        self._last_uid = 0  # highest UID handed out by fetch (for this UIDVALIDITY)
        self._delimiter: str | None = "/"
        self._prefix = ""
        self._existing: set[str] = set()
        #: observability for tests and `mailbot check`
        self.connects = 0
        self.validity_changes = 0

    # -- construction from config ---------------------------------------------
    @classmethod
    def from_settings(cls, settings: Any, password: str, *, state: StateStore | None = None,
                      **overrides: Any) -> "ImapMailbox":
        """Build from a `config.MailboxSettings` and the password read from its env var."""
        s = settings
        kwargs: dict[str, Any] = dict(
            username=s.username, password=password, security=s.security, folder=s.folder,
            processed_folder=s.processed_folder, triage_folder=s.triage_folder,
            batch_size=s.batch_size, poll_interval=s.poll_interval, idle_timeout=s.idle_timeout,
            max_fetch_size=s.max_fetch_size, timeout=s.timeout, tls_verify=s.tls_verify, state=state,
        )
        kwargs.update(overrides)
        return cls(s.host, s.port, **kwargs)

    @classmethod
    def from_config(cls, cfg: Any, store: StateStore | None = None, **overrides: Any) -> "ImapMailbox":
        """Build from a `Config`: password from `cfg.mailbox.password_env`, UIDVALIDITY kept in `store`."""
        m = cfg.mailbox
        password = cfg.secret(m.password_env)
        if not password:
            log.warning("IMAP: environment variable %s is empty; the login will most likely fail",
                        m.password_env)
        return cls.from_settings(m, password, state=store, **overrides)

    def describe(self) -> str:
        return f"imap {self.security} {self.username}@{self.host}:{self.port}/{self.folder}"

    @property
    def _state_key(self) -> str:
        return f"imap:{self.username}@{self.host}:{self.port}/{self.folder}"

    # -- connection management ------------------------------------------------
    def _tls(self) -> ssl.SSLContext:
        if self._ssl_context is not None:
            return self._ssl_context
        ctx = ssl.create_default_context()
        if not self.tls_verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def _connect(self) -> IMAPClient:
        client = None
        try:
            if self.security == "tls":
                client = IMAPClient(self.host, self.port, ssl=True, ssl_context=self._tls(),
                                    timeout=self.timeout)
            else:
                client = IMAPClient(self.host, self.port, ssl=False, timeout=self.timeout)
                if self.security == "starttls":
                    client.starttls(self._tls())
            try:
                client.login(self.username, self._password)
            except LoginError as exc:
                words = _server_words(exc)
                # [UNAVAILABLE] is the server's "try again later" (RFC 5530).
                if "UNAVAILABLE" in words.upper() or "temporary" in words.lower():
                    raise _Transient(f"login temporarily refused: {words}") from None
                raise _AuthRejected(f"login as {self.username!r} rejected by {self.host}:{self.port}: {words}") from None
            self._learn_hierarchy(client)
            folder = self._server_folder(self.folder)
            try:
                info = client.select_folder(folder)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                raise _Permanent(f"cannot select folder {folder!r}: {_server_words(exc)}") from None
            self._check_validity(int(info[b"UIDVALIDITY"]))
        except CapabilityError as exc:
            self._shutdown(client)
            raise _Permanent(f"{self.host}:{self.port} cannot do what the config asks: {exc}") from None
        except ssl.SSLCertVerificationError as exc:
            self._shutdown(client)
            raise _Permanent(f"TLS certificate of {self.host}:{self.port} does not verify: {exc}") from None
        except BaseException:
            self._shutdown(client)
            raise
        self.connects += 1
        log.info("IMAP: connected to %s (UIDVALIDITY %s)", self.describe(), self._uidvalidity)
        return client

    def check(self) -> str:
        """One connection attempt for `mailbot check`: what is wrong, in words (raises MailboxError)."""
        client = None
        try:
            client = self._connect()
            found = []
            for name in (self.folders["processed"], self.folders["triage"]):
                found.append(f"{name} {'exists' if client.folder_exists(self._server_folder(name)) else 'will be created'}")
            return f"ok: logged in as {self.username!r}, folder {self.folder!r} selected; " + ", ".join(found)
        except _AuthRejected as exc:
            raise MailboxError(f"bad credentials: {exc} (check username and ${self.password_env_hint})") from None
        except _Permanent as exc:
            raise MailboxError(f"{exc}" + (" (missing folder?)" if "select folder" in str(exc) else "")) from None
        except _Transient as exc:
            raise MailboxError(f"{self.host}:{self.port}: {exc}") from None
        except (OSError, IMAPClientError) as exc:
            raise MailboxError(f"cannot reach the IMAP server {self.host}:{self.port}: "
                               f"{_server_words(exc) or type(exc).__name__} (host, port, security, firewall?)") from None
        finally:
            self._shutdown(client)

    password_env_hint = "MAILBOT_IMAP_PASSWORD"

    @staticmethod
    def _shutdown(client: IMAPClient | None) -> None:
        if client is None:
            return
        try:
            client.shutdown()
        except Exception:  # already dead: nothing to release
            pass

    def _learn_hierarchy(self, client: IMAPClient) -> None:
        prefix, delimiter = "", None
        try:
            if client.has_capability("NAMESPACE"):
                personal = client.namespace().personal
                if personal:
                    prefix, delimiter = personal[0][0] or "", personal[0][1]
            if delimiter is None:
                listing = client.list_folders("", "")
                if listing:
                    delimiter = _text(listing[0][1]) if listing[0][1] else None
        except IMAPClientAbortError:
            raise
        except IMAPClientError as exc:
            log.debug("IMAP: cannot learn the folder hierarchy (%s); assuming '/'", exc)
            delimiter = "/"
        self._prefix, self._delimiter = prefix, delimiter

    def _server_folder(self, name: str) -> str:
        """A configured "a/b" name in the server's terms ("a.b", "INBOX.a.b", ...)."""
        if name.upper() == "INBOX":
            return "INBOX"
        parts = [p for p in name.split("/") if p]
        server_name = (self._delimiter or "/").join(parts) if self._delimiter else name
        if self._prefix and not server_name.upper().startswith(self._prefix.upper()):
            server_name = self._prefix + server_name
        return server_name

    def _check_validity(self, validity: int) -> None:
        known = self._uidvalidity
        stored: dict[str, Any] | None = None
        if self.state is not None:
            try:
                stored = self.state.get(tables.STATE, self._state_key)
            except Exception as exc:  # state is an optimisation; never fail a connect over it
                log.warning("IMAP: cannot read UIDVALIDITY from the store: %s", exc)
        if known is None and stored:
            known = stored.get("uidvalidity")
        if known is not None and known != validity:
            self.validity_changes += 1
            self._last_uid = 0
            log.warning(
                "IMAP %s: UIDVALIDITY changed from %s to %s (the server renumbered the folder): "
                "fetching everything still in it again; Message-IDs already in the store are not "
                "processed twice, and moves of old refs are declined", self.describe(), known, validity)
        self._uidvalidity = validity
        if self.state is not None and (not stored or stored.get("uidvalidity") != validity):
            try:
                self.state.put(tables.STATE, self._state_key, {"uidvalidity": validity, "at": time.time()})
            except Exception as exc:
                log.warning("IMAP: cannot remember UIDVALIDITY in the store: %s", exc)

    def _drop(self) -> None:
        client, self._client = self._client, None
        self._existing.clear()
        self._shutdown(client)

    def _backoff(self) -> float:
        """Schedule the next connection attempt; return the delay."""
        self._failures += 1
        ceiling = min(self.backoff_max, self.backoff_initial * 2 ** (self._failures - 1))
        delay = ceiling / 2 + random.uniform(0, ceiling / 2)  # jitter, never ~0
        self._not_before = time.monotonic() + delay
        return delay

    def _ensure(self) -> IMAPClient:
        if self._client is None:
            pause = self._not_before - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._client = self._connect()
        return self._client

    def _call(self, what: str, fn: Callable[[IMAPClient], T]) -> T:
        """Run `fn` on a live connection, reconnecting as the module docstring says."""
        with self._lock:
            started = time.monotonic()
            while True:
                try:
                    result = fn(self._ensure())
                    self._failures = 0
                    return result
                except _Permanent as exc:
                    self._drop()
                    self._backoff()
                    log.error("IMAP %s: %s", self.describe(), exc)
                    cls = MailboxAuthError if isinstance(exc, _AuthRejected) else MailboxError
                    raise cls(f"IMAP {self.describe()}: {exc}") from None
                except (IMAPClientAbortError, OSError, EOFError, _Transient) as exc:
                    # IMAPClientAbortError covers BYE and EOF; OSError covers
                    # refused connections, resets, TLS errors and timeouts.
                    self._drop()
                    delay = self._backoff()
                    reason = _server_words(exc) or type(exc).__name__
                    if time.monotonic() + delay - started > self.retry_for:
                        log.error("IMAP %s: %s failed and the server stayed unreachable for %.0fs: %s",
                                  self.describe(), what, self.retry_for, reason)
                        raise MailboxError(f"IMAP {self.describe()}: {what} failed; unreachable for "
                                           f"{self.retry_for:.0f}s: {reason}") from exc
                    log.warning("IMAP %s: %s failed (%s: %s); reconnecting in %.1fs", self.describe(),
                                what, type(exc).__name__, reason, delay)
                except IMAPClientError as exc:
                    # A NO/BAD: the server answered and reconnecting will not change that.
                    raise MailboxError(f"IMAP {self.describe()}: {what} refused: {_server_words(exc)}") from exc

    def close(self) -> None:
        with self._lock:
            client, self._client = self._client, None
            if client is not None:
                try:
                    client.logout()
                except Exception:
                    self._shutdown(client)

    # -- fetch ----------------------------------------------------------------
    def fetch(self, limit: int | None = None, exclude: Collection[str] = ()) -> list[InboxMessage]:
        return self._call("fetch", lambda c: self._fetch(c, limit, exclude))

    def _fetch(self, client: IMAPClient, limit: int | None, exclude: Collection[str] = ()) -> list[InboxMessage]:
        # A server shows a session new mail only when it syncs, which it may
        # do after a command rather than before: NOOP first, then SEARCH.
        client.noop()
        uids = sorted(client.search(["UNDELETED"]))
        if exclude:
            uids = [u for u in uids if f"{self._uidvalidity}:{u}" not in exclude]
        if limit is not None:
            uids = uids[:max(0, limit)]
        out: list[InboxMessage] = []
        for start in range(0, len(uids), self.batch_size):
            chunk = uids[start:start + self.batch_size]
            sizes = client.fetch(chunk, ["RFC822.SIZE"])
            whole = [u for u in chunk if u in sizes and sizes[u].get(b"RFC822.SIZE", 0) <= self.max_fetch_size]
            bodies = client.fetch(whole, ["BODY.PEEK[]"]) if whole else {}
            for uid in chunk:
                if uid not in sizes:  # expunged by someone else meanwhile
                    continue
                size = int(sizes[uid].get(b"RFC822.SIZE", 0))
                if uid in bodies:
                    raw = bodies[uid].get(b"BODY[]")
                    truncated = False
                elif uid in whole:
                    continue
                else:
                    raw = self._fetch_partial(client, uid)
                    truncated = True
                    log.info("IMAP: message UID %s is %d bytes (limit %d): fetched its header and first "
                             "text part only", uid, size, self.max_fetch_size)
                if raw is None:
                    continue
                out.append(InboxMessage(ref=f"{self._uidvalidity}:{uid}", raw=bytes(raw), size=size,
                                        truncated=truncated))
        if uids:
            self._last_uid = max(self._last_uid, uids[-1])
        return out

    def _fetch_partial(self, client: IMAPClient, uid: int) -> bytes | None:
        got = client.fetch([uid], ["BODYSTRUCTURE", "BODY.PEEK[HEADER]"]).get(uid)
        if not got:
            return None
        header = bytes(got.get(b"BODY[HEADER]") or b"")
        structure = got.get(b"BODYSTRUCTURE")
        part = _first_text_part(structure) if structure is not None else None
        if part is None:
            return header
        number, boundary = part
        want = f"BODY.PEEK[{number}]<0.{self.partial_size}>"
        items = [want] if boundary is None else [f"BODY.PEEK[{number}.MIME]", want]
        data = client.fetch([uid], items).get(uid) or {}
        text = bytes(next((v for k, v in data.items() if k.startswith(f"BODY[{number}]".encode())), b"") or b"")
        if boundary is None:  # single-part message: the header already describes the text
            return header + text
        mime = bytes(data.get(f"BODY[{number}.MIME]".encode()) or b"Content-Type: text/plain\r\n\r\n")
        b = boundary.encode()
        return header + b"--" + b + b"\r\n" + mime + text + b"\r\n--" + b + b"--\r\n"

    # -- move -----------------------------------------------------------------
    def move(self, ref: str, destination: str) -> None:
        self.move_many([ref], destination)

    def move_many(self, refs: Iterable[str], destination: str) -> None:
        """Move several messages with one command (for group commits); same rules as `move`."""
        if destination not in DESTINATIONS:
            raise ValueError(f"unknown destination {destination!r}")
        parsed: list[tuple[str, int, int]] = []
        for ref in refs:
            try:
                validity_text, uid_text = ref.split(":", 1)
                parsed.append((ref, int(validity_text), int(uid_text)))
            except ValueError:
                raise ValueError(f"not an IMAP message ref: {ref!r}") from None
        if not parsed:
            return
        what = f"move {parsed[0][0]}{' and %d more' % (len(parsed) - 1) if len(parsed) > 1 else ''} to {destination}"
        self._call(what, lambda c: self._move(c, parsed, destination))

    def _move(self, client: IMAPClient, refs: list[tuple[str, int, int]], destination: str) -> None:
        uids = []
        for ref, validity, uid in refs:
            if validity != self._uidvalidity:
                log.warning("IMAP: not moving %s: the folder's UIDVALIDITY is now %s, so that UID may name "
                            "another message; it will be fetched again under its new UID", ref, self._uidvalidity)
            else:
                uids.append(uid)
        if not uids:
            return
        folder = self._server_folder(self.folders[destination])
        self._ensure_folder(client, folder)
        if self.use_move and client.has_capability("MOVE"):
            try:
                client.move(uids, folder)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                if "TRYCREATE" not in str(exc).upper():
                    raise
                self._existing.discard(folder)
                self._ensure_folder(client, folder)
                client.move(uids, folder)
            return
        flags = client.get_flags(uids)
        present = [u for u in uids if u in flags]
        if len(present) < len(uids):
            log.info("IMAP: UID(s) %s no longer in %s (moved already?)",
                     ", ".join(str(u) for u in uids if u not in flags), self.folder)
        if not present:
            return
        # \Deleted already set means an earlier attempt copied it: do not copy twice.
        to_copy = [u for u in present if DELETED not in flags[u]]
        if to_copy:
            client.copy(to_copy, folder)
            client.add_flags(to_copy, [DELETED], silent=True)
        if client.has_capability("UIDPLUS"):
            client.uid_expunge(present)
        else:
            # Without UIDPLUS EXPUNGE removes every \Deleted message in the
            # folder; fetch skips \Deleted ones, so those are copied already.
            client.expunge()

    def _ensure_folder(self, client: IMAPClient, folder: str) -> None:
        if folder in self._existing:
            return
        if not client.folder_exists(folder):
            try:
                client.create_folder(folder)
                log.info("IMAP: created folder %s", folder)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as exc:
                if "ALREADYEXISTS" not in str(exc).upper():
                    raise
            try:
                client.subscribe_folder(folder)  # so staff see it in their mail clients
            except IMAPClientAbortError:
                raise
            except IMAPClientError:
                pass
        self._existing.add(folder)

    # -- wait -----------------------------------------------------------------
    def wait(self, timeout: float) -> bool:
        """True as soon as mail newer than the last fetch is in the folder; False after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            outcome = self._call("wait", lambda c: self._wait_round(c, deadline))
            if outcome is not None:
                return outcome

    def _has_new(self, client: IMAPClient) -> bool:
        client.noop()  # let the session see mail that arrived since its last command
        # "UID n:*" always matches the highest UID, even below n: filter.
        uids = client.search(["UID", f"{self._last_uid + 1}:*", "UNDELETED"])
        return any(u > self._last_uid for u in uids)

    def _wait_round(self, client: IMAPClient, deadline: float) -> bool | None:
        """One IDLE round (or poll step): True/False when done, None to go on."""
        if self._has_new(client):
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if not (self.use_idle and client.has_capability("IDLE")):
            time.sleep(min(self.poll_interval, left))
            return None
        round_end = time.monotonic() + min(left, self.idle_timeout)
        client.idle()
        woke = False
        while not woke:
            wait_for = round_end - time.monotonic()
            if wait_for <= 0:
                break
            began = time.monotonic()
            responses = client.idle_check(timeout=wait_for)
            for resp in responses:
                if resp and resp[0] == b"BYE":
                    raise IMAPClientAbortError(f"server said BYE during IDLE: {_text(resp[-1])}")
                if len(resp) >= 2 and resp[1] in (b"EXISTS", b"RECENT"):
                    woke = True
            if not responses and time.monotonic() - began < wait_for - 0.05:
                # Readable but nothing to read: the server closed the connection.
                raise IMAPClientAbortError("connection closed during IDLE")
        client.idle_done()
        if not woke:
            client.noop()  # dead-connection check between IDLE rounds
        # EXISTS/RECENT can also follow expunges elsewhere: confirm with a search.
        return True if woke and self._has_new(client) else None


def _first_text_part(structure: Any) -> tuple[str, str | None] | None:
    """(part number, top-level boundary or None) of the first text part to keep.

    Prefers text/plain over other text types and skips attachments.
    """
    if not structure.is_multipart:
        if _is_text(structure):
            return "1", None
        return None
    boundary = _param(structure[2] if len(structure) > 2 else None, b"BOUNDARY")
    candidates: list[tuple[str, Any]] = []
    _walk(structure, "", candidates)
    plain = [c for c in candidates if _lower(c[1][1]) == b"plain"]
    chosen = (plain or candidates or [None])[0]
    if chosen is None or boundary is None:
        return None
    return chosen[0], _text(boundary)


def _walk(node: Any, prefix: str, out: list[tuple[str, Any]]) -> None:
    for i, part in enumerate(node[0], 1):
        number = f"{prefix}{i}"
        if part.is_multipart:
            _walk(part, number + ".", out)
        elif _is_text(part) and not _is_attachment(part):
            out.append((number, part))


def _lower(value: Any) -> bytes:
    return value.lower() if isinstance(value, bytes) else b""


def _is_text(part: Any) -> bool:
    return _lower(part[0]) == b"text"


def _is_attachment(part: Any) -> bool:
    # Single text part layout: type, subtype, params, id, description,
    # encoding, size, lines, md5, disposition, ...
    disposition = part[9] if len(part) > 9 else None
    return isinstance(disposition, tuple) and bool(disposition) and _lower(disposition[0]) == b"attachment"


def _param(params: Any, name: bytes) -> bytes | None:
    if not isinstance(params, tuple):
        return None
    items: Iterable[Any] = params
    pairs = list(items)
    for key, value in zip(pairs[::2], pairs[1::2]):
        if _lower(key) == name.lower():
            return value
    return None
