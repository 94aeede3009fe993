"""Messages whose parsing killed the process: the second time, triage instead of a third try.

The parser bounds its own work (mail/parse.py), but a message that still
takes the process down while it is parsed (the kernel's OOM killer, a crash
in C code) would stay in the inbox and take it down again at every
restart. So whoever parses a message (this process or a parse worker)
first appends `+ KEY` to `<store>.parsing` and `- KEY` when done; KEY is a
hash of the raw bytes, known before any parsing. A process that died
mid-parse leaves a `+` without its `-`. At start-up those are counted
across restarts. A message that was being parsed when the process died twice
is a suspect, not yet a culprit: the process may have been killed from
outside (a restart, a deploy, the OOM killer choosing it for another's
memory) while its parse workers were reading ahead, and then every message
in flight was "being parsed". So a suspect is parsed once more, alone, in a
forked child (`survives`): if the child dies, the message is the cause and
goes to triage with the reason, unparsed by the bot itself (the message is
kept whole in the triage folder); if the child finishes, the suspicion is
dropped and the message is handled as any other.

Each line is one small O_APPEND write, atomic between the processes that
share the file; it reaches the OS at once (a killed process keeps it) and
is not fsynced (a power cut only forgets a count).
"""

from __future__ import annotations

import hashlib
import logging
import os
import resource
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

#: deaths during a message's parse after which it is parsed only in a disposable child
CRASHES = 2
#: how long the child may take, and how much more memory than its parent it may map
PROBE_SECONDS = 120.0
PROBE_EXTRA_BYTES = 2 << 30
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
            log.warning("message %s was being parsed when the process died %d times; it is parsed "
                        "alone in a child process first", k, CRASHES)
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


def survives(fn: Callable[..., Any], *args: Any, timeout: float = PROBE_SECONDS) -> bool:
    """Whether `fn(*args)` finishes in a forked child, which then exits: False when the child
    is killed (by a signal, the kernel's OOM killer, its memory limit) or overruns `timeout`.

    A Python exception in the child counts as finishing: the parser's exceptions are the
    pipeline's to handle (they become triage items); only a death is the message's fault.
    """
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which always leaves by _exit
        code = 0
        try:
            try:
                _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
                mapped = int(open("/proc/self/statm").read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
                limit = mapped + PROBE_EXTRA_BYTES
                resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY
                                                        else min(limit, hard), hard))
            except (OSError, ValueError):
                pass
            try:
                fn(*args)
            except MemoryError:
                code = 3
            except BaseException:
                pass
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return False
        time.sleep(0.01)
