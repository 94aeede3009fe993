"""Where inbound mail comes from: the `Mailbox` interface and its Maildir adapter.

The pipeline only ever calls `fetch`, `move`, `wait` and `close`; the local
Maildir below (the embedded default) and the IMAP adapter in `imap.py` are two
implementations of that contract. A message is moved out of the inbox only
after the store has committed its effects (see docs/ARCHITECTURE.md), so
`fetch` must never change a message's state (IMAP: BODY.PEEK, no \\Seen).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Protocol

log = logging.getLogger(__name__)

#: logical destinations the pipeline moves messages to
DESTINATIONS = ("processed", "triage")


@dataclass(frozen=True)
class InboxMessage:
    """One message waiting in the inbox. `ref` identifies it to `move`."""

    ref: str
    raw: bytes
    size: int
    #: True when only part of the message was fetched (over the size limit)
    truncated: bool = False


class Mailbox(Protocol):
    """The inbound side of the pipeline."""

    def fetch(self, limit: int | None = None, exclude: Collection[str] = ()) -> list[InboxMessage]:
        """Return up to `limit` messages still in the inbox, oldest first, skipping the refs in `exclude`.

        `exclude` holds messages the caller fetched already and has not
        moved yet (the pipeline reads one batch ahead).
        """

    def move(self, ref: str, destination: str) -> None:
        """Move one message out of the inbox to "processed" or "triage"."""

    def wait(self, timeout: float) -> bool:
        """Block until new mail may be there (IDLE) or `timeout` seconds pass."""

    def close(self) -> None:
        """Release connections."""

    def describe(self) -> str:
        """A one-line human description (for logs and `mailbot check`)."""


def folder_dirname(folder: str) -> str:
    """Maildir++ name of a configured folder: "mailbot/processed" -> ".mailbot.processed"."""
    return "." + folder.strip("/").replace("/", ".")


def ensure_maildir(path: Path) -> Path:
    for sub in ("tmp", "new", "cur"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX needs the directory synced too)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class MaildirMailbox:
    """The embedded default inbox: a Maildir++ tree on the local disk.

    The inbox is `root/{new,cur}`; processed and triage folders are Maildir++
    subfolders (`root/.mailbot.processed`). Moves are renames, which are
    atomic on one filesystem, so a message is in exactly one place.
    """

    def __init__(self, root: str | os.PathLike[str], processed_folder: str = "mailbot/processed",
                 triage_folder: str = "mailbot/triage", poll_interval: float = 1.0):
        self.root = ensure_maildir(Path(root))
        self.folders = {
            "processed": ensure_maildir(self.root / folder_dirname(processed_folder)),
            "triage": ensure_maildir(self.root / folder_dirname(triage_folder)),
        }
        self.poll_interval = poll_interval

    def _paths(self) -> list[Path]:
        paths = []
        for sub in ("new", "cur"):
            d = self.root / sub
            try:
                paths.extend(p for p in d.iterdir() if not p.name.startswith("."))
            except FileNotFoundError:
                continue
        # Maildir names start with the delivery time: sorting gives arrival order.
        paths.sort(key=lambda p: (p.name.split(".", 1)[0], p.name))
        return paths

    def fetch(self, limit: int | None = None, exclude: Collection[str] = ()) -> list[InboxMessage]:
        out = []
        for path in self._paths():
            if limit is not None and len(out) >= limit:
                break
            if exclude and f"{path.parent.name}/{path.name}" in exclude:
                continue
            try:
                raw = path.read_bytes()
            except FileNotFoundError:  # moved by a concurrent run
                continue
            except OSError as exc:
                log.error("cannot read %s: %s", path, exc)
                continue
            out.append(InboxMessage(ref=f"{path.parent.name}/{path.name}", raw=raw, size=len(raw)))
        return out

    def pending(self) -> int:
        return len(self._paths())

    def move(self, ref: str, destination: str) -> None:
        if destination not in self.folders:
            raise ValueError(f"unknown destination {destination!r}")
        src = self.root / ref
        name = src.name.split(":", 1)[0]
        dst = self.folders[destination] / "cur" / (name + ":2,S")
        try:
            os.replace(src, dst)
        except FileNotFoundError:
            # Already moved (e.g. a restart after a crash that followed the move).
            if not dst.exists():
                log.warning("message %s vanished before it could be moved", ref)
            return
        fsync_dir(dst.parent)
        fsync_dir(src.parent)

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if self._paths():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(self.poll_interval, remaining))

    def deliver(self, raw: bytes) -> str:
        """Put a message into the inbox (demo, tests, `mailbot replay --commit`)."""
        return deliver_to_maildir(self.root, raw)

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"maildir {self.root}"


class ListMailbox:
    """A Mailbox over messages already in memory (replay --commit, the web queue, benchmarks).

    Moves are no-ops: the messages have no inbox to leave.
    """

    def __init__(self, items: list[InboxMessage] | None = None, label: str = "messages in memory"):
        self.items = list(items or [])
        self.label = label

    @classmethod
    def of(cls, pairs: list[tuple[str, bytes]], label: str = "files") -> "ListMailbox":
        return cls([InboxMessage(ref=ref, raw=raw, size=len(raw)) for ref, raw in pairs], label)

    def fetch(self, limit: int | None = None, exclude: Collection[str] = ()) -> list[InboxMessage]:
        # what was fetched has left the list: `exclude` is already true
        n = len(self.items) if limit is None else limit
        out, self.items = self.items[:n], self.items[n:]
        return out

    def move(self, ref: str, destination: str) -> None:
        pass

    def wait(self, timeout: float) -> bool:
        return False

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return self.label


_counter = 0


def deliver_to_maildir(root: Path, raw: bytes, name: str | None = None) -> str:
    """Write `raw` to `root/new` the Maildir way: tmp file, fsync, rename.

    With `name` given the delivery is idempotent: an existing file of that
    name means it was delivered already.
    """
    global _counter
    ensure_maildir(root)
    if name is None:
        _counter += 1
        name = f"{time.time_ns()}.P{os.getpid()}Q{_counter}.mailbot"
    final = root / "new" / name
    if name and (final.exists() or any((root / "cur").glob(name + ":*"))):
        return name
    tmp = root / "tmp" / name
    with open(tmp, "wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    fsync_dir(final.parent)
    return name
