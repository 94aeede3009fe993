"""The one read-only view of the store: what deciding, reports and every read command see.

Whatever holds the data (the store file, the read-only copy a command or the
web process reads, the pipeline's overlay of a batch not yet committed, a
second backend) offers these four calls; nothing above the adapters needs
more to read.
"""

from __future__ import annotations

from typing import Any, Protocol


class StoreView(Protocol):
    """Read-only access to the store's tables of JSON documents."""

    def get(self, table: str, key: str) -> dict | None:
        """The document under `key`, or None."""

    def has(self, table: str, key: str) -> bool:
        """Whether `key` has a document."""

    def items(self, table: str) -> list[tuple[str, dict]]:
        """Every (key, document) of the table."""

    def lookup(self, table: str, field: str, value: Any) -> list[tuple[str, dict]]:
        """The (key, document) pairs whose `field` equals `value`."""


class EmptyView:
    """A store with nothing in it (what `explain` and `check` decide against without a store)."""

    def get(self, table: str, key: str) -> dict | None:
        return None

    def has(self, table: str, key: str) -> bool:
        return False

    def items(self, table: str) -> list[tuple[str, dict]]:
        return []

    def lookup(self, table: str, field: str, value: Any) -> list[tuple[str, dict]]:
        return []


class SeededView:
    """A view plus seed documents where it has none (the config's roster before the store holds it).

    `base` None reads the seeds alone (no store file yet).
    """

    def __init__(self, base: StoreView | None, seeds: list[tuple[str, str, dict]]):
        self.base = base
        self.seed = {(t, k): d for t, k, d in seeds}

    def get(self, table: str, key: str) -> dict | None:
        doc = self.base.get(table, key) if self.base is not None else None
        if doc is not None:
            return doc
        seed = self.seed.get((table, key))
        return dict(seed) if seed is not None else None

    def has(self, table: str, key: str) -> bool:
        return self.get(table, key) is not None

    def items(self, table: str) -> list[tuple[str, dict]]:
        out = {k: dict(d) for (t, k), d in self.seed.items() if t == table}
        if self.base is not None:
            out.update(dict(self.base.items(table)))
        return list(out.items())

    def lookup(self, table: str, field: str, value: Any) -> list[tuple[str, dict]]:
        return [(k, d) for k, d in self.items(table) if d.get(field) == value]


class Overlay:
    """A view that also sees records written but not committed yet (read your own writes).

    A batch's later messages see the earlier ones' records (reply caps, bounce
    counts, duplicates) before the batch's one commit.
    """

    def __init__(self, base: StoreView):
        self.base = base
        self.pending: dict[str, dict[str, dict]] = {}  # table -> key -> document

    def get(self, table: str, key: str) -> dict | None:
        doc = self.pending.get(table, {}).get(key)
        return dict(doc) if doc is not None else self.base.get(table, key)

    def has(self, table: str, key: str) -> bool:
        return self.get(table, key) is not None

    def items(self, table: str) -> list[tuple[str, dict]]:
        out = dict(self.base.items(table))
        out.update(self.pending.get(table, {}))
        return list(out.items())

    def lookup(self, table: str, field: str, value: Any) -> list[tuple[str, dict]]:
        out = dict(self.base.lookup(table, field, value))
        out.update(self.pending.get(table, {}))
        return [(k, d) for k, d in out.items() if d.get(field) == value]

    def put(self, table: str, key: str, doc: dict) -> None:
        self.pending.setdefault(table, {})[key] = doc
