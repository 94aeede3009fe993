"""The web queue: how the web process changes anything, with one writer at a time.

The web process never writes the store file itself while another process
might (see the package doc). It writes one JSON file per change into
``<web dir>/queue`` (a Maildir-style folder: written to tmp/, fsynced,
renamed into new/), and whoever holds the store's lock file drains it:

* the daemon, `mailbot run`: at the start of every `Pipeline.cycle()` and
  every two seconds from its job scheduler, under the store's lock;
* the web process itself when no daemon holds the lock file (`try_drain`),
  exactly as `mailbot once` would: take the lock file, open the store,
  drain, deliver, close.

Entry kinds:

``mail``     an outgoing mail the web composed (a confirmation link, a sign-in
             link): put into the outbox (idempotent by its key);
``message``  an RFC 5322 message (a confirmed interest form): run through the
             same pipeline as an email (`Pipeline.process`), deduplicated by
             its Message-ID like any message;
``command``  a staff command line from the dashboard, run by the same
             implementation as the email commands (`commands.execute`);
``digest``   send the network update digest of a period to every participant;
``note``     an audit line only (a staff sign-in).

An entry is deleted only after its effects are committed; a crash in between
repeats it, and each kind is idempotent (outbox keys, Message-IDs, and the
`web_actions` record of commands and digests).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from mailbot.mail import queue as mailq
from mailbot.mail.unit import Unit
from mailbot.commands import staff as cmds
from mailbot.mail import compose
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from mailbot.core.config import Config
from mailbot.adapters.mailbox import InboxMessage, ListMailbox, deliver_to_maildir, ensure_maildir
from mailbot.core.model import OutgoingMail
from mailbot.core.config import web_dir
from mailbot.core.tables import DIGESTS, WEB_ACTIONS  # the dashboard's audit trail; digests sent, by period

log = logging.getLogger("mailbot.runtime.webqueue")


def queue_dir(cfg: Config) -> Path:
    return web_dir(cfg) / "queue"


# -- writing (the web process) ---------------------------------------------------------------

def enqueue(cfg: Config, entry: dict[str, Any]) -> str:
    """Write one entry durably; the same `id` twice is one entry (idempotent)."""
    root = ensure_maildir(queue_dir(cfg))
    name = f"{entry['id']}.json"
    deliver_to_maildir(root, json.dumps(entry, ensure_ascii=True).encode(), name=name)
    return name


def mail_entry(ident: str, mail: OutgoingMail, now: datetime, audit: dict | None = None) -> dict:
    doc = mailq.entry(mail, now)
    return {"kind": "mail", "id": ident, "created": now.isoformat(), "mail": doc, "audit": audit}


def pending(cfg: Config) -> list[dict]:
    """Entries not yet drained (for the dashboard: "queued, the bot will act shortly")."""
    out = []
    for path in _files(cfg):
        try:
            out.append(json.loads(path.read_bytes()))
        except (OSError, ValueError):
            continue
    return out


def waiting(cfg: Config) -> bool:
    d = queue_dir(cfg) / "new"
    try:
        return any(not p.name.startswith(".") for p in d.iterdir())
    except FileNotFoundError:
        return False


def _files(cfg: Config) -> list[Path]:
    d = queue_dir(cfg) / "new"
    try:
        files = [p for p in d.iterdir() if p.suffix == ".json"]
    except FileNotFoundError:
        return []
    def key(p: Path):
        try:
            return (p.stat().st_mtime_ns, p.name)
        except FileNotFoundError:
            return (0, p.name)
    return sorted(files, key=key)


# -- draining (whoever holds the lock file) -----------------------------------------------------

class _OneMessage:
    """The mailbox `Pipeline.process` moves a queued message through: nothing to move."""

    def move(self, ref: str, destination: str) -> None:
        pass


def drain(pipe: Any, limit: int | None = None) -> int:
    """Apply queued entries through the pipeline `pipe` (its store lock held). Returns how many."""
    files = _files(pipe.cfg)
    if not files:
        return 0
    done = 0
    with pipe.store.lock:
        for path in files[:limit]:
            try:
                entry = json.loads(path.read_bytes())
            except FileNotFoundError:
                continue
            except ValueError:
                bad = ensure_maildir(queue_dir(pipe.cfg) / ".bad")
                os.replace(path, bad / "new" / path.name)
                log.error("web queue: %s is not JSON; moved to %s", path.name, bad)
                continue
            handler = HANDLERS.get(entry.get("kind", ""))
            if handler is None:
                log.error("web queue: unknown entry kind %r in %s; left in place", entry.get("kind"), path.name)
                continue
            handler(pipe, entry)
            path.unlink(missing_ok=True)
            done += 1
    if done:
        log.info("web queue: %d entries applied", done)
    return done


def _audit(unit: Unit, entry: dict, **extra: Any) -> None:
    if entry.get("audit"):
        unit.put(WEB_ACTIONS, entry["id"], dict(entry["audit"], **extra))


def _do_mail(pipe: Any, entry: dict) -> None:
    unit = Unit(pipe.store, pipe.cfg, pipe.clock())
    unit.mail([mailq.as_mail(dict(entry["mail"]))])  # the one guard and caps
    _audit(unit, entry)
    unit.commit()


def _do_message(pipe: Any, entry: dict) -> None:
    raw = entry["raw"].encode("utf-8", "surrogateescape")
    sub = copy.copy(pipe)
    sub.mailbox = _OneMessage()
    sub.process([InboxMessage(ref=entry["id"], raw=raw, size=len(raw))])


def _do_note(pipe: Any, entry: dict) -> None:
    unit = Unit(pipe.store, pipe.cfg, pipe.clock())
    _audit(unit, entry)
    unit.commit()


def run_command(pipe: Any, line: str, *, actor: str, item_id: str, source_id: str) -> tuple[cmds.Result, wf.Work]:
    """One staff command through `commands.execute`, the email commands' implementation."""
    store, now = pipe.store, pipe.clock()
    work = wf.Work(pipe.cfg, store, now, source_id=source_id)
    item = store.get(st.TRIAGE, item_id) if item_id else None
    if item_id and item is None:
        return cmds.Result(False, (line.split() or [""])[0], f"there is no triage item {item_id}"), work
    return cmds.execute(line, work, actor=actor, item=item), work


