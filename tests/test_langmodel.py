"""mail/langmodel.py: the memory-mapped model answers exactly as py3langid's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from mailbot.mail import langmodel, text

ROOT = Path(__file__).resolve().parents[1]


def test_mapped_identifier_gives_py3langids_answers(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("MAILBOT_CACHE_DIR", str(tmp_path))
    mapped = langmodel.identifier(text.LANGUAGES)  # built here
    again = langmodel.identifier(text.LANGUAGES)  # mapped from the cache
    assert isinstance(mapped.tk_nextmove, memoryview) and len(list(tmp_path.iterdir())) == 1
    ref = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ref.set_languages(text.LANGUAGES)
    samples = [p.read_bytes().decode("utf-8", "replace")[:5000] for p in sorted((ROOT / "mailbot" / "examples").glob("*.eml"))]
    samples += ["Bonjour, nous souhaitons rejoindre le groupe.", "Dobrý den, chceme se připojit.", "x" * 50, ""]
    for s in samples:
        assert mapped.classify(s) == ref.classify(s) == again.classify(s)


def test_unwritable_cache_falls_back_to_py3langid(tmp_path, monkeypatch):
    monkeypatch.setattr(langmodel, "cache_dirs", lambda: [Path("/proc/no-such-dir")])
    ident = langmodel.identifier(["en", "de"])
    assert ident.classify("Hello, we would like to join the group please")[0] == "en"


def test_once_on_a_small_mail_stays_under_100_mb(tmp_path):
    """Peak RSS (VmHWM of the process, read at exit) of `mailbot once` on one small mail."""
    cfg = (ROOT / "config.toml").read_text()
    (tmp_path / "config.toml").write_text(cfg)
    new = tmp_path / "var" / "mail" / "new"
    new.mkdir(parents=True)
    raw = (ROOT / "mailbot" / "examples" / "join-de-circular.eml").read_bytes()
    code = ("import atexit, re, sys\n"
            "atexit.register(lambda: print('HWM', re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1), file=sys.stderr))\n"
            "from mailbot.cli.main import main\nsys.exit(main(sys.argv[1:]))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), MAILBOT_TOKEN_SECRET="x", MAILBOT_CACHE_DIR=str(tmp_path / "cache"))
    for n in range(2):  # the first run builds the model's cache, the second maps it
        (new / f"{n}.eml").write_bytes(raw.replace(b"Message-ID: <", f"Message-ID: <{n}.".encode(), 1))
        p = subprocess.run([sys.executable, "-c", code, "-c", str(tmp_path / "config.toml"), "--log-level", "WARNING",
                            "once"], env=env, capture_output=True, text=True, timeout=300)
        assert p.returncode == 0 and "1 processed" in p.stdout, p.stderr
        peak_mb = int(re.search(r"HWM (\d+)", p.stderr).group(1)) // 1024
        assert peak_mb < 100, peak_mb
