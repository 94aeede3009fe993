"""The durable store: TinyDB documents in one crash-safe file.

TinyDB's default JSONStorage truncates and rewrites its file in place, which
a crash midway corrupts, and rewrites *everything* on every insert, which
makes each message cost more as the store grows. So the file here is a
journal:

    line 1      CRC {"snapshot": {table: {key: doc}}}
    line 2..n   CRC {"tx": [[table, key, doc-or-null], ...]}

CRC is the CRC-32 of the JSON that follows, as 8 hex digits: damage to any
byte of any line is detected (lines written before checksums, plain JSON,
are still read). A commit appends one line and fsyncs: it is one atomic
write, and it costs the size of the change, not of the store. A torn last
line (no newline: a crash during a commit) is an uncommitted transaction: a
writer moves its bytes to `<store>.torn` and goes on. Any other damaged
line stops the store from opening (`StoreDamaged`, naming the line):
nothing after it is ever dropped silently; `mailbot store verify` shows
the damage and `mailbot store repair` keeps every intact line, a backup of
the file, and a list of what it could not keep. When the journal has
grown past the snapshot, the file is compacted: a new snapshot is written to
a temp file, fsynced and renamed over the old one (atomic on POSIX).

Documents are keyed by strings (a Message-ID, an idempotency key), which is
what every caller looks things up by; TinyDB sees them through a Table whose
document ids are those strings, so `mailbot` admin code can still use
TinyDB's `Query` for reading.

Why one room past 400 lines: the journal's format is one contract — writing
a line, reading it back with its CRC, compaction, the torn tail, `verify`
and `repair` must agree on every byte, so they are read and changed together.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from mailbot.core.clock import utcnow

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


class StoreDamaged(StoreError):
    """A line of the store file other than a torn last one is damaged."""

    def __init__(self, path: Path, lineno: int, lines: int, reason: str):
        self.path, self.lineno, self.lines, self.reason = path, lineno, lines, reason
        super().__init__(
            f"store {path}: line {lineno} of {lines} is damaged ({reason}). mailbot does not run on a "
            f"damaged store, and nothing in it was changed. `mailbot store verify` shows the damage; "
            f"`mailbot store repair` keeps every intact line, backs the file up first and lists what it "
            f"could not keep.")


class LineDamaged(ValueError):
    """One journal line fails its checksum or does not parse."""


def encode_line(obj: Any) -> bytes:
    """One journal line: the CRC-32 of the JSON, a space, the JSON, a newline."""
    payload = json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode()
    return b"%08x " % zlib.crc32(payload) + payload + b"\n"


def decode_line(line: bytes) -> Any:
    """The JSON of one complete journal line; LineDamaged if it is damaged."""
    body = line.rstrip(b"\r\n")
    if body[:1] == b"{":  # written before lines had checksums
        try:
            return json.loads(body)
        except ValueError as exc:
            raise LineDamaged(f"not valid JSON: {exc}") from None
    if len(body) < 10 or body[8:9] != b" ":
        raise LineDamaged("no checksum")
    try:
        crc = int(body[:8], 16)
    except ValueError:
        raise LineDamaged("no checksum") from None
    if zlib.crc32(body[9:]) != crc:
        raise LineDamaged("checksum mismatch")
    try:
        return json.loads(body[9:])
    except ValueError as exc:  # pragma: no cover - a matching CRC over invalid JSON
        raise LineDamaged(f"not valid JSON: {exc}") from None


class _KeyedTable(Table):
    # Document ids are our string keys, so TinyDB's get(doc_id=...) is a dict lookup.
    document_id_class = str  # type: ignore[assignment]


class JournalStorage(Storage):
    """A TinyDB storage backed by an append-only journal in one file.

    TinyDB's own write path (`Table.insert`, `update`) ends in `write()`,
    which here compacts: correct but O(store). The pipeline writes through
    `Store.commit`, which appends only the changed documents.
    """

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self.data: dict[str, dict[str, Doc]] = {}
        self.snapshot_bytes = 0
        self.journal_bytes = 0
        self.journal_lines = 0
        self._fh = None
        self._load()

    # -- loading -----------------------------------------------------------
    def _load(self) -> None:
        if not self.path.exists():
            if self.readonly:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._compact()
            return
        good = 0  # byte offset after the last intact line
        with open(self.path, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.endswith(b"\n") and lineno > 1:
                    break  # a torn last line: an uncommitted transaction (below)
                try:
                    entry = decode_line(line)
                    if not isinstance(entry, dict):
                        raise LineDamaged("not a journal entry")
                    if lineno > 1:
                        ops = entry.get("tx", [])
                        self._apply(ops)
                except (LineDamaged, TypeError, ValueError, AttributeError) as exc:
                    raise StoreDamaged(self.path, lineno, _count_lines(self.path), str(exc)) from None
                if lineno == 1:
                    if "snapshot" not in entry and entry:
                        # A plain TinyDB JSON file: adopt it as the snapshot.
                        entry = {"snapshot": entry}
                    self.data = {t: dict(docs) for t, docs in entry.get("snapshot", {}).items()}
                    self.snapshot_bytes = len(line)
                    if not line.endswith(b"\n"):
                        if not self.readonly:
                            self._compact()  # rewrite in our format before appending to it
                        return
                else:
                    self.journal_bytes += len(line)
                    self.journal_lines += 1
                good += len(line)
        size = self.path.stat().st_size
        if good != size and not self.readonly:
            with open(self.path, "r+b") as fh:
                fh.seek(good)
                torn = fh.read()
                keep = self.path.with_name(self.path.name + ".torn")
                with open(keep, "ab") as out:
                    out.write(torn + b"\n")
                    out.flush()
                    os.fsync(out.fileno())
                fh.truncate(good)
                os.fsync(fh.fileno())
            log.warning("store %s: an incomplete last transaction (%d bytes, a crash during a commit) was "
                        "not committed; its bytes are kept in %s", self.path, len(torn), keep)

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
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
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
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        line = encode_line({"tx": ops})
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
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        self.close()
        tmp = self.path.with_name(self.path.name + ".tmp")
        body = encode_line({"snapshot": self.data})
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

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False):
        """Open (or, unless `readonly`, create) the store at `path`.

        Raises StoreDamaged when a line is damaged. `readonly` never
        creates, truncates, compacts or appends: what the commands that only
        look use, safe beside a daemon that is appending.
        """
        self.path = Path(path)
        self._lock = threading.RLock()
        self.storage = JournalStorage(self.path, readonly=readonly)
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

    def tables(self) -> list[str]:
        """The names of the tables that hold documents (or held them), sorted."""
        with self._lock:
            return sorted(self.storage.data)

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

    def compact(self) -> None:
        """Rewrite the file as one snapshot: no older journal line survives (`forget`)."""
        with self._lock:
            self.storage._compact()

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


# -- verify and repair ------------------------------------------------------------------------

def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


_KEYS = re.compile(rb'\["([A-Za-z_]+)","((?:[^"\\]|\\.){1,300})",')


@dataclass
class Damage:
    lineno: int
    size: int
    reason: str
    #: (table, key) pairs still readable in the damaged bytes: what the line was about
    records: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Report:
    path: Path
    lines: int = 0
    damaged: list[Damage] = field(default_factory=list)
    torn: int = 0  # bytes of an incomplete last line (an uncommitted transaction)

    @property
    def ok(self) -> bool:
        return not self.damaged

    def describe(self) -> list[str]:
        out = [f"store {self.path}: {self.lines} lines, "
               + ("no damage" if self.ok else f"{len(self.damaged)} damaged")]
        for d in self.damaged:
            what = "the snapshot (every record not written again later)" if d.lineno == 1 else "a transaction"
            out.append(f"  line {d.lineno} ({d.size} bytes, {what}): {d.reason}")
            for table, key in d.records[:50]:
                out.append(f"    names {table}/{key}")
            if len(d.records) > 50:
                out.append(f"    ... and {len(d.records) - 50} more records")
        if self.torn:
            out.append(f"  an incomplete last line of {self.torn} bytes: a commit a crash interrupted (never committed)")
        return out


def verify(path: str | os.PathLike[str]) -> Report:
    """Check every line of the store file; reads only."""
    path = Path(path)
    report = Report(path)
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            report.lines = lineno
            if not line.endswith(b"\n") and lineno > 1:
                report.torn = len(line)
                break
            try:
                entry = decode_line(line)
                if not isinstance(entry, dict) or (lineno > 1 and not isinstance(entry.get("tx", []), list)):
                    raise LineDamaged("not a journal entry")
            except LineDamaged as exc:
                found = [(m.group(1).decode(), m.group(2).decode("utf-8", "replace")) for m in _KEYS.finditer(line)]
                report.damaged.append(Damage(lineno, len(line), str(exc), list(dict.fromkeys(found))))
    return report


def repair(path: str | os.PathLike[str], now: datetime | None = None) -> tuple[Report, Path]:
    """Rewrite the store from every intact line, after a backup of the file as it was.

    The one write that does not go through the writer (mail/unit.py): a damaged file cannot
    be opened as a Store, so it is rebuilt here, below it. The caller holds the store's lock. Returns the damage found (what was
    not kept) and the backup's path.
    """
    path = Path(path)
    report = verify(path)
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.copy2(path, backup)
    data: dict[str, dict[str, Doc]] = {}
    bad = {d.lineno for d in report.damaged}
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if lineno in bad or (not line.endswith(b"\n") and lineno > 1):
                continue
            entry = decode_line(line)
            if lineno == 1:
                snap = entry.get("snapshot", entry if "snapshot" not in entry else {})
                data = {t: dict(docs) for t, docs in snap.items()}
                continue
            for op in entry.get("tx", []):
                try:
                    table, key, doc = op
                except (TypeError, ValueError):
                    continue
                if doc is None:
                    data.get(table, {}).pop(key, None)
                else:
                    data.setdefault(table, {})[key] = doc
    storage = JournalStorage.__new__(JournalStorage)
    storage.path, storage.readonly, storage.data, storage._fh = path, False, data, None
    storage._compact()
    return report, backup
