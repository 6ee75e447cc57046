"""Load on ``nutrigraph serve``, and the same SPARQL load on Oxigraph's own server.

Run from the repository root::

    python benchmarks/bench_serve.py [--clients 50] [--requests 2000] [--store DIR]
                                     [--time-limit 2] [--quick] [--json FILE]

On loopback only (127.0.0.1, free ports), bounded in count and time, it

1. starts ``nutrigraph serve`` (a child process, ended by its id at the end, also on
   error) and sends it ``--requests`` requests from ``--clients`` concurrent clients
   (``httpx.AsyncClient``, a connection limit, a per-request timeout, an overall
   deadline): the named queries' SPARQL text (their default parameters bound with a
   ``VALUES`` clause) POSTed to ``/sparql``, ``/api/explain`` for a few pairs, and a
   small share of one slow query that the server must stop at its time limit (503,
   "query stopped after ...": an *intended* time-out);
2. sends it the SPARQL part alone (named queries only), then the same requests to
   ``oxigraph serve`` on the same quads (the embedded graph: in memory, as nutrigraph
   holds it; a store: its folder, read-only, as nutrigraph opens it), and prints the
   ratio nutrigraph / Oxigraph for p50, p99 and throughput.

The slow query is left out of the Oxigraph run and of nutrigraph's SPARQL-only run:
``oxigraph serve --timeout-s`` does not stop it in time (with ``--timeout-s 2`` it
answered after about 60 s, a ``200`` whose body ends with "The SPARQL operation has been
cancelled"), so the two servers would not be doing the same work. ``/api/explain`` has no
Oxigraph counterpart.

Every answer is checked: a named query must answer 200 with SPARQL JSON results, and the
same number of rows every time (and on both servers); an explanation 200 with its routes.
Anything else is an unexpected error, counted and shown.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HOST = "127.0.0.1"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EXPLAIN_PAIRS = [("magnesium", "vitamin B12"), ("magnesium", "adenosylcobalamin"),
                 ("magnesium", "methylcobalamin")]
SPARQL_JSON = "application/sparql-results+json"
OK, STOPPED, ERROR, NOT_SENT = "ok", "timed out (intended)", "unexpected error", "not sent"


# --- what is asked --------------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    """One request: a SPARQL query (``sparql``) or an explanation (``pair``)."""

    kind: str  # "named:NAME", "explain:SOURCE -> TARGET", "slow"
    sparql: str | None = None
    pair: tuple[str, str] | None = None

    @property
    def expects_stop(self) -> bool:
        return self.kind == "slow"


_TOKENS = re.compile(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|<[^>\s]*>|[?$]\w+|[(){}]'
                     r"|\b(?:SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|AS)\b",
                     flags=re.IGNORECASE)


def substitute(text: str, values: dict[str, str]) -> str:
    """``text`` with each variable of ``values`` replaced by its IRI, as Oxigraph's
    substitution (SPARQL SEP-0007) binds it, for servers that take no bindings.

    In the query's own projection ``?v`` becomes ``(<iri> AS ?v)``; in a sub-select's it
    is left out (the outer query binds it); in ``GROUP BY`` and ``ORDER BY`` it becomes
    ``(<iri>)``; anywhere else ``<iri>``. A ``VALUES`` clause would be simpler, but
    Oxigraph then evaluates the unbound pattern first: 5 to 12 times slower here.
    """
    out, position, clause, parens, braces, select_braces = [], 0, None, 0, 0, 0
    for token in _TOKENS.finditer(text):
        word = re.sub(r"\s+", " ", token.group()).upper()
        out.append(text[position:token.start()])
        position = token.end()
        replaced = token.group()
        if word[0] in "?$" and token.group()[1:] in values:
            name = token.group()[1:]
            iri = f"<{values[name]}>"
            if out and re.search(r"\bAS\s*$", "".join(out[-2:]), flags=re.IGNORECASE):
                raise ValueError(f"?{name} is assigned (AS ?{name}); it cannot be bound")
            if clause == "select" and parens == 0:
                replaced = f"({iri} AS ?{name})" if select_braces == 0 else ""
            elif clause in ("group", "order") and parens == 0:
                replaced = f"({iri})"
            else:
                replaced = iri
        elif word == "SELECT":
            clause, select_braces = "select", braces
        elif word in ("GROUP BY", "ORDER BY"):
            clause = word.split()[0].lower()
        elif word in ("WHERE", "HAVING", "LIMIT", "OFFSET"):
            clause = None
        elif word == "(":
            parens += 1
        elif word == ")":
            parens -= 1
        elif word == "{":
            braces += 1
            if parens == 0:
                clause = None
        elif word == "}":
            braces -= 1
            if parens == 0:
                clause = None
        out.append(replaced)
    out.append(text[position:])
    return "".join(out)


def _rows(result) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.rows())


def named_sparql(kg) -> dict[str, str]:
    """Each named query's text as any SPARQL server takes it: the prefixes declared and
    the default parameters substituted (:func:`substitute`); each must answer the same
    rows as ``kg.named_query``."""
    from nutrigraph import list_queries
    from nutrigraph.prefixes import PREFIXES

    head = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    texts = {}
    for query in list_queries():
        values = {p.name: kg.resolve(p.default).iri for p in query.parameters.values()
                  if p.default is not None}
        text = head + substitute(query.text, values)
        bound, expected = _rows(kg.query(text)), _rows(kg.named_query(query.name))
        if bound != expected:
            raise SystemExit(f"{query.name}: {len(bound)} rows substituted, {len(expected)} "
                             "with kg.named_query, or other rows; the rewrite is wrong")
        texts[query.name] = text
    return texts


def build_mix(named: dict[str, str], total: int, *, explain_share: float = 0.2,
              slow_share: float = 0.01, seed: int = 12) -> list[Call]:
    """``total`` calls, shuffled: the slow query and explanations at their shares (at
    least one each when the share is not 0), the named queries in turn for the rest."""
    slow = max(1, round(total * slow_share)) if slow_share else 0
    explain = max(1, round(total * explain_share)) if explain_share else 0
    calls = [Call("slow", sparql=SLOW_QUERY)] * slow
    pairs = [EXPLAIN_PAIRS[i % len(EXPLAIN_PAIRS)] for i in range(explain)]
    calls += [Call(f"explain:{source} -> {target}", pair=(source, target))
              for source, target in pairs]
    names = sorted(named)
    rest = total - len(calls)
    calls += [Call(f"named:{names[i % len(names)]}", sparql=named[names[i % len(names)]])
              for i in range(rest)]
    random.Random(seed).shuffle(calls)
    return calls


# --- the servers ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Target:
    """A running server: where it answers SPARQL, and explanations (``None``: it has none)."""

    name: str
    base: str
    sparql_path: str
    explain_path: str | None
    process: subprocess.Popen = field(repr=False)


def stop(process: subprocess.Popen) -> None:
    """End the server we started: SIGTERM, then SIGKILL to its process group (its own
    session: the server and the workers it started) after 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@contextmanager
