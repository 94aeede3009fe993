"""cli.py: the commands a new user runs, run as a user would (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LABELS = tomllib.loads((ROOT / "mailbot" / "examples" / "labels.toml").read_text())


def mailbot(*args: str, cwd: Path = ROOT, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "mailbot", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc


def test_replay_json_gives_the_labelled_intent_for_every_example():
    out = mailbot("replay", "--json", "mailbot/examples/").stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(list((ROOT / "mailbot" / "examples").glob("*.eml"))) == len(LABELS)
    wrong = []
    for row in rows:
        for key in ("file", "message_id", "from", "intent", "groups", "confidence", "route", "rule", "actions"):
            assert key in row
        assert row["route"] in ("facilitator", "staff", "auto", "none")
        label = LABELS[Path(row["file"]).stem]
        if (row["intent"], sorted(row["groups"])) != (label["intent"], sorted(label["groups"])):
            wrong.append((row["file"], row["intent"], row["groups"], label))
        if label["intent"] == "forward":
            assert row["original_intent"] == label["original_intent"]
            assert sorted(row["original_groups"]) == sorted(label["original_groups"])
    assert not wrong
    intents = {r["intent"] for r in rows}
    assert intents == {"join", "start_group", "leave", "info", "confirm", "decline", "rsvp",
                       "forward", "auto_reply", "bounce", "unknown"}


def test_replay_is_a_dry_run(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    mailbot("--config", str(cfg), "replay", str(ROOT / "mailbot" / "examples"))
    assert not (tmp_path / "var" / "mailbot.json").exists()
    assert not (tmp_path / "var" / "sent").exists()


def test_replay_commit_stores_and_sends(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    mailbot("--config", str(cfg), "replay", "--commit", str(ROOT / "mailbot" / "examples" / "join-en-ict.eml"))
    assert len(list((tmp_path / "var" / "sent" / "new").iterdir())) == 2
    again = mailbot("--config", str(cfg), "replay", "--commit", str(ROOT / "mailbot" / "examples" / "join-en-ict.eml"))
    assert "0 processed, 1 already known" in again.stderr
    assert len(list((tmp_path / "var" / "sent" / "new").iterdir())) == 2


def test_replay_reads_mbox_and_maildir(tmp_path):
    import mailbox

    mb = mailbox.mbox(tmp_path / "in.mbox")
    md = mailbox.Maildir(tmp_path / "md")
    for name in ("join-en-ict.eml", "info-en-groups.eml"):
        raw = (ROOT / "mailbot" / "examples" / name).read_bytes()
        mb.add(raw)
        md.add(raw)
    mb.flush()
    rows = mailbot("replay", "--json", str(tmp_path / "in.mbox"), str(tmp_path / "md")).stdout.splitlines()
    assert sorted(json.loads(r)["intent"] for r in rows) == ["info", "info", "join", "join"]


def test_explain_shows_the_rule_trace():
    out = mailbot("explain", "mailbot/examples/join-de-circular.eml").stdout
    for part in ("1. Parse", "2. Intent", "3. Rules", "4. Actions", "join-participant: MATCH", "bounce: no ("):
        assert part in out
    assert "circular-procurement" in out


def test_demo_on_a_fresh_directory(tmp_path):
    out = mailbot("demo", "--dir", str(tmp_path / "demo")).stdout
    assert "join-en-ict.eml" in out and "facilitator" in out
    assert f"{len(LABELS)} messages processed" in out
    sent = list((tmp_path / "demo" / "var" / "sent" / "new").iterdir())
    assert sent
    # The whole story (issue 15): the facilitator confirms with the real token, the member is welcomed,
    # invited with an .ics, their calendar's REPLY reaches the bot and counts; each mail's destination shown.
    assert "The facilitator confirmed: 2 mail(s)" in out and ": Welcome to the" in out
    assert "Invitation: " in out and "[+ .ics]" in out and (tmp_path / "demo" / "invite.ics").exists()
    assert "ACCEPTED (via imip)" in out and "The story ran to the end" in out
    from icalendar import Calendar

    ev = Calendar.from_ical((tmp_path / "demo" / "invite.ics").read_bytes()).walk("VEVENT")[0]
    assert str(ev["ORGANIZER"]) == "mailto:procurement@procuraplus.example"
    # What the demo left can be explored with the other commands.
    triage = mailbot("-c", str(tmp_path / "demo" / "config.toml"), "triage", "--json").stdout
    assert json.loads(triage)
    again = mailbot("demo", "--dir", str(tmp_path / "demo")).stdout  # starts fresh each time
    assert again.count("(duplicate)") == 0


def test_check_passes_on_the_shipped_config(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    out = mailbot("--config", str(cfg), "check").stdout
    assert "all checks passed" in out


def test_check_names_the_bad_key(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text().replace(
        'facilitator = "circular.facilitator@rotterdam.example"', 'facilitator = "nobody"'))
    proc = mailbot("--config", str(cfg), "check", check=False)
    assert proc.returncode == 2
    assert "groups[1].facilitator: not an email address" in proc.stdout


def test_bad_config_is_a_clear_error_for_every_command(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("[bot]\naddress = 'x'\n")
    proc = mailbot("--config", str(cfg), "once", check=False)
    assert proc.returncode == 2
    assert "bot.address: not an email address" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_once_processes_the_maildir(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    new = tmp_path / "var" / "mail" / "new"
    new.mkdir(parents=True)
    (new / "1.eml").write_bytes((ROOT / "mailbot" / "examples" / "info-en-groups.eml").read_bytes())
    out = mailbot("--config", str(cfg), "once").stdout
    assert "1 fetched, 1 processed" in out
    assert not list(new.iterdir())


def _subcommands() -> list[str]:
    from mailbot.cli.main import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(action.choices)


@pytest.mark.parametrize("command", [None] + _subcommands())
def test_every_command_has_help(command):
    args = ["--help"] if command is None else [command, "--help"]
    out = mailbot(*args).stdout
    assert "usage: mailbot" in out


def test_json_log_lines_carry_the_decision(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text((ROOT / "config.toml").read_text())
    new = tmp_path / "var" / "mail" / "new"
    new.mkdir(parents=True)
    (new / "1.eml").write_bytes((ROOT / "mailbot" / "examples" / "join-en-ict.eml").read_bytes())
    err = mailbot("--config", str(cfg), "--log-format", "json", "once").stderr
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    decision = next(line for line in lines if line.get("event") == "decision")
    assert decision["intent"] == "join" and decision["rule"] == "join-participant"
    assert decision["route"] == "facilitator" and decision["destination"] == "processed"
    assert "message_id" in decision

