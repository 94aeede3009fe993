"""Staff commands: one small class per command, one interface, two front ends.

Staff resolve triage items (and approve proposals, change the roster) with
one command line — by email (a reply to a ``[triage:ID]`` or
``[proposal:ID]`` message with the command above the quote, or a message to
the bot whose first line is a command) or on the command line
(``mailbot triage resolve ID COMMAND``, ``mailbot participants add …``).
Both front ends call `execute()`, which runs the command against a
`workflows.Work` (records and mail gathered for one commit), so there is one
implementation of each.

A command acts *as if the original sender had asked*: for a triage item
that is its ``acted_for`` address (a forward's original author, not the
forwarder). Every command returns the text that is reported to staff.

Interface of a command: ``name`` (one or two words), ``args`` (usage),
``help`` (one line), ``needs_item`` and ``run(ctx) -> str``; it raises
`CommandError` with a message for staff when it cannot do what was asked.
Other modules add commands with `register()`.

Why one room past 400 lines: the command classes are one family sharing
the `Command` interface, the registry and the line parser; each class is
small, and splitting the family would scatter the one registry.
"""

from __future__ import annotations

import re
import shlex
from datetime import timedelta
from dataclasses import dataclass, field
from typing import Any

from mailbot.workflows import proposals
from mailbot.mail import compose
from mailbot.workflows import roster
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from mailbot.core.config import _domain
from mailbot.core.model import ParsedMessage

TRIAGE_TAG = re.compile(r"\[triage:\s*([0-9a-z]{4,16})\s*\]", re.I)
PROPOSAL_TAG = re.compile(r"\[proposal:\s*([0-9a-z]{4,16})\s*\]", re.I)


class CommandError(Exception):
    """The command cannot be carried out; the message says why (for staff)."""


@dataclass
class Ctx:
    work: wf.Work
    actor: str  # the staff address (email) or "cli:<user>"
    args: list[str]
    item: dict | None = None  # the triage item being resolved
    proposal_id: str = ""  # from a [proposal:ID] subject
    resolves: bool = True  # whether success resolves the item
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cfg(self):
        return self.work.cfg

    def person(self) -> wf.Person:
        """The person the command acts for: the triage item's original sender."""
        if not self.item:
            raise CommandError("this command needs a triage item: reply to a [triage:ID] message "
                               "(or use `mailbot triage resolve ID COMMAND`)")
        addr = self.item.get("acted_for") or self.item.get("from") or ""
        if not addr or "@" not in addr:
            raise CommandError(f"triage item {self.item.get('id')} has no sender address to act for")
        return wf.person(addr, self.item.get("acted_for_name", ""), self.work)

    def source(self) -> tuple[str, str]:
        """(subject, text) of what the person wrote: the forwarded original when there is one."""
        item = self.item or {}
        orig = item.get("original") or {}
        return (orig.get("subject") or item.get("subject", ""), orig.get("text") or item.get("text", ""))

    def thread(self) -> dict[str, Any]:
        """In-Reply-To and References for mail to the item's sender: a reply to what they wrote.

        A forwarded item's original Message-ID is not known (the item's is
        staff's forward), so mail about it starts a thread of its own.
        """
        item = self.item or {}
        mid = item.get("message_id", "")
        if not mid or item.get("original") or mid.startswith("cli:"):
            return {}
        return {"in_reply_to": mid, "auto": "auto-replied"}

    def group(self, slug: str):
        g = wf.group_of(slug, self.cfg, self.work)
        if g is None:
            known = ", ".join(g.slug for g in wf.all_groups(self.cfg, self.work))
            raise CommandError(f"unknown group {slug!r} (groups: {known})")
        return g


class Command:
    name = ""
    args = ""
    help = ""
    min_args = 0
    max_args: int | None = 0
    needs_item = False
    #: whether success closes the triage item it was run on (commands that act for its sender do)
    resolves = True
    #: whether a group's facilitator may send it too (the command checks what they may do)
    facilitators = False

    def looks_like(self, args: list[str]) -> bool:
        """Whether a line naming this command is meant as one (not "Meeting notes attached")."""
        return True

    def run(self, ctx: Ctx) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def usage(self) -> str:
        return f"{self.name} {self.args}".strip()


