"""RSVPs: an iMIP REPLY or an "Accepted: …"/"Declined: …" answer updates attendance.

`apply_rsvp(store, msg, sender, now)` commits; `rsvp_records(view, msg,
sender, now)` gives the records for the pipeline's own commit. Matched by
UID (or, for plain replies, by the invitation answered or the meeting's
title) and attendee; table `attendance`, key ``"<uid>|<address>"``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mailbot.adapters import store as st
from mailbot.core.clock import utcnow
from mailbot.core.model import CalendarPart, ParsedMessage
from mailbot.mail.unit import Unit
from mailbot.schedule import meetings as mt
from mailbot.schedule.jobs import ATTENDANCE, CALENDAR_KINDS, MEMBERS, MSGIDS, SENT_LOG, _items

log = logging.getLogger("mailbot.schedule.rsvp")

# --------------------------------------------------------------------------- RSVPs

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|antw|sv|fw|fwd|wg|tr|r|rif|vs)\s*:\s*)*", re.I)
_DECLINE = ("declin", "abgelehnt", "abgesagt", "refus", "rechaz", "rifiut", "afgewezen", "avbojt", "odrzuc", "recus")
_TENTATIVE = ("tentative", "vorbehalt", "vorlaufig", "provis", "voorlopig", "preliminart", "wstepnie")


def subject_partstat(subject: str) -> tuple[str, str] | None:
    """("ACCEPTED"|"DECLINED"|"TENTATIVE", the meeting title) from "Accepted: …"-style subjects.

    The words are the intent detector's (lexicon.RSVP_SUBJECT), in every language it knows.
    """
    from mailbot.intents import lexicon
    from mailbot.intents.detector import fold

    rest = _REPLY_PREFIX.sub("", subject or "", count=1)
    word, colon, title = rest.partition(":")
    word = fold(word).strip()
    if not colon or word not in lexicon.RSVP_SUBJECT or word.startswith("updated"):
        return None
    if any(word.startswith(x) for x in _DECLINE):
        ps = "DECLINED"
    elif any(x in word for x in _TENTATIVE):
        ps = "TENTATIVE"
    else:
        ps = "ACCEPTED"
    title = title.strip()
    # Google: "Accepted: Title @ Thu 18 Mar 2027 14:00 - 15:30 (CET) (someone@example.org)"
    title = re.sub(r"\s+@\s+.*$", "", title).strip()
    return ps, title


#: a plain answer to an invitation, besides the intent detector's yes/no words (lexicon.CONFIRM/DECLINE)
_ATTEND = ("i will attend", "i ll attend", "i ll be there", "i will be there", "count me in", "see you there",
           "ich komme", "ich bin dabei", "ich nehme teil", "je serai la", "je serai present", "je viendrai",
           "je participerai", "asistire", "alli estare", "estare alli", "ahi estare", "parteciperò", "parteciperó",
           "partecipero", "ci saro", "ik kom", "ik ben erbij", "jag kommer", "bede", "wezme udzial", "estarei")
_ABSENT = ("cannot attend", "can t attend", "cannot make it", "can t make it", "won t be able", "will not be able",
           "not able to attend", "ich kann nicht", "kann leider nicht", "je ne pourrai pas", "je ne serai pas",
           "no podre", "no puedo asistir", "non potro", "non posso partecipare", "ik kan niet", "jag kan inte",
           "nie moge", "nao poderei")
_MAYBE = ("maybe", "perhaps", "not sure yet", "vielleicht", "peut etre", "quizas", "tal vez", "forse", "misschien",
          "kanske", "moze")


def plain_answer(text: str) -> str | None:
    """ACCEPTED / DECLINED / TENTATIVE from the first lines of a plain reply (above any quote), or None."""
    from mailbot.intents import lexicon
    from mailbot.intents.detector import fold

    lines = []
    for line in (text or "").splitlines():
        if line.startswith(">") or re.match(r"^\s*(on|am|le|el|il|op)\b.*(wrote|schrieb|a ecrit|a écrit|escribi|scritto|schreef)", line, re.I):
            break
        if line.strip():
            lines.append(line)
        if len(lines) >= 3:
            break
    words = " " + " ".join(re.findall(r"[a-z0-9]+", fold(" ".join(lines)))) + " "
    has = lambda phrases: any(f" {' '.join(re.findall(r'[a-z0-9]+', fold(p)))} " in words for p in phrases)  # noqa: E731
    declines = [p for ps in lexicon.DECLINE.values() for p in ps if "~" not in p]
    confirms = [p for ps in lexicon.CONFIRM.values() for p in ps if "~" not in p]
    # The explicit phrases first ("No problem, I'll be there" attends), then the detector's yes/no words.
    for phrases, partstat in ((_ABSENT, "DECLINED"), (_ATTEND, "ACCEPTED"), (_MAYBE, "TENTATIVE"),
                              (declines, "DECLINED"), (confirms, "ACCEPTED")):
        if has(phrases):
            return partstat
    return None


@dataclass(frozen=True)
class RsvpResult:
    status: str  # recorded | stale | unknown-meeting | unknown-attendee | not-an-rsvp
    uid: str = ""
    attendee: str = ""
    partstat: str = ""
    group: str = ""
    detail: str = ""


def _norm_title(s: str) -> str:
    return re.sub(r"[\W_]+", " ", (s or "").lower()).strip()


def _answered_meeting(view: Any, sender: str, title: str, in_reply_to: str, now: datetime) -> dict | None:
    """The meeting a plain answer is about: the invitation it replies to, else the sender's
    invitations with that title (the next one to come, else the latest)."""
    ref = view.get(MSGIDS, (in_reply_to or "").strip("<>")) if in_reply_to else None
    meeting = view.get(mt.MEETINGS, ref.get("uid", "")) if ref else None
    if meeting is not None:
        return meeting
    invited = {doc.get("ref") for _, doc in _items(view, SENT_LOG)
               if doc.get("recipient") == sender and doc.get("kind") in CALENDAR_KINDS}
    cands = [d for _, d in _items(view, mt.MEETINGS) if d.get("uid") in invited]
    want = _norm_title(title)
    titled = [d for d in cands if want and _norm_title(d.get("summary", "")) == want] or ([] if want else cands)
    soon = sorted((d for d in titled if mt.start_of(d) > now - timedelta(days=1)), key=mt.start_of)
    return soon[0] if soon else (sorted(titled, key=mt.start_of)[-1] if titled else None)


def rsvp_records(view: Any, msg: ParsedMessage | CalendarPart | str, sender: str = "", now: datetime | None = None,
                 *, in_reply_to: str = "", message_id: str = "") -> tuple[list[tuple[str, str, dict]], RsvpResult]:
    """Work out an RSVP: the (table, key, doc) records to write, and what happened.

    `msg` is a ParsedMessage (its calendar part, or its subject), a
    CalendarPart (iMIP REPLY), or a plain subject string. Matched by UID
    (or, for plain replies, by the invitation it answers / the meeting's
    title) and attendee; a REPLY with a SEQUENCE lower than the meeting's
    current one is stale and ignored. `view` needs `get` (and `items` or a
    `.store` for title matching).
    """
    now = now or utcnow()
    part: CalendarPart | None = None
    subject = ""
    if isinstance(msg, ParsedMessage):
        part = msg.calendar
        subject = msg.subject
        sender = sender or msg.sender_addr
        in_reply_to = in_reply_to or msg.in_reply_to
        message_id = message_id or msg.message_id
    elif isinstance(msg, CalendarPart):
        part = msg
    else:
        subject = str(msg or "")
    sender = (sender or "").strip().lower()
    meeting: dict | None = None
    partstat, attendee, sequence, via = "", sender, None, ""
    if part is not None and part.method == "REPLY" and part.uid:
        meeting = view.get(mt.MEETINGS, part.uid)
        if meeting is None:
            return [], RsvpResult("unknown-meeting", uid=part.uid, attendee=part.attendee or sender,
                                  detail="no meeting with this UID")
        attendee = (part.attendee or sender).lower()
        partstat = (part.partstat or "").upper()
        sequence = part.sequence
        via = "imip"
    else:
        parsed = subject_partstat(subject)
        if parsed is None and in_reply_to and isinstance(msg, ParsedMessage) and \
                view.get(MSGIDS, in_reply_to.strip("<>")) is not None:
            answer = plain_answer(msg.text)  # "Yes, I'll be there" in reply to the invitation itself
            parsed = (answer, "") if answer else None
        if parsed is None:
            return [], RsvpResult("not-an-rsvp", attendee=sender, detail="neither an iMIP REPLY nor an Accepted:/Declined: subject")
        partstat, title = parsed
        via = "subject"
        meeting = _answered_meeting(view, sender, title, in_reply_to, now)
        if meeting is None:
            return [], RsvpResult("unknown-meeting", attendee=sender, partstat=partstat,
                                  detail=f"no meeting {title!r} this sender was invited to")
    if partstat not in ("ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED", "NEEDS-ACTION"):
        return [], RsvpResult("not-an-rsvp", uid=meeting["uid"], attendee=attendee, detail=f"PARTSTAT {partstat!r}")
    uid, group = meeting["uid"], meeting.get("group", "")
    current = int(meeting.get("sequence", 0))
    if sequence is not None and sequence < current:
        return [], RsvpResult("stale", uid=uid, attendee=attendee, partstat=partstat, group=group,
                              detail=f"reply to SEQUENCE {sequence}, the meeting is at {current}")
    member = view.get(MEMBERS, f"{group}|{attendee}")
    invited = view.get(SENT_LOG, f"{group}|{uid}|invitation|{attendee}")
    if member is None and invited is None:
        return [], RsvpResult("unknown-attendee", uid=uid, attendee=attendee, partstat=partstat, group=group,
                              detail="neither a member of the group nor invited")
    doc = {"group": group, "uid": uid, "address": attendee, "partstat": partstat,
           "sequence": current if sequence is None else sequence, "at": now.isoformat(), "via": via,
           "message_id": message_id}
    return [(ATTENDANCE, f"{uid}|{attendee}", doc)], RsvpResult("recorded", uid=uid, attendee=attendee,
                                                                 partstat=partstat, group=group)


def apply_rsvp(store: st.Store, msg: ParsedMessage | CalendarPart | str, sender: str = "",
               now: datetime | None = None, **kw: str) -> RsvpResult:
    """`rsvp_records` and commit them: update the member's attendance for that meeting."""
    records, result = rsvp_records(store, msg, sender, now, **kw)
    unit = Unit(store, now=now)
    unit.records(records)
    unit.commit()
    log.info("rsvp %s: %s %s %s", result.status, result.attendee, result.partstat, result.uid)
    return result


