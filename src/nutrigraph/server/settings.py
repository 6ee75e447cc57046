"""What a running server is allowed: its store, its workers and its guards."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """The settings of ``nutrigraph serve``, each with the default a public endpoint needs.

    Parameters
    ----------
    store
        The Oxigraph store folder to serve (opened read-only by every worker), or
        ``None`` for the embedded default graph.
    workers
        Worker processes that answer questions; each holds its own copy of the graph's
        handle, and one is ended and replaced when a question runs out of time.
    time_limit
        Seconds a question may take, once a worker has it; then the worker is ended.
    max_rows
        Rows (or triples) an answer may hold; more are left out, and the answer says so.
    max_body
        Bytes a request body may have (a query posted, a form).
    max_waiting
        Questions that may wait for a worker; past them the server answers 503 at once.
    """

    store: str | None = None
    workers: int = max(1, min(4, os.cpu_count() or 1))
    time_limit: float = 10.0
    max_rows: int = 10_000
    max_body: int = 2_000_000
    max_waiting: int = 64
