"""`record_rsvp`: a member's answer to a meeting invitation, committed with the message."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan, request_record
from mailbot.decide import trust
from mailbot.schedule import scheduler

name = "record_rsvp"
description = ("Record an answer to a meeting invitation (iMIP REPLY or plain words) for its attendee, "
               "only from that attendee, the group's facilitator or staff (for someone else: authenticated, or confirmed by mail), and when Authentication-Results allow.")
defaults: dict[str, Any] = {}
makes_id = True


def run(p: Plan, params: dict[str, Any]) -> None:
    p.request_id = p.request_id or p.short_id("request")
    # The member's attendance for that meeting, committed with the message (scheduler.rsvp_records:
    # matched by UID or the invitation answered, and attendee; a reply to an older SEQUENCE is stale).
    sender = p.acted_for()[0]
    rsvp, res = scheduler.rsvp_records(p.view, p.msg, sender, p.now)
    verdict = trust.check(p.msg, p.cfg)
    speaks_for = sender in p.cfg.bot.staff or any(
        g.facilitator == sender for g in p.cfg.groups if g.slug == res.group)
    if rsvp and not verdict.allowed and not p.confirmed:
        rsvp, res = [], scheduler.RsvpResult("refused", res.uid, res.attendee, res.partstat, res.group,
                                             f"not acted on: {verdict.reason}")
    elif rsvp and res.attendee and res.attendee != sender and speaks_for and not triage.authenticated(
            p, name, params, f"RSVP for {res.attendee}"):
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
        triage.run(p, {"reason": f"RSVP {res.detail}"})
    request_record(p, "rsvp")
