"""Rich display in Jupyter: the HTML of graphs, results, paths, explanations and differentials."""

import html
import re

import pyoxigraph as ox
import pytest
from IPython.lib.pretty import pretty

import nutrigraph
from nutrigraph import Path, Step, differential, explain, find_paths, symptom_overlap
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.render.markup import MAX_ROWS, Html, escape, link, table

NGK = "https://w3id.org/nutrigraph/kb/"
DISPUTED = "DISPUTED by UniProtKB Q99707 (human MTR, methionine synthase)"


def body_rows(page: str) -> int:
    return page.split("<tbody>", 1)[1].count("<tr>")


# -- the helpers -------------------------------------------------------------------------------


def test_an_iri_is_a_curie_linked_to_the_iri():
    assert link(NGK + "magnesium") == (
        f'<a href="{NGK}magnesium" title="{NGK}magnesium">ngk:magnesium</a>')
    assert link(NGK + "magnesium", "magnesium") == (
        f'<a href="{NGK}magnesium" title="ngk:magnesium">magnesium</a>')


def test_only_web_addresses_are_linked():
    assert link("javascript:alert(1)") == (
        '<span title="javascript:alert(1)">javascript:alert(1)</span>')
    shown = link('file:///tmp/x"onmouseover="alert(1).ttl')
    assert "href" not in shown and "<a" not in shown
    assert '"onmouseover' not in shown and "&quot;onmouseover" in shown


def test_cells_are_escaped_unless_already_html():
    page = table(["a", "b"], [["<script>alert(1)</script>", Html("<em>safe</em>")]])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<td style=\"text-align:left\"><em>safe</em></td>" in page
    assert escape(escape("<")) == "&lt;"  # escaping twice does not spoil the text


# -- query results -----------------------------------------------------------------------------


def test_a_select_result_is_a_table_of_curie_links_and_values(kg):
    result = kg.query("SELECT DISTINCT ?form ?label WHERE { ngk:vitamin-b12 ng:hasActiveForm "
                      "?form . ?form rdfs:label ?label } ORDER BY ?label")
    page = result._repr_html_()
    assert page.startswith("<p>2 rows</p>")
    assert re.findall(r"<th[^>]*>(\w+)</th>", page) == ["form", "label"]
    assert f'<a href="{NGK}adenosylcobalamin" title="{NGK}adenosylcobalamin">' \
           "ngk:adenosylcobalamin</a>" in page
    assert '<td style="text-align:left">methylcobalamin</td>' in page
    assert body_rows(page) == 2 and "more row" not in page


def test_a_value_with_markup_is_escaped():
    kg = nutrigraph.load(bundled=False)
    page = kg.query('SELECT ?x ?i WHERE { BIND("<script>alert(\\"x\\")</script>" AS ?x) '
                    'BIND(IRI("javascript:alert(1)") AS ?i) }')._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript' not in page


def test_a_long_result_stops_after_max_rows_and_says_how_many_more():
    kg = nutrigraph.load(bundled=False)
    values = " ".join(str(n) for n in range(MAX_ROWS + 12))
    page = kg.query(f"SELECT ?n WHERE {{ VALUES ?n {{ {values} }} }}")._repr_html_()
    assert page.startswith(f"<p>{MAX_ROWS + 12} rows</p>")
    assert body_rows(page) == MAX_ROWS
    assert page.endswith("<p>… 12 more rows</p>")
    assert f">{MAX_ROWS - 1}</td>" in page and f">{MAX_ROWS}</td>" not in page


def test_ask_is_yes_or_no(kg):
    assert kg.query("ASK { ngk:magnesium ng:cofactorOf ngk:methionine-synthase }"
                    )._repr_html_() == "<p>ASK: <strong>yes</strong></p>"
    assert kg.query("ASK { ngk:spinach ng:cofactorOf ngk:methionine-synthase }"
                    )._repr_html_() == "<p>ASK: <strong>no</strong></p>"


def test_construct_is_a_table_of_triples(kg):
    page = kg.query("CONSTRUCT { ngk:vitamin-b12 ng:hasActiveForm ?f } "
                    "WHERE { ngk:vitamin-b12 ng:hasActiveForm ?f }")._repr_html_()
    assert page.startswith("<p>2 triples</p>")
    assert re.findall(r"<th[^>]*>(\w+)</th>", page) == ["subject", "predicate", "object"]
    assert ">ng:hasActiveForm</a>" in page and ">ngk:methylcobalamin</a>" in page


