"""Whether a sender is who the From line says: the Authentication-Results check.

Only the topmost Authentication-Results header counts, and only when its
authserv-id is the one named in the config (`bot.authserv_id`): that header
was added by our own receiving server. Headers below it arrived with the
message and may be forged by anyone, so they are ignored.

The verdict is one of:

* ``pass`` – DMARC or an aligned DKIM signature passed for the sender's domain;
* ``fail`` – DMARC failed, or DKIM failed for the sender's domain with no
  aligned signature passing: the message is not acted on (its reason says why);
* ``none`` – no verdict (no `authserv_id` configured, no header, the topmost
  header from another server, or no DKIM/DMARC result for the sender): the
  message is allowed, and the verdict is recorded with what it decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.core.config import Config
from mailbot.mail.parse import parse_auth_results
from mailbot.core.model import AuthResult, ParsedMessage


@dataclass(frozen=True)
class Verdict:
    status: str  # "pass" | "fail" | "none"
    reason: str

    @property
    def allowed(self) -> bool:
        return self.status != "fail"

    def __str__(self) -> str:
        return f"{self.status}: {self.reason}"


def _aligned(ref: str, domain: str) -> bool:
    """Relaxed alignment: the same organisational domain either way round."""
    ref = ref.lstrip("@").rpartition("@")[2].lower()
    if not ref:
        return True  # the result names no domain: it is about this message
    return ref == domain or domain.endswith("." + ref) or ref.endswith("." + domain)


def check(msg: ParsedMessage, cfg: Config) -> Verdict:
    """The trusted verdict on `msg`'s sender (see the module doc)."""
    want = (cfg.bot.authserv_id or "").strip().lower()
    if not want:
        return Verdict("none", "no authserv_id configured: Authentication-Results not checked")
    if not msg.authentication_results:
        return Verdict("none", "no Authentication-Results header")
    results = parse_auth_results(msg.authentication_results[0])
    server = results[0].authserv_id if results else (msg.authentication_results[0].split(";")[0].strip().lower())
    if server != want:
        return Verdict("none", f"topmost Authentication-Results is from {server or '(unnamed)'}, not {want}")
    return judge(results, msg.sender.domain if msg.sender else "", want)


def judge(results: list[AuthResult], domain: str, server: str) -> Verdict:
    """Turn one trusted header's results into a verdict for the sender's `domain`."""
    domain = domain.lower()
    dmarc = [r for r in results if r.method == "dmarc" and _aligned(r.header_from, domain)]
    dkim = [r for r in results if r.method == "dkim" and _aligned(r.header_from, domain)]
    if any(r.result == "fail" for r in dmarc):
        return Verdict("fail", f"Authentication-Results ({server}): dmarc=fail for {domain or 'the sender'}")
    dkim_pass = any(r.result == "pass" for r in dkim)
    if not dkim_pass and any(r.result in ("fail", "permerror") for r in dkim):
        return Verdict("fail", f"Authentication-Results ({server}): dkim=fail for {domain or 'the sender'}")
    if dkim_pass or any(r.result == "pass" for r in dmarc):
        return Verdict("pass", f"Authentication-Results ({server}): " + " ".join(
            f"{r.method}={r.result}" for r in (dmarc + dkim)))
    return Verdict("none", f"Authentication-Results ({server}): no DKIM/DMARC result for {domain or 'the sender'}")
