"""The trained intent model: a linear classifier over text features, applied with numpy.

The model file (an .npz shipped in the package) holds the feature vocabulary
(held in memory as a compact `Vocabulary`, not a dict of strings),
one weight column per intent, the biases and the temperature fitted on a
held-back split (so that the probabilities it gives are calibrated). Applying
it needs numpy only; training (mailbot/intents/train.py) needs scikit-learn.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from mailbot.intents.features import word_grams, words
from mailbot.intents.vocabulary import Vocabulary

__all__ = ["Model", "Vocabulary", "load", "reload", "read", "using", "MODEL_PATH", "vectorise"]

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "model.npz"


def vectorise(feats: Iterable[str], vocab: Vocabulary | dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The sorted unique vocabulary indices present and their values.

    Text features are binary and L2-normalised together (a long message
    weighs no more than a short one); marks ("m:…", what the structure and
    the phrase tables saw) count 1 each, so that they keep their weight
    whatever the length of the text.
    """
    feats = list(feats)
    found = vocab.lookup(feats) if isinstance(vocab, Vocabulary) else [vocab.get(f) for f in feats]
    text, marks = set(), set()
    for f, i in zip(feats, found):
        if i is not None:
            (marks if f.startswith("m:") else text).add(i)
    return _values(text, marks)


def _values(text: set[int], marks: set[int]) -> tuple[np.ndarray, np.ndarray]:
    idx = np.fromiter(sorted(text | marks), dtype=np.int64)
    if not len(idx):
        return idx, np.zeros(0)
    val = np.full(len(idx), 1.0 / math.sqrt(len(text)) if text else 0.0)
    if marks:
        val[np.searchsorted(idx, sorted(marks))] = 1.0
    return idx, val


