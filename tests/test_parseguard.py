"""runtime/parseguard.py: a message whose parsing killed the process twice is
parsed alone in a child; when that dies too, it is triaged with the reason and
never parsed by the bot itself. Once is forgiven, and so are deaths that came
from outside (the child parses it without harm)."""

from __future__ import annotations

import os
from pathlib import Path

from mailbot.adapters import store as st
from mailbot.mail import parse as message
from mailbot.runtime.parseguard import ParseGuard
from test_pipeline import Env, example

POISON = b"X-Test-Poison: yes\r\n"


def _dies_on_poison(monkeypatch) -> None:
    real = message.parse

    def parse(raw):
        if POISON in raw:
            os._exit(9)  # as the kernel's OOM killer would end it
        return real(raw)

    monkeypatch.setattr(message, "parse", parse)


def run_dying_child(tmp: Path, monkeypatch) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            _dies_on_poison(monkeypatch)
            Env(tmp).pipe.cycle()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def poisoned() -> bytes:
    return POISON + example("join-en-ict.eml")


def test_killed_twice_while_parsing_goes_to_triage(tmp_path, monkeypatch):
    env = Env(tmp_path)
    env.deliver(poisoned())
    env.deliver(example("info-en-groups.eml"))
    env.store.close()
    assert run_dying_child(tmp_path, monkeypatch) == 9
    assert run_dying_child(tmp_path, monkeypatch) == 9  # every restart repeats it...
    env = Env(tmp_path)
    # It still kills whoever parses it: were it parsed in this process, pytest itself would die.
    _dies_on_poison(monkeypatch)
    stats = env.pipe.cycle()  # ...until the second death: then a child tries it alone, dies, and it is triaged
    assert stats.processed == 2 and stats.triaged == 1 and env.inbox() == 0
    (item,) = [d for _, d in env.store.items(st.TRIAGE)]
    assert "stopped the process 2 times, and once more when parsed alone" in item["reason"]
    assert [p.read_bytes() for p in env.folder("triage")] == [poisoned()]  # kept whole
    assert not ParseGuard(tmp_path / "db.json.parsing").counts  # nothing left to count


def test_killed_once_is_parsed_again(tmp_path, monkeypatch):
    env = Env(tmp_path)
    env.deliver(poisoned())
    env.store.close()
    assert run_dying_child(tmp_path, monkeypatch) == 9
    env = Env(tmp_path)  # the cause was elsewhere (a restart, memory taken by another process)
    stats = env.pipe.cycle()
    assert stats.processed == 1 and stats.triaged == 0
    env.pipe.cycle()
    assert not ParseGuard(tmp_path / "db.json.parsing").counts


def _killed_from_outside(tmp: Path) -> int:
    """A run killed while it parses, whatever the message (a restart, the OOM killer choosing it)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            message.parse = lambda raw: os._exit(9)
            Env(tmp).pipe.cycle()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_killed_twice_from_outside_is_parsed_alone_then_handled_as_any_other(tmp_path):
    # The SIGKILL crash loop (tests/test_e2e_servers.py) kills the bot while its workers read
    # ahead: the same first messages are "being parsed" at every kill, through no fault of theirs.
    env = Env(tmp_path)
    env.deliver(example("join-en-ict.eml"))
    env.store.close()
    assert _killed_from_outside(tmp_path) == 9
    assert _killed_from_outside(tmp_path) == 9
    env = Env(tmp_path)
    stats = env.pipe.cycle()
    assert stats.processed == 1 and stats.triaged == 0
    (mid,) = [k for k, _ in env.store.items(st.PROCESSED)]
    assert not mid.startswith("sha256-")  # decided under its own Message-ID
    assert not ParseGuard(tmp_path / "db.json.parsing").counts
