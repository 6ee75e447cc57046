"""Time the NetworkX projection, path search and metapaths, beside rdflib's own converter.

Run from the repository root::

    python benchmarks/bench_paths.py [--store DIR] [--skip-full] [--repeat N]
                                     [--timeout SECONDS] [--memory-limit GB]

It prints Markdown tables to paste into the README. Times are medians of N
runs (default 7) unless a cell says otherwise.

- **bundled graph** (in process): the projection built cold each time
  (:func:`nutrigraph.to_networkx`, after ``kg.changed()`` so that nothing read
  from the graph is kept), forward only and with the reversed edges; its nodes,
  edges and the peak of Python allocations while it is built (tracemalloc,
  measured in a separate run because tracing slows it down). Then the path
  questions: ``find_paths(..., k=10)`` from magnesium to adenosylcobalamin and
  to vitamin B12, ``metapaths_between`` and ``neighbors``. A search's first
  call on a fresh projection also builds the simple graph that Yen's algorithm
  walks, so it is shown apart from the median of later calls. Last,
  rdflib's ``rdflib_to_networkx_multidigraph`` over the same triples
  (``kg.dataset``, the union of its graphs) and where each projection's
  shortest path from magnesium to adenosylcobalamin, walking edges either
  way, goes.
- **full store** (``--store DIR``, made by ``nutrigraph import usda --store
  DIR``; ``--skip-full`` leaves it out): the same, each side in a child process
  of its own, so that its peak resident memory (``ru_maxrss``) is its own.
  ``load(store=DIR)`` adds or refreshes the bundled graphs in the store, and
  nothing else is written. rdflib's converter is stopped after ``--timeout``
  seconds (default 300) and both children are limited to ``--memory-limit`` GB
  of address space (default 12); the table says so when that happens, with how
  far the conversion got.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from _timing import machine_line, timed

import nutrigraph
from nutrigraph.prefixes import NG, NGK, compact

MG, ADO, B12, FOLATE = (NGK + "magnesium", NGK + "adenosylcobalamin", NGK + "vitamin-b12",
                        NGK + "folate")
PAIRS = (("magnesium → adenosylcobalamin", MG, ADO), ("magnesium → folate", MG, FOLATE))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def traced_mb(fn) -> float:
    """Peak of Python allocations while ``fn()`` runs, in MB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def first_then_median(make_graph, question, repeat: int, budget: float = 20.0):
    """(ms of the first call on a fresh graph, median ms of later calls, runs, answer)."""
    G = make_graph()
    start = time.perf_counter()
    answer = question(G)
    first = (time.perf_counter() - start) * 1000
    median, runs = timed(lambda: question(G), repeat, budget)
    return first, median, runs, answer


# -- what the questions return, in words ----------------------------------------------------


def describe_paths(paths) -> str:
    return f"{len(paths)} paths; best: {paths[0].text()}" if paths else "no path"


def describe_metapaths(found) -> str:
    count = sum(m.path_count for m in found)
    best = f"; first: {found[0].text}" if found else ""
    return f"{len(found)} metapaths, {count} paths{best}"


def describe_graph(H) -> str:
    return f"{H.number_of_nodes():,} nodes, {H.number_of_edges():,} edges"


def questions(kg_or_none, G, Gi):
    """The path questions, each as (label, graph factory, function of the graph)."""
    from nutrigraph import find_paths, metapaths_between, neighbors

    return [
        ("`find_paths(G, magnesium, adenosylcobalamin, k=10)`, forward", G,
         lambda H: describe_paths(find_paths(H, MG, ADO, k=10))),
        ("`find_paths(G, magnesium, adenosylcobalamin, k=10)`, inverse=True", Gi,
         lambda H: describe_paths(find_paths(H, MG, ADO, k=10))),
        ("`find_paths(G, magnesium, vitamin B12, k=10)`, inverse=True", Gi,
         lambda H: describe_paths(find_paths(H, MG, B12, k=10))),
        ("`metapaths_between(G, magnesium, adenosylcobalamin, max_length=3)`, forward", G,
         lambda H: describe_metapaths(metapaths_between(H, MG, ADO, max_length=3))),
        ("`metapaths_between(G, magnesium, vitamin B12, max_length=3)`, inverse=True", Gi,
         lambda H: describe_metapaths(metapaths_between(H, MG, B12, max_length=3))),
        ("`neighbors(G, magnesium, depth=2)`", G,
         lambda H: describe_graph(neighbors(H, MG, depth=2))),
    ]


