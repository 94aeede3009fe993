"""The tools around the bot: `replay` and `explain` (decide messages from files, nothing sent)
and `demo` (the examples through a fresh local bot). `check` has its own room (check.py).

`cmd_demo` runs past 60 lines: it is one sequential report of what the demo
did, printed in the order a reader reads it.
"""

from __future__ import annotations

import argparse
import json
import logging
import mailbox as stdmailbox
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Iterator

from mailbot.actions import effects
from mailbot.adapters import factory as adapters
from mailbot.adapters.mailbox import ListMailbox, MaildirMailbox
from mailbot.cli.base import EX_OK, EX_USAGE, PACKAGE_DIR
from mailbot.core import config as config_mod
from mailbot.core.config import Config, load_config
from mailbot.core.view import SeededView
from mailbot.runtime import jobs, unit
from mailbot.runtime.pipeline import Outcome, Pipeline, decide, utcnow

log = logging.getLogger("mailbot")


# -- reading messages from files ----------------------------------------------

def iter_sources(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """(label, raw bytes) for every message in .eml files, Maildirs, mbox files and folders."""
    for name in paths:
        p = Path(name)
        if p.is_dir() and all((p / d).is_dir() for d in ("cur", "new")):
            md = stdmailbox.Maildir(p, factory=None, create=False)
            for key in sorted(md.keys()):
                yield f"{p}:{key}", md.get_bytes(key)
        elif p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() in (".eml", ".msg", ".txt", ".mbox", ""):
                    try:
                        yield from iter_sources([str(child)])
                    except NotMail as exc:  # a folder may hold notes beside the mail
                        log.warning("skipped: %s", exc)
        elif p.is_file():
            raw = p.read_bytes()
            if raw.startswith(b"From ") and p.suffix.lower() in (".mbox", ""):
                mb = stdmailbox.mbox(p, factory=None, create=False)
                for i, key in enumerate(mb.keys()):
                    yield f"{p}#{i + 1}", mb.get_bytes(key)
            elif not looks_like_mail(raw):
                raise NotMail(f"{p}: not an email message (it does not start with header lines such as From: or Subject:)")
            else:
                yield str(p), raw
        else:
            raise FileNotFoundError(f"no such file or folder: {name}")


class NotMail(ValueError):
    """A file named on the command line that holds no RFC 5322 message."""


_FIELD = re.compile(rb"[\x21-\x39\x3b-\x7e]+:")
_KNOWN_FIELDS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:", b"return-path:",
                 b"mime-version:", b"delivered-to:", b"sender:")


def looks_like_mail(raw: bytes) -> bool:
    """Whether `raw` opens with a header block that names at least one field mail carries."""
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:65536]
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = block.splitlines()
    if not lines or not _FIELD.match(lines[0]):
        return False
    return any(line.lower().startswith(_KNOWN_FIELDS) for line in lines)


def outcome_json(label: str, o: Outcome) -> dict:
    i = o.intent
    return {
        "file": label,
        "message_id": o.msg.message_id,
        "from": o.msg.sender_addr,
        "subject": o.msg.subject,
        "language": o.msg.language,
        "role": o.role,
        "intent": i.name,
        "groups": list(i.groups),
        "confidence": round(i.confidence, 3),
        "evidence": list(i.evidence),
        "route": o.decision.route,
        "rule": o.decision.rule,
        "actions": [a.kind for a in o.decision.actions],
        "outbox": [{"to": list(m.to), "key": m.key} for m in o.effects.outbox],
        "destination": o.effects.destination,
        "notes": list(o.effects.audit.get("notes", [])),
        "original_intent": i.original.name if i.original else None,
        "original_groups": list(i.original.groups) if i.original else None,
        "original_from": (o.msg.forwarded.sender.addr if o.msg.forwarded and o.msg.forwarded.sender else None),
        "defects": list(o.msg.defects),
    }


def _view(cfg: Config) -> SeededView:
    # read-only: these commands run beside `mailbot run`, and Store() would cut
    # a commit the daemon is in the middle of appending
    return unit.read_view(cfg)


