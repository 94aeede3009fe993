"""The admin CLI: `mailbot groups|members|requests|proposals|triage|participants|reminders`.

Readable tables by default, `--json` (one JSON array) for scripts. Every
change goes through the same command implementations as the staff email
commands (commands.py), gathered in one `workflows.Work` and committed in
one store write under the store's lock; mail they cause (a join request to
a facilitator, a welcome, ...) is queued in the outbox and delivered at
once unless `--no-send` (then at the next `mailbot once`/`run` cycle).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import textwrap
from typing import Any

from mailbot.workflows import proposals
from mailbot.commands import staff as cmds
from mailbot.mail.unit import Unit
from mailbot.runtime import jobs, unit
from mailbot.runtime import outbox as ob
from mailbot.workflows import roster
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf

EX_OK, EX_PROBLEM, EX_USAGE = 0, 1, 2


# -- helpers ----------------------------------------------------------------------------------

def _cfg(args):
    from mailbot.core.config import load_config

    return load_config(args)


def table(rows: list[dict], cols: list[tuple[str, str]], empty: str = "(none)") -> str:
    if not rows:
        return empty
    head = [h for _, h in cols]
    body = [[_cell(r.get(k)) for k, _ in cols] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    widths[-1] = 0
    lines = ["  ".join(c.ljust(w) for c, w in zip(head, widths)).rstrip(),
             "  ".join("-" * max(w, 3) for w in widths[:-1]) + "  " + "-" * max(3, len(head[-1]))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    return "\n".join(lines)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, (list, tuple)):
        return ",".join(_cell(x) for x in v)
    return " ".join(str(v).split())[:70]


def _emit(args, rows: list[dict], cols: list[tuple[str, str]], empty: str = "(none)") -> int:
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        print(table(rows, cols, empty))
    return EX_OK


def run_command(args, line: str, *, item_id: str = "") -> int:
    """Run one staff command against the store, commit, deliver: the CLI's write path."""
    from mailbot.adapters import factory as adapters
    from mailbot.runtime.pipeline import utcnow

    cfg = _cfg(args)
    with adapters.exclusive(cfg):
        store = adapters.open_store(cfg)
        try:
            roster.seed(store, cfg)  # as Pipeline does on start
            now = utcnow()
            item = None
            if item_id:
                item = store.get(st.TRIAGE, item_id)
                if item is None:
                    print(f"mailbot: no triage item {item_id}", file=sys.stderr)
                    return EX_USAGE
            actor = f"cli:{getpass.getuser()}"
            work = wf.Work(cfg, store, now, source_id=f"cli:{now.isoformat()}:{line}")
            res = cmds.execute(line, work, actor=actor, item=item)
            if not res.ok:
                if args.json:
                    print(json.dumps({"ok": False, "command": res.command, "error": res.text}))
                else:
                    print(f"mailbot: {res.text}", file=sys.stderr)
                return EX_PROBLEM
            writer = Unit(store, cfg, now)
            writer.stage(work.records, work.outbox)
            writer.commit()
            delivered = ""
            if work.outbox and not getattr(args, "no_send", False):
                transport = adapters.open_transport(cfg)
                try:
                    t = cfg.transport
                    r = ob.flush(store, transport, now, base=t.retry_base, cap=t.retry_max, max_attempts=t.max_attempts)
                    delivered = f"; outbox: {r}"
                finally:
                    transport.close()
            elif work.outbox:
                delivered = f"; {len(work.outbox)} mail(s) queued for the next cycle"
            if args.json:
                print(json.dumps({"ok": True, "command": res.command, "result": res.text,
                                  "mails": [list(m.to) for m in work.outbox]}, ensure_ascii=False))
            else:
                print(res.text + delivered)
            return EX_OK
        finally:
            store.close()


# -- commands ---------------------------------------------------------------------------------

def cmd_groups(args) -> int:
    cfg = _cfg(args)
    view = unit.read_view(cfg)  # read-only: safe beside a running daemon
    rows = []
    for g in wf.all_groups(cfg, view):
        rows.append({"slug": g.slug, "name": g.name, "facilitator": g.facilitator,
                     "members": len(wf.memberships(view, group=g.slug)),
                     "source": "config" if cfg.group(g.slug) else "proposal", "cadence": g.cadence})
    return _emit(args, rows, [("slug", "GROUP"), ("members", "MEMBERS"), ("facilitator", "FACILITATOR"),
                              ("source", "FROM"), ("name", "NAME")])


def cmd_members(args) -> int:
    cfg = _cfg(args)
    view = unit.read_view(cfg)  # read-only: safe beside a running daemon
    if args.group and wf.group_of(args.group, cfg, view) is None:
        print(f"mailbot: unknown group {args.group!r}", file=sys.stderr)
        return EX_USAGE
    rows = wf.memberships(view, group=args.group or None, status=None if args.all else wf.ACTIVE)
    return _emit(args, rows, [("group", "GROUP"), ("address", "ADDRESS"), ("organisation", "ORGANISATION"),
                              ("since", "SINCE"), ("status", "STATUS"), ("name", "NAME")])


