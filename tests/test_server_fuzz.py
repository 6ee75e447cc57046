"""Random and mutated requests at the server: an answer or a 4xx in one line, never a 500.

The same rule as ``tests/test_fuzz.py`` for the command line, over HTTP: hypothesis
throws mutated bundled queries at ``/sparql`` (by GET, form and direct POST, with random
Accept headers and dataset parameters) and random names and option values at every
route of ``/api``. What may come back: 200, 400, 403, 404, 406, 413, 414 or 415 (and 503
only for the time limit), with a message of one line. ``NUTRIGRAPH_FUZZ=N`` runs N of each.
"""

from __future__ import annotations

import os

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nutrigraph.queries import list_queries
from nutrigraph.server import Settings, create_app

EXAMPLES = int(os.environ.get("NUTRIGRAPH_FUZZ", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=20_000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ALLOWED = {200, 400, 403, 404, 406, 413, 414, 415}
QUERIES = [query.text for query in list_queries()]
WORDS = ["SELECT", "WHERE", "{", "}", "(", ")", "?x", "<urn:a>", "ng:x", "OPTIONAL", "UNION",
         "FILTER", "SERVICE", "FROM", "GRAPH", "INSERT", "DELETE", "\"", "'", "#", "\n", ".",
         "*", "LIMIT", "-1", "\\", "\x00", "é"]
ACCEPT = st.sampled_from(["*/*", "text/csv", "application/sparql-results+xml", "text/turtle",
                          "application/ld+json", "image/png", "", "text/*;q=0", ";;,q=x"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(workers=2, time_limit=5, max_body=50_000))) as client:
        yield client


@st.composite
def mutated_query(draw) -> str:
    text = draw(st.sampled_from(QUERIES))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(WORDS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
    return text


def one_line_refusal(response) -> None:
    assert response.status_code in ALLOWED or (
        response.status_code == 503 and "stopped after" in response.text), response.text
    if response.status_code >= 400:
        message = (response.json()["detail"] if response.headers.get("content-type", "")
                   .startswith("application/json") else response.text)
        assert message.strip() and "\n" not in message.strip()
        assert "Traceback" not in message


@pytest.mark.slow
@FUZZ
@given(query=mutated_query(), accept=ACCEPT, how=st.sampled_from(["get", "form", "direct"]),
       graph=st.one_of(st.none(), TEXT))
def test_sparql_answers_or_refuses_in_one_line(client, query, accept, how, graph):
    params = {} if graph is None else {"default-graph-uri": graph}
    headers = {"Accept": accept}
    if how == "get":
        response = client.get("/sparql", params={"query": query, **params}, headers=headers)
    elif how == "form":
        response = client.post("/sparql", data={"query": query, **params}, headers=headers)
    else:
        response = client.post("/sparql", params=params, content=query.encode(),
                               headers={**headers, "Content-Type": "application/sparql-query"})
    one_line_refusal(response)


ROUTES = {
    "/api/resolve": ["name"], "/api/explain": ["source", "target", "k", "max_length", "through"],
    "/api/path": ["source", "target", "k", "avoid"], "/api/neighbors": ["entity", "depth",
                                                                        "category"],
    "/api/metapaths": ["source", "target", "max_length", "directed"],
    "/api/differential": ["symptom"], "/api/overlap": ["first", "second"],
    "/api/queries/foods": ["nutrient", "format"],
}
VALUES = st.one_of(TEXT, st.sampled_from(["magnesium", "B12", "tingling", "0", "3", "-1",
                                          "99999999999", "enzyme", "true", "HP:0003401"]))


@pytest.mark.slow
@FUZZ
@given(route=st.sampled_from(sorted(ROUTES)), data=st.data())
def test_the_api_answers_or_refuses_in_one_line(client, route, data):
    params = {name: data.draw(VALUES) for name in ROUTES[route] if data.draw(st.booleans())}
    one_line_refusal(client.get(route, params=params))
