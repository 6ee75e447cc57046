"""Time every named query on an existing store, and on rdflib's memory Dataset with the same quads.

Run from the repository root::

    python benchmarks/bench_named_queries.py --store DIR [--nquads FILE] [--repeat N] [--timeout S]

The store is opened read-only. ``--nquads`` is a dump of the same store (for example
``kg.store.oxigraph.dump(FILE, format=pyoxigraph.RdfFormat.N_QUADS)``); without it, rdflib is
left out. Loading five million quads into rdflib takes minutes and about 9 GB. Times are medians
of N runs (default 15) in milliseconds, with the queries' default parameters; an rdflib query is
stopped after ``--timeout`` seconds (default 60).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import time

from _timing import machine_line, timed

import nutrigraph
from nutrigraph.prefixes import PREFIXES


def rdflib_ms(dataset, text: str, bindings: dict, repeat: int, timeout: float):
    """(median ms, rows) on rdflib, or (None, why) when it fails or runs out of time."""
    from rdflib import URIRef

    def stop(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    init = {var: URIRef(iri) for var, iri in bindings.items()}
    times, rows = [], 0
    try:
        for _ in range(repeat):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            start = time.perf_counter()
            rows = len(list(dataset.query(text, initBindings=init, initNs=PREFIXES)))
            times.append(time.perf_counter() - start)
            signal.setitimer(signal.ITIMER_REAL, 0)
            if sum(times) > timeout / 2:
                break
    except TimeoutError:
        return None, f"timeout (> {timeout:g} s)"
    except Exception as error:  # rdflib's engine fails on some queries
        signal.setitimer(signal.ITIMER_REAL, 0)
        return None, f"error: {type(error).__name__}"
    return statistics.median(times) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="an existing store folder (read-only)")
    parser.add_argument("--nquads", help="an N-Quads dump of the same store, for rdflib")
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement (15)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds allowed to each query on rdflib (60)")
    args = parser.parse_args()

    print(machine_line(args.repeat))
    kg = nutrigraph.load(store=args.store, read_only=True)
    dataset = None
    if args.nquads:
        from rdflib import Dataset

        start = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(args.nquads, format="nquads")
        print(f"rdflib: {len(dataset):,} quads loaded in {time.perf_counter() - start:.0f} s\n")
    print("| query | rows | Oxigraph on disk, ms | rdflib, ms | rdflib / Oxigraph |")
    print("|---|--:|--:|--:|--:|")
    for query in nutrigraph.list_queries():
        terms = {p.name: kg.resolve(p.default) for p in query.parameters.values()
                 if p.default is not None}
        rows = len(kg.query(query.text, **terms))
        on_disk, _ = timed(lambda q=query, t=terms: kg.query(q.text, **t), args.repeat)
        cell, ratio = "-", "-"
        if dataset is not None:
            ms, rd_rows = rdflib_ms(dataset, query.text, {k: v.iri for k, v in terms.items()},
                                    args.repeat, args.timeout)
            if ms is None:
                cell = rd_rows
            else:
                cell = f"{ms:,.1f}" + ("" if rd_rows == rows else f" ({rd_rows} rows)")
                ratio = f"{ms / on_disk:,.1f}x"
        print(f"| `{query.name}` | {rows} | {on_disk:,.1f} | {cell} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