def cmd_requests(args) -> int:
    cfg = _cfg(args)
    view = unit.read_view(cfg)  # read-only: safe beside a running daemon
    rows = [d for _, d in view.items(st.REQUESTS) if d.get("kind") == "join"]
    if args.status:
        rows = [r for r in rows if r.get("status") == args.status]
    rows.sort(key=lambda r: r.get("created", ""))
    for r in rows:
        r.pop("history", None) if not args.json else None
    return _emit(args, rows, [("id", "ID"), ("status", "STATUS"), ("group", "GROUP"), ("from", "FROM"),
                              ("created", "CREATED"), ("reminded", "REMINDED"), ("organisation", "ORGANISATION")])


def cmd_proposals(args) -> int:
    if args.action == "approve":
        if not args.id:
            print("mailbot: proposals approve ID", file=sys.stderr)
            return EX_USAGE
        return run_command(args, f"approve {args.id}")
    cfg = _cfg(args)
    view = unit.read_view(cfg)  # read-only: safe beside a running daemon
    rows = []
    for _, p in sorted(view.items(proposals.PROPOSALS)):
        ok, why = proposals.proposal_ready(cfg, p)
        rows.append(dict(p, authorities=len({b["organisation"] for b in p.get("backers", []) if b.get("organisation")}),
                         volunteer=",".join(b["address"] for b in p.get("backers", []) if b.get("volunteer")),
                         readiness=why))
    return _emit(args, rows, [("id", "ID"), ("status", "STATUS"), ("authorities", "AUTHORITIES"),
                              ("volunteer", "FACILITATOR"), ("topic", "TOPIC")])


def cmd_triage(args) -> int:
    action = args.action or "list"
    if action == "resolve":
        if not args.id or not args.command_line:
            print("mailbot: triage resolve ID COMMAND (e.g. `triage resolve 1a2b3c4d join circular-procurement`)",
                  file=sys.stderr)
            return EX_USAGE
        return run_command(args, " ".join(args.command_line), item_id=args.id)
    cfg = _cfg(args)
    view = unit.read_view(cfg)  # read-only: safe beside a running daemon
    if action == "show":
        item = view.get(st.TRIAGE, args.id or "")
        if item is None:
            print(f"mailbot: no triage item {args.id}", file=sys.stderr)
            return EX_USAGE
        if args.json:
            print(json.dumps(item, ensure_ascii=False, indent=1, default=str))
            return EX_OK
        orig = item.get("original") or {}
        for k in ("id", "status", "reason", "created", "from", "acted_for", "subject", "intent", "groups",
                  "proposed", "resolution"):
            if item.get(k) not in (None, "", []):
                print(f"{k + ':':12} {_cell(item.get(k))}")
        if orig:
            print(f"{'original:':12} from {orig.get('from')} on {orig.get('date')}: {orig.get('subject')}")
        print()
        print(orig.get("text") or item.get("text", ""))
        return EX_OK
    if action != "list":
        print(f"mailbot: unknown triage action {action!r} (list, show ID, resolve ID COMMAND)", file=sys.stderr)
        return EX_USAGE
    rows = [d for _, d in view.items(st.TRIAGE) if args.all or d.get("status", "open") == "open"]
    rows.sort(key=lambda r: r.get("created", ""))
    return _emit(args, rows, [("id", "ID"), ("status", "STATUS"), ("acted_for", "SENDER"),
                              ("proposed", "PROPOSED"), ("reason", "REASON"), ("subject", "SUBJECT")],
                 "(no open triage items)")


def cmd_participants(args) -> int:
    action = args.action or "list"
    if action == "add":
        if len(args.rest) < 2:
            print("mailbot: participants add DOMAIN ORGANISATION...", file=sys.stderr)
            return EX_USAGE
        return run_command(args, "participant add " + " ".join(_q(x) for x in args.rest))
    if action == "remove":
        if len(args.rest) != 1:
            print("mailbot: participants remove DOMAIN", file=sys.stderr)
            return EX_USAGE
        return run_command(args, "participant remove " + _q(args.rest[0]))
    if action != "list":
        print(f"mailbot: unknown participants action {action!r} (list, add, remove)", file=sys.stderr)
        return EX_USAGE
    cfg = _cfg(args)
    view = unit.read_view(cfg)  # read-only: safe beside a running daemon
    rows = sorted((dict(d, domain=k) for k, d in view.items(roster.PARTICIPANTS) if not d.get("removed")),
                  key=lambda r: (r.get("organisation", ""), r["domain"]))
    return _emit(args, rows, [("domain", "DOMAIN"), ("kind", "KIND"), ("since", "SINCE"),
                              ("source", "SOURCE"), ("organisation", "ORGANISATION")])


def _q(word: str) -> str:
    import shlex

    return shlex.quote(word)


