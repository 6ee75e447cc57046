"""nutrigraph's links to USDA SR28 records: sourced Turtle that the importer reads."""

import pytest

from nutrigraph.bundled import bundled_files
from nutrigraph.errors import DataFileError
from nutrigraph.importers.usda import (
    LINKS_FILE,
    LINKS_GRAPH,
    SUBSET_GRAPH,
    linked_foods,
    sr28_links,
)
from nutrigraph.prefixes import NGK, PREFIXES, compact
from nutrigraph.store import Store

FOOD, NUTRIENT = PREFIXES["sr28food"], PREFIXES["sr28nutrient"]
SKOS = PREFIXES["skos"]


def test_the_link_file_is_bundled():
    assert LINKS_FILE in bundled_files()


def test_the_links_read_from_the_turtle():
    links = {(compact(link.entity), compact(link.relation), compact(link.record))
             for link in sr28_links()}
    assert len(links) == 21  # 16 foods, 5 nutrients
    assert {("ngk:spinach", "skos:closeMatch", "sr28food:11458"),
            ("ngk:pumpkin-seeds", "skos:closeMatch", "sr28food:12016"),
            ("ngk:dairy", "skos:narrowMatch", "sr28food:01077"),
            ("ngk:animal-products", "skos:narrowMatch", "sr28food:15159"),
            ("ngk:magnesium", "skos:closeMatch", "sr28nutrient:304"),
            ("ngk:methionine", "skos:closeMatch", "sr28nutrient:506"),
            ("ngk:water", "skos:closeMatch", "sr28nutrient:255")} <= links
    assert linked_foods() == sorted(r.rsplit(":", 1)[1] for _, _, r in links
                                    if r.startswith("sr28food:"))


def test_every_link_is_a_sourced_statement_in_its_own_graph(kg):
    rows = kg.query("""
        SELECT ?s ?p ?o ?g ?level ?source ?kind ?claim WHERE {
          GRAPH ?g { ?s ?p ?o }
          VALUES ?p { skos:closeMatch skos:narrowMatch }
          FILTER(STRSTARTS(STR(?s), STR(sr28food:)) || STRSTARTS(STR(?o), STR(sr28food:))
                 || STRSTARTS(STR(?s), STR(sr28nutrient:))
                 || STRSTARTS(STR(?o), STR(sr28nutrient:)))
          OPTIONAL {
            GRAPH ?g { ?st a ng:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                           ng:evidenceLevel ?level ; rdfs:comment ?claim ;
                           prov:wasDerivedFrom/dcterms:isPartOf ?source . ?source a ?kind }
          }
        }""").to_dataframe()
    assert len(rows) == 21
    assert set(rows.g) == {LINKS_GRAPH}  # each link once: queries that follow it see no doubles
    assert set(rows.level) == {PREFIXES["ng"] + "Unverified"}
    assert set(rows.source) == {NGK + "sr28-food-links"}
    assert set(rows.kind) == {PREFIXES["ng"] + "Dataset"}
    assert rows.claim.str.startswith("nutrigraph's curation ").all()
    graph = f"<{LINKS_GRAPH}>"
    derived = kg.query(f"SELECT ?s WHERE {{ GRAPH {graph} {{ {graph} prov:wasDerivedFrom ?s }} }}")
    assert derived.values("s") == [NGK + "sr28-food-links"]


def test_the_why_of_a_link_is_its_statement_comment():
    why = {compact(link.entity): link.why for link in sr28_links()}
    assert "87 mg of magnesium per 100 g" in why["ngk:spinach"]
    assert "added vitamin B12 (nutrient 578)" in why["ngk:fortified-cereals"]


def test_the_bundled_subset_holds_every_linked_record_and_no_link(kg):
    for link in sr28_links():
        assert kg.query(f"ASK {{ GRAPH <{SUBSET_GRAPH}> {{ <{link.record}> rdfs:label ?l }} }}")
        assert kg.query(f"ASK {{ <{link.entity}> a ?kind ; rdfs:label ?l }}"), link.entity
    in_subset = kg.query(f"""
        SELECT ?x WHERE {{ GRAPH <{SUBSET_GRAPH}> {{
          {{ ?x skos:closeMatch ?y }} UNION {{ ?x skos:narrowMatch ?y }} }} }}""")
    assert in_subset.values("x") == []


def test_links_stated_from_the_sr28_side_are_turned_round(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        f"<{FOOD}01077> <{SKOS}broadMatch> <{NGK}dairy> .\n"
        f"<{NGK}spinach> <{SKOS}relatedMatch> <{FOOD}11458> .\n"  # not a link of this kind
        f"<http://example.org/x> <{SKOS}closeMatch> <{FOOD}11458> .\n",  # not an ngk: entity
        encoding="utf-8")
    (link,) = sr28_links(mine)
    assert (link.entity, link.relation, link.record, link.why, link.ndb) == (
        NGK + "dairy", SKOS + "narrowMatch", FOOD + "01077", "", "01077")
    assert linked_foods(mine) == ["01077"]


def test_links_are_read_from_a_store_or_a_graph(kg):
    assert linked_foods(kg) == linked_foods(kg.store) == linked_foods()
    assert [link.ndb for link in sr28_links(Store())] == []


def test_a_missing_link_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        sr28_links(tmp_path / "missing.trig")
