"""Fuzz the whole pipeline by hand, longer than CI does, and report the outcomes.

    python3 bench/fuzz.py                  # 2000 mutated + 1000 arbitrary inputs
    python3 bench/fuzz.py --examples 20000 --seed 7
    python3 bench/fuzz.py --examples 67000 --progress   # ~100,000 inputs, RSS after each chunk

Uses the same harness and invariants as tests/test_fuzz.py (tests/fuzzkit.py):
no exception escapes, every message in exactly one folder with its audit
and log line, outgoing mail with only the bot's own headers. Prints the
number of inputs tried and how many ended processed / triage / duplicate.

A long run goes in chunks (`--chunk`, default 1000 inputs): each chunk is a
fresh Hypothesis search (seed + chunk number) on a fresh mailbot. One search
of 67,000 examples kept every example it had drawn (Hypothesis's record of
the choices it made, to avoid repeats): about 77 KB an input, until the
kernel killed it. A fresh mailbot per chunk keeps its store, which holds
every message's records by design (README: a year of mail), at one chunk's
size. Peak memory (VmHWM) is printed at the end, and after each chunk with
`--progress`.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzzkit  # noqa: E402


def _mem() -> str:
    status = open("/proc/self/status").read()
    rss, hwm = (int(re.search(rf"{k}:\s+(\d+)", status).group(1)) // 1024 for k in ("VmRSS", "VmHWM"))
    return f"RSS {rss} MB, peak {hwm} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=2000, help="mutated real messages to try (half as many arbitrary)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chunk", type=int, default=1000, help="inputs per Hypothesis search and per fresh mailbot")
    ap.add_argument("--progress", action="store_true", help="print a line with the memory after each chunk")
    args = ap.parse_args()
    logging.getLogger("mailbot").propagate = False  # the harness captures the log itself
    seeds = fuzzkit.seed_files()
    tally: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    started = time.monotonic()
    done = 0
    for kind, strategy, n in (("mutated", fuzzkit.mutated(seeds), args.examples),
                              ("arbitrary", fuzzkit.arbitrary, args.examples // 2)):
        for part, start in enumerate(range(0, n, args.chunk)):
            size = min(args.chunk, n - start)
            with fuzzkit.harness() as h:

                @seed(args.seed * 100_003 + part)
                @settings(max_examples=size, deadline=None, database=None, suppress_health_check=list(HealthCheck))
                @given(strategy)
                def one(raw):
                    h.run(raw)

                one()
                for k, v in h.tally.items():
                    tally[f"{kind} {k}"] += v
                    totals[k] += v
                done += sum(h.tally.values())
            if args.progress:
                print(f"{done} inputs, {time.monotonic() - started:.0f}s, {_mem()}", flush=True)
    print(f"{done} inputs through the whole pipeline in {time.monotonic() - started:.0f}s, "
          f"{len(seeds)} seed messages; no exception escaped, every message in exactly one folder; {_mem()}")
    for k, v in sorted(totals.items()):
        print(f"  {k:10} {v}")
    for k, v in sorted(tally.items()):
        print(f"  {k:20} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
