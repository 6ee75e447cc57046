"""A remote store beside a local one: import, named queries, questions and round trips.

Run from the repository root::

    python benchmarks/bench_remote.py [--foods N|all] [--repeat N] [--latency 5,20]
                                      [--timeout S] [--import-only] [--quick] [--json FILE]

On loopback only, in one run, it starts ``oxigraph serve`` on a new database in a
temporary folder (``running_oxigraph`` of ``tests/servers.py``: 127.0.0.1, a free port,
ended by its process id at the end, also on error) and measures, beside each other, a
store folder on this machine (*local*) and the server through
:class:`nutrigraph.store.RemoteStore` (*remote*):

1. **import**: ``import_usda`` of the same SR28 foods (``--foods``: evenly spread over
   SR28, default 300; ``all``: 8,789 foods, about 5 million quads) into a new store
   folder and into the server (Graph Store Protocol chunks into a staging graph, then one
   ``MOVE``); then the bundled knowledge: ``load(store=DIR)`` adds it to the folder,
   ``load(store=RemoteStore(...))`` pushes it. The server's peak resident memory
   (``VmHWM``) is read from ``/proc``.
2. **named queries**: each of ``list_queries()`` through ``kg.named_query(name)``, on the
   folder opened read-only and on the server's query endpoint, one warm-up run, then the
   median of ``--repeat``.
3. **questions**: explain, paths, neighbors, differential and overlap as
   :mod:`nutrigraph.questions` answers them (the JSON of the command line), each on a
   newly loaded graph: the first call (*cold*: the name index and the projection are
   built) and the median of later calls (*warm*).
4. **round trips**: every HTTP request is counted (``SparqlClient._send`` and
   ``read_graph`` wrapped), and one round trip is timed (an ``ASK {}`` through the same
   client). Then the remote questions run again with a delay added before each request
   (``--latency``, default 5 and 20 ms): a *simulated* network, not a measured one.

The disk cache of what a store derives is switched off (``NUTRIGRAPH_CACHE_DIR=""``), so
that *cold* is cold on both sides. ``--timeout`` bounds each request (60 s, as
``RemoteStore``'s): the one ``MOVE`` of a large import takes longer (all of SR28: more
than 60 s, and more memory than the server's machine may have); ``--import-only`` stops
after the import. ``--quick`` is a smoke run: 20 foods, 2 repeats, one
simulated latency.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ["NUTRIGRAPH_CACHE_DIR"] = ""  # keep nothing on disk: cold is cold on both sides

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _timing import machine_line
from servers import running_oxigraph

import nutrigraph
from nutrigraph import questions
from nutrigraph.importers.sr28_tables import sr28_dir
from nutrigraph.importers.usda import import_usda
from nutrigraph.queries import list_queries
from nutrigraph.store import RemoteStore
from nutrigraph.store.endpoint import SparqlClient

QUESTIONS: dict[str, Callable] = {
    'explain magnesium "methionine synthase"':
        lambda kg: questions.explanation(kg, "magnesium", "methionine synthase"),
    "path magnesium adenosylcobalamin":
        lambda kg: questions.paths(kg, "magnesium", "adenosylcobalamin"),
    'neighbors "vitamin B12"': lambda kg: questions.neighbors(kg, "vitamin B12"),
    "differential fatigue numbness":
        lambda kg: questions.differential(kg, ["fatigue", "numbness"]),
    'overlap magnesium "vitamin B12"':
        lambda kg: questions.overlap(kg, "magnesium", "vitamin B12"),
}


# --- counting and delaying requests ----------------------------------------------------

class Requests:
    """Counts the HTTP requests of every :class:`SparqlClient`; can delay each one."""

    def __init__(self) -> None:
        self.count = 0
        self.delay = 0.0
        self.seconds: dict[str, float] = {}  # by kind: query, update, graph store
        self._send, self._read_graph = SparqlClient._send, SparqlClient.read_graph

    def install(self) -> None:
        counter = self

        def send(client, *args, **options):
            counter.count += 1
            if counter.delay:
                time.sleep(counter.delay)
            start = time.perf_counter()
            try:
                return counter._send(client, *args, **options)
            finally:
                what = options.get("what", "?")
                counter.seconds[what] = (counter.seconds.get(what, 0.0)
                                         + time.perf_counter() - start)

        @contextmanager
        def read_graph(client, graph):
            counter.count += 1
            if counter.delay:
                time.sleep(counter.delay)
            with counter._read_graph(client, graph) as triples:
                yield triples

        SparqlClient._send, SparqlClient.read_graph = send, read_graph

    def uninstall(self) -> None:
        SparqlClient._send, SparqlClient.read_graph = self._send, self._read_graph

    @contextmanager
    def counting(self) -> Iterator[list[int]]:
        """``[n]``: the requests sent inside the block, set when it ends."""
        out, start = [0], self.count
        try:
            yield out
        finally:
            out[0] = self.count - start

    @contextmanager
    def delayed(self, seconds: float) -> Iterator[None]:
        self.delay = seconds
        try:
            yield
        finally:
            self.delay = 0.0


# --- helpers ---------------------------------------------------------------------------

def sr28_foods(count: int | None) -> list[str] | None:
    """``count`` NDB numbers spread evenly over SR28 (``None``: all of them)."""
    if count is None:
        return None
    text = (sr28_dir() / "FOOD_DES.txt").read_text(encoding="latin-1")
    numbers = [line.split("^", 1)[0].strip("~") for line in text.splitlines() if line]
    step = max(1, len(numbers) // count)
    return numbers[::step][:count]


def clock(fn: Callable) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_ms(fn: Callable, repeat: int) -> float:
    times = [clock(fn)[0] for _ in range(repeat)]
    return statistics.median(times) * 1000


def vm_hwm_mb(pid: int) -> tuple[float, float]:
    """(peak, current) resident memory of a process, in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return (int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024)