def cmd_reminders(args) -> int:
    from mailbot.adapters import factory as adapters
    from mailbot.runtime.pipeline import utcnow

    cfg = _cfg(args)
    with adapters.exclusive(cfg):
        store = adapters.open_store(cfg)
        try:
            if args.dry_run:
                due = wf.due_reminders(store, cfg, utcnow())
                return _emit(args, [dict(step=s, **{k: r.get(k) for k in ("id", "group", "from", "created")})
                                    for s, r in due],
                             [("step", "STEP"), ("id", "REQUEST"), ("group", "GROUP"), ("from", "FROM"),
                              ("created", "CREATED")], "(nothing due)")
            notes = jobs.reminders(store, cfg, utcnow())
        finally:
            store.close()
    if args.json:
        print(json.dumps(notes))
    else:
        print("\n".join(notes) or "nothing due")
    return EX_OK


# -- registration ------------------------------------------------------------------------------

def _wrapped(text: str, indent: str = "") -> str:
    """`text` wrapped to 79 columns line by line, continuation lines indented (help kept readable in a terminal)."""
    return "\n".join(textwrap.fill(line, 79, subsequent_indent=indent) if line.strip() else "" for line in text.splitlines())


def register(sub: argparse._SubParsersAction) -> None:
    """Add the admin commands. Past 60 lines because it is a flat list of subcommand
    declarations, one short block each; splitting it would only scatter the list."""

    def common(p, send: bool = False):
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")
        if send:
            p.add_argument("--no-send", action="store_true",
                           help="queue the resulting mail for the next cycle instead of delivering it now")

    p = sub.add_parser("groups", help="list the groups (config and created from proposals)",
                       description="List every group: those in config.toml and those created by approving a proposal.")
    common(p)
    p.set_defaults(func=cmd_groups)

    p = sub.add_parser("members", help="list the members of one group or of all",
                       description="List active memberships (--all: also those who left).")
    p.add_argument("group", nargs="?", metavar="GROUP", help="a group slug (default: every group)")
    p.add_argument("--all", action="store_true", help="include members who left")
    common(p)
    p.set_defaults(func=cmd_members)

    p = sub.add_parser("requests", help="list join requests and their state",
                       description="Join requests: pending, confirmed, declined, expired, withdrawn.")
    p.add_argument("--status", default=None, choices=wf.REQUEST_STATES, metavar="STATE",
                   help="only requests in this state: " + ", ".join(wf.REQUEST_STATES))
    common(p)
    p.set_defaults(func=cmd_requests)

    p = sub.add_parser("proposals", help="list proposals for new groups, or approve one",
                       description="List the proposals for new groups (backers, volunteer, readiness); "
                                   "`proposals approve ID` creates the group as the email command `approve ID` does.")
    p.add_argument("action", nargs="?", choices=["list", "approve"], default="list")
    p.add_argument("id", nargs="?", metavar="ID")
    common(p, send=True)
    p.set_defaults(func=cmd_proposals)

    p = sub.add_parser("triage", help="the triage queue: list, show ID, resolve ID COMMAND",
                       description=_wrapped("List open triage items, show one, or resolve one with a staff command "
                                            "(the same commands staff send by email):") + "\n\n" + _wrapped(cmds.help_text(), "    "),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--all", action="store_true", help="include resolved items")
    common(p, send=True)
    p.set_defaults(func=cmd_triage, action="list", id=None, command_line=[])
    actions = p.add_subparsers(dest="action", metavar="ACTION", title="actions (default: list)")
    pa = actions.add_parser("list", help="the open items (--all: resolved ones too)",
                            description="List the open triage items (--all: resolved ones too).")
    pa.add_argument("--all", action="store_true", help="include resolved items")
    common(pa)
    pa = actions.add_parser("show", help="one item, with the message it holds", description="Show one triage item.")
    pa.add_argument("id", metavar="ID")
    common(pa)
    pa = actions.add_parser("resolve", help="resolve an item with a staff command",
                            description="Resolve a triage item with a staff command, as staff do by email "
                                        "(e.g. `triage resolve 1a2b3c4d join circular-procurement`).")
    pa.add_argument("id", metavar="ID")
    pa.add_argument("command_line", nargs=argparse.REMAINDER, metavar="COMMAND", help="the staff command")
    common(pa, send=True)

    p = sub.add_parser("participants", help="the roster: list, add DOMAIN ORGANISATION, remove DOMAIN",
                       description="The roster of participant organisations by email domain (seeded from config.toml).")
    p.add_argument("action", nargs="?", default="list", help="list (default), add or remove")
    p.add_argument("rest", nargs="*", metavar="ARG")
    common(p, send=True)
    p.set_defaults(func=cmd_participants)

    p = sub.add_parser("reminders", help="send due reminders, escalations and expiries of join requests now",
                       description="What `mailbot run`/`once` does each cycle: remind facilitators of pending join "
                                   "requests after workflow.reminder_days, escalate to staff after "
                                   "workflow.escalation_days more, expire after workflow.expire_days.")
    p.add_argument("--dry-run", action="store_true", help="only list what is due")
    common(p)
    p.set_defaults(func=cmd_reminders)