class Join(Command):
    name, args, min_args, max_args, needs_item = "join", "<group>", 1, 1, True
    help = "ask the group's facilitator to accept the item's sender (as if they had asked)"

    def run(self, ctx: Ctx) -> str:
        g = ctx.group(ctx.args[0])
        who = ctx.person()
        subject, text = ctx.source()
        reqs = wf.open_join(ctx.work, who, [g], subject=subject, text=text, via=f"staff {ctx.actor}")
        if not reqs:
            raise CommandError("; ".join(ctx.work.notes[-1:]) or "no request made")
        for r in reqs:
            wf.send_facilitator_request(ctx.work, r)
        wf.send_join_ack(ctx.work, who, reqs, subject=subject, in_reply_to=ctx.thread().get("in_reply_to", ""))
        extra = "" if who.organisation else f" (note: {who.address} is not on the roster)"
        return (f"join request {reqs[0]['id']} for {who.address} sent to {g.facilitator} ({g.name}); "
                f"{who.address} acknowledged{extra}")


class Leave(Command):
    name, args, min_args, max_args, needs_item = "leave", "<group>", 1, 1, True
    help = "end the item's sender's membership of the group; confirm to them, tell the facilitator"

    def run(self, ctx: Ctx) -> str:
        g = ctx.group(ctx.args[0])
        who = ctx.person()
        groups = wf.leave(ctx.work, who, [g.slug])
        wctx = wf.context(ctx.cfg, ctx.work, who, subject=ctx.source()[0], groups=groups,
                          request_id=ctx.item.get("id", ""))
        wctx["not_member_of"] = [] if groups else [wf.group_ctx(g)]
        ctx.work.mail("leave_ack", [(who.name, who.address)], wctx, kind="leave", **ctx.thread())
        for grp in groups:
            fctx = wf.context(ctx.cfg, ctx.work, who, subject=ctx.source()[0], text=ctx.source()[1], groups=[grp],
                              request_id=ctx.item.get("id", ""))
            ctx.work.mail("facilitator_leave", [(grp.facilitator_name, grp.facilitator)], fctx, kind="facilitator")
        if not groups:
            return f"{who.address} was not a member of {g.slug}: told so; the facilitator was not told"
        return f"{who.address} left {g.slug}: membership ended; confirmed to them, {g.facilitator} told"


class Info(Command):
    name, needs_item = "info", True
    help = "send the item's sender the description of the groups and how to join"

    def run(self, ctx: Ctx) -> str:
        return Reply().send(ctx, "info")


#: templates staff may send to a person with `reply <template>`
REPLY_TEMPLATES = ("info", "join_not_participant", "ack_unknown", "join_ack_generic")


class Reply(Command):
    name, args, min_args, max_args, needs_item = "reply", "<template>", 1, 1, True
    help = "send the item's sender a reply from a template (" + ", ".join(REPLY_TEMPLATES[:3]) + ")"

    def run(self, ctx: Ctx) -> str:
        name = ctx.args[0]
        if name not in REPLY_TEMPLATES or name not in compose.template_names():
            raise CommandError(f"unknown reply template {name!r} (known: "
                               f"{', '.join(t for t in REPLY_TEMPLATES if t in compose.template_names())})")
        return self.send(ctx, name)

    def send(self, ctx: Ctx, name: str) -> str:
        who = ctx.person()
        subject, text = ctx.source()
        wctx = wf.context(ctx.cfg, ctx.work, who, subject=subject, text=text, triage_id=ctx.item.get("id", ""))
        ctx.work.mail(name, [(who.name, who.address)], wctx, kind="reply", **ctx.thread())
        return f"sent {name!r} to {who.address}"


