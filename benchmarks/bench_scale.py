"""Every question on the command line, end to end: on the embedded graph and on a big store.

Run from the repository root::

    python benchmarks/bench_scale.py --store DIR [--repeat N]

where DIR holds a full import (``nutrigraph import usda --store DIR`` and
``nutrigraph import hpo --all --store DIR``). It prints a Markdown table to paste
into the README: for each command, the wall time and peak resident memory of the
whole process (``nutrigraph ...`` as a user types it, interpreter start included),

- on the embedded graph;
- on the store, **first**: with an empty cache (``NUTRIGRAPH_CACHE_DIR`` a new
  folder), as the first question after an import or a change pays it: the name
  index and the projection are read from the store through SPARQL and kept;
- on the store, **then**: the median of N later runs, which read them from the
  cache (:mod:`nutrigraph.store.cache`).

Each run is a child process; its peak memory is its own (``os.wait4``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import machine_line

QUESTIONS = [
    ["resolve", "pins and needles"],
    ["explain", "magnesium", "vitamin B12"],
    ["path", "magnesium", "adenosylcobalamin", "-k", "5"],
    ["neighbors", "vitamin B12", "--depth", "2"],
    ["metapaths", "magnesium", "vitamin B12"],
    ["differential", "fatigue", "numbness", "muscle cramps"],
    ["differential", "seizures", "muscle cramps", "--inherited"],
    ["explain", "magnesium", "OMIM:250850", "-k", "3"],
    ["query", "--name", "inherited-disorders-sharing-symptoms"],
    ["overlap", "magnesium", "vitamin B12"],
    ["plot", "path", "magnesium", "vitamin B12", "-k", "3", "-o", "{out}/path.svg"],
    ["plot", "neighborhood", "adenosylcobalamin", "--radius", "2", "-o", "{out}/n.svg"],
    ["plot", "mechanism", "-o", "{out}/mechanism.svg"],
    ["plot", "symptoms", "-o", "{out}/symptoms.svg"],
    ["plot", "intakes", "vitamin B12", "-o", "{out}/intakes.svg"],
    ["plot", "foods", "-o", "{out}/foods.svg"],
    ["plot", "symptom-matrix", "-o", "{out}/matrix.svg"],
]


def run(argv: list[str], store: str | None, cache: str, out: str) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one ``nutrigraph`` process."""
    command = [sys.executable, "-m", "nutrigraph", *(a.format(out=out) for a in argv)]
    if store:
        command += ["--store", store]
    env = dict(os.environ, NUTRIGRAPH_CACHE_DIR=cache)
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}): {errors.strip()}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="a store with a full import")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(machine_line(args.repeat))
    print()
    print("| command | embedded | store, first | store, then | peak memory (store, then) |")
    print("|---|--:|--:|--:|--:|")
    with tempfile.TemporaryDirectory() as work:
        cache, out = Path(work) / "cache", Path(work) / "out"
        out.mkdir()
        for argv in QUESTIONS:
            shown = " ".join(a if " " not in a else f'"{a}"' for a in argv
                             if "{out}" not in a and a != "-o")
            embedded = statistics.median(run(argv, None, str(cache), str(out))[0]
                                         for _ in range(args.repeat))
            fresh = Path(work) / f"cache-{len(shown)}-{time.monotonic_ns()}"
            first, first_mb = run(argv, args.store, str(fresh), str(out))
            later = [run(argv, args.store, str(fresh), str(out)) for _ in range(args.repeat)]
            then = statistics.median(t for t, _ in later)
            peak = max(mb for _, mb in later)
            print(f"| `{shown}` | {embedded:.2f} s | {first:.2f} s ({first_mb:.0f} MB) "
                  f"| {then:.2f} s | {peak:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
