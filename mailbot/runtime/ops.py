"""Operations: `mailbot status` — what an operator asks first.

The mailbox (as configured), the last poll (recorded in table `state` under
`last_poll` by `Pipeline.cycle`), the outbox depth, failed and suspended
deliveries, open triage items and addresses suspended for bouncing; as text
or `--json`. Reads the store only; needs no lock and no server.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from mailbot.workflows import bounces
from mailbot.adapters import store as st
from mailbot.core.config import Config

LAST_POLL = "last_poll"


def record_poll(store: st.Store, now: datetime, fetched: int, processed: int, describe: str) -> None:
    """Remember the last poll (one small commit per cycle)."""
    store.put(st.STATE, LAST_POLL, {"at": now.isoformat(), "fetched": fetched, "processed": processed,
                                    "mailbox": describe})


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


def cmd_status(args: argparse.Namespace) -> int:
    from mailbot.core.config import load_config

    from mailbot.adapters.roview import ReadOnlyStore

    cfg = load_config(args)
    path = cfg.path(cfg.store.path)
    # Read-only: `mailbot status` runs beside `mailbot run`, and Store() would
    # cut a commit that the daemon is in the middle of appending.
    s = status(cfg, ReadOnlyStore(path) if path.exists() else None)
    if args.json:
        print(json.dumps(s, indent=2, sort_keys=True))
        return 0
    poll = s["last_poll"]
    print(f"mailbox:   {s['mailbox']}")
    print(f"last poll: {poll['at'] + ' (' + str(poll['fetched']) + ' fetched)' if poll else 'never'}")
    print(f"store:     {s['store']}{'' if s['store_exists'] else ' (not created yet)'}")
    print(f"outbox:    {s['outbox_depth']} waiting, {s['failed_deliveries']} failed, "
          f"{s['suspended_deliveries']} held (bouncing recipients), {s['held_deliveries']} held (past a mail cap)")
    print(f"triage:    {s['open_triage']} open items")
    if s["suspended_addresses"]:
        print("suspended: " + ", ".join(s["suspended_addresses"]))
    return 0


def register(sub: Any) -> None:
    """Add `mailbot status` (cli._extra_commands)."""
    p = sub.add_parser("status", help="show the mailbox, last poll, outbox depth, failures and open triage",
                       description="The configured mailbox, when it was last polled, how many mails wait in the "
                                   "outbox, failed or held deliveries, open triage items, suspended addresses.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_status)
