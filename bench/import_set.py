"""Add a labelled set of .eml files to the intent corpus (run by hand, once a set is spent).

    python bench/import_set.py DIR NAME [--config config.toml] [--check]

DIR holds *.eml and labels*.toml (the format bench/intent_accuracy.py scores).
Each message is parsed as mailbot parses mail and written as one corpus record
(mailbot/intents/data/corpus/NAME.jsonl): the subject, the whole text body as
the parser reads it (HTML already turned to text; quotes, signatures and an
inline forward stay, so training strips them as detection does), the headers
that carry a structural signal, the sender's role (and an authority's domain,
which may name it), and the label (intent,
groups, language, reason, topic, a forward's original). A forward attached as
message/rfc822 is written inline, as clients forward it. Messages whose
structure a record cannot carry (a delivery report, a mailer daemon's or a no-reply robot's sender, a calendar part) are left out
and listed: a structural rule decides them, the model never reads them.

With --check, every record is read back and detected, and the records whose
detection differs from the .eml's are listed (none should).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailbot.core import config as config_mod  # noqa: E402
from mailbot.intents import train  # noqa: E402
from mailbot.intents.detector import detect  # noqa: E402
from mailbot.mail.parse import parse  # noqa: E402

#: headers whose presence is a structural signal (automatic mail, lists, threads)
_KEEP = ("In-Reply-To", "References", "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond",
         "X-Auto-Response-Suppress", "List-Id", "List-Unsubscribe", "List-Post", "X-Mailer", "Thread-Topic")


def _role(addr: str, cfg) -> str:
    if addr.lower() in {s.lower() for s in cfg.bot.staff}:
        return "staff"
    if addr.lower() in {g.facilitator.lower() for g in cfg.groups}:
        return "facilitator"
    return "authority"


def _headers(raw: bytes) -> dict[str, str]:
    from email import policy
    from email.parser import BytesParser

    m = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)
    out = {}
    for k in _KEEP:
        v = m.get(k)
        if v is not None:
            out[k] = " ".join(str(v).split())
    return out


def record(stem: str, name: str, raw: bytes, label: dict, cfg) -> dict | None:
    """The corpus record of one labelled message, or None when a record cannot carry its structure."""
    msg = parse(raw)
    if msg.auto.is_bounce or any(r.endswith("is a robot's address") for r in msg.auto.reasons):
        return None  # a DSN, a mailer daemon's or a robot's own address: the sender a record cannot carry
    if msg.calendar is not None:
        return None
    text = msg.full_text
    fw = msg.forwarded
    if fw is not None and fw.text and fw.text.strip()[:80] not in text:
        sender = fw.sender.addr if fw.sender else ""
        text = (text + "\n\n---------- Forwarded message ---------\n"
                f"From: {sender}\nSubject: {fw.subject}\n\n{fw.text}").strip()
    rec = {"id": f"{name}-{stem}", "language": label.get("language", "?"), "intent": label["intent"],
           "groups": sorted(label.get("groups", [])), "subject": msg.subject, "text": text,
           "reason": label.get("reason", ""), "sender_role": _role(msg.sender_addr, cfg)}
    if rec["sender_role"] not in ("staff", "facilitator") and "@" in msg.sender_addr:
        rec["sender_domain"] = msg.sender_addr.rpartition("@")[2].lower()
    headers = _headers(raw)
    if headers:
        rec["headers"] = headers
    for k in ("topic", "original_intent", "original_groups"):
        if k in label:
            rec[k] = label[k]
    return rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path, help="folder of *.eml and labels*.toml")
    ap.add_argument("name", help="corpus file name (without .jsonl) and record id prefix")
    ap.add_argument("--config", default=str(ROOT / "config.toml"))
    ap.add_argument("--check", action="store_true", help="compare detection of each record with its .eml")
    args = ap.parse_args(argv)
    cfg = config_mod.load(args.config)
    labels: dict[str, dict] = {}
    for path in sorted(args.dir.glob("labels*.toml")):
        labels.update(tomllib.loads(path.read_text("utf-8")))
    out, skipped, differ = [], [], []
    for stem in sorted(labels):
        eml = args.dir / f"{stem}.eml"
        if not eml.exists():
            continue
        raw = eml.read_bytes()
        rec = record(stem, args.name, raw, labels[stem], cfg)
        if rec is None:
            skipped.append(stem)
            continue
        out.append(rec)
        if args.check:
            a, b = detect(parse(raw), cfg), detect(train.record_message(rec, cfg), cfg)
            if (a.name, sorted(a.groups)) != (b.name, sorted(b.groups)):
                differ.append(f"{stem}: eml {a.name} {list(a.groups)}, record {b.name} {list(b.groups)}")
    path = train.CORPUS_DIR / f"{args.name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in out), "utf-8")
    print(f"{len(out)} records written to {path}; {len(skipped)} left out (delivery failure or calendar part): "
          + ", ".join(skipped))
    for d in differ:
        print("differs:", d)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
