"""The intent model's feature vocabulary: feature string -> column, held compactly.

A dict of some hundred thousand feature strings costs the process its strings,
its int objects and its hash table, several times the size of the weights. The
vocabulary here keeps the names as one UTF-8 blob with their offsets, and looks
a feature up by its hash in a sorted array; a hit is checked against the name
itself, so a lookup is exact, never a collision's guess. Names are decoded only
when asked for (`explain`).
"""

from __future__ import annotations

from array import array
from typing import Iterable, Iterator, Sequence

import numpy as np

__all__ = ["Vocabulary"]

#: Names hashed per step when the vocabulary is built: the strings of one step are freed
#: before the next, so building never holds them all at once.
_CHUNK = 4096

#: The key of a name: Python's own string hash (cached on the string, salted per process, which
#: is why the keys are computed at load and never stored).
_hash = hash


class Vocabulary:
    """Feature name -> index, for names that hold no newline."""

    __slots__ = ("_blob", "_starts", "_keys", "_order")

    def __init__(self, blob: bytes):
        """A vocabulary of the names in `blob` ("\\n"-joined UTF-8), index = position."""
        self._blob = bytes(blob)
        raw = np.frombuffer(self._blob, dtype=np.uint8)
        ends = np.flatnonzero(raw == 10) if raw.size else np.zeros(0, dtype=np.int64)
        n = len(ends) + 1 if raw.size else 0
        starts = np.empty(n + 1, dtype=np.int64)
        if n:
            starts[0] = 0
            starts[1:n] = ends + 1
            starts[n] = len(self._blob) + 1  # as if the blob ended with a newline
        self._starts = array("q", starts.tobytes())
        keys = np.empty(n, dtype=np.int64)
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            chunk = self._blob[starts[a]:starts[b] - 1].decode("utf-8").split("\n")
            keys[a:b] = np.fromiter(map(_hash, chunk), dtype=np.int64, count=b - a)
        self._order = np.argsort(keys, kind="stable").astype(np.int32)
        self._keys = keys[self._order]

    @classmethod
    def of(cls, names: Iterable[str]) -> "Vocabulary":
        """The vocabulary whose index i is the i-th of `names`."""
        return cls("\n".join(names).encode("utf-8"))

    def to_bytes(self) -> bytes:
        """The names, "\\n"-joined, in index order (what `Vocabulary(blob)` reads)."""
        return self._blob

    def __len__(self) -> int:
        return len(self._starts) - 1 if len(self._starts) else 0

    def name(self, i: int) -> str:
        """The feature name of index `i`."""
        return self._blob[self._starts[i]:self._starts[i + 1] - 1].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        n = len(self)
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            yield from self._blob[self._starts[a]:self._starts[b] - 1].decode("utf-8").split("\n")

    def items(self) -> Iterator[tuple[str, int]]:
        return ((f, i) for i, f in enumerate(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Vocabulary):
            return self._blob == other._blob
        if isinstance(other, dict):
            return len(other) == len(self) and all(other.get(f) == i for f, i in self.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _is(self, i: int, f: str) -> bool:
        return self._blob[self._starts[i]:self._starts[i + 1] - 1] == f.encode("utf-8")

    def get(self, f: str, default: int | None = None) -> int | None:
        """The index of `f`, or `default` when it is not in the vocabulary."""
        i = self.lookup((f,))[0]
        return default if i is None else i

    def __getitem__(self, f: str) -> int:
        i = self.get(f)
        if i is None:
            raise KeyError(f)
        return i

    def __contains__(self, f: object) -> bool:
        return isinstance(f, str) and self.get(f) is not None

    def lookup(self, feats: Sequence[str]) -> list[int | None]:
        """Per feature, its index or None: one search for the whole batch."""
        if not feats or not len(self._keys):
            return [None] * len(feats)
        hs = np.fromiter(map(_hash, feats), dtype=np.int64, count=len(feats))
        j = np.searchsorted(self._keys, hs)
        jc = np.minimum(j, len(self._keys) - 1)
        hit = self._keys[jc] == hs
        out: list[int | None] = [None] * len(feats)
        if not hit.any():
            return out
        keys, order = self._keys, self._order
        for k, jj in zip(np.flatnonzero(hit).tolist(), jc[hit].tolist()):
            f, h = feats[k], int(hs[k])
            # Equal hashes sit side by side; the name decides which, if any, is `f`.
            while jj < len(keys) and keys[jj] == h:
                i = int(order[jj])
                if self._is(i, f):
                    out[k] = i
                    break
                jj += 1
        return out

    def ids(self, feats: Sequence[str]) -> list[int]:
        """The indices of the features of `feats` that are in the vocabulary, in their order."""
        return [i for i in self.lookup(feats) if i is not None]

    def starting_with(self, prefix: str) -> np.ndarray:
        """Per index: whether its name starts with `prefix` (read from the blob, nothing decoded)."""
        n = len(self)
        p = prefix.encode("utf-8")
        if not n:
            return np.zeros(0, dtype=bool)
        starts = np.frombuffer(self._starts, dtype=np.int64)
        raw = np.frombuffer(self._blob + b"\n", dtype=np.uint8)
        lengths = np.diff(starts) - 1
        hit = lengths >= len(p)
        for k, byte in enumerate(p):
            pos = np.minimum(starts[:-1] + k, len(raw) - 1)
            hit &= raw[pos] == byte
        return hit
