"""The fuzz harness: hostile inputs through the WHOLE pipeline, and a tally.

Used by tests/test_fuzz.py (bounded, in CI) and bench/fuzz.py (long runs
by hand). One `Harness` is one mailbot (Maildir inbox, Maildir sink, store
file, fixed clock) that takes any bytes, runs a real `Pipeline.process` and
outbox flush, and checks what must hold for every message whatever it is:

- no exception escapes;
- the message left the inbox and sits in exactly one of the processed and
  triage folders (never lost, never in two places);
- the store has its audit line, agreeing with the folder; a triaged message
  has its triage item with a reason; a processed one has the rule that
  decided it, and a log line names the message (the "logged reason");
- every outgoing mail parses and carries only the headers the bot writes.

Fsync is switched off inside the harness: durability is proven by the crash
tests in test_pipeline.py; here we want many inputs per second.
"""

from __future__ import annotations

import contextlib
import email
import logging
import re
import tempfile
from collections import Counter
from email import policy
from pathlib import Path
from typing import Callable, Iterator
from unittest import mock

from hypothesis import strategies as st

from mailbot.mail import parse as message
from mailbot.adapters import store as stmod

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "mailbot" / "examples"

#: headers mailbot writes on its own mail (compose.build); anything else is an injection
BOT_HEADERS = {
    "from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
    "reply-to", "mime-version", "content-type", "content-transfer-encoding", "x-mailbot-key",
    "precedence", "x-auto-response-suppress", "content-language", "content-disposition", "list-id",
    "method",
}


def seed_files() -> list[Path]:
    """Every real message we have: the shared corpus and examples/."""
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("PROVENANCE.md",)) \
        if CORPUS.is_dir() else []
    return files + sorted(EXAMPLES.glob("*.eml"))


# -- mutations -------------------------------------------------------------------
# Each takes (draw, raw) and returns new bytes.

def _split(raw: bytes) -> tuple[bytes, bytes, bytes]:
    m = re.search(rb"\r?\n\r?\n", raw)
    if not m:
        return raw, b"\n\n", b""
    return raw[:m.start()], m.group(0), raw[m.end():]


def _header_lines(head: bytes) -> list[bytes]:
    return re.split(rb"\r?\n(?![ \t])", head) if head else []


def m_flip(draw, raw: bytes) -> bytes:
    if not raw:
        return raw
    b = bytearray(raw)
    for _ in range(draw(st.integers(1, 16))):
        b[draw(st.integers(0, len(b) - 1))] = draw(st.integers(0, 255))
    return bytes(b)


def m_truncate(draw, raw: bytes) -> bytes:
    return raw[: draw(st.integers(0, len(raw)))]


def m_dup_header(draw, raw: bytes) -> bytes:
    head, sep, body = _split(raw)
    lines = _header_lines(head)
    if not lines:
        return raw
    i = draw(st.integers(0, len(lines) - 1))
    n = draw(st.sampled_from([1, 2, 5, 50, 400]))
    lines[i:i + 1] = [lines[i]] * (n + 1)
    return b"\n".join(lines) + sep + body


INJECTIONS = [
    b"\r\nBcc: victim@evil.example", b"\n\n<script>alert(1)</script>", b"\r", b"\n", b"\r\n\r\n",
    b"\x00", b" =?utf-8?q?x=0D=0ABcc:_evil@evil.example?=", b" =?utf-8?b?DQpCY2M6IGV2aWxAZXZpbC5leGFtcGxl?=",
    b"\r\nContent-Type: text/html", b" {{ config }} {% for x in () %}", b"\xe2\x80\xae", b"\r\nX-Mailbot-Key: forged",
]


def m_crlf_inject(draw, raw: bytes) -> bytes:
    head, sep, body = _split(raw)
    lines = _header_lines(head) or [b"Subject: x"]
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = lines[i] + draw(st.sampled_from(INJECTIONS))
    return b"\n".join(lines) + sep + body


CHARSETS = [b"utf-8", b"us-ascii", b"iso-8859-1", b"utf-16", b"utf-32", b"utf-7", b"x-unknown-charset", b"cp1252",
            b"koi8-r", b"shift_jis", b"gb2312", b'""', b"rot13", b"idna", b"base64", b"hex", b"\xff\xfe", b"utf-8'en'"]


def m_charset(draw, raw: bytes) -> bytes:
    new = draw(st.sampled_from(CHARSETS))
    out = re.sub(rb"(?i)(charset\s*=\s*)\"?[^\s;\"]*\"?", lambda m: m.group(1) + new, raw)
    if out == raw:  # no charset: add one to the first Content-Type, or encode a header with it
        out = re.sub(rb"(?i)(content-type:\s*text/[a-z]+)", lambda m: m.group(1) + b"; charset=" + new, raw, count=1)
    if out == raw:
        out = b"Subject: =?" + new + b"?B?SGVsbG8=?=\n" + raw
    return out