def running(command: list[str], probe: str, *, log: Path, ready_within: float = 180,
            env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Start ``command``, wait until ``GET probe`` answers 200, and always end it."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} ended ({process.returncode}) before it "
                                   f"answered: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(probe, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer within {ready_within:g} s")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


@contextmanager
def nutrigraph_server(store: str | None, *, time_limit: float, workers: int | None,
                      max_rows: int, log: Path) -> Iterator[Target]:
    port = free_port()
    command = [sys.executable, "-m", "nutrigraph", "serve", "--host", HOST, "--port", str(port),
               "--time-limit", str(time_limit), "--max-rows", str(max_rows)]
    command += ["--workers", str(workers)] if workers else []
    command += ["--store", store] if store else []
    base = f"http://{HOST}:{port}"
    with running(command, f"{base}/sparql?query=ASK%7B%7D", log=log) as process:
        yield Target("nutrigraph", base, "/sparql", "/api/explain", process)


@contextmanager
def oxigraph_server(store: str | None, nquads: Path | None, *, log: Path) -> Iterator[Target]:
    """``oxigraph serve`` in memory with ``nquads`` posted to it, or ``oxigraph
    serve-read-only`` on the store's active generation (held with nutrigraph's read lock,
    so that no writer removes it meanwhile); the default graph is the union of the graphs,
    as nutrigraph's."""
    from nutrigraph.store import folders

    port = free_port()
    base = f"http://{HOST}:{port}"
    oxigraph = str(Path(sys.executable).with_name("oxigraph"))
    lock = None
    if store:
        generation, lock = folders.read_lock(Path(store))
        command = [oxigraph, "serve-read-only", "--location", str(generation)]
    else:
        command = [oxigraph, "serve"]
    command += ["--bind", f"{HOST}:{port}", "--union-default-graph"]
    try:
        with running(command, f"{base}/query?query=ASK%7B%7D", log=log) as process:
            if nquads is not None:
                with open(nquads, "rb") as data:
                    posted = httpx.post(f"{base}/store", content=data.read(), timeout=300,
                                        headers={"Content-Type": "application/n-quads"})
                posted.raise_for_status()
            yield Target("oxigraph", base, "/query", None, process)
    finally:
        if lock is not None:
            os.close(lock)


