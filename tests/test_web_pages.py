"""The web page at /: each page drawn by the app in process, with the graph's real answers.

One app (and its worker processes) serves the whole module; a second, with a short time
limit, shows a question that runs out of time. Each test reads the HTML a browser would
get: what it says (answers that would be wrong if the code were), what it links to, and
what it escapes.
"""

import html as markup
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient

from nutrigraph.advice import NOT_ADVICE
from nutrigraph.queries import list_queries
from nutrigraph.server import Settings, create_app

MAX_ROWS = 100
MG = "https://w3id.org/nutrigraph/kb/magnesium"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(workers=2, max_rows=MAX_ROWS, time_limit=30))) as client:
        yield client


def entity_link(iri):
    return 'href="/entity?' + urlencode({"iri": iri}) + '"'


def text_of(html):
    """The page's text without tags, on one line (what a reader sees)."""
    return markup.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def query(client, text, status=200):
    response = client.get("/query", params={"query": text})
    assert response.status_code == status, response.text
    return response.text


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <label>."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


# -- the SPARQL editor -----------------------------------------------------------------

def test_the_editor_is_a_labelled_form_with_every_named_query_as_an_example(client):
    html = client.get("/").text
    page = Elements(html)
    assert {"method": "get", "action": "/query", "class": "editor"} in page.all("form")
    [textarea] = page.all("textarea")
    assert textarea["name"] == "query" and {"for": textarea["id"]} in page.all("label")
    for named in list_queries():
        assert f'href="/query?name={named.name}"' in html
        assert named.description.replace("'", "&#39;") in html


def test_a_named_query_runs_and_its_iris_link_to_entity_pages(client):
    response = client.get("/query", params={"name": "how-magnesium-links-to-b12"})
    assert response.status_code == 200
    html = response.text
    rows = re.search(r"<tbody>(.*)</tbody>", html, re.S).group(1).count("<tr>")
    assert f"{rows} rows" in html and rows > 3
    assert entity_link(MG) in html and ">ngk:magnesium</a>" in html
    assert entity_link("https://w3id.org/nutrigraph/kb/vitamin-b12") in html
    assert "magnesium —required for→ B12 activation —has output→ methylcobalamin" in html
    # the editor holds the query's text; its parameters can be given in a form
    assert "SELECT ?nutrient ?vitamin ?route" in html
    assert 'id="param-nutrient" name="nutrient"' in html


def test_a_named_query_takes_its_parameters_as_entity_names(client):
    html = client.get("/query", params={"name": "foods", "nutrient": "B12"}).text
    assert "salmon" in html and "almonds" not in html
    assert 'value="B12"' in html  # the form keeps what was asked


def test_an_inline_query_shows_its_rows_with_the_count(client):
    html = query(client, "SELECT DISTINCT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }")
    assert "2 rows" in html
    assert '<th scope="col">form</th>' in html
    for form in ("adenosylcobalamin", "methylcobalamin"):
        assert entity_link(f"https://w3id.org/nutrigraph/kb/{form}") in html


def test_an_ask_query_answers_yes_or_no(client):
    assert "ASK: <strong>yes</strong>" in query(client, "ASK { ngk:magnesium a ng:Nutrient }")
    assert "ASK: <strong>no</strong>" in query(client, "ASK { ngk:magnesium a ng:Enzyme }")