# -- the graph ---------------------------------------------------------------------------------


def test_the_graph_shows_its_size_its_graphs_and_their_sources(kg):
    page = kg._repr_html_()
    assert f"{len(kg):,} quads in {len(kg.graphs())} named graphs" in page
    assert body_rows(page) == len(kg.graphs())
    article = ('<a href="https://w3id.org/nutrigraph/graph/article-magnesium-b12" '
               'title="https://w3id.org/nutrigraph/graph/article-magnesium-b12">'
               "article-magnesium-b12</a></td><td style=\"text-align:left\">"
               f'<a href="{NGK}article-magnesium-b12" title="ngk:article-magnesium-b12">'
               "article on magnesium and vitamin B12</a>")
    assert article in page
    # a graph of several sources lists each, escaped ("&" in a label)
    assert "Gröber, Schmidt &amp; Kisters, Nutrients 2015</a>" in page
    assert "<code>kg.query(" in page and "<code>kg.named_query(name)</code>" in page


def test_a_loaded_file_with_markup_in_a_source_label_is_escaped(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<> prov:wasDerivedFrom <http://example.org/notes> .\n"
        '<http://example.org/notes> rdfs:label "<img src=x onerror=alert(1)>" .\n')
    page = nutrigraph.load([mine], bundled=False)._repr_html_()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;</a>" in page
    # a file: graph is named, not linked
    assert f'<span title="{mine.resolve().as_uri()}">' in page


# -- paths and explanations --------------------------------------------------------------------


def test_a_path_shows_its_steps_sources_and_a_disputed_step(kg):
    G = nutrigraph.to_networkx(kg, inverse=True)
    mg, ms = kg.resolve("magnesium").iri, kg.resolve("methionine synthase").iri
    paths = find_paths(G, mg, ms, max_length=2)
    disputed, clean = paths[-1], paths[0]
    assert disputed.disputed and not clean.disputed
    page = disputed._repr_html_()
    assert f'<strong style="color:#b00020">{DISPUTED}</strong>' in page
    assert "(1 step; weakest evidence: article claim)" in page
    assert ('article on magnesium and vitamin B12, section <a href="'
            f'{NGK}article-magnesium-b12.enzymatic-connection"') in page
    assert page.endswith(f"<p><em>{html.escape(NOT_ADVICE)}</em></p>")
    assert "DISPUTED" not in clean._repr_html_()
    assert pretty(disputed) == "magnesium -cofactor of-> methionine synthase"


def test_markup_in_labels_sources_and_disputes_is_escaped():
    step = Step("urn:a", "urn:b", "ng:cofactorOf", {
        "label": "cofactor of", "predicate": "urn:p", "disputed": True,
        "evidence": "article claim", "evidence_rank": 4, "disputed_by": ("<b>bold</b>",),
        "sources": [{"source": "<script>x()</script>", "section": "intro",
                     "section_iri": "javascript:x()", "evidence": "article claim"}]})
    page = Path((step,), {"urn:a": "<img src=x onerror=alert(1)>", "urn:b": "b"})._repr_html_()
    assert not re.search(r"<(img|script|b)[ >]", page)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "DISPUTED by &lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "href" not in page


def test_an_explanation_groups_routes_and_marks_the_disputed_one(kg):
    report = explain(kg, "magnesium", "vitamin B12", k=1)
    page = report._repr_html_()
    assert page.startswith("<h3>How magnesium links to vitamin B12</h3>")
    headings = re.findall(r"<h4>(.*?)</h4>", page)
    assert headings[0] == "Routes through primary and curated sources"
    assert headings[-1] == "Routes with a disputed step"
    disputed = page.split("<h4>Routes with a disputed step</h4>", 1)[1]
    assert DISPUTED in disputed and DISPUTED not in page.split("<h4>Routes with a disputed")[0]
    # the sentence without its bracketed citation, which is shown with its section below it
    assert ("<li>Magnesium is a cofactor of methionine synthase "
            f'<strong style="color:#b00020">{DISPUTED}</strong><br><small>article claim: '
            "article on magnesium and vitamin B12, section") in disputed
    # each route's SPARQL, escaped inside <pre>
    assert "<pre>PREFIX ng: &lt;https://w3id.org/nutrigraph/vocab/&gt;" in page
    assert page.count("<details>") == len(report.routes)
    assert page.endswith(f"<p><em>{html.escape(NOT_ADVICE)}</em></p>")
    assert pretty(report) == report.text()


