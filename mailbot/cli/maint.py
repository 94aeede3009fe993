"""Maintenance commands: `mailbot store verify|repair` and `mailbot outbox list|retry`.

`store verify` reads the store file and names every damaged line (it never
writes); `store repair` (under the store's lock) backs the file up, keeps
every intact line and lists what it could not keep. `outbox list` shows
mail that will not go out by itself (failed for good, or held for a
bouncing recipient); `outbox retry ID|--all` queues it again, as Postfix's
`postsuper -r` and Mailman's `unshunt` do. The next cycle (or the daemon's
outbox job, within a minute) sends it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from mailbot.adapters import factory as adapters
from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import load_config
from mailbot.mail.unit import Unit
from mailbot.runtime import outbox


def cmd_store(args: argparse.Namespace) -> int:
    """`mailbot store verify|repair`: repair rewrites the file itself (adapters/store.repair), since a
    damaged file cannot be opened for the writer (mail/unit.py) to write through."""
    cfg = load_config(args)
    path = cfg.path(cfg.store.path)
    if not path.exists():
        print(f"mailbot: no store at {path}", file=sys.stderr)
        return 2
    if args.action == "verify":
        report = st.verify(path)
        print("\n".join(report.describe()))
        if not report.ok:
            print("`mailbot store repair` keeps every intact line (after a backup) and lists what it cannot keep.")
        return 0 if report.ok else 1
    with adapters.exclusive(cfg):  # no daemon may append while the file is rewritten
        report, backup = st.repair(path, utcnow())
    print(f"backup of the file as it was: {backup}")
    print("\n".join(report.describe()))
    if report.ok:
        print("nothing was lost: the file was only rewritten")
    else:
        n = sum(len(d.records) for d in report.damaged)
        print(f"LOST: the {len(report.damaged)} damaged line(s) above ({n} record(s) named in them); every other "
              f"line was kept. The backup holds their bytes.")
    st.Store(path, readonly=True).close()  # proves the result opens
    return 0


def _find(view: Any, ident: str) -> list[dict]:
    ident = ident.strip().lower()
    return [d for d in outbox.failed(view) if outbox.short_id(d["_key"]) == ident or d["_key"] == ident]


def cmd_outbox(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    path = cfg.path(cfg.store.path)
    if args.action == "list":
        view = st.Store(path, readonly=True)
        rows = outbox.failed(view)
        if args.json:
            print(json.dumps([{"id": outbox.short_id(d["_key"]), "key": d["_key"], "to": d.get("to", []),
                               "status": d.get("status"), "attempts": d.get("attempts", 0),
                               "created": d.get("created", ""), "last_error": d.get("last_error", "")}
                              for d in rows], indent=2))
            return 0
        if not rows:
            print("no failed or held mail")
            return 0
        print(f"{'ID':<10}  {'STATUS':<9}  {'CREATED':<19}  {'TO':<32}  LAST ERROR")
        for d in rows:
            print(f"{outbox.short_id(d['_key']):<10}  {d.get('status', ''):<9}  {d.get('created', '')[:19]:<19}  "
                  f"{','.join(d.get('to', []))[:32]:<32}  {str(d.get('last_error', ''))[:80]}")
        print(f"{len(rows)} mail(s); `mailbot outbox retry ID` (or `--all`) queues them again")
        return 0
    if not args.all and not args.ids:
        print("mailbot: outbox retry needs an ID (from `mailbot outbox list`) or --all", file=sys.stderr)
        return 2
    with adapters.exclusive(cfg):
        store = st.Store(path)
        try:
            now = utcnow()
            docs = outbox.failed(store) if args.all else [d for i in args.ids for d in _find(store, i)]
            missing = [] if args.all else [i for i in args.ids if not _find(store, i)]
            unit = Unit(store, cfg, now)
            actor = f"cli:{getpass.getuser()}"
            for d in docs:
                outbox.requeue(unit, d, now, actor)
                tid = outbox.failure_triage_id(d)
                item = store.get(st.TRIAGE, tid) if tid else None
                if item is not None and item.get("status") == "open":
                    unit.put(st.TRIAGE, tid, dict(item, status="resolved", resolved=now.isoformat(),
                                                resolved_by=actor, command="retry",
                                                resolution="queued again by `mailbot outbox retry`"))
            unit.commit()
        finally:
            store.close()
    for d in docs:
        print(f"queued again: {outbox.short_id(d['_key'])} to {','.join(d.get('to', []))}")
    for i in missing:
        print(f"mailbot: no failed or held mail with id {i} (see `mailbot outbox list`)", file=sys.stderr)
    print(f"{len(docs)} mail(s) queued; the next cycle (or the daemon within a minute) sends them")
    return 1 if missing else 0


def register(sub: Any) -> None:
    """Add `mailbot store` and `mailbot outbox` (cli._extra_commands)."""
    p = sub.add_parser("store", help="verify the store file, or repair a damaged one",
                       description="verify: check every line's checksum and name the damaged ones (reads only; "
                                   "exit 1 on damage). repair: back the file up, keep every intact line, list "
                                   "exactly what was lost (takes the store's lock: stop the daemon first).")
    p.add_argument("action", choices=("verify", "repair"))
    p.set_defaults(func=cmd_store)
    p = sub.add_parser("outbox", help="list failed or held mail; queue it again",
                       description="list: mail that will not be sent by itself (failed for good, held for a "
                                   "bouncing recipient). retry ID...|--all: queue it again, due now.")
    p.add_argument("action", choices=("list", "retry"))
    p.add_argument("ids", nargs="*", metavar="ID", help="for retry: ids from `mailbot outbox list`")
    p.add_argument("--all", action="store_true", help="retry: every failed or held mail")
    p.add_argument("--json", action="store_true", help="list: as JSON")
    p.set_defaults(func=cmd_outbox)