class Assign(Command):
    name, args, min_args, max_args, needs_item = "assign", "<group>", 1, 1, True
    help = "hand the item to the group's facilitator (they get the original message)"

    def run(self, ctx: Ctx) -> str:
        g = ctx.group(ctx.args[0])
        who = ctx.person()
        subject, text = ctx.source()
        wctx = wf.context(ctx.cfg, ctx.work, who, subject=subject, text=text, groups=[g],
                          triage_id=ctx.item.get("id", ""), assigned_by=ctx.actor)
        ctx.work.mail("facilitator_assigned", [(g.facilitator_name, g.facilitator)], wctx, kind="assign")
        ctx.extra["status"] = "assigned"
        ctx.extra["assigned"] = g.slug
        return f"item {ctx.item.get('id')} assigned to {g.facilitator} ({g.name})"


class ParticipantAdd(Command):
    name, args, min_args, max_args = "participant add", "<domain> <organisation>", 2, None
    resolves = False
    help = "add an organisation's email domain to the roster of participants"

    def run(self, ctx: Ctx) -> str:
        try:
            domain = _domain(ctx.args[0])
        except ValueError:
            raise CommandError(f"{ctx.args[0]!r} is not a domain name") from None
        org = compose.header_safe(" ".join(ctx.args[1:]), 120)
        old = ctx.work.get(roster.PARTICIPANTS, domain)
        ctx.work.put(roster.PARTICIPANTS, domain, {
            "domain": domain, "organisation": org, "kind": (old or {}).get("kind", "participant"),
            "country": (old or {}).get("country", ""), "since": ctx.work.now.year, "source": ctx.actor,
            "added": ctx.work.now.isoformat()})
        what = "updated" if old and not old.get("removed") else "added"
        # The organisation's refused joins (leads) are re-run now: staff read what happened below.
        reran = [rerun_lead(ctx, lead) for lead in pending_leads(ctx.work, domain)]
        return "\n".join([f"participant {what}: {domain} = {org}"] + reran)


LEAD = "lead"  # request kind: a join refused because the domain was not on the roster


def pending_leads(work: wf.Work, domain: str = "") -> list[dict]:
    """Leads not re-run yet, of `domain` (and its subdomains) or all of them."""
    out = []
    for _, r in work.items(st.REQUESTS):
        if r.get("kind") != LEAD or r.get("status") != "pending":
            continue
        d = (r.get("from") or "").rpartition("@")[2].lower()
        if not domain or d == domain or d.endswith("." + domain):
            out.append(r)
    return sorted(out, key=lambda r: r.get("created", ""))


def rerun_lead(ctx: Ctx, lead: dict) -> str:
    """The lead's join, as if it arrived now: its facilitators asked, the person acknowledged."""
    who = wf.person(lead.get("from", ""), lead.get("name", ""), ctx.work)
    if not who.organisation:
        raise CommandError(f"lead {lead.get('id')}: {who.address} is still not on the roster "
                           f"(first `participant add <domain> <organisation>`)")
    groups = [g for g in (wf.group_of(s, ctx.cfg, ctx.work) for s in lead.get("groups") or []) if g]
    if not groups:
        ctx.work.put(st.REQUESTS, lead["id"], dict(lead, status="closed", rerun=ctx.work.now.isoformat(),
                                                   rerun_by=ctx.actor, rerun_result="no group named"))
        return (f"lead {lead['id']} ({who.address}): no group was named; reply to them or use "
                f"`join <group>` on a triage item")
    reqs = wf.open_join(ctx.work, who, groups, subject=lead.get("subject", ""), text=lead.get("text", ""),
                        via=f"lead {lead['id']} re-run by {ctx.actor}")
    for r in reqs:
        wf.send_facilitator_request(ctx.work, r)
    wf.send_join_ack(ctx.work, who, reqs, subject=lead.get("subject", ""))
    ctx.work.put(st.REQUESTS, lead["id"], dict(lead, status="rerun", rerun=ctx.work.now.isoformat(),
                                               rerun_by=ctx.actor, requests=[r["id"] for r in reqs]))
    if not reqs:
        return f"lead {lead['id']} ({who.address}): nothing to ask (already a member or already asked)"
    return (f"lead {lead['id']} re-run: {who.address} ({who.organisation}) asked to join "
            + ", ".join(f"{g.slug} (request {r['id']}, facilitator {g.facilitator})"
                        for g, r in zip(groups, reqs)))


