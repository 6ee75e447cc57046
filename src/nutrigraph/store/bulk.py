"""Streaming text into Oxigraph's bulk loader in bounded batches: fast, in bounded memory.

Oxigraph's bulk loader gathers a million quads before it encodes them, and encodes
up to as many batches at once as the machine has cores, while it reads the next:
given all of SR28 (5 million quads) in one call, it held three batches, 1.9 GB, at
its peak. pyoxigraph offers no way to set that size. So the text goes to the loader
in batches of :data:`BATCH_BYTES` (about 110,000 quads of SR28), one call of the
loader each, and :data:`WORKERS` calls run at once (the loader lets go of Python's
lock while it works): the memory of an import is bounded by ``WORKERS`` batches,
whatever the size of the data.

Measured on the full SR28, on two cores shared with other work: 51 s of processor
time either way; one call of the loader peaked at 1,925 MB resident, batches of
20 MB in two threads at 464 MB (40 MB: 781 MB; 60 MB: 1,071 MB).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..errors import DataFileError

__all__ = ["BATCH_BYTES", "WORKERS", "bulk_load"]

_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS}

BATCH_BYTES = 16_000_000
"""Characters of text given to one call of the bulk loader: about 15 times as many
bytes of memory while it loads them."""

WORKERS = 2
"""Calls of the bulk loader at once: one per core of a small machine; each holds a batch."""

_DONE = None  # what the reader puts in the queue once per worker when the text ends


def bulk_load(store: ox.Store, chunks: Iterable[str], *, graph: str | None, fmt: str = "nt",
              where: str = "<the store>") -> None:
    """Load N-Triples (into ``graph``) or N-Quads text, given in chunks of whole lines,
    with the bulk loader, in batches of :data:`BATCH_BYTES` loaded by :data:`WORKERS`
    threads.

    The bulk loader is not a transaction, and each batch is committed on its own:
    the caller removes what was loaded if this raises (see
    :meth:`~nutrigraph.store.Store.load_graph`). No loader is still running when
    this returns or raises.

    Raises
    ------
    DataFileError
        If the store cannot be written; an error raised while making the chunks
        is raised again here.
    """
    batches: queue.Queue[str | None] = queue.Queue(maxsize=1)  # one batch waits, no more
    failure: list[BaseException] = []
    stop = threading.Event()
    options = {"format": _FORMATS[fmt], "lenient": True,  # the text is nutrigraph's own
               "to_graph": ox.NamedNode(graph) if graph is not None else None}

    def work() -> None:
        while (batch := batches.get()) is not _DONE:
            if stop.is_set():
                continue  # drain the queue, so that the reader is never blocked
            try:
                store.bulk_load(batch, **options)
            except BaseException as error:  # raised again in the caller's thread
                failure.append(error)
                stop.set()

    workers = [threading.Thread(target=work, daemon=True) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    try:
        for batch in _batches(chunks):
            if stop.is_set():
                break
            batches.put(batch)
    except BaseException:  # the text failed, or the user interrupted: the loaders stop
        stop.set()
        raise
    finally:
        for _ in workers:
            batches.put(_DONE)
        for worker in workers:
            worker.join()
    if failure:
        error = failure[0]
        if isinstance(error, OSError):
            raise DataFileError(f"cannot write to the store: {error}", where) from None
        raise error


def _batches(chunks: Iterable[str]) -> Iterator[str]:
    """The chunks joined into batches of at least :data:`BATCH_BYTES` characters (the
    last one shorter); a chunk is never split, so each batch is whole lines."""
    batch: list[str] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= BATCH_BYTES:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)
