"""``/api``: the questions as the CLI's JSON, named queries, figures, OpenAPI (issue 12, 4)."""

from __future__ import annotations

import json

import pytest

fastapi = pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from nutrigraph.cli import main  # noqa: E402
from nutrigraph.server import Settings, create_app  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(workers=2, time_limit=20))) as client:
        yield client


def cli_json(capsys, *argv: str) -> dict:
    code = main([*argv, "--format", "json"])
    assert code in (0, 1)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("path", "params", "argv"), [
    ("/api/explain", {"source": "magnesium", "target": "vitamin B12", "k": 2},
     ["explain", "magnesium", "vitamin B12", "-k", "2"]),
    ("/api/path", {"source": "magnesium", "target": "adenosylcobalamin", "through": "enzyme"},
     ["path", "magnesium", "adenosylcobalamin", "--through", "enzyme"]),
    ("/api/neighbors", {"entity": "adenosylcobalamin", "depth": 2},
     ["neighbors", "adenosylcobalamin", "--depth", "2"]),
    ("/api/metapaths", {"source": "magnesium", "target": "B12", "max_length": 2},
     ["metapaths", "magnesium", "B12", "--max-length", "2"]),
    ("/api/differential", [("symptom", "tingling"), ("symptom", "fatigue")],
     ["differential", "tingling", "fatigue"]),
    ("/api/overlap", {"first": "magnesium", "second": "B12"}, ["overlap", "magnesium", "B12"]),
], ids=["explain", "path", "neighbors", "metapaths", "differential", "overlap"])
def test_the_api_answers_with_the_clis_json(client, capsys, path, params, argv):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    document = response.json()
    assert document == cli_json(capsys, *argv)
    assert "not medical advice" in document["notice"]


def test_explain_tells_routes_with_citations(client):
    document = client.get("/api/explain", params={"source": "magnesium",
                                                  "target": "methionine synthase"}).json()
    first = document["routes"][0]
    assert first["route"].startswith("magnesium")
    assert first["sentences"] and all(step["sources"] for step in first["steps"])


def test_resolve_gives_the_standard_identifiers(client):
    document = client.get("/api/resolve", params={"name": "B12"}).json()
    assert document["curie"] == "ngk:vitamin-b12" and "CHEBI:176843" in document["xrefs"]


def test_a_name_found_nowhere_is_404_in_one_line(client):
    response = client.get("/api/explain", params={"source": "magnesium", "target": "kryptonite"})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no entity named 'kryptonite'")


@pytest.mark.parametrize(("params", "message"), [
    ({"source": "magnesium", "target": "B12", "k": 0}, "query k: Input should be greater"),
    ({"source": "magnesium"}, "query target: Field required"),
    ({"source": "magnesium", "target": "B12", "max_length": "two"},
     "query max_length: Input should be a valid integer"),
])
def test_a_bad_parameter_is_400_in_one_line(client, params, message):
    response = client.get("/api/explain", params=params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_an_unknown_category_is_400(client):
    response = client.get("/api/path", params={"source": "magnesium", "target": "B12",
                                               "through": "spaceship"})
    assert response.status_code == 400 and "spaceship" in response.json()["detail"]


def test_no_route_is_an_answer_with_the_partial_routes(client):
    document = client.get("/api/path", params={"source": "magnesium",
                                               "target": "adenosylcobalamin",
                                               "max_length": 1}).json()
    assert document["paths"] == [] and document["no_path"]


# -- named queries ------------------------------------------------------------------------


def test_the_named_queries_are_listed_with_their_parameters(client):
    listed = {q["name"]: q for q in client.get("/api/queries").json()}
    assert "how-magnesium-links-to-b12" in listed
    assert [p["name"] for p in listed["foods"]["parameters"]] == ["nutrient"]
    assert "SELECT" in listed["foods"]["sparql"]


def test_a_named_query_with_a_parameter(client):
    response = client.get("/api/queries/foods", params={"nutrient": "vitamin B12",
                                                       "format": "csv"})
    assert response.status_code == 200
    rows = response.text.splitlines()
    assert rows[0].startswith("nutrient,nutrientLabel,food,foodLabel")
    assert all(",vitamin B12," in row for row in rows[1:]) and len(rows) > 3


@pytest.mark.parametrize(("path", "params", "status", "message"), [
    ("/api/queries/no-such-query", {}, 404, "no-such-query"),
    ("/api/queries/foods", {"food": "x"}, 400, "has no parameter 'food'"),
    ("/api/queries/foods", {"nutrient": "kryptonite"}, 404, "kryptonite"),
])
def test_named_query_errors(client, path, params, status, message):
    response = client.get(path, params=params)
    assert response.status_code == status and message in response.json()["detail"]


# -- figures ------------------------------------------------------------------------------


def test_a_figure_as_svg_and_as_png(client):
    svg = client.get("/api/plots/path", params={"source": "magnesium", "target": "B12", "k": 2})
    assert svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content[:400] and b"magnesium" in svg.content
    png = client.get("/api/plots/intakes", params={"nutrient": "magnesium", "format": "png"})
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_figure_without_a_route_is_404(client):
    response = client.get("/api/plots/path", params={"source": "magnesium",
                                                    "target": "adenosylcobalamin",
                                                    "max_length": 1})
    assert response.status_code == 404 and "no path" in response.json()["detail"].lower()


# -- OpenAPI and its page -----------------------------------------------------------------


def test_openapi_describes_every_question(client):
    spec = client.get("/openapi.json").json()
    for path in ("/sparql", "/api/explain", "/api/path", "/api/neighbors", "/api/metapaths",
                 "/api/differential", "/api/overlap", "/api/resolve", "/api/queries/{name}",
                 "/api/plots/mechanism"):
        assert path in spec["paths"], path
    parameters = {p["name"]: p for p in spec["paths"]["/api/explain"]["get"]["parameters"]}
    assert parameters["k"]["schema"]["maximum"] >= 3 and parameters["source"]["required"]


def test_the_docs_page_uses_no_cdn(client):
    page = client.get("/docs").text
    assert "/docs/assets/swagger-ui-bundle.js" in page and "/openapi.json" in page
    assert "cdn" not in page.lower() and "https://" not in page.split("<body>")[-1]
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "params", "shown"), [
    ("mechanism", {"max_symptoms": 3}, b"methionine synthase"),
    ("neighborhood", {"entity": "adenosylcobalamin", "radius": 2}, b"adenosylcobalamin"),
    ("symptoms", {}, b"fatigue"),
    ("foods", {"nutrient": "magnesium", "top": 5}, b"magnesium"),
    ("intakes", {"nutrient": "vitamin B12"}, b"vitamin B12"),
])
def test_every_figure_as_svg(client, kind, params, shown):
    response = client.get(f"/api/plots/{kind}", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    assert shown in response.content and b"not medical advice" in response.content


def test_differential_takes_inherited_as_the_clis_flag(client, capsys):
    plain = client.get("/api/differential", params={"symptom": "seizures"}).json()
    assert "inherited" not in plain
    response = client.get("/api/differential", params=[("symptom", "seizures"),
                                                       ("inherited", "true")])
    assert response.status_code == 200, response.text
    document = response.json()
    assert document == cli_json(capsys, "differential", "seizures", "--inherited")
    assert document["inherited"]["kind"].startswith("Rare genetic conditions")
    assert "does not diagnose" in document["notice"]