def _do_command(pipe: Any, entry: dict) -> None:
    store = pipe.store
    if store.has(WEB_ACTIONS, entry["id"]):
        return  # applied before a crash; only the file was left
    res, work = run_command(pipe, entry["line"], actor=entry["actor"], item_id=entry.get("item", ""),
                            source_id=f"web:{entry['id']}")
    now = pipe.clock()
    unit = Unit(store, pipe.cfg, now)
    if res.ok:
        unit.stage(work.records, work.outbox)
    unit.put(WEB_ACTIONS, entry["id"], {
        "id": entry["id"], "at": now.isoformat(), "requested": entry.get("created", ""),
        "actor": entry["actor"], "action": "command", "command": compose.header_safe(entry["line"], 200),
        "item": entry.get("item", ""), "ok": res.ok, "result": res.text[:4000],
        "mails": [list(m.to) for m in work.outbox] if res.ok else []})
    unit.commit()


def _do_digest(pipe: Any, entry: dict) -> None:
    from mailbot.schedule import reports

    store, cfg, now = pipe.store, pipe.cfg, pipe.clock()
    if store.has(WEB_ACTIONS, entry["id"]):
        return
    period = entry["period"]
    unit = Unit(store, cfg, now)
    old = store.get(DIGESTS, period)
    if old and old.get("status") == "sent":
        ok, text, mails = False, f"the digest for {period} was already sent on {old.get('sent', '')[:10]}", []
    else:
        digest = reports.compile_digest(store, cfg, now, period=period)
        mails = reports.digest_mails(digest, cfg, now, intro=entry.get("intro", ""))
        unit.mail(mails)
        unit.put(DIGESTS, period, {"period": period, "status": "sent", "sent": now.isoformat(),
                                 "by": entry["actor"], "recipients": len(mails),
                                 "updates": len(digest["entries"]), "intro": entry.get("intro", "")})
        ok, text = True, f"digest {period} queued for {len(mails)} participants ({len(digest['entries'])} updates)"
    unit.put(WEB_ACTIONS, entry["id"], {
        "id": entry["id"], "at": now.isoformat(), "requested": entry.get("created", ""),
        "actor": entry["actor"], "action": "digest", "command": f"send digest {period}", "item": "",
        "ok": ok, "result": text, "mails": [list(m.to) for m in mails]})
    unit.commit()


HANDLERS: dict[str, Callable[[Any, dict], None]] = {
    "mail": _do_mail,
    "message": _do_message,
    "command": _do_command,
    "digest": _do_digest,
    "note": _do_note,
}


# -- the web process draining for itself, when no daemon runs ---------------------------------

_local = threading.Lock()


def try_drain(cfg: Config, clock: Callable[[], datetime]) -> bool:
    """Drain and deliver now if no other process holds the store (else the daemon will).

    Returns True when this process drained the queue.
    """
    from mailbot.adapters import factory as adapters
    from mailbot.runtime.pipeline import Pipeline

    with _local:  # one drain per web process at a time; the lock file serialises processes
        try:
            with adapters.exclusive(cfg):
                store = adapters.open_store(cfg)
                transport = adapters.open_transport(cfg)
                try:
                    pipe = Pipeline(cfg, store, ListMailbox(label="web queue"), transport, clock=clock)
                    while drain(pipe):
                        pass
                    pipe.deliver()
                finally:
                    transport.close()
                    store.close()
            return True
        except adapters.Busy:
            return False
