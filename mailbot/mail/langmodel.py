"""py3langid's model for the network's languages, as a memory-mapped cache.

py3langid ships its model LZMA-compressed, and loading it decompresses
about 70 MB of arrays into each process (and more at the peak): more than
the rest of mailbot together, for a `mailbot once` on one small mail. So
the first load writes the arrays mailbot uses — the tokenizer's automaton
and the naive Bayes weights of `languages` only — uncompressed to a cache
folder, one array at a time; every later process maps those files. Only the
pages a text touches are read, and every process (the parse workers too)
shares them through the page cache.

The identifier is py3langid's own `LanguageIdentifier` over those arrays:
the same arithmetic, the same answers as `from_model_file` followed by
`set_languages` (tests/test_text.py compares them). Anything that goes
wrong here (no writable cache folder, a py3langid whose model layout
changed) falls back to py3langid's own loading.
"""

from __future__ import annotations

import hashlib
import logging
import mmap as mmap_mod
import os
import tempfile
from pathlib import Path
from typing import Any, Sequence

log = logging.getLogger(__name__)

_FORMAT = 2  # bumped when the cache's layout changes
_ROWS = 4096  # rows of the weights copied at a time, when the cache is built


def cache_dirs() -> list[Path]:
    """Where the cache may live, first choice first: $MAILBOT_CACHE_DIR,
    $XDG_CACHE_HOME/mailbot, ~/.cache/mailbot, then the temp folder."""
    out = []
    if os.environ.get("MAILBOT_CACHE_DIR"):
        out.append(Path(os.environ["MAILBOT_CACHE_DIR"]))
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        out.append(Path(xdg) / "mailbot")
    try:
        out.append(Path.home() / ".cache" / "mailbot")
    except RuntimeError:  # no home directory
        pass
    out.append(Path(tempfile.gettempdir()) / f"mailbot-cache-{os.getuid()}")
    return out


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    path = Path(MODEL_FILE)
    return path if path.is_absolute() else Path(MODEL_DIR) / path


def _key(model: Path, languages: Sequence[str]) -> str:
    st = model.stat()
    ident = f"{_FORMAT}|{model}|{st.st_size}|{st.st_mtime_ns}|{','.join(sorted(languages))}"
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def _build(model: Path, target: Path, languages: Sequence[str]) -> None:
    """Write the arrays to `target` (a new folder), one at a time to keep the peak low."""
    import lzma
    import shutil
    import zipfile

    import numpy as np

    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        with tempfile.TemporaryFile(suffix=".npz", dir=target.parent) as npz:
            with lzma.open(model) as src:
                shutil.copyfileobj(src, npz, length=1 << 20)
            npz.seek(0)
            # The two large arrays never enter memory whole: the automaton is copied as the .npy
            # member it is, and the weights' columns are taken from a mapped copy, a block of rows
            # at a time (loaded whole, they made the first run's peak the process's largest).
            with zipfile.ZipFile(npz) as zf, np.load(npz, allow_pickle=False) as data:
                classes = data["classes"].tolist()
                want = set(languages)
                unknown = want - set(classes)
                if unknown:
                    raise ValueError(f"unknown language codes {sorted(unknown)}")
                keep = [i for i, c in enumerate(classes) if c in want]
                np.save(work / "classes.npy", np.array([classes[i] for i in keep]))
                np.save(work / "pc.npy", data["pc"][keep])
                np.save(work / "nextmove_row.npy", data["nextmove_row"])
                # py3langid shifts every row index at load, into a list of 100,000 ints: done once, here
                np.save(work / "rowbase.npy", data["nextmove_row"].astype(np.uint32) << 8)
                np.save(work / "out_feat.npy", data["out_feat"].astype(np.int32))
                with zf.open("nextmove.npy") as src, open(work / "nextmove.npy", "wb") as dst:
                    shutil.copyfileobj(src, dst, length=1 << 20)
                with zf.open("ptc.npy") as src:
                    _copy_columns(src, work / "ptc.npy", keep)
        for f in work.iterdir():
            _evict(f)
        os.rename(work, target)  # atomic: another process building it too loses the race harmlessly
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        if not target.is_dir():
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _copy_columns(src: Any, dest: Path, keep: list[int]) -> None:
    """Write the columns `keep` of the C-ordered 2-D .npy array read from `src` to `dest`, a block
    of rows at a time."""
    import numpy as np

    fmt = np.lib.format
    version = fmt.read_magic(src)
    shape, fortran, dtype = (fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0)(src)
    if fortran or len(shape) != 2:
        raise ValueError(f"unexpected layout of py3langid's weights: {shape}, fortran={fortran}")
    rows, cols = shape
    with open(dest, "wb") as out:
        fmt.write_array_header_1_0(out, {"descr": fmt.dtype_to_descr(dtype), "fortran_order": False,
                                         "shape": (rows, len(keep))})
        for r in range(0, rows, _ROWS):
            n = min(_ROWS, rows - r)
            block = np.frombuffer(src.read(n * cols * dtype.itemsize), dtype=dtype).reshape(n, cols)
            out.write(np.ascontiguousarray(block[:, keep]).tobytes())


def _evict(path: Path) -> None:
    """Write `path` out and drop it from the page cache.

    Freshly written, it sits in the page cache in large folios, and mapping
    one page of a large folio maps all of it (2 MB where 4 KB was read):
    read back page by page instead (MADV_RANDOM), a text maps only what it
    visits.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _mapped(folder: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    def load(name: str, mmap: bool = True):
        arr = np.load(folder / f"{name}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)
        raw = getattr(arr, "_mmap", None)
        if raw is not None and hasattr(raw, "madvise"):
            # A text visits rows all over the automaton: without this, each
            # page it touches would read ahead 30 more it does not need.
            raw.madvise(mmap_mod.MADV_RANDOM)
        return arr

    nextmove, row, out = load("nextmove"), load("nextmove_row"), load("out_feat")
    # memoryviews: indexing one gives a Python int, as py3langid's array('I') and lists do
    ident = LanguageIdentifier(load("ptc"), np.array(load("pc")), load("classes", mmap=False).tolist(),
                               memoryview(nextmove), memoryview(out), norm_probs=True, tk_row=())
    ident.tk_row, ident._rowbase = memoryview(row), memoryview(load("rowbase"))
    return ident


def identifier(languages: Sequence[str]) -> Any:
    """A py3langid LanguageIdentifier (norm_probs) restricted to `languages`."""
    try:
        model = _model_file()
        name = f"langid-{_key(model, languages)}"
        for folder in cache_dirs():
            target = folder / name
            try:
                if not target.is_dir():
                    folder.mkdir(parents=True, exist_ok=True)
                    _build(model, target, languages)
                return _mapped(target)
            except OSError as exc:
                log.debug("language model cache in %s: %s", folder, exc)
    except Exception as exc:  # a py3langid we do not know: its own loading
        log.warning("language model cache unusable (%s): loading py3langid's model into memory", exc)
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    return ident