def test_an_answer_cut_at_the_row_limit_says_so(client):
    html = query(client, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert f"{MAX_ROWS} rows" in html
    assert f"The answer was cut at {MAX_ROWS} rows" in html
    assert re.search(r"<tbody>(.*)</tbody>", html, re.S).group(1).count("<tr>") == MAX_ROWS
    assert "cut at" not in query(client, "SELECT * WHERE { ngk:magnesium rdfs:label ?l }")


def test_a_bad_query_shows_the_parsers_line_and_column_and_the_page_still_renders(client):
    bad = "SELECT ?x WHERE {\n  ?x rdfs:label\n}"
    html = query(client, bad, status=400)
    assert re.search(r"role=\"alert\">.*syntax error at line 3, column 1: expected", html)
    assert "SELECT ?x WHERE {\n  ?x rdfs:label\n}</textarea>" in html  # kept to mend
    assert "Examples: the named queries" in html and NOT_ADVICE in text_of(html)


def test_service_is_refused_in_one_line(client):
    html = query(client, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                 status=400)
    assert "SERVICE at line 1, column 18 would send the query to another server" in html


def test_an_unknown_named_query_is_a_404_with_suggestions(client):
    response = client.get("/query", params={"name": "food"})
    assert response.status_code == 404
    assert "no query named &#39;food&#39;; did you mean: foods?" in response.text


def test_html_in_a_literal_in_the_query_or_in_a_name_is_escaped(client):
    attack = '<script>alert("x")</script>'
    html = query(client, f"SELECT ?x WHERE {{ BIND('{attack}' AS ?x) }}")
    assert attack not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # the cell and the editor
    html = query(client, f"SELECT ?x WHERE {{ </textarea>{attack}", status=400)
    assert "</textarea><script>" not in html and "&lt;/textarea&gt;&lt;script&gt;" in html
    response = client.get("/entity", params={"iri": '"><img src=x onerror=alert(1)>'})
    assert response.status_code == 404 and "<img src=x" not in response.text
    response = client.get("/explain", params={"source": attack, "target": "magnesium"})
    assert attack not in response.text


# -- entity pages ----------------------------------------------------------------------

def test_the_entity_page_of_magnesium(client):
    response = client.get("/entity", params={"iri": MG})
    assert response.status_code == 200
    html, text = response.text, text_of(response.text)
    assert "<h1 id=\"entity-heading\">magnesium</h1>" in html
    assert "helps hundreds of enzyme reactions" in text  # skos:definition
    assert all(synonym in text for synonym in ("Mg2+", "magnesium ion"))
    # its ChEBI identifiers, linked out to the OBO PURLs that resolve them
    assert '<a href="http://purl.obolibrary.org/obo/CHEBI_18420" rel="external">CHEBI:18420' in html
    # neighbours with evidence, the disputed one marked, and their sources
    row = re.search(r"<tr>(?:(?!</tr>).)*methionine synthase</a>.*?</tr>", html, re.S).group(0)
    assert "article claim" in row and "disputed" in row
    assert "UniProtKB Q00266 (human MAT1A, methionine adenosyltransferase 1A)" in text
    # statements about it, with their claims, sections and sources linked
    assert "UniProt annotates Mg2+ as a cofactor of human MAT1A" in text
    assert entity_link("https://w3id.org/nutrigraph/kb/uniprot-Q00266.cofactor") in html


def test_an_entity_is_found_by_curie_or_by_name(client):
    assert "<h1 id=\"entity-heading\">Mg-ATP</h1>" in client.get(
        "/entity", params={"iri": "ngk:mg-atp"}).text
    html = client.get("/entity", params={"iri": "pins and needles"}).text
    assert "<h1 id=\"entity-heading\">paresthesia</h1>" in html and "HP:0003401" in html


def test_a_statement_has_a_page_too(client):
    # what a query about provenance links to: the statement's own triples
    statement = "https://w3id.org/nutrigraph/kb/stmt-magnesium-cofactor-of-methionine-synthase"
    html = client.get("/entity", params={"iri": statement}).text
    assert entity_link(MG) in html and "article claim" in html


def test_an_unknown_entity_is_a_404_page_that_says_so(client):
    response = client.get("/entity", params={"iri": "https://example.org/nothing"})
    assert response.status_code == 404
    assert "no entity named &#39;https://example.org/nothing&#39;" in response.text
    response = client.get("/entity", params={"iri": "magnesum"})
    assert response.status_code == 404 and "did you mean: magnesium" in response.text


# -- explain and the differential ------------------------------------------------------

def test_explain_tells_the_routes_with_citations_evidence_disputes_and_the_diagram(client):
    response = client.get("/explain", params={"source": "magnesium", "target": "vitamin B12"})
    assert response.status_code == 200
    html, text = response.text, text_of(response.text)
    assert "Magnesium is part of Mg-ATP." in text
    assert ("IOM Dietary Reference Intakes for Calcium, Phosphorus, Magnesium, Vitamin D and "
            "Fluoride (1997), section Chapter 6 (magnesium) (authoritative review)") in text
    assert "weakest evidence: by similarity" in text
    # the article's claim that magnesium is a cofactor of methionine synthase is disputed
    route = re.search(r"<article class=\"route is-disputed\".*?</article>", html, re.S).group(0)
    assert "methionine synthase" in route and "Disputed by" in route
    assert re.search(r'<svg role="img" aria-label="Route diagram from magnesium to vitamin B12',
                     html)
    assert entity_link("https://w3id.org/nutrigraph/kb/mg-atp") in html


def test_explain_with_an_unknown_name_says_so_and_keeps_the_form(client):
    response = client.get("/explain", params={"source": "magnesium", "target": "sugar"})
    assert response.status_code == 404
    assert "no entity named &#39;sugar&#39;" in response.text
    assert 'id="target" name="target" value="sugar"' in response.text


def test_explain_from_a_thing_to_itself_says_no_route_is_needed(client):
    response = client.get("/explain", params={"source": "magnesium", "target": "Mg"})
    assert response.status_code == 200 and "<svg" not in response.text
    assert "same" in text_of(response.text).lower()


def test_the_differential_ranks_deficiencies_with_their_evidence(client):
    response = client.get("/differential",
                          params=[("symptom", "fatigue"), ("symptom", "muscle cramps")])
    assert response.status_code == 200
    html, text = response.text, text_of(response.text)
    ranked = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>', html)
    assert ranked[0] == "magnesium deficiency" and "vitamin B12 deficiency" in ranked
    assert "0.625" in text and "Gröber, Schmidt & Kisters, Nutrients 2015" in text
    assert 'value="muscle cramps"' in html


def test_the_differential_with_an_unknown_symptom_says_so(client):
    response = client.get("/differential", params={"symptom": "zzzz"})
    assert response.status_code == 404 and "zzzz" in response.text


# -- every page ------------------------------------------------------------------------

PAGES = ["/", "/query?name=foods", "/query?query=" + quote("SELECT * WHERE {"),
         "/entity", "/entity?iri=" + quote(MG), "/entity?iri=nothing",
         "/explain", "/explain?source=magnesium&target=methionine+synthase",
         "/differential", "/differential?symptom=tingling"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_notice_landmarks_and_labels(client, url):
    response = client.get(url)
    html = response.text
    assert response.headers["content-type"].startswith("text/html")
    assert NOT_ADVICE in text_of(html)
    assert '<html lang="en">' in html and 'name="viewport"' in html
    page = Elements(html)
    assert page.all("main") and page.all("nav") and page.all("footer")
    labelled = {attrs.get("for") for attrs in page.all("label")}
    fields = [a for a in page.all("input") + page.all("textarea") if a.get("type") != "hidden"]
    assert all(field.get("id") in labelled for field in fields)
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    current = [a for a in page.all("a") if a.get("aria-current") == "page"]
    assert len(current) == 1


def test_the_style_sheet_and_script_are_served_from_the_package(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ":focus-visible" in css.text
    assert "requestSubmit" in client.get("/static/editor.js").text


@pytest.mark.slow  # a worker is ended, and another started
def test_a_question_past_the_time_limit_is_a_message_on_the_page():
    with TestClient(create_app(Settings(workers=1, time_limit=1.0))) as slow:
        slow.get("/entity", params={"iri": "magnesium"})  # the worker has the graph open
        html = query(slow, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                     status=503)
        assert "stopped after 1 s, the server&#39;s time limit" in html
        # a new worker answers the next question
        assert "ASK: <strong>yes</strong>" in query(slow, "ASK { ngk:magnesium ?p ?o }")


def test_the_differential_page_shows_inherited_disorders_only_when_asked(client):
    plain = client.get("/differential", params={"symptom": "seizures"})
    assert plain.status_code == 200 and "inherited-heading" not in plain.text
    assert 'name="inherited"' in plain.text and "checked" not in plain.text
    asked = client.get("/differential", params=[("symptom", "seizures"),
                                                ("inherited", "true")])
    assert asked.status_code == 200
    assert "Rare genetic conditions" in text_of(asked.text) and "checked" in asked.text
    assert "does not diagnose" in text_of(asked.text)
