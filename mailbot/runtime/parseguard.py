"""Messages whose parsing killed the process: the second time, triage instead of a third try.

The parser bounds its own work (mail/parse.py), but a message that still
takes the process down while it is parsed (the kernel's OOM killer, a crash
in C code) would stay in the inbox and take it down again at every
restart. So whoever parses a message (this process or a parse worker)
first appends `+ KEY` to `<store>.parsing` and `- KEY` when done; KEY is a
hash of the raw bytes, known before any parsing. A process that died
mid-parse leaves a `+` without its `-`. At start-up those are counted
across restarts: a message that was being parsed when the process died
twice is not parsed again; it goes to triage with the reason (the message
itself is kept whole in the triage folder).

Each line is one small O_APPEND write, atomic between the processes that
share the file; it reaches the OS at once (a killed process keeps it) and
is not fsynced (a power cut only forgets a count).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from pathlib import Path

log = logging.getLogger(__name__)

#: deaths during a message's parse after which it is triaged, not parsed again
CRASHES = 2
REASON = "parsing this message stopped the process"  # limits.py makes it a triage reason


def key_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:24]


class ParseGuard:
    """The `<store>.parsing` file: crash counts per message, and the messages not to parse."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.counts = self._read()
        self.poisoned = frozenset(k for k, n in self.counts.items() if n >= CRASHES)
        for k in sorted(self.poisoned):
            log.error("message %s: %s %d times; it goes to triage without being parsed again", k, REASON, CRASHES)
        self.reset()

    def _read(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return counts
        for line in data.decode("ascii", "replace").splitlines():
            sign, _, key = line.partition(" ")
            if sign == "+" and key:
                counts[key] += 1
            elif sign == "-" and key:
                counts.pop(key, None)
        return counts

    def reset(self) -> None:
        """Rewrite the file with only the counts still open (none once every suspect was
        parsed): between two cycles nothing is being parsed, so this keeps the file small."""
        self.counts = self._read()
        if not self.counts and not self.path.exists():
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_bytes("".join(f"+ {k}\n" * n for k, n in sorted(self.counts.items())).encode())
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("parse guard %s: %s", self.path, exc)

    def begin(self, key: str) -> None:
        self._write(f"+ {key}\n")

    def end(self, key: str) -> None:
        self._write(f"- {key}\n")

    def _write(self, line: str) -> None:
        # opened per line: no descriptor to leak, or to share wrongly with forked workers
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
        except OSError as exc:  # a guard that cannot write must not stop the parsing it guards
            log.debug("parse guard %s: %s", self.path, exc)