def shortest_either_way(G, source, target, rdflib_terms: bool = False) -> str:
    """A shortest path on an undirected view, in words, with how many paths tie.

    With ``rdflib_terms`` the graph is rdflib's, and the count says how many of
    the tied paths pass through a term that is no entity: a class, a literal, a
    statement, a source or section, or a term of the schema.
    """
    import networkx as nx

    view = G.to_undirected(as_view=True)
    try:
        tied = list(itertools.islice(nx.all_shortest_paths(view, source, target), 1000))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return "no path"
    # An undirected view walks a node's neighbours in set order, which changes with
    # PYTHONHASHSEED; of the tied paths, the one shown is the first by its IRIs.
    nodes = min(tied, key=lambda path: [str(n) for n in path])
    parts = [_node_text(G, nodes[0])]
    for u, v in itertools.pairwise(nodes):
        forward = [k for k in (G.get_edge_data(u, v) or {}) if not str(k).startswith("^")]
        if forward:
            parts.append(f"-{_key_text(forward[0])}-> {_node_text(G, v)}")
        else:
            parts.append(f"<-{_key_text(next(iter(G.get_edge_data(v, u))))}- "
                         f"{_node_text(G, v)}")
    note = f" ({len(tied)} shortest path{'s' * (len(tied) != 1)}"
    if rdflib_terms:
        through = sum(1 for path in tied if any(_no_entity(G, n) for n in path[1:-1]))
        note += f", {through} through a class, literal, statement or schema term"
    return " ".join(parts) + note + ")"


_SOURCES = {NG + c for c in ("Statement", "SourceSection", "Source", "Article", "JournalArticle",
                             "DatabaseRecord", "Dataset", "ReferenceWork")}


def _no_entity(G, node) -> bool:
    """A literal, a term of the schema, a class (things are typed with it), a statement or a
    source or section."""
    from rdflib import RDF, Literal

    if isinstance(node, Literal) or str(node).startswith(NG):
        return True
    if any(k == RDF.type for _, _, k in G.in_edges(node, keys=True)):
        return True
    return any(k == RDF.type and str(o) in _SOURCES for _, o, k in G.out_edges(node, keys=True))


def _key_text(key) -> str:
    return compact(str(key))


def _node_text(G, node) -> str:
    kind = type(node).__name__  # no rdflib import: the nutrigraph side never loads it
    if kind == "Literal":
        return f'"{node}"'
    if kind == "BNode":
        return "_:" + str(node)[:6]
    label = G.nodes[node].get("label") if G.has_node(node) else None
    return label or compact(str(node))


def hubs(G, n: int = 3) -> str:
    top = sorted(G.degree, key=lambda item: item[1], reverse=True)[:n]
    return ", ".join(f"{_node_text(G, node)} ({degree:,})" for node, degree in top)


# -- the bundled graph ------------------------------------------------------------------------


def bundled(n: int) -> None:
    from rdflib import URIRef
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    from nutrigraph import to_networkx

    kg = nutrigraph.load()

    def fresh(**options):
        kg.changed()  # a projection is kept until the graph changes: time a new one
        return to_networkx(kg, **options)

    print(f"### The bundled graph ({len(kg):,} quads)\n")
    print("| projection | nodes | edges | time (ms) | peak Python memory (MB) |")
    print("|---|--:|--:|--:|--:|")
    rows = [
        ("nutrigraph `to_networkx(kg)`", lambda: fresh()),
        ("nutrigraph `to_networkx(kg, inverse=True)`", lambda: fresh(inverse=True)),
        ("rdflib `rdflib_to_networkx_multidigraph` over `kg.dataset`",
         lambda: rdflib_to_networkx_multidigraph(kg.dataset.triples((None, None, None)))),
    ]
    made = {}
    for label, build in rows:
        ms, runs = timed(build, n)
        memory = traced_mb(build)
        made[label] = H = build()
        print(f"| {label} | {H.number_of_nodes():,} | {H.number_of_edges():,} | {ms:,.1f}"
              f"{_runs(runs, n)} | {memory:,.1f} |", flush=True)

    print("\n| question | answer | first call (ms) | later calls (ms) |\n|---|---|--:|--:|")
    forward = lambda: fresh()  # noqa: E731
    inverse = lambda: fresh(inverse=True)  # noqa: E731
    for label, make, question in questions(kg, forward, inverse):
        first, median, runs, answer = first_then_median(make, question, n)
        print(f"| {label} | {answer} | {first:,.1f} | {median:,.1f}{_runs(runs, n)} |",
              flush=True)

    ours = made["nutrigraph `to_networkx(kg, inverse=True)`"]
    theirs = made["rdflib `rdflib_to_networkx_multidigraph` over `kg.dataset`"]
    print("\n| from → to | projection | a shortest path walking edges either way"
          " (of tied paths, the first by IRI) |")
    print("|---|---|---|")
    for label, source, target in PAIRS:
        print(f"| {label} | nutrigraph | {shortest_either_way(ours, source, target)} |")
        print(f"| {label} | rdflib | "
              f"{shortest_either_way(theirs, URIRef(source), URIRef(target), True)} |")
    print(f"\nBusiest nodes (degree). nutrigraph: {hubs(ours)}. rdflib: {hubs(theirs)}.",
          flush=True)


