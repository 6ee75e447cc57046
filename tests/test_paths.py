"""Projection, paths and explanations: real routes of the bundled graph, ranked by evidence."""

import json

import networkx as nx
import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph import (
    NoPath,
    all_paths,
    explain,
    find_paths,
    k_shortest_paths,
    shortest_path,
    to_networkx,
    to_rdf,
)
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.cli import cli, main
from nutrigraph.errors import UnknownTerm

NGK = "https://w3id.org/nutrigraph/kb/"


@pytest.fixture(scope="module")
def G(kg):
    return nutrigraph.to_networkx(kg, inverse=True)


def iri(kg, name):
    return kg.resolve(name).iri


# -- projection --------------------------------------------------------------------------


def test_projection_keeps_entities_and_relations_not_literals_types_or_schema(kg):
    G = nutrigraph.to_networkx(kg)
    assert all(isinstance(n, str) and n.startswith("http") for n in G)
    keys = {key for _, _, key in G.edges(keys=True)}
    assert "ng:cofactorOf" in keys and "ng:hasActiveForm" in keys
    # provenance, types and controlled values are attributes, never edges or nodes
    assert not keys & {"rdf:type", "ng:evidenceLevel", "ng:bodySystem", "ng:disputes",
                       "prov:wasDerivedFrom", "rdfs:subClassOf"}
    assert NGK.replace("kb/", "vocab/") + "Enzyme" not in G
    assert "https://w3id.org/nutrigraph/vocab/ArticleClaim" not in G
    assert not any("^" in key for key in keys)  # no inverse edges unless asked


def test_edges_carry_the_statements_provenance(kg):
    G = nutrigraph.to_networkx(kg)
    mg, mtr = iri(kg, "magnesium"), iri(kg, "methionine synthase")
    claim = G.edges[mg, mtr, "ng:cofactorOf"]
    assert claim["evidence"] == "article claim" and claim["evidence_rank"] == 4
    assert claim["disputed"] is True
    assert claim["disputed_by"][0].startswith("UniProtKB Q99707")
    assert [s["statement"] for s in claim["sources"]] == [
        NGK + "stmt-magnesium-cofactor-of-methionine-synthase"]
    mat = G.edges[mg, iri(kg, "MAT1A"), "ng:cofactorOf"]
    assert (mat["evidence"], mat["disputed"]) == ("experimental", False)
    assert G.nodes[mg]["curie"] == "ngk:magnesium"
    assert G.nodes[iri(kg, "MAT1A")]["categories"] == ("ng:Enzyme",)


def test_inverse_edges_read_backwards_with_the_inverse_label(kg, G):
    b12, ado = iri(kg, "vitamin B12"), iri(kg, "adenosylcobalamin")
    back = G.edges[ado, b12, "^ng:hasActiveForm"]
    assert back["inverse"] is True and back["label"] == "active form of"
    assert back["sources"] == G.edges[b12, ado, "ng:hasActiveForm"]["sources"]


def test_options_choose_predicates_and_categories(kg):
    G = to_networkx(kg, predicates=["ng:cofactorOf"], categories=["ng:Enzyme", "nutrient"])
    assert {key for _, _, key in G.edges(keys=True)} == {"ng:cofactorOf"}
    assert all({"ng:Enzyme", "ng:Nutrient"} & set(d["categories"]) for _, d in G.nodes(data=True))
    assert G.has_edge(iri(kg, "magnesium"), iri(kg, "MAT1A"))
    with pytest.raises(UnknownTerm, match="did you mean: ng:Enzyme"):
        to_networkx(kg, categories=["enzym"])


def test_projection_is_cached_until_the_graph_changes(tmp_path):
    kg = nutrigraph.load()
    first = nutrigraph.to_networkx(kg)
    assert nutrigraph.to_networkx(kg) is first
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
                     "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
                     "ngk:zinc ng:cofactorOf ngk:methionine-synthase .\n")
    kg.add_data(extra)
    second = nutrigraph.to_networkx(kg)
    assert second is not first
    assert second.has_edge(NGK + "zinc", NGK + "methionine-synthase")
    # a triple no statement reifies still says where it comes from: its graph's file
    assert second.edges[NGK + "zinc", NGK + "methionine-synthase", "ng:cofactorOf"][
        "evidence"] is None


