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
