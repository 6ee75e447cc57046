"""Timing helpers shared by the benchmark scripts (run them from the repository root)."""

import os
import platform
import statistics
import time
from importlib.metadata import version


def timed(fn, repeat: int, budget: float = float("inf")) -> tuple[float, int]:
    """(median ms, runs) of ``fn()``: ``repeat`` runs, fewer once they add up to ``budget`` s."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if sum(times) > budget:
            break
    return statistics.median(times) * 1000, len(times)


def median_ms(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` over ``repeat`` calls, in milliseconds."""
    return timed(fn, repeat)[0]


def machine_line(repeat: int, unit: str = "") -> str:
    """The machine, Python and store versions, for the head of a benchmark's output."""
    return (f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}; "
            f"pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}; "
            f"medians of {repeat} runs{unit}\n")