def rate(quads: int, seconds: float) -> str:
    return f"{quads / seconds:,.0f}" if seconds else "-"


def share(part_ms: float, whole_ms: float) -> str:
    return f"{min(part_ms / whole_ms, 9.99):.0%}" if whole_ms else "-"


# --- the measurements ------------------------------------------------------------------

def measure_import(folder: Path, writer: RemoteStore, server_pid: int, foods: list[str] | None,
                   requests: Requests) -> dict:
    out: dict = {}
    seconds, report = clock(lambda: import_usda(folder, foods=foods))
    out["sr28_local"] = {"seconds": seconds, "quads": report.quads, "foods": report.foods}
    requests.seconds.clear()
    with requests.counting() as sent:
        seconds, report = clock(lambda: import_usda(writer, foods=foods))
    peak, now = vm_hwm_mb(server_pid)
    out["sr28_remote"] = {"seconds": seconds, "quads": report.quads, "requests": sent[0],
                          "server_peak_mb": peak, "server_rss_mb": now,
                          "upload_seconds": requests.seconds.get("graph store", 0.0),
                          "move_seconds": requests.seconds.get("update", 0.0)}
    bundled = len(nutrigraph.load())
    seconds, kg = clock(lambda: nutrigraph.load(store=folder))
    out["bundled_local"] = {"seconds": seconds, "quads": bundled, "store_quads": len(kg)}
    kg.store.close()
    del kg
    with requests.counting() as sent:
        seconds, kg = clock(lambda: nutrigraph.load(store=writer))
    peak, now = vm_hwm_mb(server_pid)
    out["bundled_remote"] = {"seconds": seconds, "quads": bundled, "requests": sent[0],
                             "store_quads": len(kg), "server_peak_mb": peak,
                             "server_rss_mb": now}
    return out


def round_trip_ms(url: str, repeat: int) -> dict:
    """One request through the client: ``ASK {}`` (nothing to evaluate or to send back)."""
    with RemoteStore(url) as store:
        client = store._client
        for _ in range(10):
            client.query("ASK {}")
        times = sorted(clock(lambda: client.query("ASK {}"))[0] * 1000 for _ in range(repeat))
    return {"median_ms": statistics.median(times), "p90_ms": times[int(0.9 * (len(times) - 1))],
            "runs": repeat}


def measure_named(local, remote, repeat: int, requests: Requests) -> list[dict]:
    rows = []
    for query in list_queries():
        name = query.name
        answers = [len(local.named_query(name)), len(remote.named_query(name))]  # warm-up
        with requests.counting() as sent:
            remote.named_query(name)
        rows.append({"query": name, "rows": answers[0], "remote_rows": answers[1],
                     "local_ms": median_ms(lambda n=name: local.named_query(n), repeat),
                     "remote_ms": median_ms(lambda n=name: remote.named_query(n), repeat),
                     "requests": sent[0]})
    return rows


