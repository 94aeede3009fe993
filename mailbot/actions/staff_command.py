"""`staff_command`: one command line from staff (or a facilitator's own few), carried out and answered."""

from __future__ import annotations

from typing import Any

from mailbot.actions import triage
from mailbot.actions.plan import Plan
from mailbot.adapters import store
from mailbot.commands import staff as cmds
from mailbot.mail import compose
from mailbot.workflows import membership as wf

name = "staff_command"
description = ("One command line from staff, in reply to a [triage:ID]/[proposal:ID] mail or sent to the bot; "
               "answered with the result (template) or the error (error_template).")
defaults = {"template": None, "error_template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    """One command line from staff, in reply to a [triage:ID]/[proposal:ID] mail or sent to the bot."""
    sender = p.msg.sender_addr
    if sender not in p.cfg.bot.staff and not (cmds.facilitator_may(p.msg) and wf.is_facilitator(sender, p.cfg, p.view)):
        # (facilitators may send the few commands marked for them, e.g. `meeting`; the command checks the group)
        triage.run(p, {"reason": f"command from {sender or '(no sender)'}, which is not a staff address"})
        return
    line = cmds.command_line(p.msg)
    outside = cmds.links_outside(line, p.cfg.bot.meeting_link_domains)
    if outside:
        # checked before anything is mailed, so a forged command cannot make the bot send the link
        triage.run(p, {"reason": f"meeting link outside [bot] meeting_link_domains held for staff: "
                                 f"{compose.header_safe(outside[0], 120)}"})
        return
    if not triage.authenticated(p, name, params, "staff command"):
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
    p.outbox.append(p.mail(params["template"] if res.ok else params["error_template"], [("", sender)], kind="command",
                           reply=True, command=compose.header_safe(line, 200), result=res.text,
                           item=item, help=cmds.help_text()))
