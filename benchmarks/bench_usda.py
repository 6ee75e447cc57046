"""Time USDA SR28 at full scale: the import, reopening the store, and the named queries on it.

Run from the repository root, with nutrigraph[usda] installed::

    python benchmarks/bench_usda.py [--repeat N] [--timeout SECONDS] [--skip-rdflib]

It prints Markdown tables to paste into the README. Query times are medians of
N runs (default 7), in milliseconds.

- **import**: ``nutrigraph import usda --store DIR`` of all of SR28 into a new
  on-disk store, in a child process: wall time, quads, size of the folder and
  the child's peak resident memory. Then the same import again into the same
  folder, which replaces the graph.
- **reopen**: ``nutrigraph.load(store=DIR)``: the first time (it adds the
  bundled graphs to the store) and then, each time in a new process, what a
  user waits for: ``nutrigraph query --store DIR --name foods-rich-in-both``
  end to end, and the opening alone.
- **queries**: every named query, with its default parameters, on the full
  store (Oxigraph on disk), on the same quads in an in-memory Oxigraph store,
  and on rdflib's memory ``Dataset`` with rdflib's SPARQL engine. rdflib holds
  the same quads (all graphs of the store, read from an N-Quads dump); loading
  five million quads into it takes minutes and gigabytes, so ``--skip-rdflib``
  leaves it out. Each rdflib query is stopped after ``--timeout`` seconds
  (default 60) and repeated only while its runs add up to less than half of
  that; an Oxigraph query is repeated only while its runs add up to less than
  ``--budget`` seconds (default 20). "(k runs)" says when fewer than N were made.
- **food charts**: the internal query ``foods-per-portion`` that ``nutrigraph plot foods``
  runs once per nutrient (magnesium, vitamin B12; 20 rows, as for ``top=10``), in process
  on the full store.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from _timing import machine_line, median_ms, timed

import nutrigraph
from nutrigraph.prefixes import PREFIXES
from nutrigraph.queries import internal_query


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def import_in_child(folder: Path) -> tuple[float, str]:
    """(wall seconds, the importer's report) of a full import in a new process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nutrigraph", "import", "usda", "--store",
                           str(folder)], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout.strip()


def defaults(kg: nutrigraph.KnowledgeGraph, query: nutrigraph.NamedQuery) -> dict[str, str]:
    return {p.name: kg.resolve(p.default).iri for p in query.parameters.values()
            if p.default is not None}