def m_multipart_bomb(draw, raw: bytes) -> bytes:
    head, _, body = _split(raw)
    keep = [ln for ln in _header_lines(head)
            if not re.match(rb"(?i)(content-type|mime-version|content-transfer-encoding):", ln)]
    depth = draw(st.sampled_from([1, 3, 11, 12, 13, 30, 100]))
    width = draw(st.sampled_from([1, 2, 50, 199, 201, 400]))
    inner = b"Content-Type: text/plain; charset=utf-8\n\n" + body[:2000] + b"\n"
    leaves = b"".join(b"--w\n" + inner for _ in range(width)) + b"--w--\n"
    part = b"Content-Type: multipart/mixed; boundary=w\n\n" + leaves
    for d in range(depth):
        b = b"b%d" % d
        part = b"Content-Type: multipart/mixed; boundary=" + b + b"\n\n--" + b + b"\n" + part + b"\n--" + b + b"--\n"
    return b"\n".join(keep + [b"MIME-Version: 1.0"]) + b"\n" + part


def m_long_header(draw, raw: bytes) -> bytes:
    n = draw(st.sampled_from([998, 1000, 10_000, 200_000]))
    name = draw(st.sampled_from([b"Subject", b"From", b"To", b"References", b"X-Junk"]))
    return name + b": " + (b"a" * n if name != b"From" else b"x" * n + b"@example.org") + b"\n" + raw


MUTATIONS: dict[str, Callable] = {
    "flip": m_flip, "truncate": m_truncate, "dup_header": m_dup_header, "crlf_inject": m_crlf_inject,
    "charset": m_charset, "multipart_bomb": m_multipart_bomb, "long_header": m_long_header,
}


@st.composite
def mutated(draw, seeds: list[Path]) -> bytes:
    """A real message with 1-3 structured mutations."""
    raw = draw(st.sampled_from(seeds)).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        raw = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, raw)
    return raw


#: arbitrary bytes, bare or behind a plausible header so the parser goes deeper
arbitrary = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda b: b"From: x@example.org\r\nSubject: " + b, st.binary(max_size=3000)),
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"), st.text(max_size=2000)),
)


# -- the harness -------------------------------------------------------------------

class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(record.getMessage())
        except Exception:  # pragma: no cover
            self.lines.append(str(record.msg))


class Harness:
    """One mailbot on temp files; `run(raw)` returns "processed" | "triage" | "duplicate"."""

    def __init__(self, tmp: Path):
        from test_pipeline import Env  # the real pipeline over Maildir adapters, fixed clock

        self.env = Env(tmp)
        self.tally: Counter[str] = Counter()
        self.sent_seen: set[str] = set()
        self.log = _Records()

    def run(self, raw: bytes) -> str:
        env = self.env
        env.deliver(raw)
        batch = env.mailbox.fetch()
        assert len(batch) == 1
        ref = batch[0].ref
        name = ref.split("/", 1)[1].split(":", 1)[0] + ":2,S"
        self.log.lines.clear()
        stats = env.pipe.process(batch)  # must not raise
        env.pipe.deliver()
        assert env.inbox() == 0, "message left in the inbox"
        where = [d for d in ("processed", "triage") if (env.mailbox.folders[d] / "cur" / name).exists()]
        assert len(where) == 1, f"message in {where or 'no folder'}"
        mid = message.parse(raw).message_id
        audit = env.store.get(stmod.PROCESSED, mid)
        assert audit is not None, "no audit line"
        assert audit["destination"] == where[0]
        if stats.duplicates:
            outcome = "duplicate"
        else:
            outcome = where[0]
            assert any(f"message={mid} " in ln for ln in self.log.lines), "no log line for the decision"
            if outcome == "triage":
                item = env.store.get(stmod.TRIAGE, audit["triage_id"])
                assert item and item.get("reason"), "triaged without a reason"
            else:
                assert audit.get("rule") or audit.get("notes"), "processed without a rule or a note"
        self._check_sent()
        self.tally[outcome] += 1
        return outcome

    def _check_sent(self) -> None:
        d = self.env.tmp / "sent" / "new"
        if not d.exists():
            return
        for p in d.iterdir():
            if p.name in self.sent_seen:
                continue
            self.sent_seen.add(p.name)
            out = email.message_from_bytes(p.read_bytes(), policy=policy.default)
            extra = {k.lower() for k in out.keys()} - BOT_HEADERS
            assert not extra, f"outgoing mail has unexpected headers {extra}"
            assert len(out.get_all("To") or []) == 1 and out.get_all("Bcc") is None
            for k, v in out.items():
                assert "\n" not in str(v) and "\r" not in str(v), (k, v)


@contextlib.contextmanager
def harness() -> Iterator[Harness]:
    """A Harness on a temp folder, fsync off, pipeline logs captured."""
    with tempfile.TemporaryDirectory(prefix="mailbot-fuzz-") as tmp, \
            mock.patch("os.fsync", lambda fd: None), mock.patch("mailbot.adapters.mailbox.fsync_dir", lambda p: None), \
            mock.patch("mailbot.adapters.store.fsync_dir", lambda p: None):
        h = Harness(Path(tmp))
        logger = logging.getLogger("mailbot")
        old = logger.level
        logger.addHandler(h.log)
        logger.setLevel(logging.INFO)
        try:
            yield h
        finally:
            logger.removeHandler(h.log)
            logger.setLevel(old)
            h.env.store.close()
