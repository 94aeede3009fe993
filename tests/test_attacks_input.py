"""Issue 12's attacks on the embedded default, each with its own fixture in
tests/fixtures/attacks/ (the large ones gzipped: the test reads them whole).

What each must do: the message is kept and goes to triage with the reason,
stored records a periodic job cannot handle are triaged while the others go
on, and nothing stops the next cycle.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from mailbot.adapters import store as st
from mailbot.mail import parse as message
from mailbot.runtime import jobs
from mailbot.schedule import scheduler
from mailbot.workflows import membership as workflows
from mailbot.workflows import privacy
from test_pipeline import NOW, Env

FIX = Path(__file__).resolve().parent / "fixtures" / "attacks"
ROOT = Path(__file__).resolve().parents[1]


def fixture(name: str) -> bytes:
    path = FIX / name
    return gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()


@pytest.fixture
def env(tmp_path):
    return Env(tmp_path)


# --------------------------------------------------------------------------- 2a: raw 8-bit display name

def test_8bit_display_name_is_decoded_not_kept_as_surrogates():
    msg = message.parse(fixture("8bit-display-name.eml"))
    assert msg.sender.name == "Jérôme"  # Windows-1252, the usual legacy charset
    json.dumps(msg.sender.name).encode("utf-8")


def _bad_requests(now):
    """Two records an older store may hold: a raw 8-bit name kept as lone
    surrogates, and a request whose `reminded` is not a date."""
    base = {"kind": "join", "status": "pending", "group": "circular-procurement",
            "organisation": "City of Rotterdam", "created": now.isoformat(), "history": []}
    return {
        "bad8bit": dict(base, id="bad8bit", name="J\udce9r\udcf4me", **{"from": "jerome@rotterdam.example"}),
        "badDate": dict(base, id="badDate", name="Ann", reminded="not a date", **{"from": "ann@rotterdam.example"}),
    }


def test_8bit_record_through_every_periodic_job_over_two_years(env):
    """A request with a raw 8-bit display name (and one with a broken field) in the
    store: every periodic job runs every week for two years, none raises, the
    good request goes its whole way, the broken one is triaged once."""
    env.deliver(fixture("8bit-display-name.eml"))
    env.deliver((ROOT / "mailbot" / "examples" / "join-de-circular.eml").read_bytes())
    env.pipe.cycle()
    for key, doc in _bad_requests(NOW).items():
        env.store.put(st.REQUESTS, key, doc)
    now = NOW
    clock = lambda: now  # noqa: E731
    env.pipe.clock = clock
    for week in range(105):
        now = NOW + timedelta(days=7 * week)
        stats = jobs.cycle(env.pipe)  # reminders, escalations, expiry, web queue, then the mailbox and delivery
        assert stats.delivery.failed == 0
        scheduler.run_due(env.store, env.cfg, now)  # meetings, summaries, reminders, term ends
        privacy.purge(env.store, env.cfg, now)  # the daily retention job
    reqs = {k: d for k, d in env.store.items(st.REQUESTS)}
    good = [d for d in reqs.values() if d.get("from", "").endswith("rotterdam.example") and d["id"] not in ("badDate",)]
    assert good and all(d["status"] != "pending" for d in good), good  # reminded, escalated, expired
    assert reqs["bad8bit"]["status"] == "expired"  # its mail was written with a replacement character
    assert reqs["badDate"]["status"] == "pending" and "job_error" in reqs["badDate"]
    items = [d for _, d in env.store.items(st.TRIAGE) if d.get("record") == [st.REQUESTS, "badDate"]]
    assert len(items) == 1 and "reminders" in items[0]["reason"]
    sent = env.sent()
    assert sent and all("\ufffd" not in str(m["To"]) or "rotterdam" in str(m["To"]) for m in sent)


def test_a_record_that_breaks_planning_is_isolated(env):
    for key, doc in _bad_requests(NOW - timedelta(days=30)).items():
        env.store.put(st.REQUESTS, key, doc)
    work = workflows.plan_reminders(env.store, env.cfg, NOW)
    assert any(k == "badDate" and d.get("job_error") for t, k, d in work.records if t == st.REQUESTS)
    assert any(k == "bad8bit" and d.get("reminded") for t, k, d in work.records if t == st.REQUESTS)


# --------------------------------------------------------------------------- 2b: header bombs


@pytest.mark.parametrize("name, reason", [
    ("encoded-word-subject.eml.gz", "encoded-words"),
    ("50000-addresses.eml.gz", "addresses"),
    ("20mb-header-block.eml.gz", "header section"),
])
def test_header_bombs_go_to_triage_with_the_reason(env, name, reason):
    raw = fixture(name)
    env.deliver(raw)
    started = time.process_time()
    stats = env.pipe.cycle()
    assert stats.processed == 1 and stats.triaged == 1
    assert time.process_time() - started < 60  # bounded: it took more than 20 GB before
    (item,) = [d for _, d in env.store.items(st.TRIAGE)]
    assert reason in item["reason"] and "header limit" in item["reason"]
    assert [p.read_bytes() for p in env.folder("triage")] == [raw]  # kept whole


def _parse_peak_mb(name: str) -> int:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking process (pytest's)
    code = ("import gzip, re, sys; from mailbot.mail import parse as message, text\n"
            "text.detect_language = message.detect_language = lambda t: ''\n"  # the parser's own memory only
            f"raw = gzip.decompress(open({str(FIX / name)!r}, 'rb').read())\n"
            "m = message.parse(raw)\n"
            "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
            "print(hwm // 1024, len(raw) // 2**20)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, timeout=300)
    peak, size = out.stdout.split()
    return int(peak)


def test_parsing_a_20mb_header_block_stays_in_bounded_memory():
    """Measured in a subprocess (ru_maxrss): the raw message is 20 MB; the header
    parser sees at most MAX_HEADER_BYTES of it."""
    assert _parse_peak_mb("20mb-header-block.eml.gz") < 200


def test_raw_header_caps_cut_before_parsing():
    defects: list[str] = []
    raw = fixture("encoded-word-subject.eml.gz")
    cut = message.bound_headers(raw, defects)
    assert len(cut) < 100_000 and cut.count(b"=?") <= message.MAX_ENCODED_WORDS
    assert all(d.startswith(message.HEADER_CUT) for d in defects)
    small = (ROOT / "mailbot" / "examples" / "join-de-circular.eml").read_bytes()
    assert message.bound_headers(small, []) is small  # ordinary mail: untouched, no copy
