"""mail/dsn.py: Mailman's detectors, and what they log on malformed mail."""

from __future__ import annotations

import email
import email.policy
import logging

from mailbot.mail import dsn

NO_FROM = b"To: procurement@procuraplus.example\r\nSubject: Undelivered Mail\r\n\r\nhello\r\n"


def _msg(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_detectors_log_nothing_at_info_even_when_one_trips(caplog):
    # flufl.bounce's Yale detector raises IndexError on an empty From and logs it at ERROR
    with caplog.at_level(logging.INFO):
        assert dsn.detect(_msg(NO_FROM)) == ([], [], [])
    assert not [r for r in caplog.records if r.levelno >= logging.INFO], caplog.text


def test_the_trip_shows_at_debug_when_asked(caplog):
    with caplog.at_level(logging.DEBUG, logger="flufl.bounce"):
        dsn.detect(_msg(NO_FROM))
    trips = [r for r in caplog.records if r.name == "flufl.bounce"]
    assert trips and all(r.levelno == logging.DEBUG for r in trips)
