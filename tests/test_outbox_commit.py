"""outbox.flush records each outcome as it happens when the transport reports them one by one."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pytest

from mailbot.mail import queue as mailq
from mailbot.runtime import outbox
from mailbot.adapters import store as st
from mailbot.core.model import OutgoingMail
from mailbot.adapters.transport import DELIVERED, PERMANENT, SendResult

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


class Crash(Exception):
    pass


class ReportingTransport:
    """Delivers `survive` mails (reporting each), then "dies" like a killed process."""

    def __init__(self, survive: int):
        self.survive = survive
        self.sent: list[str] = []

    def deliver(self, mails, on_result=None):
        for mail in mails:
            if len(self.sent) == self.survive:
                raise Crash()
            self.sent.append(mail.key)
            on_result(SendResult(mail.key, DELIVERED, "250 ok"))
        return []

    def close(self):
        pass

    def describe(self):
        return "reporting"


def queue(store: st.Store, n: int) -> None:
    tx = st.Transaction()
    for i in range(n):
        mail = OutgoingMail(key=f"k{i}", to=(f"r{i}@example.org",), raw=b"Subject: x\r\n\r\nx\r\n",
                            envelope_from="", source_message_id=f"m{i}")
        tx.put(st.OUTBOX, mail.key, mailq.entry(mail, NOW))
    store.commit(tx)


def test_each_delivery_is_durable_before_the_next_send(tmp_path):
    store = st.Store(tmp_path / "db.json")
    queue(store, 5)
    with pytest.raises(Crash):
        outbox.flush(store, ReportingTransport(survive=3), NOW)
    store.close()
    again = st.Store(tmp_path / "db.json")  # what a restart finds
    assert again.count(st.SENT) == 3 and outbox.depth(again) == 2
    t = ReportingTransport(survive=10)
    res = outbox.flush(again, t, NOW)
    assert res.delivered == 2 and len(t.sent) == 2  # nothing sent twice
    assert again.count(st.SENT) == 5 and outbox.depth(again) == 0



def test_a_delivery_failure_triage_id_is_not_derived_from_the_mail(tmp_path):
    """The failure's triage item grants a `retry`: its id is random, not sha256(outbox key).
    (A real relay's 5xx drives the whole path in test_maint.py; here the same mail fails twice.)"""
    from mailbot.mail.unit import Unit

    store = st.Store(tmp_path / "db.json")
    queue(store, 1)
    doc = dict(store.get(st.OUTBOX, "k0"), key="k0")
    refused = SendResult("k0", PERMANENT, "554 5.7.1 relay denied")
    ids = []
    for _ in range(2):
        unit = Unit(store, now=NOW)
        outbox._record(dict(doc), refused, unit, outbox.FlushResult(), NOW, base=1, cap=1, max_attempts=3)
        unit.commit()
        entry = store.get(st.OUTBOX, "k0")
        item = store.get(st.TRIAGE, mailq.failure_triage_id(entry))
        assert item["id"] == entry["triage_id"] and item["outbox_key"] == "k0" and item["proposed"] == "retry"
        ids.append(item["id"])
    assert ids[0] != ids[1] and "d" + hashlib.sha256(b"k0").hexdigest()[:7] not in ids