@dataclass
class Model:
    """Vocabulary, weights (features x classes), biases, classes and temperature."""

    vocab: Vocabulary
    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)
    #: one yes/no column per group: is a join or leave about it (features x groups)
    group_weights: np.ndarray | None = None
    group_bias: np.ndarray | None = None
    group_names: tuple[str, ...] = ()

    _word_cache: dict = field(default_factory=dict, repr=False)
    _clears: int = field(default=0, repr=False)  # how often _word_cache was emptied
    #: the last message encoded, for word_reasons: (subject, body, each word's ids at its first
    #: use, the idx and val returned, the value of a text feature)
    _last: tuple | None = field(default=None, repr=False)
    _prefix_masks: dict = field(default_factory=dict, repr=False)

    def encode(self, subject: str, body: str, marks: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
        """`vectorise(text_features(subject, body, marks))`, with each word's lookups cached."""
        vocab, cache = self.vocab, self._word_cache
        text: set[int] = set()
        firsts: dict[str, tuple[int, ...]] = {}
        clears = self._clears
        for prefix, ws in (("s", words(subject)), ("", words(body))):
            for w in ws:
                key = (prefix, w)
                ids = cache.get(key)
                if ids is None:
                    grams = word_grams(w) + (("s:" + w,) if prefix and w != "?" else ())
                    ids = tuple(vocab.ids(grams))
                    if len(cache) > 50000:
                        cache.clear()
                        self._clears += 1
                    cache[key] = ids
                text.update(ids)
                if w not in firsts and w != "?":
                    firsts[w] = ids
            if not prefix:
                text.update(vocab.ids([f"b:{a} {b}" for a, b in zip(ws, ws[1:])]))
        mark_ids = set(vocab.ids(["m:" + m for m in marks]))
        idx, val = _values(text, mark_ids)
        # Not kept when the cache was emptied meanwhile: word_reasons reads the ids the cache holds
        # when it is called, and an emptied cache holds none for the words read before.
        self._last = (subject, body, firsts, idx, val, 1.0 / math.sqrt(len(text)) if text else 0.0) \
            if self._clears == clears else None
        return idx, val

    def logits_of(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        z = self.bias.astype(np.float64).copy()
        if len(idx):
            z += val @ self.weights[idx].astype(np.float64)
        return z

    def logits(self, feats: Iterable[str]) -> np.ndarray:
        return self.logits_of(*vectorise(feats, self.vocab))

    def proba_of(self, idx: np.ndarray, val: np.ndarray) -> dict[str, float]:
        """Calibrated probability per class of an encoded message."""
        z = self.logits_of(idx, val) / self.temperature
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        return {c: float(x) for c, x in zip(self.classes, p)}

    def group_proba(self, idx: np.ndarray, val: np.ndarray) -> dict[str, float]:
        """Probability per group that a join or leave with these features is about it."""
        if self.group_weights is None or not self.group_names:
            return {}
        z = self.group_bias.astype(np.float64).copy()
        if len(idx):
            z += val @ self.group_weights[idx].astype(np.float64)
        return {g: float(1 / (1 + math.exp(-x))) for g, x in zip(self.group_names, z)}

    def proba(self, feats: Iterable[str]) -> dict[str, float]:
        """Calibrated probability per class of a list of feature strings."""
        return self.proba_of(*vectorise(feats, self.vocab))

    def reasons(self, feats: Iterable[str], cls: str, k: int = 5) -> list[tuple[str, float]]:
        """The k features that pushed hardest towards `cls` against the other classes."""
        return self.reasons_of(*vectorise(feats, self.vocab), cls, k)

    def _margin_of(self, ids: np.ndarray, cls: str) -> np.ndarray:
        """Per feature of `ids`: its weight for `cls` against the mean of the other classes' (for the
        reasons). Row by row: a margin table for every feature would cost the process megabytes."""
        w = self.weights[ids].astype(np.float64)
        k = w.shape[1]
        c = self.classes.index(cls)
        return (w[:, c] if k < 2 else (w[:, c] * k - w.sum(axis=1)) / (k - 1)).astype(np.float32)

    def _prefixed(self, prefix: str) -> np.ndarray:
        """Per feature: whether its name starts with `prefix` (kept per prefix)."""
        hit = self._prefix_masks.get(prefix)
        if hit is None:
            hit = self._prefix_masks[prefix] = self.vocab.starting_with(prefix)
        return hit

    def word_reasons(self, subject: str, body: str, idx: np.ndarray, val: np.ndarray, cls: str,
                     k: int = 5) -> list[tuple[str, float]]:
        """The k words whose n-grams pushed hardest towards `cls` (for `explain`)."""
        if cls not in self.classes or not len(idx):
            return []
        last = self._last
        if last is not None and last[3] is idx and last[4] is val and last[0] == subject and last[1] == body:
            # What encode just returned: its words, and ids that are all text features of value last[5].
            scores = _word_sums(last[2], lambda flat: self._margin_of(np.asarray(flat, dtype=np.int64), cls), last[5])
            return [(wd, sc) for wd, sc in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k] if sc > 0]
        margin = self._margin_of(idx, cls) * val
        by_index = dict(zip(idx.tolist(), margin.tolist()))
        scores: dict[str, float] = {}
        for prefix, ws in (("s", words(subject)), ("", words(body))):
            for word in ws:
                if word in scores or word == "?":
                    continue
                ids = self._word_cache.get((prefix, word), ())
                scores[word] = sum(map(by_index.get, ids, itertools.repeat(0.0, len(ids))))
        top = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]
        return [(wd, sc) for wd, sc in top if sc > 0]

    def reasons_of(self, idx: np.ndarray, val: np.ndarray, cls: str, k: int = 5,
                   prefix: str = "") -> list[tuple[str, float]]:
        """The k features (those starting with `prefix`) that pushed hardest towards `cls`."""
        if cls not in self.classes or not len(idx):
            return []
        if prefix:
            keep = self._prefixed(prefix)[idx]
            idx, val = idx[keep], val[keep]
            if not len(idx):
                return []
        margin = self._margin_of(idx, cls).astype(np.float64) * val
        order = np.argsort(-margin, kind="stable")[:k]
        return [(self.vocab.name(int(idx[i])), float(margin[i])) for i in order if margin[i] > 0]

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (vocabulary in feature-index order)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as f:  # a file object: numpy adds no ".npz" to the name
            self._write(f)
        os.replace(tmp, path)  # a running daemon never reads half a model

    def _write(self, f) -> None:
        n = len(self.vocab)
        np.savez_compressed(
            f, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
            vocab=np.frombuffer(self.vocab.to_bytes(), dtype=np.uint8),
            classes=np.asarray(self.classes), temperature=np.float64(self.temperature),
            group_weights=(self.group_weights if self.group_weights is not None
                           else np.zeros((n, 0))).astype(np.float32),
            group_bias=(self.group_bias if self.group_bias is not None else np.zeros(0)).astype(np.float32),
            group_names=np.asarray(self.group_names, dtype=str),
            meta=np.frombuffer(json.dumps(self.meta, sort_keys=True).encode("utf-8"), dtype=np.uint8))


