"""The schema: labelled, defined, aligned to Biolink, and in step with nutrigraph.vocab."""

from nutrigraph.prefixes import NG
from nutrigraph.vocab import NG as NG_NAMESPACE


def test_vocab_lists_exactly_the_terms_the_ontology_declares(kg):
    declared = {iri[len(NG):] for iri in kg.query(
        "SELECT DISTINCT ?t WHERE { ?t a ?type FILTER(STRSTARTS(STR(?t), STR(ng:))) }"
    ).values("t")}
    assert declared == set(NG_NAMESPACE.__annotations__)


def test_every_class_and_relation_has_a_label_and_a_definition(kg):
    missing = kg.query("""
        SELECT ?t WHERE {
          VALUES ?type { owl:Class owl:ObjectProperty owl:DatatypeProperty }
          ?t a ?type .
          FILTER NOT EXISTS { ?t rdfs:label ?l ; skos:definition ?d }
        }""")
    assert missing.values("t") == []


def test_every_class_is_aligned_to_biolink_or_skos(kg):
    unaligned = kg.query("""
        SELECT ?c WHERE {
          ?c a owl:Class .
          FILTER NOT EXISTS {
            ?c rdfs:subClassOf+ ?top .
            FILTER(STRSTARTS(STR(?top), STR(biolink:)) || ?top = skos:Concept
                   || ?top = owl:ObjectProperty)  # a kind of relation (ng:RecordRelation)
          }
        }""")
    assert unaligned.values("c") == []


def test_every_relation_between_entities_maps_to_biolink(kg):
    unaligned = kg.query("""
        SELECT ?p WHERE {
          ?p a owl:ObjectProperty .
          # provenance, quantities and controlled values are annotations, not relations
          FILTER NOT EXISTS {
            ?p rdfs:domain|rdfs:range ?side .
            ?side rdfs:subClassOf* ?kind .
            VALUES ?kind { ng:Statement ng:Source biolink:Attribute skos:Concept }
          }
          FILTER NOT EXISTS {
            ?p rdfs:subPropertyOf|skos:closeMatch ?b . FILTER(STRSTARTS(STR(?b), STR(biolink:)))
          }
        }""")
    assert unaligned.values("p") == []


def test_inverses_point_both_ways(kg):
    one_way = kg.query("""
        SELECT ?p ?q WHERE {
          ?p owl:inverseOf ?q . FILTER(STRSTARTS(STR(?q), STR(ng:)))
          FILTER NOT EXISTS { ?q owl:inverseOf ?p }
        }""")
    assert one_way.values("p") == []


def test_data_uses_only_declared_terms(kg):
    undeclared = kg.query("""
        SELECT DISTINCT ?t WHERE {
          { ?s ?t ?o } UNION { ?s a ?t } UNION { ?s ?p ?t }
          FILTER(isIRI(?t) && STRSTARTS(STR(?t), STR(ng:)))
          FILTER NOT EXISTS { ?t a ?type }
        }""")
    assert undeclared.values("t") == []


def test_every_entity_has_a_type_a_label_and_a_definition(kg):
    bare = kg.query("""
        SELECT DISTINCT ?e WHERE {
          ?st a ng:Statement ; rdf:subject|rdf:object ?e .
          FILTER(isIRI(?e) && STRSTARTS(STR(?e), STR(ngk:)))
          FILTER NOT EXISTS { ?e a ?class ; rdfs:label ?l ; skos:definition ?d }
        }""")
    assert bare.values("e") == []
