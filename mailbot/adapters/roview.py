"""A read-only view of the store file that another process writes.

The store file is a journal (store.py): a snapshot line, then one line per
committed transaction, appended and fsynced; compaction replaces the file
with a new one (a rename). This view never writes the file (unlike
`Store()`, which may truncate a torn tail on load — harmful while the owner
is mid-append). `refresh()` reads only the complete lines appended since the
last offset; a new inode (compaction) or a shorter file means a full reload.
An incomplete last line is a commit in progress: it is left for the next
refresh.

It offers the reading half of `Store`'s interface (get, has, items, all,
find, count), so the workflow, scheduler and report functions that take a
store view work on it unchanged.
"""

from __future__ import annotations

from mailbot.core import tables

import json
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

Doc = dict[str, Any]


class ReadOnlyStore:
    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.data: dict[str, dict[str, Doc]] = {}
        self._ino: int | None = None
        self._offset = 0
        self._lock = threading.Lock()
        self.refresh()

    # -- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Catch up with what the writer has committed since the last call."""
        with self._lock:
            try:
                fh = open(self.path, "rb")
            except FileNotFoundError:
                self.data, self._ino, self._offset = {}, None, 0
                return
            with fh:
                st = os.fstat(fh.fileno())
                if st.st_ino != self._ino or st.st_size < self._offset:
                    self._full(fh, st.st_ino)
                elif st.st_size > self._offset:
                    fh.seek(self._offset)
                    self._tail(fh.read(st.st_size - self._offset))

    def _full(self, fh, ino: int) -> None:
        first = fh.readline()
        data: dict[str, dict[str, Doc]] = {}
        offset = 0
        if first.endswith(b"\n"):
            try:
                entry = json.loads(first)
            except ValueError:
                entry = {}
            if entry and "snapshot" not in entry:
                entry = {"snapshot": entry}
            data = {t: dict(d) for t, d in entry.get("snapshot", {}).items()}
            offset = len(first)
        self.data, self._ino, self._offset = data, ino, offset
        if offset:
            self._tail(fh.read())

    def _tail(self, chunk: bytes) -> None:
        pos = 0
        while True:
            end = chunk.find(b"\n", pos)
            if end < 0:
                break  # an incomplete line: a commit in progress
            try:
                ops = json.loads(chunk[pos:end + 1]).get("tx", [])
            except ValueError:
                break  # a damaged line: the owner drops it on its next load
            for table, key, doc in ops:
                if doc is None:
                    self.data.get(table, {}).pop(key, None)
                else:
                    self.data.setdefault(table, {})[key] = doc
            pos = end + 1
        self._offset += pos

    # -- reading (Store's interface) ------------------------------------------------------
    def get(self, table: str, key: str) -> Doc | None:
        doc = self.data.get(table, {}).get(key)
        return dict(doc) if doc is not None else None

    def has(self, table: str, key: str) -> bool:
        return key in self.data.get(table, {})

    def items(self, table: str) -> Iterator[tuple[str, Doc]]:
        with self._lock:
            snapshot = [(k, dict(d)) for k, d in self.data.get(table, {}).items()]
        yield from snapshot

    def all(self, table: str) -> list[Doc]:
        return [dict(d, _key=k) for k, d in self.items(table)]

    def find(self, table: str, pred: Callable[[Doc], bool]) -> list[Doc]:
        return [dict(d, _key=k) for k, d in self.items(table) if pred(d)]

    def count(self, table: str) -> int:
        return len(self.data.get(table, {}))

    def is_processed(self, message_id: str) -> bool:
        return self.has(tables.PROCESSED, message_id)