def _word_sums(firsts: dict[str, tuple[int, ...]], margin_of, value: float) -> dict[str, float]:
    """Per word, its features' margins (`margin_of(ids)`: one per id) times `value`, added one by one
    in the word's id order: the products and sums word_reasons makes through its id map."""
    flat = list(itertools.chain.from_iterable(firsts.values()))
    terms = (margin_of(flat).astype(np.float64) * value).tolist() if flat else []
    out: dict[str, float] = {}
    a = 0
    for w, b in zip(firsts, itertools.accumulate(map(len, firsts.values()))):
        out[w] = sum(terms[a:b])
        a = b
    return out


def read(path: Path) -> Model:
    """Load a model file written by Model.save."""
    with np.load(path, allow_pickle=False) as z:
        return Model(vocab=Vocabulary(z["vocab"].tobytes()), weights=z["weights"], bias=z["bias"],
                     classes=tuple(str(c) for c in z["classes"]), temperature=float(z["temperature"]),
                     meta=json.loads(z["meta"].tobytes().decode("utf-8") or "{}"),
                     group_weights=z["group_weights"] if "group_weights" in z.files else None,
                     group_bias=z["group_bias"] if "group_bias" in z.files else None,
                     group_names=tuple(str(g) for g in z["group_names"]) if "group_names" in z.files else ())


_override: list[Model | None] = []


def load(path: str | Path | None = None) -> Model | None:
    """The model detection uses: one set by `using`, else the file at `path` when it exists
    (the one `mailbot learn --apply` wrote), else the packaged one; None when there is none."""
    if _override:
        return _override[-1]
    key = str(path or MODEL_PATH)
    now = time.monotonic()
    seen = _checked.get(key)
    if seen is None or now - seen[0] > _RECHECK:
        # A model replaced by `learn --apply` is read again; the files are looked at
        # once a second, not for every message.
        seen = (now, _locate(key))
        _checked[key] = seen
    return _load_file(*seen[1]) if seen[1] else None


_RECHECK = 1.0


def reload() -> None:
    """Look at the model files again at the next `load` (after this process wrote one)."""
    _checked.clear()

_checked: dict[str, tuple[float, tuple[str, int] | None]] = {}


def _locate(path: str) -> tuple[str, int] | None:
    """(the file to read, its modification time): `path` if it exists, else the packaged model."""
    for p in (Path(path), MODEL_PATH):
        try:
            return str(p), p.stat().st_mtime_ns
        except OSError:
            continue
    return None


@lru_cache(maxsize=4)
def _load_file(path: str, stamp: int) -> Model:
    return read(Path(path))


@contextmanager
def using(model: Model | None):
    """Detect with `model` (None: the phrase tables alone) inside the block: cross-validation, `learn`."""
    _override.append(model)
    try:
        yield model
    finally:
        _override.pop()
