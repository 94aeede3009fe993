"""The trained intent model: a linear classifier over text features, applied with numpy.

The model file (an .npz shipped in the package) holds the feature vocabulary,
one weight column per intent, the biases and the temperature fitted on a
held-back split (so that the probabilities it gives are calibrated). Applying
it needs numpy only; training (mailbot/intent_train.py) needs scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

__all__ = ["Model", "load", "MODEL_PATH", "vectorise"]

DATA_DIR = Path(__file__).resolve().parent / "intent_data"
MODEL_PATH = DATA_DIR / "model.npz"


def vectorise(feats: Iterable[str], vocab: dict[str, int]) -> tuple[np.ndarray, float]:
    """The sorted unique vocabulary indices present, and the value each carries (L2-normalised binary)."""
    idx = sorted({vocab[f] for f in feats if f in vocab})
    if not idx:
        return np.zeros(0, dtype=np.int64), 0.0
    return np.asarray(idx, dtype=np.int64), 1.0 / math.sqrt(len(idx))


@dataclass
class Model:
    """Vocabulary, weights (features x classes), biases, classes and temperature."""

    vocab: dict[str, int]
    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # index -> feature string, for explain

    def logits(self, feats: Iterable[str]) -> np.ndarray:
        idx, val = vectorise(feats, self.vocab)
        z = self.bias.astype(np.float64).copy()
        if len(idx):
            z += self.weights[idx].sum(axis=0, dtype=np.float64) * val
        return z

    def proba(self, feats: Iterable[str]) -> dict[str, float]:
        """Calibrated probability per class."""
        z = self.logits(feats) / self.temperature
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        return {c: float(x) for c, x in zip(self.classes, p)}

    def reasons(self, feats: Iterable[str], cls: str, k: int = 5) -> list[tuple[str, float]]:
        """The k features that pushed hardest towards `cls` against the runner-up classes."""
        if cls not in self.classes:
            return []
        idx, val = vectorise(feats, self.vocab)
        if not len(idx):
            return []
        c = self.classes.index(cls)
        w = self.weights[idx].astype(np.float64) * val
        margin = w[:, c] - np.delete(w, c, axis=1).mean(axis=1)
        order = np.argsort(-margin, kind="stable")[:k]
        return [(self.names[idx[i]], float(margin[i])) for i in order if margin[i] > 0]

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (vocabulary in feature-index order)."""
        names = [""] * len(self.vocab)
        for f, i in self.vocab.items():
            names[i] = f
        np.savez_compressed(
            path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
            vocab=np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
            classes=np.asarray(self.classes), temperature=np.float64(self.temperature),
            meta=np.frombuffer(json.dumps(self.meta, sort_keys=True).encode("utf-8"), dtype=np.uint8))


def read(path: Path) -> Model:
    """Load a model file written by Model.save."""
    with np.load(path, allow_pickle=False) as z:
        names = z["vocab"].tobytes().decode("utf-8").split("\n") if z["vocab"].size else []
        return Model(vocab={f: i for i, f in enumerate(names)}, weights=z["weights"], bias=z["bias"],
                     classes=tuple(str(c) for c in z["classes"]), temperature=float(z["temperature"]),
                     meta=json.loads(z["meta"].tobytes().decode("utf-8") or "{}"), names=names)


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Model | None:
    """The shipped model (cached), or None when there is no model file."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return read(p)
