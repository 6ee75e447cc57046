"""A store folder on disk: generations, locks, and how one generation replaces another.

Oxigraph (RocksDB) lets one process write a folder and others open it read-only, with
a view of the files as they were when opened. A graph of millions of quads is not
replaced inside a store (a transaction of millions of removals takes gigabytes): a new
store is written beside it and takes its place. So that readers never see half of that,
and a killed import leaves the store as it was, a nutrigraph store folder holds::

    STORE/
      active              a symbolic link to the generation in use (swapped atomically)
      generation-3/       an Oxigraph store
      generation-3.lock   shared-locked (flock) by each process reading generation 3
      write.lock          locked by the one process writing to the store; holds its pid

A reader resolves ``active`` once and locks that generation, so a writer never deletes a
generation that is being read. A writer holds ``write.lock`` while the store is open; it
writes small changes into the active generation (one transaction each) and large ones
into a new generation, which :func:`activate` puts in use by renaming a link over
``active`` (atomic on POSIX). A killed writer leaves a generation that ``active`` does
not name: the next writer removes it (:func:`collect`).

A new store is built in a hidden folder beside its place (``.NAME.new-PID``) and renamed
to its name when complete (:func:`publish`): killed before that, no store is there.

A folder made by nutrigraph 0.1 is an Oxigraph store itself (no ``active`` link): it is
read as it is, and the first writer moves its contents into a generation.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from ..errors import StoreBusy, StoreNotFound

__all__ = ["ACTIVE", "WriteLock", "activate", "active_generation", "collect", "is_legacy",
           "leftovers", "lock_for_reading", "new_generation", "publish", "read_lock",
           "staging_path"]

ACTIVE = "active"
WRITE_LOCK = "write.lock"
_GENERATION = re.compile(r"generation-(\d+)$")

if os.name == "posix":
    import fcntl

    def _lock(fd: int, exclusive: bool, wait: bool) -> bool:
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            return False
        return True
else:  # no flock: a single process at a time, as Oxigraph's own LOCK file allows
    def _lock(fd: int, exclusive: bool, wait: bool) -> bool:
        return True


def is_legacy(folder: Path) -> bool:
    """Whether ``folder`` is an Oxigraph store itself (made by nutrigraph 0.1)."""
    return not (folder / ACTIVE).is_symlink() and (folder / "CURRENT").is_file()


def active_generation(folder: Path) -> Path | None:
    """The generation ``active`` names, or None (a legacy folder, or not a store)."""
    try:
        return folder / os.readlink(folder / ACTIVE)
    except (FileNotFoundError, OSError):
        return None


def staging_path(folder: Path) -> Path:
    """Where this process builds a new store that is to appear at ``folder`` when complete."""
    return folder.with_name(f".{folder.name}.new-{os.getpid()}")


def leftovers(folder: Path) -> list[Path]:
    """New stores for ``folder`` whose builder was stopped before they were complete."""
    found = []
    for candidate in folder.parent.glob(f".{glob_escape(folder.name)}.new-*"):
        lock = candidate / WRITE_LOCK
        fd = _open_lock(lock, create=False)
        if fd is None:
            found.append(candidate)
            continue
        try:
            if _lock(fd, exclusive=True, wait=False):  # nobody builds it any more
                found.append(candidate)
        finally:
            os.close(fd)
    return sorted(found)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def require(folder: Path) -> None:
    """Raise :class:`StoreNotFound` unless ``folder`` holds a store."""
    if folder.is_dir() and ((folder / ACTIVE).is_symlink() or is_legacy(folder)):
        return
    hint = ""
    stale = leftovers(folder)
    if stale:
        hint = (f" (an import that did not finish left {stale[0].name} beside it; "
                "remove that folder, or run the import again)")
    if folder.exists() and not folder.is_dir():
        raise StoreNotFound(f"{folder} is a file, not a store")
    if folder.is_dir() and any(folder.iterdir()):
        raise StoreNotFound(f"{folder} is a folder, but not a nutrigraph store")
    raise StoreNotFound(f"no store at {folder}{hint}")


def read_lock(folder: Path) -> tuple[Path, int | None]:
    """The generation to read and a shared lock on it (a file descriptor; None for a
    legacy folder), so that no writer deletes it while it is read."""
    require(folder)
    for _ in range(10):
        generation = active_generation(folder)
        if generation is None:
            return folder, None  # a legacy folder: read as it is
        fd = _open_lock(generation.with_name(generation.name + ".lock"), create=False)
        if fd is None:
            continue  # replaced and removed since ``active`` was read: read it again
        _lock(fd, exclusive=False, wait=True)
        if generation.is_dir() and active_generation(folder) == generation:
            return generation, fd
        os.close(fd)
    raise StoreBusy(f"{folder} changed ten times while it was being opened; try again")


def lock_for_reading(generation: Path) -> int:
    """A shared lock on a generation this process has just put in use."""
    fd = _open_lock(generation.with_name(generation.name + ".lock"), create=True)
    assert fd is not None
    _lock(fd, exclusive=False, wait=True)
    return fd


class WriteLock:
    """The one writer of a store folder: held from opening to closing, with its pid."""

    def __init__(self, folder: Path):
        self.path = folder / WRITE_LOCK
        fd = _open_lock(self.path, create=True)
        assert fd is not None
        if not _lock(fd, exclusive=True, wait=False):
            with contextlib.suppress(OSError):
                owner = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise StoreBusy(f"a writer{f' (pid {owner})' if owner else ''} has the store at "
                            f"{folder} open; try again when it has finished")
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd: int | None = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None


def new_generation(folder: Path) -> Path:
    """A name for the next generation, with its lock file made (the folder is not)."""
    numbers = [int(m[1]) for p in folder.iterdir() if (m := _GENERATION.match(p.name))]
    generation = folder / f"generation-{max(numbers, default=0) + 1}"
    fd = _open_lock(generation.with_name(generation.name + ".lock"), create=True)
    assert fd is not None
    os.close(fd)
    return generation


def activate(folder: Path, generation: Path) -> None:
    """Put ``generation`` in use: a new link renamed over ``active``, in one step."""
    link = folder / f".{ACTIVE}-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(generation.name, link)
    os.replace(link, folder / ACTIVE)
    _sync(folder)


def collect(folder: Path) -> list[Path]:
    """Remove generations that are not in use and that no reader holds, the files of a
    legacy folder that moved into a generation, and links left by killed writers; return
    the generations kept because a reader still reads them."""
    active = active_generation(folder)
    kept = []
    for path in folder.iterdir():
        if path.name.startswith(f".{ACTIVE}-"):
            with contextlib.suppress(OSError):
                path.unlink()
        match = _GENERATION.match(path.name)
        if not match or path == active:
            continue
        lock = path.with_name(path.name + ".lock")
        fd = _open_lock(lock, create=True)
        assert fd is not None
        try:
            if _lock(fd, exclusive=True, wait=False):
                shutil.rmtree(path, ignore_errors=True)
                lock.unlink(missing_ok=True)
            else:
                kept.append(path)
        finally:
            os.close(fd)
    for lock in folder.glob("generation-*.lock"):  # a lock whose generation is gone
        if not lock.with_suffix("").exists() and lock.with_suffix("") != active:
            with contextlib.suppress(OSError):
                lock.unlink()
    if active is not None:
        for path in folder.iterdir():  # what a legacy folder held before it moved
            if _LEGACY_FILE.match(path.name):
                with contextlib.suppress(OSError):
                    path.unlink()
    for stale in leftovers(folder):
        shutil.rmtree(stale, ignore_errors=True)
    return sorted(kept)


_LEGACY_FILE = re.compile(r"(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|"
                          r"\d+\.(sst|log|blob)|bulk-.*\.sst)$")


def publish(staging: Path, folder: Path) -> None:
    """Give a complete new store its name; it fails if a store appeared there meanwhile."""
    try:
        os.rename(staging, folder)
    except OSError as error:
        raise StoreBusy(f"cannot create the store at {folder}: {error.strerror}; the new "
                        f"store is left at {staging}") from None
    _sync(folder.parent)


def _open_lock(path: Path, *, create: bool) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT if create else os.O_RDONLY, 0o644)
    except FileNotFoundError:
        return None
    except PermissionError:
        if create:
            raise
        return None


def _sync(folder: Path) -> None:
    # a rename is durable once its folder is flushed
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
