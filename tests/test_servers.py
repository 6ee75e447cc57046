"""The fixtures of real SPARQL servers (tests/servers.py) serve the standard protocols.

Only httpx speaks to them: the SPARQL 1.1 Protocol (query and update, POST
form-encoded or direct), the Graph Store HTTP Protocol, and SPARQL JSON results. The
tests of Virtuoso pin the ways it departs from the standard (tests/servers-notes.md).
"""

from __future__ import annotations

import os
import time

import httpx
import pytest
from servers import Endpoints, running_oxigraph, running_virtuoso

pytestmark = pytest.mark.slow  # a server starts: up to seconds

JSON = "application/sparql-results+json"
NT = "application/n-triples"
GRAPH = "urn:nutrigraph:test:graph"
TRIPLES = ('<urn:ng:magnesium> <http://www.w3.org/2000/01/rdf-schema#label> "magnesium" .\n'
           '<urn:ng:b12> <http://www.w3.org/2000/01/rdf-schema#label> "vitamin B12" .\n')


@pytest.fixture(params=["oxigraph_server", "virtuoso_server"])
def server(request) -> Endpoints:
    return request.getfixturevalue(request.param)


def select(endpoints: Endpoints, query: str, **dataset: list[str]) -> list[dict[str, str]]:
    """The rows of a SELECT POSTed form-encoded, each variable to its value."""
    form = {"query": query, **{name.replace("_", "-"): iris for name, iris in dataset.items()}}
    answer = httpx.post(endpoints.query, data=form, headers={"Accept": JSON}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(JSON)
    return [{name: term["value"] for name, term in row.items()}
            for row in answer.json()["results"]["bindings"]]


def update(endpoints: Endpoints, request: str) -> httpx.Response:
    """An update POSTed directly (``application/sparql-update``)."""
    return httpx.post(endpoints.update, content=request.encode(), timeout=30,
                      headers={"Content-Type": "application/sparql-update"})


def test_graph_store_put_then_get_a_named_graph(server):
    put = httpx.put(server.graph_store, params={"graph": GRAPH}, content=TRIPLES.encode(),
                    headers={"Content-Type": NT}, timeout=30)
    assert put.status_code in (200, 201, 204), put.text
    got = httpx.get(server.graph_store, params={"graph": GRAPH},
                    headers={"Accept": NT}, timeout=30)
    assert got.status_code == 200 and got.headers["content-type"].startswith(NT)
    assert '"vitamin B12"' in got.text and '"magnesium"' in got.text
    rows = select(server,
                  f"SELECT ?label WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?label }} }} ORDER BY ?label")
    assert [row["label"] for row in rows] == ["magnesium", "vitamin B12"]


def test_insert_data_then_move_graph_in_one_update(server):
    done = update(server, f"""
        INSERT DATA {{ GRAPH <{GRAPH}:a> {{ <urn:ng:zinc> <urn:ng:p> "zinc" }} }} ;
        MOVE GRAPH <{GRAPH}:a> TO <{GRAPH}:b>""")
    assert done.status_code in (200, 204), done.text
    rows = select(server, """SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o }
                                FILTER(STRSTARTS(STR(?g), "urn:nutrigraph:")) }""")
    assert rows == [{"g": f"{GRAPH}:b", "o": "zinc"}]


def test_select_with_default_and_named_graph_parameters(server):
    done = update(server, f"""
        INSERT DATA {{ GRAPH <{GRAPH}:default> {{ <urn:ng:d> <urn:ng:p> "in default" }}
                       GRAPH <{GRAPH}:named> {{ <urn:ng:n> <urn:ng:p> "in named" }}
                       GRAPH <{GRAPH}:other> {{ <urn:ng:o> <urn:ng:p> "elsewhere" }} }}""")
    assert done.status_code in (200, 204), done.text
    rows = select(server, """
        SELECT ?g ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o""",
                  default_graph_uri=[f"{GRAPH}:default"], named_graph_uri=[f"{GRAPH}:named"])
    assert rows == [{"o": "in default"}, {"g": f"{GRAPH}:named", "o": "in named"}]


def test_a_syntax_error_is_a_400(server):
    answer = httpx.post(server.query, data={"query": "SELEC ?s WHERE { ?s ?p ?o }"},
                        headers={"Accept": JSON}, timeout=30)
    assert answer.status_code == 400
    answer = update(server, "INSERT DATA { <urn:ng:s> <urn:ng:p> }")
    assert answer.status_code == 400


@pytest.mark.parametrize("running", [running_oxigraph, running_virtuoso])
def test_the_process_is_gone_after_the_server_ends_even_on_a_failure(running, tmp_path):
    started = time.monotonic()
    with pytest.raises(AssertionError), running(tmp_path) as endpoints:
        pid = endpoints.process.pid
        assert httpx.post(endpoints.query, data={"query": "ASK {}"},
                          headers={"Accept": JSON}, timeout=30).json()["boolean"] is False
        print(f"{running.__name__}: answered in {time.monotonic() - started:.1f} s")
        raise AssertionError("the test fails")
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


# --- where Virtuoso departs from the standard (tests/servers-notes.md) ----------------

def test_virtuoso_queries_all_graphs_without_a_dataset_and_adds_from_to_the_parameters(
        virtuoso_server):
    update(virtuoso_server, f"""INSERT DATA {{ GRAPH <{GRAPH}:a> {{ <urn:ng:a> <urn:ng:p> 1 }}
                                     GRAPH <{GRAPH}:b> {{ <urn:ng:b> <urn:ng:p> 2 }} }}""")
    # a new database is not empty: Virtuoso's own graphs (virtrdf#...) are in it
    graphs = select(virtuoso_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {"g": "http://www.openlinksw.com/schemas/virtrdf#"} in graphs
    # no default graph of its own: the default graph is the union of all graphs
    rows = select(virtuoso_server, """SELECT ?s WHERE { ?s ?p ?o
                                      FILTER(STRSTARTS(STR(?s), "urn:ng:")) } ORDER BY ?s""")
    assert [row["s"] for row in rows] == ["urn:ng:a", "urn:ng:b"]
    # the standard: default-graph-uri replaces FROM; Virtuoso takes both
    rows = select(virtuoso_server, f"SELECT ?s FROM <{GRAPH}:a> WHERE {{ ?s ?p ?o }} ORDER BY ?s",
                  default_graph_uri=[f"{GRAPH}:b"])
    assert [row["s"] for row in rows] == ["urn:ng:a", "urn:ng:b"]
    # SPARQL 1.0's "typed-literal" in JSON results, not SPARQL 1.1's "literal"
    answer = httpx.post(virtuoso_server.query, data={"query": "SELECT (1 AS ?one) {}"},
                        headers={"Accept": JSON}, timeout=30).json()
    assert answer["results"]["bindings"][0]["one"]["type"] == "typed-literal"


def test_virtuoso_updates_that_depart(virtuoso_server):
    # an update answers 200 with a result set of messages, not 204
    done = update(virtuoso_server,
                  f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:ng:s> <urn:ng:p> 1 }} }}")
    assert done.status_code == 200 and "-- done" in done.text
    # no default graph to write to
    assert update(virtuoso_server, "INSERT DATA { <urn:ng:s> <urn:ng:p> 1 }").status_code == 400
    # DROP of a graph not made by CREATE GRAPH fails (500), though it has triples
    dropped = update(virtuoso_server, f"DROP GRAPH <{GRAPH}>")
    assert dropped.status_code == 500 and "has not been explicitly created" in dropped.text
    assert update(virtuoso_server, f"DROP SILENT GRAPH <{GRAPH}>").status_code == 200
    # MOVE of a graph that does not exist succeeds (the standard: an error without SILENT)
    assert update(virtuoso_server, "MOVE GRAPH <urn:ng:none> TO <urn:ng:to>").status_code == 200
    # the Graph Store Protocol has no default graph
    put = httpx.put(virtuoso_server.graph_store, params={"default": ""},
                    content=TRIPLES.encode(), headers={"Content-Type": NT}, timeout=30)
    assert put.status_code == 500 and "not configured to have default graph" in put.text


def test_virtuoso_auth_endpoints_take_digest_credentials_only(virtuoso_server_auth):
    endpoints = virtuoso_server_auth
    assert endpoints.auth_scheme == "digest"

    def put(auth):
        return httpx.put(endpoints.graph_store, params={"graph": GRAPH}, auth=auth,
                         content=TRIPLES.encode(), headers={"Content-Type": NT}, timeout=30)

    refused = put(None)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Digest")
    assert put(httpx.BasicAuth(*endpoints.credentials)).status_code == 401
    assert put(httpx.DigestAuth(*endpoints.credentials)).status_code == 201
    query = f"SELECT * {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    answer = httpx.post(endpoints.query, data={"query": query},
                        headers={"Accept": JSON}, auth=httpx.DigestAuth(*endpoints.credentials),
                        timeout=30)
    assert len(answer.json()["results"]["bindings"]) == 2
