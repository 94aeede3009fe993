"""No dead code: vulture at 80% confidence lists nothing but what tests/vulture_whitelist.py justifies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import require

ROOT = Path(__file__).resolve().parent.parent


def test_vulture_finds_no_dead_code():
    require("vulture")
    out = subprocess.run([sys.executable, "-m", "vulture", "mailbot", "tests/vulture_whitelist.py",
                          "--min-confidence", "80"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, "vulture found dead code (remove it, or justify it in tests/vulture_whitelist.py):\n" + out.stdout + out.stderr


def test_now_comes_only_from_the_clock():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "mailbot").rglob("*.py"))
                 if p.name != "clock.py"
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
                 if "datetime.now(" in line or "datetime.utcnow(" in line]
    assert not offenders, "call core/clock.utcnow instead:\n" + "\n".join(offenders)
