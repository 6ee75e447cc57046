"""How cost grows: load, named queries, projection, explain and memory on synthetic layers.

Run from the repository root::

    python benchmarks/bench_growth.py [--sizes 1,10,100] [--repeat N] [--timeout SECONDS]
                                      [--seed N] [--link P] [--memory-limit GB] [--keep DIR]

It prints Markdown tables. For each size ``k`` it writes a synthetic layer ``k``
times the curated knowledge (:func:`synthetic_layer.generate_layer`: relabelled
copies of the curated graph's entities, statements and sources, rewired across
copies and linked to real entities such as magnesium and vitamin B12; every
IRI under https://w3id.org/nutrigraph/synthetic/, every source labelled
SYNTHETIC) to a temporary folder as N-Quads, then measures, in a child process
of its own (so that its peak resident memory, ``ru_maxrss``, is its own):

- ``nutrigraph.load(data=[layer])``: the bundled graph plus the layer, in memory;
- named queries whose cost follows the size of the knowledge, all rows:
  ``sources``, ``mechanism``, ``deficiency-symptoms``, ``disputed-claims``;
- ``to_networkx(kg)`` and ``to_networkx(kg, inverse=True)``, cold (after
  ``kg.changed()``, so that nothing read from the graph is kept);
- ``explain(kg, "magnesium", "vitamin B12")``: cold (after ``kg.changed()``,
  so it includes the projection it walks) and warm (the projection kept);
- the degree of the projection's nodes, curated and synthetic apart;
- peak resident memory after the in-memory work; then, last, one
  ``load(data=[layer], store=DIR)`` into a new store folder (its time, and the
  peak after it).

Size 0 is the curated graph alone. Times are medians of N runs (default 3),
fewer when they add up to more than 30 s ("(k runs)" says so). A size that
runs over ``--timeout`` seconds (default 1800) is stopped, and its table cells
are left empty. Last, "how it grows": each measure's growth exponent between
consecutive sizes, log(t2/t1) / log(n2/n1) with n the quads loaded; an
exponent over 1.15 is flagged as growing faster than linearly.

Only nutrigraph's public API is used, so it measures whatever code is there.
"""

from __future__ import annotations

import argparse
import itertools
import math
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_paths
from _timing import machine_line, timed
from synthetic_layer import SYNTHETIC, Layer, generate_layer

__all__ = ["generate_layer", "main"]

QUERIES = ("sources", "mechanism", "deficiency-symptoms", "disputed-claims")
BUDGET = 30.0  # seconds of runs per measure before fewer than --repeat are made
FASTER = 1.15  # exponents above this are flagged as faster than linear


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


# -- one size, in a child process ----------------------------------------------------------


def worker(path: str | None, repeat: int, limit_gb: float, conn) -> None:
    """Child: load the curated graph (plus the layer at ``path``) and time the questions."""
    size = int(limit_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (size, size))
    try:
        _measure(path, repeat, conn)
    except MemoryError:
        conn.send(("error", f"out of memory (> {limit_gb:g} GB)"))
    conn.send(None)


def _measure(path: str | None, repeat: int, conn) -> None:
    import networkx  # noqa: F401  (imports are no part of the times)

    import nutrigraph
    from nutrigraph import explain, to_networkx

    data = [path] if path else []
    nutrigraph.load()  # the first load also reads the bundled files from disk: warm them
    ms, runs = timed(lambda: nutrigraph.load(data=data), repeat, BUDGET)
    kg = nutrigraph.load(data=data)
    conn.send(("load", ms, runs, len(kg), rss_mb()))

    for name in QUERIES:
        rows = len(kg.named_query(name))
        ms, runs = timed(lambda name=name: kg.named_query(name), repeat, BUDGET)
        conn.send(("query", name, ms, runs, rows))

    def cold(**options):
        kg.changed()  # a projection is kept until the graph changes: time a new one
        return to_networkx(kg, **options)

    for label, options in (("forward", {}), ("inverse", {"inverse": True})):
        ms, runs = timed(lambda options=options: cold(**options), repeat, BUDGET)
        G = cold(**options)
        conn.send(("projection", label, ms, runs, G.number_of_nodes(), G.number_of_edges()))
        if label == "forward":
            conn.send(("degrees", _degrees(G)))
        del G

    def explain_cold():
        kg.changed()
        return explain(kg, "magnesium", "vitamin B12")

    ms, runs = timed(explain_cold, repeat, BUDGET)
    report = explain_cold()
    longest = max((len(r.path.steps) for r in report.routes), default=0)
    conn.send(("explain", "cold", ms, runs, len(report.routes), longest))
    ms, runs = timed(lambda: explain(kg, "magnesium", "vitamin B12"), repeat, BUDGET)
    conn.send(("explain", "warm", ms, runs, len(report.routes), longest))
    conn.send(("peak", peak_mb()))

    kg = report = None  # freed before the store is filled (the closures above hold kg)
    folder = tempfile.mkdtemp(prefix="growth-store-")
    try:
        start = time.perf_counter()
        stored = nutrigraph.load(data=data, store=folder)
        seconds = time.perf_counter() - start
        quads = len(stored)
        del stored
        conn.send(("store", seconds * 1000, quads, peak_mb()))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _degrees(G) -> dict[str, dict[str, float]]:
    """Degree statistics of the projection's nodes, curated and synthetic apart."""
    groups: dict[str, list[int]] = {"curated": [], "synthetic": []}
    for node, degree in G.degree():
        groups["synthetic" if node.startswith(SYNTHETIC) else "curated"].append(degree)
    stats = {}
    for name, degrees in groups.items():
        if degrees:
            degrees.sort()
            stats[name] = {
                "nodes": len(degrees), "mean": statistics.fmean(degrees),
                "median": statistics.median(degrees),
                "p90": degrees[int(0.9 * (len(degrees) - 1))],
                "p99": degrees[int(0.99 * (len(degrees) - 1))], "max": degrees[-1],
                "one": sum(d == 1 for d in degrees) / len(degrees),
                "two": sum(d == 2 for d in degrees) / len(degrees)}
    return stats


