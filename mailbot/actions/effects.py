"""From a decision to its effects: the actions, carried out on paper.

`plan()` is pure: given the parsed message, its intent, the rules' decision,
the config, a read-only view of the store and the time, it returns the
`Effects` (outbox entries, records to upsert, the audit line) that the
pipeline then commits in one store write. Each action kind is one small
function registered in `ACTIONS`, with one signature.

Loop prevention lives here, below the rules, so no rule table can switch it
off: automatic replies are never sent to automatic mail, lists, bounces,
the null sender or the bot itself (RFC 3834), nor past the rate caps.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Protocol

from mailbot.workflows import bounces, confirm, tokens
from mailbot.mail import compose
from mailbot.adapters import store
from mailbot.decide import trust
from mailbot.commands import staff as cmds
from mailbot.workflows import membership as wf
from mailbot.core.config import Config, Group
from mailbot.core.model import Decision, Effects, Intent, OutgoingMail, ParsedMessage

log = logging.getLogger(__name__)

_NO_REPLY_LOCALPARTS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces")


#: postmaster spellings and mailing-list robots (Mailman/majordomo -admin, -owner, -request, -bounces)
_MACHINE_LOCAL = re.compile(r"^(?:post[_.-]?master|mailer[_.-]?daemon|majordomo|listserv|mailman)$|"
                            r"[_.-](?:admin|owner|request|bounces?)$", re.I)


class StoreView(Protocol):
    """The read-only slice of the store that planning needs."""

    def get(self, table: str, key: str) -> dict | None: ...


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
    #: scratch space of the workflow actions (join requests made, groups left, ...)
    wf: dict[str, Any] = field(default_factory=dict)
    #: carrying out a held privileged command its owner confirmed by mail (confirm.py)
    confirmed: bool = False

    # -- helpers shared by the actions ------------------------------------
    def key(self, *parts: str) -> str:
        return "|".join((self.msg.message_id,) + parts)

    def short_id(self, kind: str) -> str:
        """An id that grants something (a triage item, a request): keyed under the token
        secret, so nobody can compute it from a Message-ID they chose."""
        return wf.keyed_id(tokens.secret(self.cfg, self.view), kind, self.msg.message_id)

    def groups(self) -> list[Group]:
        if "groups" in self.wf:  # set by a workflow (e.g. the groups a member actually left)
            return list(self.wf["groups"])
        return [g for g in (self.cfg.group(s) for s in self.intent.groups) if g]

    def work(self) -> wf.Work:
        """A workflows.Work writing into this plan (same records, outbox and notes)."""
        return wf.Work(self.cfg, self.view, self.now, self.msg.message_id,
                       records=self.records, outbox=self.outbox, notes=self.notes)

    def person(self) -> wf.Person:
        addr, name = self.acted_for()
        org = self.organisation or {}
        return wf.Person(addr, name, org.get("organisation", ""), org.get("kind", ""))

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
            "groups": [group_context(g) for g in self.groups()],
            "all_groups": [group_context(g) for g in cfg.groups],
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
        subject, text, html = compose.render(template, self.context(**extra), language)
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


def group_context(g: Group) -> dict[str, Any]:
    cadence = "quarterly" if g.cadence == "quarterly" else "twice a year"
    if g.physical_meetings_per_year:
        cadence += f", plus {g.physical_meetings_per_year} physical meetings a year"
    return {
        "slug": g.slug, "name": g.name, "description": g.description, "aim": g.aim,
        "facilitator": g.facilitator, "facilitator_name": g.facilitator_name,
        "cadence": g.cadence, "cadence_text": cadence,
    }


# -- loop prevention -----------------------------------------------------------

def reply_blocker(p: Plan, to_addr: str) -> str | None:
    """Why an automatic reply to `to_addr` must not be sent, or None (RFC 3834)."""
    msg, cfg = p.msg, p.cfg
    if not to_addr:
        return "no sender address to reply to"
    if "@" not in to_addr or any(c in to_addr for c in " \r\n\t<>,;"):
        return f"the sender address {to_addr[:80]!r} is not a mail address"
    if msg.auto.is_automatic:
        return "automatic mail is never answered (" + ", ".join(msg.auto.reasons or ("bounce",)) + ")"
    if msg.calendar and msg.calendar.method != "REPLY":
        return f"calendar mail (METHOD:{msg.calendar.method}) is not a request to answer"
    if msg.return_path == "":
        return "null envelope sender (Return-Path: <>)"
    local, _, domain = to_addr.partition("@")
    bot_local, _, bot_domain = cfg.bot.address.partition("@")
    if domain == bot_domain and (local == bot_local or local.startswith(bot_local + "+")):
        return "the bot never answers its own address"
    if local.split("+")[0] in _NO_REPLY_LOCALPARTS:
        return f"{local}@ is a machine address"
    if _MACHINE_LOCAL.search(local.split("+")[0]):
        return f"{local}@ is a machine address (postmaster, list robot)"
    day = p.now.strftime("%Y-%m-%d")
    hour = p.now.strftime("%Y-%m-%dT%H")
    sent_day = (p.view.get(store.REPLIES, f"{to_addr}|{day}") or {}).get("count", 0)
    sent_hour = (p.view.get(store.REPLIES, f"{to_addr}|{hour}") or {}).get("count", 0)
    sent_all = (p.view.get(store.REPLIES, f"*|{hour}") or {}).get("count", 0)
    sent_all_day = (p.view.get(store.REPLIES, f"*|{day}") or {}).get("count", 0)
    if sent_day >= cfg.bot.replies_per_sender_per_day:
        return f"reply cap reached: {sent_day} automatic replies to {to_addr} today"
    if sent_hour >= cfg.bot.replies_per_sender_per_hour:
        return f"reply cap reached: {sent_hour} automatic replies to {to_addr} this hour"
    if sent_all >= cfg.bot.replies_global_per_hour:
        return f"global reply cap reached: {sent_all} automatic replies this hour"
    if sent_all_day >= cfg.bot.replies_global_per_day:
        return f"global reply cap reached: {sent_all_day} automatic replies today"
    return None


def _warn_cap_once(p: Plan, to_addr: str, blocked: str) -> None:
    """One WARNING per sender (or for the global cap) and hour when a reply cap is hit, not one per message."""
    if "reply cap reached" not in blocked:
        return
    who = "*" if blocked.startswith("global") else to_addr
    key = f"{who}|{p.now.strftime('%Y-%m-%dT%H')}|warned"
    if p.view.get(store.REPLIES, key) is None:
        log.warning("%s; further automatic replies%s are held this hour", blocked,
                    "" if who == "*" else f" to {to_addr}")
        p.records.append((store.REPLIES, key, {"count": 0, "warned": p.now.isoformat()}))


def _count_reply(p: Plan, to_addr: str) -> None:
    day = p.now.strftime("%Y-%m-%d")
    hour = p.now.strftime("%Y-%m-%dT%H")
    for key in (f"{to_addr}|{day}", f"{to_addr}|{hour}", f"*|{hour}", f"*|{day}"):
        doc = p.view.get(store.REPLIES, key) or {"count": 0}
        doc = dict(doc, count=doc["count"] + 1)
        p.records.append((store.REPLIES, key, doc))


# -- actions -------------------------------------------------------------------
# Each action: (plan, params) -> None, adding to the plan.

def act_reply(p: Plan, params: dict[str, Any]) -> None:
    to_addr, to_name = p.msg.sender_addr, (p.msg.sender.name if p.msg.sender else "")
    blocked = reply_blocker(p, to_addr)
    if blocked:
        p.notes.append(f"reply {params['template']} not sent: {blocked}")
        log.info("no automatic reply to %s: %s", to_addr or "(none)", blocked)
        _warn_cap_once(p, to_addr, blocked)
        return
    p.outbox.append(p.mail(params["template"], [(to_name, to_addr)], kind="reply", reply=True,
                           language=p.msg.language))
    _count_reply(p, to_addr)


def act_notify_facilitator(p: Plan, params: dict[str, Any]) -> None:
    if p.wf.get("join_requests") is not None and params["template"] == "facilitator_join_request":
        # The join workflow: one request per group, each with its token (subject + Reply-To).
        work = p.work()
        for req in p.wf["join_requests"]:
            wf.send_facilitator_request(work, req, template=params["template"])
        return
    groups = p.groups()
    if not groups:
        p.notes.append("notify_facilitator: no group named, staff notified instead")
        act_triage(p, {"reason": "no group to notify a facilitator of"})
        return
    for g in groups:
        p.outbox.append(p.mail(params["template"], [(g.facilitator_name, g.facilitator)],
                               kind="facilitator", reply=False, group=group_context(g)))


def act_notify_staff(p: Plan, params: dict[str, Any]) -> None:
    to = [("", a) for a in p.cfg.bot.staff]
    p.outbox.append(p.mail(params["template"], to, kind="staff", reply=False))


def act_triage(p: Plan, params: dict[str, Any]) -> None:
    reason = params.get("reason", "needs a person")
    p.triage_id = p.triage_id or p.short_id("triage")
    p.destination = "triage"
    addr, name = p.acted_for()
    proposed = proposed_action(p)
    item = {
        "id": p.triage_id,
        "status": "open",
        "reason": reason,
        "created": p.now.isoformat(),
        "message_id": p.msg.message_id,
        "from": p.msg.sender_addr,
        "acted_for": addr,
        "acted_for_name": name,
        "subject": compose.header_safe(p.msg.subject, 250),
        "text": compose.text_safe(p.msg.text, 8000),
        "intent": p.intent.name,
        "groups": list(p.intent.groups),
        "confidence": p.intent.confidence,
        "proposed": proposed,
        "defects": list(p.msg.defects[:20]),
    }
    if p.msg.forwarded:
        f = p.msg.forwarded
        item["original"] = {
            "from": f.sender.addr if f.sender else "",
            "name": f.sender.name if f.sender else "",
            "date": f.date,
            "subject": compose.header_safe(f.subject, 250),
            "text": compose.text_safe(f.text, 8000),
        }
    p.records.append((store.TRIAGE, p.triage_id, item))
    # Announce to staff, except for machine mail: a bounce storm must not
    # become a storm of staff notifications; it waits in `mailbot triage`.
    if not p.msg.auto.is_automatic:
        to = [("", a) for a in p.cfg.bot.staff]
        p.outbox.append(p.mail("staff_triage", to, kind="triage", reply=False,
                               reason=reason, proposed=proposed))


def proposed_action(p: Plan) -> str:
    """What the bot would do, for staff to approve with one command."""
    intent = p.intent.original if p.intent.name == "forward" and p.intent.original else p.intent
    if intent.name in ("join", "leave") and intent.groups:
        return f"{intent.name} {' '.join(intent.groups)}"
    if intent.name == "info":
        return "info"
    if intent.name == "start_group":
        return "start_group"
    return "ignore"


def act_record_request(p: Plan, params: dict[str, Any]) -> None:
    kind = params.get("kind", p.intent.name)
    intent = p.intent.original if p.intent.name == "forward" and p.intent.original else p.intent
    if kind == "join":
        # Pending requests, one per group (workflows.py): answered by token, reminded, escalated.
        groups = [g for g in (wf.group_of(s, p.cfg, p.view) for s in intent.groups) if g]
        reqs = wf.open_join(p.work(), p.person(), groups, subject=p.msg.subject, text=p.msg.text,
                            in_reply_to=p.msg.in_reply_to)
        p.wf["join_requests"] = reqs  # [] when already a member / already asked: nobody is asked again
        p.request_id = p.request_id or (reqs[0]["id"] if reqs else "")
        return
    p.request_id = p.request_id or p.short_id("request")
    if kind == "rsvp":
        # The member's attendance for that meeting, committed with the message (scheduler.rsvp_records:
        # matched by UID or the invitation answered, and attendee; a reply to an older SEQUENCE is stale).
        from mailbot.schedule import scheduler

        sender = p.acted_for()[0]
        rsvp, res = scheduler.rsvp_records(p.view, p.msg, sender, p.now)
        verdict = trust.check(p.msg, p.cfg)
        speaks_for = sender in p.cfg.bot.staff or any(
            g.facilitator == sender for g in p.cfg.groups if g.slug == res.group)
        if rsvp and not verdict.allowed and not p.confirmed:
            rsvp, res = [], scheduler.RsvpResult("refused", res.uid, res.attendee, res.partstat, res.group,
                                                 f"not acted on: {verdict.reason}")
        elif rsvp and res.attendee and res.attendee != sender and speaks_for and not _authenticated(
                p, "record_request", params, f"RSVP for {res.attendee}"):
            # staff or the facilitator answering for someone else: privileged
            rsvp, res = [], scheduler.RsvpResult("held", res.uid, res.attendee, res.partstat, res.group,
                                                 "for someone else, from a sender not authenticated")
        elif rsvp and res.attendee and res.attendee != sender and not speaks_for:
            # An iMIP REPLY names its attendee; only that person (or the group's
            # facilitator, or staff) may change that attendee's answer.
            rsvp, res = [], scheduler.RsvpResult("refused", res.uid, res.attendee, res.partstat, res.group,
                                                 f"reply for {res.attendee} sent by {sender}")
        p.records.extend(rsvp)
        p.notes.append(f"rsvp {res.status}: {res.attendee} {res.partstat} {res.uid}".rstrip()
                       + (f" ({res.detail})" if res.detail else ""))
        if res.status == "refused":
            act_triage(p, {"reason": f"RSVP {res.detail}"})
    if kind == "leave":
        p.wf["groups"] = wf.leave(p.work(), p.person(), intent.groups) if _trusted(p, "leave not acted on") else []
    elif kind == "start_group":
        prop = wf.propose(p.work(), p.person(), intent.topic or p.msg.subject, p.msg.text, msg=p.msg,
                          request_id=p.request_id)
        p.wf["proposal"] = prop["id"]
    addr, name = p.acted_for()
    org = p.organisation or {}
    p.records.append((store.REQUESTS, p.request_id, {
        "id": p.request_id,
        "kind": kind,
        "status": "pending" if kind in ("join", "start_group") else "recorded",
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


def _authenticated(p: Plan, action: str, params: dict[str, Any], what: str) -> bool:
    """Whether privileged mail may act now: an Authentication-Results pass, or a held command
    its owner confirmed. A fail is refused (triage); no verdict holds the command and mails a
    one-time confirmation to the sender's own address (confirm.py)."""
    if p.confirmed:
        return True
    verdict = trust.check(p.msg, p.cfg)
    p.notes.append(f"auth {verdict}")
    if verdict.authenticated:
        return True
    if verdict.status == "fail":
        act_triage(p, {"reason": f"{what} not acted on, not trusted: {verdict.reason}"})
        return False
    doc = confirm.held_record(p.cfg, p.view, p.now, p.msg, p.intent, action, params, what, verdict.reason)
    if p.view.get(confirm.HELD, doc["id"]) is None:
        p.records.append((confirm.HELD, doc["id"], doc))
        to = p.msg.sender_addr
        p.outbox.append(p.mail("confirm_command", [("", to)], kind="confirm", reply=True,
                               reply_to=confirm.reply_address(p.cfg, doc["id"]), held=_held_ctx(doc),
                               token=doc["id"], mode=trust.mode(p.cfg)))
    p.notes.append(f"{what} held until {p.msg.sender_addr} confirms by mail ({verdict.reason})")
    log.info("%s from %s held for confirmation by mail: %s", what, p.msg.sender_addr, verdict.reason)
    return False


