#!/usr/bin/env python3
"""mailbot against the raw speed of its servers (run by hand; not part of CI).

Starts the same private Dovecot and aiosmtpd the tests use (tests/servers.py),
loads N messages (a round-robin of examples/*.eml, each with a Message-ID of
its own) into the mailbox, and measures in the same run:

  1. raw baseline: imapclient fetching the N messages (BODY.PEEK[], batches
     of 100) plus aiosmtplib sending one reply for each on one connection,
     with no processing at all (`--raw-transaction lean`: sending the way
     mailbot's smtp.py does, MAIL/RCPT/DATA with one deadline, not sendmail);
  2. mailbot: `Pipeline.cycle()` with the real IMAP and SMTP adapters (what
     `mailbot once` runs) working through the same backlog, replies
     delivered, moves done, store committed — after `Pipeline.start()`,
     the start-up `mailbot run` does once (language model, parse workers,
     templates), which is timed and printed apart;
  3. arrival → reply latency under IDLE: a `mailbot run` subprocess, messages
     APPENDed one at a time; latency = reply seen at the SMTP server minus
     the APPEND;
  4. peak memory (ru_maxrss) of the process doing 1. and 2.;
  5. per-message cost with 0, 10,000 and 100,000 messages already in the
     store (processed markers, sent log, requests, reply counters).

Each of 1. and 2. runs in a child process of its own, so their timings and
peak memory are not mixed with the servers' (aiosmtpd runs in this process).
1. and 2. run --rounds times (default 3), each round on two fresh mailboxes;
the ratio printed is the median of the rounds' ratios, and the round with
that ratio is shown in full: this machine's speed drifts by 10-20% from one
run to the next. Beside wall-clock rates it prints the CPU seconds of each
side (mailbot: its own process, and its parse worker and courier together),
of the SMTP server and of Dovecot, and where mailbot's wall-clock time went.

    python3 bench/throughput.py            # N = 2,000
    python3 bench/throughput.py --n 500 --latency 30 --rounds 5
    python3 bench/throughput.py --profile  # also cProfile the mailbot run
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import pickle
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import mailgen  # noqa: E402
from servers import DovecotServer, SmtpServer  # noqa: E402

PASSWORD_ENV = "MAILBOT_TEST_IMAP_PASSWORD"


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- child workers

def worker_raw(args: argparse.Namespace) -> dict:
    """Fetch everything in the inbox and send one bare reply per message: no processing."""
    import aiosmtplib
    from imapclient import IMAPClient

    t0 = time.perf_counter()
    c = IMAPClient(args.host, args.imap_port, ssl=False, timeout=30)
    c.login(args.user, args.password)
    c.select_folder("INBOX", readonly=True)
    uids = sorted(c.search("ALL"))
    bodies: list[bytes] = []
    for i in range(0, len(uids), 100):
        got = c.fetch(uids[i:i + 100], ["BODY.PEEK[]"])
        bodies.extend(bytes(v[b"BODY[]"]) for v in got.values())
    c.logout()
    t_fetch = time.perf_counter() - t0

    replay = None
    if args.replay:  # the equal-I/O baseline: send exactly what mailbot sent
        replay = pickle.loads(Path(args.replay).read_bytes())

    async def send() -> int:
        smtp = aiosmtplib.SMTP(hostname=args.host, port=args.smtp_port, timeout=30)
        await smtp.connect()
        n = 0
        if replay is not None:
            for mail_from, rcpt_tos, data in replay:
                await smtp.sendmail(mail_from, rcpt_tos, data)
                n += 1
            await smtp.quit()
            return n
        for i, _body in enumerate(bodies):
            reply = (f"From: bot@example.net\r\nTo: sender{i}@example.org\r\nSubject: Re: your message\r\n"
                     f"Message-ID: <raw-{i}@bench.invalid>\r\nAuto-Submitted: auto-replied\r\n\r\n"
                     f"Thank you.\r\n").encode()
            if args.raw_transaction == "lean":  # what mailbot's smtp.py does instead of sendmail
                async with asyncio.timeout(30):
                    await smtp.execute_command(b"MAIL", b"FROM:<bot@example.net>", b"SIZE=%d" % len(reply),
                                               timeout=None)
                    await smtp.execute_command(b"RCPT", f"TO:<sender{i}@example.org>".encode(), timeout=None)
                    await smtp.data(reply, timeout=None)
            else:
                await smtp.sendmail("bot@example.net", [f"sender{i}@example.org"], reply)
            n += 1
        await smtp.quit()
        return n

    t1 = time.perf_counter()
    sent = asyncio.run(send())
    t_send = time.perf_counter() - t1
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_seconds": ru.ru_utime + ru.ru_stime, "fetched": len(bodies), "sent": sent, "seconds": time.perf_counter() - t0,
            "fetch_seconds": t_fetch, "send_seconds": t_send, "maxrss_mb": maxrss_mb()}


def worker_bot(args: argparse.Namespace) -> dict:
    """One `mailbot once` cycle, in-process, with the real adapters."""
    import logging

    from mailbot.adapters import factory as adapters
    from mailbot.core import config
    from mailbot.adapters import store as st
    from mailbot.runtime import pipeline
    from mailbot.runtime.pipeline import Pipeline

    logging.basicConfig(level=logging.WARNING)
    cfg = config.load(args.config)
    store = adapters.open_store(cfg)
    pipe = Pipeline(cfg, store, adapters.open_mailbox(cfg, store), adapters.open_transport(cfg))
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    # Where the time goes: wall-clock seconds in each phase of the cycle.
    phases: dict[str, float] = {}

    # functools.wraps keeps each signature: the pipeline reads a batch ahead
    # only where mailbox.fetch takes `exclude` (pipeline._takes_exclude).
    def timed(name, fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    def timed_async(name, fn):
        @functools.wraps(fn)
        async def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return await fn(*a, **kw)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    pipe._process_async = timed_async("decide, commit, move", pipe._process_async)
    pipe.store.commit = timed("store commits (all)", pipe.store.commit)
    pipe._deliver_async = timed_async("deliver (overlaps deciding)", pipe._deliver_async)
    pipe.mailbox.fetch = timed("fetch (IMAP)", pipe.mailbox.fetch)
    if hasattr(pipe.mailbox, "move_many"):
        pipe.mailbox.move_many = timed("move (IMAP)", pipe.mailbox.move_many)
    pipe.analyzer.analyze = timed("start parse workers", pipe.analyzer.analyze)
    assert pipeline._takes_exclude(pipe.mailbox), "the timing wrappers hid fetch(exclude=): no read-ahead"
    # What `mailbot run` does once at start-up (language model, parse
    # workers), timed apart: the throughput is the daemon's, working through a backlog.
    t_start = time.perf_counter()
    pipe.start()
    startup = time.perf_counter() - t_start
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    stats = pipe.cycle()
    seconds = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    pipe.close()  # the parse workers exit, so their CPU time shows in RUSAGE_CHILDREN
    ruc = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {"this process": ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime,
           "parse worker + courier": ruc.ru_utime + ruc.ru_stime}
    if prof is not None:
        prof.disable()
        prof.dump_stats(args.profile)
    pipe.mailbox.close()
    out = {"fetched": stats.fetched, "processed": stats.processed, "triaged": stats.triaged,
           "delivered": stats.delivery.delivered, "deferred": stats.delivery.deferred,
           "seconds": seconds, "maxrss_mb": maxrss_mb(), "sent_log": store.count(st.SENT), "phases": phases, "cpu": cpu,
           "startup_seconds": startup}
    store.close()
    return out


def _ratio(raw: dict, bot: dict) -> float:
    return (bot["processed"] / bot["seconds"]) / (raw["fetched"] / raw["seconds"])


def dovecot_cpu() -> float:
    """CPU seconds used so far by the Dovecot processes alive now (their /proc stat)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        if name in ("dovecot", "imap", "imap-login", "auth", "anvil", "log", "config", "stats", "indexer"):
            fields = stat[stat.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def run_worker(kind: str, extra: list[str]) -> dict:
    """Run a child worker; its result, with the CPU time this process (the SMTP server) spent meanwhile."""
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    dc0 = dovecot_cpu()
    res = subprocess.run([sys.executable, __file__, "--worker", kind, *extra], capture_output=True, text=True,
                         env=dict(os.environ))
    if res.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{res.stderr[-4000:]}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    out["server_cpu_seconds"] = ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime
    out["dovecot_cpu_seconds"] = dovecot_cpu() - dc0
    return out


# --------------------------------------------------------------------------- measurements

def load(account, mails: list[tuple[str, bytes]]) -> float:
    t0 = time.perf_counter()
    with account.client(timeout=60) as c:
        for _mid, raw in mails:
            c.append("INBOX", raw)
    return time.perf_counter() - t0


def measure_latency(dovecot, smtp, tmp: Path, count: int) -> list[float]:
    account = dovecot.add_user()
    d = tmp / "latency"
    d.mkdir()
    cfg = mailgen.write_config(d, account.settings(), smtp.settings(), mailbox={"poll_interval": 600.0},
                               log_level="WARNING")
    env = dict(os.environ, **{PASSWORD_ENV: account.password})
    log = open(d / "run.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(cfg), "run"], env=env, cwd=d,
                            stdout=log, stderr=subprocess.STDOUT)
    example = mailgen.crlf((ROOT / "mailbot" / "examples" / "info-en-groups.eml").read_bytes())

    def replied(mid: str) -> bool:
        return any(mid.encode() in r.data for r in smtp.messages[-8:])

    def one(mid: str, timeout: float = 60.0) -> float:
        raw = mailgen.with_message_id(example, mid)
        with account.client() as c:
            t0 = time.perf_counter()
            c.append("INBOX", raw)
        while time.perf_counter() - t0 < timeout:
            if replied(mid):
                return time.perf_counter() - t0
            time.sleep(0.002)
        raise SystemExit(f"no reply to {mid} within {timeout}s; see {d / 'run.log'}")

    try:
        one("<lat-warmup@bench.example>", 120)  # start-up, first connection
        out = []
        for i in range(count):
            time.sleep(0.3)  # let it go back to IDLE
            out.append(one(f"<lat-{i}@bench.example>"))
        return out
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


class _NullTransport:
    def deliver(self, mails, on_result=None):
        from mailbot.adapters.transport import DELIVERED, SendResult

        for m in mails:
            on_result(SendResult(m.key, DELIVERED, "250"))
        return []

    def close(self):
        pass

    def describe(self):
        return "null"


def prefill(store, n: int) -> None:
    """n processed messages' worth of records: markers, sent log, requests, reply counters."""
    from mailbot.adapters import store as st

    tx = st.Transaction()
    now = datetime.now(timezone.utc).isoformat()
    for i in range(n):
        mid = f"old-{i:07d}@history.example"
        tx.put(st.PROCESSED, mid, {"at": now, "intent": "join", "groups": ["circular-procurement"],
                                   "confidence": 0.9, "rule": "join-participant", "route": "auto",
                                   "actions": ["reply", "request"], "destination": "processed",
                                   "ref": f"1:{i}", "notes": []})
        tx.put(st.SENT, f"{mid}|reply|ack|old{i}@history.example",
               {"to": [f"old{i}@history.example"], "source": mid, "created": now, "delivered": now,
                "attempts": 1})
        if i % 4 == 0:
            rid = f"r{i:07d}"
            tx.put(st.REQUESTS, rid, {"id": rid, "kind": "join", "status": "approved", "group": "circular-procurement",
                                      "from": f"old{i}@history.example", "message_id": mid, "created": now,
                                      "updated": now})
        if i % 2 == 0:
            tx.put(st.REPLIES, f"old{i}@history.example|2025-01-01", {"count": 1})
    store.commit(tx)


def per_message_cost(tmp: Path, sizes: list[int], batch: int) -> list[tuple[int, float, float]]:
    """(store size, ms per message for `batch` messages, ms per message for a second batch)."""
    import logging

    from mailbot.core import config
    from mailbot.adapters import store as st
    from mailbot.adapters.mailbox import InboxMessage, ListMailbox
    from mailbot.runtime.pipeline import Pipeline

    logging.getLogger("mailbot").setLevel(logging.WARNING)
    base = config.load(ROOT / "config.toml")
    # tokens need not outlive these stores: no "generated a secret" warning for each
    os.environ.setdefault(base.bot.token_secret_env, "bench-per-message-cost")
    cfg = base.model_copy(update={"bot": base.bot.model_copy(update={
        "replies_per_sender_per_day": 10**6, "replies_per_sender_per_hour": 10**6,
        "replies_global_per_hour": 10**6})})
    out = []
    for size in sizes:
        path = tmp / f"store-{size}.json"
        store = st.Store(path)
        prefill(store, size)
        store.close()
        store = st.Store(path)  # load it as a restarted bot would
        timings = []
        # One pipeline per store, as a running bot has; the first batch
        # still meets cold caches (the store's indexes), the second does not.
        pipe = Pipeline(cfg, store, ListMailbox([]), _NullTransport())
        pipe.start()  # start-up is not a per-message cost
        for round_ in range(2):
            mails = mailgen.backlog(batch, tag=f"cost{size}r{round_}")
            items = [InboxMessage(ref=f"1:{i}", raw=raw, size=len(raw)) for i, (_m, raw) in enumerate(mails)]
            pipe.mailbox = ListMailbox(items)
            t0 = time.perf_counter()
            stats = pipe.cycle()
            timings.append((time.perf_counter() - t0) / max(1, stats.processed) * 1000)
        assert store.count(st.PROCESSED) >= size + 2 * batch - 10
        pipe.analyzer.close()
        store.close()
        out.append((size, *timings))
    return out


# --------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="backlog size (default 2000)")
    ap.add_argument("--latency", type=int, default=25, help="messages for the IDLE latency test (default 25)")
    ap.add_argument("--cost-batch", type=int, default=100, help="messages a cycle in the per-message cost test (default 100)")
    ap.add_argument("--sizes", default="0,10000,100000", help="store sizes for the per-message cost test")
    ap.add_argument("--profile", nargs="?", const="bench-mailbot.prof", default=None,
                    help="cProfile the mailbot run into this file (default bench-mailbot.prof)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="raw/mailbot rounds; the median ratio is reported (default 3)")
    ap.add_argument("--batch-size", type=int, default=None,
                    help="mailbot's [mailbox] batch_size (default: config.toml's)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: latency,cost")
    ap.add_argument("--raw-transaction", choices=["sendmail", "lean"], default="sendmail",
                    help="how the raw baseline sends: aiosmtplib's sendmail (default), or MAIL/RCPT/DATA "
                         "with one deadline, as mailbot's smtp.py does")
    # internal: child workers
    ap.add_argument("--worker", choices=["raw", "bot"], help=argparse.SUPPRESS)
    ap.add_argument("--replay", help=argparse.SUPPRESS)
    ap.add_argument("--host", help=argparse.SUPPRESS)
    ap.add_argument("--imap-port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--smtp-port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--user", help=argparse.SUPPRESS)
    ap.add_argument("--password", help=argparse.SUPPRESS)
    ap.add_argument("--config", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker == "raw":
        print(json.dumps(worker_raw(args)))
        return 0
    if args.worker == "bot":
        print(json.dumps(worker_bot(args)))
        return 0

    # SIGTERM as an exception, so the servers' cleanup runs (no stray Dovecot left behind).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    skip = set(filter(None, args.skip.split(",")))
    tmp = Path(tempfile.mkdtemp(prefix="mailbot-bench-"))
    print(f"mailbot throughput benchmark: N={args.n} (work dir {tmp})", flush=True)
    with DovecotServer() as dovecot, SmtpServer() as smtp:
        mails = mailgen.backlog(args.n, tag="bench")
        rounds: list[tuple[dict, dict, int, int]] = []  # (raw, bot, mails at the SMTP server, left in inbox)
        for r in range(args.rounds):
            # Each round: two fresh mailboxes with the same backlog, the raw
            # baseline and mailbot one after the other, so that both meet
            # the machine in the same state; the ratio is taken per round.
            raw_acct, bot_acct = dovecot.add_user(), dovecot.add_user()
            t_load = load(raw_acct, mails)
            load(bot_acct, mails)
            print(f"round {r + 1}/{args.rounds}: loaded {args.n} messages into two mailboxes "
                  f"({args.n / t_load:,.0f} APPENDs/s)", flush=True)
            raw = run_worker("raw", ["--host", dovecot.host, "--imap-port", str(dovecot.port), "--smtp-port",
                                     str(smtp.port), "--user", raw_acct.username, "--password", raw_acct.password,
                                     "--raw-transaction", args.raw_transaction])
            before = len(smtp.messages)
            d = tmp / f"bot{r}"
            d.mkdir()
            mailbox = {"batch_size": args.batch_size} if args.batch_size else None
            cfg = mailgen.write_config(d, bot_acct.settings(), smtp.settings(), mailbox=mailbox, log_level="WARNING")
            os.environ[PASSWORD_ENV] = bot_acct.password
            profile = ["--profile", str(Path(args.profile).resolve())] if args.profile and r == 0 else []
            bot = run_worker("bot", ["--config", str(cfg), *profile])
            arrived = len(smtp.messages) - before
            # 3. the same I/O as mailbot, without its processing: fetch the N
            # messages and send, on one connection, exactly the mails mailbot sent
            io_acct = dovecot.add_user()
            load(io_acct, mails)
            replay_file = tmp / f"replay{r}.pickle"
            replay_file.write_bytes(pickle.dumps([(m.mail_from, m.rcpt_tos, m.data) for m in smtp.messages[before:]]))
            io = run_worker("raw", ["--host", dovecot.host, "--imap-port", str(dovecot.port), "--smtp-port",
                                    str(smtp.port), "--user", io_acct.username, "--password", io_acct.password,
                                    "--replay", str(replay_file)])
            with bot_acct.client() as c:
                c.select_folder("INBOX", readonly=True)
                left = len(c.search("ALL"))
            print(f"round {r + 1}/{args.rounds}: raw {raw['fetched'] / raw['seconds']:,.0f} msg/s, mailbot "
                  f"{bot['processed'] / bot['seconds']:,.0f} msg/s, ratio {_ratio(raw, bot):.0%}; same-I/O "
                  f"baseline {io['fetched'] / io['seconds']:,.0f} msg/s, ratio {_ratio(io, bot):.0%}", flush=True)
            rounds.append((raw, bot, arrived, left, io))
        # the round with the median ratio is shown in full
        raw, bot, arrived, left, io = sorted(rounds, key=lambda x: _ratio(x[0], x[1]))[len(rounds) // 2]

        latencies: list[float] = []
        if "latency" not in skip:
            latencies = measure_latency(dovecot, smtp, tmp, args.latency)

    costs = []
    if "cost" not in skip:
        costs = per_message_cost(tmp, [int(s) for s in args.sizes.split(",")], args.cost_batch)

    raw_rate = raw["fetched"] / raw["seconds"]
    bot_rate = bot["processed"] / bot["seconds"]
    ratios = sorted(_ratio(a, b) for a, b, _, _, _ in rounds)
    io_ratios = sorted(_ratio(x[4], x[1]) for x in rounds)
    print()
    print("=" * 72)
    print(f"{'':34}{'raw baseline':>18}{'mailbot':>18}")
    print(f"{'messages':34}{raw['fetched']:>18,}{bot['processed']:>18,}")
    print(f"{'replies sent':34}{raw['sent']:>18,}{bot['delivered']:>18,}")
    print(f"{'seconds':34}{raw['seconds']:>18.2f}{bot['seconds']:>18.2f}")
    print(f"{'messages/second':34}{raw_rate:>18,.0f}{bot_rate:>18,.0f}")
    print(f"{'  of which fetch (raw)':34}{raw['fetch_seconds']:>17.2f}s")
    print(f"{'  of which SMTP sends (raw)':34}{raw['send_seconds']:>17.2f}s")
    print(f"{'CPU seconds, client':34}{raw['cpu_seconds']:>18.2f}"
          f"{sum(bot.get('cpu', {}).values()):>18.2f}")
    print(f"{'CPU seconds, SMTP server (aiosmtpd)':34}{raw['server_cpu_seconds']:>18.2f}"
          f"{bot['server_cpu_seconds']:>18.2f}")
    print(f"{'CPU seconds, Dovecot (approx.)':34}{raw['dovecot_cpu_seconds']:>18.2f}"
          f"{bot['dovecot_cpu_seconds']:>18.2f}")
    print(f"{'peak memory (ru_maxrss, MB)':34}{raw['maxrss_mb']:>18.1f}{bot['maxrss_mb']:>18.1f}")
    print(f"mailbot start-up, before the clock starts (language model, parse workers, templates): "
          f"{bot['startup_seconds']:.2f}s")
    print("mailbot, wall-clock seconds by phase:")
    for name, secs in bot.get("phases", {}).items():
        print(f"  {name:32}{secs:>17.2f}s")
    for name, secs in bot.get("cpu", {}).items():
        print(f"  CPU time, {name:22}{secs:>17.2f}s")
    print(f"raw baseline's SMTP: {'aiosmtplib sendmail' if args.raw_transaction == 'sendmail' else 'lean MAIL/RCPT/DATA'}")
    print(f"mailbot / raw throughput: {bot_rate / raw_rate:.0%} (median of {len(ratios)} rounds: "
          f"{', '.join(f'{x:.0%}' for x in ratios)})   (target >= 50%)")
    print(f"mailbot / same-I/O baseline (fetch N, send mailbot's {bot['delivered']:,} mails as they are): "
          f"{io_ratios[len(io_ratios) // 2]:.0%} (rounds: {', '.join(f'{x:.0%}' for x in io_ratios)})")
    print(f"mailbot: {bot['triaged']} to triage, {bot['deferred']} deferred, {arrived} mails at the SMTP "
          f"server, {left} left in the inbox")
    if latencies:
        lat = sorted(latencies)
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))]
        print(f"IDLE arrival -> reply latency over {len(lat)} messages: median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms   (target p95 < 1000 ms; "
              f"Dovecot's notify delay is ~500 ms of it)")
    if costs:
        print(f"per-message cost vs store size ({args.cost_batch} messages a cycle, null transport):")
        print(f"  {'processed in store':>20}{'1st cycle ms/msg':>20}{'2nd cycle ms/msg':>20}")
        for size, a, b in costs:
            print(f"  {size:>20,}{a:>20.2f}{b:>20.2f}")
    print("=" * 72)
    return 0


if __name__ == "__main__":
    sys.exit(main())
