"""Outgoing mail: render a template and build the RFC 5322 message.

Templates live in `templates/<lang>/<name>.txt` (plain text) with an
optional `<name>.html` beside it (autoescaped). The first line of the text
template is `Subject: …`. User text reaches templates only as data in the
context, never as template source, and every header value is folded to one
line with control and bidi characters removed, so nothing a sender writes
can add a header or run as template code.

Why one room past 400 lines: rendering and building share the one rule
above (user text is data, every header is folded and cleaned), and the
template lookup, language fallback and date words serve both.

`build` runs past 60 lines because an RFC 5322 message is built header by
header in one order (threading, Auto-Submitted, the stable Message-ID); split
it would only move the order into the caller.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
import time
import unicodedata
from email import charset as _charset
from email import quoprimime
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from mailbot.core.model import OutgoingMail

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
FALLBACK_LANGUAGE = "en"
#: the EU's official languages, which the bot reads and writes (templates/<code>/)
LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
             "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")
#: the templates that go to members and applicants (not staff): each exists in every language
PERSON_TEMPLATES = ("_footer", "ack_unknown", "info", "join_ack", "join_not_participant", "leave_ack",
                    "start_group_ack", "welcome", "join_declined", "join_expired", "group_created",
                    "proposal_interest", "meeting_invitation", "meeting_update", "meeting_cancel",
                    "confirm_leave", "check_join")
#: the CLDR locale of a language where its bare code means another country's usage
LOCALES = {"en": "en_GB", "pt": "pt_PT"}
WIDTH = 72  # plain-text paragraphs are wrapped to this many columns

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
#: Unicode category Cc (C0, DEL, C1) except tab and newline: one regex pass, not a category lookup per character
_CC = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")


#: lone surrogates (raw 8-bit bytes a parser kept with surrogateescape) cannot be encoded
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def header_safe(value: Any, limit: int = 200) -> str:
    """One line of plain text fit for a header: no CR/LF, controls or bidi tricks."""
    text = unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", str(value or "")))
    text = _BIDI.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text[:limit]


def text_safe(value: Any, limit: int = 4000) -> str:
    """User text for a plain-text body: bidi overrides removed, length capped."""
    text = _BIDI.sub("", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CC.sub("", text)
    return text if len(text) <= limit else text[:limit] + "\n[…]"


def quote(text: str, limit: int = 2000) -> str:
    """Quote user text with '> ' for inclusion in a notification."""
    return "\n".join("> " + line for line in text_safe(text, limit).splitlines()) or "> (no text)"


_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|r|rif|odp|antw|ref|tr|wg|fwd?)\s*(\[\d+\])?\s*:\s*)+", re.I)


def reply_subject(subject: str, default: str = "") -> str:
    """"Re: <subject>" without piling up prefixes (Re: AW: Re: …)."""
    base = _REPLY_PREFIX.sub("", header_safe(subject)) or default
    return f"Re: {base}" if base else default


class _ThrottledLoader(FileSystemLoader):
    """A FileSystemLoader that looks at a template file for changes at most every few seconds.

    Jinja asks on every get_template (two a mail: the template and the
    layout it includes), each a stat(2); over a backlog those added up to
    a twentieth of the pipeline's time. An edited template is still picked
    up while the bot runs, within _EXISTS_TTL seconds.
    """

    def get_source(self, environment: Environment, template: str):  # type: ignore[no-untyped-def]
        source, filename, uptodate = super().get_source(environment, template)
        last = [time.monotonic(), True]

        def throttled() -> bool:
            now = time.monotonic()
            if now - last[0] >= _EXISTS_TTL:
                last[:] = [now, bool(uptodate())]
            return last[1]

        return source, filename, throttled


#: compiled templates kept per environment: all of them (Jinja's -1). The keys are template
#: files found on disk (a name that is not found is never cached), so the cache is bounded by
#: the templates directory; Jinja's LRU cache instead moves a key in a deque of every template
#: on each hit, a scan of the whole cache twice a mail.
TEMPLATE_CACHE = -1


@lru_cache(maxsize=8)
def environment(directory: str = str(TEMPLATES_DIR)) -> Environment:
    """The Jinja2 environment: sandboxed, strict, autoescaping HTML only."""
    env = SandboxedEnvironment(
        loader=_ThrottledLoader(directory),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Jinja keeps 400 compiled templates by default; 24 languages hold more than twice
        # that, so `warm` compiled templates only for them to be evicted and compiled again
        # (milliseconds each) as mail in other languages came in. None is evicted now.
        cache_size=TEMPLATE_CACHE,
    )
    env.filters["longdate"] = longdate
    env.filters["quote"] = quote
    env.filters["re"] = reply_subject
    env.filters["clean"] = text_safe
    return env


@pass_context
def longdate(ctx: Any, value: Any, with_time: bool = False, weekday: bool = True) -> str:
    """An ISO date or datetime written out in the template's language ("Donnerstag, 18. März 2027").

    `weekday=False` leaves the day of the week out ("18. März 2027"), for dates
    that are not appointments, such as the end of a group's term.
    """
    from babel.dates import format_date, format_time

    lang = ctx.get("lang") or FALLBACK_LANGUAGE
    locale = LOCALES.get(lang, lang)
    try:
        dt = value if isinstance(value, (datetime, date)) else datetime.fromisoformat(str(value))
        text = format_date(dt, format="full" if weekday else "long", locale=locale)
        if with_time and isinstance(dt, datetime):
            text += ", " + format_time(dt, "HH:mm", locale=locale)  # the 24-hour clock, all over Europe
        return text
    except Exception:  # an unknown locale or an unparsable value: shown as it is
        return str(value)


def template_names(directory: Path = TEMPLATES_DIR) -> list[str]:
    """Every template name available in the fallback language."""
    base = directory / FALLBACK_LANGUAGE
    return sorted(p.stem for p in base.glob("*.txt"))


_EXISTS_TTL = 10.0  # seconds: a template added while the bot runs is used within this long
_exists_cache: dict[tuple[Path, str, str], tuple[float, bool]] = {}


def _exists(directory: Path, language: str, filename: str) -> bool:
    """Whether `directory/language/filename` exists, remembered for a few seconds.

    Two stats (and three Path objects) a mail add up over a backlog.
    """
    now = time.monotonic()
    key = (directory, language, filename)
    hit = _exists_cache.get(key)
    if hit is None or now - hit[0] > _EXISTS_TTL:
        hit = (now, (directory / language / filename).exists())
        _exists_cache[key] = hit
    return hit[1]


def warm(directory: Path = TEMPLATES_DIR) -> int:
    """Compile every template now (start-up work), not with the first mail that needs it; returns how many."""
    env = environment(str(directory))
    # web/pages/ are the web app's pages, compiled by its own environment (its filters)
    names = [n for n in env.list_templates() if n.endswith((".txt", ".html")) and not n.startswith("web/pages/")]
    for n in names:
        env.get_template(n)
    return len(names)


def render(name: str, context: dict[str, Any], language: str = "", directory: Path = TEMPLATES_DIR) -> tuple[str, str, str | None]:
    """Render template `name` in `language` (falling back to English).

    Returns (subject, text body, html body or None).
    """
    env = environment(str(directory))
    lang = language if language and _exists(directory, language, f"{name}.txt") else FALLBACK_LANGUAGE
    try:
        context = dict(context, lang=lang)
        text = env.get_template(f"{lang}/{name}.txt").render(context)
    except TemplateNotFound:
        raise LookupError(f"no template {name!r} in {directory}") from None
    subject = ""
    if text.startswith("Subject:"):
        first, _, text = text.partition("\n")
        subject = first[len("Subject:"):].strip()
        text = text.lstrip("\n")
    if name in PERSON_TEMPLATES:  # written a paragraph per line; the others are wrapped by hand
        text = reflow(text)
    html = None
    # Most templates have no HTML part: a stat is far cheaper than Jinja's
    # loader search raising TemplateNotFound for every mail.
    if _exists(directory, lang, f"{name}.html"):
        try:
            html = env.get_template(f"{lang}/{name}.html").render(context)
        except TemplateNotFound:
            pass
    return header_safe(subject, 250), text, html


_LIST_ITEM = re.compile(r"^(\s*)([-*•]|\d+[.)])\s+")


def reflow(text: str, width: int = WIDTH) -> str:
    """Wrap each long line of a rendered plain-text body at `width` columns.

    Templates write a paragraph as one line (so a translation or an
    optional clause never leaves a line broken mid-sentence); this wraps
    it for the reader. Quoted lines ("> "), the signature and lines
    without spaces (links) are left as they are; list items keep a
    hanging indent.
    """
    if "\n" not in text and len(text) <= width:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or line.startswith(">") or " " not in line.strip():
            out.append(line)
            continue
        m = _LIST_ITEM.match(line)
        lead = " " * (m.end() if m else len(line) - len(line.lstrip(" ")))
        out.extend(_wrap(line, width, lead))
    return "\n".join(out)


def _wrap(line: str, width: int, lead: str) -> list[str]:
    """textwrap.wrap(line, width, subsequent_indent=lead, break_long_words=False,
    break_on_hyphens=False), by a plain greedy pass where that gives the same lines.

    textwrap splits every line with a regular expression, which made it the
    largest cost of rendering a mail; a line of words with single spaces
    (what templates write) packs the same way word by word. Anything else
    (tabs, runs of spaces, a word too long for its line) goes to textwrap.
    """
    body = line.lstrip(" ")
    words = body.split(" ")
    room = width - len(lead)
    if ("\t" in line or "" in words or any(len(w) >= room for w in words)
            or len(line) - len(body) + len(words[0]) > width or not line.isprintable()):
        return textwrap.wrap(line, width, subsequent_indent=lead, break_long_words=False,
                             break_on_hyphens=False) or [line]
    lines: list[str] = []
    cur = line[:len(line) - len(body)] + words[0]
    for w in words[1:]:
        if len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            lines.append(cur)
            cur = lead + w
    lines.append(cur)
    return lines


_UTF8_QP = _charset.Charset("utf-8")
_UTF8_QP.body_encoding = _charset.QP
_UTF8_QP.header_encoding = _charset.QP

from email._policybase import Compat32 as _Compat32  # noqa: E402


class _WirePolicy(_Compat32):
    """compat32 with CRLF line ends, folding only the headers that need it.

    Folding every header through email.header was a fifth of the pipeline's
    time; our values are single-line ASCII (header_safe) far more often
    than not, and those are written as they are.
    """

    def fold(self, name, value):  # noqa: D102
        if isinstance(value, str) and value.isascii() and _fits(name, value):
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name, value):  # noqa: D102 - what as_bytes() (BytesGenerator) calls
        if isinstance(value, str) and value.isascii() and _fits(name, value):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


def _fits(name: str, value: str) -> bool:
    """Whether an ASCII value can go out as it is: short lines, folded (CRLF + space) where long.

    Only fold_ascii and encode_words put line breaks in a value (header_safe
    removes the sender's); a line may pass 78 columns only for one word
    that no fold can shorten (RFC 5322 allows 998 octets).
    """
    if "\n" not in value and len(name) + len(value) < 76:
        return True
    lines = value.split("\r\n")
    if any("\n" in line or "\r" in line for line in lines) or not all(line.startswith(" ") for line in lines[1:]):
        return False
    widths = [len(name) + 2 + len(lines[0])] + [len(line) for line in lines[1:]]
    return all(w <= 78 or (" " not in line.strip() and w <= 998) for w, line in zip(widths, lines))


# CRLF line ends and 78-column folding: what SMTP wants on the wire.
_POLICY = _WirePolicy(linesep="\r\n", max_line_length=78)


def _text_part(body: str, subtype: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype)
    part.set_payload(body, charset=_UTF8_QP)
    return part


@lru_cache(maxsize=1)
def _plain_part_headers() -> bytes:
    """The MIME headers the email package gives a UTF-8, quoted-printable text/plain part."""
    part = _text_part("x", "plain")
    return b"".join(_POLICY.fold_binary(name, value) for name, value in part.items())


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _plain_bytes(headers: list[tuple[str, Any]], text: str) -> bytes:
    """What `_text_part(text, "plain")` with `headers` in front gives from as_bytes(), byte for byte.

    Most mail is one text/plain part; building and flattening an email
    Message for it was a third of compose's time. Same folding (_POLICY),
    same quoted-printable (quoprimime, as Charset.body_encode calls it),
    same CRLF line ends; tests/test_compose.py holds the two equal.
    """
    head = b"".join(_POLICY.fold_binary(name, value) for name, value in headers)
    body = quoprimime.body_encode(text.encode("utf-8").decode("latin-1")) if text else ""
    lines = _LINE_BREAK.split(body)
    body = "".join(line + "\r\n" for line in lines[:-1]) + lines[-1]
    return head + _plain_part_headers() + b"\r\n" + body.encode("ascii")


def _encoded(value: str, name: str = "Subject") -> str:
    """A header value as it goes on the wire: RFC 2047-encoded when not ASCII, folded when long."""
    if not value.isascii():
        return encode_words(value, len(name) + 2)
    return value if len(name) + 2 + len(value) <= 78 else fold_ascii(value, len(name) + 2)


def fold_ascii(value: str, indent: int = 9) -> str:
    """A long single-line ASCII value folded at spaces (RFC 5322 2.2.3) into lines of at most 78 columns.

    A word longer than a line stays whole (lines may reach 998 octets).
    """
    lines: list[str] = []
    line = ""
    for word in value.split(" "):
        lead = indent if not lines else 1  # "Name: " before the first line, one space before the others
        if line and lead + len(line) + 1 + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\r\n ".join(lines)


#: characters an encoded word may carry as they are (RFC 2047 5(3), the safe subset)
_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def _q(char: str) -> str:
    if char == " ":
        return "_"
    data = char.encode("utf-8")
    return char if len(data) == 1 and data[0] in _Q_SAFE else "".join(f"={b:02X}" for b in data)


def encode_words(value: str, indent: int = 9) -> str:
    """`value` as RFC 2047 "Q" encoded words (UTF-8), folded so no line passes 78 columns.

    Does what email.header.Header does for our headers, at a fraction of the
    cost (it tries both encodings, byte by byte): a character is never split
    across two words, and a word is at most 75 characters. `indent` is the
    width of the "Name: " before the first word.
    """
    words: list[str] = []
    budget = min(75, 78 - indent) - 12  # "=?utf-8?q?" + "?=" is 12
    chunk: list[str] = []
    used = 0
    for char in value:
        piece = _q(char)
        if used + len(piece) > budget and chunk:
            words.append("=?utf-8?q?" + "".join(chunk) + "?=")
            chunk, used, budget = [], 0, 75 - 12  # later lines: " " + word
        chunk.append(piece)
        used += len(piece)
    if chunk:
        words.append("=?utf-8?q?" + "".join(chunk) + "?=")
    return "\r\n ".join(words)


def _address(name: str, addr: str) -> str:
    return formataddr((header_safe(name), header_safe(addr, 300)), charset="utf-8")


def _msgid(value: str) -> str:
    return header_safe(value, 900).strip("<> ").replace(" ", "")


def message_id_for(key: str, domain: str) -> str:
    """A stable Message-ID for an outbox entry: re-sending it is recognisably the same mail."""
    return f"<mailbot.{hashlib.sha256(key.encode()).hexdigest()[:24]}@{domain}>"


def build(
    *,
    key: str,
    sender: tuple[str, str],
    to: list[tuple[str, str]],
    subject: str,
    text: str,
    html: str | None,
    date: datetime,
    in_reply_to: str = "",
    references: tuple[str, ...] = (),
    auto_submitted: str = "auto-replied",
    reply_to: str = "",
    extra_headers: dict[str, str] | None = None,
    source_message_id: str = "",
    envelope_from: str | None = None,
) -> OutgoingMail:
    """Assemble one outgoing message with threading and loop-prevention headers."""
    domain = sender[1].rpartition("@")[2] or "mailbot.invalid"
    # A stored record may hold what no codec can write (an old record's raw
    # 8-bit name): one replacement character, not a mail that never builds.
    text, html = _LONE_SURROGATE.sub("\ufffd", text), _LONE_SURROGATE.sub("\ufffd", html or "") or html
    # Built with the compat32 classes: the header registry of policy.default
    # costs ~4 ms a message here, most of the pipeline's time. Every value
    # is header_safe()d (no CR/LF, no controls) and non-ASCII text is
    # RFC 2047-encoded explicitly, so nothing a sender wrote can add a header.
    msg: MIMEMultipart | None = None  # None: one text/plain part, written by _plain_bytes
    if html:
        msg = MIMEMultipart("alternative")
        msg.attach(_text_part(text, "plain"))
        msg.attach(_text_part(html, "html"))
    headers: list[tuple[str, Any]] = [
        ("From", _address(sender[0], sender[1])),
        ("To", ", ".join(_address(n, a) for n, a in to)),
        ("Subject", _encoded(header_safe(subject, 250))),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id_for(key, domain)),
    ]
    if in_reply_to:
        headers.append(("In-Reply-To", f"<{_msgid(in_reply_to)}>"))
        refs = [_msgid(r) for r in references if r][-10:] + [_msgid(in_reply_to)]
        # Keep References under the 998-octet line limit servers enforce.
        while len(" ".join(f"<{r}>" for r in refs)) > 900 and len(refs) > 1:
            refs.pop(0)
        headers.append(("References", " ".join(f"<{r}>" for r in dict.fromkeys(refs))))
    if reply_to:
        headers.append(("Reply-To", header_safe(reply_to, 300)))
    # RFC 3834: mark automatic mail so other robots do not answer it, and ask
    # Exchange not to send out-of-office replies back to us.
    headers += [
        ("Auto-Submitted", auto_submitted),
        ("X-Auto-Response-Suppress", "All"),
        ("X-Mailbot-Key", hashlib.sha256(key.encode()).hexdigest()[:16]),
    ]
    for name, value in (extra_headers or {}).items():
        headers.append((name, _encoded(header_safe(value, 900), name)))
    if msg is None:
        raw = _plain_bytes(headers, text)
    else:
        body_headers = list(msg.items())
        for name in list(msg.keys()):
            del msg[name]
        for name, value in headers:
            msg[name] = value
        for name, value in body_headers:
            msg[name] = value
        raw = msg.as_bytes(policy=_POLICY)
    return OutgoingMail(
        key=key,
        to=tuple(a for _, a in to),
        raw=raw,
        envelope_from=sender[1] if envelope_from is None else envelope_from,
        source_message_id=source_message_id,
    )
