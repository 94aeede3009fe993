#!/usr/bin/env python3
"""Intent detection against another revision: the same outputs, and how fast (run by hand).

    python3 bench/detect_equivalence.py                   # this tree against `main`
    python3 bench/detect_equivalence.py --against cf75411 --no-compare --time 5
    python3 bench/detect_equivalence.py record out.json   # this tree's outputs, to a file
    python3 bench/detect_equivalence.py compare a.json b.json
    python3 bench/detect_equivalence.py profile           # cProfile of detect() on this tree

The messages: every record of mailbot/intents/data/corpus/*.jsonl (built as
real mail, as training builds it), the cases of tests/fixtures/intents/*.toml,
every .eml under tests/fixtures/, mailbot/examples/ and ../shared/corpus/
(when present). All are read from this tree, so both sides see the same mail.

For each message it records what `detect()` returns — name, groups,
confidence, evidence, topic and the forwarded original, recursively — once
with the configured model and once with none (the phrase tables alone), and
compares them with the other revision's (exported with `git archive` into a
temporary folder and run in a child process with that folder first on
sys.path). Any difference is printed; the exit status is 1 when there is one.

`--time N` runs N rounds, alternating the two trees, each round a child
process that reads every message once (a warm-up that fills the caches, its
CPU time printed as "cold") and then --passes times more; it prints the
min and median CPU milliseconds per message of each tree's passes. The
machine is shared: compare ranges over rounds, never one run.

Measured 2026-11-30 (2 cores shared by ~8 people, load average 5-9; CPU
ms per message, the min of each round's passes, the range over rounds;
main at dea0353 against this branch with the same phrase tables, rounds
alternated; no output differed over 4,573 messages, 9,146 outputs):

  every message (4,573; 3 rounds, 2 passes)  3.4-4.5 ms -> 1.0-1.2 ms (medians 3.6, 1.0)
  examples/ only (65, as bench/throughput.py
    sends them; 8 rounds, 10 passes)         0.55-0.59 ms -> 0.43-0.47 ms
  the first pass (caches empty), examples/   3.6-4.8 ms -> 2.0-2.4 ms

For every message, most of the cost was the look-up of words the tables do
not hold (typos, inflections: a scan of every long word and group word for
each new word; the word cache keeps 20,000, fewer than the corpus has);
indexes by first letters and length find the same words. On examples/ the
words are all cached after the first pass: what is left is the reading of
the text (tokens, phrase scan, clauses; ~45%), the model (encoding ~20%,
the evidence's words ~10%) and the rest of the decision. At cf75411 the same
examples/ took 0.17-0.18 ms (a detector without the model and with smaller
tables); see README ("Benchmark") for the throughput ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
TREE = ROOT  # the tree whose mailbot and config.toml are measured (a worker's --tree)


# --------------------------------------------------------------------------- in a worker (one tree)

def _messages(cfg) -> list[tuple[str, object]]:
    """(id, ParsedMessage) for every message this bench reads, in a fixed order."""
    import tomllib

    if _layered():
        from mailbot.core.model import Address, Forwarded, ParsedMessage
        from mailbot.mail.parse import parse
    else:
        from mailbot.message import parse
        from mailbot.model import Address, Forwarded, ParsedMessage

    out: list[tuple[str, object]] = []
    # The corpus: the same records, built the way training builds them (a revision before
    # the trained model has no corpus builder: its corpus is left out).
    train = None
    if (TREE / "mailbot" / "intents" / "train.py").exists():
        from mailbot.intents import train
    for rec in train.corpus_records(ROOT / "mailbot" / "intents" / "data" / "corpus") if train else ():
        out.append((f"corpus:{rec['id']}", train.record_message(rec, cfg)))
    for path in sorted((ROOT / "tests" / "fixtures" / "intents").glob("*.toml")):
        for n, case in enumerate(tomllib.loads(path.read_text("utf-8")).get("case", [])):
            fw = None
            if case.get("forwarded_text"):
                fw = Forwarded(sender=Address(case.get("forwarded_sender", "")),
                               subject=case.get("forwarded_subject", ""), text=case["forwarded_text"])
            msg = ParsedMessage(message_id="fixture", sender=Address(case.get("sender", "x@gent.example")),
                                subject=case.get("subject", ""), text=case.get("text", ""),
                                in_reply_to=case.get("in_reply_to", ""), forwarded=fw)
            out.append((f"case:{path.stem}[{n}]", msg))
    for base, label in ((ROOT / "tests" / "fixtures", "fixtures"), (ROOT / "mailbot" / "examples", "examples"),
                        (SHARED, "shared")):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.eml")):
            out.append((f"{label}:{path.relative_to(base)}", parse(path.read_bytes())))
    return out


def _as_dict(intent) -> dict | None:
    if intent is None:
        return None
    return {"name": intent.name, "groups": list(intent.groups), "confidence": intent.confidence,
            "evidence": list(intent.evidence), "topic": intent.topic, "original": _as_dict(intent.original)}


def _layered() -> bool:
    """Whether TREE has the layered package (issue 14); by its files, as an installed mailbot
    elsewhere may supply the modules an older tree lacks."""
    return (TREE / "mailbot" / "core").is_dir()


def _detect():
    if _layered():
        from mailbot.intents.detector import detect
    else:
        from mailbot.intents import detect
    return detect


def _config():
    if _layered():
        from mailbot.core import config
    else:
        from mailbot import config

    return config.load(TREE / "config.toml")


def worker_record(out: Path) -> None:
    from mailbot.intents import model as intent_model

    detect = _detect()
    cfg = _config()
    msgs = _messages(cfg)
    rows = {}
    for mid, msg in msgs:
        rows[mid] = _as_dict(detect(msg, cfg))
    with intent_model.using(None):
        for mid, msg in msgs:
            rows[mid + "|no model"] = _as_dict(detect(msg, cfg))
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")


def _selected(cfg, only: str) -> list:
    """The messages whose id starts with `only` ("examples:", "corpus:", …; "" for all)."""
    return [m for mid, m in _messages(cfg) if mid.startswith(only)]


def worker_time(passes: int, only: str = "") -> dict:
    detect = _detect()
    cfg = _config()
    msgs = _selected(cfg, only)
    res = []
    for n in range(passes + 1):
        t0 = time.process_time()
        for m in msgs:
            detect(m, cfg)
        res.append((time.process_time() - t0) * 1000 / len(msgs))
    return {"n": len(msgs), "cold": res[0], "passes": res[1:]}


def worker_profile(sort: str, limit: int, only: str = "") -> None:
    import cProfile
    import pstats

    detect = _detect()
    cfg = _config()
    msgs = _selected(cfg, only)
    for m in msgs:  # warm: the caches a long-running daemon has
        detect(m, cfg)
    prof = cProfile.Profile()
    prof.enable()
    for m in msgs:
        detect(m, cfg)
    prof.disable()
    pstats.Stats(prof).sort_stats(sort).print_stats(limit)


# --------------------------------------------------------------------------- the parent

def _export(rev: str, dest: Path) -> Path:
    """`rev` of this repository, unpacked into dest (no work tree of anybody's is touched)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    dest.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _run(tree: Path, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(tree))
    res = subprocess.run([sys.executable, __file__, "--tree", str(tree), *args], capture_output=True, text=True,
                         env=env, cwd=str(tree))
    if res.returncode != 0:
        raise SystemExit(f"worker in {tree} failed:\n{res.stderr[-4000:]}")
    return res.stdout


def compare(a: dict, b: dict, names=("before", "after")) -> int:
    """Print every message whose outputs differ; the number of differences."""
    diffs = 0
    for mid in sorted(set(a) | set(b)):
        x, y = a.get(mid), b.get(mid)
        if x == y:
            continue
        diffs += 1
        print(f"--- {mid}")
        for key in sorted(set(x or {}) | set(y or {})):
            if (x or {}).get(key) != (y or {}).get(key):
                print(f"  {key}:\n    {names[0]}: {(x or {}).get(key)!r}\n    {names[1]}: {(y or {}).get(key)!r}")
    return diffs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="against", choices=["against", "record", "compare", "profile"])
    p.add_argument("files", nargs="*", help="record: the output file; compare: the two files")
    p.add_argument("--against", default="main", help="the revision to compare this tree with (default main)")
    p.add_argument("--time", type=int, default=0, metavar="N", help="also time N alternating rounds of each tree")
    p.add_argument("--passes", type=int, default=3, help="timed passes over all messages per round (default 3)")
    p.add_argument("--no-compare", action="store_true", help="only time (with --time)")
    p.add_argument("--only", default="", metavar="PREFIX",
                   help='time and profile only the messages whose id starts with PREFIX ("examples:", "corpus:")')
    p.add_argument("--sort", default="cumulative", help="profile: pstats sort key")
    p.add_argument("--limit", type=int, default=40, help="profile: rows printed")
    p.add_argument("--tree", help=argparse.SUPPRESS)  # a worker: the tree first on sys.path
    p.add_argument("--worker", choices=["record", "time"], help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)  # a recording worker's file
    args = p.parse_args(argv)

    global TREE
    TREE = Path(args.tree).resolve() if args.tree else ROOT
    sys.path.insert(0, str(TREE))
    if args.worker == "record":
        worker_record(Path(args.out))
        return 0
    if args.worker == "time":
        print(json.dumps(worker_time(args.passes, args.only)))
        return 0
    if args.command == "profile":
        worker_profile(args.sort, args.limit, args.only)
        return 0
    if args.command == "record":
        worker_record(Path(args.files[0]))
        return 0
    if args.command == "compare":
        a, b = (json.loads(Path(f).read_text("utf-8")) for f in args.files[:2])
        n = compare(a, b, tuple(args.files[:2]))
        print(f"{len(set(a) | set(b))} outputs, {n} differ")
        return 1 if n else 0

    status = 0
    with tempfile.TemporaryDirectory(prefix="detect-eq-") as tmp:
        other = _export(args.against, Path(tmp) / "other")
        if not args.no_compare:
            _run(other, "--worker", "record", "--out", str(Path(tmp) / "other.json"))
            _run(ROOT, "--worker", "record", "--out", str(Path(tmp) / "this.json"))
            a = json.loads((Path(tmp) / "other.json").read_text("utf-8"))
            b = json.loads((Path(tmp) / "this.json").read_text("utf-8"))
            n = compare(a, b, (args.against, "this tree"))
            print(f"{len(set(a) | set(b))} outputs ({len(a) // 2} messages, with and without the model): {n} differ")
            status = 1 if n else 0
        if args.time:
            res: dict[str, list[dict]] = {args.against: [], "this tree": []}
            for r in range(args.time):
                # alternate which goes first: drifts in the machine's load fall on both
                order = [(args.against, other), ("this tree", ROOT)]
                for name, t in (order if r % 2 == 0 else order[::-1]):
                    out = json.loads(_run(t, "--worker", "time", "--passes", str(args.passes), "--only", args.only).splitlines()[-1])
                    res[name].append(out)
                    print(f"round {r + 1} {name:>12}: cold {out['cold']:.3f}, passes "
                          f"{', '.join(f'{x:.3f}' for x in out['passes'])} ms/message ({out['n']} messages)",
                          flush=True)
            for name, outs in res.items():
                mins = [min(o["passes"]) for o in outs]
                colds = [o["cold"] for o in outs]
                print(f"{name:>12}: min of passes {min(mins):.3f}-{max(mins):.3f} ms/message "
                      f"(median {statistics.median(mins):.3f}); cold pass {min(colds):.3f}-{max(colds):.3f}")
    return status


if __name__ == "__main__":
    sys.exit(main())
