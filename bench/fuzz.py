"""Fuzz the whole pipeline by hand, longer than CI does, and report the outcomes.

    python3 bench/fuzz.py                  # 2000 mutated + 1000 arbitrary inputs
    python3 bench/fuzz.py --examples 20000 --seed 7

Uses the same harness and invariants as tests/test_fuzz.py (tests/fuzzkit.py):
no exception escapes, every message in exactly one folder with its audit
and log line, outgoing mail with only the bot's own headers. Prints the
number of inputs tried and how many ended processed / triage / duplicate.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzzkit  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=2000, help="mutated real messages to try (half as many arbitrary)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    logging.getLogger("mailbot").propagate = False  # the harness captures the log itself
    seeds = fuzzkit.seed_files()
    tally: Counter[str] = Counter()
    started = time.monotonic()
    with fuzzkit.harness() as h:
        for kind, strategy, n in (("mutated", fuzzkit.mutated(seeds), args.examples),
                                  ("arbitrary", fuzzkit.arbitrary, args.examples // 2)):
            before = Counter(h.tally)

            @seed(args.seed)
            @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(strategy)
            def one(raw):
                h.run(raw)

            one()
            for k, v in (h.tally - before).items():
                tally[f"{kind} {k}"] += v
        total = sum(h.tally.values())
        print(f"{total} inputs through the whole pipeline in {time.monotonic() - started:.0f}s, "
              f"{len(seeds)} seed messages; no exception escaped, every message in exactly one folder")
        for k, v in sorted(h.tally.items()):
            print(f"  {k:10} {v}")
        for k, v in sorted(tally.items()):
            print(f"  {k:20} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
