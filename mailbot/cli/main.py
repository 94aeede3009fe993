"""The `mailbot` command line (also `python -m mailbot`).

Each subcommand is one small function taking the parsed arguments and
returning an exit code (0 ok, 1 a problem found, 2 usage or config error,
75 temporary failure — the sysexits code systemd and cron understand).
"""

from __future__ import annotations

import argparse
import json
import logging
import mailbox as stdmailbox
import os
import re
import shutil
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

from mailbot.adapters import factory as adapters
from mailbot.mail import compose
from mailbot.actions import effects
from mailbot.cli import args as cli_args
from mailbot.runtime import jobs, outbox
from mailbot.decide import rules
from mailbot.core import config as config_mod
from mailbot.adapters import store as st
from mailbot.core.config import Config, ConfigError, load_config
from mailbot.adapters.mailbox import ListMailbox, MaildirMailbox
from mailbot.runtime.pipeline import Outcome, Pipeline, decide, utcnow

log = logging.getLogger("mailbot")

EX_OK, EX_PROBLEM, EX_USAGE, EX_TEMPFAIL = 0, 1, 2, 75
EX_PIPE = 128 + 13  # as a shell reports a command ended by SIGPIPE
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # templates/, examples/ and the shipped config.toml


_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors (journald, Loki, ELK).

    Fields passed with `extra=` (the pipeline's decision line carries
    message_id, intent, rule, route, actions, destination) become keys.
    """

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        out.update({k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and not k.startswith("_")})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """A handler for whatever `sys.stderr` is when a record comes, not when logging was set up.

    Code that swaps stderr (a test runner's capture, a daemon's redirect)
    and later closes the old one must not leave logging writing to it.
    """

    @property  # type: ignore[override]
    def stream(self):  # noqa: D102
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.__init__ assigns it
        pass


#: loggers of the libraries mailbot runs, held at WARNING unless --log-level DEBUG
LIBRARY_LOGGERS = ("apscheduler", "imapclient", "uvicorn", "uvicorn.access", "uvicorn.error", "aiosmtplib",
                   "asyncio", "httpx", "httpcore", "multipart", "python_multipart", "mail.log")


def setup_logging(level: str, fmt: str = "text") -> None:
    """Log to stderr at `level`, as text or JSON lines; libraries at WARNING unless DEBUG."""
    handler = _StderrHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    # INFO is for mailbot's own decisions and deliveries; the libraries'
    # chatter (APScheduler's every job run, IMAP commands, HTTP access lines)
    # shows only when DEBUG is asked for.
    quiet = logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(quiet)


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


class _EmptyView:
    def get(self, table: str, key: str) -> dict | None:
        return None


class _SeededView:
    """A read-only view: the store if it exists, plus the config's roster."""

    def __init__(self, cfg: Config, store: Any):
        from mailbot.workflows import roster

        self.store = store
        self.seed = {(t, k): d for t, k, d in roster.seed_records(cfg)}

    def get(self, table: str, key: str) -> dict | None:
        if self.store is not None:
            doc = self.store.get(table, key)
            if doc is not None:
                return doc
        return self.seed.get((table, key))


def _view(cfg: Config) -> _SeededView:
    from mailbot.adapters.roview import ReadOnlyStore

    path = cfg.path(cfg.store.path)
    # read-only: these commands run beside `mailbot run`, and Store() would cut
    # a commit the daemon is in the middle of appending
    return _SeededView(cfg, ReadOnlyStore(path) if path.exists() else None)


# -- commands ------------------------------------------------------------------

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


def _pipeline(cfg: Config) -> Pipeline:
    store = adapters.open_store(cfg)
    mbox = adapters.open_mailbox(cfg, store)
    transport = adapters.open_transport(cfg)
    return Pipeline(cfg, store, mbox, transport)


def _close(pipe: Pipeline) -> None:
    for part in (pipe, pipe.mailbox, pipe.transport, pipe.store):  # pipe: its worker processes
        try:
            part.close()
        except Exception as exc:  # closing must not hide the real outcome
            log.warning("closing %s: %s", type(part).__name__, exc)