def _held_ctx(doc: dict) -> dict[str, Any]:
    m = doc.get("message", {})
    line = next((x.strip() for x in (m.get("text") or "").splitlines() if x.strip()), "")
    return {"id": doc["id"], "what": doc["what"], "why": doc["why"], "expires": doc["expires"][:16],
            "subject": compose.header_safe(m.get("subject", ""), 200), "line": compose.header_safe(line, 300)}


def act_confirm_held(p: Plan, params: dict[str, Any]) -> None:
    """Carry out the held privileged command this reply confirms (once, from its owner)."""
    doc, why = confirm.find(p.msg, p.cfg, p.view, p.now)
    if doc is None or p.msg.auto.is_automatic:
        act_triage(p, {"reason": f"confirmation not accepted: {why or 'automatic mail'}"})
        return
    verdict = trust.check(p.msg, p.cfg)
    if verdict.status == "fail":
        act_triage(p, {"reason": f"confirmation not accepted: {verdict.reason}"})
        return
    p.records.append((confirm.HELD, doc["id"], dict(doc, status=confirm.DONE, confirmed=p.now.isoformat(),
                                                    confirmed_by=p.msg.message_id)))
    fn = ACTIONS.get(doc.get("action", ""))
    if fn is None:
        act_triage(p, {"reason": f"held action {doc.get('action')!r} unknown"})
        return
    inner = Plan(msg=confirm.thaw(doc["message"]), intent=confirm.intent_of(doc), decision=p.decision,
                 cfg=p.cfg, view=p.view, now=p.now, organisation=p.organisation,
                 records=p.records, outbox=p.outbox, notes=p.notes, confirmed=True)
    fn(inner, dict(doc.get("params") or {}))
    p.notes.append(f"held {doc['what']} {doc['id'][:8]}… confirmed by {p.msg.sender_addr} and carried out")
    p.triage_id = p.triage_id or inner.triage_id
    p.request_id = p.request_id or inner.request_id
    if inner.destination == "triage":
        p.destination = "triage"


