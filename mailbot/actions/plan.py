"""From a decision to its effects: the actions, carried out on paper.

`plan()` is pure: given the parsed message, its intent, the rules' decision,
the config, a read-only view of the store and the time, it returns the
`Effects` (outbox entries, records to upsert, the audit line) that the
pipeline then commits in one store write (`effects.plan`). `Plan` is what the
actions share while they run: the message, the time, the store view, and
what they have gathered so far.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mailbot.mail import compose
from mailbot.adapters import store
from mailbot.workflows import membership as wf
from mailbot.workflows import tokens
from mailbot.core.config import Config, Group
from mailbot.core.model import Action, Decision, Intent, OutgoingMail, ParsedMessage
from mailbot.core.view import StoreView

log = logging.getLogger(__name__)


@dataclass
class Plan:
    """Effects being gathered for one message (mutable while planning)."""

    msg: ParsedMessage
    intent: Intent
    decision: Decision
    cfg: Config
    view: StoreView
    now: datetime
    organisation: dict | None
    outbox: list[OutgoingMail] = field(default_factory=list)
    records: list[tuple[str, str, dict]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why something was not done
    destination: str = "processed"
    request_id: str = ""
    triage_id: str = ""
    #: the join requests `open_join` made (None: no join asked for here; []: nobody to ask)
    join_requests: list[dict] | None = None
    #: the groups this message is about once a workflow has acted (e.g. the ones a member actually left)
    acted_groups: list[Group] | None = None
    #: the proposal `propose_group` opened or joined
    proposal: str = ""
    #: the groups named in a leave the sender was never a member of (the reply says so; nobody else is told)
    not_member_of: list[Group] = field(default_factory=list)
    #: carrying out a held privileged command its owner confirmed by mail (confirm_held)
    confirmed: bool = False
    #: the rule's actions after the one running (a held command keeps them for its confirmation)
    rest: tuple[Action, ...] = ()
    #: why the rule's remaining actions do not run now (an action held or refused what they follow)
    stopped: str = ""

    # -- helpers shared by the actions ------------------------------------
    def key(self, *parts: str) -> str:
        return "|".join((self.msg.message_id,) + parts)

    def short_id(self, kind: str) -> str:
        """An id that grants something (a triage item, a request): keyed under the token
        secret, so nobody can compute it from a Message-ID they chose."""
        return wf.keyed_id(tokens.secret(self.cfg, self.view), kind, self.msg.message_id)

    def groups(self) -> list[Group]:
        if self.acted_groups is not None:  # set by a workflow (e.g. the groups a member actually left)
            return list(self.acted_groups)
        return [g for g in (self.cfg.group(s) for s in self.intent.groups) if g]

    def work(self) -> wf.Work:
        """A workflows.Work writing into this plan (same records, outbox and notes)."""
        return wf.Work(self.cfg, self.view, self.now, self.msg.message_id,
                       records=self.records, outbox=self.outbox, notes=self.notes)

    def person(self) -> wf.Person:
        addr, name = self.acted_for()
        org = self.organisation or {}
        return wf.Person(addr, name, org.get("organisation", ""), org.get("kind", ""))

    def from_form(self) -> bool:
        """Whether this message is a confirmed web form (forms.messages: Message-ID web-…@bot's domain)."""
        mid = self.msg.message_id
        return mid.startswith("web-") and mid.endswith("@" + (self.cfg.bot.address.rpartition("@")[2] or "mailbot.invalid"))

    def acted_for(self) -> tuple[str, str]:
        """(address, name) of the person the bot acts for: a forward's original author."""
        if self.intent.name == "forward" and self.msg.forwarded and self.msg.forwarded.sender:
            s = self.msg.forwarded.sender
            return s.addr, s.name
        s = self.msg.sender
        return (s.addr, s.name) if s else ("", "")

    def context(self, **extra: Any) -> dict[str, Any]:
        cfg, msg = self.cfg, self.msg
        org = self.organisation or {}
        ctx: dict[str, Any] = {
            "bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
            "sender": {
                "name": compose.header_safe(msg.sender.name, 120) if msg.sender else "",
                "address": msg.sender_addr,
                "organisation": org.get("organisation", ""),
                "kind_text": "Strategic Partner" if org.get("kind") == "strategic-partner" else "Participant",
            },
            "groups": [wf.group_ctx(g) for g in self.groups()],
            "all_groups": [wf.group_ctx(g) for g in cfg.groups],
            "network_groups_text": f"{cfg.bot.network} Interest Groups",
            "message": {
                "subject": compose.header_safe(msg.subject, 200),
                "text": compose.text_safe(msg.text, 3000),
                "message_id": msg.message_id,
                "language": msg.language,
            },
            "intent": {
                "name": self.intent.name,
                "confidence": self.intent.confidence,
                "groups": list(self.intent.groups),
                "topic": compose.header_safe(self.intent.topic, 120),
                "evidence": list(self.intent.evidence),
            },
            "request_id": self.request_id,
            "triage_id": self.triage_id,
            "original": None,
            "not_member_of": [wf.group_ctx(g) for g in self.not_member_of],
        }
        if msg.forwarded:
            f = msg.forwarded
            ctx["original"] = {
                "sender": f.sender.addr if f.sender else "(unknown)",
                "subject": compose.header_safe(f.subject, 200),
                "date": f.date,
                "text": compose.text_safe(f.text, 3000),
            }
        ctx.update(extra)
        return ctx

    def mail(self, template: str, to: list[tuple[str, str]], *, kind: str, reply: bool,
             language: str = "", reply_to: str = "", **extra: Any) -> OutgoingMail:
        """One mail from `template`, in the recipient's remembered language, else `language`.

        Staff, and mail to several people, get the fallback language.
        """
        addrs = [a for _, a in to]
        remembered = wf.recipients_language(self.cfg, self.view, addrs)
        if len(addrs) != 1 or addrs[0] in self.cfg.bot.staff:
            language = ""
        if not (reply and self.from_form()):  # the form's language is an explicit choice: it wins
            language = remembered or language
        language = language if language in self.cfg.bot.languages else ""
        ctx = wf.localise(self.context(**extra), language, self.cfg)
        subject, text, html = compose.render(template, ctx, language)
        return compose.build(
            key=self.key(kind, template, ",".join(a for _, a in to)),
            sender=(self.cfg.bot.name, self.cfg.bot.address),
            to=to,
            subject=subject,
            text=text,
            html=html,
            date=self.now,
            in_reply_to=self.msg.message_id if reply else "",
            references=self.msg.references if reply else (),
            auto_submitted="auto-replied" if reply else "auto-generated",
            reply_to=reply_to,
            source_message_id=self.msg.message_id,
        )


def acted_intent(p: Plan) -> Intent:
    """The intent acted on: a forward's original request, else the message's own."""
    return p.intent.original if p.intent.name == "forward" and p.intent.original else p.intent


def request_record(p: Plan, kind: str) -> None:
    """The requests table's line for this message (what `mailbot requests` and the dashboard list)."""
    p.request_id = p.request_id or p.short_id("request")
    addr, name = p.acted_for()
    org = p.organisation or {}
    p.records.append((store.REQUESTS, p.request_id, {
        "id": p.request_id,
        "kind": kind,
        "status": "pending" if kind in ("join", "start_group", "lead") else "recorded",
        "created": p.now.isoformat(),
        "message_id": p.msg.message_id,
        "in_reply_to": p.msg.in_reply_to,
        "from": addr,
        "name": name,
        "organisation": org.get("organisation", ""),
        "groups": list(p.intent.groups),
        "topic": p.intent.topic,
        "subject": compose.header_safe(p.msg.subject, 250),
        "text": compose.text_safe(p.msg.text, 8000),
        "intent": p.intent.name,
        "calendar": ({"method": p.msg.calendar.method, "uid": p.msg.calendar.uid,
                      "partstat": p.msg.calendar.partstat, "attendee": p.msg.calendar.attendee}
                     if p.msg.calendar else None),
    }))
