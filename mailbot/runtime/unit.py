"""The one writer and the one reader of the store.

`commit` writes a unit of work (records, outbox mail) in one store write,
the outbox's idempotency rule and the outgoing guard applied (`mail/queue.enqueue`); `stage` puts
one into a transaction that gathers more (the pipeline's batch, the web
queue's entry). `read_view` is the read-only view every read command (and
`explain`, `replay`, reports) decides and lists from: the store file read
without its lock, so it is safe beside a running daemon, plus the config's
roster where the store has none yet.

A second store backend implements `adapters/store.Store`'s few calls
(get, has, items, lookup, commit) and the read-only view's; nothing above
this module writes any other way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from mailbot.adapters import store as st
from mailbot.adapters.roview import ReadOnlyStore
from mailbot.core.config import Config
from mailbot.core.model import OutgoingMail
from mailbot.core.view import SeededView
from mailbot.mail import queue as mailq
from mailbot.workflows import roster


def stage(tx: st.Transaction, store: st.Store, records: Iterable[tuple[str, str, dict]],
          outbox: Iterable[OutgoingMail], now: datetime, cfg: Config) -> None:
    """Put records and outbox mail into `tx` (mail already queued or sent is skipped; the
    rest passes the one outgoing guard and its caps, mail/guard.py)."""
    for table, key, doc in records:
        tx.put(table, key, doc)
    mailq.enqueue(tx, store, outbox, now, cfg)


def commit(store: st.Store, records: Iterable[tuple[str, str, dict]], outbox: Iterable[OutgoingMail],
           now: datetime, cfg: Config) -> bool:
    """Write one unit of work in one store write; False when there was nothing to write."""
    tx = st.Transaction()
    stage(tx, store, records, outbox, now, cfg)
    if not tx:
        return False
    store.commit(tx)
    return True


def read_view(cfg: Config) -> SeededView:
    """The read-only view of the configured store, with the config's roster as seed."""
    path = cfg.path(cfg.store.path)
    return SeededView(ReadOnlyStore(path) if path.exists() else None, roster.seed_records(cfg))