def _trusted(p: Plan, refusal: str) -> bool:
    """The Authentication-Results verdict for acting on this message; when it
    refuses, a triage item says `refusal: <why>` and nothing else happens."""
    verdict = trust.check(p.msg, p.cfg)
    p.notes.append(f"auth {verdict}")
    if not verdict.allowed:
        act_triage(p, {"reason": f"{refusal}: {verdict.reason}"})
    return verdict.allowed


def act_answer_request(p: Plan, params: dict[str, Any]) -> None:
    """A yes/no to a join request: acted on only with a valid token, from the right person, trusted."""
    decision = "decline" if p.intent.name == "decline" else "confirm"
    if p.confirmed:
        verdict = trust.Verdict("pass", "confirmed by mail")
    else:
        verdict = trust.check(p.msg, p.cfg)
        # Held for a confirmation only when everything but the sender's authentication is right
        # (a valid token of a pending request, from its facilitator): a dry run says.
        would = verdict.status == "none" and wf.answer(
            wf.Work(p.cfg, p.view, p.now, p.msg.message_id), p.msg, decision,
            trust.Verdict("pass", "dry run")) is None
        if would and not _authenticated(p, "answer_request", params, f"{decision} of a join request"):
            return
    refused = wf.answer(p.work(), p.msg, decision, verdict)
    p.notes.append(f"auth {verdict}")
    if refused:
        act_triage(p, {"reason": refused})