def test_projection_converts_back_to_rdf(kg):
    G = nutrigraph.to_networkx(kg, predicates=["ng:cofactorOf"], inverse=True)
    ds = to_rdf(G)
    from rdflib import RDF, URIRef
    triples = {(str(s), str(o)) for s, o in ds.subject_objects(
        URIRef("https://w3id.org/nutrigraph/vocab/cofactorOf"))}
    forward = {(u, v) for u, v, d in G.edges(data=True) if not d["inverse"]}
    assert triples == forward
    statements = set(ds.subjects(RDF.type, URIRef("https://w3id.org/nutrigraph/vocab/Statement")))
    assert URIRef(NGK + "stmt-magnesium-cofactor-of-methionine-synthase") in statements


def test_projection_differs_from_rdflibs_converter(kg):
    """rdflib's converter makes hubs of types and literals; the projection has none."""
    from rdflib import Graph, Literal
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    g = Graph()
    for triple in kg.dataset.triples((None, None, None)):
        g.add(triple)
    naive = rdflib_to_networkx_multidigraph(g)
    assert any(isinstance(n, Literal) for n in naive)
    hub = max(naive.degree, key=lambda pair: pair[1])[0]
    assert hub not in nutrigraph.to_networkx(kg)


# -- paths -------------------------------------------------------------------------------


def test_magnesium_reaches_adenosylcobalamin_through_mg_atp_and_mmab(kg, G):
    best = find_paths(G, iri(kg, "magnesium"), iri(kg, "adenosylcobalamin"), k=5)[0]
    assert [G.nodes[n]["curie"] for n in best.nodes] == [
        "ngk:magnesium", "ngk:mg-atp", "ngk:cob-i-alamin-adenosylation", "ngk:adenosylcobalamin"]
    reaction = best.nodes[2]
    assert G.has_edge(iri(kg, "MMAB"), reaction, "ng:catalyzes")
    assert best.evidence == "by similarity" and not best.disputed
    sentences = explain(kg, "magnesium", "adenosylcobalamin", k=1).routes[0].sentences
    assert "catalyzed by corrinoid adenosyltransferase" in sentences[1]
    assert "Bauer et al., Biochemistry 2001; by similarity" in sentences[1]


def test_magnesium_reaches_s_adenosylmethionine_through_mat(kg, G):
    best = find_paths(G, iri(kg, "magnesium"), iri(kg, "S-adenosylmethionine"))[0]
    assert [G.nodes[n]["label"] for n in best.nodes] == [
        "magnesium", "methionine adenosyltransferase 1A", "methionine adenosylation",
        "S-adenosylmethionine"]
    assert [s.evidence for s in best.steps] == ["experimental", "experimental",
                                                "reference data"]


def test_the_articles_methionine_synthase_claim_ranks_as_disputed(kg, G):
    paths = find_paths(G, iri(kg, "magnesium"), iri(kg, "methionine synthase"), max_length=2)
    assert paths[-1].text() == "magnesium -cofactor of-> methionine synthase"
    assert paths[-1].disputed and not any(p.disputed for p in paths[:-1])
    report = explain(kg, "magnesium", "vitamin B12")
    disputed = [r for r in report.routes if r.path.disputed]
    assert disputed and all(r is report.routes[-1] or r.path.disputed
                            for r in report.routes[report.routes.index(disputed[0]):])
    assert "DISPUTED by UniProtKB Q99707" in disputed[0].sentences[0]
    assert "[article on magnesium and vitamin B12; article claim]" in disputed[0].sentences[0]


def test_ranking_puts_curated_routes_before_article_claims_then_shorter(kg, G):
    # at most 6 steps, as explain searches: longer curated routes (through the inherited
    # disorders of genes and their shared phenotypes) would fill all 40 places
    paths = find_paths(G, iri(kg, "magnesium"), iri(kg, "vitamin B12"), k=40, max_length=6)
    keys = [(p.disputed, p.tier, p.length) for p in paths]
    assert keys == sorted(keys)
    assert paths[0].tier == 0 and paths[0].length == 4
    article = [p for p in paths if p.tier == 1]
    assert article and article[0].text() == "magnesium -safely combined with-> vitamin B12"


def test_k_shortest_and_all_paths_agree_on_the_shortest(kg, G):
    mg, ado = iri(kg, "magnesium"), iri(kg, "adenosylcobalamin")
    by_steps = k_shortest_paths(G, mg, ado, k=3, weight=None)
    assert [p.length for p in by_steps] == sorted(p.length for p in by_steps)
    every = all_paths(G, mg, ado, max_length=by_steps[0].length)
    assert {p.nodes for p in every if p.length == by_steps[0].length} >= {by_steps[0].nodes}
    assert shortest_path(G, mg, ado).length == by_steps[0].length


