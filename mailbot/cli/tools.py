"""The tools around the bot: `replay` and `explain` (decide messages from files, nothing sent),
`check` (config, rules, templates, servers) and `demo` (the examples through a fresh local bot).

`cmd_check` and `cmd_demo` run past 60 lines: each is one sequential report
(what is checked, what the demo did), printed in the order a reader reads it.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import mailbox as stdmailbox
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator

from mailbot.actions import effects, registry
from mailbot.actions import plan as actplan
from mailbot.adapters import factory as adapters
from mailbot.adapters import store as st
from mailbot.adapters.mailbox import ListMailbox, MaildirMailbox
from mailbot.cli.base import EX_OK, EX_PROBLEM, EX_USAGE, PACKAGE_DIR
from mailbot.core import config as config_mod
from mailbot.core.config import Config, ConfigError, load_config
from mailbot.core.view import EmptyView, SeededView
from mailbot.mail import compose
from mailbot.runtime import jobs, outbox, unit
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
    problems += registry.check_rules(cfg)
    from mailbot.decide import trust

    if trust.mode(cfg) == "confirm":
        print("WARNING: [bot] authserv_id is not set: no Authentication-Results header is trusted, so every "
              "staff or facilitator command is held and confirmed by mail (README: Who may command the bot)")
    else:
        print(f"authentication: Authentication-Results of {cfg.bot.authserv_id} trusted; privileged mail "
              "without a pass is confirmed by mail")
    if not any(r.when.confirmation for r in cfg.rules):
        print("WARNING: no rule has `when = { confirmation = true }`: held commands can never be confirmed")
    # Templates: every one, in every language, must render with a representative context.
    renders, template_problems = check_templates(cfg, utcnow())
    problems += template_problems
    names = compose.template_names()
    used = {a.params.get("template") for r in cfg.rules for a in r.then if a.params.get("template")}
    for name in sorted(used - set(names)):
        problems.append(f"rules name template {name!r}, which does not exist in templates/en/")
    languages = sorted(p.name for p in compose.TEMPLATES_DIR.iterdir() if p.name in compose.LANGUAGES)
    print(f"templates: {renders} renders of {len(names)} templates in {len(languages)} languages checked")
    from mailbot.schedule import meetings, viability

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
        try:  # the network's rules per group, on the store as it is (configured and created groups)
            for row in viability.network_status(ReadOnlyStore(path), cfg, utcnow()):
                print(f"group {viability.line(row)}")
        except Exception as exc:
            print(f"groups: cannot read the store for the network's rules: {exc}")
    else:
        for row in viability.network_status(EmptyView(), cfg, utcnow()):
            print(f"group {viability.line(row)}")
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


#: values a template writes in English words, and the data a translation may write them from instead
#: (the date and the meeting's format through `longdate` and its own words)
_WRITTEN_FROM = {"meeting.date": "meeting.start_iso", "meeting.when_text": "meeting.start_iso",
                 "meeting.format_text": "meeting.format", "next_meeting.when": "next_meeting.start"}


@functools.lru_cache(maxsize=64)  # the English of a template is compared with each of its 23 translations
def _variables(env: Any, source: str) -> frozenset[str]:
    """The context values a template reads: free names and their attributes (`group.name`, `entries[].text`).

    A loop variable stands for its list's items, whatever a translation calls it.
    """
    from jinja2 import nodes

    tree = env.parse(source)
    names = list(tree.find_all(nodes.Name))  # a name a loop or `set` binds is the template's own
    free = {n.name for n in names if n.ctx == "load"} - {n.name for n in names if n.ctx != "load"}
    alias: dict[str, str] = {}

    def path(node: Any) -> str | None:
        attrs = []
        while isinstance(node, nodes.Getattr):
            attrs.append(node.attr)
            node = node.node
        if not isinstance(node, nodes.Name):
            return None
        root = node.name if node.name in free else alias.get(node.name)
        return ".".join([root, *reversed(attrs)]) if root else None

    for loop in tree.find_all(nodes.For):  # outer loops first, so a nested loop's list resolves
        if isinstance(loop.target, nodes.Name) and (items := path(loop.iter)):
            alias[loop.target.name] = items + "[]"
    out = set(free)
    out |= {p for node in tree.find_all(nodes.Getattr) if (p := path(node))}
    return frozenset(out)


def check_templates(cfg: Config, now: Any, directory: Path = compose.TEMPLATES_DIR) -> tuple[int, list[str]]:
    """Render every template of every language folder with representative contexts: (renders, problems).

    The mail templates (`<lang>/`) render with a message's context and, the
    scheduler's, with its context as a facilitator, a member and staff read
    it; the web's mail (`web/mail/<lang>/`) with its own. A translation that
    leaves out a value its English shows (a variable) is a problem too.
    Only reads.
    """
    from mailbot.core.model import Address, Decision, Intent, ParsedMessage
    from mailbot.schedule import render as schedule_render
    from mailbot.schedule import reports
    from mailbot.workflows import membership as wf

    g = cfg.groups[0]
    sample = ParsedMessage(message_id="check@mailbot.invalid", sender=Address("someone@example.org", "Some One"),
                           subject="Check", text="Hello")
    plan = actplan.Plan(msg=sample, intent=Intent("join", groups=(g.slug,), confidence=1.0),
                        decision=Decision("", ""), cfg=cfg, view=EmptyView(), now=now, organisation=None,
                        request_id="check", triage_id="check")
    message_ctx = plan.context(group=wf.group_ctx(g), reason="check", proposed="ignore",
                               **wf.sample_context())
    scheduled = [schedule_render.sample_context(cfg, g, now, to_staff=s, to_member=m)
                 for s, m in ((False, False), (True, False), (False, True))]
    bot = message_ctx["bot"]
    digest = {"period": "2027-H1", "entries": [{"group": g.slug, "group_name": g.name, "author": "F",
                                                "at": "2027-03-01", "text": "We met twice."}]}
    web_ctx = {"confirm": {"bot": bot, "name": "Some One", "organisation": "City", "groups": [g.name], "topic": "topic",
                           "hours": 48, "link": "https://forms.example/c/check"},
               "staff_login": {"bot": bot, "email": "staff@example.org", "minutes": 15,
                               "link": "https://forms.example/staff/login/check"},
               "digest": reports.digest_context(digest, cfg, "A word from the secretariat.")}
    renders, problems = 0, []
    for base, contexts_of in ((directory, lambda name, src: [message_ctx] + (scheduled if "schedule is defined" in src else [])),
                              (directory / "web" / "mail", lambda name, src: [web_ctx.get(name, {"bot": bot})])):
        env = compose.environment(str(base))
        for lang in [code for code in compose.LANGUAGES if (base / code).is_dir()]:
            for path in sorted((base / lang).glob("*.txt")):
                name, where = path.stem, f"{path.parent.relative_to(directory)}/{path.name}"
                if name.startswith("_"):
                    continue
                try:
                    source = path.read_text(encoding="utf-8")
                    for ctx in contexts_of(name, source):
                        compose.render(name, wf.localise(ctx, lang, cfg), lang, directory=base)
                        renders += 1
                    english = base / compose.FALLBACK_LANGUAGE / path.name
                    if lang != compose.FALLBACK_LANGUAGE and english.is_file():
                        own = _variables(env, source)
                        lacks = sorted(v for v in _variables(env, english.read_text(encoding="utf-8")) - own
                                       if _WRITTEN_FROM.get(v) not in own)
                        if lacks:
                            problems.append(f"template {where}: lacks {', '.join(lacks)}, which the English shows")
                except Exception as exc:
                    problems.append(f"template {where}: does not render: {exc}")
    return renders, problems


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
    """Add `mailbot check`, `replay`, `explain` and `demo`."""
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