def in_child(args: tuple, timeout: float) -> tuple[dict, str]:
    """Run :func:`worker` in a fresh process (bench_paths' runner): its messages by kind,
    and how it ended."""
    messages, ended = bench_paths.in_child(worker, args, timeout)
    got: dict = {}
    for message in messages:
        kind = message[0]
        got[(kind, message[1]) if kind in ("query", "projection", "explain") else kind] = message
    return got, f"timeout (> {timeout:g} s)" if ended == "timeout" else ended


# -- the tables ---------------------------------------------------------------------------


def _runs(runs: int, wanted: int) -> str:
    return f" ({runs} runs)" if runs < wanted else ""


def _ms(message, wanted: int, at: int = 1) -> str:
    if not message:
        return "—"
    return f"{message[at]:,.0f}{_runs(message[at + 1], wanted)}"


def _name(scale: int) -> str:
    return "curated alone" if scale == 0 else f"curated + {scale}x layer"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100",
                        help="layer sizes, in multiples of the curated graph (1,10,100); "
                             "0 is the curated graph alone")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (3)")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds allowed to each size's child process (1800)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the layers (0)")
    parser.add_argument("--link", type=float, default=0.02,
                        help="share of synthetic relation triples whose object is a real "
                             "entity (0.02)")
    parser.add_argument("--memory-limit", type=float, default=12.0, metavar="GB",
                        help="address space allowed to each child process (12)")
    parser.add_argument("--keep", metavar="DIR",
                        help="write the layers here and keep them (default: a temporary folder)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, such as 1,10,100")
    if not sizes or min(sizes) < 0:
        parser.error("--sizes takes whole numbers, 0 or more")

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="growth-"))
    print(machine_line(args.repeat, f" (fewer when they add up to over {BUDGET:g} s)"))
    print(f"Synthetic layers: seed {args.seed}, link {args.link:g}; each size in a child "
          f"process of its own, stopped after {args.timeout:g} s, limited to "
          f"{args.memory_limit:g} GB of address space.\n")
    layers: dict[int, Layer | None] = {}
    results: dict[int, tuple[dict, str]] = {}
    try:
        print("### The layers\n")
        print("| layer | quads written | synthetic entities | of which ng:-typed | statements "
              "| relation triples | triples to real entities (entities reached) "
              "| written in (s) | file (MB) |")
        print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for scale in sizes:
            if scale == 0:
                layers[0] = None
                continue
            start = time.perf_counter()
            layer = layers[scale] = generate_layer(scale, folder, seed=args.seed, link=args.link)
            seconds = time.perf_counter() - start
            typed = sum(n for noun, n in layer.entities.items() if noun != "entity")
            print(f"| {scale}x | {layer.quads:,} | {sum(layer.entities.values()):,} | {typed:,} "
                  f"| {layer.statements:,} | {layer.relation_triples:,} "
                  f"| {sum(layer.links_to_real.values()):,} ({len(layer.links_to_real):,}) "
                  f"| {seconds:,.1f} | {layer.path.stat().st_size / 2**20:,.1f} |", flush=True)
        for scale in sizes:
            layer = layers[scale]
            print(f"[{_name(scale)}]", file=sys.stderr, flush=True)
            results[scale] = in_child(
                (str(layer.path) if layer else None, args.repeat, args.memory_limit),
                args.timeout)
            if layer and not args.keep:
                layer.path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    report(sizes, results, args.repeat)