class LeadRerun(Command):
    name, args, min_args, max_args = "lead rerun", "<lead id>", 1, 1
    resolves = False
    help = "re-run a join refused because its domain was not on the roster (done by itself on `participant add`)"

    def run(self, ctx: Ctx) -> str:
        lead = ctx.work.get(st.REQUESTS, ctx.args[0].lower())
        if lead is None or lead.get("kind") != LEAD:
            raise CommandError(f"no lead {ctx.args[0]!r} (leads are in `mailbot requests`)")
        if lead.get("status") != "pending":
            raise CommandError(f"lead {lead['id']} was already re-run ({lead.get('status')}, {lead.get('rerun', '')})")
        return rerun_lead(ctx, lead)


class ParticipantRemove(Command):
    name, args, min_args, max_args = "participant remove", "<domain>", 1, 1
    resolves = False
    help = "remove an email domain from the roster"

    def run(self, ctx: Ctx) -> str:
        domain = ctx.args[0].strip().lower().lstrip("@")
        old = ctx.work.get(roster.PARTICIPANTS, domain)
        if not old or old.get("removed"):
            raise CommandError(f"{domain} is not on the roster")
        ctx.work.put(roster.PARTICIPANTS, domain, dict(old, removed=ctx.work.now.isoformat(), removed_by=ctx.actor))
        return f"participant removed: {domain} ({old.get('organisation', '')})"


class ParticipantList(Command):
    name = "participant list"
    resolves = False
    help = "list the roster"

    def run(self, ctx: Ctx) -> str:
        rows = sorted((d.get("organisation", ""), k) for k, d in ctx.work.items(roster.PARTICIPANTS)
                      if not d.get("removed"))
        return "\n".join(f"{k}  {o}" for o, k in rows) or "(empty roster)"


class Approve(Command):
    name, args, min_args, max_args = "approve", "<proposal>", 0, 1
    resolves = False
    help = "approve a ready group proposal: the group is created and its founders welcomed"

    def run(self, ctx: Ctx) -> str:
        pid = ctx.args[0] if ctx.args else ctx.proposal_id
        if not pid:
            raise CommandError("which proposal? `approve <id>` (see `mailbot proposals`)")
        try:
            return proposals.approve(ctx.work, pid.lower(), ctx.actor)
        except LookupError as exc:
            raise CommandError(str(exc)) from None


class Renew(Command):
    name, args, min_args, max_args = "renew", "<group>", 1, 1
    resolves = False
    #: the group's facilitator may renew their own group; staff any group
    facilitators = True
    help = "start a group's next term (the renewal question comes two months before a term ends)"

    def looks_like(self, args: list[str]) -> bool:
        return len(args) == 1 and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", args[0].lower()) is not None

    def run(self, ctx: Ctx) -> str:
        from mailbot.schedule import meetings as mt

        g = ctx.group(ctx.args[0].lower())
        if not is_staff_actor(ctx.actor, ctx.cfg) and g.facilitator.lower() != ctx.actor.lower():
            raise CommandError(f"{ctx.actor} may renew only the group they facilitate, not {g.slug}")
        base = ctx.cfg.group(g.slug) or g  # the configured (or created) term length
        g = wf.network_config(ctx.cfg, ctx.work).group(g.slug) or g  # with any earlier renewal
        today = ctx.work.now.date()
        t = mt.term(g)
        if t and today < t[1]:
            # A running term is extended by one more term: its meetings stay as they are.
            start, years = t[0], g.term_years + base.term_years
        else:  # no term, or it ended (the group closed): a new term from today
            start, years = today, base.term_years
        end = mt.add_months(start, 12 * years)
        ctx.work.put(wf.TERMS, g.slug, {"group": g.slug, "term_start": start.isoformat(), "term_years": years,
                                        "renewed": ctx.work.now.isoformat(), "by": ctx.actor,
                                        "previous_end": (t[1].isoformat() if t else "")})
        return (f"{g.slug} renewed: its term now runs until {(end - timedelta(days=1)).isoformat()}; "
                f"the next meetings are planned at the scheduler's next run.")


