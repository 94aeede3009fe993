"""Reading delivery status notifications: who bounced, and which mail it was.

Mailman's own detectors (`flufl.bounce`: RFC 3464 and some forty MTA formats)
beside the stdlib walk in mail/parse.py. Pure; never raises.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)


class _DetectorChatter(logging.Filter):
    """flufl.bounce logs each of its detectors it runs at INFO, and a detector that trips
    over a malformed message (one with no From, say) at ERROR with its traceback, then goes
    on with the other detectors. For mailbot both are detail about ordinary mail, not
    decisions or errors: they are shown at DEBUG, when DEBUG is asked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or str(record.msg).startswith("Exception in detector"):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


logging.getLogger("flufl.bounce").addFilter(_DetectorChatter())

_QUOTED_MID = re.compile(rb"(?im)^message-id:[ \t]*<([^<>\s]{1,250})>")


def detect(msg) -> tuple[list[str], list[str], list[str]]:
    """(permanent, temporary failed recipients, quoted Message-IDs) of a DSN, by Mailman's
    detectors (flufl.bounce: RFC 3464 and some forty MTA formats) — the stdlib walk in
    message.py adds the RFC 3464 fields beside them. Never raises."""
    perm: list[str] = []
    temp: list[str] = []
    try:
        from flufl.bounce import all_failures

        t, p = all_failures(msg)
        perm = sorted({a.decode("utf-8", "replace").strip().lower() for a in p if a})
        temp = sorted({a.decode("utf-8", "replace").strip().lower() for a in t if a} - set(perm))
    except Exception as exc:  # a detector tripping over a broken DSN must not lose the message
        log.debug("flufl.bounce failed: %s", exc)
    mids: list[str] = []
    try:
        for part in msg.walk():
            ctype = part.get_content_type()
            if ctype in ("message/rfc822", "message/global", "text/rfc822-headers") or ctype.startswith("text/"):
                payload = part.as_bytes() if ctype.startswith("message/") else part.get_payload(decode=True)
                for m in _QUOTED_MID.finditer((payload or b"")[:256 * 1024]):
                    mids.append(m.group(1).decode("ascii", "replace").lower())
            if len(mids) > 20:
                break
    except Exception:
        pass
    ok = lambda a: "@" in a and len(a) < 255 and not any(c in a for c in " <>,;")  # noqa: E731
    return [a for a in perm if ok(a)][:50], [a for a in temp if ok(a)][:50], list(dict.fromkeys(mids))[:20]
