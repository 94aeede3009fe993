"""Where outgoing mail goes: the `Transport` interface and its Maildir sink.

`deliver` takes a batch and reports, per message, whether it was delivered,
failed for now (retry later) or failed for good. The outbox (outbox.py) owns
retries and bookkeeping; a transport only talks to its server. The local
sink writes each message to a Maildir under a name derived from its
idempotency key, so delivering the same entry twice writes it once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

from mailbot.adapters.mailbox import deliver_to_maildir, ensure_maildir
from mailbot.core.model import OutgoingMail

DELIVERED = "delivered"
TRANSIENT = "transient"  # try again later (4xx, connection refused, timeout)
PERMANENT = "permanent"  # give up (5xx): staff must look at it


@dataclass(frozen=True)
class SendResult:
    key: str
    status: str  # DELIVERED | TRANSIENT | PERMANENT
    detail: str = ""


class Transport(Protocol):
    """The outbound side of the pipeline."""

    def deliver(self, mails: Sequence[OutgoingMail]) -> list[SendResult]:
        """Send a batch; one result per mail, in order. Never raises for a send failure."""

    def close(self) -> None:
        """Release connections."""

    def describe(self) -> str:
        """A one-line human description (for logs and `mailbot check`)."""


def sink_name(key: str) -> str:
    """File name of an outbox entry in the Maildir sink (stable per key)."""
    return "mailbot-" + hashlib.sha256(key.encode()).hexdigest()[:32]


class MaildirTransport:
    """The embedded default transport: writes outgoing mail to a local Maildir."""

    def __init__(self, path: str | os.PathLike[str]):
        self.root = ensure_maildir(Path(path))

    def deliver(self, mails: Sequence[OutgoingMail]) -> list[SendResult]:
        results = []
        for mail in mails:
            try:
                deliver_to_maildir(self.root, mail.raw, name=sink_name(mail.key))
                results.append(SendResult(mail.key, DELIVERED, f"written to {self.root}"))
            except OSError as exc:
                results.append(SendResult(mail.key, TRANSIENT, f"cannot write to {self.root}: {exc}"))
        return results

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"maildir sink {self.root}"
