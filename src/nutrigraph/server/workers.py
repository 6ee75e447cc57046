"""Worker processes that answer the questions, and end a question that runs too long.

Oxigraph cannot cancel a query once it runs, and a Python thread cannot be stopped:
the only way to end a question is to end the process doing it. So every question is
run by a pebble process pool (:class:`pebble.ProcessPool`), whose workers each open the
graph once (the store read-only, so that any number share it); when a question passes
the time limit, pebble ends its worker and starts another, and the other workers go on
answering meanwhile. Workers are started with ``spawn``: a fork of a server with
threads and an open store would copy both.

A question is a function of :mod:`.tasks`, called by name in the worker. What it
refuses (a bad query, an unknown name) comes back as :class:`~.tasks.Refused`, a plain
value, so that no exception needs to cross the process boundary.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from . import tasks
from .settings import Settings

__all__ = ["Busy", "TimedOut", "Workers"]


class TimedOut(Exception):
    """The question ran past the time limit; its worker was ended."""


class Busy(Exception):
    """Every worker is busy and the waiting line is full."""


class Workers:
    """The pool of worker processes, bounded in how many questions wait for it.

    Use :meth:`start` and :meth:`stop` (the app's lifespan does), and ``await``
    :meth:`ask` for each question.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._pool: Any = None
        self._admitted = 0

    def start(self) -> None:
        from pebble import ProcessPool

        self._pool = ProcessPool(max_workers=self.settings.workers,
                                 initializer=tasks.open_graph,
                                 initargs=(self.settings.store,),
                                 context=multiprocessing.get_context("spawn"))

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
            self._pool = None

    @property
    def admitted(self) -> int:
        """Questions being answered or waiting for a worker now."""
        return self._admitted

    async def ask(self, task: str, *args: Any, **kwargs: Any) -> Any:
        """Run ``tasks.<task>(*args, **kwargs)`` in a worker, within the time limit.

        Raises
        ------
        Busy
            When ``workers + max_waiting`` questions are already admitted.
        TimedOut
            When the question ran past the time limit (its worker was ended).
        """
        if self._admitted >= self.settings.workers + self.settings.max_waiting:
            raise Busy(f"all {self.settings.workers} workers are busy and "
                       f"{self.settings.max_waiting} questions wait; try again shortly")
        self._admitted += 1
        try:
            future = self._pool.schedule(tasks.run, args=(task, *args), kwargs=kwargs,
                                         timeout=self.settings.time_limit)
            try:
                return await asyncio.wrap_future(future)
            except FutureTimeout:
                raise TimedOut(f"stopped after {self.settings.time_limit:g} s, the server's "
                               "time limit for one question") from None
        finally:
            self._admitted -= 1