_URL = re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>\"']+|\bwww\.[^\s<>\"']+")


def links_outside(line: str, allowed: list[str] | tuple[str, ...]) -> list[str]:
    """The links in a `meeting` command line whose host is not an allowed domain (or a
    subdomain of one); [] for any other line. An empty allow-list allows no link."""
    words = split(line.strip())
    cmd, _ = lookup(words)
    if cmd is None or cmd.name != "meeting":
        return []
    from urllib.parse import urlsplit

    ok = [d.strip().lower().lstrip(".") for d in allowed if d.strip()]
    out = []
    for url in _URL.findall(line):
        try:
            host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower().rstrip(".")
        except ValueError:
            host = ""
        if not host or not any(host == d or host.endswith("." + d) for d in ok):
            out.append(url)
    return out


def is_staff_actor(actor: str, cfg) -> bool:
    """Staff by email (a `bot.staff` address) or on the admin CLI (`cli:<user>`)."""
    return actor.startswith("cli:") or actor.lower() in [a.lower() for a in cfg.bot.staff]


class Ignore(Command):
    name, needs_item = "ignore", True
    help = "close the triage item without doing anything"

    def run(self, ctx: Ctx) -> str:
        ctx.extra["status"] = "ignored"
        return f"item {ctx.item.get('id')} closed without action"


class Retry(Command):
    name, needs_item = "retry", True
    help = "send the failed mail of a delivery-failure item again (as `mailbot outbox retry`)"

    def run(self, ctx: Ctx) -> str:
        from mailbot.mail import queue as outbox

        key = (ctx.item or {}).get("outbox_key")
        doc = ctx.work.get(st.OUTBOX, key) if key else None
        if doc is None:
            raise CommandError(f"triage item {ctx.item.get('id')} names no failed mail in the outbox")
        if doc.get("status") not in outbox.RETRYABLE:
            raise CommandError(f"that mail is {doc.get('status')}, not failed")
        new = outbox.requeue(_WorkTx(ctx.work), dict(doc, key=key), ctx.work.now, ctx.actor)
        return f"mail to {', '.join(new.get('to', []))} queued again (was {doc.get('status')})"


class _WorkTx:
    """A Transaction-shaped front for a Work unit (outbox.requeue writes through it)."""

    def __init__(self, work: wf.Work):
        self.work = work

    def put(self, table: str, key: str, doc: dict) -> None:
        self.work.put(table, key, doc)


class Help(Command):
    name = "help"
    resolves = False
    help = "this list"

    def run(self, ctx: Ctx) -> str:
        return help_text()


COMMANDS: dict[str, Command] = {}
_FIRST_WORDS: set[str] = set()  # the first word of every command's name


def register(cmd: Command) -> Command:
    COMMANDS[cmd.name] = cmd
    _FIRST_WORDS.add(cmd.name.split()[0])
    return cmd


for _c in (Join(), Leave(), Info(), Reply(), Assign(), ParticipantAdd(), ParticipantRemove(),
           ParticipantList(), LeadRerun(), Approve(), Renew(), Ignore(), Retry(), Help()):
    register(_c)


def help_text() -> str:
    width = max(len(c.usage) for c in COMMANDS.values())
    lines = [f"  {c.usage.ljust(width)}  {c.help}" for c in COMMANDS.values()]
    return ("Commands (one line, above the quote, in a reply to a [triage:ID] message;\n"
            "those without a triage item may also be sent to the bot directly):\n" + "\n".join(lines))


def split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def _names_no_command(line: str) -> bool:
    """True when the line's first word starts no command: shlex is then not worth running."""
    first = line.split(None, 1)
    if not first:
        return not line.strip()
    if any(c in first[0] for c in "\"'\\#"):  # quoting or a comment: only shlex can tell
        return False
    word = first[0].lower().rstrip(":")
    return word not in _FIRST_WORDS and word != "participants"


