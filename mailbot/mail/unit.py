"""The one writer of the store: a unit of work, written in one store write.

Every change the bot makes to its store goes through a `Unit`: records put
or deleted, and outgoing mail (`mail`), which passes the outbox's
idempotency rule and the one outgoing guard with its caps
(`mail/queue.enqueue` → `mail/guard.admit`), so no caller can queue mail
around them. `Unit.commit` makes the whole unit durable at once: one
transaction, one fsynced journal line (`adapters/store.Store.commit`).
`commit()` is the same for a unit given whole.

It sits in the mail layer, the lowest that holds both the store adapter and
the outbox queue, so every layer above — workflows, the scheduler, commands,
the runtime, the CLI — writes through it. Nothing else in the package calls
the store's `commit` or `compact` (tests/test_unit.py keeps it so); the
store adapter's own `repair`, which rewrites a damaged file from its intact
lines before any store can be opened on it, is the one write below it.

The commit order (docs/ARCHITECTURE.md) is the callers': the pipeline
stages a batch's effects, outbox mail and processed markers in one unit and
commits it before the messages leave the inbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import Config
from mailbot.core.model import OutgoingMail
from mailbot.mail import queue as mailq

Record = tuple[str, str, dict]


class Unit:
    """Records, deletions and outgoing mail gathered for one store write.

    `cfg` is needed only to queue mail (the guard's caps and addresses);
    `now` stamps what the outbox and the guard record.
    """

    def __init__(self, store: st.Store, cfg: Config | None = None, now: datetime | None = None):
        self.store, self.cfg = store, cfg
        self.now = now or utcnow()
        self._tx = st.Transaction()

    def put(self, table: str, key: str, doc: dict) -> None:
        self._tx.put(table, key, doc)

    def delete(self, table: str, key: str) -> None:
        self._tx.delete(table, key)

    def records(self, records: Iterable[Record]) -> None:
        """Put each (table, key, document)."""
        for table, key, doc in records:
            self._tx.put(table, key, doc)

    def mail(self, mails: Iterable[OutgoingMail]) -> None:
        """Queue `mails` in this unit: mail already queued or sent is skipped; the rest passes
        the outgoing guard (mail/guard.py), which may drop a recipient or hold a mail past a cap."""
        if self.cfg is None:
            raise TypeError("Unit.mail needs the config: the outgoing guard applies to every mail")
        mailq.enqueue(self._tx, self.store, mails, self.now, self.cfg)

    def stage(self, records: Iterable[Record], outbox: Iterable[OutgoingMail]) -> None:
        """Records and mail of one piece of work (a message's effects, a command's `Work`)."""
        self.records(records)
        self.mail(outbox)

    def __len__(self) -> int:
        return len(self._tx.ops)

    def __bool__(self) -> bool:
        return bool(self._tx)

    def commit(self, *, sync: bool = True, compact: bool = False) -> bool:
        """Write the unit in one store write; False when there was nothing to write.

        `sync=False` only for a record whose loss in a power cut is harmless (a
        delivery outcome: at worst a re-send); the line still reaches the OS at
        once. `compact` then rewrites the store file as one snapshot, so that no
        older journal line survives (`forget`).
        """
        wrote = bool(self._tx)
        if wrote:
            if sync:  # the keyword only when it is not the default: a backend may not take it
                self.store.commit(self._tx)
            else:
                self.store.commit(self._tx, sync=False)
            self._tx = st.Transaction()
        if compact:
            self.store.compact()
        return wrote


def commit(store: st.Store, records: Iterable[Record], outbox: Iterable[OutgoingMail], now: datetime,
           cfg: Config) -> bool:
    """Write one unit of work (records and mail) in one store write; False when there was nothing to write."""
    unit = Unit(store, cfg, now)
    unit.stage(records, outbox)
    return unit.commit()