def cmd_once(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    with adapters.exclusive(cfg):
        pipe = _pipeline(cfg)
        try:
            stats = jobs.cycle(pipe, limit=args.limit)
        finally:
            _close(pipe)
    print(f"{stats.fetched} fetched, {stats.processed} processed ({stats.triaged} to triage), "
          f"{stats.duplicates} already processed; outbox: {stats.delivery}")
    return EX_OK


def cmd_run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    stop = threading.Event()
    waiting = threading.Event()

    class _Interrupted(Exception):
        pass

    def _stop(signum, frame):  # noqa: ARG001
        log.info("signal %s: stopping after the current step", signal.Signals(signum).name)
        stop.set()
        # Only a wait (IDLE, polling sleep) is interrupted at once; work in
        # progress finishes its step so a stop never lands mid-commit.
        if waiting.is_set():
            raise _Interrupted()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with adapters.exclusive(cfg):
        pipe = _pipeline(cfg)
        pipe.start()  # parse workers, language model, templates: before the first backlog
        log.info("mailbot running: %s → %s (store %s)", pipe.mailbox.describe(), pipe.transport.describe(),
                 cfg.path(cfg.store.path))
        from mailbot.schedule import scheduler

        def flush_outbox() -> None:
            with pipe.store.lock:
                pipe.deliver()

        # APScheduler runs the time-driven work beside the mailbox loop: the
        # meeting planner (its first run is the start-up catch-up) and the
        # outbox retries, which must not wait for a 25-minute IDLE to end.
        sched = scheduler.build_scheduler(pipe.store, cfg, clock=pipe.clock, background=True, flush=flush_outbox)

        def drain_web_queue() -> None:  # what `mailbot web` queued (mailbot/web/queue.py), within seconds
            from mailbot.runtime import webqueue as web_queue

            if web_queue.waiting(cfg):
                with pipe.store.lock:
                    if web_queue.drain(pipe):
                        pipe.deliver()

        sched.add_job(drain_web_queue, "interval", seconds=2, id="web-queue", name="web queue",
                      replace_existing=True)
        sched.start()
        failures = 0
        try:
            while not stop.is_set():
                try:
                    with pipe.store.lock:
                        stats = jobs.cycle(pipe)
                    if stats.fetched or stats.delivery.delivered:
                        log.info("cycle: %d processed, %d duplicates; outbox %s", stats.processed, stats.duplicates, stats.delivery)
                    if stop.is_set():
                        break
                    waiting.set()
                    try:
                        if not stop.is_set():
                            pipe.mailbox.wait(cfg.mailbox.poll_interval if args.poll is None else args.poll)
                    finally:
                        waiting.clear()
                    failures = 0
                except _Interrupted:
                    break
                except Exception as exc:
                    # The adapters already retried; keep the daemon alive, but
                    # back off so a dead server does not make it spin.
                    failures += 1
                    delay = min(300.0, 2.0 ** min(failures, 8))
                    log.error("cycle failed (%s: %s); next try in %.0fs", type(exc).__name__, exc, delay)
                    stop.wait(delay)
        finally:
            sched.shutdown(wait=True)
            _close(pipe)
    log.info("mailbot stopped")
    return EX_OK


def _local_path_state(path: Path) -> str:
    """How a local file or folder stands, without creating it: exists, or can be created."""
    if path.exists():
        return "ok" if os.access(path, os.W_OK) else "cannot be written (permissions)"
    parent = next((q for q in path.parents if q.exists()), None)
    if parent is None or not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be created ({parent} is not writable)"
    return "does not exist yet; the first run creates it"


def cmd_check(args: argparse.Namespace) -> int:
    try:
        cfg = load_config(args)
    except ConfigError as exc:
        print(f"config {exc.path}: INVALID")
        for p in exc.problems:
            print(f"  - {p}")
        return EX_USAGE
    problems: list[str] = []
    print(f"config {args.config or config_mod.default_path()}: ok "
          f"({len(cfg.groups)} groups, {len(cfg.participants)} roster entries, {len(cfg.rules)} rules)")
    problems += rules.check_rules(cfg)
    from mailbot.decide import trust

    if trust.mode(cfg) == "confirm":
        print("WARNING: [bot] authserv_id is not set: no Authentication-Results header is trusted, so every "
              "staff or facilitator command is held and confirmed by mail (README: Who may command the bot)")
    else:
        print(f"authentication: Authentication-Results of {cfg.bot.authserv_id} trusted; privileged mail "
              "without a pass is confirmed by mail")
    if not any(r.when.confirmation for r in cfg.rules):
        print("WARNING: no rule has `when = { confirmation = true }`: held commands can never be confirmed")
    # Templates: every one must render with a representative context.
    from mailbot.core.model import Address, Decision, Intent, ParsedMessage

    sample = ParsedMessage(message_id="check@mailbot.invalid", sender=Address("someone@example.org", "Some One"),
                           subject="Check", text="Hello")
    p = effects.Plan(msg=sample, intent=Intent("join", groups=(cfg.groups[0].slug,), confidence=1.0),
                     decision=Decision("", ""), cfg=cfg, view=_EmptyView(), now=utcnow(), organisation=None,
                     request_id="check", triage_id="check")
    names = [n for n in compose.template_names() if not n.startswith("_")]
    for name in names:
        try:
            from mailbot.workflows.membership import sample_context

            compose.render(name, p.context(group=effects.group_context(cfg.groups[0]), reason="check",
                                           proposed="ignore", **sample_context()))
        except Exception as exc:
            problems.append(f"template {name}: does not render: {exc}")
    used = {a.params.get("template") for r in cfg.rules for a in r.then if a.params.get("template")}
    for name in sorted(used - set(names)):
        problems.append(f"rules name template {name!r}, which does not exist in templates/en/")
    print(f"templates: {len(names)} checked")
    from mailbot.schedule import meetings

    for issue in meetings.check_config(cfg, utcnow()):
        print(f"meetings: {issue}")
        if issue.level == "error":
            problems.append(f"meetings: {issue}")
    # Edges. `check` looks and never writes: local folders and the store
    # file are not created (the first run does that), only judged.
    edges = (("mailbox", cfg.mailbox.type, cfg.mailbox.path, lambda: adapters.open_mailbox(cfg)),
             ("transport", cfg.transport.type, cfg.transport.path, lambda: adapters.open_transport(cfg)))
    for what, kind, where, opener in edges:
        if kind == "maildir":
            detail = _local_path_state(cfg.path(where))
            print(f"{what}: Maildir {cfg.path(where)}: {detail}")
            if detail.startswith("cannot"):
                problems.append(f"{what}: {detail}")
            continue
        try:
            part = opener()
            check = getattr(part, "check", None)
            detail = check() if check else "ok"
            print(f"{what}: {part.describe()}: {detail}")
            part.close()
        except Exception as exc:
            problems.append(f"{what}: {exc}")
    path = cfg.path(cfg.store.path)
    if path.exists():
        try:
            from mailbot.adapters.roview import ReadOnlyStore

            view = ReadOnlyStore(path)
            pending = sum(1 for d in view.all(st.OUTBOX) if d.get("status") == outbox.PENDING)
            print(f"store: {path}: {view.count(st.PROCESSED)} processed messages, outbox depth {pending}")
        except Exception as exc:
            problems.append(f"store: {exc}")
    else:
        detail = _local_path_state(path)
        print(f"store: {path}: {detail}")
        if detail.startswith("cannot"):
            problems.append(f"store: {detail}")
    if problems:
        print("problems:")
        for pr in problems:
            print(f"  - {pr}")
        return EX_PROBLEM
    print("all checks passed")
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
    print(f"Look at one decision in detail: mailbot explain {files[0]}")
    if explorable:
        rel = os.path.relpath(demo_config)
        print(f"Explore what the demo left: mailbot -c {rel} triage   (also: requests, status, schedule, web)")
    store.close()
    return EX_OK


# -- parser --------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailbot",
        description="Email-driven workflow bot for the Procura+ Network Interest Groups.",
        epilog="Run 'mailbot COMMAND --help' for a command's options.",
    )
    cli_args.add_global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("run", help="run the daemon: watch the mailbox and send, until SIGTERM",
                       description="Watch the mailbox (IDLE or polling), process and answer mail, deliver the outbox; stop cleanly on SIGTERM/SIGINT.")
    p.add_argument("--poll", type=float, default=None, metavar="SECONDS", help="override the wait between cycles")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("once", help="one cycle (for cron): process the inbox, deliver the outbox, exit",
                       description="Process what is in the inbox and deliver the outbox once, then exit.")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="process at most N messages")
    p.set_defaults(func=cmd_once)

    p = sub.add_parser("check", help="validate config and templates, test the mailbox and transport",
                       description="Validate the configuration and templates and try the mailbox, transport and store; exit 1 on any problem.")
    p.set_defaults(func=cmd_check)

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

    for extra in _extra_commands:
        extra(sub)
    for p in cli_args.subparsers_of(parser):
        cli_args.add_global_options(p, top=False)
    return parser