# -- a full store, each side in a child process ------------------------------------------------


def ours_worker(store: str, repeat: int, limit_gb: float, conn) -> None:
    """Child: open the store, project it (forward, then with reversed edges), ask questions."""
    _limit(limit_gb)
    try:
        import networkx  # noqa: F401  (imports are not the projection's time)

        from nutrigraph import to_networkx

        compact(MG)  # loads curies
        start = time.perf_counter()
        kg = nutrigraph.load(store=store)
        conn.send(("opened", time.perf_counter() - start, len(kg), rss_mb()))
        start = time.perf_counter()
        G = to_networkx(kg)
        conn.send(("forward", time.perf_counter() - start, G.number_of_nodes(),
                   G.number_of_edges(), peak_mb()))
        del G  # so that the next peak is the inverse projection's own:
        kg.changed()  # the graph keeps its projections until it changes
        start = time.perf_counter()
        Gi = to_networkx(kg, inverse=True)
        conn.send(("inverse", time.perf_counter() - start, Gi.number_of_nodes(),
                   Gi.number_of_edges(), peak_mb()))
        # a forward-only view of the same projection: no second copy in memory (a dict
        # of its own for its graph attributes, which say it is forward only)
        G = Gi.edge_subgraph([(u, v, k) for u, v, k, inverse in Gi.edges(keys=True,
                                                                         data="inverse")
                              if not inverse])
        G.graph = dict(Gi.graph, inverse=False)
        graphs = {"G": G, "Gi": Gi}
        for label, which, question in questions(kg, "G", "Gi"):
            H = graphs[which]
            start = time.perf_counter()
            answer = question(H)
            first = (time.perf_counter() - start) * 1000
            median, runs = timed(lambda q=question, H=H: q(H), repeat, 20.0)
            conn.send(("question", label, answer, first, median, runs))
        conn.send(("questions", peak_mb()))
        for label, source, target in PAIRS:
            began = time.perf_counter()
            text = shortest_either_way(Gi, source, target)
            conn.send(("shortest", label, text, time.perf_counter() - began))
        conn.send(("hubs", hubs(Gi)))
    except MemoryError:
        conn.send(("error", f"out of memory (> {limit_gb:g} GB)", peak_mb()))
    conn.send(None)


def rdflib_worker(store: str, limit_gb: float, conn) -> None:
    """Child: rdflib's converter over every triple of the store, reporting progress."""
    _limit(limit_gb)
    import networkx  # noqa: F401  (imports are not the converter's time)
    from rdflib import URIRef
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    kg = nutrigraph.load(store=store)
    kg.dataset  # noqa: B018  (opens the rdflib view: oxrdflib's import)
    done, start = 0, time.perf_counter()

    def triples():
        nonlocal done
        for triple in kg.dataset.triples((None, None, None)):
            done += 1
            if done % 250_000 == 0:
                conn.send(("progress", done, time.perf_counter() - start, peak_mb()))
            yield triple

    try:
        G = rdflib_to_networkx_multidigraph(triples())
        conn.send(("built", time.perf_counter() - start, G.number_of_nodes(),
                   G.number_of_edges(), peak_mb()))
        for label, source, target in PAIRS:
            began = time.perf_counter()
            text = shortest_either_way(G, URIRef(source), URIRef(target), True)
            conn.send(("shortest", label, text, time.perf_counter() - began))
        conn.send(("hubs", hubs(G)))
    except MemoryError:
        conn.send(("error", f"out of memory (> {limit_gb:g} GB) after {done:,} triples, "
                            f"{time.perf_counter() - start:.0f} s", peak_mb()))
    conn.send(None)