def act_record_update(p: Plan, params: dict[str, Any]) -> None:
    """A facilitator's reply to the twice-yearly reminder: stored as the group's update, forwarded to staff."""
    upd = dict(params) if params.get("group") else wf.update_reply(p.msg, p.cfg, p.view)
    if not upd:
        act_triage(p, {"reason": "not a facilitator's reply to a reminder"})
        return
    if _authenticated(p, "record_update", upd, "group update"):
        wf.record_update(p.work(), p.msg, upd)


def act_staff_command(p: Plan, params: dict[str, Any]) -> None:
    """One command line from staff, in reply to a [triage:ID]/[proposal:ID] mail or sent to the bot."""
    sender = p.msg.sender_addr
    if sender not in p.cfg.bot.staff and not (cmds.facilitator_may(p.msg) and wf.is_facilitator(sender, p.cfg, p.view)):
        # (facilitators may send the few commands marked for them, e.g. `meeting`; the command checks the group)
        act_triage(p, {"reason": f"command from {sender or '(no sender)'}, which is not a staff address"})
        return
    line = cmds.command_line(p.msg)
    outside = cmds.links_outside(line, p.cfg.bot.meeting_link_domains)
    if outside:
        # checked before anything is mailed, so a forged command cannot make the bot send the link
        act_triage(p, {"reason": f"meeting link outside [bot] meeting_link_domains held for staff: "
                                 f"{compose.header_safe(outside[0], 120)}"})
        return
    if not _authenticated(p, "staff_command", params, "staff command"):
        return
    tid, pid = cmds.tags(p.msg)
    item = p.view.get(store.TRIAGE, tid) if tid else None
    work = p.work()
    if tid and item is None:
        res = cmds.Result(False, line.split(" ")[0] if line else "", f"there is no triage item {tid}")
    else:
        res = cmds.execute(line, work, actor=sender, item=item, proposal_id=pid)
    p.notes.append(f"command {res.command!r}: {'ok' if res.ok else 'error'}: {res.text.splitlines()[0] if res.text else ''}")
    if res.ok and item is not None:
        item = work.get(store.TRIAGE, item["id"])
    p.outbox.append(p.mail("command_result" if res.ok else "command_error", [("", sender)], kind="command",
                           reply=True, command=compose.header_safe(line, 200), result=res.text,
                           item=item, help=cmds.help_text()))


