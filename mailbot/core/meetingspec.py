"""The `meeting …` command's words, parsed: also what validates `meeting_dates` in config.toml.

Pure and dependency-free, so the config schema (core) can use it; the
meeting plans themselves live in `schedule/meetings.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

FORMATS = ("web", "phone", "physical")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_FORMAT_WORDS = {
    "web": "web", "online": "web", "video": "web", "virtual": "web", "webinar": "web", "teams": "web", "zoom": "web",
    "phone": "phone", "call": "phone", "telephone": "phone", "conference-call": "phone",
    "physical": "physical", "in-person": "physical", "onsite": "physical", "on-site": "physical", "face-to-face": "physical",
}
_CANCEL_WORDS = {"cancel", "cancelled", "canceled", "cancellation", "delete", "remove"}


class MeetingCommandError(ValueError):
    """A `meeting …` command or `meeting_dates` entry that cannot be used (message says why)."""


# --------------------------------------------------------------------------- the command

@dataclass(frozen=True)
class MeetingSpec:
    """What a `meeting <group> <date> [time] [duration] [format] [url|place] [cancel] [from <date>]` says."""

    group: str
    day: date
    at: time | None = None
    duration: int | None = None  # minutes
    format: str | None = None
    url: str = ""
    place: str = ""
    cancel: bool = False
    move_from: date | None = None


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$", re.I)
_DUR_MIN = re.compile(r"^(\d{1,4})\s*(?:m|min|mins|minutes?)$", re.I)
_DUR_H = re.compile(r"^(\d{1,2})(?:[.,](\d))?\s*h(?:ours?|rs?)?(?:(\d{2})(?:m|min)?)?$", re.I)


def _date(text: str) -> date:
    m = _DATE.match(text)
    if not m:
        raise MeetingCommandError(f"{text!r} is not a date YYYY-MM-DD")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise MeetingCommandError(f"{text!r} is not a valid date") from None


def _duration(tok: str) -> int | None:
    m = _DUR_MIN.match(tok)
    if m:
        return int(m.group(1))
    m = _DUR_H.match(tok)
    if m:
        minutes = int(m.group(1)) * 60 + (int(m.group(2)) * 6 if m.group(2) else 0) + (int(m.group(3)) if m.group(3) else 0)
        return minutes
    return None


def parse_meeting_args(text: str, group: str = "") -> MeetingSpec:
    """Parse what follows `meeting <group>`: `2027-03-18 14:00 90min web https://…`."""
    toks = str(text or "").split()
    if not toks:
        raise MeetingCommandError("a date YYYY-MM-DD is missing")
    day = _date(toks[0])
    at = duration = fmt = move_from = None
    url, place, cancel = "", [], False
    i = 1
    while i < len(toks):
        tok = toks[i]
        low = tok.lower().rstrip(",;")
        if at is None and _TIME.match(low):
            m = _TIME.match(low)
            at = time(int(m.group(1)), int(m.group(2)))
        elif duration is None and _duration(low) is not None:
            duration = _duration(low)
            if not 15 <= duration <= 24 * 60:
                raise MeetingCommandError(f"duration {tok!r} must be between 15 minutes and 24 hours")
        elif fmt is None and low in _FORMAT_WORDS:
            fmt = _FORMAT_WORDS[low]
        elif low in _CANCEL_WORDS:
            cancel = True
        elif low == "from" and i + 1 < len(toks) and _DATE.match(toks[i + 1]):
            move_from = _date(toks[i + 1])
            i += 1
        elif re.match(r"^https?://\S+$", tok, re.I) and not url:
            url = tok
        else:
            place.append(tok)
        i += 1
    return MeetingSpec(group=group, day=day, at=at, duration=duration, format=fmt, url=url,
                       place=" ".join(place)[:300], cancel=cancel, move_from=move_from)


def parse_meeting_command(text: str) -> MeetingSpec:
    """Parse `meeting <group> 2027-03-18 14:00 90min web <url>` (the word `meeting` is optional).

    Also: `… cancel` to cancel the meeting on that date, and `… from 2027-03-11`
    to move the meeting of that date. Raises MeetingCommandError with a reason.
    """
    line = next((ln.strip() for ln in str(text or "").splitlines() if ln.strip()), "")
    toks = line.split()
    if toks and toks[0].lower().rstrip(":") in ("meeting", "meetings", "schedule"):
        toks = toks[1:]
    if not toks:
        raise MeetingCommandError("usage: meeting <group> YYYY-MM-DD [HH:MM] [90min] [web|phone|physical] [url or place] [cancel] [from YYYY-MM-DD]")
    group = toks[0].lower()
    if _DATE.match(group):
        raise MeetingCommandError("the group (its short name, e.g. circular-procurement) must come before the date")
    return parse_meeting_args(" ".join(toks[1:]), group=group)
