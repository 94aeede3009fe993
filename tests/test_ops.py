"""ops.py: `mailbot status`; docs/config.example.toml validates; the systemd unit's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from mailbot.core import config
from mailbot.runtime import ops
from mailbot.adapters import store as st
from test_cli import mailbot
from test_pipeline import NOW, Env, example

ROOT = Path(__file__).resolve().parents[1]


def test_status_after_a_cycle(tmp_path):
    env = Env(tmp_path)
    env.deliver(example("info-en-groups.eml"))
    env.deliver(b"garbage")
    env.pipe.cycle()
    env.store.put(st.OUTBOX, "f", {"key": "f", "to": ["x@y.example"], "status": "failed"})
    s = ops.status(env.cfg, env.store)
    assert s["last_poll"]["at"] == NOW.isoformat() and s["last_poll"]["fetched"] == 2
    assert s["failed_deliveries"] == 1 and s["outbox_depth"] == 0 and s["open_triage"] >= 1
    assert s["mailbox"].startswith("maildir ")


def test_status_command_text_and_json(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    assert "never" in mailbot("--config", str(cfg), "status").stdout
    mailbot("--config", str(cfg), "replay", "--commit", str(ROOT / "mailbot" / "examples" / "info-en-groups.eml"))
    data = json.loads(mailbot("--config", str(cfg), "status", "--json").stdout)
    assert data["store_exists"] and data["outbox_depth"] == 0 and "open_triage" in data


def test_example_deployment_config_validates():
    cfg = config.load(ROOT / "docs" / "config.example.toml")
    assert cfg.mailbox.type == "imap" and cfg.transport.type == "smtp"
    assert cfg.mailbox.password_env and cfg.transport.password_env


def test_systemd_unit_maps_exit_codes():
    unit = (ROOT / "docs" / "mailbot.service").read_text()
    assert "Type=simple" in unit and "Restart=on-failure" in unit
    assert "RestartPreventExitStatus=2" in unit  # a config error does not restart in a loop
    assert "ExecStart=" in unit and " run" in unit


def test_status_and_explain_never_write_the_store_the_daemon_is_appending_to(tmp_path):
    """A commit half-written by `mailbot run` must survive `mailbot status` and `mailbot explain` beside it."""
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    mailbot("--config", str(cfg), "replay", "--commit", str(ROOT / "mailbot" / "examples" / "info-en-groups.eml"))
    store = config.load(cfg).path(config.load(cfg).store.path)
    assert store.stat().st_size > 0
    with open(store, "ab") as fh:
        fh.write(b'{"t": "a commit in progre')  # the daemon, mid-append
    before = store.read_bytes()
    assert json.loads(mailbot("--config", str(cfg), "status", "--json").stdout)["store_exists"]
    mailbot("--config", str(cfg), "explain", str(ROOT / "mailbot" / "examples" / "info-en-groups.eml"))
    assert store.read_bytes() == before