def act_mark_bounce(p: Plan, params: dict[str, Any]) -> None:
    """Score the bounce per failed address (bounces.py) — only when the bounce is tied to mail the
    bot sent (VERP, or a quoted Message-ID). Past the threshold an ordinary address is suspended
    and staff told once; a staff or facilitator address is never suspended: staff are told instead."""
    statuses = dict(p.msg.auto.failed_status)
    staff = {a.lower() for a in p.cfg.bot.staff}
    counted = 0
    for addr in p.msg.auto.failed_recipients or ():
        addr = addr.lower()
        how = bounces.tied(p.view, p.cfg, p.msg, addr)
        if not how:
            p.notes.append(f"bounce for {addr} not tied to mail the bot sent (no VERP, no sent Message-ID): not counted")
            continue
        counted += 1
        protected = addr in staff or wf.is_facilitator(addr, p.cfg, p.view)
        prev = p.view.get(store.BOUNCES, addr) or {}
        doc, newly = bounces.score(prev or None, addr, statuses.get(addr, ""), p.now,
                                   p.msg.message_id, p.cfg.bounces)
        doc["tied_by"] = how
        if protected and newly:
            doc = {k: v for k, v in doc.items() if k != "suspended_at"}
            doc.update(suspended=False)
        if protected and newly and prev.get("protected"):
            pass  # staff were told once already
        elif protected and newly:
            doc.update(protected=True, warned_at=p.now.isoformat())
            why = f"{addr} (a staff or facilitator address), bounce score {doc['score']} after {doc['count']} bounces"
            p.notes.append(f"{addr} keeps bouncing; not suspended (staff or facilitator), staff told")
            log.warning("%s keeps bouncing (score %s): not suspended, staff told", addr, doc["score"])
            p.outbox.append(p.mail("staff_bounce_warning", [("", a) for a in p.cfg.bot.staff],
                                   kind="bounce-warning", reply=False, reason=why))
        elif newly:
            why = f"{addr}, bounce score {doc['score']} after {doc['count']} bounces"
            p.notes.append(f"mail to {addr} suspended (bounce score {doc['score']})")
            log.warning("mail to %s suspended: bounce score %s", addr, doc["score"])
            p.outbox.append(p.mail("staff_bounce_suspended", [("", a) for a in p.cfg.bot.staff],
                                   kind="bounce-suspended", reply=False, reason=why))
        p.records.append((store.BOUNCES, addr, doc))
    if not p.msg.auto.failed_recipients:
        p.notes.append("bounce without a recognisable failed recipient")