# --- the load -------------------------------------------------------------------------

@dataclass
class Outcome:
    kind: str
    outcome: str
    seconds: float
    rows: int | None = None
    detail: str = ""


async def ask(client: httpx.AsyncClient, target: Target, call: Call) -> Outcome:
    start = time.perf_counter()
    try:
        if call.sparql is not None:
            response = await client.post(target.sparql_path, content=call.sparql.encode(),
                                         headers={"Content-Type": "application/sparql-query",
                                                  "Accept": SPARQL_JSON})
        else:
            source, target_name = call.pair
            response = await client.get(target.explain_path,
                                        params={"source": source, "target": target_name})
        body = response.content
    except httpx.HTTPError as error:
        return Outcome(call.kind, ERROR, time.perf_counter() - start,
                       detail=f"{type(error).__name__}: {error}"[:200])
    seconds = time.perf_counter() - start
    status = response.status_code
    text = body[:200].decode(errors="replace").strip()
    if call.expects_stop:
        stopped = status == 503 and text.startswith("query stopped after")
        return Outcome(call.kind, STOPPED if stopped else ERROR, seconds,
                       detail="" if stopped else f"{status} {text}")
    if status != 200:
        return Outcome(call.kind, ERROR, seconds, detail=f"{status} {text}")
    try:
        document = json.loads(body)
        rows = (len(document["results"]["bindings"]) if call.sparql is not None
                else len(document["routes"]))
    except (ValueError, KeyError, TypeError):
        return Outcome(call.kind, ERROR, seconds, detail=f"200, not the answer: {text}")
    return Outcome(call.kind, OK, seconds, rows)


async def load(target: Target, calls: list[Call], *, clients: int, timeout: float,
               deadline: float) -> tuple[list[Outcome], float]:
    """Send ``calls`` from ``clients`` concurrent clients; (outcomes, wall seconds).

    No call is started after ``deadline`` seconds (those left are ``not sent``), and
    each waits at most ``timeout`` seconds for its answer.
    """
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    pending = iter(enumerate(calls))
    outcomes: list[Outcome | None] = [None] * len(calls)
    start = time.perf_counter()

    async def client_loop(client: httpx.AsyncClient) -> None:
        for index, call in pending:
            if time.perf_counter() - start > deadline:
                outcomes[index] = Outcome(call.kind, NOT_SENT, 0.0)
                continue
            outcomes[index] = await ask(client, target, call)

    async with httpx.AsyncClient(base_url=target.base, limits=limits,
                                 timeout=httpx.Timeout(timeout)) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    wall = time.perf_counter() - start
    return [o for o in outcomes if o is not None], wall


def warm_up(target: Target, calls: list[Call], *, rounds: int, timeout: float,
            alone: int = 5) -> dict[str, float]:
    """Each distinct call (but the slow one) ``rounds`` times, concurrently: every worker
    opens its graph and its caches before the clock starts. Then each ``alone`` times,
    one at a time: the median latency (ms) by kind of a server with nothing else to do."""
    distinct = list({call.kind: call for call in calls if not call.expects_stop}.values())
    outcomes, _ = asyncio.run(load(target, distinct * rounds, clients=rounds,
                                   timeout=timeout, deadline=timeout * 10))
    outcomes += asyncio.run(load(target, [c for c in distinct for _ in range(alone)],
                                 clients=1, timeout=timeout, deadline=timeout * 10))[0]
    failed = [o for o in outcomes if o.outcome != OK]
    if failed:
        raise RuntimeError(f"{target.name} failed while warming up: {failed[0]}")
    solo = outcomes[len(distinct) * rounds:]
    return {c.kind: percentile([o.seconds * 1000 for o in solo if o.kind == c.kind], 50)
            for c in distinct}


