"""admin.py: the admin CLI on a real store, with the same commands as email."""

from __future__ import annotations

import json
import shutil

import pytest

from conversation import ROOT, STAFF, mail
from mailbot.cli import main as cli
from mailbot.adapters.mailbox import MaildirMailbox


@pytest.fixture
def site(tmp_path):
    cfg = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", cfg)
    return tmp_path


def run(site, capsys, *argv):
    code = cli.main(["--config", str(site / "config.toml"), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def deliver(site, raw):
    MaildirMailbox(site / "var" / "mail", "mailbot/processed", "mailbot/triage").deliver(raw)


def sent(site):
    d = site / "var" / "sent" / "new"
    return [p.read_text(errors="replace") for p in sorted(d.iterdir())] if d.exists() else []


@pytest.mark.parametrize("name", ["groups", "members", "requests", "proposals", "triage", "participants", "reminders"])
def test_every_admin_command_has_help(site, capsys, name):
    with pytest.raises(SystemExit) as exc:
        cli.main([name, "--help"])
    assert exc.value.code == 0
    assert "--json" in capsys.readouterr().out


def test_tables_and_json(site, capsys):
    code, out, _ = run(site, capsys, "groups")
    assert code == 0 and "circular-procurement" in out and "FACILITATOR" in out
    code, out, _ = run(site, capsys, "groups", "--json")
    assert {g["slug"] for g in json.loads(out)} >= {"circular-procurement", "market-supplier-development"}
    code, out, _ = run(site, capsys, "participants", "--json")
    assert any(p["domain"] == "lyon.example" for p in json.loads(out))
    assert run(site, capsys, "members", "no-such-group")[0] == 2


def test_participants_add_remove(site, capsys):
    code, out, _ = run(site, capsys, "participants", "add", "wien.example", "City", "of", "Vienna")
    assert code == 0 and "wien.example = City of Vienna" in out
    code, out, _ = run(site, capsys, "participants", "list")
    assert "City of Vienna" in out
    assert run(site, capsys, "participants", "remove", "wien.example")[0] == 0
    code, out, _ = run(site, capsys, "participants", "--json")
    assert not any(p["domain"] == "wien.example" for p in json.loads(out))
    code, _, err = run(site, capsys, "participants", "remove", "wien.example")
    assert code == 1 and "not on the roster" in err


def test_triage_list_show_resolve_join(site, capsys):
    deliver(site, mail(STAFF, "Fwd: join", "FYI\n\n---------- Forwarded message ---------\n"
                       "From: Claire Martin <claire.martin@lyon.example>\nDate: Mon, 23 Nov 2026 at 09:00\n"
                       "Subject: groupe\nTo: <secretariat@procuraplus.example>\n\n"
                       "Bonjour, pouvez-vous m'aider ?\n"))
    assert run(site, capsys, "once")[0] == 0
    code, out, _ = run(site, capsys, "triage", "--json")
    (item,) = json.loads(out)
    assert item["acted_for"] == "claire.martin@lyon.example"
    code, out, _ = run(site, capsys, "triage", "show", item["id"])
    assert "claire.martin@lyon.example" in out and "pouvez-vous" in out
    code, out, err = run(site, capsys, "triage", "resolve", item["id"], "frobnicate")
    assert code == 1 and "unknown command" in err
    before = set(sent(site))
    code, out, _ = run(site, capsys, "triage", "resolve", item["id"], "join", "circular-procurement")
    assert code == 0 and "join request" in out and "delivered" in out
    new = [m for m in sent(site) if m not in before]
    assert any("circular.facilitator@rotterdam.example" in m and "[req:" in m for m in new)
    code, out, _ = run(site, capsys, "requests", "--json")
    (req,) = json.loads(out)
    assert req["from"] == "claire.martin@lyon.example" and req["status"] == "pending"
    code, out, _ = run(site, capsys, "triage")
    assert "no open triage items" in out
    code, out, _ = run(site, capsys, "triage", "--all")
    assert item["id"] in out
    code, out, _ = run(site, capsys, "reminders", "--dry-run")
    assert "nothing due" in out
