"""`mailbot learn`: retrain the intent model on the corpus plus what staff resolved in triage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mailbot.adapters import store as st
from mailbot.cli.base import EX_OK, EX_USAGE
from mailbot.intents import learn
from mailbot.intents import model as intent_model



def _staff_records(cfg) -> list[dict]:
    from mailbot.adapters import factory as adapters

    store = adapters.open_store(cfg)
    try:
        items = [doc for _, doc in store.items(st.TRIAGE)]
    finally:
        store.close()
    return learn.records_from_triage(items, [g.slug for g in cfg.groups])


def cmd_learn(args: argparse.Namespace) -> int:
    try:
        from mailbot.intents import train
        import sklearn  # noqa: F401
    except ImportError:
        print("mailbot: `learn` needs the train extra: pip install 'mailbot[train]' (scikit-learn)", file=sys.stderr)
        return EX_USAGE
    from mailbot.core.config import load_config

    cfg = load_config(args)
    staff = _staff_records(cfg)
    print(f"{len(staff)} triage items resolved by staff become labelled examples")
    corpus = Path(args.corpus) if args.corpus else train.CORPUS_DIR
    base = train.load_labelled(cfg, corpus=corpus, examples=train.default_examples())
    extra = train.load_labelled(cfg, corpus=None, extra=staff)
    both = base + extra
    held = [x for x in both if train.held_back(x.id)]
    before = train.fit(train.items_of([x for x in base if not train.held_back(x.id)], cfg))
    after = train.fit(train.items_of([x for x in both if not train.held_back(x.id)], cfg))
    r0, r1 = train.score(before, held, cfg), train.score(after, held, cfg)
    train.print_report("held-back part, trained without the staff examples", r0, what="intent and groups")
    train.print_report("held-back part, trained with them", r1, what="intent and groups")
    a0, a1 = r0["ok"] / max(1, r0["n"]), r1["ok"] / max(1, r1["n"])
    print(f"change: {100 * (a1 - a0):+.1f} points on {r1['n']} held-back messages")
    model, _ = train.train(train.items_of(both, cfg))
    # The packaged model is never overwritten: the learnt one goes where the config says,
    # and detection loads it from there (intents/model.load).
    out = Path(args.out) if args.out else cfg.path(cfg.intents.model)
    if not args.apply:
        print(f"model NOT replaced (run again with --apply to write it to {out})")
        return EX_OK
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    intent_model.reload()
    print(f"model written to {out} ({len(model.vocab)} features, temperature {model.temperature:.2f})")
    return EX_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("learn", help="retrain the intent model on the corpus plus the triage items staff resolved",
                       description="Turn every triage item staff resolved (join …, leave …, info, ignore) into a "
                                   "labelled example, retrain on the corpus plus these, and show the accuracy "
                                   "change on a held-back part. The model is replaced only with --apply.")
    p.add_argument("--apply", action="store_true", help="write the new model (default: only show the change)")
    p.add_argument("--corpus", default=None, metavar="DIR", help="folder of corpus .jsonl files (default: the shipped corpus)")
    p.add_argument("--out", default=None, metavar="PATH", help="where --apply writes the model (default: [intents] model of the config, "
                   "which detection loads)")
    p.set_defaults(func=cmd_learn)
