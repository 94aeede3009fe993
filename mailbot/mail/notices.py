"""The staff digest: the notices the outgoing guard kept back from a burst, sent as one mail.

`mail/guard.py` keeps a burst of staff notices in table ``digest`` (one
document per staff address); `flush_digests`, run every cycle
(`runtime/jobs.housekeeping`), sends each address one mail listing them once
their hour is over, through the one writer (`mail/unit.py`) like any mail.
"""

from __future__ import annotations

from datetime import datetime

from mailbot.adapters import store as st
from mailbot.core.config import Config
from mailbot.mail import compose, guard
from mailbot.mail.unit import Unit


def flush_digests(store: st.Store, cfg: Config, now: datetime) -> int:
    """Send each staff address one digest of the notices kept back, once their hour is over."""
    hour = now.strftime("%Y-%m-%dT%H")
    unit = Unit(store, cfg, now)
    mails = []
    for addr, doc in store.items(guard.DIGEST):
        items = doc.get("items") or []
        if not items or doc.get("since", "")[:13] >= hour:
            continue
        lines = [f"- {i.get('at', '')[:16]}  {i.get('subject') or i.get('key')}" for i in items]
        text = (f"{len(items)} notices from {cfg.bot.name} were kept back since {doc.get('since', '')[:16]} UTC,\n"
                f"so that a burst of mail does not become a burst of notices. They are:\n\n"
                + "\n".join(lines[:200]) + ("\n(and more)" if len(lines) > 200 else "")
                + "\n\nThe items are in `mailbot triage` and on the dashboard.\n")
        mails.append(compose.build(key=f"digest:{addr}:{hour}|digest|staff_digest|{addr}",
                                   sender=(cfg.bot.name, cfg.bot.address), to=[("", addr)],
                                   subject=f"[digest] {len(items)} notices", text=text, html=None, date=now,
                                   auto_submitted="auto-generated", source_message_id=f"digest:{addr}:{hour}"))
        unit.delete(guard.DIGEST, addr)
    if not mails:
        return 0
    unit.mail(mails)
    unit.commit()
    return len(mails)
