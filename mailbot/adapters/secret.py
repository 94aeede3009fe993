"""The token secret: the key of every HMAC that grants something (request and confirmation
tokens, triage/request/proposal ids, VERP bounce addresses).

It comes from the environment variable named by `bot.token_secret_env`. When that is
unset, a random secret is generated once and kept in the store's STATE table (with a
warning in the log), so a test or the demo works without any setup; `new_secret()` makes
that record (`workflows/tokens.ensure_secret` writes it in the shell), `secret()` reads it
purely through a store view.
"""

from __future__ import annotations

import logging
import secrets as _secrets
from mailbot.adapters import store as st
from mailbot.core.config import Config
from mailbot.core.tables import TOKEN_SECRET as STATE_KEY  # the STATE key of a generated secret
from mailbot.core.view import StoreView

log = logging.getLogger("mailbot.workflows.tokens")

# Used only when neither the environment nor a store holds a secret (a dry
# run on a machine without a store): tokens minted then never verify later.
_EPHEMERAL = _secrets.token_bytes(32)


def secret(cfg: Config, view: StoreView | None) -> bytes:
    """The HMAC secret: the environment's, else the store's generated one."""
    env = cfg.secret(cfg.bot.token_secret_env)
    if env:
        return env.encode()
    doc = view.get(st.STATE, STATE_KEY) if view is not None else None
    if doc and doc.get("secret"):
        return bytes.fromhex(doc["secret"])
    return _EPHEMERAL


def new_secret(cfg: Config, view: StoreView) -> dict | None:
    """The STATE document of a freshly generated secret, when neither the environment nor the
    store has one (else None); the caller writes it."""
    if cfg.secret(cfg.bot.token_secret_env) or view.get(st.STATE, STATE_KEY):
        return None
    log.warning("$%s is not set: generated a random token secret and kept it in the store "
                "(set the variable to keep tokens valid across stores)", cfg.bot.token_secret_env)
    return {"secret": _secrets.token_hex(32)}
