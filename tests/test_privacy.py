"""privacy.py: export / forget round trip, retention purge, and no message bodies in INFO logs."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mailbot.workflows import privacy
from mailbot.adapters import store as st
from test_cli import mailbot
from test_pipeline import NOW, Env, example

ANNE = "anne.mueller@stadt-musterhausen.example"


def _load(env: Env) -> None:
    for name in ("info-en-groups.eml", "join-en-ict.eml", "leave-en-ict.eml"):
        env.deliver(example(name))
    # a bounce about mail the bot sent (back to that mail's VERP address), so it is counted
    from test_bounces import dsn

    env.deliver(dsn(0, env=env))
    # an unknown message from Anne -> a triage item holding her text
    env.deliver(example("info-en-groups.eml").replace(b"Message-ID: <", b"Message-ID: <t-", 1)
                .replace(b"Subject: Interest groups?", b"Subject: zzz", 1)
                .replace(b"What are the interest groups, and who can take part?", b"Blue elephants whisper at dawn."))
    env.pipe.cycle()
    # and one mail to her still waiting in the outbox
    env.store.put(st.OUTBOX, "waiting", {"key": "waiting", "to": [ANNE], "raw": f"To: {ANNE}\r\n\r\nhi",
                                          "status": "pending", "created": NOW.isoformat()})


def test_export_finds_the_person_in_every_table(tmp_path):
    env = Env(tmp_path)
    _load(env)
    data = privacy.export(env.store, ANNE.upper())
    tables = set(data["tables"])
    assert {st.PROCESSED, st.OUTBOX, st.SENT, st.REPLIES} <= tables, tables
    assert data["documents"] >= 5
    assert "waiting" in data["tables"][st.OUTBOX]
    json.dumps(data)  # JSON-able
    other = privacy.export(env.store, "old.contact@torino.example")
    assert st.BOUNCES in other["tables"]


def test_forget_round_trip_leaves_nothing_and_tells_staff(tmp_path):
    env = Env(tmp_path)
    _load(env)
    before = privacy.export(env.store, ANNE)
    counts = privacy.forget(env.store, env.cfg, ANNE, NOW)
    assert counts["deleted"] + counts["anonymised"] == before["documents"]
    # staff are told by mail; after delivery nothing anywhere names her
    staff = [d for _, d in env.store.items(st.OUTBOX) if d["to"] == list(env.cfg.bot.staff)]
    assert any("[privacy]" in d["raw"] for d in staff)
    env.pipe.deliver()
    assert privacy.export(env.store, ANNE)["documents"] == 0
    dump = json.dumps(env.store.storage.data).lower()
    assert ANNE not in dump and "blue elephants" not in dump
    # the records stay, pseudonymised by the erasure id: the audit lines still show what happened
    alias = f"forgotten-{counts['erasure_id']}@forgotten.invalid"
    assert any(d.get("from") == alias for _, d in env.store.items(st.PROCESSED))
    assert "waiting" not in dict(env.store.items(st.OUTBOX))  # unsent mail to her is gone
    sent = [m for m in env.sent() if m["Subject"].startswith("[privacy]")]
    assert len(sent) == 1


def test_retention_purge_removes_old_bodies_only(tmp_path):
    env = Env(tmp_path)
    _load(env)
    items = {k: d for k, d in env.store.items(st.TRIAGE)}
    assert any("Blue elephants" in d.get("text", "") for d in items.values())
    days = env.cfg.privacy.retention_days
    assert privacy.purge(env.store, env.cfg, NOW + timedelta(days=days - 1)) == 0
    n = privacy.purge(env.store, env.cfg, NOW + timedelta(days=days + 1))
    assert n >= 1
    for table in (st.TRIAGE, st.REQUESTS):
        for _, d in env.store.items(table):
            assert d["purged"] and d.get("text", "") in ("", privacy.PURGED_TEXT)
            assert d["id"] and d["created"]  # what the records need stays
    assert privacy.purge(env.store, env.cfg, NOW + timedelta(days=days + 2)) == 0  # once


def test_info_logs_never_print_message_bodies(tmp_path, caplog):
    env = Env(tmp_path)
    with caplog.at_level(logging.INFO):
        _load(env)
        env.pipe.cycle()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Blue elephants" not in text and "who can take part" not in text


def test_cli_export_forget_purge(tmp_path):
    cfg = tmp_path / "config.toml"
    root = Path(__file__).resolve().parents[1]
    cfg.write_text((root / "config.toml").read_text())
    mailbot("--config", str(cfg), "replay", "--commit", str(root / "mailbot" / "examples" / "info-en-groups.eml"))
    out = mailbot("--config", str(cfg), "export", ANNE).stdout
    assert json.loads(out)["documents"] >= 2
    assert "anonymised" in mailbot("--config", str(cfg), "forget", ANNE).stdout
    assert "purged" in mailbot("--config", str(cfg), "purge").stdout


def test_purge_drops_stale_reply_counters(tmp_path):
    env = Env(tmp_path)
    tx = st.Transaction()
    tx.put(st.REPLIES, "a@x|2026-11-01", {"count": 2})
    tx.put(st.REPLIES, "*|2026-11-01T10", {"count": 9})
    tx.put(st.REPLIES, "a@x|2026-11-25", {"count": 1})
    env.store.commit(tx)
    privacy.purge(env.store, env.cfg, datetime(2026, 11, 25, 12, tzinfo=timezone.utc))
    assert [k for k, _ in env.store.items(st.REPLIES)] == ["a@x|2026-11-25"]


def test_forget_leaves_nothing_in_the_whole_data_directory(tmp_path):
    """A person who used the web form and wrote by mail (one message triaged): after
    `mailbot forget`, no file under the data directory holds their address, name or phone."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from webkit import Web, link_in

    who, name, phone = "ana@gent.example", "Ana Peeters", "+32 9 266 0199"
    web = Web(tmp_path)
    assert web.submit(name=name, email=who, message=f"Call me on {phone}.").status_code == 303
    (confirm,) = web.new_mail()
    web.confirm(link_in(confirm))
    env = Env(tmp_path)  # the same data directory (make_cfg's paths), by mail
    env.deliver(example("info-en-groups.eml").replace(ANNE.encode(), who.encode())
                .replace(b"Anne M\xc3\xbcller", name.encode()))
    env.deliver(example("info-en-groups.eml").replace(ANNE.encode(), who.encode())
                .replace(b"Message-ID: <", b"Message-ID: <t-", 1).replace(b"Subject: Interest groups?", b"Subject: zzz", 1)
                .replace(b"What are the interest groups, and who can take part?", f"Blue elephants. {phone}".encode()))
    env.pipe.cycle()
    env.store.close()

    def holders() -> list[str]:
        found = []
        for p in tmp_path.rglob("*"):
            if p.is_file():
                data = p.read_bytes().lower()
                if any(x.lower().encode() in data for x in (who, name, phone)):
                    found.append(str(p.relative_to(tmp_path)))
        return found

    assert len(holders()) >= 5  # store, web form files, processed and triaged mail, sent mail
    exported = json.loads(mailbot("--config", str(_config(tmp_path)), "export", who).stdout)
    assert exported["web_files"] and any(phone in json.dumps(d) for d in exported["web_files"].values())
    out = mailbot("--config", str(_config(tmp_path)), "forget", who).stdout
    erasure = re.search(r"erasure ([0-9a-f]+)", out).group(1)
    assert holders() == []
    # the staff notice, once sent, names the erasure only
    assert "1 delivered" in mailbot("--config", str(_config(tmp_path)), "once").stdout
    assert holders() == []
    notice = [p for p in (tmp_path / "sent" / "new").iterdir() if b"[privacy]" in p.read_bytes()]
    assert len(notice) == 1 and erasure.encode() in notice[0].read_bytes()


