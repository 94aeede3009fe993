"""Whether a sender is who the From line says: the Authentication-Results check.

Only the topmost Authentication-Results header counts, and only when its
authserv-id is the one named in the config (`bot.authserv_id`): that header
was added by our own receiving server. Headers below it arrived with the
message and may be forged by anyone, so they are ignored. The header is
parsed with `authres` (RFC 8601), never by hand.

The verdict is one of:

* ``pass`` – the message has exactly one From header holding exactly one
  address, and the trusted header shows ``dmarc=pass`` with ``header.from``
  equal to that address's domain, or ``dkim=pass`` whose ``header.d`` is
  aligned with it (RFC 7489 relaxed alignment: the same organisational
  domain, from the Public Suffix List). Only this verdict lets privileged
  mail act at once (staff commands, facilitator answers, ``meeting``
  commands, group updates, RSVPs for someone else, leaves): `authenticated`.
* ``fail`` – DMARC failed for the From domain, or an aligned DKIM signature
  failed with none passing, or the From line is ambiguous (two From headers,
  several addresses): nothing is acted on.
* ``none`` – no verdict (no `authserv_id` configured, no header, the topmost
  header from another server, or no aligned DKIM/DMARC result). Ordinary
  mail (a join, a question) is still handled; privileged mail (a leave
  that would change a membership included) is held and
  confirmed by mail to the address itself (actions/triage.authenticated,
  actions/confirm_held, workflows/confirm), as
  Mailman confirms by mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import authres
import authres.dmarc

from mailbot.core.config import Config
from mailbot.core.model import ParsedMessage

#: authres parses dmarc results with their header.from only with this extension
_PARSER = authres.FeatureContext(authres.dmarc)


@dataclass(frozen=True)
class Verdict:
    status: str  # "pass" | "fail" | "none"
    reason: str

    @property
    def allowed(self) -> bool:
        """Whether ordinary mail may be acted on (it is not shown to be forged)."""
        return self.status != "fail"

    @property
    def authenticated(self) -> bool:
        """Whether privileged mail may be acted on without a confirmation: a pass, nothing less."""
        return self.status == "pass"

    def __str__(self) -> str:
        return f"{self.status}: {self.reason}"


@lru_cache(maxsize=1)
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def organisational_domain(domain: str) -> str:
    """RFC 7489 §3.2: the public suffix plus one label ("mail.rotterdam.nl" → "rotterdam.nl")."""
    domain = (domain or "").strip().strip(".").lower()
    if not domain:
        return ""
    try:
        return _psl().privatesuffix(domain) or domain
    except Exception:  # a name the list cannot read is its own organisational domain
        return domain


_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def aligned(d: str, from_domain: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1.1): both domains have the same organisational domain.
    A value that is not a domain name ("@mail.x.example") aligns with nothing."""
    d, from_domain = (d or "").strip().lower(), (from_domain or "").strip().lower()
    if not _DOMAIN.match(d) or not _DOMAIN.match(from_domain):
        return False
    return organisational_domain(d) == organisational_domain(from_domain)


def _from_problem(msg: ParsedMessage) -> str:
    if msg.from_headers != 1:
        return f"{msg.from_headers} From headers (exactly one is required)"
    if msg.from_addresses != 1:
        return f"{msg.from_addresses} addresses in From (exactly one is required)"
    if not msg.sender_addr or "@" not in msg.sender_addr:
        return "no sender address"
    return ""


def check(msg: ParsedMessage, cfg: Config) -> Verdict:
    """The trusted verdict on `msg`'s sender (see the module doc)."""
    problem = _from_problem(msg)
    if problem:
        return Verdict("fail", problem)
    want = (cfg.bot.authserv_id or "").strip().lower()
    if not want:
        return Verdict("none", "no authserv_id configured: Authentication-Results not checked")
    if not msg.authentication_results:
        return Verdict("none", "no Authentication-Results header")
    top = msg.authentication_results[0]
    try:
        header = _PARSER.parse_value(" ".join(top.split()))
    except Exception as exc:  # authres raises its own SyntaxError and friends on junk
        return Verdict("none", f"topmost Authentication-Results unreadable ({type(exc).__name__})")
    server = (header.authserv_id or "").strip().lower()
    if server != want:
        return Verdict("none", f"topmost Authentication-Results is from {server[:80] or '(unnamed)'}, not {want}")
    return judge(header.results, msg.sender.domain if msg.sender else "", want)


def _prop(result, ptype: str, name: str) -> str:
    for p in getattr(result, "properties", ()) or ():
        if (p.type or "").lower() == ptype and (p.name or "").lower() == name:
            return str(p.value or "").strip().strip("\"'").lower()
    return ""


def judge(results, domain: str, server: str) -> Verdict:
    """One trusted header's results (authres objects) as a verdict for the From `domain`."""
    domain = (domain or "").lower()
    who = domain or "the sender"
    dmarc = [r for r in results if (r.method or "").lower() == "dmarc"
             and _prop(r, "header", "from") == domain and domain]
    dkim = [r for r in results if (r.method or "").lower() == "dkim"
            and aligned(_prop(r, "header", "d"), domain)]
    if any((r.result or "").lower() == "fail" for r in dmarc):
        return Verdict("fail", f"Authentication-Results ({server}): dmarc=fail for {who}")
    dkim_pass = [r for r in dkim if (r.result or "").lower() == "pass"]
    if not dkim_pass and any((r.result or "").lower() in ("fail", "permerror") for r in dkim):
        return Verdict("fail", f"Authentication-Results ({server}): dkim=fail for {who}")
    dmarc_pass = [r for r in dmarc if (r.result or "").lower() == "pass"]
    if dmarc_pass or dkim_pass:
        shown = [f"dmarc=pass header.from={domain}"] * bool(dmarc_pass) + [
            f"dkim=pass header.d={_prop(r, 'header', 'd')}" for r in dkim_pass[:1]]
        return Verdict("pass", f"Authentication-Results ({server}): " + ", ".join(shown))
    return Verdict("none", f"Authentication-Results ({server}): no aligned DKIM/DMARC pass for {who}")


def mode(cfg: Config) -> str:
    """How this deployment authenticates privileged mail: "verify" (Authentication-Results of
    `authserv_id`, a confirmation by mail only without a pass) or "confirm" (every privileged
    command confirmed by mail: the receiving server adds no Authentication-Results)."""
    return "verify" if (cfg.bot.authserv_id or "").strip() else "confirm"