def report(sizes: list[int], results: dict[int, tuple[dict, str]], repeat: int) -> None:
    n = repeat
    print("\n### Load and memory\n")
    print("| knowledge | quads | `load(data=[layer])` (ms) | resident after load (MB) "
          "| peak RSS, in-memory work (MB) | `load(data=[layer], store=DIR)`, 1 run (ms) "
          "| peak RSS after it (MB) | ended |")
    print("|---|--:|--:|--:|--:|--:|--:|---|")
    for scale in sizes:
        got, ended = results[scale]
        load, peak, store = got.get("load"), got.get("peak"), got.get("store")
        print(f"| {_name(scale)} | {load[3]:,} | {_ms(load, n)} | {load[4]:,.0f} | "
              if load else f"| {_name(scale)} | — | — | — | ", end="")
        print(f"{peak[1]:,.0f} | " if peak else "— | ", end="")
        print(f"{store[1]:,.0f} | {store[3]:,.0f} | " if store else "— | — | ", end="")
        print(f"{got['error'][1] if 'error' in got else ended} |")

    print("\n### Named queries (all rows; ms)\n")
    print("| knowledge | " + " | ".join(f"`{q}`" for q in QUERIES) + " |")
    print("|---|" + "--:|" * len(QUERIES))
    for scale in sizes:
        got = results[scale][0]
        cells = []
        for q in QUERIES:
            m = got.get(("query", q))
            cells.append(f"{m[2]:,.1f}{_runs(m[3], n)} ({m[4]:,} rows)" if m else "—")
        print(f"| {_name(scale)} | " + " | ".join(cells) + " |")

    print("\n### Projection and explain (ms)\n")
    print("| knowledge | nodes / edges | `to_networkx(kg)` cold | `to_networkx(kg, inverse=True)` "
          "cold | `explain(kg, \"magnesium\", \"vitamin B12\")` cold (with its projection) "
          "| explain warm | routes (longest, steps) |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for scale in sizes:
        got = results[scale][0]
        fwd, inv = got.get(("projection", "forward")), got.get(("projection", "inverse"))
        cold, warm = got.get(("explain", "cold")), got.get(("explain", "warm"))
        size = f"{fwd[4]:,} / {fwd[5]:,}" if fwd else "—"
        routes = f"{cold[4]} ({cold[5]})" if cold else "—"
        print(f"| {_name(scale)} | {size} | {_ms(fwd, n, 2)} | {_ms(inv, n, 2)} "
              f"| {_ms(cold, n, 2)} | {_ms(warm, n, 2)} | {routes} |")

    print("\n### Degree of the projection's nodes (forward edges, either direction)\n")
    print("| knowledge | which nodes | count | mean | median | 90th pct | 99th pct | max "
          "| degree 1 | degree 2 |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for scale in sizes:
        degrees = results[scale][0].get("degrees")
        for group, s in (degrees[1].items() if degrees else ()):
            print(f"| {_name(scale)} | {group} | {s['nodes']:,} | {s['mean']:.2f} "
                  f"| {s['median']:g} | {s['p90']} | {s['p99']} | {s['max']:,} "
                  f"| {s['one']:.0%} | {s['two']:.0%} |")

    growth(sizes, results)


def _measures(got: dict) -> dict[str, float]:
    """The measures whose growth is reported, by name, from one size's messages."""
    found = {}
    pick = {"load in memory": ("load", 1), "load into a store": ("store", 1),
            "peak RSS, in-memory work": ("peak", 1),
            "projection, forward, cold": (("projection", "forward"), 2),
            "projection, inverse, cold": (("projection", "inverse"), 2),
            "explain, cold": (("explain", "cold"), 2), "explain, warm": (("explain", "warm"), 2)}
    for q in QUERIES:
        pick[f"query `{q}`"] = (("query", q), 2)
    for name, (key, at) in pick.items():
        if key in got:
            found[name] = got[key][at]
    return found


def growth(sizes: list[int], results: dict[int, tuple[dict, str]]) -> None:
    measured = [(scale, results[scale][0]) for scale in sizes if "load" in results[scale][0]]
    if len(measured) < 2:
        return
    pairs = list(itertools.pairwise(measured))
    print("\n### How it grows\n")
    print("Growth exponent between consecutive sizes: log(t2/t1) / log(n2/n1), with n the "
          "quads loaded (curated graph and layer). 1 is linear; ⚠ marks over "
          f"{FASTER:g}, faster than linear.\n")
    heads = []
    for (sa, a), (sb, b) in pairs:
        heads.append(f"{_name(sa).replace('curated + ', '')} → "
                     f"{_name(sb).replace('curated + ', '')} "
                     f"(quads x{b['load'][3] / a['load'][3]:.1f})")
    print("| measure | " + " | ".join(heads) + " |")
    print("|---|" + "--:|" * len(heads))
    faster: dict[str, list[str]] = {}
    names = list(_measures(measured[0][1]))
    for name in names:
        cells = []
        for (_, a), (_, b) in pairs:
            ta, tb = _measures(a).get(name), _measures(b).get(name)
            if not ta or not tb:
                cells.append("—")
                continue
            exponent = math.log(tb / ta) / math.log(b["load"][3] / a["load"][3])
            flag = " ⚠" if exponent > FASTER else ""
            if flag:
                faster.setdefault(name, []).append(f"{exponent:.2f} ({heads[len(cells)]})")
            cells.append(f"{exponent:.2f}{flag}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    if faster:
        print("\nFaster than linear: " + "; ".join(
            f"{name}: {', '.join(where)}" for name, where in faster.items()) + ".")
    else:
        print("\nNothing grows faster than linearly between these sizes.")


if __name__ == "__main__":
    main()