def test_a_route_alone_has_its_rank_and_the_notice(kg):
    route = explain(kg, "vitamin B12", "methylcobalamin", k=1).routes[0]
    page = route._repr_html_()
    assert page.startswith(f'<p><strong>1. <a href="{NGK}vitamin-b12" title="ngk:vitamin-b12">'
                           "vitamin B12</a> -has active form-&gt; ")
    assert "<li>Vitamin B12 has active form methylcobalamin<br>" in page
    assert NOT_ADVICE in page
    assert pretty(route).splitlines() == [route.path.text(), *route.sentences]


def test_an_explanation_without_a_path_says_so_and_shows_partial_paths(kg):
    report = explain(kg, "magnesium", "spinach", through=["ng:Enzyme"], max_length=2)
    assert report.no_path is not None and report.partial
    page = report._repr_html_()
    assert f"<p>There is no path: {html.escape(str(report.no_path))}.</p>" in page
    assert "<p>The nearest partial paths:</p>" in page
    assert "<h4>" not in page


# -- differential and overlap ------------------------------------------------------------------


def test_a_differential_is_a_ranked_table_with_scores_and_evidence(kg):
    result = differential(kg, ["tingling", "fatigue", "constipation"])
    page = result._repr_html_()
    assert "<p><strong>Symptoms:</strong> tingling (paresthesia), fatigue, constipation</p>" \
        in page
    assert body_rows(page) == len(result.candidates) == 2
    first, second = page.split("<tbody>", 1)[1].split("</tr>")[:2]
    assert '">vitamin B12 deficiency</a>' in first and "<td style=\"text-align:left\">0.750" \
        in first
    assert '">magnesium deficiency</a>' in second and ">0.625<" in second
    # fatigue, for magnesium, rests on the article alone: 1/4 x 1/2
    assert ("<strong>fatigue</strong>: 0.125<br><small>article claim: "
            f'<a href="{NGK}article-magnesium-b12"') in second
    assert "Score = sum, over the symptoms asked" in page
    assert page.endswith(f"<p><em>{html.escape(NOT_ADVICE)}</em></p>")
    assert pretty(result) == result.text()


def test_an_overlap_has_a_table_per_group(kg):
    overlap = symptom_overlap(kg, "magnesium", "B12")
    page = overlap._repr_html_()
    groups = re.findall(r"<h4>(.*?) \((\d+)\)</h4>", page)
    assert groups == [("Shared by magnesium and vitamin B12", str(len(overlap.shared))),
                      ("Only magnesium", str(len(overlap.only_first))),
                      ("Only vitamin B12", str(len(overlap.only_second)))]
    shared, only_mg, only_b12 = page.split("<h4>")[1:]
    assert f'<a href="{NGK}paresthesia" title="ngk:paresthesia">paresthesia</a>' in shared
    for item in overlap.only_first:
        assert f'title="{item.symptom.curie}">{html.escape(item.symptom.label)}</a>' in only_mg
    assert body_rows(only_b12) == len(overlap.only_second)
    assert NOT_ADVICE in page
    assert pretty(overlap) == overlap.text()


def test_rdf_terms_of_every_kind_display():
    from nutrigraph.render.markup import cell
    from nutrigraph.results import _cell

    assert cell(*_cell(ox.BlankNode("b1"))) == "_:b1"
    assert cell(*_cell(ox.Literal("a\n  b"))) == "a b"
    assert cell(*_cell(ox.NamedNode(NGK + "x"))).endswith(">ngk:x</a>")
    assert cell(*_cell(None)) == ""


@pytest.mark.parametrize("name", ["foods", "disputed-claims", "mechanism"])
def test_named_queries_display(kg, name):
    result = kg.named_query(name)
    page = result._repr_html_()
    assert body_rows(page) == min(len(result), MAX_ROWS)
    assert ("more row" in page) == (len(result) > MAX_ROWS)
