"""What every `mailbot` subcommand shares: exit codes and where the package's data lies."""

from __future__ import annotations

from pathlib import Path

EX_OK, EX_PROBLEM, EX_USAGE, EX_TEMPFAIL = 0, 1, 2, 75
EX_PIPE = 128 + 13  # as a shell reports a command ended by SIGPIPE
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # templates/, examples/ and the shipped config.toml
