"""SMTP delivery: `SmtpTransport`, the `Transport` contract over aiosmtplib.

One connection per batch. Per message, the server's answer decides:

- 2xx                                   -> DELIVERED (detail: the server's reply)
- 4xx, connection refused, timeout,
  disconnect, AUTH refused              -> TRANSIENT (the outbox retries later)
- 5xx (including every recipient
  refused with 5xx), invalid address    -> PERMANENT (detail: the server's reply)

When the connection cannot be opened, or is lost mid-batch (disconnect,
timeout, 421), every mail not yet accepted is TRANSIENT. A mail accepted for
some recipients but refused for others is DELIVERED (re-sending it would
duplicate it for the accepted ones); the refusals are in `detail` and logged.

`raw` goes out as it is (MAIL/RCPT/DATA as `sendmail` does them, not `send_message`): envelope sender
`envelope_from` ("" is the null sender, `MAIL FROM:<>`), recipients `to`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from typing import Any, Callable, Sequence

import aiosmtplib
from aiosmtplib import (
    SMTPAuthenticationError,
    SMTPException,
    SMTPNotSupported,
    SMTPRecipientRefused,
    SMTPRecipientsRefused,
    SMTPResponse,
    SMTPResponseException,
    SMTPSenderRefused,
)
from aiosmtplib.email import quote_address

from mailbot.core import aio
from mailbot.core.model import OutgoingMail
from mailbot.adapters.transport import DELIVERED, PERMANENT, TRANSIENT, SendResult

log = logging.getLogger(__name__)


class SmtpTransport:
    """The outbound side over SMTP (aiosmtplib): see the module docstring."""

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        security: str = "starttls",
        username: str = "",
        password: str = "",
        timeout: float = 30.0,
        tls_verify: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ):
        if security not in ("tls", "starttls", "plain"):
            raise ValueError(f"security must be tls, starttls or plain, not {security!r}")
        self.host, self.port = host, port
        self.security = security
        self.username, self._password = username, password
        self.timeout = timeout
        self.tls_verify = tls_verify
        self._ssl_context = ssl_context
        self.local_hostname = local_hostname
        #: connections opened so far (observability for tests and `mailbot check`)
        self.connections = 0

    @classmethod
    def from_settings(cls, settings: Any, password: str = "", **overrides: Any) -> "SmtpTransport":
        """Build from a `config.TransportSettings` and the password read from its env var."""
        s = settings
        kwargs: dict[str, Any] = dict(security=s.security, username=s.username, password=password,
                                      timeout=s.timeout, tls_verify=s.tls_verify)
        kwargs.update(overrides)
        return cls(s.host, s.port, **kwargs)

    @classmethod
    def from_config(cls, cfg: Any, **overrides: Any) -> "SmtpTransport":
        """Build from a `Config`: AUTH password from `cfg.transport.password_env` when a username is set."""
        t = cfg.transport
        password = cfg.secret(t.password_env) if t.username else ""
        if t.username and not password:
            log.warning("SMTP: environment variable %s is empty; AUTH will most likely fail", t.password_env)
        return cls.from_settings(t, password, **overrides)

    def describe(self) -> str:
        who = f" as {self.username}" if self.username else ""
        return f"smtp {self.security} {self.host}:{self.port}{who}"

    def close(self) -> None:
        pass  # connections live for one batch only

    # -- delivery ---------------------------------------------------------------
    def deliver(self, mails: Sequence[OutgoingMail],
                on_result: Callable[[SendResult], None] | None = None) -> list[SendResult]:
        """Send a batch on one connection; one result per mail, in order.

        `on_result` is called with each mail's result as soon as its SMTP
        transaction ends (before the next one starts), so the outbox can
        record it durably at once; the returned list holds only the results
        not already reported that way.
        """
        return aio.run(self.deliver_async(mails, on_result))

    async def deliver_async(self, mails: Sequence[OutgoingMail],
                            on_result: Callable[[SendResult], None] | None = None,
                            stop: Callable[[], bool] | None = None) -> list[SendResult]:
        """`deliver` for callers in an event loop (the delivery process, mailbot/courier.py).

        `stop()`, checked before each transaction, ends the batch early: the
        mails not yet attempted come back TRANSIENT.
        """
        mails = list(mails)
        if not mails:
            return []
        return await self._deliver(mails, on_result, stop)

    def check(self) -> str:
        """Connect (and log in) once for `mailbot check`; raise with what is wrong, in words."""
        async def attempt() -> str:
            smtp = aiosmtplib.SMTP(
                hostname=self.host, port=self.port, timeout=self.timeout,
                use_tls=self.security == "tls", start_tls=self.security == "starttls",
                validate_certs=self.tls_verify, tls_context=self._tls(), local_hostname=self.local_hostname)
            try:
                await smtp.connect()
            except (SMTPException, OSError, asyncio.TimeoutError) as exc:
                raise RuntimeError(f"cannot reach the SMTP server {self.host}:{self.port}: {_describe(exc)} "
                                   f"(host, port, security, firewall?)") from None
            try:
                if self.username:
                    try:
                        await smtp.login(self.username, self._password)
                    except SMTPAuthenticationError as exc:
                        raise RuntimeError(f"bad credentials: AUTH as {self.username!r} refused by "
                                           f"{self.host}:{self.port}: {exc.code} {exc.message}") from None
                return "ok: connected" + (f", logged in as {self.username!r}" if self.username else "")
            finally:
                smtp.close()

        return asyncio.run(attempt())

    def _tls(self) -> ssl.SSLContext | None:
        if self._ssl_context is not None:
            return self._ssl_context
        if self.tls_verify:
            return None  # aiosmtplib's verifying default
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx

    async def _deliver(self, mails: list[OutgoingMail],
                       on_result: Callable[[SendResult], None] | None = None,
                       stop: Callable[[], bool] | None = None) -> list[SendResult]:
        smtp = aiosmtplib.SMTP(
            hostname=self.host, port=self.port, timeout=self.timeout,
            use_tls=self.security == "tls", start_tls=self.security == "starttls",
            validate_certs=self.tls_verify, tls_context=self._tls(),
            local_hostname=self.local_hostname,
        )
        try:
            await smtp.connect()
            self.connections += 1
            if self.username:
                await smtp.login(self.username, self._password)
            if smtp.is_ehlo_or_helo_needed:
                await smtp.ehlo()
        except SMTPAuthenticationError as exc:
            # A configuration problem, not the mails' fault: keep them for a retry.
            detail = f"AUTH as {self.username!r} refused by {self.host}:{self.port}: {exc.code} {exc.message}"
            log.error("SMTP: %s", detail)
            smtp.close()
            return [SendResult(m.key, TRANSIENT, detail) for m in mails]
        except (SMTPException, OSError, asyncio.TimeoutError) as exc:
            detail = f"cannot connect to {self.host}:{self.port}: {_describe(exc)}"
            log.warning("SMTP: %s; %d mail(s) kept for a retry", detail, len(mails))
            smtp.close()
            return [SendResult(m.key, TRANSIENT, detail) for m in mails]

        results: list[SendResult] = []
        lost: str | None = None  # why the connection is unusable for the rest of the batch
        try:
            for mail in mails:
                if lost is None and stop is not None and stop():
                    lost = "delivery stopped"
                if lost is not None:
                    results.append(SendResult(mail.key, TRANSIENT, f"not attempted: {lost}"))
                    continue
                result, lost = await self._send_one(smtp, mail)
                if on_result is not None:
                    on_result(result)  # recorded before the next transaction starts
                else:
                    results.append(result)
        finally:
            if lost is None:
                try:
                    await smtp.quit()
                except (SMTPException, OSError, asyncio.TimeoutError):
                    smtp.close()
            else:
                smtp.close()
        return results

    async def _send_one(self, smtp: aiosmtplib.SMTP, mail: OutgoingMail) -> tuple[SendResult, str | None]:
        """Send one mail; return its result and, if the connection is gone, why."""
        try:
            # One deadline for the whole transaction instead of one per
            # command: aiosmtplib's per-read wait_for was a seventh of the
            # delivery process's CPU.
            async with asyncio.timeout(self.timeout):
                refused, reply = await self._transaction(smtp, mail)
        except SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            detail = "all recipients refused: " + "; ".join(
                f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
            status = PERMANENT if codes and all(500 <= c < 600 for c in codes) else TRANSIENT
            return self._log(SendResult(mail.key, status, detail)), None
        except SMTPResponseException as exc:
            detail = f"{exc.code} {exc.message}"
            if exc.code == 421 or not (400 <= exc.code < 600):
                # 421: the server is closing the channel (RFC 5321 4.2.2).
                return self._log(SendResult(mail.key, TRANSIENT, detail)), f"server replied {detail}"
            status = PERMANENT if exc.code >= 500 else TRANSIENT
            return self._log(SendResult(mail.key, status, detail)), None
        except SMTPNotSupported as exc:
            return self._log(SendResult(mail.key, PERMANENT, f"the server cannot take this mail: {exc}")), None
        except ValueError as exc:  # an address aiosmtplib will not put on the wire
            return self._log(SendResult(mail.key, PERMANENT, f"invalid address: {exc}")), None
        except (SMTPException, OSError, asyncio.TimeoutError) as exc:
            detail = f"connection lost: {_describe(exc)}"
            return self._log(SendResult(mail.key, TRANSIENT, detail)), detail
        detail = reply
        if refused:
            detail += "; refused: " + "; ".join(f"{a}: {r.code} {r.message}" for a, r in refused.items())
            log.warning("SMTP: %s accepted, but some recipients refused (%s)", mail.key, detail)
        return SendResult(mail.key, DELIVERED, detail), None

    async def _transaction(self, smtp: aiosmtplib.SMTP, mail: OutgoingMail) -> tuple[dict[str, SMTPResponse], str]:
        """MAIL, RCPT for each recipient, DATA: what `SMTP.sendmail` does, with its errors and its RSET.

        Why not sendmail itself: it parses every address twice with
        email.utils (about a quarter of the delivery process's CPU per mail);
        ours are parsed once per address and cached, the same aiosmtplib
        quoting and validation. `raw` is CRLF already (compose), so its
        length is the SIZE (RFC 1870) the server checks.
        """
        utf8 = any(not a.isascii() for a in (mail.envelope_from, *mail.to))
        if utf8 and not smtp.supports_extension("smtputf8"):
            raise SMTPNotSupported("SMTPUTF8 is not supported by this server")
        encoding = "utf-8" if utf8 else "ascii"
        sender = _quoted(mail.envelope_from, encoding)
        recipients = [(r, _quoted(r, encoding)) for r in mail.to]  # ValueError before anything is sent
        options: list[bytes] = []
        if smtp.supports_extension("size"):
            options.append(b"SIZE=%d" % len(mail.raw))
        if utf8:
            options.append(b"SMTPUTF8")
        if not mail.raw.isascii() and smtp.supports_extension("8bitmime"):
            options.append(b"BODY=8BITMIME")
        try:
            response = await smtp.execute_command(b"MAIL", b"FROM:" + sender, *options, timeout=None)
            if response.code != 250:
                raise SMTPSenderRefused(response.code, response.message, mail.envelope_from)
            errors: list[SMTPRecipientRefused] = []
            for address, quoted in recipients:
                response = await smtp.execute_command(b"RCPT", b"TO:" + quoted, timeout=None)
                if response.code not in (250, 251):
                    errors.append(SMTPRecipientRefused(response.code, response.message, address))
            if len(errors) == len(recipients):
                raise SMTPRecipientsRefused(errors)
            response = await smtp.data(mail.raw, timeout=None)
        except (SMTPResponseException, SMTPRecipientsRefused):
            # As sendmail does: reset the envelope for the next mail on this connection.
            try:
                await smtp.rset(timeout=None)
            except (SMTPException, OSError):
                pass
            raise
        return {e.recipient: SMTPResponse(e.code, e.message) for e in errors}, response.message

    @staticmethod
    def _log(result: SendResult) -> SendResult:
        level = logging.ERROR if result.status == PERMANENT else logging.WARNING
        log.log(level, "SMTP: %s %s: %s", result.key, result.status, result.detail)
        return result


@functools.lru_cache(maxsize=4096)
def _quoted(address: str, encoding: str) -> bytes:
    """`<address>` for MAIL FROM / RCPT TO, by aiosmtplib's rules (ValueError where unsafe)."""
    return quote_address(address).encode(encoding)


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) and "timeout" not in text.lower():
        text = f"timeout ({text})"
    return text
