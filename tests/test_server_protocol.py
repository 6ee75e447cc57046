"""``/sparql``: the SPARQL 1.1 Protocol, read-only, with its guards (issue 12, points 1-3).

In process, with the framework's test client; the application's lifespan starts real
worker processes, so time limits end real work.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Namespace, URIRef

fastapi = pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from nutrigraph.server import Settings, create_app  # noqa: E402

LABEL = "SELECT ?l WHERE { ngk:magnesium rdfs:label ?l }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIME_LIMIT = 2.0
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SCHEMA = "https://w3id.org/nutrigraph/vocab"
ARTICLE = "https://w3id.org/nutrigraph/graph/article-magnesium-b12"


@pytest.fixture(scope="module")
def client():
    settings = Settings(workers=2, time_limit=TIME_LIMIT, max_rows=50, max_body=20_000)
    with TestClient(create_app(settings)) as client:
        yield client


def labels(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["l"]["value"] for b in response.json()["results"]["bindings"]]


# -- the three ways to send a query ---------------------------------------------------


def test_a_query_by_get(client):
    response = client.get("/sparql", params={"query": LABEL})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert labels(response) == ["magnesium"]


def test_a_query_by_post_form(client):
    assert labels(client.post("/sparql", data={"query": LABEL})) == ["magnesium"]


def test_a_query_by_post_direct(client):
    response = client.post("/sparql", content=LABEL.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert labels(response) == ["magnesium"]


def test_a_post_of_another_type_is_415(client):
    response = client.post("/sparql", content=LABEL, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_two_queries_are_400(client):
    response = client.get("/sparql", params=[("query", LABEL), ("query", LABEL)])
    assert response.status_code == 400 and "2 query parameters" in response.text


# -- the dataset --------------------------------------------------------------------------


def count(client, query: str, **params) -> int:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_uri_makes_that_graph_the_default(client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = count(client, query)
    schema = count(client, query, **{"default-graph-uri": SCHEMA})
    article = count(client, query, **{"default-graph-uri": ARTICLE})
    both = count(client, query, **{"default-graph-uri": [SCHEMA, ARTICLE]})
    assert 0 < schema < union and 0 < article < union
    assert both == schema + article


def test_named_graph_uri_limits_the_graphs_graph_sees(client):
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(client, query) > 10
    assert count(client, query, **{"named-graph-uri": [SCHEMA, ARTICLE]}) == 2


def test_a_graph_uri_that_is_no_iri_is_400(client):
    response = client.get("/sparql", params={"query": LABEL, "default-graph-uri": "not an iri"})
    assert response.status_code == 400 and "not a graph IRI" in response.text


# -- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "media_type", "expected"), [
    ("application/sparql-results+xml", "application/sparql-results+xml",
     '<literal xml:lang="en">magnesium</literal>'),
    ("text/csv", "text/csv; charset=utf-8", "l\r\nmagnesium\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8",
     '?l\n"magnesium"@en\n'),
    ("text/csv;q=0.2, application/sparql-results+json", "application/sparql-results+json",
     '"value":"magnesium"'),
])
def test_select_results_in_each_w3c_format(client, accept, media_type, expected):
    response = client.get("/sparql", params={"query": LABEL}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert expected in response.text


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"),
])
def test_a_graph_in_each_rdf_format(client, accept, rdflib_format):
    query = "CONSTRUCT { ngk:magnesium ?p ?o } WHERE { ngk:magnesium ?p ?o }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert int(response.headers["Nutrigraph-Rows"]) == len(graph) > 5
    assert (URIRef("https://w3id.org/nutrigraph/kb/magnesium"), None, None) in graph


def test_ask_as_xml(client):
    response = client.get("/sparql", params={"query": "ASK { ngk:magnesium ?p ?o }"},
                          headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in response.text


def test_the_format_parameter_names_a_type_for_links(client):
    response = client.get("/sparql", params={"query": LABEL, "format": "csv"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.text == "l\r\nmagnesium\r\n"
    bad = client.get("/sparql", params={"query": LABEL, "format": "yaml"})
    assert bad.status_code == 400 and "format='yaml'" in bad.text


def test_a_type_no_answer_can_take_is_406(client):
    response = client.get("/sparql", params={"query": LABEL}, headers={"Accept": "image/png"})
    assert response.status_code == 406


# -- errors -------------------------------------------------------------------------------


def test_a_malformed_query_is_400_with_line_and_column(client):
    response = client.get("/sparql", params={"query": "SELECT ?l WHERE {\n  ?s rdfs:label ?l"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("query:2:") and "syntax error" in response.text
    assert response.text.count("\n") == 1  # one line


def test_a_query_over_the_depth_bound_is_400(client):
    deep = "SELECT * WHERE " + "{ " * 150 + "}" * 150
    response = client.get("/sparql", params={"query": deep})
    assert response.status_code == 400 and "nested 150 deep" in response.text


def test_service_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE at line 1, column 18" in response.text


# -- read-only ----------------------------------------------------------------------------

INSERT = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
ASK_INSERTED = "ASK { <urn:a> <urn:b> <urn:c> }"


@pytest.mark.parametrize("send", [
    lambda c: c.post("/sparql", content=INSERT,
                     headers={"Content-Type": "application/sparql-update"}),
    lambda c: c.post("/sparql", data={"update": INSERT}),
    lambda c: c.get("/sparql", params={"update": INSERT}),
], ids=["direct", "form", "get"])
def test_an_update_is_refused_and_changes_nothing(client, send):
    response = send(client)
    assert response.status_code == 403
    assert "read-only" in response.text
    answer = client.get("/sparql", params={"query": ASK_INSERTED})
    assert answer.json()["boolean"] is False


def test_an_update_sent_as_a_query_is_a_syntax_error(client):
    response = client.get("/sparql", params={"query": INSERT})
    assert response.status_code == 400
    assert client.get("/sparql", params={"query": ASK_INSERTED}).json()["boolean"] is False


# -- guards -------------------------------------------------------------------------------


def test_the_result_cap_truncates_and_says_so(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.headers["Nutrigraph-Truncated"] == "true"
    assert response.headers["Nutrigraph-Row-Limit"] == "50"
    small = client.get("/sparql", params={"query": LABEL})
    assert "Nutrigraph-Truncated" not in small.headers
    construct = client.get("/sparql", params={
        "query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
    assert construct.text.count("\n") == 50
    assert construct.headers["Nutrigraph-Truncated"] == "true"


def test_a_body_over_the_limit_is_413(client):
    big = LABEL + " #" + "x" * 30_000
    response = client.post("/sparql", content=big,
                           headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and "20,000" in response.text


def test_the_time_limit_stops_a_query_while_others_are_answered(client):
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        slow = pool.submit(client.get, "/sparql", params={"query": SLOW})
        time.sleep(0.3)
        # the other worker answers meanwhile
        answered = []
        while not slow.done() and len(answered) < 5:
            answered.append(labels(client.get("/sparql", params={"query": LABEL})))
        response = slow.result(timeout=30)
        took = time.monotonic() - started
    assert answered and answered[0] == ["magnesium"]
    assert response.status_code == 503
    assert f"stopped after {TIME_LIMIT:g} s" in response.text
    assert TIME_LIMIT <= took < TIME_LIMIT + 2.5
    # the ended worker was replaced: both workers answer again
    for _ in range(4):
        assert labels(client.get("/sparql", params={"query": LABEL})) == ["magnesium"]


def test_a_full_waiting_line_is_503_at_once():
    settings = Settings(workers=1, time_limit=TIME_LIMIT, max_waiting=0)
    with TestClient(create_app(settings)) as client:
        labels(client.get("/sparql", params={"query": LABEL}))  # the worker is up
        results = {}

        def slow():
            results["slow"] = client.get("/sparql", params={"query": SLOW})

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.5)
        busy = client.get("/sparql", params={"query": LABEL})
        thread.join(timeout=30)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert "busy" in busy.text
    assert results["slow"].status_code == 503


# -- description, CORS --------------------------------------------------------------------


def test_without_a_query_the_service_description(client):
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = URIRef("http://testserver/sparql")
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    names = set(graph.objects(None, SD.name))
    assert URIRef(ARTICLE) in names and URIRef(SCHEMA) in names
    as_xml = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    assert len(Graph().parse(data=as_xml.text, format="xml")) == len(graph)


def test_a_browser_asking_for_sparql_is_sent_to_the_page(client):
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"},
                          follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_cors_lets_any_site_ask(client):
    response = client.get("/sparql", params={"query": LABEL},
                          headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Nutrigraph-Truncated" in response.headers["access-control-expose-headers"]
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