def rdflib_worker(nquads: str, queries: list[tuple[str, str, dict[str, str]]], repeat: int,
                  timeout: float, conn) -> None:
    """Child process: load the dump into rdflib once, then time each query with an alarm."""
    from rdflib import Dataset, URIRef

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    conn.send(("loaded", time.perf_counter() - start, len(ds), peak_mb))

    def stop(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    for name, text, bindings in queries:
        init = {var: URIRef(iri) for var, iri in bindings.items()}
        times, rows, spent = [], None, 0.0
        try:
            for _ in range(repeat):
                signal.setitimer(signal.ITIMER_REAL, max(timeout - spent, 0.001))
                begin = time.perf_counter()
                rows = len(list(ds.query(text, initBindings=init, initNs=PREFIXES)))
                signal.setitimer(signal.ITIMER_REAL, 0)
                times.append(time.perf_counter() - begin)
                spent += times[-1]
                if spent > timeout / 2:
                    break
        except TimeoutError:
            pass
        except Exception as error:  # rdflib's engine fails on some queries
            signal.setitimer(signal.ITIMER_REAL, 0)
            rows = f"error: {type(error).__name__}"
        conn.send((name, rows, times))
    conn.send(None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (7)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds allowed to each query on rdflib (60)")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds after which an Oxigraph query is not run again (20)")
    parser.add_argument("--skip-rdflib", action="store_true",
                        help="leave out rdflib (loading SR28 into it takes minutes and GBs)")
    parser.add_argument("--keep", metavar="DIR",
                        help="build the store in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    n = args.repeat

    print(machine_line(n))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-usda-"))
    folder = work / "sr28.db"
    shutil.rmtree(folder, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(folder, work, n, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(folder: Path, work: Path, n: int, args: argparse.Namespace) -> None:
    seconds, report = import_in_child(folder)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB on Linux
    size_mb = folder_size(folder) / 1e6
    again, _ = import_in_child(folder)
    print("| import (on disk, new process) | value | target |\n|---|--:|--:|")
    print(f"| full SR28 import, wall time | {seconds:.1f} s | < 30 s |")
    print(f"| what it imported | {report.split(' into ')[0]} | |")
    print(f"| store folder after the import | {size_mb:,.0f} MB | |")
    print(f"| peak resident memory of the import | {peak_mb:,.0f} MB | < 1,000 MB |")
    print(f"| importing again into the same store (replaces the graph) | {again:.1f} s | |")

    start = time.perf_counter()
    kg = nutrigraph.load(store=folder)
    first_open = time.perf_counter() - start
    quads = len(kg)
    del kg
    query_cli = median_ms(lambda: subprocess.run(
        [sys.executable, "-m", "nutrigraph", "query", "--store", str(folder), "--name",
         "foods-rich-in-both", "--format", "csv"], capture_output=True, check=True), n)
    code = (f"import time; t = time.perf_counter(); import nutrigraph; "
            f"kg = nutrigraph.load(store={str(folder)!r}); "
            "print(time.perf_counter() - t)")
    reopen = statistics.median(float(subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(n)) * 1000
    print("\n| reopen | ms | target |\n|---|--:|--:|")
    print(f"| first `load(store=DIR)`: adds the bundled graphs ({quads:,} quads in all) "
          f"| {first_open * 1000:.0f} | |")
    print(f"| `import nutrigraph` + `load(store=DIR)` in a new process | {reopen:.0f} | < 1000 |")
    print(f"| `nutrigraph query --store DIR --name foods-rich-in-both`, end to end "
          f"| {query_cli:.0f} | |")

    kg = nutrigraph.load(store=folder)
    dump = work / "all.nq"
    kg.store.oxigraph.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    memory = nutrigraph.KnowledgeGraph()
    start = time.perf_counter()
    memory.store.oxigraph.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    copy_s = time.perf_counter() - start
    queries = nutrigraph.list_queries()
    start = time.perf_counter()
    bindings = {q.name: defaults(kg, q) for q in queries}
    resolver_ms = (time.perf_counter() - start) * 1000
    disk, mem, rows = {}, {}, {}
    for q in queries:
        terms = {var: ox.NamedNode(iri) for var, iri in bindings[q.name].items()}
        rows[q.name] = len(kg.query(q.text, **terms))
        disk[q.name] = timed(lambda q=q, terms=terms: kg.query(q.text, **terms), n, args.budget)
        mem[q.name] = timed(lambda q=q, terms=terms: memory.query(q.text, **terms), n,
                            args.budget)
        print(f"{q.name}: {disk[q.name][0]:,.1f} ms on disk, {mem[q.name][0]:,.1f} ms in "
              "memory", file=sys.stderr, flush=True)
    memory = None  # frees the in-memory copy before rdflib loads its own
    charts = food_chart_queries(kg, n, args.budget)

    rdflib_results: dict[str, tuple] = {}
    rdflib_note = "skipped (--skip-rdflib)"
    if not args.skip_rdflib:
        rdflib_note, rdflib_results = time_rdflib(str(dump), queries, bindings, n, args.timeout)

    print(f"\nNamed queries with their defaults; resolving the defaults' names once took "
          f"{resolver_ms:.0f} ms, loading the same quads into memory {copy_s:.1f} s; "
          f"rdflib: {rdflib_note}\n")
    print("| query | rows | Oxigraph on disk | Oxigraph in memory | rdflib | rdflib / disk |")
    print("|---|--:|--:|--:|--:|--:|")
    for q in queries:
        (on_disk, runs), (in_memory, mem_runs) = disk[q.name], mem[q.name]
        cell, ratio = "-", "-"
        if q.name in rdflib_results:
            rd_rows, times = rdflib_results[q.name]
            if isinstance(rd_rows, str):
                cell = rd_rows
            elif not times:
                cell = f"timeout (> {args.timeout:g} s)"
                ratio = f"> {_ratio(args.timeout * 1000 / on_disk)}"
            else:
                rd = statistics.median(times) * 1000
                cell = f"{rd:,.1f}" + (f" ({len(times)} runs)" if len(times) < n else "") + \
                    ("" if rd_rows == rows[q.name] else f", {rd_rows} rows (differs)")
                ratio = _ratio(rd / on_disk)
        print(f"| `{q.name}` | {rows[q.name]} | {on_disk:,.1f}{_runs(runs, n)} "
              f"| {in_memory:,.1f}{_runs(mem_runs, n)} | {cell} | {ratio} |", flush=True)
    print("\n| food charts (internal query, on disk) | rows | ms |\n|---|--:|--:|")
    print("\n".join(charts))


def food_chart_queries(kg: nutrigraph.KnowledgeGraph, n: int, budget: float) -> list[str]:
    """Table rows: ``foods-per-portion`` for magnesium and vitamin B12, as the charts run it."""
    query = internal_query("foods-per-portion").limited(20)
    out = []
    for name, number in (("magnesium", "304"), ("vitamin B12", "418")):
        nutrient = ox.NamedNode(PREFIXES["sr28nutrient"] + number)
        rows = len(kg.query(query, sr28=nutrient))
        ms, runs = timed(lambda nutrient=nutrient: kg.query(query, sr28=nutrient), n, budget)
        out.append(f"| `foods-per-portion` for {name} (sr28nutrient:{number}) | {rows} "
                   f"| {ms:,.1f}{_runs(runs, n)} |")
    return out


def _ratio(ratio: float) -> str:
    return f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def _runs(runs: int, wanted: int) -> str:
    return f" ({runs} runs)" if runs < wanted else ""


def time_rdflib(dump: str, queries, bindings, repeat: int, timeout: float):
    """(note, {query name: (rows, [seconds])}) from one child process holding the data."""
    spawn = multiprocessing.get_context("spawn")  # a fresh process: its memory is rdflib's own
    receive, send = spawn.Pipe(duplex=False)
    jobs = [(q.name, q.text, bindings[q.name]) for q in queries]
    child = spawn.Process(target=rdflib_worker,
                                    args=(dump, jobs, repeat, timeout, send))
    child.start()
    results, note = {}, "did not load in 30 minutes"
    if receive.poll(1800):
        message = receive.recv()
        if message is None or message[0] != "loaded":
            note = "failed to load"
        else:
            _, seconds, size, peak_mb = message
            note = f"{size:,} quads loaded in {seconds:.0f} s, {peak_mb:,.0f} MB resident"
            while receive.poll(timeout * 2 + 30):
                message = receive.recv()
                if message is None:
                    break
                name, rows, times = message
                results[name] = (rows, times)
    child.join(5)
    if child.is_alive():
        child.terminate()
        child.join()
    return note, results


if __name__ == "__main__":
    main()