#: other modules add subcommands here (admin, scheduler, ...)
_extra_commands: list = []
_extra_commands.append(__import__("mailbot.cli.admin", fromlist=["register"]).register)  # groups, members, triage, ... (admin.py)
_extra_commands.append(__import__("mailbot.schedule.scheduler", fromlist=["register"]).register)  # `mailbot schedule` (scheduler.py)
_extra_commands.append(__import__("mailbot.workflows.privacy", fromlist=["register"]).register)  # export, forget, purge (privacy.py)
_extra_commands.append(__import__("mailbot.runtime.ops", fromlist=["register"]).register)  # `mailbot status` (ops.py)
_extra_commands.append(__import__("mailbot.workflows.bounces", fromlist=["register"]).register)  # `mailbot bounces` (bounces.py)
_extra_commands.append(__import__("mailbot.cli.web", fromlist=["register"]).register)  # `mailbot web`, `mailbot report` (web/)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EX_USAGE
    level, fmt = args.log_level, args.log_format
    if level is None and args.func is cmd_demo:
        level = "WARNING"  # the demo's output is its table, not the log
    if level is None or fmt is None:
        try:
            bot = config_mod.load(args.config).bot
            level, fmt = level or bot.log_level, fmt or bot.log_format
        except ConfigError:
            level, fmt = level or "INFO", fmt or "text"
    setup_logging(level, fmt)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (`mailbot report --json | head`): stop quietly,
        # and keep the interpreter's last flush from failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EX_PIPE
    except ConfigError as exc:
        print(f"mailbot: configuration error in {exc.path}:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return EX_USAGE
    except adapters.Busy as exc:
        print(f"mailbot: {exc}", file=sys.stderr)
        return EX_TEMPFAIL
    except (FileNotFoundError, NotMail) as exc:
        print(f"mailbot: {exc}", file=sys.stderr)
        return EX_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