def _config(tmp: Path) -> Path:
    cfg = tmp / "config.toml"
    if not cfg.exists():
        root = Path(__file__).resolve().parents[1]
        cfg.write_text((root / "config.toml").read_text().replace('path = "var/mail"', 'path = "mail"')
                       .replace('path = "var/sent"', 'path = "sent"').replace('path = "var/mailbot.json"', 'path = "db.json"'))
    return cfg


def test_the_forget_notice_passes_the_outgoing_guard(tmp_path):
    """Issue 12: every mail goes through the one guard and its caps, the erasure notice too."""
    from mailbot.mail import guard

    env = Env(tmp_path)
    hour = NOW.strftime("%Y-%m-%dT%H")
    privacy.forget(env.store, env.cfg, ANNE, NOW)
    # the guard counted it: against each staff address's hour, and the global hour once
    assert all(env.store.get(guard.COUNTS, f"{a}|{hour}")["count"] == 1 for a in env.cfg.bot.staff)
    assert env.store.get(guard.COUNTS, f"*|{hour}")["count"] == 1
    full = env.cfg.model_copy(update={"bot": env.cfg.bot.model_copy(update={"mails_global_per_hour": 0})})
    privacy.forget(env.store, full, "someone.else@gent.example", NOW)
    notices = [d for k, d in env.store.items(st.OUTBOX) if k.startswith("forget|")]
    assert sorted(d["status"] for d in notices) == ["held", "pending"]  # past the global cap: held, not sent
    assert all("someone.else" not in d["raw"] and ANNE not in d["raw"] for d in notices)
