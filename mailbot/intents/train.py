"""Train the intent model from the labelled corpus (needs the `train` extra: scikit-learn).

    python -m mailbot.intents.train [--cv 5] [--out PATH]

Sources, read in a fixed order so that two runs give the same weights:
the corpus (mailbot/intents/data/corpus/*.jsonl: one labelled message per line),
the labelled examples (examples/*.eml with labels.toml), and any extra
records (the triage items staff resolved, from `mailbot learn`). Each is
turned into a real message (stdlib email, then message.parse) and read
the way detection reads it; messages a structural signal decides (bounces,
automatic mail, iMIP, forwards, token answers) teach the model nothing and
are left out.

The model is a multinomial logistic regression over the features of
features.py. A held-back fifth of the data (chosen by a hash of each
record's id, so it does not move when records are added) fits the
temperature that calibrates its probabilities and gives the accuracy
printed; the shipped weights are then fitted on everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import numpy as np

from mailbot.core.config import Config
from mailbot.mail.compose import encode_words
from mailbot.intents import model as intent_model

__all__ = ["Item", "load_items", "fit", "evaluate", "record_message", "main"]

CORPUS_DIR = intent_model.DATA_DIR / "corpus"
#: Intents a message's text can carry. A forward is structural only, and so is a bounce: the bounce
#: rule acts on the failed addresses that only the delivery report or the daemon's notice gives
#: (mail/parse.py), and the few bounces the structure missed taught the model to call short
#: one-line requests bounces.
CLASSES = ("join", "leave", "start_group", "info", "unknown", "confirm", "decline", "rsvp", "auto_reply")
SEED = 13
C_REG = 20.0  # inverse regularisation strength (chosen by 5-fold cross-validation over the corpus)
MIN_DF = 6  # a feature seen in fewer training messages is not kept: fewer features keep `mailbot once` in its memory budget (README, "The model")


@dataclass(frozen=True)
class Item:
    """One training message, read: its id, language, label and features."""

    id: str
    language: str
    label: str
    features: tuple[str, ...]
    source: str
    groups: tuple[str, ...] = ()


def _quote(text: str) -> str:
    return "\n".join(line if line.startswith(">") else ("> " + line if line else ">") for line in text.split("\n"))


def record_message(rec: dict, cfg: Config):
    """A corpus record as a parsed message (built as real mail, then parsed as mail is)."""
    from mailbot.mail.parse import parse

    role = rec.get("sender_role", "authority")
    if role == "staff" and cfg.bot.staff:
        sender = cfg.bot.staff[0]
    elif role == "facilitator":
        by_slug = {g.slug: g.facilitator for g in cfg.groups}
        sender = next((by_slug[g] for g in rec.get("groups", []) if g in by_slug), cfg.groups[0].facilitator)
    else:  # the authority's own domain where the record kept it: it may name the sender ("akkwisti")
        sender = f"sender@{rec.get('sender_domain') or rec.get('language', 'xx') + '-authority.example'}"
    m = EmailMessage()
    m["From"] = sender
    m["To"] = cfg.bot.address
    m["Subject"] = rec.get("subject", "")
    m["Date"] = format_datetime(datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc))
    m["Message-ID"] = f"<{rec.get('id', 'record')}@corpus.example>"
    for k, v in (rec.get("headers") or {}).items():
        m[k] = v
    text = rec.get("text", "")
    if rec.get("quoted"):
        if "In-Reply-To" not in m:
            m["In-Reply-To"] = "<earlier@procuraplus.example>"
        text += f"\n\nOn Mon, 3 Mar 2025 at 09:00, {cfg.bot.name} <{cfg.bot.address}> wrote:\n" + _quote(rec["quoted"])
    m.set_content(text)
    try:
        raw = m.as_bytes()
    except UnicodeError:
        # The stdlib cannot re-encode some damaged subjects (a broken encoded word beside non-ASCII
        # text): the subject is encoded as outgoing mail encodes it, which the parser reads back whole.
        del m["Subject"]
        raw = f"Subject: {encode_words(rec.get('subject', ''))}\r\n".encode("ascii") + m.as_bytes()
    return parse(raw)


def corpus_records(folder: Path = CORPUS_DIR, exclude: Iterable[str] = ()) -> list[dict]:
    """Every record of the corpus files (but those named in `exclude`, without .jsonl), sorted by id."""
    out = []
    skip = set(exclude)
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem in skip:
            continue
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return sorted(out, key=lambda r: r["id"])


def example_messages(folder: Path) -> list[tuple[dict, object]]:
    """(label record, parsed message) for examples/*.eml listed in labels.toml."""
    from mailbot.mail.parse import parse

    labels_path = folder / "labels.toml"
    if not labels_path.exists():
        return []
    out = []
    for name, label in sorted(tomllib.loads(labels_path.read_text("utf-8")).items()):
        eml = folder / f"{name}.eml"
        if eml.exists():
            rec = dict(label, id=f"example:{name}")
            out.append((rec, parse(eml.read_bytes())))
    return out


def _item(rec: dict, msg, cfg: Config, source: str) -> Item | None:
    from mailbot.intents.detector import text_reading

    label = rec.get("intent", "")
    if label not in CLASSES:
        return None
    r = text_reading(msg, cfg)
    if r is None:
        return None
    return Item(str(rec["id"]), rec.get("language", "?"), label, tuple(r.features), source,
                tuple(sorted(rec.get("groups", []))))


@dataclass(frozen=True)
class Labelled:
    """One labelled message: the label record and the parsed message."""

    rec: dict
    msg: object
    source: str

    @property
    def id(self) -> str:
        return str(self.rec["id"])


def load_labelled(cfg: Config, *, corpus: Path | None = CORPUS_DIR, examples: Path | None = None,
                  extra: Iterable[dict] = (), exclude: Iterable[str] = ()) -> list[Labelled]:
    """Every labelled message, in a fixed order (corpus, examples, extra records)."""
    records = corpus_records(corpus, exclude) if corpus else []
    out = [Labelled(rec, record_message(rec, cfg), "corpus") for rec in records]
    if examples is not None:
        out += [Labelled(rec, msg, "examples") for rec, msg in example_messages(examples)]
    out += [Labelled(rec, record_message(rec, cfg), "staff") for rec in sorted(extra, key=lambda r: str(r["id"]))]
    return out


def items_of(labelled: list[Labelled], cfg: Config) -> list[Item]:
    """The training items of labelled messages (those the text model reads)."""
    return [it for it in (_item(x.rec, x.msg, cfg, x.source) for x in labelled) if it]


def load_items(cfg: Config, *, corpus: Path | None = CORPUS_DIR, examples: Path | None = None,
               extra: Iterable[dict] = ()) -> list[Item]:
    """Every training item, in a fixed order (corpus, examples, extra records)."""
    return items_of(load_labelled(cfg, corpus=corpus, examples=examples, extra=extra), cfg)


def correct(intent, rec: dict) -> bool:
    """Intent and set of groups as labelled (and, for forwards, the original's)."""
    if intent.name != rec["intent"] or sorted(intent.groups) != sorted(rec.get("groups", [])):
        return False
    if rec.get("original_intent"):
        o = intent.original
        return o is not None and o.name == rec["original_intent"] and \
            sorted(o.groups) == sorted(rec.get("original_groups", o.groups))
    return True


def score(model: intent_model.Model | None, labelled: list[Labelled], cfg: Config) -> dict:
    """Intent-and-groups accuracy of full detection with `model`, per intent and per language."""
    from mailbot.intents.detector import detect

    out: dict = {"n": 0, "ok": 0, "lang": defaultdict(lambda: [0, 0]), "label": defaultdict(lambda: [0, 0]),
                 "joins": 0, "joins_right": 0, "wrong_joins": 0, "wrong_joins_acted": 0}
    with intent_model.using(model):
        for x in labelled:
            intent = detect(x.msg, cfg)
            ok = correct(intent, x.rec)
            out["n"] += 1
            out["ok"] += ok
            for key, val in (("lang", x.rec.get("language", "?")), ("label", x.rec["intent"])):
                out[key][val][0] += ok
                out[key][val][1] += 1
            if x.rec["intent"] == "join":
                out["joins"] += 1
                out["joins_right"] += ok
            if intent.name == "join" and not ok:
                out["wrong_joins"] += 1
                # the shipped rule table sends a join on from this confidence
                out["wrong_joins_acted"] = out.get("wrong_joins_acted", 0) + (intent.confidence >= 0.6)
    return out


def _merge(total: dict, r: dict) -> None:
    for k in ("n", "ok", "joins", "joins_right", "wrong_joins", "wrong_joins_acted"):
        total[k] = total.get(k, 0) + r.get(k, 0)
    for key in ("lang", "label"):
        for val, (a, b) in r[key].items():
            total[key][val][0] += a
            total[key][val][1] += b


def cross_validate_full(labelled: list[Labelled], cfg: Config, folds: int = 5, c: float = C_REG) -> dict:
    """k-fold intent-and-groups accuracy of full detection: each message scored by a model that never saw it."""
    items = {it.id: it for it in items_of(labelled, cfg)}
    total: dict = {"lang": defaultdict(lambda: [0, 0]), "label": defaultdict(lambda: [0, 0])}
    for k in range(folds):
        model = fit([it for i, it in items.items() if not held_back(i, k, folds)], c=c)
        _merge(total, score(model, [x for x in labelled if held_back(x.id, k, folds)], cfg))
    return total


def held_back(item_id: str, fold: int = 0, folds: int = 5) -> bool:
    """Whether an item is in the held-back part `fold` of `folds` (stable under additions)."""
    h = int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest()[:8], "big")
    return h % folds == fold


def _matrix(items: list[Item], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, it in enumerate(items):
        idx, val = intent_model.vectorise(it.features, vocab)
        rows.extend([r] * len(idx))
        cols.extend(idx.tolist())
        vals.extend(val.tolist())
    return csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(len(items), len(vocab)))


def fit(items: list[Item], *, temperature: float = 1.0, c: float = C_REG) -> intent_model.Model:
    """Fit the weights on `items` (deterministic: sorted vocabulary, lbfgs, fixed seed)."""
    from sklearn.linear_model import LogisticRegression

    df: Counter[str] = Counter()
    for it in items:
        df.update(set(it.features))
    names = sorted(f for f, n in df.items() if n >= MIN_DF)
    vocab = {f: i for i, f in enumerate(names)}
    labels = [it.label for it in items]
    classes = tuple(c_ for c_ in CLASSES if c_ in set(labels))
    clf = LogisticRegression(C=c, max_iter=1000, random_state=SEED, tol=1e-4)
    clf.fit(_matrix(items, vocab), labels)
    order = [list(clf.classes_).index(c_) for c_ in classes]
    weights = np.ascontiguousarray(clf.coef_.T[:, order], dtype=np.float32)
    bias = clf.intercept_[order].astype(np.float32)
    # Which groups a join or leave is about: one yes/no model per group, for the
    # messages whose group words the vocabularies do not find (inflected forms).
    req = [it for it in items if it.label in ("join", "leave")]
    slugs = tuple(sorted({g for it in req for g in it.groups}))
    gw = np.zeros((len(vocab), len(slugs)), dtype=np.float32)
    gb = np.zeros(len(slugs), dtype=np.float32)
    if req:
        xr = _matrix(req, vocab)
        for k, slug in enumerate(slugs):
            y = [slug in it.groups for it in req]
            if all(y) or not any(y):
                continue
            g = LogisticRegression(C=c, max_iter=1000, random_state=SEED, tol=1e-4).fit(xr, y)
            gw[:, k], gb[k] = g.coef_[0], g.intercept_[0]
    return intent_model.Model(vocab=intent_model.Vocabulary.of(names), weights=weights, bias=bias,
                              classes=classes, temperature=temperature,
                              group_weights=gw, group_bias=gb, group_names=slugs,
                              meta={"items": len(items), "classes": list(classes), "c": c,
                                    "languages": dict(sorted(Counter(it.language for it in items).items()))})


def _fit_temperature(model: intent_model.Model, items: list[Item]) -> float:
    """The temperature minimising the negative log-likelihood on `items` (grid search)."""
    if not items:
        return 1.0
    z = np.stack([model.logits(it.features) for it in items])
    y = np.asarray([model.classes.index(it.label) if it.label in model.classes else -1 for it in items])
    keep = y >= 0
    z, y = z[keep], y[keep]
    best, best_t = math.inf, 1.0
    for t in np.exp(np.linspace(math.log(0.2), math.log(5.0), 81)):
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        nll = -(s[np.arange(len(y)), y] - np.log(np.exp(s).sum(axis=1))).mean()
        if nll < best - 1e-12:
            best, best_t = nll, float(t)
    return best_t


def evaluate(model: intent_model.Model, items: list[Item]) -> dict:
    """Accuracy of the intent alone, overall and per language and label."""
    out: dict = {"n": len(items), "ok": 0, "lang": defaultdict(lambda: [0, 0]), "label": defaultdict(lambda: [0, 0])}
    for it in items:
        p = model.proba(it.features)
        pred = max(sorted(p), key=lambda c_: p[c_])
        ok = pred == it.label
        out["ok"] += ok
        for key, val in (("lang", it.language), ("label", it.label)):
            out[key][val][0] += ok
            out[key][val][1] += 1
    return out


def train(items: list[Item], *, c: float = C_REG) -> tuple[intent_model.Model, dict]:
    """Temperature and held-back accuracy from a 4/5 fit, then the final fit on everything."""
    train_part = [it for it in items if not held_back(it.id)]
    test_part = [it for it in items if held_back(it.id)]
    first = fit(train_part, c=c)
    t = _fit_temperature(first, test_part)
    first.temperature = t
    report = evaluate(first, test_part)
    model = fit(items, temperature=t, c=c)
    model.meta["held_back_accuracy"] = round(report["ok"] / max(1, report["n"]), 4)
    return model, report


def cross_validate(items: list[Item], folds: int = 5, c: float = C_REG) -> dict:
    """k-fold accuracy of the intent (each item scored by a model that never saw it)."""
    total: dict = {"n": 0, "ok": 0, "lang": defaultdict(lambda: [0, 0]), "label": defaultdict(lambda: [0, 0])}
    for k in range(folds):
        model = fit([it for it in items if not held_back(it.id, k, folds)], c=c)
        r = evaluate(model, [it for it in items if held_back(it.id, k, folds)])
        total["n"] += r["n"]
        total["ok"] += r["ok"]
        for key in ("lang", "label"):
            for val, (a, b) in r[key].items():
                total[key][val][0] += a
                total[key][val][1] += b
    return total


def print_report(title: str, r: dict, out=None, what: str = "intent only") -> None:
    """Accuracy overall, then per label and per language."""
    out = out or sys.stdout  # looked up at each call: a captured stdout may have been swapped since import
    n = max(1, r["n"])
    print(f"{title}: {r['ok']}/{r['n']} = {100 * r['ok'] / n:.1f}% ({what})", file=out)
    for key in ("label", "lang"):
        cells = [f"{v} {a}/{b}" for v, (a, b) in sorted(r[key].items())]
        print(f"  per {key}: " + ", ".join(cells), file=out)
    if "joins" in r:
        print(f"  joins right: {r['joins_right']}/{r['joins']}; joins with wrong groups or not asked for: "
              f"{r['wrong_joins']} ({r.get('wrong_joins_acted', 0)} of them at confidence >= 0.6)", file=out)


def default_examples() -> Path | None:
    """examples/ beside the package (package data after the layout) or at the repository root."""
    here = Path(__file__).resolve().parent
    for p in (here / "examples", here.parent / "examples"):
        if (p / "labels.toml").exists():
            return p
    return None


def main(argv: list[str] | None = None) -> int:
    from mailbot.core import config as config_mod

    ap = argparse.ArgumentParser(prog="python -m mailbot.intents.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default="config.toml", help="config whose group vocabularies the features read")
    ap.add_argument("--out", default=str(intent_model.MODEL_PATH), help="where to write the model (.npz)")
    ap.add_argument("--cv", type=int, default=0, metavar="K", help="also print a K-fold cross-validated accuracy")
    ap.add_argument("--c", type=float, default=C_REG, help="inverse regularisation strength")
    ap.add_argument("--exclude", action="append", default=[], metavar="NAME",
                    help="leave the corpus file NAME.jsonl out (to score a model on a set it never saw; repeatable)")
    args = ap.parse_args(argv)
    cfg = config_mod.load(args.config)
    labelled = load_labelled(cfg, examples=default_examples(), exclude=args.exclude)
    items = items_of(labelled, cfg)
    print(f"{len(labelled)} labelled messages, {len(items)} read by the text model: "
          + ", ".join(f"{k} {v}" for k, v in sorted(Counter(i.label for i in items).items())))
    if args.cv:
        print_report(f"{args.cv}-fold cross-validation, full detection", cross_validate_full(labelled, cfg, args.cv, args.c),
                     what="intent and groups")
        print_report("phrase tables alone, same messages", score(None, labelled, cfg), what="intent and groups")
    model, report = train(items, c=args.c)
    print_report("held-back fifth", report)
    print(f"temperature {model.temperature:.3f}; {len(model.vocab)} features")
    model.save(Path(args.out))
    print(f"model written to {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
