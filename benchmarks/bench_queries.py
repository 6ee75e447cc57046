"""Time the named queries: end to end on the command line, in process on Oxigraph, and on rdflib.

Run from the repository root, with nutrigraph installed::

    python benchmarks/bench_queries.py [--repeat N] [--timeout SECONDS]

It prints Markdown tables to paste into the README. Every time is the median
of N runs (default 15), in milliseconds.

Per query:

- **rows (ox / rdflib)**: result rows from Oxigraph and from rdflib. They
  should be equal; a difference is printed as it is, marked "differs".
- **CLI end to end**: wall time of
  ``python -m nutrigraph query --name NAME --format csv`` in a new process,
  which is what a user waits for: interpreter start, imports, loading the
  bundled graph, the query and the output.
- **Oxigraph in process**: ``kg.named_query(NAME)`` on a graph loaded once.
- **rdflib in process**: the same query text, with the same default bindings
  (``initBindings``) and the predeclared prefixes (``initNs``), on rdflib's
  own memory ``Dataset`` and SPARQL engine, holding the same bundled files.
  Each query runs in a child process that is stopped after ``--timeout``
  seconds (default 20), and is repeated only while its runs add up to less than
  half of that; "(k runs)" says when fewer than N runs were made. A query
  rdflib's engine fails on shows the exception.
- **rdflib / Oxigraph**: ratio of the two in-process medians.

Cold start: the interpreter alone (``python -c pass``); ``import nutrigraph.cli``
in a fresh interpreter, minus the interpreter alone; ``nutrigraph.load()`` in
process; and, for comparison, parsing the bundled files into an rdflib Dataset.

Last, it checks that the command line path does not import rdflib, pandas,
matplotlib or networkx.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import time

from _timing import machine_line, median_ms

import nutrigraph
from nutrigraph.bundled import SCHEMA_GRAPH, bundled_files
from nutrigraph.prefixes import PREFIXES

HEAVY = ("rdflib", "pandas", "matplotlib", "networkx")




def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, check=True, text=True)


def rdflib_dataset():
    from rdflib import Dataset, URIRef

    ds = Dataset(default_union=True)
    for path in bundled_files():
        if path.suffix == ".ttl":
            ds.graph(URIRef(SCHEMA_GRAPH)).parse(path, format="turtle")
        else:
            ds.parse(path, format="trig")
    return ds


def rdflib_worker(text: str, bindings: dict[str, str], repeat: int, budget: float, conn) -> None:
    """Child process: run one query on rdflib, sending (rows, seconds) after each run."""
    from rdflib import URIRef

    ds = rdflib_dataset()
    init = {var: URIRef(iri) for var, iri in bindings.items()}
    spent = 0.0
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            rows = len(list(ds.query(text, initBindings=init, initNs=PREFIXES)))
            conn.send((rows, time.perf_counter() - start))
            spent += time.perf_counter() - start
            if spent > budget:
                break
    except Exception as error:  # rdflib's engine fails on some of our queries
        conn.send((f"error: {type(error).__name__}", None))
    conn.send(None)


def time_rdflib(text: str, bindings: dict[str, str], repeat: int, timeout: float):
    """(rows, median ms, runs); rows is None if the first run did not end in time."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=rdflib_worker,
                                    args=(text, bindings, repeat, timeout / 2, send))
    child.start()
    deadline = time.perf_counter() + timeout + 5  # + time to import rdflib and parse the files
    rows, times = None, []
    while receive.poll(max(0.0, deadline - time.perf_counter())):
        message = receive.recv()
        if message is None:
            break
        rows, seconds = message
        if seconds is not None:
            times.append(seconds)
    child.terminate()
    child.join()
    return rows, (statistics.median(times) * 1000 if times else None), len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement (15)")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds allowed to each query on rdflib (20)")
    args = parser.parse_args()
    n = args.repeat

    print(machine_line(n, ', in ms'))

    kg = nutrigraph.load()
    print("| query | rows (ox / rdflib) | CLI end to end | Oxigraph in process "
          "| rdflib in process | rdflib / Oxigraph |")
    print("|---|---|--:|--:|--:|--:|")
    cli_list = median_ms(lambda: run("-m", "nutrigraph", "query", "--list"), n)
    print(f"| `query --list` | | {cli_list:.1f} | | | |")
    for query in nutrigraph.list_queries():
        name = query.name
        cli = median_ms(lambda name=name: run("-m", "nutrigraph", "query", "--name", name,
                                              "--format", "csv"), n)
        ox_rows = len(kg.named_query(name))
        ox = median_ms(lambda name=name: kg.named_query(name), n)
        bindings = {p.name: kg.resolve(p.default).iri
                    for p in query.parameters.values() if p.default is not None}
        rows, rd, runs = time_rdflib(query.text, bindings, n, args.timeout)
        if rows is None:
            rows_cell, rd_cell = f"{ox_rows} / -", f"timeout (> {args.timeout:g} s)"
            ratio = f"> {args.timeout * 1000 / ox:,.0f}x"
        elif isinstance(rows, str):
            rows_cell, rd_cell, ratio = f"{ox_rows} / -", rows, "-"
        else:
            rows_cell = f"{ox_rows} / {rows}" + ("" if rows == ox_rows else " (differs)")
            rd_cell = f"{rd:.1f}" + (f" ({runs} runs)" if runs < n else "")
            ratio = f"{rd / ox:,.0f}x"
        print(f"| `{query.name}` | {rows_cell} | {cli:.1f} | {ox:.1f} | {rd_cell} | {ratio} |",
              flush=True)

    start_ms = median_ms(lambda: run("-c", "pass"), n)
    import_ms = median_ms(lambda: run("-c", "import nutrigraph.cli"), n) - start_ms
    load_ms = median_ms(nutrigraph.load, n)
    rdflib_ms = median_ms(rdflib_dataset, n)
    print("\n| cold start piece | ms |\n|---|--:|")
    print(f"| interpreter start (`python -c pass`) | {start_ms:.1f} |")
    print(f"| `import nutrigraph.cli` (fresh interpreter, minus start) | {import_ms:.1f} |")
    print(f"| `nutrigraph.load()`, {len(kg)} quads into Oxigraph (in process) | {load_ms:.1f} |")
    print(f"| same files parsed into an rdflib `Dataset` (in process) | {rdflib_ms:.1f} |")

    check = ("import sys; from nutrigraph.cli import main; "
             "main(['query','--name','foods','--format','csv']); "
             f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = run("-c", check).stdout.strip().splitlines()[-1]
    verdict = "OK, none imported" if loaded == "[]" else f"NOT OK, imported: {loaded}"
    print(f"\nCLI path (`query --name foods --format csv`) imports {', '.join(HEAVY)}? {verdict}")


if __name__ == "__main__":
    main()