def _limit(gigabytes: float) -> None:
    size = int(gigabytes * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def in_child(target, args, timeout: float) -> tuple[list, str]:
    """Run ``target(*args, conn)`` in a fresh process: (its messages, how it ended).

    It ends "finished", "timeout", or "died (exit code N)" (killed for memory, say).
    """
    spawn = multiprocessing.get_context("spawn")
    receive, send = spawn.Pipe(duplex=False)
    child = spawn.Process(target=target, args=(*args, send))
    child.start()
    send.close()  # so that the pipe ends (EOFError) if the child dies
    messages, ended = [], "timeout"
    deadline = time.perf_counter() + timeout
    while receive.poll(max(0.0, deadline - time.perf_counter())):
        try:
            message = receive.recv()
        except EOFError:
            child.join()
            ended = f"died (exit code {child.exitcode})"
            break
        if message is None:
            ended = "finished"
            break
        messages.append(message)
        print(f"  {message[:4]}", file=sys.stderr, flush=True)
    child.terminate()
    child.join()
    return messages, ended


def full(store: str, n: int, timeout: float, limit_gb: float) -> None:
    ours, ours_ended = in_child(ours_worker, (store, n, limit_gb), 3600)
    theirs, theirs_ended = in_child(rdflib_worker, (store, limit_gb), timeout)
    got = {m[0]: m for m in ours}
    quads = got["opened"][2] if "opened" in got else 0
    print(f"\n### A full SR28 store ({quads:,} quads), each side in a new process\n")
    print("| on the full store | nutrigraph projection | rdflib converter |\n|---|--:|--:|")
    if "opened" in got:
        print(f"| `load(store=DIR)`, then resident memory | {got['opened'][1] * 1000:,.0f} ms, "
              f"{got['opened'][3]:,.0f} MB | |")
    theirs_by = {}
    for m in theirs:
        theirs_by[m[0]] = m  # the last progress report is kept
    if "built" in theirs_by:
        _, secs, nodes, edges, peak = theirs_by["built"]
        rd_time, rd_size, rd_peak = f"{secs:,.1f} s", f"{nodes:,} / {edges:,}", f"{peak:,.0f} MB"
    else:
        if "error" in theirs_by:
            why = theirs_by["error"][1]
        elif "progress" in theirs_by:
            _, count, secs, _peak = theirs_by["progress"]
            stop = (f"timeout (> {timeout:g} s)" if theirs_ended == "timeout"
                    else theirs_ended)
            why = f"{stop}: {count:,} triples converted in {secs:.0f} s"
        else:
            why = f"{theirs_ended} before the first 250,000 triples"
        last = theirs_by.get("progress")
        rd_time, rd_size = why, "-"
        rd_peak = f"{last[3]:,.0f} MB when stopped" if last else "-"
    for kind, label in (("forward", "projection"), ("inverse", "projection, inverse=True")):
        if kind in got:
            _, secs, nodes, edges, peak = got[kind]
            rd = (rd_time, rd_size, rd_peak) if kind == "forward" else ("", "", "")
            print(f"| {label}: time | {secs:,.1f} s | {rd[0]} |")
            print(f"| {label}: nodes / edges | {nodes:,} / {edges:,} | {rd[1]} |")
            print(f"| {label}: peak resident memory | {peak:,.0f} MB | {rd[2]} |")
    if "questions" in got:
        print(f"| peak resident memory after the path questions below "
              f"| {got['questions'][1]:,.0f} MB | |")
    if "error" in got:
        print(f"| nutrigraph side stopped | {got['error'][1]} | |")
    elif ours_ended != "finished":
        print(f"| nutrigraph side stopped | {ours_ended} (limit: an hour) | |")
    print("\n| question on the full store | answer | first call (ms) | later calls (ms) |")
    print("|---|---|--:|--:|")
    for m in ours:
        if m[0] == "question":
            _, label, answer, first, median, runs = m
            print(f"| {label} | {answer} | {first:,.1f} | {median:,.1f}{_runs(runs, n)} |")
    print("\n| from → to | projection | a shortest path walking edges either way"
          " (of tied paths, the first by IRI) |")
    print("|---|---|---|")
    for name, messages in (("nutrigraph", ours), ("rdflib", theirs)):
        for m in messages:
            if m[0] == "shortest":
                print(f"| {m[1]} | {name} | {m[2]} ({m[3]:.1f} s) |")
    busiest = {name: next((m[1] for m in messages if m[0] == "hubs"), "-")
               for name, messages in (("nutrigraph", ours), ("rdflib", theirs))}
    print(f"\nBusiest nodes (degree). nutrigraph: {busiest['nutrigraph']}. "
          f"rdflib: {busiest['rdflib']}.")
    if "built" not in theirs_by:
        print(f"\nrdflib's converter did not finish: {rd_time}.")


def _runs(runs: int, wanted: int) -> str:
    return f" ({runs} runs)" if runs < wanted else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (7)")
    parser.add_argument("--store", metavar="DIR",
                        help="a store made by `nutrigraph import usda --store DIR`")
    parser.add_argument("--skip-full", action="store_true", help="only the bundled graph")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds allowed to rdflib's converter on the store (300)")
    parser.add_argument("--memory-limit", type=float, default=12.0, metavar="GB",
                        help="address space allowed to each child process (12)")
    args = parser.parse_args()
    if not args.skip_full and not args.store:
        parser.error("give --store DIR (a full SR28 import), or --skip-full")

    print(machine_line(args.repeat))
    bundled(args.repeat)
    if not args.skip_full:
        full(args.store, args.repeat, args.timeout, args.memory_limit)


if __name__ == "__main__":
    main()
