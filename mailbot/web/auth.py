"""One-time links, staff sessions, CSRF tokens and rate limits for the web side.

Secrets: the web's HMAC key is derived from the environment variable named
by `bot.token_secret_env` (the same secret as the request tokens, with its
own purpose label), else a random key kept in ``<web dir>/state/secret``
(mode 0600). `tokens.py` is not reused as is: its tokens have no expiry and
one purpose; these carry both in what they sign.

State the web owns (never the store: see the package doc) lives in
``<web dir>/state/``: pending form submissions and sign-in links (one file
each; a link is consumed by renaming or deleting its file, which succeeds
once), and staff sessions (a file named by the SHA-256 of the cookie value,
so the folder reveals no cookie).

Rate limits are kept in memory, per process (documented in the README):
a restart forgets them, and several web workers would each count alone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from mailbot.core.config import Config
from mailbot.adapters.mailbox import fsync_dir
from mailbot.core.config import web_dir

MAC_LEN = 32


def state_dir(cfg: Config) -> Path:
    return web_dir(cfg) / "state"


def secret(cfg: Config) -> bytes:
    env = cfg.secret(cfg.bot.token_secret_env)
    if env:
        return hmac.new(env.encode(), b"mailbot-web", hashlib.sha256).digest()
    path = state_dir(cfg) / "secret"
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another thread made it first
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    return bytes.fromhex(key)


def mac(key: bytes, *parts: str) -> str:
    return hmac.new(key, "|".join(parts).encode(), hashlib.sha256).hexdigest()[:MAC_LEN]


# -- signed, expiring one-time tokens ------------------------------------------------------------

def make_token(key: bytes, purpose: str, ident: str, expires: datetime) -> str:
    exp = str(int(expires.timestamp()))
    return f"{ident}.{exp}.{mac(key, purpose, ident, exp)}"


def read_token(key: bytes, purpose: str, token: str, now: datetime) -> tuple[str | None, str]:
    """(ident, "") for a valid token; (None, "invalid"|"expired") otherwise."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[0].isalnum() or not parts[1].isdigit() or len(parts[0]) > 64:
        return None, "invalid"
    ident, exp, sig = parts
    if not hmac.compare_digest(sig, mac(key, purpose, ident, exp)):
        return None, "invalid"
    if now.timestamp() > int(exp):
        return None, "expired"
    return ident, ""


def new_id() -> str:
    return secrets.token_hex(12)


# -- state files ---------------------------------------------------------------------------------

def write_json(path: Path, doc: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def consume(src: Path, dst: Path | None = None) -> bool:
    """Use a one-time state file: True exactly once (rename or delete is atomic)."""
    try:
        if dst is None:
            src.unlink()
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.rename(src, dst)
    except FileNotFoundError:
        return False
    return True


def sweep(folder: Path, now: datetime, older_than: timedelta) -> None:
    """Remove expired state files (pending forms, unused links, old sessions)."""
    limit = now.timestamp() - older_than.total_seconds()
    try:
        paths = list(folder.iterdir())
    except FileNotFoundError:
        return
    for p in paths:
        try:
            if p.stat().st_mtime < limit:
                p.unlink()
        except FileNotFoundError:
            pass


# -- sessions ------------------------------------------------------------------------------------

def _session_path(cfg: Config, cookie: str) -> Path:
    return state_dir(cfg) / "sessions" / (hashlib.sha256(cookie.encode()).hexdigest() + ".json")


def start_session(cfg: Config, email: str, now: datetime) -> str:
    cookie = secrets.token_urlsafe(32)
    exp = now + timedelta(hours=cfg.web.session_hours)
    write_json(_session_path(cfg, cookie), {"email": email, "created": now.isoformat(), "expires": exp.isoformat()})
    return cookie


def session_user(cfg: Config, cookie: str | None, now: datetime) -> str | None:
    """The staff address a session cookie belongs to, while valid and still staff."""
    if not cookie or len(cookie) > 100:
        return None
    doc = read_json(_session_path(cfg, cookie))
    if not doc:
        return None
    try:
        if datetime.fromisoformat(doc["expires"]) < now:
            return None
    except (KeyError, ValueError):
        return None
    email = doc.get("email", "")
    return email if email in cfg.bot.staff else None


def end_session(cfg: Config, cookie: str | None) -> None:
    if cookie and len(cookie) <= 100:
        _session_path(cfg, cookie).unlink(missing_ok=True)


# -- CSRF (signed double submit) ----------------------------------------------------------------

def csrf_for(key: bytes, cookie: str) -> str:
    return mac(key, "csrf", cookie)


def csrf_ok(key: bytes, cookie: str | None, field: str | None) -> bool:
    if not cookie or not field:
        return False
    return hmac.compare_digest(csrf_for(key, cookie), field)


# -- rate limits -----------------------------------------------------------------------------------

class RateLimiter:
    """At most `limit` hits per key in a sliding window of `window` seconds (in memory)."""

    def __init__(self, limit: int, window: float = 3600.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.hits: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self.lock:
            q = self.hits.setdefault(key, deque())
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            if len(self.hits) > 100_000:  # bound memory: forget idle keys
                for k in [k for k, v in self.hits.items() if not v][:50_000]:
                    del self.hits[k]
            return True
