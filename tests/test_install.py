"""The package installs: a wheel built from the checkout, installed without -e into a fresh venv,
runs `mailbot demo` and one full `mailbot once` cycle from an empty folder outside the checkout.

The venv has no system site-packages (the checkout's editable install would
shadow the wheel); its dependencies come from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MAILBOT_CONFIG", "VIRTUAL_ENV")}
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{' '.join(map(str, cmd))} exited {out.returncode}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv with the wheel built from a copy of the checkout (the build leaves nothing in it)."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "config.toml"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "mailbot", src / "mailbot", symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)], cwd=base)
    (wheel,) = wheels.glob("mailbot-*.whl")
    env = base / "venv"
    _run([sys.executable, "-m", "venv", str(env)], cwd=base)
    _run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=base, timeout=900)
    return env


def test_the_installed_package_is_the_wheel_not_the_checkout(venv, tmp_path):
    out = _run([str(venv / "bin" / "python"), "-c", "import mailbot; print(mailbot.__file__)"], cwd=tmp_path)
    assert str(venv) in out.stdout and str(ROOT) not in out.stdout


def test_demo_runs_from_an_empty_folder(venv, tmp_path):
    out = _run([str(venv / "bin" / "mailbot"), "demo", "--dir", "demo"], cwd=tmp_path)
    assert "messages processed" in out.stdout
    sent = list((tmp_path / "demo" / "var" / "sent" / "new").iterdir())
    assert len(sent) > 10  # replies, facilitator requests and staff notices, written as files


def test_one_full_cycle_from_an_empty_folder(venv, tmp_path):
    """The shipped config, one message in the Maildir inbox, `mailbot once`: a reply is written."""
    py = venv / "bin" / "python"
    shipped = _run([str(py), "-c", "from importlib.resources import files; print(files('mailbot') / 'config.toml')"],
                   cwd=tmp_path).stdout.strip()
    shutil.copy(shipped, tmp_path / "config.toml")
    examples = Path(_run([str(py), "-c", "from importlib.resources import files; print(files('mailbot') / 'examples')"],
                         cwd=tmp_path).stdout.strip())
    inbox = tmp_path / "var" / "mail"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True)
    shutil.copy(examples / "info-en-groups.eml", inbox / "new" / "1.info:2,")
    out = _run([str(venv / "bin" / "mailbot"), "once"], cwd=tmp_path)
    assert "1 processed" in out.stdout, out.stdout
    sent = list((tmp_path / "var" / "sent" / "new").iterdir())
    assert sent and any(b"Interest Groups" in p.read_bytes() for p in sent)
    assert not list((inbox / "new").iterdir())  # moved out of the inbox
