"""Build the configured edges: the mailbox, the transport, the store.

The only place that knows which adapter a config selects, so the pipeline
and the CLI stay the same for the embedded default and real servers.
"""

from __future__ import annotations

import fcntl
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from mailbot.core.config import Config
from mailbot.adapters.mailbox import Mailbox, MaildirMailbox
from mailbot.adapters.store import Store
from mailbot.adapters.transport import MaildirTransport, Transport


def open_store(cfg: Config) -> Store:
    return Store(cfg.path(cfg.store.path))


def open_mailbox(cfg: Config, store: Store | None = None) -> Mailbox:
    m = cfg.mailbox
    if m.type == "imap":
        from mailbot.adapters.imap import ImapMailbox  # imported lazily: the default needs no IMAP

        return ImapMailbox.from_config(cfg, store=store)
    return MaildirMailbox(cfg.path(m.path), m.processed_folder, m.triage_folder,
                          poll_interval=min(m.poll_interval, 1.0))


def open_transport(cfg: Config) -> Transport:
    t = cfg.transport
    if t.type == "smtp":
        from mailbot.adapters.smtp import SmtpTransport

        return SmtpTransport.from_config(cfg)
    return MaildirTransport(cfg.path(t.path))


class Busy(Exception):
    """Another mailbot process holds the store."""


@contextmanager
def exclusive(cfg: Config) -> Iterator[None]:
    """Hold the store's lock file: one writing process at a time."""
    path = Path(str(cfg.path(cfg.store.path)) + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(f"another mailbot process is using {cfg.path(cfg.store.path)} (lock {path})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _held.add(fd)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)


#: lock-file descriptors this process holds; a forked child (the parsing
#: workers of mailbot/prefetch.py) closes its copies, so the lock is freed
#: when this process ends, even if a child outlives it for a moment.
_held: set[int] = set()


def _drop_locks_in_child() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


def close_inherited_sockets(keep: Iterable[int] = ()) -> int:
    """In a forked child: close the sockets it inherited (IMAP, SMTP, servers), except `keep`.

    A child holding a copy keeps the parent's connections open after the
    parent closes them (a server sees the client go only when the child
    does). Files (logs, the store) are left alone. Linux only (/proc); a
    no-op elsewhere. Returns how many were closed.
    """
    kept = set(keep)
    closed = 0
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return 0
    for fd in fds:
        if fd < 3 or fd in kept:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
                closed += 1
        except OSError:
            continue
    return closed
