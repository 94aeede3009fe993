"""The durable store: TinyDB documents in one crash-safe file.

TinyDB's default JSONStorage truncates and rewrites its file in place, which
a crash midway corrupts, and rewrites *everything* on every insert, which
makes each message cost more as the store grows. So the file here is a
journal:

    line 1      {"snapshot": {table: {key: doc}}}
    line 2..n   {"tx": [[table, key, doc-or-null], ...]}

A commit appends one line and fsyncs: it is one atomic write (a torn last
line after a crash is an uncommitted transaction and is dropped on load),
and it costs the size of the change, not of the store. When the journal has
grown past the snapshot, the file is compacted: a new snapshot is written to
a temp file, fsynced and renamed over the old one (atomic on POSIX).

Documents are keyed by strings (a Message-ID, an idempotency key), which is
what every caller looks things up by; TinyDB sees them through a Table whose
document ids are those strings, so `mailbot` admin code can still use
TinyDB's `Query` for reading.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from mailbot.adapters.mailbox import fsync_dir

log = logging.getLogger(__name__)

Doc = dict[str, Any]

# The tables the pipeline writes (the schema: core/tables.py), under the names callers use.
from mailbot.core.tables import BOUNCES, OUTBOX, PROCESSED, REPLIES, REQUESTS, SENT, STATE, TRIAGE  # noqa: E402,F401


class StoreError(Exception):
    """The store file cannot be read or written."""


class _KeyedTable(Table):
    # Document ids are our string keys, so TinyDB's get(doc_id=...) is a dict lookup.
    document_id_class = str  # type: ignore[assignment]


class JournalStorage(Storage):
    """A TinyDB storage backed by an append-only journal in one file.

    TinyDB's own write path (`Table.insert`, `update`) ends in `write()`,
    which here compacts: correct but O(store). The pipeline writes through
    `Store.commit`, which appends only the changed documents.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.data: dict[str, dict[str, Doc]] = {}
        self.snapshot_bytes = 0
        self.journal_bytes = 0
        self.journal_lines = 0
        self._fh = None
        self._load()

    # -- loading -----------------------------------------------------------
    def _load(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self._compact()
            return
        good = 0  # byte offset after the last intact line
        with open(self.path, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.endswith(b"\n") and lineno > 1:
                    log.warning("store %s: dropping an incomplete last transaction (crash during commit)", self.path)
                    break
                try:
                    entry = json.loads(line)
                except ValueError:
                    if lineno == 1:
                        raise StoreError(f"{self.path}: the snapshot line is not valid JSON") from None
                    log.warning("store %s: dropping a damaged transaction at line %d", self.path, lineno)
                    break
                if lineno == 1:
                    if "snapshot" not in entry and entry:
                        # A plain TinyDB JSON file: adopt it as the snapshot.
                        entry = {"snapshot": entry}
                    self.data = {t: dict(docs) for t, docs in entry.get("snapshot", {}).items()}
                    self.snapshot_bytes = len(line)
                    if not line.endswith(b"\n"):
                        self._compact()  # rewrite in our format before appending to it
                        return
                else:
                    self._apply(entry.get("tx", []))
                    self.journal_bytes += len(line)
                    self.journal_lines += 1
                good += len(line)
        if good != self.path.stat().st_size:
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
                os.fsync(fh.fileno())

    def _apply(self, ops: Iterable[list[Any]]) -> None:
        for table, key, doc in ops:
            if doc is None:
                self.data.get(table, {}).pop(key, None)
            else:
                self.data.setdefault(table, {})[key] = doc

    # -- TinyDB Storage interface -------------------------------------------
    def read(self) -> dict[str, dict[str, Any]]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self._compact()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    # -- journal -----------------------------------------------------------
    def append(self, ops: list[list[Any]], sync: bool = True) -> None:
        """Apply `ops` and make them durable as one transaction (one fsynced line).

        With `sync=False` the line reaches the OS but is not fsynced: it
        survives a crash of this process, not of the machine. Only for
        records whose loss is harmless (a delivery outcome: at worst a resend).
        """
        if not ops:
            return
        line = (json.dumps({"tx": ops}, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
        if self._fh is None:
            self._fh = open(self.path, "ab")
        self._fh.write(line)
        self._fh.flush()
        if sync:
            os.fsync(self._fh.fileno())
        self._apply(ops)
        self.journal_bytes += len(line)
        self.journal_lines += 1
        # Compact when the journal outweighs the snapshot: the O(n) rewrite
        # then happens after O(n) bytes of commits, so it is O(1) amortised.
        if self.journal_bytes > max(self.snapshot_bytes, 1 << 20):
            self._compact()

    def _compact(self) -> None:
        self.close()
        tmp = self.path.with_name(self.path.name + ".tmp")
        body = (json.dumps({"snapshot": self.data}, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
        with open(tmp, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)
        self.snapshot_bytes = len(body)
        self.journal_bytes = 0
        self.journal_lines = 0


class Transaction:
    """Changes gathered for one atomic commit."""

    def __init__(self) -> None:
        self.ops: list[list[Any]] = []

    def put(self, table: str, key: str, doc: Doc) -> None:
        self.ops.append([table, key, doc])

    def delete(self, table: str, key: str) -> None:
        self.ops.append([table, key, None])

    def __bool__(self) -> bool:
        return bool(self.ops)


class Store:
    """The mailbot store: keyed documents per table, one file, atomic commits.

    Thread-safe for one process (the daemon's jobs share it); a second
    process must not write the same file (the CLI takes a lock file).
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._lock = threading.RLock()
        self.storage = JournalStorage(self.path)
        self._indexes: dict[tuple[str, str], dict[Any, set[str]]] = {}
        TinyDB.table_class = _KeyedTable
        # A write through TinyDB's own API replaces the data: drop the indexes.
        self.db = TinyDB(storage=_Shared, shared=self.storage, on_write=self._indexes.clear)

    @property
    def lock(self) -> threading.RLock:
        """Held by whoever reads-then-writes (a pipeline cycle, a scheduler job),
        so the daemon's threads never interleave two read-modify-write steps."""
        return self._lock

    # -- reading -----------------------------------------------------------
    def get(self, table: str, key: str) -> Doc | None:
        doc = self.storage.data.get(table, {}).get(key)
        return dict(doc) if doc is not None else None

    def has(self, table: str, key: str) -> bool:
        return key in self.storage.data.get(table, {})

    def all(self, table: str) -> list[Doc]:
        with self._lock:
            return [dict(d, _key=k) for k, d in self.storage.data.get(table, {}).items()]

    def items(self, table: str) -> Iterator[tuple[str, Doc]]:
        with self._lock:
            snapshot = list(self.storage.data.get(table, {}).items())
        yield from snapshot

    def count(self, table: str) -> int:
        return len(self.storage.data.get(table, {}))

    def find(self, table: str, pred: Callable[[Doc], bool]) -> list[Doc]:
        with self._lock:
            return [dict(d, _key=k) for k, d in self.storage.data.get(table, {}).items() if pred(d)]

    def lookup(self, table: str, field: str, value: Any) -> list[tuple[str, Doc]]:
        """(key, doc) of the documents whose `field` equals `value`, by index.

        The index is built on first use and kept current by every commit, so
        a lookup costs the size of its answer, not of the table: the
        pipeline's per-message work must not grow with the store.
        """
        with self._lock:
            docs = self.storage.data.get(table, {})
            idx = self._indexes.get((table, field))
            if idx is None:
                idx = {}
                for key, doc in docs.items():
                    idx.setdefault(_hashable(doc.get(field)), set()).add(key)
                self._indexes[(table, field)] = idx
            return [(k, dict(docs[k])) for k in sorted(idx.get(_hashable(value), ())) if k in docs]

    def _reindex(self, table: str, key: str, old: Doc | None, new: Doc | None) -> None:
        for (t, field), idx in self._indexes.items():
            if t != table:
                continue
            if old is not None:
                idx.get(_hashable(old.get(field)), set()).discard(key)
            if new is not None:
                idx.setdefault(_hashable(new.get(field)), set()).add(key)

    def table(self, name: str) -> Table:
        """A TinyDB table view, for `Query`-based reads in admin code."""
        t = self.db.table(name)
        t.clear_cache()
        return t

    def is_processed(self, message_id: str) -> bool:
        return self.has(PROCESSED, message_id)

    # -- writing -----------------------------------------------------------
    def commit(self, tx: Transaction, sync: bool = True) -> None:
        """Make every change in `tx` durable at once, or none of them (see JournalStorage.append for `sync`)."""
        with self._lock:
            before = {}
            if self._indexes:
                for table, key, _ in tx.ops:
                    before.setdefault((table, key), self.storage.data.get(table, {}).get(key))
            self.storage.append(tx.ops, sync=sync)  # durable first, then the indexes follow
            for (table, key), old in before.items():
                self._reindex(table, key, old, self.storage.data.get(table, {}).get(key))

    def put(self, table: str, key: str, doc: Doc) -> None:
        tx = Transaction()
        tx.put(table, key, doc)
        self.commit(tx)

    def close(self) -> None:
        self.storage.close()


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, (list, dict)) else value


class _Shared(Storage):
    """Hands TinyDB an existing JournalStorage instance."""

    def __init__(self, shared: JournalStorage, on_write: Callable[[], None] = lambda: None):
        self.shared = shared
        self.on_write = on_write

    def read(self):  # noqa: D102
        return self.shared.read()

    def write(self, data):  # noqa: D102
        self.shared.write(data)
        self.on_write()

    def close(self):  # noqa: D102
        pass