# --- the figures ----------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summarize(name: str, outcomes: list[Outcome], wall: float,
              alone: dict[str, float]) -> dict:
    """Counts by outcome, p50/p99 (ms) by kind and overall, throughput, rows by kind."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
    answered = [o for o in outcomes if o.outcome != NOT_SENT]

    def figures(group: list[Outcome]) -> dict:
        seconds = [o.seconds * 1000 for o in group if o.outcome != NOT_SENT]
        rows = sorted({o.rows for o in group if o.rows is not None})
        return {"requests": len(group), **dict(Counter(o.outcome for o in group)),
                "p50_ms": percentile(seconds, 50), "p99_ms": percentile(seconds, 99),
                "rows": rows}

    kinds = {kind: {**figures(group), "alone_ms": alone.get(kind)}
             for kind, group in sorted(by_kind.items())}
    inconsistent = [kind for kind, f in kinds.items() if len(f["rows"]) > 1]
    errors = [o for o in outcomes if o.outcome == ERROR]
    return {"run": name, "wall_s": wall, "throughput": len(answered) / wall,
            "overall": figures(outcomes), "kinds": kinds, "inconsistent_rows": inconsistent,
            "error_samples": [f"{o.kind}: {o.detail}" for o in errors[:5]]}


def count(figures: dict, outcome: str) -> int:
    return figures.get(outcome, 0)


def print_run(summary: dict) -> None:
    overall = summary["overall"]
    print(f"\n#### {summary['run']}\n")
    print(f"{overall['requests']:,} requests in {summary['wall_s']:.1f} s: "
          f"{summary['throughput']:.1f} requests/s; {count(overall, OK):,} ok, "
          f"{count(overall, STOPPED)} timed out as intended, "
          f"{count(overall, ERROR)} unexpected errors, {count(overall, NOT_SENT)} not sent\n")
    print("| kind | requests | ok | timed out (intended) | unexpected errors | p50 ms | p99 ms "
          "| alone, ms | rows (or routes) |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for kind, f in [*summary["kinds"].items(), ("**all**", overall)]:
        rows = "" if kind == "**all**" else "/".join(str(r) for r in f["rows"])
        alone = "" if f.get("alone_ms") is None else f"{f['alone_ms']:,.1f}"
        print(f"| {kind} | {f['requests']:,} | {count(f, OK):,} | {count(f, STOPPED)} "
              f"| {count(f, ERROR)} | {f['p50_ms']:,.1f} | {f['p99_ms']:,.1f} | {alone} "
              f"| {rows} |")
    for sample in summary["error_samples"]:
        print(f"- error: {sample}")
    if summary["inconsistent_rows"]:
        print(f"- rows differ between answers of: {', '.join(summary['inconsistent_rows'])}")


def print_ratio(ours: dict, theirs: dict) -> None:
    print(f"\n#### nutrigraph / Oxigraph, the same {ours['overall']['requests']:,} SPARQL "
          "requests\n")
    print("| | nutrigraph serve | oxigraph serve | nutrigraph / Oxigraph |")
    print("|---|--:|--:|--:|")
    for label, key in [("p50 (ms)", "p50_ms"), ("p99 (ms)", "p99_ms")]:
        a, b = ours["overall"][key], theirs["overall"][key]
        print(f"| {label} | {a:,.1f} | {b:,.1f} | {a / b:.1f}x |")
    a, b = ours["throughput"], theirs["throughput"]
    print(f"| throughput (requests/s) | {a:,.1f} | {b:,.1f} | {a / b:.2f}x |")
    differ = [kind for kind, f in ours["kinds"].items()
              if kind in theirs["kinds"] and f["rows"] != theirs["kinds"][kind]["rows"]]
    if differ:
        print(f"\n- rows differ between the servers for: {', '.join(differ)}")


# --- the benchmark --------------------------------------------------------------------

def run(args: argparse.Namespace, work: Path) -> list[dict]:
    import nutrigraph

    kg = nutrigraph.load(store=args.store, read_only=bool(args.store))
    named = named_sparql(kg)
    nquads = None
    if not args.store:
        from nutrigraph.store.files import serialize

        nquads = work / "graph.nq"
        nquads.write_text(serialize(iter(kg.store), "nquads"), encoding="utf-8")
    del kg
    mixed = build_mix(named, args.requests, explain_share=args.explain_share,
                      slow_share=args.slow_share)
    sparql_only = build_mix(named, args.requests, explain_share=0, slow_share=0)
    bounds = {"clients": args.clients, "timeout": args.request_timeout,
              "deadline": args.deadline}
    summaries = []
    with nutrigraph_server(args.store, time_limit=args.time_limit, workers=args.workers,
                           max_rows=args.max_rows, log=work / "nutrigraph.log") as target:
        for name, calls in [("nutrigraph serve, full mix", mixed),
                            ("nutrigraph serve, SPARQL only", sparql_only)]:
            # again before the second run: the workers the slow query ended are replaced
            # by new ones, which open the graph again
            alone = warm_up(target, calls, rounds=max(2, args.workers or 2),
                            timeout=args.request_timeout)
            summaries.append(summarize(name, *asyncio.run(load(target, calls, **bounds)),
                                       alone))
            print_run(summaries[-1])
    if not args.no_oxigraph:
        with oxigraph_server(args.store, nquads, log=work / "oxigraph.log") as target:
            alone = warm_up(target, sparql_only, rounds=2, timeout=args.request_timeout)
            summaries.append(summarize("oxigraph serve, SPARQL only",
                                       *asyncio.run(load(target, sparql_only, **bounds)), alone))
            print_run(summaries[-1])
        print_ratio(summaries[1], summaries[2])
    return summaries


def main() -> None:
    from _timing import machine_line

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="serve this store (read-only), not the embedded graph")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--requests", type=int, default=2000, help="requests in all (2000)")
    parser.add_argument("--time-limit", type=float, default=2.0,
                        help="nutrigraph serve --time-limit, seconds (2)")
    parser.add_argument("--workers", type=int, help="nutrigraph serve --workers (its default)")
    parser.add_argument("--max-rows", type=int, default=10_000,
                        help="nutrigraph serve --max-rows (10000)")
    parser.add_argument("--explain-share", type=float, default=0.2,
                        help="share of /api/explain requests in the full mix (0.2)")
    parser.add_argument("--slow-share", type=float, default=0.01,
                        help="share of the slow query in the full mix (0.01)")
    parser.add_argument("--request-timeout", type=float, default=60.0,
                        help="seconds a client waits for one answer (60)")
    parser.add_argument("--deadline", type=float, default=600.0,
                        help="no request is sent after this many seconds of a run (600)")
    parser.add_argument("--no-oxigraph", action="store_true", help="leave Oxigraph out")
    parser.add_argument("--quick", action="store_true", help="a small run: 10 clients x 200")
    parser.add_argument("--json", help="write the figures to this file too")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.requests = 10, 200
    if not (1 <= args.clients <= 1000 and 1 <= args.requests <= 1_000_000):
        parser.error("--clients 1..1000 and --requests 1..1000000")

    print(machine_line(1).split("; medians")[0] + "; one run of each load")
    print(f"\n{args.clients} clients, {args.requests:,} requests per run, on "
          f"{args.store or 'the embedded graph'}; nutrigraph serve --time-limit "
          f"{args.time_limit:g} --workers {args.workers or 'default'}; "
          f"loopback ({HOST})")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as work:
        summaries = run(args, Path(work))
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "runs": summaries},
                                              indent=2), encoding="utf-8")
    if any(count(s["overall"], ERROR) or count(s["overall"], NOT_SENT) for s in summaries):
        raise SystemExit("unexpected errors, or requests not sent: see above")


if __name__ == "__main__":
    main()
