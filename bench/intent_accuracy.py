"""Intent accuracy per language over examples/ and tests/fixtures/intents/ (run by hand).

    python bench/intent_accuracy.py [--verbose] [--config config.toml]

A case counts as right when the intent and the set of groups both match the
label (and, for staff forwards, the original's intent). Prints one line per
language and set, then every miss with its evidence.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailbot.core import config as config_mod  # noqa: E402
from mailbot.intents.detector import detect  # noqa: E402
from mailbot.core.model import Address, Forwarded, Intent, ParsedMessage  # noqa: E402


def fixture_message(case: dict) -> ParsedMessage:
    """A ParsedMessage from one [[case]] of tests/fixtures/intents/*.toml."""
    fw = None
    if case.get("forwarded_text"):
        fw = Forwarded(sender=Address(case.get("forwarded_sender", "")), subject=case.get("forwarded_subject", ""),
                       text=case["forwarded_text"])
    return ParsedMessage(message_id="fixture", sender=Address(case.get("sender", "x@gent.example")),
                         subject=case.get("subject", ""), text=case.get("text", ""),
                         in_reply_to=case.get("in_reply_to", ""), forwarded=fw)


def fixture_cases(folder: Path) -> list[tuple[str, dict]]:
    out = []
    for path in sorted(folder.glob("*.toml")):
        for n, case in enumerate(tomllib.loads(path.read_text("utf-8")).get("case", [])):
            out.append((f"{path.stem}[{n}]", case))
    return out


def correct(intent: Intent, label: dict) -> bool:
    if intent.name != label["intent"] or sorted(intent.groups) != sorted(label.get("groups", [])):
        return False
    if "original_intent" in label:
        return intent.original is not None and intent.original.name == label["original_intent"]
    return True


def run(cfg, verbose: bool) -> dict[str, dict[str, list[int]]]:
    results: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    rows: list[tuple[str, str, ParsedMessage, dict]] = []
    labels_path = ROOT / "mailbot" / "examples" / "labels.toml"
    if labels_path.exists():
        try:
            from mailbot.mail.parse import parse
        except ImportError:  # pragma: no cover - before message.py existed
            parse = None
        labels = tomllib.loads(labels_path.read_text("utf-8"))
        for name, label in sorted(labels.items()):
            eml = ROOT / "mailbot" / "examples" / f"{name}.eml"
            if parse is None or not eml.exists():
                continue
            rows.append(("examples", name, parse(eml.read_bytes()), label))
    for name, case in fixture_cases(ROOT / "tests" / "fixtures" / "intents"):
        rows.append(("fixtures", name, fixture_message(case), case))
    for setname, name, msg, label in rows:
        intent = detect(msg, cfg)
        ok = correct(intent, label)
        for key in (label.get("language", "?"), "all"):
            r = results[setname][key]
            r[0] += ok
            r[1] += 1
        if not ok or verbose:
            misses.append((setname, name, label, intent, ok))
    for setname, name, label, intent, ok in misses:
        want = f"{label['intent']} {label.get('groups', [])}"
        got = f"{intent.name} {list(intent.groups)} {intent.confidence:.2f}"
        print(f"{'ok  ' if ok else 'MISS'} {setname}/{name}: want {want}, got {got}")
        if not ok or verbose:
            for e in intent.evidence:
                print(f"       - {e}")
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=str(ROOT / "config.toml"))
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    cfg = config_mod.load(args.config)
    results = run(cfg, args.verbose)
    print()
    for setname, by_lang in sorted(results.items()):
        for lang, (ok, n) in sorted(by_lang.items(), key=lambda x: (x[0] == "all", x[0])):
            print(f"{setname:9} {lang:4} {ok:3}/{n:<3} {100 * ok / n:5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