def lookup(words: list[str]) -> tuple[Command | None, list[str]]:
    """The command a line names (one or two words) and its arguments."""
    if not words:
        return None, []
    w = [x.lower().rstrip(":") for x in words]
    if w[0] == "participants":
        w[0] = "participant"
    if len(w) > 1 and f"{w[0]} {w[1]}" in COMMANDS:
        return COMMANDS[f"{w[0]} {w[1]}"], words[2:]
    return COMMANDS.get(w[0]), words[1:]


@dataclass
class Result:
    ok: bool
    command: str
    text: str


def execute(line: str, work: wf.Work, *, actor: str, item: dict | None = None, proposal_id: str = "") -> Result:
    """Parse and run one command line; on success, resolve the triage item it was run on."""
    words = split(line.strip())
    cmd, args = lookup(words)
    if cmd is None:
        what = words[0] if words else "(empty)"
        return Result(False, what, f"unknown command {compose.header_safe(what, 40)!r}.\n\n{help_text()}")
    if len(args) < cmd.min_args or (cmd.max_args is not None and len(args) > cmd.max_args):
        return Result(False, cmd.name, f"usage: {cmd.usage}")
    if item is not None and item.get("status") not in (None, "open"):
        if cmd.needs_item:
            return Result(False, cmd.name, f"triage item {item.get('id')} is already {item.get('status')} "
                                           f"({item.get('resolution', '')})")
    ctx = Ctx(work=work, actor=actor, args=args, item=item, proposal_id=proposal_id)
    try:
        text = cmd.run(ctx)
    except CommandError as exc:
        return Result(False, cmd.name, str(exc))
    if item is not None and cmd.resolves and item.get("status", "open") == "open":
        work.put(st.TRIAGE, item["id"], dict(item, status=ctx.extra.get("status", "resolved"),
                                             resolved=work.now.isoformat(), resolved_by=actor,
                                             command=" ".join(words), resolution=text))
    return Result(True, cmd.name, text)


# -- the email front end -------------------------------------------------------------------------

def command_line(msg: ParsedMessage) -> str:
    """The first non-empty line of the new text (the command, above any quote)."""
    for line in (msg.text or "").splitlines():
        line = line.strip()
        if line:
            return line[:500]
    return ""


def tags(msg: ParsedMessage) -> tuple[str, str]:
    """(triage id, proposal id) named in the subject, if any."""
    t = TRIAGE_TAG.search(msg.subject or "")
    p = PROPOSAL_TAG.search(msg.subject or "")
    return (t.group(1).lower() if t else "", p.group(1).lower() if p else "")


def is_command(msg: ParsedMessage, staff: list[str] | tuple[str, ...],
               facilitator: Any = None) -> bool:
    """Whether a message is a staff command: a reply to a triage/proposal mail, or a
    command line from a staff address — or, from a facilitator (`facilitator(addr)`
    says who is one), a line of a command facilitators may send (`meeting …`).
    (Whether it is *accepted* is decided later: only from staff or, for those
    commands, facilitators; only with a trusted Authentication-Results verdict.)"""
    t, p = tags(msg)
    if t or p:
        return True
    if msg.sender_addr in staff:
        cmd, args = lookup(split(command_line(msg)))
        return cmd is not None and cmd.looks_like(args)
    if facilitator is not None and msg.sender_addr:
        line = command_line(msg)
        if _names_no_command(line):  # most mail: a sentence, not a command
            return False
        cmd, args = lookup(split(line))
        return cmd is not None and cmd.facilitators and cmd.looks_like(args) and bool(facilitator(msg.sender_addr))
    return False


def facilitator_may(msg: ParsedMessage) -> bool:
    """Whether the message's command line is one a facilitator may send."""
    cmd, args = lookup(split(command_line(msg)))
    return cmd is not None and cmd.facilitators and cmd.looks_like(args)
