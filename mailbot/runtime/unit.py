"""The one reader of the store: `read_view`.

Every read command (and `explain`, `replay`, reports) decides and lists
from it: the store file read without its lock, so it is safe beside a
running daemon, plus the config's roster where the store has none yet. It
sits here, above workflows/, because the roster's seed is a workflow's.
Every write goes through the one writer, `mail/unit.py`.

A second store backend implements `adapters/store.Store`'s few calls
(get, has, items, lookup, tables, commit, compact) and the read-only view's.
"""

from __future__ import annotations

from mailbot.adapters.roview import ReadOnlyStore
from mailbot.core.config import Config
from mailbot.core.view import SeededView
from mailbot.workflows import roster


def read_view(cfg: Config) -> SeededView:
    """The read-only view of the configured store, with the config's roster as seed."""
    path = cfg.path(cfg.store.path)
    return SeededView(ReadOnlyStore(path) if path.exists() else None, roster.seed_records(cfg))
