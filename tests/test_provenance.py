"""The provenance pattern holds everywhere: every relation is a sourced statement."""

import hashlib
import sys
from pathlib import Path

import pyoxigraph as ox

from nutrigraph.bundled import SCHEMA_GRAPH

# Relations between entities (and values of entities) that must each carry a statement.
_UNSOURCED_RELATIONS = """
SELECT ?s ?p ?o ?g ?schema WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != ?schema)
  FILTER(STRSTARTS(STR(?p), STR(ng:)))
  FILTER(?p NOT IN (ng:evidenceLevel, ng:negated, ng:bodySystem, ng:frequency, ng:modality,
                    ng:explainedBy, ng:section, ng:rank, ng:evidenceGroup, ng:pathWeight,
                    ng:countsForUnrated))
  FILTER NOT EXISTS {
    GRAPH ?g { ?st a ng:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
  }
  # A node that carries its own source and evidence (a measurement, a reference value)
  # is itself the statement of its values.
  FILTER NOT EXISTS { GRAPH ?g { ?s prov:wasDerivedFrom ?section ; ng:evidenceLevel ?level } }
  # A dataset imported whole (SR28, HPO) is cited once, by its graph.
  FILTER NOT EXISTS { GRAPH ?g { ?g prov:wasDerivedFrom ?dataset . ?dataset a ng:Dataset } }
}
"""


def test_every_relation_has_a_statement_in_its_graph(kg):
    rows = kg.query(_UNSOURCED_RELATIONS, schema=ox.NamedNode(SCHEMA_GRAPH))
    assert rows.values("p") == []


def test_every_asserted_statement_has_its_triple(kg):
    orphans = kg.query("""
        SELECT ?st WHERE {
          ?st a ng:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          FILTER NOT EXISTS { ?st ng:negated true }
          FILTER NOT EXISTS { ?s ?p ?o }
        }""")
    assert orphans.values("st") == []


def test_every_statement_cites_a_section_of_a_source_and_an_evidence_level(kg):
    bad = kg.query("""
        SELECT ?st WHERE {
          ?st a ng:Statement .
          FILTER NOT EXISTS {
            ?st prov:wasDerivedFrom ?section ; ng:evidenceLevel ?level .
            ?section a ng:SourceSection ; rdfs:label ?title ; dcterms:isPartOf ?source .
            ?source a/rdfs:subClassOf* ng:Source ; rdfs:label ?name .
            ?level a ng:EvidenceLevel .
          }
        }""")
    assert bad.values("st") == []


def test_every_statement_paraphrases_its_claim(kg):
    rows = kg.query("""
        SELECT ?st ?claim ?g WHERE {
          GRAPH ?g { ?st a ng:Statement OPTIONAL { ?st rdfs:comment ?claim } }
        }""").to_dataframe()
    assert rows["claim"].notna().all()
    article = rows[rows["g"] == "https://w3id.org/nutrigraph/graph/article-magnesium-b12"]
    assert len(article) > 150
    assert article["claim"].str.startswith("The article").all()


def test_every_source_graph_says_where_it_comes_from(kg):
    rows = kg.query("""
        SELECT ?g ?source WHERE {
          GRAPH ?g { ?x ?p ?y }
          OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?source } }
        } GROUP BY ?g ?source""").to_dataframe()
    bookkeeping = {"https://w3id.org/nutrigraph/vocab", "https://w3id.org/nutrigraph/graph/bundled"}
    knowledge = rows[~rows["g"].isin(bookkeeping)]
    assert knowledge["source"].notna().all(), knowledge[knowledge["source"].isna()]
    article = knowledge[knowledge["g"].str.endswith("/graph/article-magnesium-b12")]
    assert list(article["source"]) == ["https://w3id.org/nutrigraph/kb/article-magnesium-b12"]


# The article the knowledge paraphrases is not part of the repository; its fingerprint is:
# a hash of every run of eight words (longer than a phrase a paraphrase shares by chance,
# such as "the active form of"). `python tests/test_provenance.py ARTICLE` writes it.
FINGERPRINT = Path(__file__).resolve().parent / "data" / "article-fingerprint.txt"
RUN = 8


def runs(text: str) -> dict[str, str]:
    """Each run of :data:`RUN` words (case and spacing folded) by its hash."""
    words = text.lower().split()
    return {hashlib.sha256(" ".join(words[i:i + RUN]).encode()).hexdigest()[:16]:
            " ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_sentence_is_copied_from_the_article(kg):
    article = {line for line in FINGERPRINT.read_text(encoding="utf-8").split()
               if not line.startswith("#")}
    assert len(article) > 1000  # the whole article, not an empty file
    texts = kg.query("""
        SELECT ?text WHERE {
          { ?x rdfs:comment ?text } UNION { ?x skos:definition ?text }
        }""").values("text")
    copied = [run for text in texts for digest, run in runs(text).items() if digest in article]
    assert copied == []


def test_the_fingerprint_finds_a_copied_sentence():
    article = set(FINGERPRINT.read_text(encoding="utf-8").split())
    # nutrigraph's own words pass; the article's title and byline, pasted, do not
    assert not set(runs("magnesium is a cofactor for an enzyme that makes B12 work")) & article
    pasted = "Understanding the Relationship Between Magnesium and B12 3 min read"
    assert set(runs(pasted)) & article


if __name__ == "__main__":
    lines = sorted(runs(Path(sys.argv[1]).read_text(encoding="utf-8")))
    FINGERPRINT.write_text(f"# sha256[:16] of each {RUN}-word run of {Path(sys.argv[1]).name}\n"
                           + "\n".join(lines) + "\n", encoding="utf-8")
