"""maint.py and the store's checksums: damage is named, never dropped silently;
failed mail is queued again (against a real aiosmtpd answering 5xx, then 250)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mailbot.adapters import store as st

ROOT = Path(__file__).resolve().parents[1]


def mailbot(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MAILBOT_TOKEN_SECRET="test-secret")
    return subprocess.run([sys.executable, "-m", "mailbot", "-c", str(cwd / "config.toml"), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)


def deployment(tmp: Path, smtp=None) -> Path:
    text = (ROOT / "config.toml").read_text()
    if smtp is not None:
        text = text.replace('[transport]\ntype = "maildir"',
                            f'[transport]\ntype = "smtp"\nhost = "{smtp.host}"\nport = {smtp.port}\n'
                            f'security = "plain"\nmax_attempts = 2\nretry_base = 0.01\nretry_max = 0.01\n'
                            f'timeout = 10')
    (tmp / "config.toml").write_text(text)
    for sub in ("new", "cur", "tmp"):
        (tmp / "var" / "mail" / sub).mkdir(parents=True, exist_ok=True)
    return tmp


def put_mail(dep: Path, *names: str) -> None:
    for n in names:
        shutil.copy(ROOT / "mailbot" / "examples" / n, dep / "var" / "mail" / "new" / n)


def make_store(path: Path, n: int = 8) -> None:
    s = st.Store(path)
    for i in range(n):
        s.put(st.PROCESSED, f"m{i}@x", {"n": i, "from": f"person{i}@example.org"})
    s.close()


def damage(path: Path, lineno: int) -> None:
    lines = path.read_bytes().split(b"\n")
    line = bytearray(lines[lineno - 1])
    line[len(line) // 2] ^= 0x01  # one flipped bit
    lines[lineno - 1] = bytes(line)
    path.write_bytes(b"\n".join(lines))


# --------------------------------------------------------------------------- store damage

def test_every_line_carries_a_checksum_and_a_flipped_bit_is_named(tmp_path):
    path = tmp_path / "db.json"
    make_store(path)
    assert all(line[8:9] == b" " for line in path.read_bytes().splitlines())
    before = path.read_bytes()
    damage(path, 5)
    damaged = path.read_bytes()
    with pytest.raises(st.StoreDamaged) as err:
        st.Store(path)
    assert err.value.lineno == 5 and err.value.lines == 9
    assert "mailbot store verify" in str(err.value) and "mailbot store repair" in str(err.value)
    assert path.read_bytes() == damaged != before  # nothing written, nothing truncated
    with pytest.raises(st.StoreDamaged):
        st.Store(path, readonly=True)


def test_torn_last_line_is_kept_aside_not_lost(tmp_path):
    path = tmp_path / "db.json"
    make_store(path, 3)
    tail = st.encode_line({"tx": [[st.PROCESSED, "late", {"n": 9}]]})[:-10]
    with open(path, "ab") as fh:
        fh.write(tail)
    ro = st.Store(path, readonly=True)  # a reader leaves the daemon's commit in progress alone
    assert not ro.has(st.PROCESSED, "late") and path.read_bytes().endswith(tail)
    s = st.Store(path)
    assert s.count(st.PROCESSED) == 3 and not path.read_bytes().endswith(tail)
    assert (tmp_path / "db.json.torn").read_bytes() == tail + b"\n"


def test_damaged_snapshot_is_refused_too(tmp_path):
    path = tmp_path / "db.json"
    make_store(path, 2)
    s = st.Store(path)
    s.storage._compact()
    s.close()
    damage(path, 1)
    with pytest.raises(st.StoreDamaged) as err:
        st.Store(path)
    assert err.value.lineno == 1


def test_cli_refuses_to_start_then_verify_and_repair_report_what_was_lost(tmp_path):
    dep = deployment(tmp_path)
    put_mail(dep, "join-de-circular.eml")
    assert mailbot(dep, "once").returncode == 0
    path = dep / "var" / "mailbot.json"
    make_more = st.Store(path)
    for i in range(5):
        make_more.put(st.PROCESSED, f"extra{i}@x", {"n": i})
    make_more.close()
    lines = path.read_bytes().count(b"\n")
    damage(path, lines - 3)
    damaged = path.read_bytes()
    for cmd in (["once"], ["run"], ["groups"], ["requests"], ["triage"], ["export", "a@b.example"],
                ["bounces"], ["outbox", "list"]):
        p = mailbot(dep, *cmd)
        assert p.returncode == 2, (cmd, p.stdout, p.stderr)
        assert f"line {lines - 3} of {lines}" in p.stderr and "mailbot store repair" in p.stderr
        assert path.read_bytes() == damaged  # read-only commands and a refused start write nothing
    for cmd in (["status"], ["check"]):
        p = mailbot(dep, *cmd)
        assert p.returncode == 1 and "damaged" in (p.stdout + p.stderr).lower(), (cmd, p.stdout, p.stderr)
    p = mailbot(dep, "status", "--json")
    assert p.returncode == 1 and json.loads(p.stdout)["line"] == lines - 3
    p = mailbot(dep, "store", "verify")
    assert p.returncode == 1 and f"line {lines - 3} " in p.stdout and "extra1@x" in p.stdout
    p = mailbot(dep, "store", "repair")
    assert p.returncode == 0, p.stderr
    assert "LOST" in p.stdout and "extra1@x" in p.stdout
    backups = list(path.parent.glob("mailbot.json.damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged
    s = st.Store(path, readonly=True)
    assert s.has(st.PROCESSED, "extra0@x") and not s.has(st.PROCESSED, "extra1@x")
    assert s.has(st.PROCESSED, "extra4@x")  # lines after the damaged one are kept
    assert mailbot(dep, "store", "verify").returncode == 0
    assert mailbot(dep, "once").returncode == 0


# --------------------------------------------------------------------------- outbox retry

def triage(dep: Path) -> list[dict]:
    return [d for _, d in st.Store(dep / "var" / "mailbot.json", readonly=True).items(st.TRIAGE)]


def test_mail_failed_at_a_5xx_relay_is_queued_again_and_sent(tmp_path, smtp_server):
    dep = deployment(tmp_path, smtp_server)
    smtp_server.data_reply = "554 5.7.1 Relay access denied"  # a misconfigured relay
    put_mail(dep, "join-de-circular.eml", "info-en-groups.eml")
    p = mailbot(dep, "once")
    assert p.returncode == 0, p.stderr
    assert "failed" in p.stdout and not smtp_server.messages
    listed = json.loads(mailbot(dep, "outbox", "list", "--json").stdout)
    assert len(listed) >= 2 and all(r["status"] == "failed" and "554" in r["last_error"] for r in listed)
    assert "retry" in mailbot(dep, "outbox", "list").stdout
    smtp_server.data_reply = None  # the relay is fixed
    first, rest = listed[0], listed[1:]
    # one from its triage item (as staff would by mail or on the dashboard), the rest by the CLI
    items = triage(dep)
    (item,) = [i for i in items if i.get("outbox_key") == first["key"]]
    assert item["proposed"] == "retry"
    # the id grants a `retry`: random, kept on the entry, not computable from the entry's key
    entries = dict(st.Store(dep / "var" / "mailbot.json", readonly=True).items(st.OUTBOX))
    assert entries[first["key"]]["triage_id"] == item["id"]
    assert item["id"] != "d" + hashlib.sha256(first["key"].encode()).hexdigest()[:7]
    p = mailbot(dep, "triage", "resolve", item["id"], "retry")
    assert p.returncode == 0, p.stderr + p.stdout
    p = mailbot(dep, "outbox", "retry", "--all")
    assert p.returncode == 0 and f"{len(rest)} mail(s) queued" in p.stdout, p.stdout
    assert mailbot(dep, "outbox", "retry", "0000000000").returncode == 1
    p = mailbot(dep, "once")
    assert p.returncode == 0 and f"{len(listed)} delivered" in p.stdout, p.stdout
    got = {tuple(m.rcpt_tos) for m in smtp_server.messages}
    assert got == {tuple(r["to"]) for r in listed}
    assert json.loads(mailbot(dep, "outbox", "list", "--json").stdout) == []
    assert all(i["status"] == "resolved" for i in triage(dep) if i.get("reason") == "delivery failure")
