"""`mailbot digest`: preview the network digest, send it now, record opt-outs (staff, on the command line)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from typing import Any

from mailbot.core.clock import utcnow


def _now(text: str | None) -> datetime:
    if not text:
        return utcnow()
    d = datetime.fromisoformat(text)
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def cmd_digest(args: argparse.Namespace) -> int:
    from mailbot.adapters import factory as adapters
    from mailbot.core.config import load_config
    from mailbot.mail.unit import Unit
    from mailbot.schedule import digest, reports

    cfg = load_config(args)
    action = args.digest_command or "preview"
    if action == "preview":
        from mailbot.runtime import unit

        view: Any = unit.read_view(cfg)  # reads only: safe beside the daemon
        p = digest.preview(view, cfg, _now(args.now), args.period)
        if args.json:
            print(json.dumps(p, ensure_ascii=False, indent=1, default=str))
            return 0
        print(f"digest {p['period']}: {p['updates']} update(s), {len(p['recipients'])} recipient(s), "
              f"{len(p['opted_out'])} opted out; next scheduled date: {p['next_date'] or '(none set)'}"
              + (f"; already sent {p['sent'].get('sent', '')[:10]}" if p.get("sent") else ""))
        if p["groups_without_update"]:
            print("no update yet from: " + ", ".join(p["groups_without_update"]))
        print(f"\nSubject: {p['subject']}\n\n{p['text']}")
        return 0
    with adapters.exclusive(cfg):
        store = adapters.open_store(cfg)
        try:
            now = utcnow()
            unit = Unit(store, cfg, now)
            if action in ("optout", "optin"):
                addr = args.address.strip().lower()
                if action == "optout":
                    unit.put(digest.OPTOUTS, addr, {"at": now.isoformat(), "by": "cli"})
                else:
                    unit.delete(digest.OPTOUTS, addr)
                unit.commit()
                print(f"{addr}: {'no longer receives' if action == 'optout' else 'receives'} the network digest")
                return 0
            d = reports.compile_digest(store, cfg, now, period=args.period)
            old = store.get(digest.DIGESTS, d["period"])
            if old and old.get("status") == "sent" and not args.again:
                print(f"mailbot digest: the digest for {d['period']} was already sent on {old.get('sent', '')[:10]} "
                      "(--again to send it anyway)", file=sys.stderr)
                return 2
            if not d["entries"]:
                print(f"mailbot digest: no facilitator update for {d['period']}: nothing to send", file=sys.stderr)
                return 2
            mails = reports.digest_mails(d, cfg, now)
            unit.mail(mails)
            unit.put(digest.DIGESTS, d["period"], {"period": d["period"], "status": "sent", "sent": now.isoformat(),
                                                 "by": "cli", "recipients": len(mails), "updates": len(d["entries"])})
            unit.commit()
        finally:
            store.close()
    print(f"digest {d['period']} queued for {len(mails)} recipient(s) ({len(d['entries'])} update(s)); "
          "the outbox of `mailbot once` or `run` delivers it")
    return 0


def register(sub: Any) -> None:
    """Add `mailbot digest` (cli.main._extra_commands)."""
    p = sub.add_parser("digest", help="the network digest of the facilitators' updates: preview, send, opt-outs",
                       description="The facilitators' twice-yearly updates, compiled into one digest for every "
                                   "participant contact, member and facilitator (less opt-outs). The scheduler "
                                   "sends it on scheduler.digest_dates; this command previews it or sends it now.")
    p.set_defaults(func=cmd_digest, digest_command=None, period=None, now=None, json=False)
    dsub = p.add_subparsers(dest="digest_command", metavar="ACTION")
    pv = dsub.add_parser("preview", help="show the digest and who would get it (writes nothing)")
    pv.add_argument("--period", default=None, metavar="YYYY-H1|H2", help="the half-year (default: the current one)")
    pv.add_argument("--now", default=None, metavar="ISO-DATE", help="pretend it is this date")
    pv.add_argument("--json", action="store_true", help="print JSON")
    ps = dsub.add_parser("send", help="queue the digest for every recipient now")
    ps.add_argument("--period", default=None, metavar="YYYY-H1|H2", help="the half-year (default: the current one)")
    ps.add_argument("--again", action="store_true", help="send even if this period's digest was sent")
    for name, what in (("optout", "no longer send the digest to ADDRESS"), ("optin", "send it to ADDRESS again")):
        po = dsub.add_parser(name, help=what)
        po.add_argument("address", metavar="ADDRESS")
