"""Request tokens: unguessable, HMAC-signed, single use.

A join request has a short public id (8 hex digits, derived from the source
message) and a *token* that proves the holder received the facilitator's
copy of the request:

    token = "<request id>-<first 20 hex digits of HMAC-SHA256(secret, 'req|<id>')>"

The token travels in the subject (``[req:<token>]``) and in a plus-address
Reply-To (``procurement+<token>@procuraplus.example``); a reply that keeps
either one is matched to its request, even when the client drops
In-Reply-To. The requester only ever sees the bare id ("Your reference"),
never the token. A token is single use: the request it names leaves the
`pending` state on the first answer, and any later use is refused (replay).

The secret comes from the environment variable named by
`bot.token_secret_env`. When that is unset, a random secret is generated
once and kept in the store's STATE table (with a warning in the log), so a
test or the demo works without any setup; `ensure_secret()` does that in
the shell, `secret()` reads it purely through a store view.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re

from mailbot.core.config import Config
from mailbot.core.model import ParsedMessage
from mailbot.core.tables import STATE
from mailbot.mail.unit import Unit

log = logging.getLogger(__name__)

MAC_LEN = 20
TOKEN_RE = re.compile(r"([0-9a-f]{8})-([0-9a-f]{%d})" % MAC_LEN, re.I)
SUBJECT_RE = re.compile(r"\[req:\s*([0-9a-f]{8}-[0-9a-f]{%d})\s*\]" % MAC_LEN, re.I)

# The secret lives one layer down (adapters/secret.py): the outgoing-mail guard
# (mail/guard.py) signs VERP addresses with it too.
from mailbot.adapters.secret import STATE_KEY, new_secret, secret  # noqa: E402,F401


def ensure_secret(cfg: Config, store) -> None:
    """Generate and keep a secret in the store when the environment has none (shell only)."""
    doc = new_secret(cfg, store)
    if doc is not None:
        unit = Unit(store)
        unit.put(STATE, STATE_KEY, doc)
        unit.commit()


def _mac(key: bytes, request_id: str) -> str:
    return hmac.new(key, f"req|{request_id}".encode(), hashlib.sha256).hexdigest()[:MAC_LEN]


def make(key: bytes, request_id: str) -> str:
    """The token for `request_id`."""
    return f"{request_id}-{_mac(key, request_id)}"


def verify(key: bytes, token: str) -> str | None:
    """The request id a token names when its MAC is right, else None."""
    m = TOKEN_RE.fullmatch((token or "").strip().lower())
    if not m:
        return None
    rid, mac = m.group(1), m.group(2)
    return rid if hmac.compare_digest(mac, _mac(key, rid)) else None


def reply_address(cfg: Config, token: str) -> str:
    """``procurement+<token>@domain``: the per-request reply address."""
    local, _, domain = cfg.bot.address.partition("@")
    return f"{local}+{token}@{domain}"


def candidates(msg: ParsedMessage, cfg: Config) -> list[str]:
    """Every token-shaped string where a reply keeps one: the bot's plus-address, the subject."""
    out: list[str] = []
    local, _, domain = cfg.bot.address.partition("@")
    for a in (*msg.to, *msg.cc):
        lp, _, dom = a.addr.partition("@")
        if dom == domain and lp.startswith(local + "+"):
            out.append(lp[len(local) + 1:])
    out.extend(m.group(1).lower() for m in SUBJECT_RE.finditer(msg.subject or ""))
    return list(dict.fromkeys(out))


def find(msg: ParsedMessage, cfg: Config, key: bytes) -> tuple[str | None, list[str]]:
    """(request id of the first valid token, all token-shaped strings seen)."""
    seen = candidates(msg, cfg)
    for tok in seen:
        rid = verify(key, tok)
        if rid:
            return rid, seen
    return None, seen
