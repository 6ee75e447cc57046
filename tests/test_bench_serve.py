"""benchmarks/bench_serve.py at a small scale, against real servers it starts and ends: the
load's answers are checked, the slow query is stopped, and the servers end with it."""

import asyncio
import sys
import time
from pathlib import Path

import httpx
import pytest

import nutrigraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_serve as bench
from bench_serve import ERROR, NOT_SENT, OK, STOPPED

TIME_LIMIT = 1.0


def test_substitute_binds_like_oxigraph():
    text = """# a comment with ?x
SELECT ?x ?y (COUNT(?z) AS ?n) WHERE {
  { SELECT ?x ?z WHERE { ?x ?p ?z } GROUP BY ?x ?z }
  ?x ?q "?x" . FILTER(?y != ?x)
} GROUP BY ?x ?y ORDER BY ?x"""
    bound = bench.substitute(text, {"x": "http://e/a"})
    assert bound == """# a comment with ?x
SELECT (<http://e/a> AS ?x) ?y (COUNT(?z) AS ?n) WHERE {
  { SELECT  ?z WHERE { <http://e/a> ?p ?z } GROUP BY (<http://e/a>) ?z }
  <http://e/a> ?q "?x" . FILTER(?y != <http://e/a>)
} GROUP BY (<http://e/a>) ?y ORDER BY (<http://e/a>)"""
    with pytest.raises(ValueError, match="assigned"):
        bench.substitute("SELECT ?x WHERE { BIND(1 AS ?x) }", {"x": "http://e/a"})


def test_mix_holds_its_shares():
    calls = bench.build_mix({"a": "A", "b": "B"}, 200, explain_share=0.2, slow_share=0.01)
    kinds = [call.kind for call in calls]
    assert len(calls) == 200 and kinds.count("slow") == 2
    assert sum(kind.startswith("explain:") for kind in kinds) == 40
    assert kinds.count("named:a") == kinds.count("named:b") == 79
    assert bench.build_mix({"a": "A"}, 10, explain_share=0, slow_share=0) == \
        [bench.Call("named:a", sparql="A")] * 10


@pytest.fixture(scope="module")
def graph():
    return nutrigraph.load()


@pytest.fixture(scope="module")
def named(graph):
    return bench.named_sparql(graph)  # raises when a text answers other rows than the API


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (the server's workers)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return status != "Z"


@pytest.mark.slow
def test_load_on_nutrigraph_serve(graph, named, tmp_path):
    calls = bench.build_mix(named, 60, explain_share=0.2, slow_share=0.05)
    with bench.nutrigraph_server(None, time_limit=TIME_LIMIT, workers=2, max_rows=10_000,
                                 log=tmp_path / "server.log") as target:
        bench.warm_up(target, calls, rounds=2, timeout=30)
        outcomes, wall = asyncio.run(bench.load(target, calls, clients=5, timeout=30,
                                                deadline=120))
        # the workers the slow query ended were replaced: the server still answers
        after, _ = asyncio.run(bench.load(target, calls[:20], clients=5, timeout=30,
                                          deadline=60))
        workers = children(target.process.pid)
        assert workers, "the server has worker processes"
        server = target.process
    assert server.poll() is not None, "the server was ended"
    # a worker that was being started in place of one the time limit ended may take a
    # moment to see that its parent is gone; none may outlive the server by 10 s
    for _ in range(100):
        left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in workers
                if alive(pid)}
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"its workers were ended with it: {left}"
    with pytest.raises(httpx.ConnectError):
        httpx.get(target.base, timeout=5)

    assert len(outcomes) == 60
    assert [o for o in outcomes if o.outcome in (ERROR, NOT_SENT)] == []
    slow = [o for o in outcomes if o.kind == "slow"]
    assert len(slow) == 3 and all(o.outcome == STOPPED for o in slow)
    assert all(TIME_LIMIT <= o.seconds < TIME_LIMIT + 20 for o in slow)
    others = [o for o in outcomes if o.kind != "slow"]
    assert others and all(o.outcome == OK for o in others)
    for o in others:  # the named queries answer what the Python API answers
        if o.kind.startswith("named:"):
            assert o.rows == len(graph.named_query(o.kind.removeprefix("named:"))), o.kind
        else:
            assert o.rows >= 1, o.kind  # at least one route
    assert {o.outcome for o in after} <= {OK, STOPPED}

    summary = bench.summarize("test", outcomes, wall, {})
    assert summary["overall"][OK] == 57 and summary["overall"][STOPPED] == 3
    assert summary["kinds"]["slow"]["p50_ms"] >= TIME_LIMIT * 1000
    assert summary["inconsistent_rows"] == [] and summary["throughput"] > 0


@pytest.mark.slow
def test_oxigraph_answers_the_same_sparql(graph, named, tmp_path):
    from nutrigraph.store.files import serialize

    nquads = tmp_path / "graph.nq"
    nquads.write_text(serialize(iter(graph.store), "nquads"), encoding="utf-8")
    calls = bench.build_mix(named, 45, explain_share=0, slow_share=0)
    with bench.oxigraph_server(None, nquads, log=tmp_path / "oxigraph.log") as target:
        outcomes, _ = asyncio.run(bench.load(target, calls, clients=5, timeout=30,
                                                deadline=120))
        server = target.process
    assert server.poll() is not None
    assert all(o.outcome == OK for o in outcomes) and len(outcomes) == 45
    for o in outcomes:
        assert o.rows == len(graph.named_query(o.kind.removeprefix("named:"))), o.kind


def test_free_port_is_on_loopback():
    port = bench.free_port()
    assert 0 < port < 65536 and bench.HOST == "127.0.0.1"
