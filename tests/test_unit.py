"""The one writer (mail/unit.py): a unit of work in one store write, every mail through the
guard; and nothing else in the package writes the store (issue 14)."""

from __future__ import annotations

import ast
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mailbot.adapters import store as st
from mailbot.core import config
from mailbot.mail import compose
from mailbot.mail.unit import Unit, commit

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mailbot"
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)
CFG = config.load(ROOT / "config.toml")

#: the writer itself, and the store adapter it writes through
WRITERS = {"mailbot/mail/unit.py", "mailbot/adapters/store.py"}
QUEUE = "mailbot.mail.queue"


# --------------------------------------------------------------------------- nobody else writes

def _queue_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(aliases of mail/queue, names imported from it) in one module."""
    mods, names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "mailbot.mail":
            mods |= {a.asname or a.name for a in node.names if a.name == "queue"}
        elif isinstance(node, ast.ImportFrom) and node.module == QUEUE:
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            mods |= {a.asname for a in node.names if a.name == QUEUE and a.asname}
    return mods, names


def writes_outside_the_writer(source: str) -> list[str]:
    """Each way `source` writes the store other than through a Unit: a Transaction built, the
    store's commit/put/delete/compact called, its storage touched, or mail queued around the
    writer's guard (mail/queue.enqueue called, or an outbox entry put by hand: `put(…, entry(…))`;
    the web queue's files may carry an entry, as they go through the writer when drained)."""
    tree = ast.parse(source)
    mods, names = _queue_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("storage", "_tx"):
            found.append(f"line {node.lineno}: .{node.attr}")
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and (f.id == "Transaction" or f.id in names & {"enqueue"}):
            found.append(f"line {node.lineno}: {f.id}(")
        elif isinstance(f, ast.Attribute):
            recv = ast.unparse(f.value)
            if f.attr in ("Transaction", "compact") or (
                    f.attr in ("commit", "put", "delete") and recv.split(".")[-1].lower().endswith("store")) or (
                    f.attr == "enqueue" and recv in mods):
                found.append(f"line {node.lineno}: {recv}.{f.attr}(")
            elif f.attr == "put" and any(_is_entry(a, mods, names) for a in node.args):
                found.append(f"line {node.lineno}: {recv}.put(…, entry(…))")
    return found


def _is_entry(node: ast.AST, mods: set[str], names: set[str]) -> bool:
    f = node.func if isinstance(node, ast.Call) else None
    return (isinstance(f, ast.Name) and f.id in names & {"entry"}) or (
        isinstance(f, ast.Attribute) and f.attr == "entry" and ast.unparse(f.value) in mods)


def test_the_detector_sees_every_way_around_the_writer():
    bad = textwrap.dedent("""
        from mailbot.adapters import store as st
        from mailbot.mail import queue as ob
        from mailbot.mail.queue import enqueue
        tx = st.Transaction()
        store.commit(tx)
        self.store.put("t", "k", {})
        pipe.store.delete("t", "k")
        store.compact()
        ob.enqueue(tx, store, [], now, cfg)
        enqueue(tx, store, [], now, cfg)
        tx.put(st.OUTBOX, k, ob.entry(mail, now))
        store.storage.data
    """)
    assert len(writes_outside_the_writer(bad)) == 9
    assert writes_outside_the_writer("from mailbot.mail import queue as q\nd = {'mail': q.entry(m, now)}") == []
    good = "unit = Unit(store, cfg, now)\nunit.put('t', 'k', {})\nunit.mail([m])\nunit.commit(compact=True)\nview.put(1, 2, 3)"
    assert writes_outside_the_writer(good) == []


def test_nothing_but_the_writer_writes_the_store():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in WRITERS:
            found += [f"{rel} {w}" for w in writes_outside_the_writer(path.read_text("utf-8"))]
    assert not found, "store writes outside mail/unit.py (write through a Unit):\n" + "\n".join(found)


# --------------------------------------------------------------------------- the unit of work

def _mail(key: str, to: str):
    return compose.build(key=key, sender=(CFG.bot.name, CFG.bot.address), to=[("", to)], subject="s",
                         text="t", html=None, date=NOW, auto_submitted="auto-generated", source_message_id="m@x")


def _lines(store: st.Store) -> int:
    return store.path.read_bytes().count(b"\n")


def test_records_and_mail_are_one_store_write(tmp_path):
    store = st.Store(tmp_path / "db.json")
    before = _lines(store)
    unit = Unit(store, CFG, NOW)
    unit.records([(st.TRIAGE, "t1", {"id": "t1"}), (st.REQUESTS, "r1", {"id": "r1"})])
    unit.mail([_mail("m@x|reply|info|ana@gent.example", "ana@gent.example")])
    assert store.get(st.TRIAGE, "t1") is None  # nothing is written before the commit
    assert unit.commit() is True
    assert _lines(store) == before + 1  # one journal line: all of it, or (after a crash) none of it
    assert store.has(st.TRIAGE, "t1") and store.has(st.REQUESTS, "r1")
    assert store.get(st.OUTBOX, "m@x|reply|info|ana@gent.example")["status"] == "pending"
    assert Unit(store, CFG, NOW).commit() is False and _lines(store) == before + 1  # empty: no write


def test_mail_goes_through_the_idempotency_rule_and_the_guard(tmp_path):
    store = st.Store(tmp_path / "db.json")
    key = "m@x|reply|info|ana@gent.example"
    assert commit(store, (), [_mail(key, "ana@gent.example")], NOW, CFG)
    assert not commit(store, (), [_mail(key, "ana@gent.example")], NOW, CFG)  # queued once
    assert not commit(store, (), [_mail("m@x|reply|info|bot", CFG.bot.address)], NOW, CFG)  # never to the bot
    with pytest.raises(TypeError):
        Unit(store).mail([_mail("m@x|reply|info|bo", "bo@gent.example")])  # no config, no guard: refused


def test_commit_with_compact_leaves_no_older_line(tmp_path):
    store = st.Store(tmp_path / "db.json")
    commit(store, [(st.PROCESSED, "m1@x", {"from": "erased.person@gent.example"})], (), NOW, CFG)
    unit = Unit(store, CFG, NOW)
    unit.delete(st.PROCESSED, "m1@x")
    unit.commit(compact=True)
    assert _lines(store) == 1 and b"erased.person" not in store.path.read_bytes()
