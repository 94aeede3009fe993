"""What an operator asks first: `mailbot status` (runtime/ops.py) and `mailbot bounces` (workflows/bounces.py)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from mailbot.adapters import factory as adapters
from mailbot.adapters import store as st
from mailbot.adapters.roview import ReadOnlyStore
from mailbot.core.clock import utcnow
from mailbot.core.config import load_config
from mailbot.runtime import ops, unit
from mailbot.workflows import bounces


def cmd_status(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    path = cfg.path(cfg.store.path)
    # Read-only: `mailbot status` runs beside `mailbot run`, and Store() would
    # cut a commit that the daemon is in the middle of appending.
    try:
        store = ReadOnlyStore(path) if path.exists() else None
    except st.StoreDamaged as exc:  # the first thing an operator must hear
        if args.json:
            print(json.dumps({"store": str(path), "store_damaged": str(exc), "line": exc.lineno}, indent=2))
        else:
            print(f"store:     DAMAGED: {exc}")
        return 1
    s = ops.status(cfg, store)
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
    """Add `mailbot status` and `mailbot bounces`."""
    p = sub.add_parser("status", help="show the mailbox, last poll, outbox depth, failures and open triage",
                       description="The configured mailbox, when it was last polled, how many mails wait in the "
                                   "outbox, failed or held deliveries, open triage items, suspended addresses.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_status)
    _register_bounces(sub)


def cmd_bounces(args) -> int:
    """`mailbot bounces [list | reset ADDRESS]`."""
    cfg = load_config(args)
    if args.action == "reset":
        if not args.address:
            print("mailbot bounces reset: give the ADDRESS to reset")
            return 2
        with adapters.exclusive(cfg):
            store = adapters.open_store(cfg)
            try:
                ok = bounces.reset(store, args.address, utcnow())
            finally:
                store.close()
        print(f"{args.address}: " + ("suspension lifted, score cleared" if ok else "no bounce record"))
        return 0 if ok else 1
    rows = [dict(d, address=k) for k, d in unit.read_view(cfg).items(st.BOUNCES)]  # read-only beside a daemon
    if args.json:
        print(json.dumps(rows, indent=2, sort_keys=True))
        return 0
    if not rows:
        print("no bounces recorded")
        return 0
    print(f"{'address':40} {'score':>5} {'hard':>4} {'soft':>4}  last        state")
    for r in sorted(rows, key=lambda r: -r.get("score", 0)):
        print(f"{r['address'][:40]:40} {r.get('score', 0):5.1f} {r.get('hard', 0):4} {r.get('soft', 0):4}  "
              f"{r.get('last', '')[:10]:10}  {'SUSPENDED' if r.get('suspended') else 'ok'}")
    return 0


def _register_bounces(sub) -> None:
    p = sub.add_parser("bounces", help="list bouncing addresses, or lift a suspension",
                       description="List bounce scores (Mailman-style), or `reset ADDRESS` to lift a suspension "
                                   "and release the mail held for it.")
    p.add_argument("action", nargs="?", choices=("list", "reset"), default="list")
    p.add_argument("address", nargs="?", metavar="ADDRESS")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_bounces)
