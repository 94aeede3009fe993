"""`mailbot export`, `forget` and `purge`: a person's data out, a person's data gone, old message bodies gone (workflows/privacy.py)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mailbot.adapters import factory as adapters
from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.config import _email, load_config
from mailbot.workflows.privacy import export, forget, purge


def _is_address(text: str) -> bool:
    """Whether `text` is an email address; says why not on stderr (a usage error, exit 2)."""
    try:
        _email(text)
        return True
    except ValueError:
        print(f"mailbot: {text!r} is not an email address (e.g. k.vogel@berlin.example)", file=sys.stderr)
        return False


def cmd_export(args: argparse.Namespace) -> int:
    if not _is_address(args.address):
        return 2
    cfg = load_config(args)
    store = st.Store(cfg.path(cfg.store.path))
    try:
        data = json.dumps(export(store, args.address), indent=2, ensure_ascii=False, sort_keys=True)
    finally:
        store.close()
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(data + "\n")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(data + "\n")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    if not _is_address(args.address):
        return 2
    cfg = load_config(args)
    with adapters.exclusive(cfg):
        store = adapters.open_store(cfg)
        try:
            counts = forget(store, cfg, args.address, utcnow())
        finally:
            store.close()
    print(f"{args.address}: {counts['deleted']} documents deleted, {counts['anonymised']} anonymised; "
          f"staff will be told at the next delivery")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    with adapters.exclusive(cfg):
        store = adapters.open_store(cfg)
        try:
            n = purge(store, cfg, utcnow())
        finally:
            store.close()
    print(f"{n} triage items and requests purged of message bodies (retention {cfg.privacy.retention_days} days)")
    return 0


def register(sub: Any) -> None:
    """Add `mailbot export`, `forget` and `purge`."""
    p = sub.add_parser("export", help="write everything held about a person as JSON (GDPR access)",
                       description="Every document in every table whose key or any field mentions ADDRESS "
                                   "(requests, triage items, outbox mail, sent log, audit lines, bounces, ...).")
    p.add_argument("address", metavar="ADDRESS")
    p.add_argument("--output", "-o", metavar="FILE", default=None, help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("forget", help="erase or anonymise everything held about a person, and tell staff",
                       description="Delete documents keyed by ADDRESS and unsent mail mentioning it; anonymise "
                                   "the records that must stay (address → pseudonym, free text removed); "
                                   "queue a note to staff.")
    p.add_argument("address", metavar="ADDRESS")
    p.set_defaults(func=cmd_forget)
    p = sub.add_parser("purge", help="remove old message bodies (the [privacy] retention_days rule)",
                       description="Remove message bodies from triage items and requests older than "
                                   "[privacy] retention_days, keeping what the records need.")
    p.set_defaults(func=cmd_purge)
