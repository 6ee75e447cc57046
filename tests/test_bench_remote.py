"""benchmarks/bench_remote.py in its smoke run (``--quick``), against the Oxigraph server it
starts and ends: every table has its rows, the remote answers are the local ones, and the
requests stay as few as the README says."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigraph.queries import list_queries

ROOT = Path(__file__).resolve().parents[1]

# a benchmark's smoke run: checked with the slow tests, as the benchmarks are run rarely
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if shutil.which("oxigraph") is None:
        pytest.skip("the oxigraph command is not installed (pip install '.[test]')")
    figures = tmp_path_factory.mktemp("bench") / "remote.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_remote.py"),
                           "--quick", "--json", str(figures)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, json.loads(figures.read_text(encoding="utf-8"))


def test_every_table_has_its_rows(run):
    out, _ = run
    assert "| SR28, 20 foods (`import_usda`) |" in out
    assert "| bundled knowledge (`load(store=...)`: first load / push) |" in out
    assert "One round trip (`ASK {}`" in out
    for query in list_queries():
        assert f"| `{query.name}` |" in out, query.name
    for question in ("explain", "path", "neighbors", "differential", "overlap"):
        rows = [line for line in out.splitlines() if line.startswith(f"| `{question} ")]
        assert len(rows) == 2, (question, rows)  # the measured table and the simulated one
    assert "Simulated latency" in out and "+5 ms" in out


def test_remote_answers_are_the_local_ones_and_the_server_ended(run):
    _, figures = run
    assert all(row["rows"] == row["remote_rows"] for row in figures["named"])
    assert all(row["same_answer"] for row in figures["questions"])
    assert figures["import"]["sr28_local"]["quads"] == figures["import"]["sr28_remote"]["quads"]
    assert figures["server_ended"]


def test_requests_stay_few(run):
    _, figures = run
    assert {row["requests"] for row in figures["named"]} == {1}
    questions = {row["question"].split()[0]: row for row in figures["questions"]}
    for name in ("explain", "path", "neighbors"):
        # the name index and the projection are read once, then kept by the graph
        assert questions[name]["cold_requests"] <= 20, questions[name]
        assert questions[name]["warm_requests"] == 0, questions[name]
    # the SR28 import is streamed in chunks: a staging graph, then one MOVE
    assert figures["import"]["sr28_remote"]["requests"] <= 3
