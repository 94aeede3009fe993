"""Test and benchmark mail: the examples/ corpus with unique Message-IDs.

Shared by tests/test_e2e_servers.py and bench/throughput.py: a backlog of N
realistic messages (a round-robin of examples/*.eml), each with a Message-ID
of its own so that none is a duplicate of another.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "mailbot" / "examples"

_MID = re.compile(rb"^message-id:[^\n]*\n(?:[ \t][^\n]*\n)*", re.I | re.M)


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def with_message_id(raw: bytes, message_id: str) -> bytes:
    """`raw` (CRLF) with its Message-ID header replaced (or added) by `message_id`."""
    raw = raw.replace(b"\r\n", b"\n")
    head, sep, body = raw.partition(b"\n\n")
    head = _MID.sub(b"", head + b"\n").rstrip(b"\n")
    return crlf(f"Message-ID: {message_id}\n".encode() + head + b"\n\n" + body)


def examples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(EXAMPLES.glob("*.eml"))]


def backlog(n: int, tag: str = "bl") -> list[tuple[str, bytes]]:
    """N messages cycling through examples/, as (Message-ID, raw) with unique Message-IDs."""
    corpus = examples()
    out = []
    for i in range(n):
        _name, raw = corpus[i % len(corpus)]
        mid = f"<{tag}-{i:06d}@load.example>"
        out.append((mid, with_message_id(raw, mid)))
    return out


def _section(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"^\[{re.escape(name)}\]\n.*?(?=^\[)", re.M | re.S)
    assert pattern.search(text), f"config.toml has no [{name}] section"
    return pattern.sub(lambda _m: f"[{name}]\n{body}\n", text, count=1)


def _toml(values: dict[str, Any]) -> str:
    lines = []
    for k, v in values.items():
        if isinstance(v, bool):
            lines.append(f"{k} = {'true' if v else 'false'}")
        elif isinstance(v, (int, float)):
            lines.append(f"{k} = {v!r}")
        else:
            lines.append(f"{k} = {v!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def write_config(directory: Path, imap: dict[str, Any], smtp: dict[str, Any], *, mailbox: dict | None = None,
                 transport: dict | None = None, caps: bool = True, log_level: str = "INFO") -> Path:
    """The project's config.toml, pointed at test servers; written to `directory`/config.toml.

    `imap` is `ImapAccount.settings()`, `smtp` is `SmtpServer.settings()`;
    `mailbox`/`transport` override further keys. With `caps`, the reply
    and mail caps are raised so that a big backlog is answered in full.
    """
    text = (ROOT / "config.toml").read_text()
    m = dict(imap, timeout=10.0)
    m.update(mailbox or {})
    t = dict(smtp, timeout=10.0)
    t.update(transport or {})
    text = _section(text, "mailbox", _toml(m))
    text = _section(text, "transport", _toml(t))
    text = _section(text, "store", _toml({"path": "store.json"}))
    if caps:
        text = re.sub(r"^(replies_\w+|mails_\w+|staff_notices_per_hour)\s*=\s*\d+", r"\1 = 1000000", text, flags=re.M)
    text = re.sub(r'^log_level\s*=.*$', f'log_level = "{log_level}"', text, count=1, flags=re.M)
    path = directory / "config.toml"
    path.write_text(text)
    tomllib.loads(text)  # fail here, not in the bot, if the rewrite broke it
    return path
