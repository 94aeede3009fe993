"""The command line behaves as mature tools do: options anywhere, exit 2 on usage, quiet on a closed pipe."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mailbot.cli import main as cli
from test_cli import ROOT, mailbot


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding only a copy of the shipped config (its paths are relative to it)."""
    shutil.copyfile(ROOT / "config.toml", tmp_path / "config.toml")
    return tmp_path


def test_global_options_are_accepted_after_the_command(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = mailbot("-c", str(project / "config.toml"), "status", "--json", cwd=elsewhere)
    after = mailbot("status", "--json", "-c", str(project / "config.toml"), cwd=elsewhere)
    assert before.stdout == after.stdout
    # the one after the command wins, as with git's own per-command options
    wrong = mailbot("-c", str(tmp_path / "nope.toml"), "status", "-c", str(project / "config.toml"), cwd=elsewhere)
    assert wrong.returncode == 0


@pytest.mark.parametrize("argv, says", [
    (["schedule", "--now", "tomorrow"], "not an ISO date"),
    (["requests", "--status", "bogus"], "invalid choice"),
    (["forget", "not-an-address"], "not an email address"),
    (["export", "someone"], "not an email address"),
    (["replay", "README.md"], "not an email message"),
    (["explain", "pyproject.toml"], "not an email message"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2_with_a_reason(argv, says, project):
    shutil.copyfile(ROOT / "README.md", project / "README.md")
    shutil.copyfile(ROOT / "pyproject.toml", project / "pyproject.toml")
    proc = mailbot(*argv, cwd=project, check=False)
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr
    assert "Traceback" not in proc.stderr


def test_forget_with_a_bad_address_tells_nobody(project):
    mailbot("forget", "not-an-address", cwd=project, check=False)
    assert not (project / "var").exists()  # no store opened, no notice queued


def test_a_closed_pipe_ends_the_command_quietly(project):
    """`mailbot report --json | head -0`: the reader is gone before the first write."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run([sys.executable, "-m", "mailbot", "report", "--json"], cwd=project, env=env,
                          stdout=write, stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
    assert proc.returncode == cli.EX_PIPE


def test_check_never_writes(project):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    proc = mailbot("check", cwd=project)
    assert "does not exist yet" in proc.stdout
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_check_never_writes_a_store_outside_the_project(tmp_path):
    """`check -c docs/config.example.toml` once created the store file that config names."""
    cfg = tmp_path / "c" / "config.toml"
    cfg.parent.mkdir()
    text = (ROOT / "config.toml").read_text().replace('path = "var/mailbot.json"', 'path = "../elsewhere/db.json"')
    assert "../elsewhere/db.json" in text
    cfg.write_text(text)
    mailbot("-c", str(cfg), "check", cwd=tmp_path)
    assert not (tmp_path / "elsewhere").exists()


def test_library_loggers_stay_at_warning_unless_debug_is_asked():
    try:
        cli.setup_logging("INFO")
        assert logging.getLogger("apscheduler.scheduler").getEffectiveLevel() == logging.WARNING
        assert logging.getLogger("mailbot.runtime.pipeline").getEffectiveLevel() == logging.INFO
        cli.setup_logging("DEBUG")
        assert logging.getLogger("apscheduler").getEffectiveLevel() == logging.DEBUG
    finally:
        for name in cli.LIBRARY_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)
        logging.getLogger().setLevel(logging.WARNING)


def _all_parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        for name, sub in getattr(action, "choices", None).items() if hasattr(action, "_name_parser_map") else ():
            yield from _all_parsers(sub, path + (name,))


def test_every_help_text_is_clean_and_fits_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for path, parser in _all_parsers(cli.build_parser()):
        text = parser.format_help()
        assert "%%" not in text, path
        assert max(map(len, text.splitlines())) <= 80, (path, max(text.splitlines(), key=len))


def test_the_demo_stays_under_its_own_reply_caps(project):
    proc = mailbot("demo", "--log-level", "INFO", cwd=project)
    assert "cap reached" not in proc.stderr


@pytest.fixture(scope="module")
def after_demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    shutil.copyfile(ROOT / "config.toml", root / "config.toml")
    mailbot("demo", cwd=root)
    return root / "var" / "demo" / "config.toml"


@pytest.mark.parametrize("argv", [
    ["triage", "list"], ["triage"], ["groups"], ["members"], ["requests"], ["proposals"],
    ["participants", "list"], ["bounces", "list"], ["status"], ["schedule"], ["report"],
])
def test_every_list_takes_json(argv, after_demo):
    import json

    out = mailbot("-c", str(after_demo), *argv, "--json").stdout
    json.loads(out)
