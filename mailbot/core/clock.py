"""The clock: the one source of "now", injectable everywhere.

Every stage takes `now` (or a `Clock`) as a parameter, so tests and
`mailbot schedule --now` can travel in time without sleeping.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)