def act_ignore(p: Plan, params: dict[str, Any]) -> None:
    p.notes.append("ignored: " + params.get("reason", "by rule"))


ACTIONS: dict[str, Callable[[Plan, dict[str, Any]], None]] = {
    "reply": act_reply,
    "notify_facilitator": act_notify_facilitator,
    "notify_staff": act_notify_staff,
    "triage": act_triage,
    "record_request": act_record_request,
    "mark_bounce": act_mark_bounce,
    "ignore": act_ignore,
    "answer_request": act_answer_request,
    "staff_command": act_staff_command,
    "record_update": act_record_update,
    "confirm_held": act_confirm_held,
}

# Records first, so replies can quote the request/triage id they create.
_ORDER = {"record_request": 0, "triage": 1}


def plan(msg: ParsedMessage, intent: Intent, decision: Decision, cfg: Config,
         view: StoreView, now: datetime, organisation: dict | None = None) -> Effects:
    """Carry out `decision` on paper: the Effects to commit for this message."""
    p = Plan(msg=msg, intent=intent, decision=decision, cfg=cfg, view=view, now=now,
             organisation=organisation)
    actions = sorted(decision.actions, key=lambda a: _ORDER.get(a.kind, 2))
    for action in actions:
        fn = ACTIONS.get(action.kind)
        if fn is None:
            p.notes.append(f"unknown action {action.kind!r}: sent to triage")
            act_triage(p, {"reason": f"unknown action {action.kind}"})
            continue
        try:
            fn(p, action.params)
        except Exception as exc:  # a broken template must not lose the message
            log.exception("action %s failed for %s", action.kind, msg.message_id)
            p.notes.append(f"action {action.kind} failed: {exc}")
            if action.kind != "triage":
                act_triage(p, {"reason": f"action {action.kind} failed: {type(exc).__name__}"})
    audit = {
        "at": now.isoformat(),
        "from": msg.sender_addr,
        "subject": compose.header_safe(msg.subject, 200),
        "intent": intent.name,
        "groups": list(intent.groups),
        "confidence": round(intent.confidence, 3),
        "evidence": list(intent.evidence),
        "rule": decision.rule,
        "route": decision.route,
        "actions": [a.kind for a in decision.actions],
        "outbox": [m.key for m in p.outbox],
        "notes": p.notes,
        "destination": p.destination,
        "request_id": p.request_id,
        "triage_id": p.triage_id,
    }
    return Effects(
        message_id=msg.message_id,
        outbox=tuple(p.outbox),
        records=tuple(p.records),
        audit=audit,
        destination=p.destination,
    )


def action_summary(effects: Effects) -> list[str]:
    """Short human lines for what the effects do (demo, explain)."""
    out = []
    for m in effects.outbox:
        out.append(f"mail to {', '.join(m.to)}")
    for table, key, _ in effects.records:
        if table in (store.TRIAGE, store.REQUESTS, store.BOUNCES):
            out.append(f"{table} {key}")
    out.extend(effects.audit.get("notes", []))
    return out