def measure_questions(open_local, open_remote, repeat: int, requests: Requests) -> list[dict]:
    rows = []
    for label, ask in QUESTIONS.items():
        row: dict = {"question": label}
        for side, opener in (("local", open_local), ("remote", open_remote)):
            kg = opener()
            with requests.counting() as cold:
                row[f"{side}_cold_ms"], answer = clock(lambda k=kg, a=ask: a(k))
            with requests.counting() as warm:
                ask(kg)
            row[f"{side}_cold_ms"] *= 1000
            row[f"{side}_warm_ms"] = median_ms(lambda k=kg, a=ask: a(k), repeat)
            row[f"{side}_answer"] = json.dumps(answer, sort_keys=True, default=str)
            if side == "remote":
                row["cold_requests"], row["warm_requests"] = cold[0], warm[0]
        row["same_answer"] = row.pop("local_answer") == row.pop("remote_answer")
        rows.append(row)
    return rows


def measure_latency(open_remote, delays_ms: list[float], repeat: int,
                    requests: Requests) -> list[dict]:
    rows = []
    for label, ask in QUESTIONS.items():
        row: dict = {"question": label}
        for delay in delays_ms:
            with requests.delayed(delay / 1000):
                kg = open_remote()
                cold, _ = clock(lambda k=kg, a=ask: a(k))
                row[f"cold_ms@{delay:g}"] = cold * 1000
                row[f"warm_ms@{delay:g}"] = median_ms(lambda k=kg, a=ask: a(k), repeat)
        rows.append(row)
    return rows


# --- the tables --------------------------------------------------------------------------

