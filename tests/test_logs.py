"""The test servers' library logs stay out of the terminal (conftest's log fixtures)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFTEST = ROOT / "tests" / "conftest.py"

PROBE = '''
import logging
import smtplib
import threading


def test_mailbot_in_process_sets_up_its_logging():
    from mailbot.cli.main import setup_logging

    setup_logging("INFO")


def test_talk_to_the_smtp_server(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as s:
        s.noop()
    # a record from a server's thread after the tests' capture has ended
    threading.Timer(1.0, lambda: logging.getLogger("mailbot.probe").info("server thread line")).start()


def test_talk_again(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as s:
        s.noop()
'''


def test_plain_pytest_output_holds_no_server_info_lines(tmp_path):
    """No INFO line from a server thread reaches plain pytest output, even after a test ran `mailbot` logging in-process
    (with the conftest of main before this change, the probe printed one)."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE)
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text())
    env_path = f"{ROOT / 'tests'}"
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "log_cli=false",
                        str(probe)], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                       env={**__import__("os").environ, "PYTHONPATH": f"{ROOT}:{env_path}"})
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout + r.stderr
    assert "mail.log" not in out and " INFO " not in out, out


def test_server_logs_are_held_at_warning():
    for name in ("mail.log", "uvicorn", "uvicorn.error", "uvicorn.access"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING
