"""``nutrigraph serve``: a real server on 127.0.0.1, reached by a real SPARQL client.

The tests start the server themselves and end it by its process id.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("uvicorn")

from nutrigraph.cli import main


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(*options: str) -> tuple[subprocess.Popen, str]:
    """``nutrigraph serve`` on a free loopback port, once it answers; and its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nutrigraph", "serve", "--host", "127.0.0.1",
         "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server ended: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"{url}/openapi.json", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise AssertionError("the server did not answer within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    """End the server by its process id: SIGTERM (uvicorn stops its workers), then SIGKILL."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    process.stdout.close()
    process.stderr.close()


@pytest.fixture(scope="module")
def server():
    process, url = start_server("--workers", "2", "--time-limit", "3")
    try:
        yield url
    finally:
        stop_server(process)


@pytest.mark.slow
def test_sparqlwrapper_asks_the_endpoint(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{server}/sparql")
    endpoint.setQuery("""
        PREFIX ng: <https://w3id.org/nutrigraph/vocab/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?formLabel WHERE {
          ?b12 rdfs:label "vitamin B12"@en ; ng:hasActiveForm ?form .
          ?form rdfs:label ?formLabel
        } ORDER BY ?formLabel""")
    endpoint.setReturnFormat(JSON)
    rows = endpoint.query().convert()["results"]["bindings"]
    assert [row["formLabel"]["value"] for row in rows] == ["adenosylcobalamin",
                                                           "methylcobalamin"]


@pytest.mark.slow
def test_sparqlwrapper_sees_the_refusal_of_an_update(server):
    from urllib.error import HTTPError

    from SPARQLWrapper import POST, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{server}/sparql")
    endpoint.setMethod(POST)
    endpoint.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # sent as an update
    with pytest.raises(HTTPError) as refused:
        endpoint.query()
    assert refused.value.code == 403 and b"read-only" in refused.value.read()


@pytest.mark.slow
def test_the_server_answers_json_and_its_page_of_docs(server):
    with urllib.request.urlopen(f"{server}/api/resolve?name=B12", timeout=10) as response:
        assert b'"ngk:vitamin-b12"' in response.read()
    with urllib.request.urlopen(f"{server}/docs", timeout=10) as response:
        assert b"swagger-ui-bundle.js" in response.read()


@pytest.mark.slow
def test_a_store_serves_read_only_beside_another_reader(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["add", "--store", store, "tests/data/good.ttl"]) == 0
    capsys.readouterr()
    process, url = start_server("--store", store, "--workers", "1")
    try:
        # another process reads the same store meanwhile
        assert main(["resolve", "ngk:magnesium", "--store", store]) == 0
        query = "ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
        with urllib.request.urlopen(f"{url}/sparql?query={query}", timeout=10) as response:
            assert response.read() == b'{"head":{},"boolean":true}'
    finally:
        stop_server(process)


def test_a_store_that_is_not_there_fails_in_one_line(tmp_path, capsys):
    assert main(["serve", "--store", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutrigraph: error:") and err.count("\n") == 1


def test_a_bad_port_fails_in_one_line(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "70000 is not in the range" in capsys.readouterr().err