def print_tables(result: dict) -> None:
    imp, rt = result["import"], result.get("round_trip")
    print("| import | quads | local folder (s) | quads/s | remote: oxigraph serve (s) "
          "| quads/s | requests | server peak RSS (MB) |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    foods = imp["sr28_local"]["foods"]
    for label, local, remote in (
            (f"SR28, {foods:,} foods (`import_usda`)", imp["sr28_local"], imp["sr28_remote"]),
            ("bundled knowledge (`load(store=...)`: first load / push)", imp["bundled_local"],
             imp["bundled_remote"])):
        print(f"| {label} | {local['quads']:,} | {local['seconds']:.2f} "
              f"| {rate(local['quads'], local['seconds'])} | {remote['seconds']:.2f} "
              f"| {rate(remote['quads'], remote['seconds'])} | {remote['requests']} "
              f"| {remote['server_peak_mb']:,.0f} |")
    sr28 = imp["sr28_remote"]
    print(f"\nRemote SR28 import: {sr28['upload_seconds']:.2f} s in Graph Store Protocol POSTs "
          f"to the staging graph, {sr28['move_seconds']:.2f} s in the one update that moves it "
          "over the target.")
    print(f"Store after both: {imp['bundled_local']['store_quads']:,} quads locally, "
          f"{imp['bundled_remote']['store_quads']:,} on the server "
          f"(server resident now: {imp['bundled_remote']['server_rss_mb']:,.0f} MB).\n")

    if rt is None:  # --import-only
        return
    print(f"One round trip (`ASK {{}}` through the client, loopback, {rt['runs']} runs): "
          f"median {rt['median_ms']:.2f} ms, p90 {rt['p90_ms']:.2f} ms.\n")
    trip = rt["median_ms"]

    print("| named query | rows | local (ms) | remote (ms) | remote - local (ms) | requests "
          "| requests x round trip, share of remote |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for row in result["named"]:
        rows = f"{row['rows']}" + ("" if row["rows"] == row["remote_rows"]
                                   else f" (remote: {row['remote_rows']})")
        print(f"| `{row['query']}` | {rows} | {row['local_ms']:,.1f} | {row['remote_ms']:,.1f} "
              f"| {row['remote_ms'] - row['local_ms']:+,.1f} | {row['requests']} "
              f"| {share(row['requests'] * trip, row['remote_ms'])} |")
    total_l = sum(r["local_ms"] for r in result["named"])
    total_r = sum(r["remote_ms"] for r in result["named"])
    print(f"| all {len(result['named'])} | | {total_l:,.1f} | {total_r:,.1f} "
          f"| {total_r - total_l:+,.1f} | {sum(r['requests'] for r in result['named'])} | |\n")

    print("| question | local cold (ms) | remote cold (ms) | requests cold | local warm (ms) "
          "| remote warm (ms) | requests warm | requests x round trip, share of remote warm "
          "| same answer |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|---|")
    for row in result["questions"]:
        print(f"| `{row['question']}` | {row['local_cold_ms']:,.0f} | {row['remote_cold_ms']:,.0f} "
              f"| {row['cold_requests']} | {row['local_warm_ms']:,.1f} "
              f"| {row['remote_warm_ms']:,.1f} | {row['warm_requests']} "
              f"| {share(row['warm_requests'] * trip, row['remote_warm_ms'])} "
              f"| {'yes' if row['same_answer'] else 'NO'} |")
    print()

    delays = result["latency_ms"]
    if delays:
        heads = "".join(f" cold, +{d:g} ms | warm, +{d:g} ms |" for d in delays)
        print("Simulated latency: a delay added before every request (not a measured "
              "network), remote store, ms:\n")
        print(f"| question | requests cold / warm | cold, loopback | warm, loopback |{heads}")
        print("|---|--:|--:|--:|" + "--:|--:|" * len(delays))
        measured = {row["question"]: row for row in result["questions"]}
        for row in result["latency"]:
            base = measured[row["question"]]
            cells = "".join(f" {row[f'cold_ms@{d:g}']:,.0f} | {row[f'warm_ms@{d:g}']:,.0f} |"
                            for d in delays)
            print(f"| `{row['question']}` | {base['cold_requests']} / {base['warm_requests']} "
                  f"| {base['remote_cold_ms']:,.0f} | {base['remote_warm_ms']:,.0f} |{cells}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--foods", default="300",
                        help="SR28 foods to import: a number (spread over SR28) or all (300)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (7)")
    parser.add_argument("--latency", default="5,20",
                        help="simulated delays per request, ms, comma-separated; empty: none")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 20 foods, 2 repeats, one simulated latency (5 ms)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds each request to the server may take (60, RemoteStore's)")
    parser.add_argument("--import-only", action="store_true",
                        help="measure the import and the push only")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.quick:
        args.foods, args.repeat, args.latency = "20", 2, "5"
    foods = sr28_foods(None if args.foods == "all" else int(args.foods))
    delays = [float(d) for d in args.latency.split(",") if d.strip()]

    print(machine_line(args.repeat, ", in ms unless stated; loopback (127.0.0.1)"))
    requests = Requests()
    requests.install()
    result: dict = {"foods": args.foods, "repeat": args.repeat, "latency_ms": delays}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-remote-") as tmp:
            folder = Path(tmp) / "local.db"
            server_dir = Path(tmp) / "server"
            server_dir.mkdir()
            with running_oxigraph(server_dir) as endpoints:
                pid = endpoints.process.pid
                writer = RemoteStore(endpoints.query, update_endpoint=endpoints.update,
                                     graph_store=endpoints.graph_store, timeout=args.timeout)
                result["import"] = measure_import(folder, writer, pid, foods, requests)
                writer.close()
                if not args.import_only:
                    measure_reading(result, folder, endpoints, args, delays, requests)
                result["server_peak_mb"], _ = vm_hwm_mb(pid)
            result["server_ended"] = endpoints.process.poll() is not None
    finally:
        requests.uninstall()
    finish(result, args.json)


def measure_reading(result: dict, folder: Path, endpoints, args, delays: list[float],
                    requests: Requests) -> None:
    """Round trips, named queries, questions and the simulated latency, into ``result``."""
    result["round_trip"] = round_trip_ms(endpoints.query, max(50, 20 * args.repeat))

    def open_local():
        return nutrigraph.load(store=folder, read_only=True)

    def open_remote():
        return nutrigraph.load(store=RemoteStore(endpoints.query, timeout=args.timeout))

    result["named"] = measure_named(open_local(), open_remote(), args.repeat, requests)
    result["questions"] = measure_questions(open_local, open_remote, args.repeat, requests)
    result["latency"] = measure_latency(open_remote, delays, min(args.repeat, 3), requests)


def finish(result: dict, to_json: str | None) -> None:
    if to_json:
        Path(to_json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print_tables(result)
    print(f"Server peak resident memory over the run: {result['server_peak_mb']:,.0f} MB; "
          f"server ended: {result['server_ended']}.")


if __name__ == "__main__":
    main()