def cmd_replay(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    if args.commit:
        return _replay_commit(cfg, args)
    view = _view(cfg)
    now = utcnow()
    n = 0
    for label, raw in iter_sources(args.paths):
        o = decide(raw, cfg, view, now)
        n += 1
        if args.json:
            print(json.dumps(outcome_json(label, o), ensure_ascii=False))
        else:
            i = o.intent
            print(f"{label}: {i.name} {','.join(i.groups) or '-'} ({i.confidence:.2f}) "
                  f"→ {o.decision.route} via {o.decision.rule or '-'}")
    if not args.json:
        print(f"{n} message(s) decided (dry run: nothing stored, nothing sent)", file=sys.stderr)
    return EX_OK


def _replay_commit(cfg: Config, args: argparse.Namespace) -> int:
    items = list(iter_sources(args.paths))
    with adapters.exclusive(cfg):
        store = adapters.open_store(cfg)
        transport = adapters.open_transport(cfg)
        pipe = Pipeline(cfg, store, ListMailbox.of(items), transport)
        stats = jobs.cycle(pipe)
        labels = [label for label, _ in items]
        for label, o in zip(labels, stats.outcomes):
            if args.json:
                print(json.dumps(outcome_json(label, o), ensure_ascii=False))
        print(f"{stats.processed} processed, {stats.duplicates} already known, {stats.delivery}", file=sys.stderr)
        transport.close()
        store.close()
    return EX_OK


def explain_text(label: str, o: Outcome) -> str:
    m, i, d = o.msg, o.intent, o.decision
    lines = [f"Message {label}", ""]
    lines.append("1. Parse")
    lines.append(f"   From:        {m.sender or '(none)'}   [{o.role}]")
    lines.append(f"   Subject:     {m.subject}")
    lines.append(f"   Message-ID:  {m.message_id}")
    lines.append(f"   Language:    {m.language or '?'}")
    if m.auto.is_automatic:
        lines.append(f"   Automatic:   {', '.join(m.auto.reasons) or 'bounce'}")
    if m.calendar:
        lines.append(f"   Calendar:    METHOD:{m.calendar.method} {m.calendar.partstat}")
    if m.forwarded:
        f = m.forwarded
        lines.append(f"   Forwarded:   from {f.sender or '?'}, subject {f.subject!r} ({f.kind})")
    if m.defects:
        lines.append(f"   Defects:     {'; '.join(m.defects[:5])}")
    new = m.text.strip().splitlines()
    lines.append(f"   New text:    {len(m.text)} chars" + (f' — "{new[0][:70]}"' if new else ""))
    lines.append("")
    lines.append("2. Intent")
    lines.append(f"   {i.name}  groups={list(i.groups)}  confidence={i.confidence:.2f}" + (f"  topic={i.topic!r}" if i.topic else ""))
    for e in i.evidence:
        lines.append(f"   - {e}")
    if i.original:
        lines.append(f"   original: {i.original.name} {list(i.original.groups)} ({i.original.confidence:.2f})")
        for e in i.original.evidence:
            lines.append(f"     - {e}")
    lines.append("")
    lines.append("3. Rules")
    for t in d.trace:
        lines.append(f"   {t}")
    lines.append(f"   => rule {d.rule or '-'}: {d.reason}; route {d.route}")
    lines.append("")
    lines.append("4. Actions")
    for a in d.actions:
        params = " ".join(f"{k}={v}" for k, v in a.params.items())
        lines.append(f"   - {a.kind} {params}".rstrip())
    for line in effects.action_summary(o.effects):
        lines.append(f"     · {line}")
    lines.append(f"   message goes to: {o.effects.destination}")
    return "\n".join(lines)


def cmd_explain(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    view = _view(cfg)
    now = utcnow()
    for label, raw in iter_sources([args.file]):
        print(explain_text(label, decide(raw, cfg, view, now)))
        print()
    return EX_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the example messages through a fresh embedded mailbot and show what happened."""
    source = Path(args.config) if args.config else config_mod.default_path()
    if not args.config and not source.exists():  # installed without a checkout: the shipped config
        source = PACKAGE_DIR / "config.toml"
        args.config = str(source)
    load_config(args)  # a broken config is reported before anything is written
    root = Path(args.dir).resolve()
    if root.exists() and not args.keep:
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    # The demo runs on a copy of the config in its own folder, so its
    # relative paths (var/mail, var/sent, var/mailbot.json) land there and
    # every other command can look at the result: mailbot -c DIR/config.toml …
    demo_config = root / "config.toml"
    shutil.copyfile(source, demo_config)
    cfg = config_mod.load(demo_config)
    explorable = cfg.mailbox.type == "maildir" and cfg.transport.type == "maildir"
    if not explorable:  # a config for real servers: the demo still never touches them
        cfg = cfg.model_copy(update={
            "mailbox": cfg.mailbox.model_copy(update={"type": "maildir", "path": str(root / "var" / "mail")}),
            "transport": cfg.transport.model_copy(update={"type": "maildir", "path": str(root / "var" / "sent")}),
            "store": cfg.store.model_copy(update={"path": str(root / "var" / "mailbot.json")}),
        })
    # A demo needs no token secret of its own (one is generated and kept in
    # its store); the warning is meant for real deployments.
    logging.getLogger("mailbot.workflows.tokens").setLevel(logging.ERROR)
    examples = Path(args.examples) if args.examples else (PACKAGE_DIR / "examples")
    files = sorted(examples.glob("*.eml"))
    if not files:
        print(f"no example messages in {examples}", file=sys.stderr)
        return EX_USAGE
    inbox = MaildirMailbox(cfg.path(cfg.mailbox.path), cfg.mailbox.processed_folder, cfg.mailbox.triage_folder)
    refs = {}
    for f in files:
        refs[inbox.deliver(f.read_bytes())] = f.name
    print(f"Delivered {len(files)} example messages from {examples} into {inbox.root}/new")
    store = adapters.open_store(cfg)
    pipe = Pipeline(cfg, store, inbox, adapters.open_transport(cfg))
    stats = jobs.cycle(pipe)
    rows = [("message", "intent", "groups", "conf", "route", "action")]
    by_id = {o.msg.message_id: o for o in stats.outcomes}
    for f in files:
        from mailbot.mail.parse import parse

        o = by_id.get(parse(f.read_bytes()).message_id)
        if o is None:
            rows.append((f.name, "(duplicate)", "", "", "", ""))
            continue
        acts = ", ".join(dict.fromkeys(a.kind for a in o.decision.actions))
        rows.append((f.name, o.intent.name, ",".join(o.intent.groups) or "-", f"{o.intent.confidence:.2f}",
                     o.decision.route, acts))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    widths[-1] = 0
    for n, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * max(w, 6) for w in widths).rstrip())
    sent = cfg.path(cfg.transport.path)
    print()
    print(f"{stats.processed} messages processed ({stats.triaged} to the triage queue); outbox: {stats.delivery}.")
    print(f"Replies and notifications were written as files to {sent}/new (one file per message):")
    for p in sorted((sent / "new").iterdir())[:3]:
        print(f"  {p}")
    print(f"Processed messages: {inbox.folders['processed']}; triage: {inbox.folders['triage']}; store: {cfg.path(cfg.store.path)}")
    from mailbot.cli import demo

    told = demo.story(cfg, store, inbox, pipe, sent, root)
    print("\nThe story ran to the end: join, confirmation, welcome, invitation, RSVP, attendance." if told else
          "\nThe story stopped early (see above).")
    print(f"Look at one decision in detail: mailbot explain {files[0]}")
    if explorable:
        rel = os.path.relpath(demo_config)
        print(f"Explore what the demo left: mailbot -c {rel} triage   (also: requests, status, schedule, web)")
    store.close()
    return EX_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add `mailbot replay`, `explain` and `demo`."""
    p = sub.add_parser("replay", help="run .eml files, Maildirs or mbox files through the pipeline (dry run)",
                       description="Decide each message in the given files or folders. Nothing is stored or sent unless --commit.")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".eml file, Maildir, mbox file or folder of them")
    p.add_argument("--json", action="store_true", help="print one JSON object per message")
    p.add_argument("--commit", action="store_true", help="store the effects and deliver the replies for real")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("explain", help="show the decision for one message as a readable trace",
                       description="Parse → intent with its evidence → the rule and why → actions, for one message (nothing is stored or sent).")
    p.add_argument("file", metavar="FILE.eml")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("demo", help="process the example messages on a fresh local mailbot, no server needed",
                       description="Put examples/*.eml into a fresh local Maildir, run one cycle and print what happened to each.")
    p.add_argument("--dir", default="var/demo", help="where the demo's mailbox, sent mail and store go (default: var/demo)")
    p.add_argument("--examples", default=None, metavar="DIR", help="folder of .eml files (default: the project's examples/)")
    p.add_argument("--keep", action="store_true", help="keep what an earlier demo left in --dir")
    p.set_defaults(func=cmd_demo)
