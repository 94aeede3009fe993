"""Operations: `mailbot status` — what an operator asks first.

The mailbox (as configured), the last poll (recorded in table `state` under
`last_poll` by `Pipeline.cycle`), the outbox depth, failed and suspended
deliveries, open triage items and addresses suspended for bouncing; as text
or `--json`. Reads the store only; needs no lock and no server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mailbot.workflows import bounces
from mailbot.adapters import store as st
from mailbot.core.config import Config
from mailbot.core.tables import LAST_POLL
from mailbot.mail.unit import Unit


def record_poll(store: st.Store, now: datetime, fetched: int, processed: int, describe: str) -> None:
    """Remember the last poll (one small commit per cycle)."""
    unit = Unit(store, now=now)
    unit.put(st.STATE, LAST_POLL, {"at": now.isoformat(), "fetched": fetched, "processed": processed,
                                   "mailbox": describe})
    unit.commit()


def mailbox_description(cfg: Config) -> str:
    m = cfg.mailbox
    if m.type == "imap":
        return f"imap {m.security} {m.username or '(no user)'}@{m.host}:{m.port} folder {m.folder}"
    return f"maildir {cfg.path(m.path)}"


def status(cfg: Config, store: st.Store | None) -> dict[str, Any]:
    out: dict[str, Any] = {"mailbox": mailbox_description(cfg), "store": str(cfg.path(cfg.store.path))}
    if store is None:
        out.update(store_exists=False, last_poll=None, outbox_depth=0, failed_deliveries=0,
                   suspended_deliveries=0, held_deliveries=0, open_triage=0, suspended_addresses=[])
        return out
    outbox = [d for _, d in store.items(st.OUTBOX)]
    out.update(
        store_exists=True,
        last_poll=store.get(st.STATE, LAST_POLL),
        processed_messages=store.count(st.PROCESSED),
        outbox_depth=sum(d.get("status") == "pending" for d in outbox),
        failed_deliveries=sum(d.get("status") == "failed" for d in outbox),
        suspended_deliveries=sum(d.get("status") == bounces.SUSPENDED for d in outbox),
        held_deliveries=sum(d.get("status") == "held" for d in outbox),  # past a cap (mail/guard.py)
        open_triage=sum(d.get("status") == "open" for _, d in store.items(st.TRIAGE)),
        suspended_addresses=bounces.suspended_addresses(store),
    )
    return out
