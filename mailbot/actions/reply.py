"""`reply`: an automatic reply to the sender, in their language, unless loop prevention forbids it."""

from __future__ import annotations

import logging
from typing import Any

from mailbot.actions import loops
from mailbot.actions.plan import Plan

log = logging.getLogger("mailbot.actions.effects")

name = "reply"
description = "An automatic reply to the sender (template), never to machines nor past the reply caps."
defaults = {"template": None}


def run(p: Plan, params: dict[str, Any]) -> None:
    to_addr, to_name = p.msg.sender_addr, (p.msg.sender.name if p.msg.sender else "")
    blocked = loops.reply_blocker(p, to_addr)
    if blocked:
        p.notes.append(f"reply {params['template']} not sent: {blocked}")
        log.info("no automatic reply to %s: %s", to_addr or "(none)", blocked)
        loops.warn_cap_once(p, to_addr, blocked)
        return
    p.outbox.append(p.mail(params["template"], [(to_name, to_addr)], kind="reply", reply=True,
                           language=p.msg.language))
    loops.count_reply(p, to_addr)