def test_constraints_through_avoid_and_predicates(kg, G):
    mg, b12 = iri(kg, "magnesium"), iri(kg, "vitamin B12")
    through = find_paths(G, mg, b12, through=["ng:Enzyme"], k=5)
    assert all(any("ng:Enzyme" in G.nodes[n]["categories"] for n in p.nodes[1:-1])
               for p in through)
    avoiding = find_paths(G, mg, b12, avoid=["ng:ChemicalSubstance"], k=10)
    assert not any("ng:ChemicalSubstance" in G.nodes[n]["categories"]
                   for p in avoiding for n in p.nodes[1:-1])
    only = find_paths(G, mg, iri(kg, "MAT1A"), predicates=["ng:cofactorOf"])
    assert [p.text() for p in only] == [
        "magnesium -cofactor of-> methionine adenosyltransferase 1A"]


def test_a_predicate_aware_weight_changes_the_search(kg, G):
    mg, ado = iri(kg, "magnesium"), iri(kg, "adenosylcobalamin")

    def no_mg_atp(u, v, data):
        return 100 if data["predicate"].endswith("/partOf") else 1

    best = k_shortest_paths(G, mg, ado, k=1, weight=no_mg_atp)[0]
    assert all(not s.predicate.endswith("/partOf") for s in best.steps)


def test_no_path_says_so_with_partial_paths_from_each_side(kg, G):
    mg, sam = iri(kg, "magnesium"), iri(kg, "S-adenosylmethionine")
    with pytest.raises(NoPath) as caught:  # MAT's "catalyzes" is not allowed
        find_paths(G, mg, sam, predicates=["ng:cofactorOf", "ng:hasOutput"])
    assert str(caught.value) == ("no path from magnesium to S-adenosylmethionine "
                                 "under the constraints given")
    texts = [p.text() for p in caught.value.partial]
    # from each side, as far as the allowed relations go towards the other
    assert "magnesium -cofactor of-> methionine adenosyltransferase 1A" in texts
    assert "methionine adenosylation -has output-> S-adenosylmethionine" in texts
    assert isinstance(caught.value, nutrigraph.NutrigraphError)
    with pytest.raises(nx.NodeNotFound):
        find_paths(G, mg, NGK + "no-such-thing")


def test_explanation_sparql_reproduces_the_path(kg):
    route = explain(kg, "magnesium", "S-adenosylmethionine", k=1).routes[0]
    rows = kg.query(route.sparql)
    assert sorted({int(r.step) for r in rows}) == [1, 2, 3]
    assert {str(r.source).split(" (")[0] for r in rows if int(r.step) == 1} == {
        "UniProtKB Q00266"}


# -- command line ------------------------------------------------------------------------


def test_cli_explain_prints_ranked_routes_with_sources_and_the_disputed_one(kg):
    out = CliRunner().invoke(cli, ["explain", "magnesium", "vitamin B12"],
                             catch_exceptions=False).stdout
    assert out.index("Routes through primary and curated sources") < out.index(
        "Routes that rest on an article claim") < out.index("Routes with a disputed step")
    assert "Magnesium is part of Mg-ATP [IOM Dietary Reference Intakes" in out
    assert "DISPUTED by UniProtKB Q99707" in out
    assert out.rstrip().endswith(NOT_ADVICE)


def test_cli_path_json_shape():
    result = CliRunner().invoke(cli, ["path", "magnesium", "adenosylcobalamin", "-k", "2",
                                      "--format", "json"], catch_exceptions=False)
    document = json.loads(result.stdout)
    assert document["source"]["curie"] == "ngk:magnesium" and len(document["paths"]) == 2
    first = document["paths"][0]
    assert [n["curie"] for n in first["nodes"]][:2] == ["ngk:magnesium", "ngk:mg-atp"]
    step = first["steps"][0]
    assert {"relation", "predicate", "inverse", "evidence", "disputed", "sources"} <= set(step)
    assert step["sources"][0]["source"].startswith("IOM")


def test_cli_no_path_exits_1_with_partial_routes():
    result = CliRunner().invoke(cli, ["path", "magnesium", "S-adenosylmethionine",
                                      "--max-length", "1"])
    assert result.exit_code == 1
    assert result.stdout.startswith("no path from magnesium to S-adenosylmethionine within 1")


@pytest.mark.parametrize("args, message", [
    (["path", "magnesum", "B12"], "no entity named 'magnesum'; did you mean: magnesium"),
    (["explain", "magnesium", "B12", "--through", "enzym"], "did you mean: ng:Enzyme"),
])
def test_cli_unknown_names_get_suggestions_and_exit_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
