"""`mailbot check`: the configuration, the rules, every template in every language, the
mailbox, the transport and the store — looked at, never written.

`cmd_check` runs past 60 lines: it is one sequential report of what is
checked, printed in the order a reader reads it.
"""

from __future__ import annotations

import argparse
import functools
import os
from pathlib import Path
from typing import Any

from mailbot.actions import plan as actplan
from mailbot.actions import registry
from mailbot.adapters import factory as adapters
from mailbot.adapters import store as st
from mailbot.cli.base import EX_OK, EX_PROBLEM, EX_USAGE
from mailbot.core import config as config_mod
from mailbot.core.clock import utcnow
from mailbot.core.config import Config, ConfigError, load_config
from mailbot.core.view import EmptyView
from mailbot.mail import compose
from mailbot.runtime import outbox


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


def register(sub: argparse._SubParsersAction) -> None:
    """Add `mailbot check`."""
    p = sub.add_parser("check", help="validate config and templates, test the mailbox and transport",
                       description="Validate the configuration and templates and try the mailbox, transport and store; exit 1 on any problem.")
    p.set_defaults(func=cmd_check)
