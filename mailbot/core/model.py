"""The values that flow through the pipeline.

Every type here is an immutable value with no I/O: the parser produces a
`ParsedMessage`, intent detection an `Intent`, the rules engine a `Decision`,
and the pipeline turns a decision into `Effects` that the one writer (mail/unit.py) stores in
one write. Keeping them here (and nowhere else) lets every module agree on
one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: The fixed intent vocabulary (see docs/ARCHITECTURE.md).
INTENTS = (
    "join",
    "start_group",
    "leave",
    "info",
    "confirm",
    "decline",
    "rsvp",
    "forward",
    "auto_reply",
    "bounce",
    "unknown",
)

#: Where a decision sends a message, for reports and `replay --json`.
ROUTES = ("facilitator", "staff", "auto", "none")

#: Sender roles the rules can match on.
ROLES = ("staff", "facilitator", "participant", "unknown")


@dataclass(frozen=True)
class Address:
    """One mailbox: `addr` is lower-cased for comparison; `name` is decoded."""

    addr: str
    name: str = ""

    @property
    def domain(self) -> str:
        return self.addr.rpartition("@")[2]

    def __str__(self) -> str:  # pragma: no cover - convenience
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass(frozen=True)
class Forwarded:
    """A forwarded original found inline or as a message/rfc822 part."""

    sender: Address | None
    date: str = ""
    subject: str = ""
    text: str = ""
    kind: str = "inline"  # "inline" | "attachment"


@dataclass(frozen=True)
class CalendarPart:
    """The iCalendar part of a message (iMIP), if any."""

    method: str  # REQUEST, REPLY, CANCEL, PUBLISH, ... upper-case
    uid: str = ""
    sequence: int = 0
    summary: str = ""
    #: for REPLY: the replying attendee and their PARTSTAT
    attendee: str = ""
    partstat: str = ""


@dataclass(frozen=True)
class AutoSignals:
    """Evidence that a message was sent by a machine (RFC 3834 and friends)."""

    auto_submitted: str = ""  # value of Auto-Submitted, lower-case
    precedence: str = ""  # bulk/list/junk/auto_reply
    list_id: str = ""
    reasons: tuple[str, ...] = ()  # human-readable, e.g. "Auto-Submitted: auto-replied"
    is_bounce: bool = False  # DSN / MAILER-DAEMON / null Return-Path with report
    failed_recipients: tuple[str, ...] = ()  # from a DSN
    #: (recipient, DSN Status such as "5.1.1" or "4.2.2") where the DSN gave one
    failed_status: tuple[tuple[str, str], ...] = ()
    #: Message-IDs quoted in a DSN (the returned mail's): ties a bounce to mail the bot sent
    bounce_message_ids: tuple[str, ...] = ()
    #: Delivered-To / X-Original-To of a DSN (the VERP address it came back to)
    delivered_to: tuple[str, ...] = ()

    @property
    def is_automatic(self) -> bool:
        return bool(self.reasons) or self.is_bounce


@dataclass(frozen=True)
class AuthResult:
    """One method result of the topmost trusted Authentication-Results header."""

    authserv_id: str
    method: str  # dkim, dmarc, spf, ...
    result: str  # pass, fail, none, ...
    header_from: str = ""  # header.from / header.d when given


@dataclass(frozen=True)
class ParsedMessage:
    """Everything the core needs from one raw message. Never raises to build."""

    message_id: str  # without angle brackets; a content hash when missing
    sender: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    subject: str = ""
    date: datetime | None = None
    in_reply_to: str = ""  # without angle brackets
    references: tuple[str, ...] = ()
    #: the new text of the message: quotes, signatures, disclaimers removed
    text: str = ""
    #: the whole text body (HTML turned to text), before stripping
    full_text: str = ""
    language: str = ""  # ISO 639-1, "" when unknown
    forwarded: Forwarded | None = None
    calendar: CalendarPart | None = None
    auto: AutoSignals = field(default_factory=AutoSignals)
    #: every Authentication-Results header, topmost first, as raw strings
    authentication_results: tuple[str, ...] = ()
    return_path: str | None = None  # "" for the null sender <>
    size: int = 0
    attachments: tuple[str, ...] = ()  # filenames / content types, for triage
    defects: tuple[str, ...] = ()  # what was wrong with the input
    #: shape of the input, for the limits (limits.py): MIME parts walked, deepest
    #: multipart nesting, header fields, longest physical header line (bytes)
    mime_parts: int = 0
    mime_depth: int = 0
    header_count: int = 0
    longest_header_line: int = 0
    #: From header fields, and addresses in the first one: trust.py wants exactly one of each
    from_headers: int = 1
    from_addresses: int = 1

    @property
    def sender_addr(self) -> str:
        return self.sender.addr if self.sender else ""


@dataclass(frozen=True)
class Intent:
    """What a message asks for, with how sure we are and why."""

    name: str  # one of INTENTS
    groups: tuple[str, ...] = ()  # group slugs
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()
    #: for forwards: the classification of the forwarded original
    original: Intent | None = None
    #: a free-text topic for start_group (what the proposal is about)
    topic: str = ""


@dataclass(frozen=True)
class Action:
    """One thing to do. `kind` is a registered action name (see actions.py)."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """The rules engine's verdict for one message, with its trace."""

    rule: str  # name of the matching rule, "" when none
    reason: str  # why it matched (human readable)
    actions: tuple[Action, ...] = ()
    route: str = "none"  # one of ROUTES
    trace: tuple[str, ...] = ()  # every rule considered and why it did/didn't match


@dataclass(frozen=True)
class OutgoingMail:
    """A rendered message waiting in the outbox."""

    key: str  # idempotency key: stable for (source message, action, recipient)
    to: tuple[str, ...]
    raw: bytes  # the full RFC 5322 message as it will be sent
    envelope_from: str = ""
    source_message_id: str = ""


@dataclass(frozen=True)
class Effects:
    """What processing one message changes; committed in one store write."""

    message_id: str
    outbox: tuple[OutgoingMail, ...] = ()
    #: records to upsert, as (table, key, document)
    records: tuple[tuple[str, str, dict[str, Any]], ...] = ()
    #: the audit line for this message (intent, rule, actions)
    audit: dict[str, Any] = field(default_factory=dict)
    #: where the source message should go after commit: "processed" | "triage"
    destination: str = "processed"
