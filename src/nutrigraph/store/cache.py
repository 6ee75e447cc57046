"""What is derived from a store folder, kept on disk between processes: a file per state.

A question on a large store (a full SR28 and HPO import) first reads what it stands
on: the index of names, the NetworkX projection. Read through SPARQL, that takes
seconds; unpickled, a tenth of one. A generation of a store folder never changes
once it is in use (:mod:`nutrigraph.store.folders`), so what was derived from it
stays true for as long as it is the store's state: the cache is keyed by the
generation, by what was derived, and by the code that derived it (the size and
time of every file of the installed package), and a new generation leaves the
files of the old ones to be removed.

Where: ``$NUTRIGRAPH_CACHE_DIR`` if set (set it empty to keep nothing), else
``$XDG_CACHE_HOME/nutrigraph``, else ``~/.cache/nutrigraph``. The folder is made
readable by its owner only, and a folder that others may write to is not read:
the files are pickles, and unpickling runs code.

Examples
--------
>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> cache = DiskCache("/stores/a.db", "generation-3:42", folder=folder)
>>> cache.get(("names",)) is MISSING
True
>>> cache.put(("names",), {"magnesium": 1})
>>> cache.get(("names",))
{'magnesium': 1}
>>> DiskCache("/stores/a.db", "generation-4:43", folder=folder).get(("names",)) is MISSING
True
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import shutil
import stat
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

__all__ = ["MISSING", "DiskCache", "cache_folder"]

MISSING = object()
"""What :meth:`DiskCache.get` returns for a value it does not hold."""


def cache_folder() -> Path | None:
    """The folder of nutrigraph's cache, or None when ``NUTRIGRAPH_CACHE_DIR`` is empty."""
    chosen = os.environ.get("NUTRIGRAPH_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nutrigraph"


@functools.cache
def code_version() -> str:
    """A fingerprint of the installed package: a change to any of its files is a new one."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".rq", ".ru", ".ttl", ".trig"):
            info = path.stat()
            digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()[:16]


class DiskCache:
    """Values derived from one state of one store, in files under ``folder``."""

    def __init__(self, store: str, state: str, *, folder: str | os.PathLike[str] | None = None):
        root = Path(folder) if folder is not None else cache_folder()
        self._store_folder = None if root is None else root / _digest(store)
        self._state = _digest(f"{state}\n{code_version()}")

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key``, or :data:`MISSING` (also when it cannot be read)."""
        path = self._path(key)
        if path is None or not _private(path.parents[2]):
            return MISSING
        try:
            with open(path, "rb") as file:
                return pickle.load(file)
        except Exception:  # absent, cut short, or from another Python: built again
            return MISSING

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``; the values of the store's earlier states go.

        Nothing is raised: a cache that cannot be written (a read-only home, a full
        disk) only means the value is built again next time.
        """
        path = self._path(key)
        if path is None:
            return
        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
            root = path.parents[2]
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(root):
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parents[1].iterdir():  # other states of this store
                if old.name != path.parent.name:
                    shutil.rmtree(old, ignore_errors=True)
            # written beside and renamed: a reader sees the whole file or none
            fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as file:
                    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise

    def _path(self, key: Hashable) -> Path | None:
        if self._store_folder is None:
            return None
        return self._store_folder / self._state / f"{_digest(repr(key))}.pickle"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _private(folder: Path) -> bool:
    """Whether only this user may write to ``folder`` (pickles are code to whoever reads
    them)."""
    try:
        info = folder.stat()
    except OSError:
        return False
    owner = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
