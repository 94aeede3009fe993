"""store.py: atomic commits, torn-tail recovery, compaction, constant-size commits."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st_

from mailbot.adapters.store import PROCESSED, Store, Transaction


def test_commit_is_durable_and_reloads(tmp_path):
    path = tmp_path / "db.json"
    s = Store(path)
    tx = Transaction()
    tx.put(PROCESSED, "a@x", {"intent": "join"})
    tx.put("outbox", "k1", {"raw": "caf\udce9"})  # undecodable byte kept exactly
    s.commit(tx)
    s.close()
    s2 = Store(path)
    assert s2.get(PROCESSED, "a@x") == {"intent": "join"}
    assert s2.get("outbox", "k1")["raw"].encode("utf-8", "surrogateescape") == b"caf\xe9"


def test_torn_last_transaction_is_dropped_whole(tmp_path):
    path = tmp_path / "db.json"
    s = Store(path)
    s.put(PROCESSED, "first", {"n": 1})
    s.close()
    line = json.dumps({"tx": [[PROCESSED, "second", {"n": 2}], [PROCESSED, "third", {"n": 3}]]})
    with open(path, "ab") as fh:
        fh.write(line[: len(line) // 2].encode())  # a crash in the middle of the write
    s2 = Store(path)
    assert s2.has(PROCESSED, "first")
    assert not s2.has(PROCESSED, "second") and not s2.has(PROCESSED, "third")
    s2.put(PROCESSED, "fourth", {"n": 4})  # the file is usable again
    s2.close()
    assert Store(path).has(PROCESSED, "fourth")


def test_deletes_and_compaction_keep_the_data(tmp_path):
    path = tmp_path / "db.json"
    s = Store(path)
    for i in range(300):
        tx = Transaction()
        tx.put("t", f"k{i}", {"i": i, "pad": "x" * 5000})
        if i % 3 == 0:
            tx.delete("t", f"k{i}")
        s.commit(tx)
    expected = {k: d for k, d in s.items("t")}
    assert s.storage.journal_lines < 300  # it compacted along the way
    s.close()
    assert dict(Store(path).items("t")) == expected


def test_commit_cost_is_the_change_not_the_store(tmp_path):
    path = tmp_path / "db.json"
    s = Store(path)
    tx = Transaction()
    for i in range(5000):
        tx.put(PROCESSED, f"m{i}", {"i": i})
    s.commit(tx)
    s.storage._compact()
    before = path.stat().st_size
    s.put(PROCESSED, "one-more", {"i": -1})
    assert path.stat().st_size - before < 200


def test_tinydb_queries_see_the_documents(tmp_path):
    from tinydb import Query

    s = Store(tmp_path / "db.json")
    s.put("members", "circular|a@x", {"group": "circular", "address": "a@x"})
    s.put("members", "ict|b@y", {"group": "ict", "address": "b@y"})
    hits = s.table("members").search(Query().group == "ict")
    assert [h["address"] for h in hits] == ["b@y"]


def test_plain_tinydb_file_is_adopted(tmp_path):
    path = tmp_path / "db.json"
    path.write_text(json.dumps({"members": {"k": {"a": 1}}}))
    assert Store(path).get("members", "k") == {"a": 1}


@settings(max_examples=40, deadline=None)
@given(st_.lists(st_.tuples(st_.sampled_from("abc"), st_.text(max_size=8), st_.one_of(st_.none(), st_.dictionaries(st_.text(max_size=5), st_.integers() | st_.text(max_size=10), max_size=3))), max_size=30))
def test_reload_equals_memory(tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("s") / "db.json"
    s = Store(path)
    for table, key, doc in ops:
        tx = Transaction()
        tx.put(table, key, doc) if doc is not None else tx.delete(table, key)
        s.commit(tx)
    mem = {t: dict(s.items(t)) for t in "abc"}
    s.close()
    s2 = Store(path)
    assert {t: dict(s2.items(t)) for t in "abc"} == mem


def test_lookup_follows_every_commit(tmp_path):
    path = tmp_path / "db.json"
    s = Store(path)
    s.put("requests", "r1", {"from": "a@x", "status": "pending"})
    s.put("requests", "r2", {"from": "b@y", "status": "pending"})
    assert [k for k, _ in s.lookup("requests", "status", "pending")] == ["r1", "r2"]
    tx = Transaction()
    tx.put("requests", "r1", {"from": "a@x", "status": "confirmed"})
    tx.put("requests", "r3", {"from": "a@x", "status": "pending"})
    tx.put("requests", "r3", {"from": "a@x", "status": "declined"})  # last write wins
    tx.delete("requests", "r2")
    s.commit(tx)
    assert s.lookup("requests", "status", "pending") == []
    assert [k for k, _ in s.lookup("requests", "from", "a@x")] == ["r1", "r3"]
    assert [k for k, _ in s.lookup("requests", "status", "declined")] == ["r3"]
    s.close()
    assert [k for k, _ in Store(path).lookup("requests", "from", "a@x")] == ["r1", "r3"]
