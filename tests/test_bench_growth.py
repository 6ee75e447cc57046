"""The synthetic layers of benchmarks/bench_growth.py: well-formed, the curated graph's shape,
sourced, synthetic throughout, and connected to magnesium and vitamin B12."""

import statistics
import sys
from pathlib import Path

import pytest

import nutrigraph
from nutrigraph.bundled import SCHEMA_GRAPH
from nutrigraph.prefixes import NGK

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_growth import generate_layer
from synthetic_layer import SYNTHETIC

# the generator of a benchmark: checked with the slow tests, as the benchmarks are run rarely
pytestmark = pytest.mark.slow

TOLERANCE = 0.10  # counts of the 1x layer within 10% of the curated graph's

# entities: typed with a class of nutrigraph's vocabulary; no statement, source or section
ENTITIES = """
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?e a ?class }
  FILTER(?g != <$SCHEMA> && STRSTARTS(STR(?class), STR(ng:)) && !STRSTARTS(STR(?e), STR(ng:)))
  FILTER NOT EXISTS { ?e a ng:Statement }
  FILTER NOT EXISTS { ?e a ng:SourceSection }
  FILTER NOT EXISTS { ?e a/rdfs:subClassOf* ng:Source }
  FILTER($NOT STRSTARTS(STR(?e), "$NS"))
}""".replace("$SCHEMA", SCHEMA_GRAPH)
STATEMENTS = """
SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st a ng:Statement . FILTER($NOT STRSTARTS(STR(?st), "$NS"))
}"""


@pytest.fixture(scope="module")
def layer(tmp_path_factory):
    return generate_layer(1, tmp_path_factory.mktemp("growth"), seed=7)


@pytest.fixture(scope="module")
def grown(layer):
    """The bundled graph with the 1x layer."""
    return nutrigraph.load(data=[layer.path])


def _count(kg, query, synthetic: bool) -> int:
    """The ?n of ``query``, of synthetic nodes or of the others ($NOT, $NS filled in)."""
    text = query.replace("$NOT", "" if synthetic else "!").replace("$NS", SYNTHETIC)
    return int(next(iter(kg.query(text))).n)


def test_layer_passes_the_shapes(layer):
    from nutrigraph.validate import validate

    report = validate([layer.path])
    assert report.conforms, report.text()
    # the only warnings are those the curated graph has too: its foods without definitions
    assert {r.shape for r in report.warnings} <= {"ngsh:Entity-definition"}


def test_counts_are_the_curated_graphs_within_tolerance(grown):
    for query in (ENTITIES, STATEMENTS):
        curated, synthetic = _count(grown, query, False), _count(grown, query, True)
        assert curated > 400
        assert abs(synthetic - curated) <= TOLERANCE * curated, (query, curated, synthetic)


def test_every_synthetic_relation_triple_is_sourced(grown):
    # a triple between entities, of a relation of the schema, said by a synthetic subject
    unsourced = list(grown.query("""
        SELECT ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o }
          ?p a owl:ObjectProperty . FILTER(STRSTARTS(STR(?p), STR(ng:)) && isIRI(?o))
          FILTER(STRSTARTS(STR(?s), "$NS"))
          FILTER(?p NOT IN (ng:evidenceLevel, ng:bodySystem, ng:frequency, ng:modality,
                            ng:explainedBy, ng:section, ng:disputes, ng:disputedBy))
          # the statement pattern: a statement with a source section and an evidence level
          FILTER NOT EXISTS {
            ?st a ng:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                prov:wasDerivedFrom/a ng:SourceSection ; ng:evidenceLevel/a ng:EvidenceLevel }
          # the curated graph's other two: a node stating its own values (a measurement)...
          FILTER NOT EXISTS { ?s prov:wasDerivedFrom/a ng:SourceSection ;
                                 ng:evidenceLevel/a ng:EvidenceLevel }
          # ... and a dataset imported whole, cited by its graph
          FILTER NOT EXISTS { ?g prov:wasDerivedFrom/a ng:Dataset }
        }""".replace("$NS", SYNTHETIC)))
    assert unsourced == []
    reified = _count(grown, """
        SELECT (COUNT(*) AS ?n) WHERE {
          ?st a ng:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?s ?p ?o . FILTER($NOT STRSTARTS(STR(?st), "$NS")) }""", True)
    assert reified > 300


def test_statements_cite_synthetic_sources_at_the_real_levels(grown):
    rows = list(grown.query("""
        SELECT ?level ?sourceLabel WHERE {
          ?st a ng:Statement ; ng:evidenceLevel ?level ;
              prov:wasDerivedFrom/dcterms:isPartOf/rdfs:label ?sourceLabel .
          FILTER(STRSTARTS(STR(?st), "$NS")) }""".replace("$NS", SYNTHETIC)))
    assert rows and all(str(r.sourceLabel).startswith("SYNTHETIC") for r in rows)
    levels = {str(r.level) for r in rows}
    curated = {str(r.level) for r in grown.query(
        "SELECT DISTINCT ?level WHERE { ?st a ng:Statement ; ng:evidenceLevel ?level . "
        f'FILTER(!STRSTARTS(STR(?st), "{SYNTHETIC}")) }}')}
    assert levels == curated


def test_everything_is_synthetic_but_the_real_objects_it_links_to(layer):
    for line in layer.path.read_text(encoding="utf-8").splitlines():
        subject, _, rest = line.partition(" ")
        graph = rest.rsplit(" ", 2)[-2]
        assert subject.startswith(f"<{SYNTHETIC}") and graph.startswith(f"<{SYNTHETIC}"), line


def test_layer_connects_to_magnesium_and_vitamin_b12(grown):
    for real in ("magnesium", "vitamin B12"):
        linked = list(grown.query(
            f"SELECT ?s WHERE {{ ?s ?p <{grown.resolve(real).iri}> . ?p a owl:ObjectProperty . "
            f'FILTER(STRSTARTS(STR(?s), "{SYNTHETIC}")) }}'))
        assert linked, real
    report = nutrigraph.explain(grown, "magnesium", "vitamin B12")
    assert report.routes


def test_degrees_are_the_curated_graphs(grown):
    G = nutrigraph.to_networkx(grown)
    synthetic = sorted(d for n, d in G.degree() if n.startswith(SYNTHETIC))
    curated = sorted(d for n, d in G.degree() if not n.startswith(SYNTHETIC))
    assert abs(len(synthetic) - len(curated)) <= TOLERANCE * len(curated)
    assert statistics.fmean(synthetic) == pytest.approx(statistics.fmean(curated), rel=0.15)
    assert statistics.median(synthetic) == statistics.median(curated)
    assert 0.5 * max(curated) <= max(synthetic) <= 2 * max(curated)
    assert NGK + "magnesium" in G


def test_layers_are_deterministic_and_grow_with_the_scale(layer, tmp_path):
    again = generate_layer(1, tmp_path, seed=7)
    assert again.path.read_bytes() == layer.path.read_bytes()
    other = generate_layer(1, tmp_path / "other", seed=8)
    assert other.path.read_bytes() != again.path.read_bytes()
    twice = generate_layer(2, tmp_path, seed=7)
    assert twice.statements == 2 * layer.statements
    assert sum(twice.entities.values()) == 2 * sum(layer.entities.values())
