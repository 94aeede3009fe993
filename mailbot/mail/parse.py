"""Turn raw RFC 5322 bytes into a `ParsedMessage`.

`parse` is a pure, total function: whatever bytes arrive (broken MIME,
unknown charsets, no headers at all, hostile nesting), it returns a
`ParsedMessage` and records what was wrong in `defects`. Work is capped so
a huge or deeply nested message costs bounded time.

Why one room past 400 lines: one total function over one message — headers,
MIME walk, charsets, automatic-mail signals, calendar parts and defects all
feed the one `ParsedMessage` under the same work caps; text.py and
forwards.py already hold the separable parts.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from datetime import datetime, timezone
from email import policy
from email.headerregistry import HeaderRegistry
from functools import lru_cache
from typing import Any
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from mailbot.mail.forwards import forward_split, is_forward_subject, sender_from_value
from mailbot.core.model import Address, AuthResult, AutoSignals, CalendarPart, Forwarded, ParsedMessage
from mailbot.mail.text import LANGUAGES, detect_language, html_to_text, strip_reply

MAX_RAW = 20 * 1024 * 1024  # bytes handed to the MIME parser
OVERSIZE_READ = 1024 * 1024  # what is read of a message past MAX_RAW (it is triaged anyway)
MAX_TEXT_BYTES = 2 * 1024 * 1024  # of any one text part
MAX_PARTS = 200
MAX_DEPTH = 12
MAX_DEFECTS = 40
# Caps on the raw header section, applied before the stdlib parser sees it:
# its header parser's cost grows far faster than the bytes (a 2 MB Subject
# of encoded-words took more than 20 GB, a To of 50,000 addresses 600 MB).
MAX_HEADER_BYTES = 512 * 1024  # the whole header section
MAX_ONE_HEADER = 64 * 1024  # one field, folded lines included
MAX_ENCODED_WORDS = 100  # RFC 2047 encoded-words in one field
MAX_ADDRESSES = 1000  # addresses in one address field
HEADER_CUT = "header limit:"  # prefix of the defects recording a cut (limits.py makes them reasons)
_ADDRESS_FIELDS = frozenset(b"from to cc bcc reply-to sender resent-from resent-to resent-cc resent-bcc "
                            b"resent-sender return-path disposition-notification-to".split())

_MSGID = re.compile(r"<([^<>\s]+)>")
_CTRL = re.compile(r"[\x00-\x1f\x7f]+")


# --- public -------------------------------------------------------------------



#: header values longer than this are parsed each time, not cached: the cache's
#: memory stays bounded whatever hostile headers a long run meets
_CACHED_VALUE = 512


class _CachedRegistry(HeaderRegistry):
    """policy.default's header registry, memoised.

    The stdlib builds a new header class on every lookup and re-parses a
    header on every access; the parser reads the same few headers many
    times per message, and that was the largest part of parse()'s time.
    Header objects are immutable values, so sharing them is safe.
    """

    def __call__(self, name: str, value: str):  # type: ignore[override]
        if len(value) > _CACHED_VALUE:  # rare, and costly to keep: a header's parse tree is ~10x its text
            return super().__call__(name, value)
        return self._cached(name, value)

    @lru_cache(maxsize=4096)
    def _cached(self, name: str, value: str):
        return super().__call__(name, value)


_POLICY = policy.default.clone(header_factory=_CachedRegistry())

def _language(h: Any, text: str) -> str:
    """The message's language: the web form's stated one, else detected from the text, else Content-Language."""
    stated = (h.raw("Content-Language") or "").split(",")[0].strip().lower()[:2]
    stated = stated if stated in LANGUAGES else ""
    if stated and (h.raw("X-Mailbot-Source") or "").startswith("web form"):
        return stated
    return detect_language(text) or stated


def parse(raw: bytes) -> ParsedMessage:
    """Parse raw message bytes into a ParsedMessage. Never raises."""
    if not isinstance(raw, (bytes, bytearray)):
        raw = str(raw).encode("utf-8", "replace")
    raw = bytes(raw)
    defects: list[str] = []
    try:
        return _parse(raw, defects)
    except Exception as exc:  # last resort: keep the pipeline moving
        defects.append(f"parse failed: {type(exc).__name__}")
        return ParsedMessage(
            message_id=_hash_id(raw), sender=None, size=len(raw), defects=tuple(defects[:MAX_DEFECTS])
        )


def parse_auth_results(header: str) -> list[AuthResult]:
    """Split one Authentication-Results header (RFC 8601) into method results."""
    try:
        text = _strip_comments(" ".join((header or "").split()))
        parts = [p.strip() for p in text.split(";")]
        if not parts or not parts[0]:
            return []
        authserv_id = parts[0].split()[0].lower() if parts[0].split() else ""
        results = []
        for part in parts[1:]:
            m = re.match(r"([A-Za-z0-9_.-]+)\s*=\s*([A-Za-z0-9_-]+)", part)
            if not m:
                continue
            ref = re.search(r"header\.from\s*=\s*([^\s;]+)", part, re.I) or re.search(
                r"header\.d\s*=\s*([^\s;]+)", part, re.I
            )
            results.append(
                AuthResult(
                    authserv_id=authserv_id,
                    method=m.group(1).lower(),
                    result=m.group(2).lower(),
                    header_from=ref.group(1).strip("\"'").lower() if ref else "",
                )
            )
        return results
    except Exception:
        return []


# --- parsing ------------------------------------------------------------------


def _parse(raw: bytes, defects: list[str]) -> ParsedMessage:
    data = raw
    if len(data) > MAX_RAW:
        # Past the parser's cap a message goes to triage whatever it says
        # (limits.py), so only its headers and first text are worth reading:
        # the stdlib parser holds several copies of what it is given.
        defects.append(f"message truncated to {OVERSIZE_READ} bytes (it has {len(raw)}, over {MAX_RAW})")
        data = data[:OVERSIZE_READ]
    # Old Mac files use bare CR; the parser would see one long header line.
    if b"\r" in data[:4096] and b"\n" not in data[:4096]:
        data = data.replace(b"\r", b"\n")
    data = bound_headers(data, defects)
    msg = _parse_bytes(data, defects)

    h = _Headers(msg, defects)
    subject = h.text("Subject")
    body = _Body(defects)
    body.walk(msg)

    # One line ending: a base64 or quoted-printable part decodes to the CRLFs its sender wrote, and
    # the new text (cut from it) must stay a prefix of it ("what follows the new text" is read).
    plain = body.plain.replace("\r\n", "\n").replace("\r", "\n").strip()
    full_text = plain if plain else html_to_text(body.html) if body.html else ""
    new_text_source = full_text
    forwarded: Forwarded | None = body.rfc822
    if forwarded is None and full_text:
        above, inline = forward_split(full_text, weak_ok=is_forward_subject(subject))
        if inline is not None:
            forwarded = inline
            new_text_source = above
    text = strip_reply(new_text_source)

    sender_list = h.addresses("From")
    return_path = _return_path(h.raw("Return-Path"))
    message_id = _first_id(h.raw("Message-ID")) or _hash_id(raw)
    if not _first_id(h.raw("Message-ID")):
        defects.append("missing Message-ID")

    return ParsedMessage(
        message_id=message_id,
        sender=sender_list[0] if sender_list else None,
        to=tuple(h.addresses("To")),
        cc=tuple(h.addresses("Cc")),
        reply_to=tuple(h.addresses("Reply-To")),
        subject=subject,
        date=h.date("Date"),
        in_reply_to=_first_id(h.raw("In-Reply-To")),
        references=tuple(_all_ids(h.raw("References"))),
        text=text,
        full_text=full_text,
        language=_language(h, text),
        forwarded=forwarded,
        calendar=body.calendar,
        auto=_auto_signals(h, body, subject, sender_list, return_path, full_text),
        authentication_results=tuple(h.all_raw("Authentication-Results")),
        return_path=return_path,
        size=len(raw),
        attachments=tuple(body.attachments),
        defects=tuple(dict.fromkeys(defects))[:MAX_DEFECTS],
        mime_parts=body.parts,
        mime_depth=body.max_depth,
        header_count=_header_count(msg),
        longest_header_line=_longest_header_line(data),
        from_headers=len(h.all_raw("From")),
        from_addresses=len(sender_list),
    )


def bound_headers(data: bytes, defects: list[str]) -> bytes:
    """`data` with its header section cut to the MAX_* caps above, on the raw bytes.

    What is cut is only kept from the parser: the message itself stays
    whole in the mailbox, and each cut is a defect starting with HEADER_CUT,
    so the message goes to triage with the reason (limits.exceeded).
    """
    m = re.search(rb"\r?\n\r?\n", data)
    end = m.start() if m else len(data)
    head = data[:end]
    # Fast path: no single field, and not the whole section, can be past a cap.
    if (len(head) <= MAX_ONE_HEADER and head.count(b"=?") <= MAX_ENCODED_WORDS
            and head.count(b",") < MAX_ADDRESSES):
        return data
    fields: list[bytes] = []
    for line in head.split(b"\n"):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    kept: list[bytes] = []
    total = 0
    for n, field in enumerate(fields):
        name = field.split(b":", 1)[0].strip()
        label = name[:40].decode("ascii", "replace") or "(no name)"
        if len(field) > MAX_ONE_HEADER:
            defects.append(f"{HEADER_CUT} {label} header of {len(field)} bytes > {MAX_ONE_HEADER}")
            field = field[:MAX_ONE_HEADER].rsplit(b" ", 1)[0]
        words = field.count(b"=?")
        if words > MAX_ENCODED_WORDS:
            defects.append(f"{HEADER_CUT} {label} header with {words} encoded-words > {MAX_ENCODED_WORDS}")
            cut = -1
            for _ in range(MAX_ENCODED_WORDS + 1):
                cut = field.find(b"=?", cut + 1)
            field = field[:cut].rstrip()
        if name.lower() in _ADDRESS_FIELDS and field.count(b",") >= MAX_ADDRESSES:
            defects.append(f"{HEADER_CUT} {label} header with more than {MAX_ADDRESSES} addresses")
            cut = -1
            for _ in range(MAX_ADDRESSES):
                cut = field.find(b",", cut + 1)
            field = field[:cut]
        total += len(field) + 1
        if total > MAX_HEADER_BYTES:
            defects.append(f"{HEADER_CUT} header section of {len(head)} bytes > {MAX_HEADER_BYTES}; "
                           f"{len(fields) - n} fields ignored")
            break
        kept.append(field)
    body = data[end:] if m else b"\n"
    return b"\n".join(kept) + body


def _header_count(msg: Message) -> int:
    try:
        return len(msg.keys())
    except Exception:
        return 0


def _longest_header_line(data: bytes) -> int:
    """Length of the longest physical line in the header section (RFC 5322: at most 998)."""
    m = re.search(rb"\r?\n\r?\n", data)
    head = data[: m.start()] if m else data
    return max((len(line.rstrip(b"\r")) for line in head.split(b"\n")), default=0)


def _parse_bytes(data: bytes, defects: list[str]) -> Message:
    try:
        return BytesParser(policy=_POLICY).parsebytes(data)
    except Exception as exc:
        defects.append(f"MIME parse failed ({type(exc).__name__}); retried with compat32")
    try:
        return BytesParser(policy=policy.compat32).parsebytes(data)
    except Exception as exc:
        defects.append(f"compat32 parse failed ({type(exc).__name__})")
        return Message()


def _hash_id(raw: bytes) -> str:
    return f"sha256-{hashlib.sha256(raw).hexdigest()[:32]}@mailbot.invalid"


def _first_id(value: str) -> str:
    ids = _all_ids(value)
    return ids[0] if ids else ""


def _all_ids(value: str) -> list[str]:
    value = value or ""
    found = _MSGID.findall(value)
    if found:
        return found
    return [token.strip("<>") for token in value.split() if token.strip("<>")][:1] if value.strip() else []


def _return_path(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    m = re.search(r"<([^<>]*)>", v)
    addr = m.group(1) if m else v
    return addr.strip().lower()


def _strip_comments(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def _decode_rfc2047(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


class _Headers:
    """Guarded header access: policy.default can raise on malformed headers."""

    def __init__(self, msg: Message, defects: list[str]):
        self.msg = msg
        self.defects = defects
        self._first: dict[str, str] | None = None  # lower-cased name -> first raw value

    def raw(self, name: str) -> str | None:
        if self._first is None:
            first: dict[str, str] = {}
            try:
                for key, value in self.msg.raw_items():
                    first.setdefault(key.lower(), value)
            except Exception:
                pass
            self._first = first
        value = self._first.get(name.lower())
        return _unfold(value) if value is not None else None

    def all_raw(self, name: str) -> list[str]:
        try:
            return [_unfold(v) for k, v in self.msg.raw_items() if k.lower() == name.lower()]
        except Exception:
            return []

    def text(self, name: str) -> str:
        try:
            value = self.msg.get(name)
            return clean_text(" ".join(str(value).split())) if value is not None else ""
        except Exception as exc:
            self.defects.append(f"bad {name} header ({type(exc).__name__})")
            raw = self.raw(name)
            return " ".join(_decode_rfc2047(raw).split()) if raw else ""

    def addresses(self, name: str) -> list[Address]:
        out: list[Address] = []
        try:
            header = self.msg.get(name)
            if header is None:
                return []
            addrs = getattr(header, "addresses", None)
            if addrs is None:
                raise ValueError("no structured addresses")
            for a in addrs:
                addr = clean_text((a.addr_spec or "").strip().lower())
                if addr in ("<>", "@"):
                    addr = ""
                name = clean_text(" ".join((a.display_name or "").split()))
                if addr or name:
                    # Outlook writes "x@y" <x@y>; a name that is the address adds nothing.
                    out.append(Address(addr=addr, name="" if name.lower() == addr else name))
            if out or not str(header).strip():
                return out
        except Exception as exc:
            self.defects.append(f"bad {name} header ({type(exc).__name__})")
        raw = self.raw(name)
        if not raw:
            return []
        # Split the *raw* value: an RFC 2047 encoded word is one opaque token, so
        # an address (or CR/LF) hidden inside an encoded display name stays a name.
        try:
            for display, addr in getaddresses([raw]):
                if addr or display:
                    out.append(Address(addr=addr.strip().lower(), name=_CTRL.sub(" ", _decode_rfc2047(display)).strip()))
        except Exception:
            pass
        if not out:
            fallback = sender_from_value(raw)
            if fallback:
                out.append(fallback)
        return out

    def date(self, name: str) -> datetime | None:
        value = None
        try:
            header = self.msg.get(name)
            value = getattr(header, "datetime", None) if header is not None else None
        except Exception as exc:
            self.defects.append(f"bad {name} header ({type(exc).__name__})")
        if value is None:
            raw = self.raw(name)
            if raw:
                try:
                    value = parsedate_to_datetime(raw)
                except Exception:
                    self.defects.append(f"unparseable {name}")
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)  # "-0000": UTC, origin unknown
        return value if isinstance(value, datetime) else None


def _unfold(value: object) -> str:
    return clean_text(re.sub(r"\r?\n[ \t]+", " ", str(value)).strip())


_SURROGATES = re.compile("[\udc80-\udcff]+")


def clean_text(value: str) -> str:
    """`value` with the raw 8-bit bytes the stdlib keeps in headers as lone
    surrogates (surrogateescape) decoded: as UTF-8 where they are, else as
    Windows-1252, the usual legacy charset.

    A lone surrogate cannot be encoded: kept in a record, it made every
    later mail built from it (a reminder, a notice) raise.
    """
    if not _SURROGATES.search(value):
        return value

    def legacy(m: re.Match[str]) -> str:
        data = m.group().encode("utf-8", "surrogateescape")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")

    return _SURROGATES.sub(legacy, value)


# --- body -----------------------------------------------------------------------


def _decode_payload(part: Message, defects: list[str], limit: int = MAX_TEXT_BYTES) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:
        defects.append(f"undecodable part ({type(exc).__name__})")
        return ""
    if payload is None:
        payload = part.get_payload()
        if isinstance(payload, str):
            payload = payload.encode("utf-8", "replace")
        else:
            return ""
    if len(payload) > limit:
        defects.append(f"text part truncated to {limit} bytes")
        payload = payload[:limit]
    try:
        charset = part.get_content_charset() or "utf-8"
    except Exception:
        charset = "utf-8"
    return decode_bytes(payload, charset, defects)


def decode_bytes(data: bytes, charset: str, defects: list[str] | None = None) -> str:
    """Decode with the declared charset, falling back to UTF-8 with replacement."""
    charset = (charset or "utf-8").strip().strip("\"'").lower()
    try:
        codecs.lookup(charset)
        known = True
    except (LookupError, ValueError):
        known = False
        if defects is not None:
            defects.append(f"unknown charset {charset[:40]!r}")
    if known:
        try:
            return data.decode(charset)
        except Exception:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if known:
        try:
            return data.decode(charset, errors="replace")
        except Exception:
            pass
    return data.decode("utf-8", errors="replace")


class _Body:
    """One bounded walk over the MIME tree collecting what the parser needs."""

    def __init__(self, defects: list[str], nesting: int = 0):
        self.defects = defects
        self.nesting = nesting  # how many message/rfc822 levels we are inside
        self.plain = ""
        self.html = ""
        self.calendar: CalendarPart | None = None
        self.rfc822: Forwarded | None = None
        self.attachments: list[str] = []
        self.is_report = False
        self.report_type = ""
        self.dsn_failed: list[str] = []
        self.dsn_status: list[tuple[str, str]] = []
        self.parts = 0
        self.max_depth = 0

    def walk(self, msg: Message) -> None:
        stack: list[tuple[Message, int]] = [(msg, 0)]
        while stack:
            part, depth = stack.pop()
            self.parts += 1
            self.max_depth = max(self.max_depth, depth)
            if self.parts > MAX_PARTS:
                self.defects.append(f"more than {MAX_PARTS} MIME parts; rest ignored")
                return
            self._collect_defects(part)
            ctype = _ctype(part)
            if part.is_multipart() and ctype.startswith("multipart/"):
                if ctype == "multipart/report":
                    self.is_report = True
                    self.report_type = (_param(part, "report-type") or "").lower()
                if depth >= MAX_DEPTH:
                    self.defects.append("MIME nesting too deep")
                    continue
                children = _children(part)
                stack.extend((child, depth + 1) for child in reversed(children))
                continue
            self._leaf(part, ctype, depth)

    def _collect_defects(self, part: Message) -> None:
        for d in getattr(part, "defects", []) or []:
            self.defects.append(type(d).__name__)

    def _leaf(self, part: Message, ctype: str, depth: int) -> None:
        disposition = _disposition(part)
        filename = _filename(part)
        is_attachment = disposition == "attachment" or bool(filename)
        if ctype in ("text/calendar", "application/ics") or filename.lower().endswith(".ics"):
            if self.calendar is None:
                self.calendar = parse_calendar(_decode_payload(part, self.defects), _param(part, "method"))
            if is_attachment:
                self.attachments.append(filename or ctype)
            return
        if ctype == "message/delivery-status":
            self.dsn_failed.extend(_dsn_failed(part, self.defects, self.dsn_status))
            return
        if ctype == "message/rfc822" or ctype == "message/global":
            self.attachments.append(filename or ctype)
            if self.rfc822 is None and self.nesting < 3:
                self.rfc822 = _attached_forward(part, self.defects, self.nesting + 1)
            return
        if ctype == "text/plain" and not is_attachment:
            if not self.plain.strip():
                self.plain = _decode_payload(part, self.defects)
            return
        if ctype == "text/html" and not is_attachment:
            if not self.html.strip():
                self.html = _decode_payload(part, self.defects)
            return
        if ctype.startswith("text/") and not is_attachment:
            return  # text/enriched, text/rfc822-headers ...: not a body we read
        self.attachments.append(filename or ctype)


def _ctype(part: Message) -> str:
    try:
        return (part.get_content_type() or "text/plain").lower()
    except Exception:
        return "application/octet-stream"


def _param(part: Message, name: str) -> str:
    try:
        value = part.get_param(name)
        if isinstance(value, tuple):  # RFC 2231 (charset, lang, value)
            value = value[2]
        return str(value) if value else ""
    except Exception:
        return ""


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:
        return ""


def _filename(part: Message) -> str:
    try:
        return " ".join((part.get_filename() or "").split())
    except Exception:
        return ""


def _children(part: Message) -> list[Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)][:MAX_PARTS]
    return []


def _attached_forward(part: Message, defects: list[str], nesting: int) -> Forwarded | None:
    inner = _children(part)
    if not inner:
        return None
    original = inner[0]
    h = _Headers(original, [])
    senders = h.addresses("From")
    body = _Body([], nesting)
    body.parts = MAX_PARTS - 50  # the original gets a small share of the budget
    try:
        body.walk(original)
    except Exception:
        defects.append("unreadable attached message")
    text = body.plain.strip() or (html_to_text(body.html) if body.html else "")
    return Forwarded(
        sender=senders[0] if senders else None,
        date=h.raw("Date") or "",
        subject=h.text("Subject"),
        text=text,
        kind="attachment",
    )


def _dsn_failed(part: Message, defects: list[str], statuses: list[tuple[str, str]] | None = None) -> list[str]:
    """Failed recipients of a message/delivery-status part (RFC 3464); their Status codes go to `statuses`."""
    statuses = statuses if statuses is not None else []
    blocks: list[str] = []
    children = _children(part)
    if children:
        for child in children:
            try:
                blocks.append("\n".join(f"{k}: {v}" for k, v in child.raw_items()))
            except Exception:
                continue
    else:
        blocks = re.split(r"\n\s*\n", _decode_payload(part, defects, limit=256 * 1024))
    failed = []
    for block in blocks:
        action = re.search(r"(?im)^action:\s*(\S+)", block)
        if not action or action.group(1).lower() != "failed":
            continue
        rcpt = re.search(r"(?im)^final-recipient:\s*(?:[\w-]+\s*;)?\s*<?([^\s<>;]+@[^\s<>;]+)", block) or re.search(
            r"(?im)^original-recipient:\s*(?:[\w-]+\s*;)?\s*<?([^\s<>;]+@[^\s<>;]+)", block
        )
        if rcpt:
            failed.append(rcpt.group(1).lower())
            status = re.search(r"(?im)^status:\s*([245]\.\d{1,3}\.\d{1,3})", block)
            if status:
                statuses.append((rcpt.group(1).lower(), status.group(1)))
    return failed


# --- calendar -------------------------------------------------------------------


def parse_calendar(ics: str, method_param: str = "") -> CalendarPart | None:
    """The iMIP essentials of an iCalendar text; tolerant of broken files."""
    try:
        return _calendar_icalendar(ics, method_param)
    except Exception:
        pass
    try:
        return _calendar_lines(ics, method_param)
    except Exception:
        return None


def _calendar_icalendar(ics: str, method_param: str) -> CalendarPart | None:
    from icalendar import Calendar

    cal = Calendar.from_ical(ics.lstrip("\ufeff"))
    method = (str(cal.get("METHOD", "")) or method_param).strip().upper()
    event = None
    for comp in cal.walk():
        if comp.name in ("VEVENT", "VTODO", "VFREEBUSY", "VJOURNAL"):
            event = comp
            break
    if event is None:
        return CalendarPart(method=method) if method else None
    try:
        sequence = int(str(event.get("SEQUENCE", 0)).strip() or 0)
    except ValueError:
        sequence = 0
    attendee, partstat = "", ""
    if method == "REPLY":
        attendees = event.get("ATTENDEE")
        if attendees is not None:
            first = attendees[0] if isinstance(attendees, list) else attendees
            attendee = _mailto(str(first))
            params = getattr(first, "params", {}) or {}
            partstat = str(params.get("PARTSTAT", "")).upper()
    return CalendarPart(
        method=method,
        uid=str(event.get("UID", "")).strip(),
        sequence=sequence,
        summary=str(event.get("SUMMARY", "")).strip(),
        attendee=attendee,
        partstat=partstat,
    )


def _calendar_lines(ics: str, method_param: str) -> CalendarPart | None:
    text = re.sub(r"\r?\n[ \t]", "", ics.replace("\r\n", "\n").replace("\r", "\n"))
    props: dict[str, tuple[str, str]] = {}
    in_event = False
    for line in text.split("\n")[:20000]:
        name_params, sep, value = line.partition(":")
        if not sep:
            continue
        name, _, params = name_params.partition(";")
        name = name.strip().upper()
        if name == "BEGIN" and value.strip().upper() in ("VEVENT", "VTODO", "VFREEBUSY"):
            in_event = True
        if name == "METHOD" or (in_event and name not in props):
            props.setdefault(name, (params, value.strip()))
        if name == "END" and value.strip().upper() in ("VEVENT", "VTODO", "VFREEBUSY"):
            break
    method = (props.get("METHOD", ("", ""))[1] or method_param).strip().upper()
    if not method and "UID" not in props:
        return None
    try:
        sequence = int(props.get("SEQUENCE", ("", "0"))[1] or 0)
    except ValueError:
        sequence = 0
    attendee, partstat = "", ""
    if method == "REPLY" and "ATTENDEE" in props:
        params, value = props["ATTENDEE"]
        attendee = _mailto(value)
        m = re.search(r"(?i)PARTSTAT=([\w-]+)", params)
        partstat = m.group(1).upper() if m else ""
    return CalendarPart(
        method=method,
        uid=props.get("UID", ("", ""))[1],
        sequence=sequence,
        summary=props.get("SUMMARY", ("", ""))[1].replace("\\,", ",").replace("\\n", "\n"),
        attendee=attendee,
        partstat=partstat,
    )


def _mailto(value: str) -> str:
    return re.sub(r"(?i)^mailto:", "", value.strip()).strip().lower()


# --- automatic mail ---------------------------------------------------------------

# Exchange sends its non-delivery reports from "MicrosoftExchange" and 32 hex digits
_DAEMON = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|microsoftexchange(?:[0-9a-f]{32})?)(?:@|$)", re.I)
#: local parts no mail should go to: no-reply senders, daemons, list robots and their admins
NO_REPLY_LOCAL = re.compile(r"^(?:no[_.-]?reply|do[_.-]?not[_.-]?reply|donotreply|noreply|bounces?|"
                            r"mailer[_.-]?daemon|mail[_.-]?daemon|post[_.-]?master|majordomo|listserv|mailman|"
                            r"list[_.-]?request|autoresponder|auto[_.-]?reply)$|"
                            r"[_.-](?:admin|owner|request|bounces?|noreply|no-reply)$", re.I)
#: the senders among them that are surely machines ("-admin" may be a person's role address): no person asked anything
_ROBOT_SENDER = re.compile(r"^(?:no[_.-]?reply|do[_.-]?not[_.-]?reply|donotreply|noreply|autoresponder|auto[_.-]?reply|"
                           r"majordomo|listserv|mailman)$|[_.-](?:noreply|no-reply|request|bounces?)$", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered mail|delivery status notification|delivery (?:has )?failed|"
    r"mail delivery failed|failure notice|returned mail|delivery failure|non[- ]?delivery|"
    r"unzustellbar|nicht zustellbar|non remis|non distribuible|no se puede entregar|"
    r"mancato recapito|onbestelbaar|kan niet worden bezorgd|message not delivered|"
    r"could not be delivered|mail system error|delivery notification|"
    # the other EU languages' servers ("Kan ikke leveres", "Mensagem não entregue", "Nedostavljeno sporočilo")
    r"kan ikke leveres|ikke leveret|kunde inte levereras|olevererbar|toimittamaton|ei voitu toimittaa|toimitus epäonnistui|"
    r"niedostarczon|nie można dostarczyć|nedoručiteln|nedoručen|nedoručen|nedostavljen|nedostavljiv|"
    r"neisporučen|nije isporučen|nije mogla biti isporučen|kézbesíthetetlen|nem kézbesíthető|nelivrat|nu a putut fi livrat|недоставен|недоставим|"
    r"δεν παραδόθηκε|αδυναμία παράδοσης|αποτυχία παράδοσης|μη παράδοση|kättetoimetamata|nepiegādāt|nevarēja piegādāt|nepristatyt|"
    r"nepavyko pristatyti|ma twasslitx|neamhsheachadta|no entregado|no se pudo entregar|non recapitat|"
    r"impossibile recapitare|non distribué|échec de (?:la )?remise|non délivré|niet afgeleverd|"
    r"nicht zugestellt|não entregue|falha na entrega|não foi possível entregar|"
    r"nár seachadadh|nach raibh ar fáil|netika piegādāt|nepavyko išsiųsti|neizdevās piegādāt",
    re.I,
)
# RFC 3463 permanent status ("550 5.1.1 User unknown") in a daemon's plain-text notice, whatever
# its language; the address on that line is the one that failed.
_PERM_STATUS = re.compile(r"(?<![\d.])5\.[0-7]\.\d{1,3}(?![\d.])")
_STATUS_ADDRESS = re.compile(r"<?([\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+)>?")
_STATUS_SCAN = 4000  # the notice's own part comes before the returned message
_ABOVE = 6  # lines above the status line where a notice lists the recipient it failed
_AUTOREPLY_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (?:the )?office|"
    r"abwesenheitsnotiz|automatische antwort|réponse automatique|absence|respuesta automática|"
    r"risposta automatica|automatisch antwoord|afwezig|automatiskt svar|autosvar|"
    r"automatyczna odpowiedź|away\b|on vacation|vacation reply|"
    # Outlook's prefixes in the other EU languages
    r"frånvar|fraværende|automaattinen vastaus|poissa|automatická odpověď|automatická odpoveď|"
    r"samodejni odgovor|automatski odgovor|automatikus válasz|răspuns automat|raspuns automat|"
    r"автоматичен отговор|αυτόματη απάντηση|automaatne vastus|automātiskā atbilde|"
    r"automatinis atsakymas|tweġiba awtomatika|freagra uathoibríoch|resposta automática|"
    r"ausente|fuori sede|fuori ufficio|ikke til stede|nepřítomnost|odsotnost|odsutnost)",
    re.I,
)


def _auto_signals(
    h: _Headers, body: _Body, subject: str, senders: list[Address], return_path: str | None, text: str = ""
) -> AutoSignals:
    """Every sign that a machine sent the message (RFC 3834, DSNs, lists, bulk, robots), each with
    its reason; `text` is the body as read (an HTML-only notice's text). Past 60 lines because it
    is one checklist of independent header tests, read in order."""
    reasons: list[str] = []
    auto_submitted = (h.raw("Auto-Submitted") or "").strip().lower()
    auto_token = auto_submitted.split(";")[0].strip()
    if auto_submitted and auto_token != "no":
        reasons.append(f"Auto-Submitted: {auto_submitted}")
    precedence = (h.raw("Precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        reasons.append(f"Precedence: {precedence}")
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Autogenerated"):
        value = h.raw(name)
        if value is not None and value.strip().lower() not in ("no", "false", "0"):
            reasons.append(f"{name}: {value.strip()[:60]}")
    # X-Auto-Response-Suppress is deliberately ignored: Outlook sets it on
    # ordinary person-to-person mail.
    list_id_raw = h.raw("List-Id") or ""
    m = re.search(r"<([^<>]+)>", list_id_raw)
    list_id = (m.group(1) if m else list_id_raw).strip()
    if list_id_raw:
        reasons.append(f"List-Id: {list_id_raw[:120]}")
    for name in ("List-Unsubscribe", "List-Post"):
        value = h.raw(name)
        if value is not None:
            reasons.append(f"{name}: {value[:120]}")
    if return_path == "":
        reasons.append("Return-Path: <> (null sender)")
    sender = senders[0].addr if senders else ""
    daemon = bool(_DAEMON.match(sender)) or bool(senders and _DAEMON.match(senders[0].name or ""))
    if daemon:
        reasons.append(f"From: {sender or senders[0].name}")
    elif sender and _ROBOT_SENDER.search(sender.partition("@")[0].split("+")[0]):
        reasons.append(f"From: {sender.partition('@')[0]}@ is a robot's address")
    if h.raw("X-MS-Exchange-Message-Is-Ndr") is not None:  # Exchange marks its non-delivery reports
        daemon = True
        reasons.append("X-MS-Exchange-Message-Is-Ndr")
    is_bounce = body.is_report and body.report_type == "delivery-status"
    if is_bounce:
        reasons.append("Content-Type: multipart/report; report-type=delivery-status")
    elif body.is_report and body.report_type:
        reasons.append(f"Content-Type: multipart/report; report-type={body.report_type}")
    if _BOUNCE_SUBJECT.search(subject) and (daemon or return_path == "" or body.is_report):
        is_bounce = True
        reasons.append(f"Subject: {subject[:80]}")
    if _AUTOREPLY_SUBJECT.match(subject):
        reasons.append(f"Subject looks like an auto-reply: {subject[:80]}")
    failed = list(body.dsn_failed)
    statuses = list(body.dsn_status)
    x_failed = h.raw("X-Failed-Recipients")
    if x_failed:
        is_bounce = True
        failed.extend(a.strip().lower() for a in x_failed.split(",") if "@" in a)
        reasons.append("X-Failed-Recipients")
    mids: list[str] = []
    delivered: list[str] = []
    looks_bounced = daemon or return_path == "" or bool(_BOUNCE_SUBJECT.search(subject))
    if is_bounce or body.is_report or looks_bounced:
        from mailbot.mail.dsn import detect  # Mailman's detectors (flufl.bounce), for DSNs only

        perm, _delayed, mids = detect(h.msg)  # a delay ("Action: delayed") is not a bounce
        failed.extend(perm)
        if perm and looks_bounced and not is_bounce:  # a non-standard bounce a detector recognised
            is_bounce = True
            reasons.append("bounce recognised by flufl.bounce")
        if (daemon or return_path == "") and not failed:
            notice = (body.plain or text)[:_STATUS_SCAN].splitlines()  # an HTML-only notice: its text
            at = [k for k, ln in enumerate(notice) if _PERM_STATUS.search(ln)]
            lines = [notice[k] for k in at]
            if lines and not is_bounce:
                is_bounce = True
                reasons.append(f"permanent delivery status in a daemon's notice: {lines[0].strip()[:80]}")
            if is_bounce:
                found = [m.group(1).lower() for ln in lines for m in _STATUS_ADDRESS.finditer(ln)]
                if not found and at:
                    # Exchange lists the recipient on a line of its own above the server's answer
                    found = [ln.strip().strip("<>").lower() for ln in notice[max(0, at[0] - _ABOVE):at[0]]
                             if _STATUS_ADDRESS.fullmatch(ln.strip())]
                failed.extend(found)
        for name in ("Delivered-To", "X-Original-To"):
            delivered.extend(v.strip().strip("<>").lower() for v in h.all_raw(name)[:5])
    return AutoSignals(
        auto_submitted=auto_submitted,
        precedence=precedence,
        list_id=list_id,
        reasons=tuple(dict.fromkeys(reasons)),
        is_bounce=is_bounce,
        failed_recipients=tuple(dict.fromkeys(failed))[:50],
        failed_status=tuple(dict.fromkeys(statuses)),
        bounce_message_ids=tuple(mids),
        delivered_to=tuple(delivered),
    )
