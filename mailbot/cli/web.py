"""`mailbot web` (the form and the dashboard, on uvicorn) and `mailbot report`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from typing import Any

from mailbot.core.clock import utcnow


def cmd_web(args: argparse.Namespace) -> int:
    import uvicorn

    from mailbot.core.config import load_config
    from mailbot.web.app import create_app

    cfg = load_config(args)
    host = args.host or cfg.web.host
    port = args.port or cfg.web.port
    if args.base_url:
        cfg = cfg.model_copy(update={"web": cfg.web.model_copy(update={"base_url": args.base_url})})
    app = create_app(cfg)
    print(f"mailbot web: http://{host}:{port}/ (form) and /staff (dashboard); links in mail use "
          f"{cfg.web.base_url or f'http://{host}:{port}'}", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, proxy_headers=True,
                forwarded_allow_ips=",".join(cfg.web.trusted_proxies) or None,
                log_level=cfg.bot.log_level.lower(), server_header=False)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from mailbot.core.config import load_config
    from mailbot.schedule import reports
    from mailbot.runtime import unit

    cfg = load_config(args)
    now = utcnow()
    if args.now:
        now = datetime.fromisoformat(args.now)
        now = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    view = unit.read_view(cfg)  # reads only: safe beside the daemon
    rep = reports.everything(view, cfg, now, args.year)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=1, default=str))
    elif args.csv:
        sys.stdout.write(reports.as_csv(rep, args.section))
    else:
        sys.stdout.write(reports.as_text(rep))
    return 0


def register(sub: Any) -> None:
    """Add `mailbot web` and `mailbot report` (cli._extra_commands)."""
    p = sub.add_parser("web", help="serve the interest form and the staff dashboard (uvicorn)",
                       description="Serve the public interest form (/) and the staff dashboard (/staff) on HTTP, "
                                   "for a reverse proxy with TLS in front. Runs beside `mailbot run`: the web "
                                   "process never writes the store while the daemon holds it; it queues changes "
                                   "for the daemon (or applies them itself when no daemon runs).")
    p.add_argument("--host", default=None, help="address to listen on (default: web.host, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default: web.port, 8025)")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help="public URL for links in mail, e.g. https://groups.procuraplus.example (default: web.base_url)")
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("report", help="the network's reports: facilitator discounts, groups, participation, requests",
                       description="Facilitators eligible for the 50% participant-fee discount; per group: members, "
                                   "meetings held per year, participation days per participant against the two-day "
                                   "limit, term end; requests and response times. Reads the store only.")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object")
    fmt.add_argument("--csv", action="store_true", help="CSV: every section (each after a '# name' line), or --section")
    sections = ("facilitators", "groups", "participation", "requests_summary", "requests")
    p.add_argument("--section", choices=sections, default=None, metavar="TABLE",
                   help="with --csv: only this table (" + ", ".join(sections) + ")")
    p.add_argument("--year", type=int, default=None, help="the year (default: this year)")
    p.add_argument("--now", default=None, metavar="ISO-DATE", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_report)
