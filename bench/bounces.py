"""How many failed recipients the bounce detection finds, per file, on the sisimai bounces.

    python3 bench/bounces.py [--corpus ../shared/corpus/sisimai-set-of-emails] [--json]

For every bounce file (the `lhost-*`, `rhost-*` and `rfc3464-*` messages, and
the DSNs in `tmp/`, `dos/`, `mac/`: not the abuse reports, auto-replies or
non-bounces) it counts the files where a failed recipient was found:

* by the stdlib RFC 3464 walk alone (message/delivery-status, Action: failed);
* by Mailman's detectors alone (flufl.bounce, permanent failures);
* by what mailbot uses (mail/parse.py: both, plus X-Failed-Recipients).

It prints one line per source and category, then the totals. By hand, not in CI
(tests/test_corpus.py holds the floor).
"""

from __future__ import annotations

import argparse
import email
import json
import sys
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mailbot.mail import parse as mparse  # noqa: E402
from mailbot.workflows import bounces  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "sisimai-set-of-emails"


def bounce_files(corpus: Path) -> list[Path]:
    out = []
    for p in sorted((corpus / "maildir").rglob("*.eml")):
        name = p.name
        if p.parent.name == "not" or name.startswith(("arf-", "rfc3834-")):
            continue
        out.append(p)
    return out


def measure(path: Path) -> dict:
    raw = path.read_bytes()
    data = raw.replace(b"\r", b"\n") if b"\r" in raw[:4096] and b"\n" not in raw[:4096] else raw
    msg = email.message_from_bytes(data, policy=policy.compat32)
    stdlib: list[str] = []
    try:
        for part in msg.walk():
            if part.get_content_type() == "message/delivery-status":
                stdlib.extend(mparse._dsn_failed(part, []))
    except Exception:
        pass
    perm, _temp, _mids = bounces.detect(msg)
    parsed = mparse.parse(raw)
    return {"file": str(path), "stdlib": sorted(set(stdlib)), "flufl": perm,
            "mailbot": list(parsed.auto.failed_recipients), "is_bounce": parsed.auto.is_bounce}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--json", action="store_true", help="one JSON object per file")
    args = ap.parse_args(argv)
    files = bounce_files(args.corpus)
    if not files:
        print(f"no bounce files under {args.corpus}", file=sys.stderr)
        return 2
    rows = [measure(p) for p in files]
    if args.json:
        for r in rows:
            print(json.dumps(r))
        return 0
    n = len(rows)
    for key in ("stdlib", "flufl", "mailbot"):
        found = sum(1 for r in rows if r[key])
        addrs = sum(len(r[key]) for r in rows)
        print(f"{key:8} files with a failed recipient: {found:3}/{n} ({found / n:.0%}); recipients found: {addrs}")
    print(f"recognised as a bounce: {sum(r['is_bounce'] for r in rows)}/{n}")
    missed = [Path(r["file"]).name for r in rows if not r["mailbot"]]
    print(f"no recipient found ({len(missed)}): " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
